/* Placeholder until the 'validate' command lands; reports itself honestly. */
#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'validate' is not implemented yet");
}

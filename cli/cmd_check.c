/* Placeholder until the 'check' command lands; reports itself honestly. */
#include "cli.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'check' is not implemented yet");
}

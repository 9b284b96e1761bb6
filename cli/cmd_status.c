/* Placeholder until the 'status' command lands; reports itself honestly. */
#include "cli.h"

int cmd_status(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'status' is not implemented yet");
}

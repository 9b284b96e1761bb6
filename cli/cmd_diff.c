/* Placeholder until the 'diff' command lands; reports itself honestly. */
#include "cli.h"

int cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'diff' is not implemented yet");
}

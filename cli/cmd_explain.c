/* Placeholder until the 'explain' command lands; reports itself honestly. */
#include "cli.h"

int cmd_explain(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'explain' is not implemented yet");
}

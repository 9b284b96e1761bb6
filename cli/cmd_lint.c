/* Placeholder until the 'lint' command lands; reports itself honestly. */
#include "cli.h"

int cmd_lint(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'lint' is not implemented yet");
}

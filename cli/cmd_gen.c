/* Placeholder until the 'gen' command lands; reports itself honestly. */
#include "cli.h"

int cmd_gen(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'gen' is not implemented yet");
}

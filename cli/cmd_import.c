/* Placeholder until the 'import' command lands; reports itself honestly. */
#include "cli.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'import' is not implemented yet");
}

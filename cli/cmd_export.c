/* Placeholder until the 'export' command lands; reports itself honestly. */
#include "cli.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'export' is not implemented yet");
}

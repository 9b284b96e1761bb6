/* Placeholder until the 'rules' command lands; reports itself honestly. */
#include "cli.h"

int cmd_rules(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error("'rules' is not implemented yet");
}

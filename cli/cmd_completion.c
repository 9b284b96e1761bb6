/* `taxonc completion SHELL`: the completion script for bash, zsh or fish on
 * stdout, for a taxonc that was not installed with `make install` (a binary
 * copied from CI, a container): `source <(taxonc completion bash)`. The
 * scripts are the files of scripts/completion/, built in as text by the Makefile
 * (scripts/embed-text.sh writes $(BUILD)/gen/completion.h), so there is one
 * copy: this prints exactly what `make install` puts where each shell looks.
 * The scripts ask the binary for its commands and options when completing,
 * so they do not change when a command or option is added. */
#include "cli.h"
#include "../support/util.h"
#include "completion.h"
#include <string.h>

static const char usage_text[] =
    "usage: taxonc completion bash|zsh|fish\n"
    "\n"
    "Prints the shell completion script: commands, each command's options\n"
    "(asked from `taxonc COMMAND --help` while completing), rule ids after\n"
    "`explain`, and file names.\n"
    "\n"
    "  bash   in ~/.bashrc: source <(taxonc completion bash)\n"
    "  zsh    taxonc completion zsh > ~/.zfunc/_taxonc, with ~/.zfunc on $fpath\n"
    "         before compinit\n"
    "  fish   taxonc completion fish > ~/.config/fish/completions/taxonc.fish\n"
    "\n"
    "`make install` puts the same scripts in share/bash-completion/completions,\n"
    "share/zsh/site-functions and share/fish/vendor_completions.d.\n"
    "Docs: docs/README.md\n";

static const struct {
    const char *shell;
    const char *const *text;
} scripts[] = {
    { "bash", completion_bash },
    { "zsh",  completion_zsh },
    { "fish", completion_fish },
};
#define N_SCRIPTS (sizeof scripts / sizeof scripts[0])

int cmd_completion(int argc, char **argv)
{
    cli_opts it;
    if (!cli_parse(&it, "completion", usage_text, NULL, argc, argv))  /* no options but -h, --help, -- */
        return it.rc;
    if (it.n_args == 0) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    if (it.n_args > 1)
        return cli_error("completion: one shell at a time ('%s' and '%s')", it.args[0], it.args[1]);
    const char *shell = it.args[0];
    const char *names[N_SCRIPTS];
    for (size_t i = 0; i < N_SCRIPTS; i++) {
        names[i] = scripts[i].shell;
        if (strcmp(shell, scripts[i].shell) == 0) {
            for (const char *const *l = scripts[i].text; *l; l++)
                fputs(*l, stdout);
            return EXIT_CLEAN;
        }
    }
    const char *near = tx_suggest(shell, strlen(shell), names, N_SCRIPTS);
    if (near)
        return cli_error("unknown shell '%s'; did you mean '%s'?", shell, near);
    return cli_error("unknown shell '%s'; expected bash, zsh or fish", shell);
}

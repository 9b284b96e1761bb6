/* `taxonc explain RULE`: one lint rule's documentation (what it checks,
 * why, a flagged and a clean example, sources). Unknown rule: exit 2 with
 * the nearest id. */
#include "lint_run.h"
#include <string.h>

static const char usage_text[] =
    "usage: taxonc explain RULE\n"
    "\n"
    "Prints the documentation of a lint rule; 'taxonc rules' lists them.\n";

int cmd_explain(int argc, char **argv)
{
    cli_opts it;
    if (!cli_parse(&it, "explain", usage_text, NULL, argc, argv))  /* no options but -h, --help, -- */
        return it.rc;
    if (it.n_args > 1)
        return cli_error("explain: one rule at a time ('%s' and '%s')", it.args[0], it.args[1]);
    if (it.n_args == 0) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *id = it.args[0];
    const tx_lint_rule *r = tx_lint_rule_find(id);
    if (!r) {
        const char *near = tx_lint_rule_suggest(id);
        if (near)
            return cli_error("unknown rule '%s'; did you mean '%s'?", id, near);
        return cli_error("unknown rule '%s'; see 'taxonc rules'", id);
    }
    tx_sb sb = TX_SB_INIT;
    tx_lint_rule_doc(&sb, r, TX_LINT_DOC_TEXT);
    fwrite(sb.buf, 1, sb.len, stdout);
    tx_sb_release(&sb);
    return EXIT_CLEAN;
}

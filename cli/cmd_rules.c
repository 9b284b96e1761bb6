/* `taxonc rules`: the lint rule table, as text, JSON or the Markdown of
 * docs/rules.md. Only formats what compiler/lint provides. */
#include "lint_run.h"
#include <string.h>

static const char usage_text[] =
    "usage: taxonc rules [--format text|json|markdown]\n"
    "\n"
    "Lists the lint rules: id, default severity and what each flags.\n"
    "  --format markdown  the full reference, as committed in docs/rules.md\n"
    "'taxonc explain RULE' prints one rule's documentation.\n";

static void out_sb(tx_sb *sb)
{
    fwrite(sb->buf, 1, sb->len, stdout);
    tx_sb_release(sb);
}

int cmd_rules(int argc, char **argv)
{
    const char *fmt = "text";
    const cli_opt options[] = { CLI_OPT_STRING(0, "--format", &fmt), CLI_OPT_END };
    cli_opts it;
    if (!cli_parse(&it, "rules", usage_text, options, argc, argv))
        return it.rc;
    if (it.n_args)
        return cli_error("rules: unexpected argument '%s'; see 'taxonc rules --help'",
                         it.args[0]);
    tx_sb sb = TX_SB_INIT;
    size_t n = tx_lint_rule_count();
    if (strcmp(fmt, "text") == 0) {
        for (size_t i = 0; i < n; i++) {
            const tx_lint_rule *r = tx_lint_rule_at(i);
            tx_sb_addf(&sb, "%-26s %-8s %s\n", r->id, tx_severity_name(r->severity), r->summary);
        }
    } else if (strcmp(fmt, "json") == 0) {
        tx_sb_adds(&sb, "[");
        for (size_t i = 0; i < n; i++) {
            const tx_lint_rule *r = tx_lint_rule_at(i);
            tx_sb_adds(&sb, i ? ",\n " : "\n ");
            tx_sb_addesc(&sb, tx_sb_add_jstr,
                         "{\"id\":%s,\"name\":%s,\"severity\":%s,\"summary\":%s,\"bad\":%s,"
                         "\"good\":%s}", r->id, r->name, tx_severity_name(r->severity),
                         r->summary, r->bad, r->good);
        }
        tx_sb_adds(&sb, "\n]\n");
    } else if (strcmp(fmt, "markdown") == 0) {
        tx_lint_rules_markdown(&sb);
    } else {
        tx_sb_release(&sb);
        return cli_error("unknown format '%s'; use text, json or markdown", fmt);
    }
    out_sb(&sb);
    return EXIT_CLEAN;
}

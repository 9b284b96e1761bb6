/* The linter: naming conventions and hygiene rules over a resolved
 * taxonomy (docs/lint.md, docs/rules.md).
 *
 * Each rule is one struct in one table (lint.c), implemented in its own
 * file compiler/lint/rule_<name>.c. A rule's severity is resolved once per
 * run: its built-in default, then conventions.rules in the taxonomy, then
 * the command line (tx_lint_opts.overrides); `off` skips the rule. An item
 * may suppress a rule for itself with `lint: {ignore: [rule-id], reason: ...}`
 * (tx_meta.suppress). Findings go into the caller's tx_diags with the rule
 * id as code; messages and notes live in that list's arena. */
#ifndef TX_LINT_H
#define TX_LINT_H
#include <stdbool.h>
#include <stddef.h>
#include "../../schema/model.h"
#include "../../support/diag.h"
#include "../../support/strbuf.h"

typedef struct lint_ctx lint_ctx;

typedef struct tx_lint_rule {
    const char *id;         /* stable kebab-case id: "event-name-action-object" */
    const char *name;       /* short PascalCase name (SARIF rule name) */
    tx_severity severity;   /* built-in default */
    const char *summary;    /* one line: what it flags */
    const char *doc;        /* what it checks and why it matters (plain text) */
    const char *bad;        /* a YAML snippet it flags */
    const char *good;       /* the same snippet, fixed */
    const char *sources;    /* destination rules: the vendor page behind each limit */
    const struct lint_dest *dest;   /* destination rules: their limits (lint_int.h) */
    void (*check)(lint_ctx *c);     /* the whole plan, or NULL */
    /* Visitors, as ESLint's per-node handlers, called after check (NULL when
     * unused): every type, named and inline (owner and label as in
     * lint_for_each_type), and every `lint: {ignore: ...}` entry s of any
     * item, m that item's metadata. */
    void (*each_type)(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label);
    void (*each_suppress)(lint_ctx *c, const tx_meta *m, const tx_suppress *s);
} tx_lint_rule;

typedef struct tx_lint_override {
    const char *rule;
    tx_severity severity;
} tx_lint_override;

typedef struct tx_lint_opts {
    const tx_lint_override *overrides;  /* `--rule ID=SEV`, later entries win */
    size_t n_overrides;
    uint32_t match_limit;               /* PCRE2 match limit; 0 = default (TX_LINT_MATCH_LIMIT) */
} tx_lint_opts;

#define TX_LINT_MATCH_LIMIT 1000000u

/* Applies every enabled rule to t and appends the findings to out.
 * Returns 0, or -1 (with a diagnostic in out) when the options name an
 * unknown rule. Findings of any severity are not a failure. */
int tx_lint(const tx_taxonomy *t, const tx_lint_opts *o, tx_diags *out);

/* The rule table, in documentation order. */
size_t tx_lint_rule_count(void);
const tx_lint_rule *tx_lint_rule_at(size_t i);
const tx_lint_rule *tx_lint_rule_find(const char *id);
/* The nearest rule id for a misspelt one, or NULL. */
const char *tx_lint_rule_suggest(const char *id);

/* Parses `ID=SEVERITY` (a --rule argument). Returns 0, or -1 with an
 * explanation in err (e.g. "unknown rule 'x'; did you mean 'y'?"). */
int tx_lint_parse_override(const char *arg, tx_lint_override *out, char *err, size_t errlen);

typedef enum tx_lint_doc_format {
    TX_LINT_DOC_TEXT,
    TX_LINT_DOC_MARKDOWN,
} tx_lint_doc_format;

/* A rule's full documentation (explain, docs/rules.md). */
void tx_lint_rule_doc(tx_sb *sb, const tx_lint_rule *r, tx_lint_doc_format f);
/* The whole rule reference as generated into docs/rules.md. */
void tx_lint_rules_markdown(tx_sb *sb);
#endif

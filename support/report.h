/* Machine-readable renderers over tx_diags for CI: SARIF 2.1.0 (GitHub code
 * scanning), GitHub workflow commands (annotations on a pull request) and
 * JUnit XML (test report viewers). They sit beside tx_render_text/json in
 * diag.h and take the same list, so any command (lint, check, validate) can
 * use them. Rule metadata is optional: with none, results still carry
 * their code as rule id and JUnit groups by code. Output goes through the
 * tx_out_fn callback in one call per document. */
#ifndef TX_REPORT_H
#define TX_REPORT_H
#include <stddef.h>
#include "diag.h"
#include "source.h"
#include "strbuf.h"

typedef struct tx_report_rule {
    const char *id;             /* the diagnostic code */
    const char *name;           /* short PascalCase name */
    const char *summary;        /* one line (SARIF shortDescription) */
    const char *help;           /* full documentation, plain text; may be NULL */
    tx_severity level;          /* default severity */
    const char *help_markdown;  /* the same documentation as Markdown; may be NULL */
    const char *help_uri;       /* absolute URI of its documentation; NULL: from help_uri_base */
} tx_report_rule;

typedef struct tx_report_opts {
    const char *tool;           /* "taxonc" */
    const char *version;        /* "0.1.0" */
    const char *info_uri;       /* absolute URI of the tool's home page, or NULL */
    const char *help_uri_base;  /* absolute URI; helpUri = base + "#" + rule id for rules
                                 * without their own help_uri; NULL: none */
    const char *src_root;       /* absolute folder that is %SRCROOT% (the repository's top
                                 * level); NULL: URIs as given, no uriBaseId */
    const char *suite;          /* JUnit suite name, e.g. "taxonc lint" */
    const tx_report_rule *rules;
    size_t n_rules;
    bool warnings_fail;         /* JUnit: warnings are failures (lint --max-warnings hit) */
} tx_report_opts;

/* SARIF 2.1.0: one run; tool.driver with rules metadata (help.text,
 * help.markdown, helpUri); results with ruleId/ruleIndex, level (error,
 * warning, note), one message (the diagnostic, then "; " and the fix; the
 * fix also in properties.fix), a physical location and a region in code
 * points (run.columnKind is unicodeCodePoints), the note as a related
 * location (with its own place when it has one). With o->src_root, files
 * under it get URIs relative to it and uriBaseId "%SRCROOT%" (declared in
 * run.originalUriBaseIds); files outside it get absolute file:// URIs.
 * partialFingerprints["taxoncFinding/v1"] hashes the rule id, the URI,
 * the flagged text and the message, not the line, so a finding keeps its
 * fingerprint when lines above it move; the n-th identical one gets ":n". */
void tx_render_sarif(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                     tx_out_fn out, void *ud);

/* GitHub Actions workflow commands, one per diagnostic:
 *   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message
 * (info becomes ::notice). Data is escaped %25 %0D %0A, properties also
 * %3A %2C, as the runner expects. */
void tx_render_github(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                      tx_out_fn out, void *ud);

/* JUnit XML (valid against Jenkins' junit-10.xsd): one testsuite; a
 * passing testcase per rule in o->rules that found nothing, and one
 * testcase per finding, named "code at path:line:col". An error is a
 * <failure>; a warning is <skipped> (CI servers list it without failing
 * the job) unless o->warnings_fail makes it a <failure>; an info is
 * <system-out> of a passing case. The message attribute is
 * "path:line:col: message", the body the finding as the text renderer
 * says it, with its help and note lines. junit-10.xsd has no file or line
 * attribute on testcase, so the location is in the name and message. */
void tx_render_junit(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                     tx_out_fn out, void *ud);

/* A path as a URI reference: relative paths stay relative ("./" dropped),
 * absolute ones become file:// URIs; bytes outside RFC 3986's unreserved
 * set and "/" are percent-encoded. */
void tx_report_uri(tx_sb *sb, const char *path);
#endif

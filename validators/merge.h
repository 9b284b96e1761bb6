/* Merging validation results: the result of validating inputs A, B, ...
 * one run each, merged in that order, equals the result of one run over
 * A B ... (the files in that order): counts add up, coverage is the union,
 * unknown event names keep their first-seen order, and the kept violations
 * and per-code examples are the first ones of the concatenation, cut at the
 * same maxima. Line numbers and record indexes are per file, so nothing
 * needs shifting. Reports of parts read back from `validate --format json`
 * (val_result_from_json) merge the same way, so partitions validated on
 * different machines give exactly the report of the whole.
 *
 * Exact up to one documented limit: a part that met more than 1000 distinct
 * unknown event names dropped the counts of the later ones, which the whole
 * run might have kept. */
#ifndef VAL_MERGE_H
#define VAL_MERGE_H
#include "validate.h"

/* Adds from to into. Both must come from the same taxonomy (the same
 * events and properties in the same order) and the same --max-errors and
 * --examples; -1 with a message in err when they do not (into unchanged).
 * Strings are copied into into's arena; from is left as it was. */
int val_result_merge(val_result *into, const val_result *from, char *err, size_t errlen);

/* Reads a `validate --format json` report (len bytes of text, named name
 * for messages) into res, whose taxonomy is rebuilt from the report's
 * names (res owns it; free with val_result_free). fail receives the fail
 * set the report states (codes it does not mention keep their default).
 * -1 with a message in err when the text is not such a report. */
int val_result_from_json(const char *name, const char *text, size_t len, val_result *res,
                         bool fail[VAL_N_CODES], char *err, size_t errlen);
#endif

/* Fuzz target: differential test of the validator's fast matcher for
 * simple anchored patterns (validators/sre.c) against PCRE2, compiled as
 * the validator compiles patterns (PCRE2_UTF). Input: a pattern, a NUL
 * byte, a subject. When PCRE2 compiles the pattern (the loader rejects any
 * other), val_sre_compile accepts it and the subject is valid UTF-8 (as every decoded JSON string is), a definite
 * answer from val_sre_match (match or no match, not "unsure") must be the
 * one PCRE2 gives. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fuzz_common.h"
#include <pcre2.h>
#include <stdio.h>
#include "../../support/util.h"
#include "../../validators/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul || nul - data > 256)
        return 0;
    char *pat = fuzz_copy(data, (size_t)(nul - data) + 1);     /* with its NUL */
    size_t n = size - (size_t)(nul - data) - 1;
    char *s = fuzz_copy(nul + 1, n);
    if (!pat || !s || tx_utf8_check(s, n) != n) {
        free(pat);
        free(s);
        return 0;
    }
    val_sre *r = val_sre_compile(pat);
    if (r) {
        int sm = val_sre_match(r, s, n);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec,
                                       &eo, NULL);
        if (!re) {
            /* e.g. '[.' (a POSIX collating element): the loader rejects such
             * a pattern before the validator ever sees it */
            val_sre_free(r);
            free(pat);
            free(s);
            return 0;
        }
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
            fprintf(stderr, "fuzz_sre: PCRE2 error %d on a simple pattern\n", rc);
            abort();
        }
        if (sm != VAL_SRE_UNSURE && (sm == VAL_SRE_MATCH) != (rc >= 0)) {
            fprintf(stderr, "fuzz_sre: '%s' on '%.*s': sre says %s, PCRE2 says %s\n", pat,
                    (int)(n < 200 ? n : 200), s, sm == VAL_SRE_MATCH ? "match" : "no match",
                    rc >= 0 ? "match" : "no match");
            abort();
        }
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        val_sre_free(r);
    }
    free(pat);
    free(s);
    return 0;
}

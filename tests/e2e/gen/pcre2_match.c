/* A PCRE2 matcher for the match_pattern hook of generated C clients, linked
 * into the C samples by gen_compile.sh (-DSAMPLE_MATCH_PATTERN=
 * taxonc_pcre2_match) so their valid values are also checked against every
 * `pattern:`. Compiles per call: a test, not the cached adapter of
 * docs/codegen.md. PCRE2 with UTF and an unanchored search, as
 * `taxonc validate`; -1 (cannot tell) when the pattern does not compile. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

int taxonc_pcre2_match(void *ctx, const char *pattern, const char *value, size_t len);

int taxonc_pcre2_match(void *ctx, const char *pattern, const char *value, size_t len)
{
    int ec, rc;
    PCRE2_SIZE eo;
    pcre2_code *re;
    pcre2_match_data *md;
    (void)ctx;
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    if (!re)
        return -1;
    md = pcre2_match_data_create_from_pattern(re, NULL);
    rc = md ? pcre2_match(re, (PCRE2_SPTR)value, len, 0, 0, md, NULL) : -1;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

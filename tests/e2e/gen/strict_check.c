/* Strict mode of the generated C, checked against the format corpus
 * (tests/golden/gen/formats.tsv) and against range, enum, length, count and
 * pattern violations of tests/golden/gen/strict.yaml; patterns through a
 * PCRE2 matcher given as the client's match_pattern hook (link with
 * pcre2_match.c and pkg-config libpcre2-8). Run by gen_compile.sh with the
 * corpus path; exits non-zero and says why on any mismatch. */
#include "strict_app.h"
#include <stdio.h>
#include <string.h>

static int violations, sent, failures, matches;
static char matched[128];

/* tests/e2e/gen/pcre2_match.c (linked in): the adapter docs/codegen.md
 * shows, without its cache; -1 when it cannot tell. */
int taxonc_pcre2_match(void *ctx, const char *pattern, const char *value, size_t len);

/* That matcher, each call counted and the last one remembered. */
static int pcre2_matcher(void *ctx, const char *pattern, const char *value, size_t len)
{
    matches++;
    snprintf(matched, sizeof matched, "%s ~ %.*s", pattern, (int)len, value);
    return taxonc_pcre2_match(ctx, pattern, value, len);
}

static int unsure(void *ctx, const char *pattern, const char *value, size_t len)
{
    (void)ctx;
    (void)pattern;
    (void)value;
    (void)len;
    matches++;
    return -1;
}
static char last[512];
static char json[512];

static strict_app_action count(void *ctx, const char *event, const char *path,
                               const char *message)
{
    (void)ctx;
    (void)event;
    violations++;
    snprintf(last, sizeof last, "%s: %s", path, message);
    return STRICT_APP_DROP;
}

static void send(void *ctx, const char *event, const char *j, size_t n,
                 const strict_app_prop *props, size_t n_props)
{
    (void)ctx;
    (void)event;
    (void)props;
    (void)n_props;
    sent++;
    snprintf(json, sizeof json, "%.*s", (int)n, j);
}

typedef bool (*check_fn)(const strict_app_client *, const char *);
static const struct { const char *key; check_fn fn; } checks[] = {
    { "date", strict_app_track_check_date }, { "date_time", strict_app_track_check_date_time },
    { "time", strict_app_track_check_time }, { "uuid", strict_app_track_check_uuid },
    { "email", strict_app_track_check_email }, { "uri", strict_app_track_check_uri },
    { "ymd", strict_app_track_check_ymd }, { "stamp", strict_app_track_check_stamp },
    { "korean", strict_app_track_check_korean },
    { "month_day", strict_app_track_check_month_day }, { "short", strict_app_track_check_short },
};

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s (last violation: '%s')\n", what, last);
        failures++;
    }
}

static void reset(void)
{
    violations = sent = matches = 0;
    last[0] = json[0] = matched[0] = '\0';
}

/* rate_item tracked after the counters are reset: what it returned. */
static bool rate(const strict_app_client *c, int64_t rating, strict_app_level level,
                 const strict_app_rate_item_opt *o)
{
    reset();
    return strict_app_track_rate_item(c, rating, level, o);
}

int main(int argc, char **argv)
{
    strict_app_client c;
    char line[512];
    int n = 0;
    FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (!f) {
        printf("FAIL cannot open the corpus\n");
        return 1;
    }
    memset(&c, 0, sizeof c);
    c.transport.send = send;
    c.on_violation = count;
    while (fgets(line, sizeof line, f)) {
        char *t1, *t2;
        size_t i;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || !(t1 = strchr(line, '\t')) || !(t2 = strchr(t1 + 1, '\t')))
            continue;
        *t1 = *t2 = '\0';
        for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
            if (strcmp(checks[i].key, line) != 0)
                continue;
            reset();
            bool ok = checks[i].fn(&c, t1 + 1);
            if ((violations == 0) != (t2[1] == '1') || ok != (violations == 0)) {
                printf("FAIL format %s '%s': %d violations, corpus says %s\n", line, t1 + 1,
                       violations, t2[1] == '1' ? "valid" : "invalid");
                failures++;
            }
            n++;
        }
    }
    fclose(f);

    /* a valid event: exact JSON */
    strict_app_rate_item_opt o;
    const char *tags[3] = { "a", "b", "c" };
    memset(&o, 0, sizeof o);
    o.has_nick = true;
    o.nick = "가나다라";
    o.has_ratio = true;
    o.ratio = 0.5;
    expect(rate(&c, 5, STRICT_APP_LEVEL_HIGH, &o) && violations == 0 &&
               strcmp(json, "{\"rating\":5,\"level\":\"high\",\"nick\":\"가나다라\",\"ratio\":0.5}") == 0,
           "valid rate_item");
    /* out of range, dropped by the handler */
    expect(!rate(&c, 9, STRICT_APP_LEVEL_LOW, NULL) && sent == 0 &&
               strcmp(last, "rating: 9 is above the maximum 5") == 0, "rating 9 caught and dropped");
    /* out of enum */
    expect(!rate(&c, 3, (strict_app_level)7, NULL) && sent == 0 &&
               strcmp(last, "level: 7 is not a value of enum 'level'; sent as null") == 0,
           "level 7 caught");
    /* lengths count code points: 5 Hangul syllables are 15 bytes */
    o.nick = "가나다라마";
    expect(!rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) &&
               strcmp(last, "nick: too long: 5 code points, at most 4") == 0, "nick too long");
    o.nick = "가";
    expect(!rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) &&
               strcmp(last, "nick: too short: 1 code points, at least 2") == 0, "nick too short");
    o.has_nick = false;
    o.ratio = 1.5;
    expect(!rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && violations == 1,
           "ratio 1.5 caught");
    o.has_ratio = false;
    o.has_tags = true;
    o.tags.items = tags;
    o.tags.count = 3;
    expect(!rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) &&
               strcmp(last, "tags: too many items: 3, at most 2") == 0, "3 tags caught");
    /* patterns: not checked without a matcher */
    o.has_tags = false;
    o.has_code = true;
    o.code = "ab12";
    expect(rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && violations == 0 &&
               sent == 1 && matches == 0, "pattern not checked without match_pattern");
    /* with the PCRE2 matcher: a mismatch is reported (and dropped) like any check */
    c.match_pattern = pcre2_matcher;
    expect(!rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && violations == 1 &&
               sent == 0 && matches == 1 &&
               strcmp(last, "code: does not match the pattern ^[A-Z]{2}[0-9]{2}$") == 0 &&
               strcmp(matched, "^[A-Z]{2}[0-9]{2}$ ~ ab12") == 0,
           "pattern mismatch 'ab12' caught through match_pattern");
    o.code = "AB12";
    expect(rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && violations == 0 &&
               sent == 1 && matches == 1 &&
               strcmp(json, "{\"rating\":3,\"level\":\"low\",\"code\":\"AB12\"}") == 0,
           "matching 'AB12' passes");
    /* the matcher cannot tell: not reported */
    c.match_pattern = unsure;
    o.code = "ab12";
    expect(rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && violations == 0 &&
               sent == 1 && matches == 1, "matcher returning -1: not reported");
    /* strict mode off: the matcher is not called */
    c.match_pattern = pcre2_matcher;
    c.on_violation = NULL;
    expect(rate(&c, 3, STRICT_APP_LEVEL_LOW, &o) && sent == 1 &&
               matches == 0, "no handler: matcher not called");
    c.on_violation = count;
    o.has_code = false;
    /* log handler: reported, still sent; no handler: nothing checked */
    c.on_violation = strict_app_violation_log;
    c.violation_ctx = stdout;
    expect(rate(&c, 9, STRICT_APP_LEVEL_LOW, NULL) && sent == 1,
           "log handler sends");
    c.on_violation = NULL;
    expect(rate(&c, 9, STRICT_APP_LEVEL_LOW, NULL) && sent == 1 &&
               strcmp(json, "{\"rating\":9,\"level\":\"low\"}") == 0, "no handler: no checks");
    /* no client: nothing sent, no crash */
    expect(!strict_app_track_rate_item(NULL, 3, STRICT_APP_LEVEL_LOW, NULL), "NULL client");
    printf("strict C: %d corpus cases, %d failures\n", n, failures);
    return failures || n < 60;
}

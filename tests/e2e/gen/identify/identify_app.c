/* App code calling the generated C identify() and flush() of
 * tests/e2e/gen/identify/plan.yaml (tests/e2e/gen_identify.sh): good values
 * reach the transport's identify with the exact JSON and user id; each bad
 * value (range, pattern, length, format) reaches on_violation under the
 * event "$identify" and, dropped, is not sent; a client without an identify
 * callback sends nothing; flush reaches the transport and is NULL-safe.
 * Prints "identify C: N checks, F failures". */
#include "ident.h"
#include <stdio.h>
#include <string.h>

static int identifies, flushes, violations, failures, checks;
static char got_json[512], got_user[64], got_event[32], got_path[32];
static size_t got_n;

static void send(void *ctx, const char *event, const char *json, size_t json_len,
                 const ident_prop *props, size_t n_props)
{
    (void)ctx; (void)event; (void)json; (void)json_len; (void)props; (void)n_props;
}

static void identify(void *ctx, const char *user_id, const char *json, size_t json_len,
                     const ident_prop *props, size_t n_props)
{
    (void)ctx; (void)props;
    identifies++;
    snprintf(got_json, sizeof got_json, "%.*s", (int)json_len, json);
    snprintf(got_user, sizeof got_user, "%s", user_id ? user_id : "(null)");
    got_n = n_props;
}

static void flush(void *ctx)
{
    (void)ctx;
    flushes++;
}

static ident_action on_violation(void *ctx, const char *event, const char *path,
                                 const char *message)
{
    (void)ctx; (void)message;
    violations++;
    snprintf(got_event, sizeof got_event, "%s", event);
    snprintf(got_path, sizeof got_path, "%s", path);
    return IDENT_DROP;
}

/* C has no pattern engine: the app's matcher, here for ^[a-z]+$ only */
static int match(void *ctx, const char *pattern, const char *value, size_t len)
{
    size_t i;
    (void)ctx;
    if (strcmp(pattern, "^[a-z]+$") != 0)
        return -1;
    for (i = 0; i < len; i++)
        if (value[i] < 'a' || value[i] > 'z')
            return 0;
    return len > 0;
}

static void expect(int ok, const char *what)
{
    checks++;
    if (!ok) {
        printf("FAIL %s (json %s, user %s, violations %d, path %s)\n", what, got_json, got_user,
               violations, got_path);
        failures++;
    }
}

static void reset(void)
{
    identifies = violations = 0;
    got_json[0] = got_user[0] = got_event[0] = got_path[0] = '\0';
}

/* One bad value: reported at path, not sent. */
static void bad(const ident_client *c, const ident_user_props *u, const char *path)
{
    reset();
    expect(!ident_identify(c, "u-1", u), path);
    expect(violations == 1 && strcmp(got_event, "$identify") == 0 && strcmp(got_path, path) == 0,
           path);
    expect(identifies == 0, path);
}

int main(void)
{
    ident_client c;
    ident_user_props u;
    memset(&c, 0, sizeof c);
    c.transport.send = send;
    c.transport.identify = identify;
    c.transport.flush = flush;
    c.on_violation = on_violation;
    c.match_pattern = match;

    memset(&u, 0, sizeof u);
    u.has_membership_tier = true;
    u.membership_tier = IDENT_MEMBERSHIP_TIER_GOLD;
    u.has_age = true;
    u.age = 30;
    u.has_nickname = true;
    u.nickname = "kim";
    u.has_signed_up = true;
    u.signed_up = "2024-02-29";
    u.has_user_id = true;
    u.user_id = "app-7";
    reset();
    expect(ident_identify(&c, "u-1", &u), "good values sent");
    expect(identifies == 1 && violations == 0, "good values: one identify, no violation");
    expect(strcmp(got_json, "{\"membership_tier\":\"gold\",\"age\":30,\"nickname\":\"kim\","
                            "\"signed_up\":\"2024-02-29\",\"user_id\":\"app-7\"}") == 0,
           "good values: exact JSON");
    expect(strcmp(got_user, "u-1") == 0 && got_n == 5, "good values: user id and 5 properties");

    u.age = 200;
    bad(&c, &u, "age");
    u.age = 30;
    u.nickname = "Kim";
    bad(&c, &u, "nickname");
    u.nickname = "abcdefghijkl";
    bad(&c, &u, "nickname");
    u.nickname = "kim";
    u.signed_up = "2023-02-29";
    bad(&c, &u, "signed_up");
    u.signed_up = "2024-02-29";

    reset();
    expect(ident_identify(&c, NULL, NULL), "no user id, no properties: sent");
    expect(strcmp(got_json, "{}") == 0 && strcmp(got_user, "(null)") == 0 && got_n == 0,
           "no user id, no properties: {} and NULL");

    c.transport.identify = NULL;
    reset();
    expect(!ident_identify(&c, "u-1", &u) && identifies == 0, "no identify callback: not sent");

    ident_flush(&c);
    expect(flushes == 1, "flush reaches the transport");
    c.transport.flush = NULL;
    ident_flush(&c);
    ident_flush(NULL);
    expect(flushes == 1, "flush without a callback or client does nothing");

    printf("identify C: %d checks, %d failures\n", checks, failures);
    return failures != 0;
}

/* Fuzz target: the validator's strict RFC 8259 reader (validators/json.h).
 * Two ways through the same bytes must agree: val_json_check (accept or
 * reject the whole text) and a full walk with the streaming calls
 * (obj_open/key/obj_next, arr_open/arr_next, string, number, literal).
 * Every string handed out must be valid UTF-8, every number must compare
 * equal to itself, and nothing may read past `len` (the input is an
 * exact-size heap copy, so ASan sees any overread of the SIMD scan). */
#include "fuzz_common.h"
#include "../../support/util.h"
#include "../../validators/json.h"

static const char *walk(val_jr *jr, const char *p, const char *end);

/* An object (obj) or an array: opened, each member walked (an object's
 * after its key, which must be valid UTF-8), then closed. */
static const char *walk_list(val_jr *jr, const char *p, const char *end, bool obj)
{
    bool empty = false, done = false;
    p = obj ? val_json_obj_open(jr, p, end, &empty) : val_json_arr_open(jr, p, end, &empty);
    if (jr->failed || empty)
        return p;
    while (!jr->failed && !done) {
        if (obj) {
            val_str key;
            p = val_json_key(jr, p, end, &key);
            if (jr->failed)
                return p;
            if (tx_utf8_check(key.s, key.n) != key.n)
                abort();
        }
        p = walk(jr, p, end);
        if (jr->failed)
            return p;
        p = obj ? val_json_obj_next(jr, p, end, &done) : val_json_arr_next(jr, p, end, &done);
    }
    return p;
}

static const char *walk(val_jr *jr, const char *p, const char *end)
{
    if (p >= end)
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "fuzz: unexpected end");
    switch (*p) {
    case '{':
    case '[':
        return walk_list(jr, p, end, *p == '{');
    case '"': {
        val_str s;
        p = val_json_string(jr, p, end, &s);
        if (!jr->failed && tx_utf8_check(s.s, s.n) != s.n)
            abort();    /* decoded strings are promised to be valid UTF-8 */
        return p;
    }
    case 't': case 'f': case 'n': {
        char kind = 0;
        return val_json_literal(jr, p, end, &kind);
    }
    default: {
        val_dec d;
        p = val_json_number(jr, p, end, &d);
        if (!jr->failed) {
            if (val_dec_cmp(&d, &d) != 0)
                abort();
            (void)val_dec_is_integer(&d);
            (void)val_dec_is_zero(&d);
        }
        return p;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    const char *end = text + size;

    val_jr jr;
    val_jr_init(&jr);
    val_jr_begin(&jr, text, size);
    int ok_check = val_json_check(&jr, text, size) == 0;

    val_jr_begin(&jr, text, size);
    const char *p = val_json_ws(text, end);
    p = walk(&jr, p, end);
    if (!jr.failed) {
        p = val_json_ws(p, end);
        if (p != end)
            val_jr_fail(&jr, VAL_MALFORMED_JSON, p, end, "fuzz: trailing bytes");
    }
    int ok_walk = !jr.failed;
    if (ok_check != ok_walk)
        abort();    /* the two readers disagree on this text */
    if (jr.failed && (jr.err_at < text || jr.err_at > end))
        abort();    /* an error position outside the input */
    val_jr_free(&jr);
    free(text);
    return 0;
}

/* `taxonc export jsonschema`: JSON Schema draft 2020-12 that accepts
 * exactly what `taxonc validate` accepts. One schema per event describes
 * the event's properties object (types, `required`, additionalProperties
 * false, enum, bounds, lengths, patterns, items, nested objects); a bundle
 * holds them all under $defs and validates an envelope
 * {"event", "properties", "user_properties"} (a missing properties object
 * counts as {}, as in taxonc). Names inside `$id`s ("urn:taxonc:PLAN" and
 * "urn:taxonc:PLAN:event:EVENT") and `$ref`s are percent-encoded, so any
 * event name gives a valid URI reference without a fragment.
 *
 * Formats are written as exact regular expressions of taxonc's own rules
 * (schema/format.c): JSON Schema validators disagree with each other and
 * with RFC 3339 on leap seconds, year 0000, separators and e-mail syntax,
 * so the `format` keyword alone would not give the same verdicts. Date
 * patterns such as yyyyMMdd become a calendar-exact expression (month
 * lengths and leap years). The expressions use only syntax that ECMA-262
 * and Python's `re` read the same way ([0-9], not \d; an end anchor that
 * does not accept a trailing newline). docs/export.md lists the gaps.
 *
 * Approach: emit compact JSON, then pretty-print it in one pass (arrays of
 * scalars stay on one line), so the emitters need no indentation logic. */
#include "export_common.h"
#include "../support/util.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define DRAFT "https://json-schema.org/draft/2020-12/schema"
/* end of input, also before a trailing newline (unlike `$` in Python and PCRE) */
#define END "(?![\\s\\S])"

/* ---- compact JSON helpers --------------------------------------------------- */

static void jstr(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_addc(sb, '"');
    tx_sb_add_json_str(sb, s, n);
    tx_sb_addc(sb, '"');
}

static void jstrz(tx_sb *sb, const char *s) { jstr(sb, s, strlen(s)); }

static void key(tx_sb *sb, bool *first, const char *k)
{
    if (!*first)
        tx_sb_addc(sb, ',');
    *first = false;
    jstrz(sb, k);
    tx_sb_addc(sb, ':');
}

/* A length or item-count bound: written only when set (>= 0). */
static void count_key(tx_sb *sb, bool *first, const char *k, int64_t v)
{
    if (v < 0)
        return;
    key(sb, first, k);
    tx_sb_addf(sb, "%" PRId64, v);
}

static void jnum(tx_sb *sb, const tx_num *n)
{
    if (n->is_int)
        tx_sb_addf(sb, "%" PRId64, n->i);
    else if (n->text && tx_is_number(n->text, true))
        tx_sb_adds(sb, n->text);
    else if (n->d == n->d && n->d - n->d == 0)  /* finite */
        tx_sb_addf(sb, "%.17g", n->d);
    else
        tx_sb_adds(sb, "null");
}

/* ---- regular expressions ----------------------------------------------------- */

static void re_lit(tx_sb *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (strchr("\\^$.|?*+()[]{}/-", c))
            tx_sb_addc(sb, '\\');
        tx_sb_addc(sb, c);
    }
}

#define RE_YEAR4_LEAP "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
#define RE_YEAR2_LEAP "(?:[02468][048]|[13579][26])"   /* yy is 20yy */

typedef enum { BR_ANY, BR_M31, BR_M30, BR_FEB, BR_LEAP } branch;

static void dp_branch(tx_sb *sb, const tx_date_pattern *p, branch b)
{
    for (size_t i = 0; i < p->n_parts; i++) {
        const tx_dp_part *pt = &p->parts[i];
        switch (pt->kind) {
        case TX_DP_LITERAL: re_lit(sb, pt->lit, pt->lit_len); break;
        case TX_DP_YEAR4: tx_sb_adds(sb, b == BR_LEAP ? RE_YEAR4_LEAP : "[0-9]{4}"); break;
        case TX_DP_YEAR2: tx_sb_adds(sb, b == BR_LEAP ? RE_YEAR2_LEAP : "[0-9]{2}"); break;
        case TX_DP_MONTH:
            tx_sb_adds(sb, b == BR_M31 ? "(?:0[13578]|1[02])" : b == BR_M30 ? "(?:0[469]|11)"
                           : b == BR_FEB || b == BR_LEAP ? "02" : "(?:0[1-9]|1[0-2])");
            break;
        case TX_DP_DAY:
            tx_sb_adds(sb, b == BR_M31 ? "(?:0[1-9]|[12][0-9]|3[01])"
                           : b == BR_M30 ? "(?:0[1-9]|[12][0-9]|30)"
                           : b == BR_FEB ? "(?:0[1-9]|1[0-9]|2[0-8])"
                           : b == BR_LEAP ? "29" : "(?:0[1-9]|[12][0-9]|3[01])");
            break;
        case TX_DP_HOUR: tx_sb_adds(sb, "(?:[01][0-9]|2[0-3])"); break;
        case TX_DP_MINUTE:
        case TX_DP_SECOND: tx_sb_adds(sb, "[0-5][0-9]"); break;
        case TX_DP_MILLIS: tx_sb_adds(sb, "[0-9]{3}"); break;
        }
    }
}

/* Without a year the leap day is allowed (taxonc takes year 2000 then). */
static void dp_regex(tx_sb *sb, const tx_date_pattern *p)
{
    bool has_day = false;
    for (size_t i = 0; i < p->n_parts; i++)
        has_day |= p->parts[i].kind == TX_DP_DAY;
    tx_sb_adds(sb, "^(?:");
    if (!has_day) {
        dp_branch(sb, p, BR_ANY);
    } else {
        static const branch bs[] = { BR_M31, BR_M30, BR_FEB, BR_LEAP };
        for (size_t i = 0; i < 4; i++) {
            if (i)
                tx_sb_addc(sb, '|');
            dp_branch(sb, p, bs[i]);
        }
    }
    tx_sb_adds(sb, ")" END);
}

char *tx_exp_date_pattern_regex(tx_arena *a, const tx_date_pattern *p)
{
    if (!p || !p->n_parts)
        return NULL;
    tx_sb sb = TX_SB_INIT;
    dp_regex(&sb, p);
    char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

/* yyyy-MM-dd with the calendar, as a pattern body (no anchors) */
static void date_body(tx_sb *sb)
{
    static const tx_dp_part parts[] = {
        { TX_DP_YEAR4, NULL, 0 }, { TX_DP_LITERAL, "-", 1 }, { TX_DP_MONTH, NULL, 0 },
        { TX_DP_LITERAL, "-", 1 }, { TX_DP_DAY, NULL, 0 },
    };
    tx_date_pattern p = { "yyyy-MM-dd", 5, (tx_dp_part *)parts, 10 };
    static const branch bs[] = { BR_M31, BR_M30, BR_FEB, BR_LEAP };
    tx_sb_adds(sb, "(?:");
    for (size_t i = 0; i < 4; i++) {
        if (i)
            tx_sb_addc(sb, '|');
        dp_branch(sb, &p, bs[i]);
    }
    tx_sb_adds(sb, ")");
}

/* RFC 3339 full-time as schema/format.c checks it: a leap second only at
 * minute 59, fraction optional, offset required. */
#define RE_TIME "(?:[01][0-9]|2[0-3]):(?:[0-5][0-9]:[0-5][0-9]|59:60)(?:\\.[0-9]+)?" \
                "(?:[Zz]|[+\\-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
/* schema/format.c's pragmatic e-mail: one @, no spaces, controls or
 * <>(),;:\"[], a dot inside the domain, no empty domain labels */
#define RE_EMAIL_CH "[^\\x00-\\x20\\x7f<>(),;:\\\\\"\\[\\]@]"
#define RE_DOMAIN_CH "[^\\x00-\\x20\\x7f<>(),;:\\\\\"\\[\\]@.]"
#define RE_EMAIL "^(?=[\\s\\S]{1,254}" END ")" RE_EMAIL_CH "+@" RE_DOMAIN_CH "+(?:\\." RE_DOMAIN_CH "+)+" END
#define RE_URI "^[A-Za-z][A-Za-z0-9+.\\-]*:(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+" END
#define RE_UUID "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}" END

static void format_regex(tx_sb *sb, const tx_eff *e)
{
    switch (e->format) {
    case TX_FMT_DATE:
        tx_sb_adds(sb, "^");
        date_body(sb);
        tx_sb_adds(sb, END);
        break;
    case TX_FMT_DATE_TIME:
        tx_sb_adds(sb, "^");
        date_body(sb);
        tx_sb_adds(sb, "[Tt ]" RE_TIME END);
        break;
    case TX_FMT_TIME: tx_sb_adds(sb, "^" RE_TIME END); break;
    case TX_FMT_UUID: tx_sb_adds(sb, RE_UUID); break;
    case TX_FMT_EMAIL: tx_sb_adds(sb, RE_EMAIL); break;
    case TX_FMT_URI: tx_sb_adds(sb, RE_URI); break;
    case TX_FMT_DATE_PATTERN:
        if (e->date_pattern)
            dp_regex(sb, e->date_pattern);
        break;
    case TX_FMT_NONE: break;
    }
}

char *tx_exp_format_regex(tx_arena *a, const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    tx_sb sb = TX_SB_INIT;
    format_regex(&sb, &e);
    char *r = sb.len ? tx_arena_strndup(a, sb.buf, sb.len) : NULL;
    tx_sb_release(&sb);
    return r;
}

/* ---- schemas ----------------------------------------------------------------- */

typedef struct js {
    bool format_keywords;   /* also write the standard `format` keyword */
} js;

static void type_schema(js *j, tx_sb *sb, const tx_type *t, const tx_meta *meta, int depth);

static void meta_keys(tx_sb *sb, bool *first, const tx_meta *m)
{
    if (!m)
        return;
    if (m->description) {
        key(sb, first, "description");
        jstrz(sb, m->description);
    }
    if (m->deprecated) {
        key(sb, first, "deprecated");
        tx_sb_adds(sb, "true");
    }
}

static void enum_value(tx_sb *sb, const tx_eff *e, const tx_enum_value *v)
{
    /* a union's values each say their own JSON kind */
    switch (e->base == TX_UNION ? v->kind : e->base) {
    case TX_INTEGER:
    case TX_NUMBER:
        if (v->num.set) {
            jnum(sb, &v->num);
            return;
        }
        break;
    case TX_BOOLEAN:
        if ((v->len == 4 && memcmp(v->str, "true", 4) == 0) || (v->len == 5 && memcmp(v->str, "false", 5) == 0)) {
            tx_sb_add(sb, v->str, v->len);
            return;
        }
        break;
    default:
        break;
    }
    jstr(sb, v->str, v->len);
}

static void enum_keys(tx_sb *sb, bool *first, const tx_eff *e)
{
    if (!e->n_enum)
        return;
    key(sb, first, "enum");
    tx_sb_addc(sb, '[');
    for (size_t i = 0; i < e->n_enum; i++) {
        if (i)
            tx_sb_addc(sb, ',');
        enum_value(sb, e, &e->enums[i]);
    }
    if (e->nullable)
        tx_sb_adds(sb, ",null");
    tx_sb_addc(sb, ']');
}

/* One $comment: the named type and the format the patterns stand for
 * (fe: the constraints holding the format, a union's string branch). */
static void comment_key(tx_sb *sb, bool *first, const tx_eff *e, const tx_eff *fe)
{
    tx_sb cm = TX_SB_INIT;
    if (e->ref)
        tx_sb_addf(&cm, "taxonc type %s", e->ref);
    if (fe->format != TX_FMT_NONE) {
        const char *fname = fe->format == TX_FMT_DATE_PATTERN ? fe->format_text
                                                              : tx_exp_format_name(fe->format);
        tx_sb_addf(&cm, "%sformat %s (%s)", cm.len ? "; " : "", fname ? fname : "",
                   fe->format == TX_FMT_DATE_PATTERN ? "calendar-exact pattern"
                                                     : "taxonc's rules, as a pattern");
    }
    if (cm.len) {
        key(sb, first, "$comment");
        jstr(sb, cm.buf, cm.len);
    }
    tx_sb_release(&cm);
}

/* Keywords already written for a union's merged branches: integer and
 * number branches share the union's bounds. */
enum { K_BOUNDS = 1 };

/* The type-specific keywords of one base (everything but type, enum and
 * the metadata): JSON Schema applies each only to values of its kind, so a
 * union's branches without names of their own can share one schema. */
static void base_keys(js *j, tx_sb *sb, bool *first, const tx_eff *e, int depth, unsigned *done)
{
    if ((e->min || e->max) && !(*done & K_BOUNDS)) {
        *done |= K_BOUNDS;
        if (e->min) {
            key(sb, first, "minimum");
            jnum(sb, e->min);
        }
        if (e->max) {
            key(sb, first, "maximum");
            jnum(sb, e->max);
        }
    }
    count_key(sb, first, "minLength", e->min_length);
    count_key(sb, first, "maxLength", e->max_length);
    /* the standard keyword only where every validator agrees with taxonc
     * (uuid), or when asked for */
    if (e->format == TX_FMT_UUID || (j->format_keywords && e->format != TX_FMT_NONE &&
                                     e->format != TX_FMT_DATE_PATTERN)) {
        key(sb, first, "format");
        jstrz(sb, tx_exp_format_name(e->format));
    }
    /* patterns: the user's, then the format's; a second one goes in allOf */
    tx_sb fre = TX_SB_INIT;
    format_regex(&fre, e);
    const char *p1 = e->pattern ? e->pattern : fre.len ? fre.buf : NULL;
    const char *p2 = e->pattern && fre.len ? fre.buf : NULL;
    if (p1) {
        key(sb, first, "pattern");
        jstrz(sb, p1);
    }
    if (p2) {
        key(sb, first, "allOf");
        tx_sb_adds(sb, "[{\"pattern\":");
        jstrz(sb, p2);
        tx_sb_adds(sb, "}]");
    }
    tx_sb_release(&fre);
    if (e->base == TX_ARRAY) {
        if (e->items && depth < 64) {
            key(sb, first, "items");
            type_schema(j, sb, e->items, NULL, depth + 1);
        }
        count_key(sb, first, "minItems", e->min_items);
        count_key(sb, first, "maxItems", e->max_items);
    }
    if (e->base != TX_OBJECT)
        return;
    /* taxonc accepts only the declared members of a closed object, none
     * when there are none */
    if (e->n_fields && depth < 64) {
        key(sb, first, "properties");
        tx_sb_addc(sb, '{');
        bool ff = true;
        size_t n_req = 0;
        for (size_t i = 0; i < e->n_fields; i++) {
            key(sb, &ff, e->fields[i].name);
            type_schema(j, sb, e->fields[i].type, &e->fields[i].meta, depth + 1);
            n_req += e->fields[i].required;
        }
        tx_sb_addc(sb, '}');
        if (n_req) {
            key(sb, first, "required");
            tx_sb_addc(sb, '[');
            bool rf = true;
            for (size_t i = 0; i < e->n_fields; i++)
                if (e->fields[i].required) {
                    if (!rf)
                        tx_sb_addc(sb, ',');
                    rf = false;
                    jstrz(sb, e->fields[i].name);
                }
            tx_sb_addc(sb, ']');
        }
    }
    key(sb, first, "additionalProperties");
    if (!e->open)
        tx_sb_adds(sb, "false");
    else if (e->additional && depth < 64)
        type_schema(j, sb, e->additional, NULL, depth + 1);
    else
        tx_sb_adds(sb, "true");
}

/* A union whose branches have no names of their own: one schema, its
 * "type" listing the branches' bases, each branch's keywords applying to
 * its kind alone (JSON Schema's own semantics). With a named branch (its
 * constraints could clash with another branch's), an anyOf of the branch
 * schemas. The union's enum applies to every value either way. */
static void union_keys(js *j, tx_sb *sb, bool *first, const tx_eff *e, int depth)
{
    bool named = false;
    for (size_t i = 0; i < e->n_branches; i++)
        named |= tx_eff_of(e->branches[i]).ref != NULL;
    if (named) {
        key(sb, first, "anyOf");
        tx_sb_addc(sb, '[');
        for (size_t i = 0; i < e->n_branches; i++) {
            if (i)
                tx_sb_addc(sb, ',');
            type_schema(j, sb, e->branches[i], NULL, depth + 1);
        }
        if (e->nullable)
            tx_sb_adds(sb, ",{\"type\":\"null\"}");
        tx_sb_addc(sb, ']');
        enum_keys(sb, first, e);
        return;
    }
    key(sb, first, "type");
    tx_sb_addc(sb, '[');
    for (size_t i = 0; i < e->n_branches; i++)
        tx_sb_addf(sb, "%s\"%s\"", i ? "," : "", tx_base_name(e->branches[i]->base));
    tx_sb_adds(sb, e->nullable ? ",\"null\"]" : "]");
    enum_keys(sb, first, e);
    unsigned done = 0;
    for (size_t i = 0; i < e->n_branches; i++) {
        tx_eff be = tx_eff_of(e->branches[i]);
        base_keys(j, sb, first, &be, depth, &done);
    }
}

static void type_schema(js *j, tx_sb *sb, const tx_type *t, const tx_meta *meta, int depth)
{
    tx_eff e = tx_eff_of(t);
    bool first = true;
    tx_sb_addc(sb, '{');
    meta_keys(sb, &first, meta);
    if (!t) {
        tx_sb_addc(sb, '}');
        return;
    }
    tx_eff fe = e;  /* the format's holder: a merged union's string branch */
    if (e.base == TX_UNION)
        for (size_t i = 0; i < e.n_branches; i++)
            if (e.branches[i]->base == TX_STRING && !tx_eff_of(e.branches[i]).ref)
                fe = tx_eff_of(e.branches[i]);
    comment_key(sb, &first, &e, &fe);
    if (e.base == TX_UNION) {
        union_keys(j, sb, &first, &e, depth);
    } else if (e.base != TX_ANY) {     /* any: no keyword, every value */
        key(sb, &first, "type");
        if (e.nullable)
            tx_sb_addf(sb, "[\"%s\",\"null\"]", tx_base_name(e.base));
        else
            tx_sb_addf(sb, "\"%s\"", tx_base_name(e.base));
        enum_keys(sb, &first, &e);
        unsigned done = 0;
        base_keys(j, sb, &first, &e, depth, &done);
    }
    tx_sb_addc(sb, '}');
}

/* ---- documents ------------------------------------------------------------------ */

/* "type":"object","properties": (the members follow). */
static void properties_key(tx_sb *sb, bool *first)
{
    key(sb, first, "type");
    tx_sb_adds(sb, "\"object\"");
    key(sb, first, "properties");
}

static void object_of_props(js *j, tx_sb *sb, bool *first, const tx_event_prop *ps, size_t n)
{
    properties_key(sb, first);
    tx_sb_addc(sb, '{');
    bool pf = true;
    size_t n_req = 0;
    for (size_t i = 0; i < n; i++) {
        tx_meta m;
        key(sb, &pf, ps[i].prop->name);
        type_schema(j, sb, ps[i].type, tx_exp_slot_meta(&ps[i], &m), 0);
        n_req += ps[i].required;
    }
    tx_sb_addc(sb, '}');
    if (n_req) {
        key(sb, first, "required");
        tx_sb_addc(sb, '[');
        bool rf = true;
        for (size_t i = 0; i < n; i++)
            if (ps[i].required) {
                if (!rf)
                    tx_sb_addc(sb, ',');
                rf = false;
                jstrz(sb, ps[i].prop->name);
            }
        tx_sb_addc(sb, ']');
    }
    key(sb, first, "additionalProperties");
    tx_sb_adds(sb, "false");
}

static void event_body(js *j, tx_sb *sb, bool *first, const tx_event *e)
{
    key(sb, first, "title");
    jstrz(sb, e->name);
    meta_keys(sb, first, &e->meta);
    if (e->category || e->trigger) {
        tx_sb cm = TX_SB_INIT;
        if (e->category)
            tx_sb_addf(&cm, "category: %s", e->category);
        if (e->trigger)
            tx_sb_addf(&cm, "%strigger: %s", cm.len ? "; " : "", e->trigger);
        key(sb, first, "$comment");
        jstr(sb, cm.buf, cm.len);
        tx_sb_release(&cm);
    }
    object_of_props(j, sb, first, e->props, e->n_props);
}

/* ---- URIs ---------------------------------------------------------------------- */

/* One byte of a name inside a URI: RFC 3986 unreserved characters as they
 * are, every other byte (of the UTF-8 text) percent-encoded, so a name
 * with spaces, '#', '%', quotes, '/', ':' or Hangul gives a valid URI
 * reference with no fragment and no extra path segments. '~' stays; the
 * JSON Pointer in pointer_ref() escapes it before it gets here. */
static void uri_char(tx_sb *sb, char ch)
{
    unsigned char c = (unsigned char)ch;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '.' || c == '_' || c == '~')
        tx_sb_addc(sb, (char)c);
    else
        tx_sb_addf(sb, "%%%02X", c);
}

/* A name as one URI component: "Order Completed" -> "Order%20Completed".
 * The result needs no JSON escaping. */
static void uri_encode(tx_sb *sb, const char *name)
{
    for (const char *p = name; *p; p++)
        uri_char(sb, *p);
}

/* Pretty-prints compact JSON: two-space indent, arrays of scalars on one line. */
static size_t pp_value(tx_sb *out, const char *s, size_t i, int ind);

static void pp_indent(tx_sb *out, int ind)
{
    for (int k = 0; k < ind; k++)
        tx_sb_adds(out, "  ");
}

static size_t pp_string(tx_sb *out, const char *s, size_t i)
{
    size_t b = i++;
    while (s[i] != '"') {
        if (s[i] == '\\')
            i++;
        i++;
    }
    i++;
    tx_sb_add(out, s + b, i - b);
    return i;
}

static bool pp_scalar_array(const char *s, size_t i)
{
    /* s[i] == '[' */
    for (i++; s[i] != ']'; ) {
        if (s[i] == '{' || s[i] == '[')
            return false;
        if (s[i] == '"') {
            for (i++; s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
        }
        i++;
    }
    return true;
}

static size_t pp_value(tx_sb *out, const char *s, size_t i, int ind)
{
    char c = s[i];
    if (c == '"')
        return pp_string(out, s, i);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        if (s[i + 1] == close) {
            tx_sb_addc(out, c);
            tx_sb_addc(out, close);
            return i + 2;
        }
        bool flat = c == '[' && pp_scalar_array(s, i);
        tx_sb_addc(out, c);
        i++;
        for (;;) {
            if (!flat) {
                tx_sb_addc(out, '\n');
                pp_indent(out, ind + 1);
            }
            if (c == '{') {
                i = pp_string(out, s, i);
                tx_sb_adds(out, ": ");
                i++;    /* ':' */
            }
            i = pp_value(out, s, i, ind + 1);
            if (s[i] == ',') {
                tx_sb_adds(out, flat ? ", " : ",");
                i++;
                continue;
            }
            break;
        }
        if (!flat) {
            tx_sb_addc(out, '\n');
            pp_indent(out, ind);
        }
        tx_sb_addc(out, close);
        return i + 1;
    }
    size_t b = i;
    while (s[i] && s[i] != ',' && s[i] != '}' && s[i] != ']')
        i++;
    tx_sb_add(out, s + b, i - b);
    return i;
}

static void pretty(tx_sb *out, const tx_sb *compact)
{
    if (compact->failed) {
        out->failed = true;
        return;
    }
    pp_value(out, compact->buf, 0, 0);
    tx_sb_addc(out, '\n');
}

/* A document's opening: '{', "$schema" and, when the taxonomy is named,
 * "$id": urn:taxonc:TAXONOMY (the bundle) or urn:taxonc:TAXONOMY:event:EVENT. */
static void doc_open(tx_sb *c, bool *first, const tx_taxonomy *t, const tx_event *e)
{
    tx_sb_addc(c, '{');
    key(c, first, "$schema");
    jstrz(c, DRAFT);
    if (!t->name)
        return;
    key(c, first, "$id");
    tx_sb_adds(c, "\"urn:taxonc:");
    uri_encode(c, t->name);
    if (e) {
        tx_sb_adds(c, ":event:");
        uri_encode(c, e->name);
    }
    tx_sb_addc(c, '"');
}

void tx_export_jsonschema_event(tx_sb *sb, const tx_taxonomy *t, const tx_event *e,
                                const tx_jsonschema_opts *o)
{
    js j = { .format_keywords = o && o->format_keywords };
    tx_sb c = TX_SB_INIT;
    bool first = true;
    doc_open(&c, &first, t, e);
    event_body(&j, &c, &first, e);
    tx_sb_addc(&c, '}');
    pretty(sb, &c);
    tx_sb_release(&c);
}

/* "#/$defs/events/<name>": JSON Pointer escaping, then percent-encoding of
 * everything outside the URI's unreserved characters. */
static void pointer_ref(tx_sb *sb, const char *name)
{
    tx_sb_adds(sb, "\"#/$defs/events/");
    for (const char *p = name; *p; p++) {
        if (*p == '~')
            tx_sb_adds(sb, "~0");
        else if (*p == '/')
            tx_sb_adds(sb, "~1");
        else
            uri_char(sb, *p);
    }
    tx_sb_addc(sb, '"');
}

void tx_export_jsonschema_bundle(tx_sb *sb, const tx_taxonomy *t, const tx_jsonschema_opts *o)
{
    js j = { .format_keywords = o && o->format_keywords };
    tx_sb c = TX_SB_INIT;
    bool first = true;
    doc_open(&c, &first, t, NULL);
    key(&c, &first, "title");
    tx_sb_addc(&c, '"');
    if (t->name)
        tx_sb_add_json_str(&c, t->name, strlen(t->name));
    if (t->version) {
        tx_sb_addc(&c, ' ');
        tx_sb_add_json_str(&c, t->version, strlen(t->version));
    }
    tx_sb_addc(&c, '"');
    if (t->description) {
        key(&c, &first, "description");
        jstrz(&c, t->description);
    }
    key(&c, &first, "$comment");
    jstrz(&c, "an event envelope: {\"event\": NAME, \"properties\": {...}, \"user_properties\": {...}}");
    properties_key(&c, &first);
    tx_sb_adds(&c, "{\"event\":{\"enum\":[");
    for (size_t i = 0; i < t->n_events; i++) {
        if (i)
            tx_sb_addc(&c, ',');
        jstrz(&c, t->events[i].name);
    }
    tx_sb_adds(&c, "]},\"properties\":{\"type\":[\"object\",\"null\"]},"
                   "\"user_properties\":{\"anyOf\":[{\"type\":\"null\"},"
                   "{\"$ref\":\"#/$defs/user_properties\"}]}}");
    /* no properties object (or null) reads as {}: only events with
     * required properties need one (see the then-clauses) */
    key(&c, &first, "required");
    tx_sb_adds(&c, "[\"event\"]");
    if (t->n_events) {
        key(&c, &first, "allOf");
        tx_sb_addc(&c, '[');
        for (size_t i = 0; i < t->n_events; i++) {
            if (i)
                tx_sb_addc(&c, ',');
            tx_sb_adds(&c, "{\"if\":{\"properties\":{\"event\":{\"const\":");
            jstrz(&c, t->events[i].name);
            tx_sb_adds(&c, "}},\"required\":[\"event\"]},\"then\":{\"properties\":{\"properties\":");
            bool any_req = false;
            for (size_t k = 0; k < t->events[i].n_props; k++)
                any_req |= t->events[i].props[k].required;
            if (!any_req)
                tx_sb_adds(&c, "{\"anyOf\":[{\"type\":\"null\"},");
            tx_sb_adds(&c, "{\"$ref\":");
            pointer_ref(&c, t->events[i].name);
            tx_sb_adds(&c, any_req ? "}}" : "}]}}");
            if (any_req)
                tx_sb_adds(&c, ",\"required\":[\"properties\"]");
            tx_sb_adds(&c, "}}");
        }
        tx_sb_addc(&c, ']');
    }
    key(&c, &first, "$defs");
    tx_sb_adds(&c, "{\"events\":{");
    bool df = true;
    for (size_t i = 0; i < t->n_events; i++) {
        key(&c, &df, t->events[i].name);
        tx_sb_addc(&c, '{');
        bool ef = true;
        event_body(&j, &c, &ef, &t->events[i]);
        tx_sb_addc(&c, '}');
    }
    tx_sb_adds(&c, "},\"user_properties\":{");
    {
        bool uf = true;
        key(&c, &uf, "title");
        jstrz(&c, "user properties");
        properties_key(&c, &uf);
        tx_sb_addc(&c, '{');
        bool pf = true;
        for (size_t i = 0; i < t->n_user_props; i++) {
            key(&c, &pf, t->user_props[i]->name);
            type_schema(&j, &c, t->user_props[i]->type, &t->user_props[i]->meta, 0);
        }
        tx_sb_addc(&c, '}');
        /* with no user properties declared, taxonc checks none */
        if (t->n_user_props) {
            key(&c, &uf, "additionalProperties");
            tx_sb_adds(&c, "false");
        }
    }
    tx_sb_adds(&c, "}}");
    tx_sb_addc(&c, '}');
    pretty(sb, &c);
    tx_sb_release(&c);
}

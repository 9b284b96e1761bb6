/* The importers' model (im.h): building it, settling the dictionary
 * against per-event variants, and the one YAML writer.
 *
 * The writer is a straight walk: block mappings, two spaces a level, the
 * keys in a fixed order, so the same plan always gives the same bytes.
 * Scalars go through im_yq, which writes a plain scalar only when a YAML
 * reader cannot take it for anything but that string (no null/bool words
 * in any case, no leading indicator or digit, no ": " or " #", no line
 * breaks or YAML 1.1 break characters) and a double-quoted one with
 * escapes otherwise. */
#include "im.h"
#include "../../support/util.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building -------------------------------------------------------------------------- */

void im_plan_init(im_plan *p, tx_ctx *ctx)
{
    memset(p, 0, sizeof *p);
    p->ctx = ctx;
    p->a = ctx->arena;
}

void im_plan_done(im_plan *p)
{
    tx_strmap_free(&p->prop_index);
    tx_strmap_free(&p->ref_types);
}

im_type *im_type_new(tx_arena *a, const char *type)
{
    im_type *t = tx_arena_alloc(a, sizeof *t);
    t->type = type;
    t->min_len = t->max_len = t->min_items = t->max_items = -1;
    return t;
}

bool im_is_base(const char *name)
{
    static const char *const bases[] = { "string", "integer", "number", "boolean",
                                         "array",  "object",  "any",    "null" };
    for (size_t i = 0; name && i < sizeof bases / sizeof bases[0]; i++)
        if (strcmp(name, bases[i]) == 0)
            return true;
    return false;
}

size_t im_prop_of(im_plan *p, const char *name)
{
    bool found;
    tx_strmap_slot *s = tx_strmap_put(&p->prop_index, name, strlen(name), &found);
    if (found)
        return (size_t)(uintptr_t)s->val - 1;
    im_prop np = { .name = name };
    TX_PUSH(p->a, p->props, np);
    s->val = (void *)(uintptr_t)p->props.n;
    return p->props.n - 1;
}

long im_named_find(const im_plan *p, const char *name)
{
    for (size_t i = 0; i < p->types.n; i++)
        if (strcmp(p->types.items[i].name, name) == 0)
            return (long)i;
    return -1;
}

im_event *im_event_add(im_plan *p, const char *name)
{
    im_event e = { .name = name };
    TX_PUSH(p->a, p->events, e);
    return &p->events.items[p->events.n - 1];
}

void im_use_add(im_plan *p, im_event *ev, const char *name, im_type *t, const im_meta *meta,
                bool required, bool user)
{
    size_t pi = im_prop_of(p, name);
    im_prop *pr = &p->props.items[pi];
    const char *text = im_type_text(p->a, t);
    size_t d = 0;
    while (d < pr->defs.n && strcmp(pr->defs.items[d].text, text) != 0)
        d++;
    if (d == pr->defs.n) {
        im_def nd = { .type = t, .text = text };
        if (meta)
            nd.meta = *meta;
        TX_PUSH(p->a, pr->defs, nd);
    } else if (meta && meta->desc && !pr->defs.items[d].meta.desc) {
        pr->defs.items[d].meta.desc = meta->desc;
    }
    pr->defs.items[d].count++;
    if (user) {
        if (!pr->user_def) {
            pr->user_def = (long)d + 1;
            TX_PUSH(p->a, p->user_props, pi);
        }
    }
    if (ev) {
        im_use u = { .prop = pi, .required = required, .def = d + 1 };
        if (meta)
            u.meta = *meta;
        TX_PUSH(p->a, ev->props, u);
    }
}

void im_plan_settle(im_plan *p)
{
    for (size_t i = 0; i < p->props.n; i++) {
        im_prop *pr = &p->props.items[i];
        if (!pr->defs.n)
            continue;
        size_t best = 0;
        if (pr->user_def)
            best = (size_t)pr->user_def - 1;
        else
            for (size_t d = 1; d < pr->defs.n; d++)
                if (pr->defs.items[d].count > pr->defs.items[best].count)
                    best = d;
        pr->type = pr->defs.items[best].type;
        pr->meta = pr->defs.items[best].meta;
        pr->defs.items[best].count = (size_t)-1;   /* marks the dictionary's */
    }
    for (size_t e = 0; e < p->events.n; e++) {
        im_event *ev = &p->events.items[e];
        for (size_t k = 0; k < ev->props.n; k++) {
            im_use *u = &ev->props.items[k];
            if (!u->def)
                continue;
            const im_def *d = &p->props.items[u->prop].defs.items[u->def - 1];
            u->type = d->count == (size_t)-1 ? NULL : d->type;
        }
    }
}

static bool title_case(const char *s)
{
    bool word_start = true, any = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ') {
            if (word_start)
                return false;   /* leading or double space */
            word_start = true;
            continue;
        }
        if (word_start && !isupper(c) && !isdigit(c))
            return false;
        if (!word_start && !isalnum(c))
            return false;
        word_start = false;
        any = true;
    }
    return any && !word_start;
}

static bool snake(const char *s)
{
    if (!islower((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static bool camel(const char *s)
{
    if (!islower((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s))
            return false;
    return true;
}

void im_plan_conventions(im_plan *p)
{
    bool title = p->events.n > 0;
    for (size_t i = 0; i < p->events.n && title; i++)
        title = title_case(p->events.items[i].name);
    if (title) {
        p->event_style = "object_action";
        p->event_casing = "Title Case";
    }
    bool sn = p->props.n > 0, cm = p->props.n > 0;
    for (size_t i = 0; i < p->props.n; i++) {
        sn = sn && snake(p->props.items[i].name);
        cm = cm && camel(p->props.items[i].name);
    }
    p->prop_casing = sn ? "snake_case" : cm ? "camelCase" : NULL;
    TX_PUSH(p->a, p->rules_off, "property-variant");
    /* Names the source kept apart but that differ only in case or
     * separators (cart_id and cartId in two schemas) would make the plan
     * fail `check` (name-collision); kept verbatim, the finding is lowered
     * to a warning so it stays visible. */
    bool clash = false;
    for (int kind = 0; kind < 2 && !clash; kind++) {
        size_t n = kind ? p->events.n : p->props.n;
        tx_strmap seen = { 0 };
        for (size_t i = 0; i < n && !clash; i++) {
            const char *name = kind ? p->events.items[i].name : p->props.items[i].name;
            tx_sb key = TX_SB_INIT;
            for (const char *c = name; *c; c++)
                if (isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80)
                    tx_sb_addc(&key, (char)tolower((unsigned char)*c));
            bool found = false;
            const char *k = tx_arena_strdup(p->a, key.buf);
            tx_strmap_put(&seen, k, strlen(k), &found);
            clash = found;
            tx_sb_release(&key);
        }
        tx_strmap_free(&seen);
    }
    if (clash)
        TX_PUSH(p->a, p->rules_warn, "name-collision");
}

/* ---- losses ------------------------------------------------------------------------------ */

void im_lost(im_plan *p, im_strs *notes, tx_span at, const char *ptr, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = tx_arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    tx_diag_add(&p->ctx->diags, TX_SEV_WARNING, "import-lost", at, "lost: %s (at %s)", msg,
                ptr && *ptr ? ptr : "/");
    im_strs *to = notes ? notes : &p->notes;
    TX_PUSH(p->a, *to,
            tx_arena_printf(p->a, "lost: %s: %s", ptr && *ptr ? ptr : "/", msg));
}

/* ---- text -------------------------------------------------------------------------------- */

const char *im_slug(tx_arena *a, const char *s, size_t n)
{
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) && c < 0x80)
            tx_sb_addc(&sb, (char)tolower(c));
        else if (sb.len && sb.buf[sb.len - 1] != '_')
            tx_sb_addc(&sb, '_');
    }
    while (sb.len && sb.buf[sb.len - 1] == '_')
        sb.buf[--sb.len] = '\0';
    const char *r = !sb.len ? "taxonomy"
                    : isdigit((unsigned char)sb.buf[0]) ? tx_arena_printf(a, "t_%s", sb.buf)
                                                        : tx_arena_strdup(a, sb.buf);
    tx_sb_release(&sb);
    return r;
}

const char *im_ptr(tx_arena *a, const char *ptr, const char *token)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, ptr);
    tx_sb_addc(&sb, '/');
    for (const char *c = token; *c; c++) {
        if (*c == '~')
            tx_sb_adds(&sb, "~0");
        else if (*c == '/')
            tx_sb_adds(&sb, "~1");
        else
            tx_sb_addc(&sb, *c);
    }
    const char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

const char *im_ptr_index(tx_arena *a, const char *ptr, size_t i)
{
    return tx_arena_printf(a, "%s/%zu", ptr, i);
}

/* ---- scalars ----------------------------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static bool yaml_special_word(const char *s)
{
    static const char *const words[] = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *w = words[i];
        size_t j = 0;
        while (w[j] && tolower((unsigned char)s[j]) == w[j])
            j++;
        if (!w[j] && !s[j])
            return true;    /* the word in any case */
    }
    return false;
}

/* U+0085, U+2028 and U+2029 break lines for YAML 1.1 readers: the length
 * of the one at p, else 0. */
static size_t line_break(const unsigned char *p)
{
    if (p[0] == 0xC2 && p[1] == 0x85)
        return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

bool im_plain_ok(const char *s, bool flow)
{
    size_t n = strlen(s);
    if (!n || is_space(s[0]) || is_space(s[n - 1]) || strchr("-?:,[]{}#&*!|>'\"%@`.+", s[0]) ||
        isdigit((unsigned char)s[0]) || yaml_special_word(s) || s[n - 1] == ':')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || (c == ':' && (i + 1 == n || s[i + 1] == ' ')) ||
            (c == '#' && i && s[i - 1] == ' ') || (flow && strchr(",[]{}", c)))
            return false;
        if (line_break((const unsigned char *)s + i))
            return false;
        /* U+FEFF */
        if (c == 0xEF && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF)
            return false;
    }
    return true;
}

void im_yq(tx_sb *sb, const char *s, bool flow)
{
    if (im_plain_ok(s, flow)) {
        tx_sb_adds(sb, s);
        return;
    }
    tx_sb_addc(sb, '"');
    size_t bl;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            tx_sb_addc(sb, '\\'), tx_sb_addc(sb, (char)*p);
        else if (*p == '\n')
            tx_sb_adds(sb, "\\n");
        else if (*p == '\t')
            tx_sb_adds(sb, "\\t");
        else if (*p == '\r')
            tx_sb_adds(sb, "\\r");
        else if (*p < 0x20 || *p == 0x7f)
            tx_sb_addf(sb, "\\x%02x", *p);
        else if ((bl = line_break(p)))
            tx_sb_adds(sb, bl == 2 ? "\\N" : p[2] == 0xA8 ? "\\L" : "\\P"), p += bl - 1;
        else if (*p == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
            tx_sb_adds(sb, "\\uFEFF"), p += 2;
        else
            tx_sb_addc(sb, (char)*p);
    }
    tx_sb_addc(sb, '"');
}

/* A comment line: no line breaks can end it early. */
void im_comment(tx_sb *sb, int ind, const char *prefix, const char *s)
{
    tx_sb_addf(sb, "%*s# %s", ind, "", prefix);
    size_t bl;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            tx_sb_addc(sb, ' ');
        else if ((bl = line_break(p)))
            tx_sb_addc(sb, ' '), p += bl - 1;
        else
            tx_sb_addc(sb, (char)*p);
    }
    tx_sb_addc(sb, '\n');
}

void im_kv(tx_sb *sb, int ind, const char *k, const char *v)
{
    if (!v)
        return;
    tx_sb_addf(sb, "%*s%s: ", ind, "", k);
    im_yq(sb, v, false);
    tx_sb_addc(sb, '\n');
}

/* `name:` opening a mapping (name quoted as needed). */
static void key_open(tx_sb *sb, int ind, const char *name)
{
    tx_sb_addf(sb, "%*s", ind, "");
    im_yq(sb, name, false);
    tx_sb_adds(sb, ":\n");
}

/* ---- type specs -------------------------------------------------------------------------- */

static bool has_constraints(const im_type *t)
{
    return t->nullable || t->enums.n || t->min || t->max || t->min_len >= 0 || t->max_len >= 0 ||
           t->min_items >= 0 || t->max_items >= 0 || t->pattern || t->format || t->items ||
           t->fields.n || t->additional != IM_CLOSED || t->branches.n;
}

/* A spec written as just its type name (`items: string`): a base type
 * without constraints. A named type is written as a mapping (the csv
 * importer's habit, kept so its output does not change). */
static bool shorthand(const im_type *t)
{
    return !t->ref && t->type && im_is_base(t->type) && !has_constraints(t);
}

const char im_null_bare[] = "null";

static void type_line(tx_sb *sb, const im_type *t)
{
    if (t->branches.n) {
        tx_sb_addc(sb, '[');
        for (size_t i = 0; i < t->branches.n; i++) {
            if (i)
                tx_sb_adds(sb, ", ");
            if (t->branches.items[i] == im_null_bare)
                tx_sb_adds(sb, "'null'");
            else
                im_yq(sb, t->branches.items[i], true);
        }
        tx_sb_addc(sb, ']');
    } else if (t->type == im_null_bare) {
        tx_sb_adds(sb, im_null_bare);
    } else {
        im_yq(sb, t->type ? t->type : "any", false);
    }
}

void im_spec_emit(tx_sb *sb, int ind, const im_type *t)
{
    tx_sb_addf(sb, "%*stype: ", ind, "");
    type_line(sb, t);
    tx_sb_addc(sb, '\n');
    im_constraints_emit(sb, ind, t);
}

/* key: shorthand, or key: + the spec one level deeper */
static void sub_spec(tx_sb *sb, int ind, const char *key, const im_type *t)
{
    if (shorthand(t)) {
        tx_sb_addf(sb, "%*s%s: %s\n", ind, "", key, t->type);
        return;
    }
    tx_sb_addf(sb, "%*s%s:\n", ind, "", key);
    im_spec_emit(sb, ind + 2, t);
}

static void emit_enum(tx_sb *sb, int ind, const im_type *t)
{
    bool descs = false;
    for (size_t i = 0; i < t->enums.n; i++)
        descs |= t->enums.items[i].desc != NULL;
    if (!descs) {
        tx_sb_addf(sb, "%*senum: [", ind, "");
        for (size_t i = 0; i < t->enums.n; i++) {
            if (i)
                tx_sb_adds(sb, ", ");
            if (t->enums.items[i].str)
                im_yq(sb, t->enums.items[i].val, true);
            else
                tx_sb_adds(sb, t->enums.items[i].val);
        }
        tx_sb_adds(sb, "]\n");
        return;
    }
    tx_sb_addf(sb, "%*senum:\n", ind, "");
    for (size_t i = 0; i < t->enums.n; i++) {
        tx_sb_addf(sb, "%*s", ind + 2, "");
        if (t->enums.items[i].str)
            im_yq(sb, t->enums.items[i].val, false);
        else
            tx_sb_adds(sb, t->enums.items[i].val);
        tx_sb_adds(sb, ":");
        if (t->enums.items[i].desc) {
            tx_sb_addc(sb, ' ');
            im_yq(sb, t->enums.items[i].desc, false);
        }
        tx_sb_addc(sb, '\n');
    }
}

void im_constraints_emit(tx_sb *sb, int ind, const im_type *t)
{
    if (t->nullable)
        tx_sb_addf(sb, "%*snullable: true\n", ind, "");
    if (t->enums.n)
        emit_enum(sb, ind, t);
    if (t->min)
        tx_sb_addf(sb, "%*smin: %s\n", ind, "", t->min);
    if (t->max)
        tx_sb_addf(sb, "%*smax: %s\n", ind, "", t->max);
    if (t->min_len >= 0)
        tx_sb_addf(sb, "%*smin_length: %" PRId64 "\n", ind, "", t->min_len);
    if (t->max_len >= 0)
        tx_sb_addf(sb, "%*smax_length: %" PRId64 "\n", ind, "", t->max_len);
    im_kv(sb, ind, "format", t->format);
    im_kv(sb, ind, "pattern", t->pattern);
    if (t->items)
        sub_spec(sb, ind, "items", t->items);
    if (t->fields.n) {
        tx_sb_addf(sb, "%*sproperties:\n", ind, "");
        for (size_t i = 0; i < t->fields.n; i++) {
            const im_field *f = &t->fields.items[i];
            key_open(sb, ind + 2, f->name);
            im_spec_emit(sb, ind + 4, f->type);
            if (f->required)
                tx_sb_addf(sb, "%*srequired: true\n", ind + 4, "");
            im_meta_emit(sb, ind + 4, &f->meta);
        }
    }
    if (t->additional == IM_OPEN)
        tx_sb_addf(sb, "%*sadditional: true\n", ind, "");
    else if (t->additional == IM_ADDITIONAL_TYPE && t->additional_type)
        sub_spec(sb, ind, "additional", t->additional_type);
    if (t->min_items >= 0)
        tx_sb_addf(sb, "%*smin_items: %" PRId64 "\n", ind, "", t->min_items);
    if (t->max_items >= 0)
        tx_sb_addf(sb, "%*smax_items: %" PRId64 "\n", ind, "", t->max_items);
}

void im_meta_emit(tx_sb *sb, int ind, const im_meta *m)
{
    im_kv(sb, ind, "description", m->desc);
    if (m->deprecated) {
        if (m->dep_reason)
            im_kv(sb, ind, "deprecated", m->dep_reason);
        else
            tx_sb_addf(sb, "%*sdeprecated: true\n", ind, "");
    }
    im_kv(sb, ind, "owner", m->owner);
    if (m->pii)
        tx_sb_addf(sb, "%*spii: true\n", ind, "");
}

const char *im_type_text(tx_arena *a, const im_type *t)
{
    tx_sb sb = TX_SB_INIT;
    im_spec_emit(&sb, 0, t);
    const char *r = sb.failed ? "" : tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

/* ---- the plan ---------------------------------------------------------------------------- */

static void notes_emit(tx_sb *sb, int ind, const im_strs *n)
{
    for (size_t i = 0; i < n->n; i++)
        im_comment(sb, ind, "", n->items[i]);
}

static void uses_emit(tx_sb *sb, const im_plan *p, int ind, const im_use *u, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        tx_sb_addf(sb, "%*s", ind, "");
        im_yq(sb, u[k].name ? u[k].name : p->props.items[u[k].prop].name, false);
        if (!u[k].type) {
            tx_sb_adds(sb, u[k].required ? ": required\n" : ": optional\n");
            continue;
        }
        tx_sb_adds(sb, ":\n");
        if (u[k].required && p->required_first)
            tx_sb_addf(sb, "%*srequired: true\n", ind + 2, "");
        im_spec_emit(sb, ind + 2, u[k].type);
        if (u[k].required && !p->required_first)
            tx_sb_addf(sb, "%*srequired: true\n", ind + 2, "");
        im_meta_emit(sb, ind + 2, &u[k].meta);
    }
}

static void conventions_emit(tx_sb *sb, const im_plan *p)
{
    if (!p->event_style && !p->event_casing && !p->prop_casing && !p->rules_off.n &&
        !p->rules_warn.n)
        return;
    tx_sb_adds(sb, "\nconventions:\n");
    if (p->event_style || p->event_casing) {
        tx_sb_adds(sb, "  event_name:\n");
        im_kv(sb, 4, "style", p->event_style);
        im_kv(sb, 4, "casing", p->event_casing);
    }
    if (p->prop_casing) {
        tx_sb_adds(sb, "  property_name:\n");
        im_kv(sb, 4, "casing", p->prop_casing);
    }
    if (p->rules_off.n || p->rules_warn.n) {
        tx_sb_adds(sb, "  rules:\n");
        for (size_t i = 0; i < p->rules_off.n; i++)
            tx_sb_addf(sb, "    %s: off\n", p->rules_off.items[i]);
        for (size_t i = 0; i < p->rules_warn.n; i++)
            tx_sb_addf(sb, "    %s: warning\n", p->rules_warn.items[i]);
    }
}

/* A top-level section's title, when it has n > 0 entries. */
static bool section(tx_sb *sb, const char *title, size_t n)
{
    if (n)
        tx_sb_addf(sb, "\n%s:\n", title);
    return n > 0;
}

static void named_emit(tx_sb *sb, const im_named *nt)
{
    key_open(sb, 2, nt->name);
    im_spec_emit(sb, 4, nt->type);
    im_meta_emit(sb, 4, &nt->meta);
    notes_emit(sb, 4, &nt->notes);
}

static void prop_emit(tx_sb *sb, const im_prop *pr)
{
    key_open(sb, 2, pr->name);
    if (pr->type)
        im_spec_emit(sb, 4, pr->type);
    else
        tx_sb_adds(sb, "    type: any\n");
    im_meta_emit(sb, 4, &pr->meta);
    if (pr->examples)
        im_comment(sb, 4, "e.g. ", pr->examples);
    notes_emit(sb, 4, &pr->notes);
}

static void group_emit(tx_sb *sb, const im_plan *p, const im_group *g)
{
    key_open(sb, 2, g->name);
    im_meta_emit(sb, 4, &g->meta);
    tx_sb_adds(sb, g->props.n ? "    properties:\n" : "    properties: {}\n");
    uses_emit(sb, p, 6, g->props.items, g->props.n);
}

static void event_emit(tx_sb *sb, const im_plan *p, const im_event *e)
{
    key_open(sb, 2, e->name);
    im_meta_emit(sb, 4, &e->meta);
    im_kv(sb, 4, "category", e->category);
    im_kv(sb, 4, "trigger", e->trigger);
    if (e->iglu) {
        tx_sb_adds(sb, "    iglu: {");
        if (e->iglu_vendor) {
            tx_sb_adds(sb, "vendor: ");
            im_yq(sb, e->iglu_vendor, true);
        }
        if (e->iglu_versions.n) {
            tx_sb_adds(sb, e->iglu_vendor ? ", versions: [" : "versions: [");
            for (size_t i = 0; i < e->iglu_versions.n; i++) {
                tx_sb_adds(sb, i ? ", " : "");
                /* always quoted: 1-0-0 is a plain string, but reads as a date-ish word to people */
                tx_sb_addc(sb, '"');
                tx_sb_adds(sb, e->iglu_versions.items[i]);
                tx_sb_addc(sb, '"');
            }
            tx_sb_addc(sb, ']');
        }
        tx_sb_adds(sb, "}\n");
    }
    if (e->props.n) {
        tx_sb_adds(sb, "    properties:\n");
        uses_emit(sb, p, 6, e->props.items, e->props.n);
    }
    notes_emit(sb, 4, &e->notes);
}

char *im_write_yaml(const im_plan *p, size_t *len)
{
    tx_sb sb = TX_SB_INIT;
    notes_emit(&sb, 0, &p->header);
    notes_emit(&sb, 0, &p->notes);
    im_kv(&sb, 0, "taxonomy", p->name ? p->name : "taxonomy");
    im_kv(&sb, 0, "version", p->version);
    im_kv(&sb, 0, "description", p->description);
    conventions_emit(&sb, p);
    if (section(&sb, "types", p->types.n))
        for (size_t i = 0; i < p->types.n; i++)
            named_emit(&sb, &p->types.items[i]);
    if (section(&sb, "properties", p->props.n))
        for (size_t i = 0; i < p->props.n; i++)
            prop_emit(&sb, &p->props.items[i]);
    if (section(&sb, "property_groups", p->groups.n))
        for (size_t i = 0; i < p->groups.n; i++)
            group_emit(&sb, p, &p->groups.items[i]);
    for (size_t i = 0; i < p->user_props.n; i++) {
        tx_sb_adds(&sb, i ? ", " : "\nuser_properties: [");
        im_yq(&sb, p->props.items[p->user_props.items[i]].name, true);
    }
    if (p->user_props.n)
        tx_sb_adds(&sb, "]\n");
    if (section(&sb, "events", p->events.n))
        for (size_t i = 0; i < p->events.n; i++)
            event_emit(&sb, p, &p->events.items[i]);
    if (sb.failed) {
        tx_sb_release(&sb);
        return NULL;
    }
    char *r = tx_arena_strndup(p->a, sb.buf, sb.len);
    *len = sb.len;
    tx_sb_release(&sb);
    return r;
}

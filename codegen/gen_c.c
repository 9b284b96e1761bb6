/* C backend: one header and one source per taxonomy, C99, also valid C++.
 * Each event gets `<p>_track_<event>(client, required..., opt)`: required
 * properties are parameters, optional ones sit in a `<p>_<event>_opt`
 * struct with has_ flags; user properties go the same way through
 * `<p>_identify(client, user_id, user)`, and `<p>_flush(client)` reaches
 * the transport's flush. The JSON is written into a stack buffer sized from
 * the schema: nothing is allocated on the tracking path. Strict mode (a
 * violation handler in the client) checks enums, ranges, lengths, formats
 * and UTF-8; patterns go through the app's matcher hook (match_pattern),
 * as C has no PCRE2-compatible engine of its own.
 * Hooks: c_escape_string (C literal: octal for anything outside printable
 * ASCII, trigraph-safe), comment text via cg_comment_text (block and
 * trigraph hazards), identifiers via cg_ident with the C and C++ keywords.
 * Names: public ones are unique in one global scope (runtime names first,
 * then event functions, types, option structs, enum constants); internal
 * statics end in '_' so they can never meet a public name. */
#include "cg_internal.h"
#include "gen_c_rt.h"
#include <stdarg.h>
#include <string.h>

static const char *const c_keywords[] = {
    /* C89-C23 */
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "typedef", "union", "unsigned", "void", "volatile", "while", "alignas", "alignof", "bool",
    "constexpr", "false", "nullptr", "static_assert", "thread_local", "true", "typeof",
    "typeof_unqual",
    /* C++ */
    "and", "and_eq", "asm", "bitand", "bitor", "catch", "char8_t", "char16_t", "char32_t",
    "class", "compl", "concept", "consteval", "constinit", "const_cast", "co_await",
    "co_return", "co_yield", "decltype", "delete", "dynamic_cast", "explicit", "export",
    "friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "operator", "or",
    "or_eq", "private", "protected", "public", "reinterpret_cast", "requires", "static_cast",
    "template", "this", "throw", "try", "typeid", "typename", "using", "virtual", "wchar_t",
    "xor", "xor_eq", "override", "final", "import", "module",
    /* macros and types from the standard headers the output includes, and
     * predefined macros of GNU modes */
    "assert", "errno", "stdin", "stdout", "stderr", "offsetof", "complex", "imaginary",
    "noreturn", "linux", "unix", "i386", "size_t", "ptrdiff_t", "max_align_t", "wint_t",
    "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
    "intptr_t", "uintptr_t", "intmax_t", "uintmax_t", "FILE", "fpos_t", "va_list",
    "main",
    NULL,
};

enum {
    U_FIELD = 1u << 0, U_INDEX = 1u << 1, U_BOOL = 1u << 2, U_INT = 1u << 3,
    U_NUM = 1u << 4, U_STR = 1u << 5, U_ENUM = 1u << 6, U_JSON = 1u << 7,
    U_LEN = 1u << 8, U_INT_RANGE = 1u << 9, U_NUM_RANGE = 1u << 10, U_ITEMS = 1u << 11,
    U_DIG = 1u << 12, U_DATE_AT = 1u << 13,
    /* one per checked format, in tx_format order (U_FORMAT) */
    U_DATE = 1u << 14, U_DATE_TIME = 1u << 15, U_TIME = 1u << 16, U_UUID = 1u << 17,
    U_EMAIL = 1u << 18, U_URI = 1u << 19,
    U_PATTERN = 1u << 20, U_POP = 1u << 21, U_KEY = 1u << 22, U_NULL = 1u << 23,
    U_REGEX = 1u << 24, U_ANY = 1u << 25, U_EXTRA = 1u << 26, U_ENUM_KINDS = 1u << 27,
};

/* Standard C (C89-C23) and common POSIX header names: a generated
 * "string.h" would shadow <string.h> for any build that puts the output
 * folder on the include path, so such taxonomies get "<name>_events.h". */
static const char *const std_headers[] = {
    "assert", "complex", "ctype", "errno", "fenv", "float", "inttypes", "iso646", "limits",
    "locale", "math", "setjmp", "signal", "stdalign", "stdarg", "stdatomic", "stdbit", "stdbool",
    "stdckdint", "stddef", "stdint", "stdio", "stdlib", "stdnoreturn", "string", "tgmath",
    "threads", "time", "uchar", "wchar", "wctype", "unistd", "fcntl", "pthread", "dirent",
    "dlfcn", "poll", "sched", "semaphore", "strings", "syslog", "termios", "utime", "alloca",
    "malloc", "memory", "endian", "features", "getopt", "glob", "libgen", "netdb", "pwd", "grp",
    "regex", "search", "spawn", "sys", "wordexp", "iconv", "langinfo", "monetary", "nl_types",
    "ftw", "fnmatch", "aio", "cpio", "tar", "ulimit", "utmpx", "err", "error", "assert_",
    NULL,
};

/* The file name stem: the prefix, unless that is a standard header's name. */
static const char *c_file_stem(tx_arena *a, const char *pre)
{
    for (const char *const *h = std_headers; *h; h++)
        if (strcmp(*h, pre) == 0)
            return tx_arena_printf(a, "%s_events", pre);
    return pre;
}

/* Runtime pieces in output order, with what each needs. */
static const struct rt_piece {
    unsigned use, needs;
    const char *text;
} rt_pieces[] = {
    { U_FIELD, U_KEY, rt_c_field },
    { U_INDEX, U_KEY, rt_c_index },
    { U_POP, 0, rt_c_pop },
    { U_BOOL, 0, rt_c_bool },
    { U_INT, 0, rt_c_int },
    { U_NUM, U_NULL, rt_c_num },
    { U_STR, U_NULL, rt_c_str },
    { U_ENUM, U_NULL, rt_c_enum },
    { U_JSON, 0, rt_c_json },
    { U_ANY, U_NULL | U_BOOL | U_INT | U_NUM | U_STR | U_JSON | U_INDEX | U_FIELD | U_POP | U_KEY,
      rt_c_any },
    { U_EXTRA, U_STR | U_NULL, rt_c_extra },
    { U_ENUM_KINDS, U_ENUM | U_NULL, rt_c_enum_kinds },
    { U_LEN, 0, rt_c_len },
    { U_INT_RANGE, 0, rt_c_int_range },
    { U_NUM_RANGE, 0, rt_c_num_range },
    { U_ITEMS, 0, rt_c_items },
    { U_DIG, 0, rt_c_dig },
    { U_DATE_AT, U_DIG, rt_c_date_at },
    { U_TIME, U_DIG, rt_c_time },
    { U_DATE, U_DATE_AT | U_DIG, rt_c_date },
    { U_DATE_TIME, U_DATE_AT | U_TIME | U_DIG, rt_c_date_time },
    { U_UUID, 0, rt_c_uuid },
    { U_EMAIL, 0, rt_c_email },
    { U_URI, 0, rt_c_uri },
    { U_PATTERN, U_DIG, rt_c_pattern },
    { U_REGEX, 0, rt_c_regex },
};

/* The piece that checks format f (cg_format_check_of). */
#define U_FORMAT(f) (U_DATE << ((f) - TX_FMT_DATE))
_Static_assert(U_FORMAT(TX_FMT_URI) == U_URI, "U_DATE..U_URI follow tx_format");

/* ---- hooks ---- */
static void c_escape_string(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_addc(sb, '"');
    char prev = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = cg_common_escape(c);
        if (esc) {
            tx_sb_adds(sb, esc);
        } else if (c < 0x20 || c >= 0x7F) {
            /* octal escapes stop after three digits, unlike \x */
            tx_sb_addf(sb, "\\%03o", c);
        } else if (c == '?' && prev == '?') {
            tx_sb_adds(sb, "\\?");  /* no trigraphs */
        } else {
            tx_sb_addc(sb, (char)c);
        }
        prev = (char)c;
    }
    tx_sb_addc(sb, '"');
}

#define C_COMMENT_FLAGS (CG_COMMENT_BLOCK | CG_COMMENT_TRIGRAPH)

static void c_escape_comment(tx_sb *sb, const char *s, size_t n)
{
    cg_comment_text(sb, s, n, C_COMMENT_FLAGS);
}

/* ---- naming ---- */
typedef struct gc {
    const cg_plan *p;
    const tx_taxonomy *t;
    tx_arena *a;
    cg_ident_rules rules;
    const char *pre, *PRE;
    cg_wordset *global;
    const char **ev_ident, **ev_fn, **ev_opt;
    const char ***ev_param, ***ev_flag;
    const char **decl_ident, **decl_name;
    const char ***enum_const;
    const char ***field_name, ***field_flag;
    const char **prop_fn;
    const char **node_fn;
    const char **node_ctype;    /* per node: its C type, e.g. "const int64_t *" */
    const char **extra_name;    /* per open object decl: its key/value pair struct */
    const char **tag_name;      /* per union decl: its tag enum */
    const char ***tag_const;    /* ... its constants, one per branch */
    const char ***branch_name;  /* ... its members of `as` */
    const char **prop_ident;    /* per property: its parameter name before scoping */
    const char **prop_doc;      /* per property: escaped "'wire': description (summary)" */
    const char *identify_fn;                /* <p>_identify; NULL without user properties */
    const char **user_param, **user_flag;   /* identify(): user_props' members */
    unsigned uses;
    tx_sb tmp;
} gc;

static const char *const rt_public[] = {
    "`p`_kind", "`p`_prop", "`p`_transport", "`p`_action", "`p`_violation_fn", "`p`_client",
    "`p`_violation_log", "`p`_violation_drop", "`p`_violation_assert", "`P`_KIND_NULL",
    "`P`_KIND_BOOL", "`P`_KIND_INT", "`P`_KIND_NUMBER", "`P`_KIND_STRING", "`P`_KIND_JSON",
    "`P`_SEND", "`P`_DROP", "`P`_DEPRECATED", "`P`_NO_DEPRECATION", "`P`_JSON_MAX", "`P`_H",
    "`p`_flush", NULL,
};

/* Taken as well when the plan lists user properties (identify). */
static const char *const rt_public_user[] = { "`p`_user_props", NULL };

/* Taken as well when the plan uses the JSON value type (issue 16). */
static const char *const rt_public_json[] = {
    "`p`_json", "`p`_json_kind", "`p`_json_member", "`P`_JSON_NULL", "`P`_JSON_BOOL",
    "`P`_JSON_INT", "`P`_JSON_NUMBER", "`P`_JSON_STRING", "`P`_JSON_ARRAY", "`P`_JSON_OBJECT",
    NULL,
};

static const char *upper(tx_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *r = tx_arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++)
        r[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    return r;
}

static void c_rules(cg_ident_rules *r, tx_arena *a)
{
    cg_wordset *kw = cg_wordset_new(a);
    cg_wordset_add_list(kw, c_keywords);
    r->reserved = kw;
    r->unicode = false;
}

/* The prefix of every public name ("travel_app"), from the taxonomy's. */
static const char *c_prefix(tx_arena *a, const tx_taxonomy *t)
{
    tx_sb sb = TX_SB_INIT;
    cg_words(&sb, t->name ? t->name : "taxonomy", t->name ? strlen(t->name) : 8, CG_SNAKE, false);
    if (sb.buf[0] >= '0' && sb.buf[0] <= '9') {
        tx_sb_reset(&sb);
        tx_sb_addc(&sb, 't');
        cg_words(&sb, t->name, strlen(t->name), CG_SNAKE, false);
    }
    const char *pre = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return pre;
}

/* <p>_identify, or NULL when the taxonomy has no user properties. */
static const char *c_identify_fn(tx_arena *a, const tx_taxonomy *t, const char *pre)
{
    return t->n_user_props ? tx_arena_printf(a, "%s_identify", pre) : NULL;
}

/* Prefix, runtime names and event functions: shared by the generator and
 * `taxonc status`, so both agree on every function name. */
static void c_name_events(gc *g)
{
    tx_arena *a = g->a;
    const tx_taxonomy *t = g->t;
    tx_sb sb = TX_SB_INIT;
    g->pre = c_prefix(a, t);
    g->PRE = upper(a, g->pre);
    g->global = cg_wordset_new(a);
    for (const char *const *r = rt_public; *r; r++) {
        tx_sb_reset(&sb);
        cg_expand(&sb, *r, g->pre, g->PRE, "");
        cg_wordset_add(g->global, tx_arena_strndup(a, sb.buf, sb.len));
    }
    g->identify_fn = c_identify_fn(a, t, g->pre);
    if (g->identify_fn)
        cg_wordset_add(g->global, g->identify_fn);
    for (const char *const *r = rt_public_user; t->n_user_props && *r; r++) {
        tx_sb_reset(&sb);
        cg_expand(&sb, *r, g->pre, g->PRE, "");
        cg_wordset_add(g->global, tx_arena_strndup(a, sb.buf, sb.len));
    }
    for (const char *const *r = rt_public_json; g->p && g->p->uses_any && *r; r++) {
        tx_sb_reset(&sb);
        cg_expand(&sb, *r, g->pre, g->PRE, "");
        cg_wordset_add(g->global, tx_arena_strndup(a, sb.buf, sb.len));
    }
    size_t n = t->n_events;
    g->ev_ident = tx_arena_alloc(a, (n + 1) * sizeof *g->ev_ident);
    g->ev_fn = tx_arena_alloc(a, (n + 1) * sizeof *g->ev_fn);
    const char **raws = tx_arena_alloc(a, (n + 1) * sizeof *raws);
    cg_wordset *evscope = cg_wordset_new(a);
    for (size_t i = 0; i < n; i++) {
        raws[i] = t->events[i].name;
        tx_sb_reset(&sb);
        cg_words(&sb, raws[i], strlen(raws[i]), CG_SNAKE, false);
        g->ev_ident[i] = tx_arena_strndup(a, sb.buf, sb.len);
    }
    cg_scope_assign(a, evscope, n, raws, g->ev_ident);
    for (size_t i = 0; i < n; i++)
        g->ev_fn[i] = cg_scope_claim(a, g->global,
                                     tx_arena_printf(a, "%s_track_%s", g->pre, g->ev_ident[i]));
    tx_sb_release(&sb);
}

static const char *snake(gc *g, const char *raw)
{
    tx_sb_reset(&g->tmp);
    cg_words(&g->tmp, raw, strlen(raw), CG_SNAKE, false);
    return tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
}

/* Unique snake-case identifiers for a batch of raw names. */
static const char **batch(gc *g, cg_wordset *scope, size_t n, const char *const *raws,
                          bool as_ident)
{
    const char **out = tx_arena_alloc(g->a, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = as_ident ? cg_ident(g->a, &g->rules, CG_SNAKE, raws[i], strlen(raws[i]))
                          : snake(g, raws[i]);
    cg_scope_assign(g->a, scope, n, raws, out);
    return out;
}

/* Declared types, option structs and enum constants, in the global scope. */
static void c_name_types(gc *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;

    /* declared types */
    const char **raws = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *raws);
    for (size_t i = 0; i < p->n_decls; i++)
        raws[i] = p->decls[i]->kind == CG_ARRAY
                      ? tx_arena_printf(a, "%s_list", p->decls[i]->seed)
                      : p->decls[i]->seed;
    g->decl_ident = batch(g, cg_wordset_new(a), p->n_decls, raws, false);
    g->decl_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->decl_name);
    for (size_t i = 0; i < p->n_decls; i++)
        g->decl_name[i] = cg_scope_claim(a, g->global,
                                         tx_arena_printf(a, "%s_%s", g->pre, g->decl_ident[i]));

    /* option structs */
    g->ev_opt = tx_arena_alloc(a, (p->n_events + 1) * sizeof *g->ev_opt);
    for (size_t i = 0; i < p->n_events; i++)
        if (p->events[i].n_params > p->events[i].n_required)
            g->ev_opt[i] = cg_scope_claim(a, g->global,
                                          tx_arena_printf(a, "%s_%s_opt", g->pre, g->ev_ident[i]));

    /* enum constants: one batch over all of them */
    size_t nconst = 0;
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind == CG_ENUM)
            nconst += p->decls[i]->n_values;
    const char **craw = tx_arena_alloc(a, (nconst + 1) * sizeof *craw);
    const char **cname = tx_arena_alloc(a, (nconst + 1) * sizeof *cname);
    size_t k = 0;
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind != CG_ENUM)
            continue;
        const char *dn = upper(a, g->decl_name[i]);
        for (size_t j = 0; j < d->n_values; j++, k++) {
            const char *raw = cg_enum_value_raw(a, d->base, &d->values[j]);
            tx_sb_reset(&g->tmp);
            tx_sb_adds(&g->tmp, dn);
            tx_sb_addc(&g->tmp, '_');
            cg_words(&g->tmp, raw, strlen(raw), CG_UPPER, false);
            cname[k] = tx_arena_strndup(a, g->tmp.buf, g->tmp.len);
            craw[k] = tx_arena_printf(a, "%s\x01%s", d->seed, raw);
        }
    }
    cg_scope_assign(a, g->global, nconst, craw, cname);
    g->enum_const = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->enum_const);
    k = 0;
    for (size_t i = 0; i < p->n_decls; i++) {
        if (p->decls[i]->kind != CG_ENUM)
            continue;
        g->enum_const[i] = cname + k;
        k += p->decls[i]->n_values;
    }
}

/* Issue 16's names, then object fields. */
static void c_name_members(gc *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;

    /* issue 16: unions' tag enums, constants and members; open objects'
     * key/value pair structs */
    g->extra_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->extra_name);
    g->tag_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->tag_name);
    g->tag_const = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->tag_const);
    g->branch_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->branch_name);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind == CG_OBJECT && d->open)
            g->extra_name[i] = cg_scope_claim(a, g->global,
                                              tx_arena_printf(a, "%s_extra", g->decl_name[i]));
        if (d->kind != CG_UNION)
            continue;
        g->tag_name[i] = cg_scope_claim(a, g->global, tx_arena_printf(a, "%s_tag", g->decl_name[i]));
        g->branch_name[i] = batch(g, cg_wordset_new(a), d->n_branches, d->branch_seed, true);
        g->tag_const[i] = tx_arena_alloc(a, (d->n_branches + 1) * sizeof *g->tag_const[i]);
        for (size_t j = 0; j < d->n_branches; j++)
            g->tag_const[i][j] = cg_scope_claim(
                a, g->global, upper(a, tx_arena_printf(a, "%s_%s", g->decl_name[i],
                                                       g->branch_name[i][j])));
    }

    /* object fields: a scope per struct, inside the global one (C++ rejects
     * a member named like a type it uses) */
    g->field_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->field_name);
    g->field_flag = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->field_flag);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind != CG_OBJECT)
            continue;
        cg_wordset *sc = cg_wordset_child(a, g->global);
        cg_wordset_add(sc, "unused");
        if (d->open) {
            cg_wordset_add(sc, "extras");
            cg_wordset_add(sc, "n_extras");
        }
        const char **fr = tx_arena_alloc(a, (d->n_fields + 1) * sizeof *fr);
        for (size_t j = 0; j < d->n_fields; j++)
            fr[j] = d->fields[j].f->name;
        g->field_name[i] = batch(g, sc, d->n_fields, fr, true);
        g->field_flag[i] = tx_arena_alloc(a, (d->n_fields + 1) * sizeof *g->field_flag[i]);
        for (size_t j = 0; j < d->n_fields; j++)
            if (!d->fields[j].f->required)
                g->field_flag[i][j] = cg_scope_claim(
                    a, sc, tx_arena_printf(a, "has_%s", g->field_name[i][j]));
    }
}

/* Event parameters and has_ flags: a scope per event. */
static void c_name_params(gc *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;

    /* parameters: a scope per event */
    g->ev_param = tx_arena_alloc(a, (p->n_events + 1) * sizeof *g->ev_param);
    g->ev_flag = tx_arena_alloc(a, (p->n_events + 1) * sizeof *g->ev_flag);
    /* the functions' own parameters and locals */
    static const char *const locals[] = { "client", "opt", "buf", "props", "ck", "ck_", NULL };
    cg_wordset *fixed = cg_wordset_child(a, g->global);
    cg_wordset_add_list(fixed, locals);
    g->prop_ident = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_ident);
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type)
            g->prop_ident[i] = cg_ident(a, &g->rules, CG_SNAKE, p->props[i].p->name,
                                        strlen(p->props[i].p->name));
    /* a variant slot shares its property's name: each such name takes the
     * per-event path below (cg_idents_free sees them twice) */
    /* a property whose name and has_ flag clash with nothing anywhere never
     * needs the per-event check */
    const char **both = tx_arena_alloc(a, (2 * p->n_props + 1) * sizeof *both);
    for (size_t i = 0; i < p->n_props; i++)
        if (g->prop_ident[i]) {
            both[i] = g->prop_ident[i];
            both[p->n_props + i] = tx_arena_printf(a, "has_%s", g->prop_ident[i]);
        }
    bool *free_ok = cg_idents_free(a, both, 2 * p->n_props, fixed);
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        bool all_free = true;
        for (size_t j = 0; j < ev->n_params && all_free; j++) {
            size_t pi = ev->params[j].slot;
            all_free = free_ok[pi] && free_ok[p->n_props + pi];
        }
        const char **names = tx_arena_alloc(a, (2 * ev->n_params + 1) * sizeof *names);
        const char **flags = tx_arena_alloc(a, (ev->n_params + 1) * sizeof *flags);
        for (size_t j = 0; j < ev->n_params; j++)
            names[j] = g->prop_ident[ev->params[j].slot];
        /* fast path: the property names are already distinct and free, and
         * so are their has_ flags (what cg_scope_assign would give) */
        size_t nn = ev->n_params;
        for (size_t j = ev->n_required; j < ev->n_params; j++)
            flags[j] = names[nn++] = both[p->n_props + ev->params[j].slot];
        if (!all_free && !cg_names_distinct(names, nn, fixed)) {
            cg_wordset *sc = cg_wordset_child(a, g->global);
            cg_wordset_add_list(sc, locals);
            const char **pr = tx_arena_alloc(a, (ev->n_params + 1) * sizeof *pr);
            for (size_t j = 0; j < ev->n_params; j++)
                pr[j] = ev->params[j].p->name;
            names = batch(g, sc, ev->n_params, pr, true);
            for (size_t j = ev->n_required; j < ev->n_params; j++)
                flags[j] = cg_scope_claim(a, sc, tx_arena_printf(a, "has_%s", names[j]));
        }
        g->ev_param[i] = names;
        g->ev_flag[i] = flags;
    }
}

/* Internal helpers: families put_, w_ and tab_, each unique inside. */
static void c_name_helpers(gc *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;
    const char **praw = tx_arena_alloc(a, (p->n_props + 1) * sizeof *praw);
    size_t nused = 0;
    size_t *pidx = tx_arena_alloc(a, (p->n_props + 1) * sizeof *pidx);
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type) {
            pidx[nused] = i;
            praw[nused++] = p->props[i].p->name;
        }
    const char **pid = batch(g, cg_wordset_new(a), nused, praw, false);
    g->prop_fn = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_fn);
    for (size_t i = 0; i < nused; i++)
        g->prop_fn[pidx[i]] = tx_arena_printf(a, "%s_put_%s_", g->pre, pid[i]);
    const char **nraw = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *nraw);
    for (size_t i = 0; i < p->n_nodes; i++)
        nraw[i] = p->nodes[i]->seed;
    const char **nid = batch(g, cg_wordset_new(a), p->n_nodes, nraw, false);
    g->node_fn = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *g->node_fn);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_fn[i] = tx_arena_printf(a, "%s_w_%s_", g->pre, nid[i]);
}

/* identify(): <p>_user_props' members and has_ flags, a scope of their
 * own inside the global one (as object fields). */
static void c_name_user(gc *g)
{
    const cg_event *u = g->p->user;
    tx_arena *a = g->a;
    const char **raws = tx_arena_alloc(a, (u->n_params + 1) * sizeof *raws);
    for (size_t j = 0; j < u->n_params; j++)
        raws[j] = u->params[j].p->name;
    cg_wordset *sc = cg_wordset_child(a, g->global);
    g->user_param = batch(g, sc, u->n_params, raws, true);
    g->user_flag = tx_arena_alloc(a, (u->n_params + 1) * sizeof *g->user_flag);
    for (size_t j = 0; j < u->n_params; j++)
        g->user_flag[j] = cg_scope_claim(a, sc, tx_arena_printf(a, "has_%s", g->user_param[j]));
}

/* Every name, in the order that decides who keeps a contested one. */
static void c_name_all(gc *g)
{
    c_name_events(g);
    c_name_types(g);
    c_name_members(g);
    c_name_params(g);
    c_name_helpers(g);
    if (g->p->user)
        c_name_user(g);
}

static const char *ctype(gc *g, const cg_node *n);

/* What every event repeats, computed once: type spellings and doc lines. */
static void c_cache(gc *g)
{
    const cg_plan *p = g->p;
    g->node_ctype = tx_arena_alloc(g->a, (p->n_nodes + 1) * sizeof *g->node_ctype);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_ctype[i] = ctype(g, p->nodes[i]);
    g->prop_doc = cg_prop_docs(g->a, p, true, C_COMMENT_FLAGS);
}

/* Emits "type name" (no space after a '*'). */
static void emit_decl_of(cg_emitter *e, const char *type, const char *name)
{
    size_t n = strlen(type);
    cg_emit(e, n && type[n - 1] == '*' ? "%s%s" : "%s %s", type, name);
}

/* ---- types ---- */
static const char *ctype(gc *g, const cg_node *n)
{
    const char *base;
    switch (n->kind) {
    case CG_STRING: return "const char *";
    case CG_ANY: return tx_arena_printf(g->a, "const %s_json *", g->pre);
    case CG_NULL: return "const void *";
    case CG_INTEGER: base = "int64_t"; break;
    case CG_NUMBER: base = "double"; break;
    case CG_BOOLEAN: base = "bool"; break;
    default: base = g->decl_name[n->decl->index]; break;
    }
    return n->nullable ? tx_arena_printf(g->a, "const %s *", base) : base;
}

/* "type name" with the space only when the type does not end in '*'. */
static const char *cdecl_of(gc *g, const char *type, const char *name)
{
    size_t n = strlen(type);
    return tx_arena_printf(g->a, "%s%s%s", type, n && type[n - 1] == '*' ? "" : " ", name);
}

/* A doc comment from text already escaped for a comment. */
static void c_doc_escaped(cg_emitter *e, const char *text)
{
    size_t n = strlen(text);
    if (!n)
        return;
    cg_emit_block_doc(e, text, n);
}

static void c_doc(cg_emitter *e, const char *text)
{
    tx_sb sb = TX_SB_INIT;
    c_escape_comment(&sb, text, strlen(text));
    c_doc_escaped(e, sb.buf);
    tx_sb_release(&sb);
}

/* The doc comment of g->tmp's text. */
static void c_doc_tmp(gc *g, cg_emitter *e)
{
    c_doc(e, tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len));
}

/* The doc comment of a formatted text (through g->tmp). */
static void c_docf(gc *g, cg_emitter *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void c_docf(gc *g, cg_emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_sb_reset(&g->tmp);
    tx_sb_vaddf(&g->tmp, fmt, ap);
    va_end(ap);
    c_doc_tmp(g, e);
}

static void decl_doc(gc *g, cg_emitter *e, const cg_decl *d, const char *what)
{
    tx_sb_reset(&g->tmp);
    if (d->meta && d->meta->description && *d->meta->description) {
        tx_sb_adds(&g->tmp, d->meta->description);
        tx_sb_adds(&g->tmp, "\n\n");
    }
    tx_sb_addf(&g->tmp, "%s '%s'.", what, d->seed);
    if (d->meta && d->meta->deprecated)
        tx_sb_addf(&g->tmp, " Deprecated%s%s", d->meta->deprecated_reason ? ": " : ".",
                   d->meta->deprecated_reason ? d->meta->deprecated_reason : "");
    c_doc_tmp(g, e);
}

static void emit_decl(gc *g, cg_emitter *e, const cg_decl *d)
{
    const char *name = g->decl_name[d->index];
    switch (d->kind) {
    case CG_ENUM: {
        decl_doc(g, e, d, "Values of");
        cg_emit(e, "typedef enum %s {\n", name);
        cg_indent(e);
        for (size_t j = 0; j < d->n_values; j++) {
            tx_sb_reset(&g->tmp);
            cg_value_doc(&g->tmp, d, j);
            c_doc_tmp(g, e);
            cg_emit(e, "%s%s\n", g->enum_const[d->index][j], j + 1 < d->n_values ? "," : "");
        }
        cg_unindent(e);
        cg_emit(e, "} %s;\n\n", name);
        break;
    }
    case CG_ARRAY: {
        c_docf(g, e, "An array of '%s' items: items[0..count).", d->seed);
        const char *et = ctype(g, d->items);
        size_t n = strlen(et);
        cg_emit(e, "typedef struct %s {\n", name);
        cg_indent(e);
        if (et[n - 1] == '*')
            cg_emit(e, "%sconst *items;\n", et);
        else
            cg_emit(e, "const %s *items;\n", et);
        cg_emit(e, "size_t count;\n");
        cg_unindent(e);
        cg_emit(e, "} %s;\n\n", name);
        break;
    }
    case CG_UNION: {
        c_docf(g, e, "Tags of union '%s': which member of `as` holds the value.", d->seed);
        cg_emit(e, "typedef enum %s {\n", g->tag_name[d->index]);
        cg_indent(e);
        for (size_t j = 0; j < d->n_branches; j++)
            cg_emit(e, "%s%s\n", g->tag_const[d->index][j], j + 1 < d->n_branches ? "," : "");
        cg_unindent(e);
        cg_emit(e, "} %s;\n\n", g->tag_name[d->index]);
        decl_doc(g, e, d, "Union");
        cg_emit(e, "typedef struct %s {\n", name);
        cg_indent(e);
        cg_emit(e, "%s tag;\n", g->tag_name[d->index]);
        cg_emit(e, "union {\n");
        cg_indent(e);
        for (size_t j = 0; j < d->n_branches; j++) {
            tx_sb_reset(&g->tmp);
            cg_describe(&g->tmp, d->branches[j]);
            c_doc_tmp(g, e);
            cg_emit(e, "%s;\n", cdecl_of(g, ctype(g, d->branches[j]), g->branch_name[d->index][j]));
        }
        cg_unindent(e);
        cg_emit(e, "} as;\n");
        cg_unindent(e);
        cg_emit(e, "} %s;\n\n", name);
        break;
    }
    case CG_OBJECT: {
        if (d->open) {
            tx_sb_reset(&g->tmp);
            tx_sb_addf(&g->tmp, "Another member of '%s': its key and value (", d->seed);
            cg_describe(&g->tmp, d->extra);
            tx_sb_adds(&g->tmp, ").");
            c_doc_tmp(g, e);
            cg_emit(e, "typedef struct %s {\n", g->extra_name[d->index]);
            cg_indent(e);
            cg_emit(e, "const char *key;\n");
            cg_emit(e, "%s;\n", cdecl_of(g, ctype(g, d->extra), "value"));
            cg_unindent(e);
            cg_emit(e, "} %s;\n\n", g->extra_name[d->index]);
        }
        decl_doc(g, e, d, "Object");
        cg_emit(e, "typedef struct %s {\n", name);
        cg_indent(e);
        if (d->n_fields == 0 && !d->open)
            cg_emit(e, "char unused;\n");
        for (size_t j = 0; j < d->n_fields; j++) {
            const cg_field *f = &d->fields[j];
            tx_sb_reset(&g->tmp);
            cg_prop_doc(&g->tmp, &f->f->meta, f->type);
            if (!f->f->required)
                tx_sb_addf(&g->tmp, "; optional: set %s", g->field_flag[d->index][j]);
            c_doc_tmp(g, e);
            if (!f->f->required)
                cg_emit(e, "bool %s;\n", g->field_flag[d->index][j]);
            cg_emit(e, "%s;\n", cdecl_of(g, ctype(g, f->type), g->field_name[d->index][j]));
        }
        if (d->open) {
            c_doc(e, "Other members: extras[0..n_extras), sent after the declared ones\n"
                     "(a key repeating a declared member's is not sent).");
            cg_emit(e, "const %s *extras;\n", g->extra_name[d->index]);
            cg_emit(e, "size_t n_extras;\n");
        }
        cg_unindent(e);
        cg_emit(e, "} %s;\n\n", name);
        break;
    }
    default:
        break;
    }
}

static const char *deprecation_msg(gc *g, const tx_meta *m)
{
    return m->deprecated_reason ? m->deprecated_reason
                                : tx_arena_printf(g->a, "deprecated in the taxonomy");
}

/* The struct of an event's optional parameters (or identify's): a has_
 * flag and a member each. */
static void emit_opt_struct(gc *g, cg_emitter *e, const char *name, const char *doc,
                            const cg_event *ev, const char *const *names,
                            const char *const *flags)
{
    c_doc(e, doc);
    cg_emit(e, "typedef struct %s {\n", name);
    cg_indent(e);
    for (size_t j = ev->n_required; j < ev->n_params; j++) {
        const cg_param *pa = &ev->params[j];
        const tx_meta *m = g->p->props[pa->slot].meta;
        c_doc_escaped(e, g->prop_doc[pa->slot]);
        cg_emit(e, "bool %s;\n", flags[j]);
        emit_decl_of(e, g->node_ctype[pa->type->index], names[j]);
        if (m->deprecated)
            cg_emit(e, " %s_DEPRECATED(%q)", g->PRE, deprecation_msg(g, m));
        cg_emit(e, ";\n");
    }
    cg_unindent(e);
    cg_emit(e, "} %s;\n\n", name);
}

static void emit_event_decl(gc *g, cg_emitter *e, size_t i, bool doc)
{
    const cg_event *ev = &g->p->events[i];
    const tx_event *te = ev->e;
    if (doc && g->ev_opt[i]) {
        tx_sb_reset(&g->tmp);
        tx_sb_addf(&g->tmp, "Optional properties of '%s': set has_<name> to send <name>.",
                   te->name);
        emit_opt_struct(g, e, g->ev_opt[i], tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len), ev,
                        g->ev_param[i], g->ev_flag[i]);
    }
    if (doc) {
        /* escaped pieces: the event's text, then cached property lines */
        tx_sb raw = TX_SB_INIT;
        cg_event_doc(&raw, te);
        tx_sb_reset(&g->tmp);
        c_escape_comment(&g->tmp, raw.buf, raw.len);
        tx_sb_release(&raw);
        tx_sb_adds(&g->tmp, "\n\n@param client the client: transport and strict-mode handler");
        for (size_t j = 0; j < ev->n_required; j++) {
            tx_sb_adds(&g->tmp, "\n@param ");
            tx_sb_adds(&g->tmp, g->ev_param[i][j]);
            tx_sb_addc(&g->tmp, ' ');
            tx_sb_adds(&g->tmp, g->prop_doc[ev->params[j].slot]);
        }
        if (g->ev_opt[i])
            tx_sb_adds(&g->tmp, "\n@param opt optional properties, or NULL");
        tx_sb_adds(&g->tmp, "\n@return true when the event was handed to the transport");
        c_doc_escaped(e, g->tmp.buf);
        if (te->meta.deprecated)
            cg_emit(e, "%s_DEPRECATED(%q)\n", g->PRE, deprecation_msg(g, &te->meta));
    }
    cg_emit(e, "bool %s(\n", g->ev_fn[i]);
    cg_indent(e);
    cg_emit(e, "const %s_client *client", g->pre);
    for (size_t j = 0; j < ev->n_required; j++) {
        cg_emit(e, ",\n");
        emit_decl_of(e, g->node_ctype[ev->params[j].type->index], g->ev_param[i][j]);
    }
    if (g->ev_opt[i])
        cg_emit(e, ",\nconst %s *opt", g->ev_opt[i]);
    cg_emit(e, ")");
    cg_unindent(e);
}

/* ---- values ---- */
static bool bounds_int(const cg_checks *c)
{
    return (!c->min.set || c->min.is_int) && (!c->max.set || c->max.is_int);
}

static const char *int_lit(gc *g, int64_t v)
{
    if (v == INT64_MIN)
        return "INT64_MIN";
    return tx_arena_printf(g->a, "%lld", (long long)v);
}

static const char *dbl_lit(gc *g, const tx_num *n)
{
    tx_sb_reset(&g->tmp);
    cg_double_literal(&g->tmp, n->d);
    return tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
}

static void emit_range(gc *g, cg_emitter *e, const cg_node *n, const char *x)
{
    const cg_checks *c = &n->ck;
    if (!c->min.set && !c->max.set)
        return;
    if (n->kind == CG_INTEGER && bounds_int(c)) {
        g->uses |= U_INT_RANGE;
        cg_emit(e, "%s_int_range_(ck, %s, %s, %s, %s, %s);\n", g->pre, x,
                c->min.set ? "true" : "false", c->min.set ? int_lit(g, c->min.i) : "0",
                c->max.set ? "true" : "false", c->max.set ? int_lit(g, c->max.i) : "0");
    } else {
        g->uses |= U_NUM_RANGE;
        cg_emit(e, "%s_num_range_(ck, %s%s, %s, %s, %s, %s);\n", g->pre,
                n->kind == CG_INTEGER ? "(double)" : "", x, c->min.set ? "true" : "false",
                c->min.set ? dbl_lit(g, &c->min) : "0.0", c->max.set ? "true" : "false",
                c->max.set ? dbl_lit(g, &c->max) : "0.0");
    }
}

static void emit_string_checks(gc *g, cg_emitter *e, const cg_node *n, const char *x)
{
    const cg_checks *c = &n->ck;
    if (cg_checks_length(c)) {
        g->uses |= U_LEN;
        cg_emit(e, "%s_len_(ck, %s, %l, %l);\n", g->pre, x, c->min_length > 0 ? c->min_length : -1,
                c->max_length);
    }
    if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern) {
        g->uses |= U_PATTERN;
        tx_sb_reset(&g->tmp);
        cg_date_spec(&g->tmp, c->date_pattern);
        const char *spec = tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
        const char *msg = tx_arena_printf(g->a, "not a date in the form %s",
                                          c->format_text ? c->format_text : c->date_pattern->text);
        cg_emit(e, "if (ck->check && !%s_fmt_pattern_(%s, %q))\n", g->pre, x, spec);
        cg_emit(e, "    %s_fail_(ck, %q);\n", g->pre, msg);
    }
    const cg_format_check *fc = cg_format_check_of(c->format);
    if (fc) {
        g->uses |= U_FORMAT(c->format);
        cg_emit(e, "if (ck->check && !%s_fmt_%s_(%s))\n", g->pre, fc->snake, x);
        cg_emit(e, "    %s_fail_(ck, %q);\n", g->pre, fc->message);
    }
    for (size_t i = 0; i < c->n_patterns; i++) {
        g->uses |= U_REGEX;
        cg_emit(e, "if (ck->check && !%s_regex_(ck, %s, %q))\n", g->pre, x, c->patterns[i]);
        cg_emit(e, "    %s_fail_(ck, %q);\n", g->pre,
                tx_arena_printf(g->a, "does not match the pattern %s", c->patterns[i]));
    }
}

static bool string_has_checks(const cg_node *n)
{
    return cg_checks_length(&n->ck) || n->ck.format != TX_FMT_NONE || n->ck.n_patterns;
}

/* Statements writing value x (a C expression of ctype(n)) with prop entry pe. */
static void emit_value(gc *g, cg_emitter *e, const cg_node *n, const char *x, const char *pe)
{
    const char *pre = g->pre;
    if (n->kind == CG_ANY) {
        g->uses |= U_ANY;
        cg_emit(e, "%s_v_any_(ck, %s, %s);\n", pre, pe, x);
        return;
    }
    if (n->kind == CG_NULL) {
        g->uses |= U_NULL;
        cg_emit(e, "(void)%s;\n", x);
        cg_emit(e, "%s_v_null_(ck, %s);\n", pre, pe);
        return;
    }
    if (n->kind == CG_STRING) {
        g->uses |= U_STR;
        if (string_has_checks(n)) {
            cg_emit(e, "if (%s_v_str_(ck, %s, %s, %s)) {\n", pre, pe, x,
                    n->nullable ? "true" : "false");
            cg_indent(e);
            emit_string_checks(g, e, n, x);
            cg_unindent(e);
            cg_emit(e, "}\n");
        } else {
            cg_emit(e, "%s_v_str_(ck, %s, %s, %s);\n", pre, pe, x, n->nullable ? "true" : "false");
        }
        return;
    }
    const char *v = x;
    if (n->nullable) {
        g->uses |= U_NULL;
        cg_emit(e, "if (!%s) {\n", x);
        cg_emit(e, "    %s_v_null_(ck, %s);\n", pre, pe);
        cg_emit(e, "} else {\n");
        cg_indent(e);
        v = tx_arena_printf(g->a, "(*%s)", x);
    }
    switch (n->kind) {
    case CG_INTEGER:
        g->uses |= U_INT;
        cg_emit(e, "%s_v_int_(ck, %s, %s);\n", pre, pe, v);
        emit_range(g, e, n, v);
        break;
    case CG_NUMBER:
        g->uses |= U_NUM;
        cg_emit(e, "%s_v_num_(ck, %s, %s);\n", pre, pe, v);
        emit_range(g, e, n, v);
        break;
    case CG_BOOLEAN:
        g->uses |= U_BOOL;
        cg_emit(e, "%s_v_bool_(ck, %s, %s);\n", pre, pe, v);
        break;
    case CG_ENUM: {
        g->uses |= U_ENUM;
        const cg_decl *d = n->decl;
        if (d->base == TX_UNION) {
            g->uses |= U_ENUM_KINDS;
            cg_emit(e, "%s_v_enum_kinds_(ck, %s, %s_tab_%s_, %s_kinds_%s_, %z, (unsigned)%s, %q);\n",
                    pre, pe, pre, g->decl_ident[d->index], pre, g->decl_ident[d->index],
                    d->n_values, v, d->seed);
            break;
        }
        cg_emit(e, "%s_v_enum_(ck, %s, %s_tab_%s_, %z, (unsigned)%s, %s_KIND_%s, %q);\n", pre, pe,
                pre, g->decl_ident[d->index], d->n_values, v, g->PRE,
                d->base == TX_STRING ? "STRING" : d->base == TX_INTEGER ? "INT" : "NUMBER",
                d->seed);
        break;
    }
    case CG_UNION:
        /* union writers set the transport's entry themselves */
        cg_emit(e, "%s(ck, %s, %s);\n", g->node_fn[n->index], pe,
                n->nullable ? x : tx_arena_printf(g->a, "&%s", v));
        break;
    case CG_ARRAY:
    case CG_OBJECT: {
        /* writers take arrays by value and objects by pointer */
        const char *arg = n->kind == CG_ARRAY ? v : n->nullable ? x
                                                   : tx_arena_printf(g->a, "&%s", v);
        const char *fn = g->node_fn[n->index];
        if (strcmp(pe, "NULL") == 0) {
            cg_emit(e, "%s(ck, %s);\n", fn, arg);
        } else {
            g->uses |= U_JSON;
            cg_emit(e, "{\n");
            cg_indent(e);
            cg_emit(e, "size_t start = ck->len;\n");
            cg_emit(e, "%s(ck, %s);\n", fn, arg);
            cg_emit(e, "%s_v_json_(ck, %s, start);\n", pre, pe);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        break;
    }
    default:
        break;
    }
    if (n->nullable) {
        cg_unindent(e);
        cg_emit(e, "}\n");
    }
}

/* A member of an array or object, after its path was pushed (`mark`): its
 * value, the path popped, then with `close` the block around it (a loop's
 * body, an optional member's if) closed. */
static void emit_member(gc *g, cg_emitter *e, const cg_node *n, const char *x, bool close)
{
    emit_value(g, e, n, x, "NULL");
    cg_emit(e, "%s_path_pop_(ck, mark);\n", g->pre);
    if (close) {
        cg_unindent(e);
        cg_emit(e, "}\n");
    }
}

static void emit_writer(gc *g, cg_emitter *e, const cg_node *n)
{
    const char *pre = g->pre;
    const cg_decl *d = n->decl;
    if (n->kind == CG_ARRAY) {
        g->uses |= U_INDEX | U_POP;
        cg_emit(e, "static void %s(%s_ck_ *ck, %s v)\n{\n", g->node_fn[n->index], pre,
                g->decl_name[d->index]);
        cg_indent(e);
        cg_emit(e, "size_t i;\n");
        cg_emit(e, "if (!v.items && v.count) {\n");
        cg_emit(e, "    if (ck->check)\n");
        cg_emit(e, "        %s_fail_(ck, \"items is NULL; sent as an empty array\");\n", pre);
        cg_emit(e, "    v.count = 0;\n");
        cg_emit(e, "}\n");
        if (n->ck.min_items > 0 || n->ck.max_items >= 0) {
            g->uses |= U_ITEMS;
            cg_emit(e, "%s_items_(ck, v.count, %l, %l);\n", pre,
                    n->ck.min_items > 0 ? n->ck.min_items : -1, n->ck.max_items);
        }
        cg_emit(e, "%s_raw_(ck, \"[\", 1);\n", pre);
        cg_emit(e, "for (i = 0; i < v.count; i++) {\n");
        cg_indent(e);
        cg_emit(e, "size_t mark = %s_path_index_(ck, i);\n", pre);
        cg_emit(e, "if (i)\n    %s_raw_(ck, \",\", 1);\n", pre);
        emit_member(g, e, n->items, "v.items[i]", true);
        cg_emit(e, "%s_raw_(ck, \"]\", 1);\n", pre);
        cg_unindent(e);
        cg_emit(e, "}\n\n");
        return;
    }
    if (n->kind == CG_UNION) {
        g->uses |= U_NULL;
        cg_emit(e, "static void %s(%s_ck_ *ck, %s_prop *p, const %s *v)\n{\n", g->node_fn[n->index],
                pre, pre, g->decl_name[d->index]);
        cg_indent(e);
        cg_emit(e, "switch (v->tag) {\n");
        for (size_t j = 0; j < d->n_branches; j++) {
            cg_emit(e, "case %s:\n", g->tag_const[d->index][j]);
            cg_indent(e);
            emit_value(g, e, d->branches[j], tx_arena_printf(g->a, "v->as.%s", g->branch_name[d->index][j]),
                       "p");
            cg_emit(e, "break;\n");
            cg_unindent(e);
        }
        cg_emit(e, "default:\n");
        cg_emit(e, "    if (ck->check)\n");
        cg_emit(e, "        %s_fail_(ck, %q);\n", pre,
                tx_arena_printf(g->a, "not a tag of union '%s'; sent as null", d->seed));
        cg_emit(e, "    %s_v_null_(ck, p);\n", pre);
        cg_emit(e, "    break;\n");
        cg_emit(e, "}\n");
        cg_unindent(e);
        cg_emit(e, "}\n\n");
        return;
    }
    /* object */
    cg_emit(e, "static void %s(%s_ck_ *ck, const %s *v)\n{\n", g->node_fn[n->index], pre,
            g->decl_name[d->index]);
    cg_indent(e);
    if (d->n_fields == 0 && !d->open) {
        cg_emit(e, "(void)v;\n");
        cg_emit(e, "%s_raw_(ck, \"{}\", 2);\n", pre);
    } else {
        g->uses |= U_FIELD | U_POP;
        cg_emit(e, "size_t mark;\n");
        if (d->open)
            cg_emit(e, "size_t i;\n");
        cg_emit(e, "int n = 0;\n");
        cg_emit(e, "%s_raw_(ck, \"{\", 1);\n", pre);
        for (size_t j = 0; j < d->n_fields; j++) {
            const cg_field *f = &d->fields[j];
            const char *fname = g->field_name[d->index][j];
            if (!f->f->required) {
                cg_emit(e, "if (v->%s) {\n", g->field_flag[d->index][j]);
                cg_indent(e);
            }
            tx_sb_reset(&g->tmp);
            cg_json_key(&g->tmp, f->f->name);
            const char *key = tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
            cg_emit(e, "if (n++)\n    %s_raw_(ck, \",\", 1);\n", pre);
            cg_emit(e, "%s_raw_(ck, %q, %z);\n", pre, key, strlen(key));
            cg_emit(e, "mark = %s_path_field_(ck, %q);\n", pre, f->f->name);
            emit_member(g, e, f->type, tx_arena_printf(g->a, "v->%s", fname), !f->f->required);
        }
        if (d->open) {
            g->uses |= U_EXTRA;
            cg_emit(e, "for (i = 0; v->extras && i < v->n_extras; i++) {\n");
            cg_indent(e);
            if (d->n_fields)
                cg_emit(e, "if (!%s_extra_key_(ck, %s_names_%s_, %z, v->extras[i].key, &n))\n", pre,
                        pre, g->decl_ident[d->index], d->n_fields);
            else
                cg_emit(e, "if (!%s_extra_key_(ck, NULL, 0, v->extras[i].key, &n))\n", pre);
            cg_emit(e, "    continue;\n");
            cg_emit(e, "mark = %s_path_field_(ck, v->extras[i].key);\n", pre);
            emit_member(g, e, d->extra, "v->extras[i].value", true);
        }
        cg_emit(e, "%s_raw_(ck, \"}\", 1);\n", pre);
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void emit_enum_table(gc *g, cg_emitter *e, const cg_decl *d)
{
    cg_emit(e, "static const %s_ev_ %s_tab_%s_[%z] = {\n", g->pre, g->pre, g->decl_ident[d->index],
            d->n_values);
    cg_indent(e);
    for (size_t j = 0; j < d->n_values; j++) {
        const tx_enum_value *v = &d->values[j];
        tx_sb_reset(&g->tmp);
        cg_enum_json(&g->tmp, d->base, v);
        const char *json = tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
        const char *wire = tx_arena_strndup(g->a, v->str, v->len);
        const char *iv = "0", *dv = "0.0";
        if (d->base != TX_STRING && v->num.set) {
            iv = v->num.is_int ? int_lit(g, v->num.i) : "0";
            dv = dbl_lit(g, &v->num);
        }
        cg_emit(e, "{ %q, %z, %q, %z, %s, %s }%s\n", json, strlen(json), wire, v->len, iv, dv,
                j + 1 < d->n_values ? "," : "");
    }
    cg_unindent(e);
    cg_emit(e, "};\n\n");
    if (d->base != TX_UNION)
        return;
    /* an enum of several kinds: each value's */
    cg_emit(e, "static const %s_kind %s_kinds_%s_[%z] = {\n", g->pre, g->pre,
            g->decl_ident[d->index], d->n_values);
    cg_indent(e);
    for (size_t j = 0; j < d->n_values; j++) {
        tx_base k = d->values[j].kind;
        cg_emit(e, "%s_KIND_%s%s\n", g->PRE,
                k == TX_STRING ? "STRING" : k == TX_INTEGER ? "INT" : k == TX_NUMBER ? "NUMBER"
                                                                                    : "BOOL",
                j + 1 < d->n_values ? "," : "");
    }
    cg_unindent(e);
    cg_emit(e, "};\n\n");
}

static void emit_put(gc *g, cg_emitter *e, const cg_prop *cp)
{
    const char *name = cp->p->name;
    tx_sb_reset(&g->tmp);
    cg_json_key(&g->tmp, name);
    const char *key = tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
    cg_emit(e, "static void %s(%s_ck_ *ck, %s)\n{\n", g->prop_fn[cp - g->p->props], g->pre,
            cdecl_of(g, ctype(g, cp->type), "v"));
    cg_indent(e);
    cg_emit(e, "%s_prop *p = %s_key_(ck, %q, %q, %z);\n", g->pre, g->pre, name, key, strlen(key));
    g->uses |= U_KEY;
    emit_value(g, e, cp->type, "v", "p");
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void emit_event_def(gc *g, cg_emitter *e, size_t i)
{
    const cg_event *ev = &g->p->events[i];
    const char *pre = g->pre;
    emit_event_decl(g, e, i, false);
    cg_emit(e, "\n{\n");
    cg_indent(e);
    cg_emit(e, "char buf[%s_JSON_MAX];\n", g->PRE);
    cg_emit(e, "%s_prop props[%z];\n", pre, ev->n_params ? ev->n_params : 1);
    cg_emit(e, "%s_ck_ ck_;\n", pre);
    cg_emit(e, "%s_ck_ *ck = &ck_;\n", pre);
    cg_emit(e, "%s_begin_(ck, client, %q, buf, sizeof buf, props);\n", pre, ev->e->name);
    for (size_t w = 0; w < ev->n_params; w++) {
        size_t j = ev->wire_order[w];
        const cg_param *pa = &ev->params[j];
        const char *fn = g->prop_fn[pa->slot];
        if (pa->required) {
            cg_emit(e, "%s(ck, %s);\n", fn, g->ev_param[i][j]);
        } else {
            cg_emit(e, "if (opt && opt->%s)\n", g->ev_flag[i][j]);
            cg_emit(e, "    %s(ck, opt->%s);\n", fn, g->ev_param[i][j]);
        }
    }
    cg_emit(e, "return %s_finish_(ck);\n", pre);
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* ---- identify ---- */
static void emit_identify_decl(gc *g, cg_emitter *e, bool doc)
{
    const char *pre = g->pre;
    if (doc) {
        emit_opt_struct(g, e, tx_arena_printf(g->a, "%s_user_props", pre),
                        tx_arena_printf(g->a, "User properties for %s: set has_<name> "
                                              "to send <name>.", g->identify_fn),
                        g->p->user, g->user_param, g->user_flag);
        c_doc(e, tx_arena_printf(
                     g->a,
                     "Sends the user properties (the taxonomy's user_properties) to the "
                     "transport's identify,\nchecked in strict mode as event properties are "
                     "(violations name the event '$identify').\n\n"
                     "@param client the client: transport and strict-mode handler\n"
                     "@param user_id the user's id, or NULL to leave it as it is\n"
                     "@param user the properties to set, or NULL for none\n"
                     "@return true when they were handed to the transport (false without "
                     "an identify callback)"));
    }
    cg_emit(e, "bool %s(\n", g->identify_fn);
    cg_indent(e);
    cg_emit(e, "const %s_client *client,\nconst char *user_id,\nconst %s_user_props *user)", pre,
            pre);
    cg_unindent(e);
}

static void emit_identify_def(gc *g, cg_emitter *e)
{
    const cg_event *u = g->p->user;
    const char *pre = g->pre;
    emit_identify_decl(g, e, false);
    cg_emit(e, "\n{\n");
    cg_indent(e);
    cg_emit(e, "char buf[%s_JSON_MAX];\n", g->PRE);
    cg_emit(e, "%s_prop props[%z];\n", pre, u->n_params);
    cg_emit(e, "%s_ck_ ck_;\n", pre);
    cg_emit(e, "%s_ck_ *ck = &ck_;\n", pre);
    cg_emit(e, "%s_begin_(ck, client, \"$identify\", buf, sizeof buf, props);\n", pre);
    for (size_t j = 0; j < u->n_params; j++) {
        cg_emit(e, "if (user && user->%s)\n", g->user_flag[j]);
        cg_emit(e, "    %s(ck, user->%s);\n", g->prop_fn[u->params[j].slot], g->user_param[j]);
    }
    cg_emit(e, "return %s_identify_finish_(ck, user_id);\n", pre);
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* ---- files ---- */
static void file_header(gc *g, cg_emitter *e, const char *what)
{
    tx_sb sb = TX_SB_INIT;
    cg_header_line(&sb, g->t);
    tx_sb_addf(&sb, "\n\n%s", what);
    if (g->t->description && *g->t->description) {
        tx_sb_adds(&sb, "\n\n");
        tx_sb_adds(&sb, g->t->description);
    }
    tx_sb esc = TX_SB_INIT;
    c_escape_comment(&esc, sb.buf, sb.len);
    cg_emit(e, "/*\n");
    cg_emit_lines(e, " * ", esc.buf, esc.len);
    cg_emit(e, " */\n");
    tx_sb_release(&sb);
    tx_sb_release(&esc);
}

static size_t json_max(const cg_plan *p)
{
    /* the largest bounded event plus room, at least 4 KiB; at most 64 KiB
     * of stack (larger events report overflow instead) */
    size_t m = p->json_max == CG_UNBOUNDED ? 4096 : p->json_max + 1;
    for (size_t i = 0; i < p->n_events; i++)
        if (p->events[i].json_max != CG_UNBOUNDED && p->events[i].json_max + 1 > m)
            m = p->events[i].json_max + 1;
    if (p->user && p->user->json_max != CG_UNBOUNDED && p->user->json_max + 1 > m)
        m = p->user->json_max + 1;
    if (m < 4096)
        m = 4096;
    if (m > 65536)
        m = 65536;
    return (m + 1023) / 1024 * 1024;
}

/* A generation for p: every name given, the per-node caches filled. */
static void c_gen_init(gc *g, const cg_plan *p)
{
    *g = (gc){ .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    c_rules(&g->rules, p->a);
    c_name_all(g);
    c_cache(g);
}

static int c_generate(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d)
{
    (void)b;
    gc g;
    c_gen_init(&g, p);
    const char *jms = tx_arena_printf(p->a, "%zu", json_max(p));

    const char *stem = c_file_stem(p->a, g.pre);

    /* header, streamed */
    cg_stream hs;
    cg_stream_open(&hs, out, tx_arena_printf(p->a, "%s.h", stem));
    tx_sb *h = &hs.sb;
    cg_emitter e;
    cg_emitter_init(&e, h, "    ", c_escape_string);
    e.stream = &hs;
    file_header(&g, &e, "Typed tracking functions, one per event (C99; also compiles as C++).\n"
                        "See docs/codegen.md for the transport and strict mode.");
    cg_emit(&e, "#ifndef %s_H\n#define %s_H\n", g.PRE, g.PRE);
    cg_emit(&e, "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n");
    cg_emit(&e, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    cg_expand(h, rt_h_api, g.pre, g.PRE, jms);
    if (p->user)
        cg_expand(h, rt_h_identify, g.pre, g.PRE, jms);
    cg_expand(h, rt_h_api_rest, g.pre, g.PRE, jms);
    if (p->uses_any)
        cg_expand(h, rt_h_json, g.pre, g.PRE, jms);
    if (p->n_decls)
        cg_emit(&e, "\n/* ---- types ---- */\n\n");
    else
        cg_emit(&e, "\n");
    for (size_t i = 0; i < p->n_decls; i++)
        emit_decl(&g, &e, p->decls[i]);
    cg_emit(&e, "/* ---- events ---- */\n\n");
    for (size_t i = 0; i < p->n_events; i++) {
        emit_event_decl(&g, &e, i, true);
        cg_emit(&e, ";\n\n");
    }
    if (p->user) {
        cg_emit(&e, "/* ---- user properties ---- */\n\n");
        emit_identify_decl(&g, &e, true);
        cg_emit(&e, ";\n\n");
    }
    cg_emit(&e, "#ifdef __cplusplus\n}\n#endif\n#endif\n");
    if (cg_stream_close(&hs, d) != 0) {
        tx_sb_release(&g.tmp);
        return -1;
    }

    /* the source's helpers first (in memory: tables, writers, one put per
     * property), to learn which runtime pieces they use; the event
     * functions only call the helpers, so they are streamed after */
    tx_sb body = TX_SB_INIT;
    cg_emitter be;
    cg_emitter_init(&be, &body, "    ", c_escape_string);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *dc = p->decls[i];
        if (dc->kind == CG_ENUM)
            emit_enum_table(&g, &be, dc);
        if (dc->kind == CG_OBJECT && dc->open && dc->n_fields) {
            /* an open object's declared names: other members must differ */
            cg_emit(&be, "static const char *const %s_names_%s_[%z] = {", g.pre,
                    g.decl_ident[i], dc->n_fields);
            for (size_t j = 0; j < dc->n_fields; j++)
                cg_emit(&be, "%s%q", j ? ", " : " ", dc->fields[j].f->name);
            cg_emit(&be, " };\n\n");
        }
    }
    for (size_t i = 0; i < p->n_nodes; i++)
        if (p->nodes[i]->kind == CG_ARRAY || p->nodes[i]->kind == CG_OBJECT ||
            p->nodes[i]->kind == CG_UNION)
            emit_writer(&g, &be, p->nodes[i]);
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type)
            emit_put(&g, &be, &p->props[i]);

    cg_stream cs;
    cg_stream_open(&cs, out, tx_arena_printf(p->a, "%s.c", stem));
    tx_sb *c = &cs.sb;
    cg_emitter_init(&e, c, "    ", c_escape_string);
    e.stream = &cs;
    file_header(&g, &e, "Implementation of the tracking functions; nothing here allocates.");
    cg_emit(&e, "#define %s_NO_DEPRECATION\n#include %q\n", g.PRE,
            tx_arena_printf(p->a, "%s.h", stem));
    cg_emit(&e, "#include <assert.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
                "#include <string.h>\n\n");
    unsigned uses = g.uses;
    for (size_t i = 0; i < sizeof rt_pieces / sizeof rt_pieces[0]; i++)
        if (uses & rt_pieces[i].use)
            uses |= rt_pieces[i].needs;
    cg_expand(c, rt_c_core, g.pre, g.PRE, jms);
    if (p->n_events || p->user)
        cg_expand(c, rt_c_core_event, g.pre, g.PRE, jms);
    if (p->user)
        cg_expand(c, rt_c_identify, g.pre, g.PRE, jms);
    if (uses & U_KEY)
        cg_expand(c, rt_c_core_key, g.pre, g.PRE, jms);
    if (uses & U_NULL)
        cg_expand(c, rt_c_core_null, g.pre, g.PRE, jms);
    for (size_t i = 0; i < sizeof rt_pieces / sizeof rt_pieces[0]; i++)
        if (uses & rt_pieces[i].use) {
            tx_sb_addc(c, '\n');
            cg_expand(c, rt_pieces[i].text, g.pre, g.PRE, jms);
        }
    tx_sb_addc(c, '\n');
    cg_stream_write(&cs, body.buf, body.len);
    e.level = be.level;
    e.bol = be.bol;
    unsigned helper_uses = g.uses;
    for (size_t i = 0; i < p->n_events; i++)
        emit_event_def(&g, &e, i);
    if (p->user)
        emit_identify_def(&g, &e);
    cg_stream_trim(&cs);
    if (body.failed)
        c->failed = true;
    tx_sb_release(&body);
    tx_sb_release(&g.tmp);
    if (g.uses != helper_uses) {    /* the prelude above would lack a piece */
        tx_diag_add(d, TX_SEV_ERROR, "internal", TX_NO_SPAN,
                    "C event functions used a runtime piece the helpers did not");
        cg_stream_abort(&cs);
        return -1;
    }
    return cg_stream_close(&cs, d);
}

/* ---- sample program (gen --sample) ---- */
static const char c_sample_rt[] =
"static int violations;\n"
"\n"
"static void put_json_string(const char *s)\n"
"{\n"
"    putchar('\"');\n"
"    for (; *s; s++) {\n"
"        unsigned char c = (unsigned char)*s;\n"
"        if (c == '\"' || c == '\\\\')\n"
"            printf(\"\\\\%c\", c);\n"
"        else if (c < 0x20)\n"
"            printf(\"\\\\u%04x\", c);\n"
"        else\n"
"            putchar(c);\n"
"    }\n"
"    putchar('\"');\n"
"}\n"
"\n"
"static void send_event(void *ctx, const char *event, const char *json, size_t json_len,\n"
"                       const `p`_prop *props, size_t n_props)\n"
"{\n"
"    (void)ctx;\n"
"    (void)props;\n"
"    (void)n_props;\n"
"    fputs(\"{\\\"event_type\\\":\", stdout);\n"
"    put_json_string(event);\n"
"    fputs(\",\\\"event_properties\\\":\", stdout);\n"
"    fwrite(json, 1, json_len, stdout);\n"
"    fputs(\"}\\n\", stdout);\n"
"}\n"
"\n"
"static `p`_action on_violation(void *ctx, const char *event, const char *path,\n"
"                              const char *message)\n"
"{\n"
"    (void)ctx;\n"
"    violations++;\n"
"    fprintf(stderr, \"violation: event '%s', property %s: %s\\n\", event, path, message);\n"
"    return `P`_SEND;\n"
"}\n";

typedef struct sample_ctx {
    gc *g;
    cg_emitter *e;
    tx_diags *d;
    unsigned n;     /* local counter */
    bool failed;
} sample_ctx;

static const char *c_sample_expr(sample_ctx *sc, const cg_node *n, const char *where)
{
    gc *g = sc->g;
    cg_emitter *e = sc->e;
    tx_arena *a = g->a;
    const char *x = NULL;
    switch (n->kind) {
    case CG_STRING: {
        const char *s = cg_sample_string(n, a, sc->d, where);
        if (!s) {
            sc->failed = true;
            return "NULL";
        }
        tx_sb lit = TX_SB_INIT;
        c_escape_string(&lit, s, strlen(s));
        x = tx_arena_strndup(a, lit.buf, lit.len);
        tx_sb_release(&lit);
        return x;
    }
    case CG_INTEGER: x = int_lit(g, cg_sample_int(n)); break;
    case CG_NUMBER: {
        tx_num num = { .set = true, .d = cg_sample_number(n) };
        x = dbl_lit(g, &num);
        break;
    }
    case CG_BOOLEAN: x = "true"; break;
    case CG_ENUM: x = g->enum_const[n->decl->index][0]; break;
    case CG_NULL: return "NULL";
    case CG_ANY: {
        /* {"text": "sample", "list": [1, 1.5, true, null]} */
        unsigned id = sc->n++;
        const char *P = g->PRE;
        cg_emit(e, "%s_json v%u_items[4];\n", g->pre, id);
        cg_emit(e, "%s_json_member v%u_members[2];\n", g->pre, id);
        cg_emit(e, "%s_json v%u;\n", g->pre, id);
        cg_emit(e, "memset(v%u_items, 0, sizeof v%u_items);\n", id, id);
        cg_emit(e, "memset(v%u_members, 0, sizeof v%u_members);\n", id, id);
        cg_emit(e, "memset(&v%u, 0, sizeof v%u);\n", id, id);
        cg_emit(e, "v%u_items[0].kind = %s_JSON_INT;\nv%u_items[0].i = 1;\n", id, P, id);
        cg_emit(e, "v%u_items[1].kind = %s_JSON_NUMBER;\nv%u_items[1].d = 1.5;\n", id, P, id);
        cg_emit(e, "v%u_items[2].kind = %s_JSON_BOOL;\nv%u_items[2].b = true;\n", id, P, id);
        cg_emit(e, "v%u_members[0].key = \"text\";\n", id);
        cg_emit(e, "v%u_members[0].value.kind = %s_JSON_STRING;\n", id, P);
        cg_emit(e, "v%u_members[0].value.s = \"sample\";\n", id);
        cg_emit(e, "v%u_members[1].key = \"list\";\n", id);
        cg_emit(e, "v%u_members[1].value.kind = %s_JSON_ARRAY;\n", id, P);
        cg_emit(e, "v%u_members[1].value.items = v%u_items;\n", id, id);
        cg_emit(e, "v%u_members[1].value.count = 4;\n", id);
        cg_emit(e, "v%u.kind = %s_JSON_OBJECT;\nv%u.members = v%u_members;\nv%u.count = 2;\n", id, P,
                id, id, id);
        return tx_arena_printf(a, "&v%u", id);
    }
    case CG_UNION: {
        /* the last branch (named types and containers tend to come last) */
        const cg_decl *dc = n->decl;
        size_t k = dc->n_branches - 1;
        const char *bx = c_sample_expr(sc, dc->branches[k],
                                       tx_arena_printf(a, "%s(%s)", where, dc->branch_seed[k]));
        unsigned id = sc->n++;
        cg_emit(e, "%s v%u;\n", g->decl_name[dc->index], id);
        cg_emit(e, "memset(&v%u, 0, sizeof v%u);\n", id, id);
        cg_emit(e, "v%u.tag = %s;\n", id, g->tag_const[dc->index][k]);
        cg_emit(e, "v%u.as.%s = %s;\n", id, g->branch_name[dc->index][k], bx);
        return n->nullable ? tx_arena_printf(a, "&v%u", id) : tx_arena_printf(a, "v%u", id);
    }
    case CG_ARRAY: {
        size_t k = cg_sample_count(n);
        const char **items = tx_arena_alloc(a, (k + 1) * sizeof *items);
        for (size_t i = 0; i < k; i++)
            items[i] = c_sample_expr(sc, n->items, tx_arena_printf(a, "%s[%zu]", where, i));
        unsigned id = sc->n++;
        const char *slice = g->decl_name[n->decl->index];
        cg_emit(e, "%s v%u;\n", slice, id);
        if (k) {
            cg_emit(e, "%s[%z];\n", cdecl_of(g, ctype(g, n->items), tx_arena_printf(a, "v%u_items", id)), k);
            for (size_t i = 0; i < k; i++)
                cg_emit(e, "v%u_items[%z] = %s;\n", id, i, items[i]);
            cg_emit(e, "v%u.items = v%u_items;\n", id, id);
        } else {
            cg_emit(e, "v%u.items = NULL;\n", id);
        }
        cg_emit(e, "v%u.count = %z;\n", id, k);
        return n->nullable ? tx_arena_printf(a, "&v%u", id) : tx_arena_printf(a, "v%u", id);
    }
    case CG_OBJECT: {
        const cg_decl *dc = n->decl;
        const char **fx = tx_arena_alloc(a, (dc->n_fields + 1) * sizeof *fx);
        for (size_t j = 0; j < dc->n_fields; j++)
            fx[j] = c_sample_expr(sc, dc->fields[j].type,
                                  tx_arena_printf(a, "%s.%s", where, dc->fields[j].f->name));
        unsigned id = sc->n++;
        cg_emit(e, "%s v%u;\n", g->decl_name[dc->index], id);
        cg_emit(e, "memset(&v%u, 0, sizeof v%u);\n", id, id);
        for (size_t j = 0; j < dc->n_fields; j++) {
            if (!dc->fields[j].f->required)
                cg_emit(e, "v%u.%s = true;\n", id, g->field_flag[dc->index][j]);
            cg_emit(e, "v%u.%s = %s;\n", id, g->field_name[dc->index][j], fx[j]);
        }
        if (dc->open) {
            /* one other member */
            const char *key = cg_sample_extra_key(dc, a);
            const char *xv = c_sample_expr(sc, dc->extra, tx_arena_printf(a, "%s.%s", where, key));
            cg_emit(e, "%s v%u_extras[1];\n", g->extra_name[dc->index], id);
            cg_emit(e, "v%u_extras[0].key = %q;\n", id, key);
            cg_emit(e, "v%u_extras[0].value = %s;\n", id, xv);
            cg_emit(e, "v%u.extras = v%u_extras;\n", id, id);
            cg_emit(e, "v%u.n_extras = 1;\n", id);
        }
        return n->nullable ? tx_arena_printf(a, "&v%u", id) : tx_arena_printf(a, "v%u", id);
    }
    }
    if (n->nullable) {
        unsigned id = sc->n++;
        cg_emit(e, "%s = %s;\n", cdecl_of(g, n->kind == CG_ENUM ? g->decl_name[n->decl->index]
                                              : n->kind == CG_INTEGER ? "int64_t"
                                              : n->kind == CG_NUMBER ? "double" : "bool",
                                          tx_arena_printf(a, "v%u", id)), x);
        return tx_arena_printf(a, "&v%u", id);
    }
    return x;
}

static int c_sample(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d)
{
    (void)b;
    gc g;
    c_gen_init(&g, p);
    tx_sb sb = TX_SB_INIT;
    cg_emitter e;
    cg_emitter_init(&e, &sb, "    ", c_escape_string);
    file_header(&g, &e, "Sample program: calls every event once with valid values, in strict\n"
                        "mode, and prints what the transport gets as NDJSON (Amplitude's shape).\n"
                        "Exit status 0 when every event was sent without a violation.");
    const char *stem = c_file_stem(p->a, g.pre);
    cg_emit(&e, "#define %s_NO_DEPRECATION\n#include %q\n", g.PRE,
            tx_arena_printf(p->a, "%s.h", stem));
    cg_emit(&e, "#include <stdio.h>\n#include <string.h>\n\n");
    cg_emit(&e, "/* Build with -DSAMPLE_MATCH_PATTERN=fn to check patterns with the app's\n"
                " * matcher fn (see match_pattern in the header). */\n"
                "#ifdef SAMPLE_MATCH_PATTERN\n"
                "int SAMPLE_MATCH_PATTERN(void *ctx, const char *pattern, const char *value, size_t len);\n"
                "#endif\n\n");
    cg_expand(&sb, c_sample_rt, g.pre, g.PRE, "");
    cg_emit(&e, "\nint main(void)\n{\n");
    cg_indent(&e);
    cg_emit(&e, "%s_client client;\n", g.pre);
    cg_emit(&e, "int sent = 0;\n");
    cg_emit(&e, "memset(&client, 0, sizeof client);\n");
    cg_emit(&e, "client.transport.send = send_event;\n");
    cg_emit(&e, "client.on_violation = on_violation;\n");
    cg_emit(&e, "#ifdef SAMPLE_MATCH_PATTERN\n");
    cg_emit(&e, "client.match_pattern = SAMPLE_MATCH_PATTERN;\n");
    cg_emit(&e, "#endif\n");
    sample_ctx sc = { &g, &e, d, 0, false };
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        cg_emit(&e, "{\n");
        cg_indent(&e);
        if (g.ev_opt[i]) {
            cg_emit(&e, "%s opt;\n", g.ev_opt[i]);
            cg_emit(&e, "memset(&opt, 0, sizeof opt);\n");
        }
        const char **args = tx_arena_alloc(p->a, (ev->n_params + 1) * sizeof *args);
        for (size_t j = 0; j < ev->n_params; j++)
            args[j] = c_sample_expr(&sc, ev->params[j].type,
                                    tx_arena_printf(p->a, "%s.%s", ev->e->name, ev->params[j].p->name));
        for (size_t j = ev->n_required; j < ev->n_params; j++) {
            cg_emit(&e, "opt.%s = true;\n", g.ev_flag[i][j]);
            cg_emit(&e, "opt.%s = %s;\n", g.ev_param[i][j], args[j]);
        }
        cg_emit(&e, "sent += %s(&client", g.ev_fn[i]);
        for (size_t j = 0; j < ev->n_required; j++)
            cg_emit(&e, ", %s", args[j]);
        if (g.ev_opt[i])
            cg_emit(&e, ", &opt");
        cg_emit(&e, ") ? 1 : 0;\n");
        cg_unindent(&e);
        cg_emit(&e, "}\n");
    }
    if (p->user) {  /* identify with every user property: checked, not printed */
        cg_emit(&e, "{\n");
        cg_indent(&e);
        cg_emit(&e, "%s_user_props user;\n", g.pre);
        cg_emit(&e, "memset(&user, 0, sizeof user);\n");
        for (size_t j = 0; j < p->user->n_params; j++) {
            const cg_param *pa = &p->user->params[j];
            const char *arg = c_sample_expr(&sc, pa->type,
                                            tx_arena_printf(p->a, "$identify.%s", pa->p->name));
            cg_emit(&e, "user.%s = true;\n", g.user_flag[j]);
            cg_emit(&e, "user.%s = %s;\n", g.user_param[j], arg);
        }
        cg_emit(&e, "(void)%s(&client, \"sample-user\", &user);\n", g.identify_fn);
        cg_unindent(&e);
        cg_emit(&e, "}\n");
    }
    cg_emit(&e, "fprintf(stderr, \"%%d of %z events sent, %%d violations\\n\", sent, violations);\n",
            p->n_events);
    cg_emit(&e, "return sent == %z && violations == 0 ? 0 : 1;\n", p->n_events);
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    tx_sb_release(&g.tmp);
    int rc = sc.failed ? -1 : cg_files_take(out, tx_arena_printf(p->a, "%s_sample.c", stem), &sb, d);
    tx_sb_release(&sb);
    return rc;
}

static const char *c_call_names(const cg_backend *b, const tx_taxonomy *t, tx_arena *a,
                                const char **names)
{
    (void)b;
    if (!names)     /* identify's alone: no need to name the events */
        return c_identify_fn(a, t, c_prefix(a, t));
    gc g = { .t = t, .a = a, .tmp = TX_SB_INIT };
    c_rules(&g.rules, a);
    c_name_events(&g);
    for (size_t i = 0; i < t->n_events; i++)
        names[i] = g.ev_fn[i];
    tx_sb_release(&g.tmp);
    return g.identify_fn;
}

const cg_backend cg_backend_c = { CG_LANG_C, "c", c_generate, c_call_names, c_sample, NULL };

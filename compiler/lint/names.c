/* Name helpers for the lint rules: a hash map, the casings a convention
 * may name, word splitting (via the shared identifier mapping in ident.c)
 * and the case/separator-insensitive key used by the collision rules.
 * Everything returned lives in the arena passed in. */
#include "lint_int.h"
#include "../../support/util.h"
#include <string.h>

/* ---- hash map: the shared one, keys copied into its arena ----------- */

void lint_map_init(lint_map *m, tx_arena *a, size_t expect)
{
    tx_strmap_init_arena(m, a, expect);
}

void *lint_map_get(const lint_map *m, const void *key, size_t klen)
{
    return tx_strmap_get(m, key, klen);
}

void **lint_map_put(lint_map *m, const void *key, size_t klen, bool *is_new)
{
    bool found;
    tx_strmap_slot *s = tx_strmap_put(m, key, klen, &found);
    if (is_new)
        *is_new = !found;
    if (!found) {           /* the caller's key may be a buffer on its stack */
        char *k = tx_arena_alloc_aligned(m->arena, klen + 1, 1);
        memcpy(k, key, klen);
        s->key = k;
    }
    return &s->val;
}

/* ---- casings ----------------------------------------------------------- */

static bool lo(char c) { return c >= 'a' && c <= 'z'; }
static bool up(char c) { return c >= 'A' && c <= 'Z'; }
static bool dg(char c) { return c >= '0' && c <= '9'; }

/* first char class, rest class, separator (0 = none) */
static bool sep_case_ok(const char *s, size_t n, bool upper, char sep)
{
    if (n == 0 || !(upper ? up(s[0]) : lo(s[0])))
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (c == sep) {
            if (i + 1 == n || s[i + 1] == sep)
                return false;
            continue;
        }
        if (!(upper ? up(c) : lo(c)) && !dg(c))
            return false;
    }
    return true;
}

static bool snake_ok(const char *s, size_t n) { return sep_case_ok(s, n, false, '_'); }
static bool kebab_ok(const char *s, size_t n) { return sep_case_ok(s, n, false, '-'); }
static bool screaming_ok(const char *s, size_t n) { return sep_case_ok(s, n, true, '_'); }

static bool camel_like_ok(const char *s, size_t n, bool first_upper)
{
    if (n == 0 || !(first_upper ? up(s[0]) : lo(s[0])))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!lo(s[i]) && !up(s[i]) && !dg(s[i]))
            return false;
    return true;
}

static bool camel_ok(const char *s, size_t n) { return camel_like_ok(s, n, false); }
static bool pascal_ok(const char *s, size_t n) { return camel_like_ok(s, n, true); }

static void join_words(tx_sb *sb, const char *s, size_t n, char sep, bool upper)
{
    tx_ident_word w;
    size_t pos = 0;
    for (size_t i = 0; tx_ident_next(s, n, &pos, &w); i++) {
        if (i)
            tx_sb_addc(sb, sep);
        for (size_t k = 0; k < w.n; k++) {
            char c = w.s[k];
            if (upper && lo(c))
                c = (char)(c - 'a' + 'A');
            else if (!upper && up(c))
                c = (char)(c - 'A' + 'a');
            tx_sb_addc(sb, c);
        }
    }
}

/* Title Case: words separated by one space, each starting upper-case (or a
 * number): "Order Completed", "Step 2"; after the first word, the short
 * words titles keep in lower case may stay so, as Segment's spec'd names
 * do ("Product Added to Wishlist", "Product Removed from Wishlist"). */
static const char *const title_small[] = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "via", "with",
};

static bool title_small_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof title_small / sizeof title_small[0]; i++)
        if (strlen(title_small[i]) == n && memcmp(title_small[i], w, n) == 0)
            return true;
    return false;
}

static bool title_ok(const char *s, size_t n)
{
    if (n == 0)
        return false;
    bool start = true, first = true;
    size_t ws = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ' ';
        if (c == ' ') {
            if (start)
                return false;
            if (!up(s[ws]) && !dg(s[ws]) && (first || !title_small_word(s + ws, i - ws)))
                return false;
            start = true;
            first = false;
            continue;
        }
        if (start)
            ws = i;
        else if (!(lo(c) || dg(c)))
            return false;
        if (start && !(up(c) || dg(c) || lo(c)))
            return false;
        start = false;
    }
    return true;
}

static bool any_ok(const char *s, size_t n)
{
    (void)s;
    (void)n;
    return true;
}

static void title_conv(tx_sb *sb, const char *s, size_t n)
{
    tx_ident_word w;
    size_t pos = 0;
    for (size_t i = 0; tx_ident_next(s, n, &pos, &w); i++) {
        if (i)
            tx_sb_addc(sb, ' ');
        bool small = i > 0 && w.n <= 4;
        if (small) {
            char low[5];
            for (size_t k = 0; k < w.n; k++)
                low[k] = up(w.s[k]) ? (char)(w.s[k] - 'A' + 'a') : w.s[k];
            small = title_small_word(low, w.n);
        }
        for (size_t k = 0; k < w.n; k++) {
            char c = w.s[k];
            if (k == 0 && lo(c) && !small)
                c = (char)(c - 'a' + 'A');
            else if (k == 0 && up(c) && small)
                c = (char)(c - 'A' + 'a');
            else if (k > 0 && up(c))
                c = (char)(c - 'A' + 'a');
            tx_sb_addc(sb, c);
        }
    }
}

static void any_conv(tx_sb *sb, const char *s, size_t n) { tx_sb_add(sb, s, n); }

static void snake_conv(tx_sb *sb, const char *s, size_t n) { join_words(sb, s, n, '_', false); }
static void kebab_conv(tx_sb *sb, const char *s, size_t n) { join_words(sb, s, n, '-', false); }
static void screaming_conv(tx_sb *sb, const char *s, size_t n) { join_words(sb, s, n, '_', true); }
static void camel_conv(tx_sb *sb, const char *s, size_t n) { tx_ident_append(sb, TX_IDENT_CAMEL, s, n); }
static void pascal_conv(tx_sb *sb, const char *s, size_t n) { tx_ident_append(sb, TX_IDENT_PASCAL, s, n); }

const lint_casing lint_casing_snake = { "snake_case", snake_ok, snake_conv };

static const lint_casing casings[] = {
    { "snake_case", snake_ok, snake_conv },
    { "camelCase", camel_ok, camel_conv },
    { "PascalCase", pascal_ok, pascal_conv },
    { "kebab-case", kebab_ok, kebab_conv },
    { "SCREAMING_SNAKE_CASE", screaming_ok, screaming_conv },
    { "Title Case", title_ok, title_conv },
    { "any", any_ok, any_conv },
};

const lint_casing *lint_casing_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof casings / sizeof casings[0]; i++)
        if (strcmp(casings[i].name, name) == 0)
            return i == 0 ? &lint_casing_snake : &casings[i];
    return NULL;
}

const char *lint_casing_names(void)
{
    return "snake_case, camelCase, PascalCase, kebab-case, SCREAMING_SNAKE_CASE, 'Title Case', any";
}

/* ---- words ------------------------------------------------------------- */

lint_words lint_split(tx_arena *a, const char *name)
{
    size_t n = strlen(name);
    size_t nw = tx_ident_words(name, n, NULL, 0);
    lint_words r = { nw, tx_arena_alloc(a, (nw ? nw : 1) * sizeof(char *)) };
    tx_ident_word *w = tx_arena_alloc(a, (nw ? nw : 1) * sizeof *w);
    tx_ident_words(name, n, w, nw);
    for (size_t i = 0; i < nw; i++) {
        char *s = tx_arena_strndup(a, w[i].s, w[i].n);
        for (char *p = s; *p; p++)
            if (up(*p))
                *p = (char)(*p - 'A' + 'a');
        r.w[i] = s;
    }
    return r;
}

const char *lint_join(tx_arena *a, const lint_casing *cs, const char *const *w, size_t from,
                      size_t to)
{
    tx_sb joined = TX_SB_INIT, out = TX_SB_INIT;
    for (size_t i = from; i < to; i++) {
        if (i > from)
            tx_sb_addc(&joined, '_');
        tx_sb_adds(&joined, w[i]);
    }
    (cs ? cs : &lint_casing_snake)->convert(&out, joined.buf, joined.len);
    if (out.failed || joined.failed)
        tx_die_oom();
    const char *r = tx_arena_strndup(a, out.buf, out.len);
    tx_sb_release(&joined);
    tx_sb_release(&out);
    return r;
}

/* The fold of s[0..n) into out (room for n + 1 bytes); returns its length. */
static size_t fold_into(char *out, const char *s, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '_' || c == '-' || c == '.' || c == '/' || c == ' ' || c == '\t')
            continue;
        out[j++] = up(c) ? (char)(c - 'A' + 'a') : c;
    }
    out[j] = '\0';
    return j;
}

const char *lint_fold(tx_arena *a, const char *s, size_t n, size_t *klen)
{
    char *k = tx_arena_alloc(a, n + 1);
    *klen = fold_into(k, s, n);
    return k;
}

void lint_fold_append(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_grow(sb, n);
    if (sb->failed)
        tx_die_oom();
    sb->len += fold_into(sb->buf + sb->len, s, n);
}

size_t lint_codepoints(const char *s)
{
    return tx_utf8_count_lenient(s, strlen(s));
}

bool lint_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

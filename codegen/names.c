/* Identifier mapping and scopes for the generators. A taxonomy name may be
 * anything UTF-8 ("complete_sign_up", "1st-open", "class", "회원가입",
 * "a\"b"); every target gets a valid identifier that is never a keyword and
 * never collides with another in its scope. Mapping is a pure function of
 * the name; collisions are resolved by raw-name order, so adding an
 * unrelated event never renames an existing function.
 * Words are split by support/ident.c, shared with lint's
 * identifier-collision rule. */
#include "cg_internal.h"
#include "../support/ident.h"
#include "../support/strmap.h"
#include "../support/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- word sets ---- */
struct cg_wordset {
    tx_strmap words;            /* the shared string map, in the arena: word -> itself */
    const cg_wordset *parent;   /* names taken there are taken here too */
};

cg_wordset *cg_wordset_new(tx_arena *a)
{
    cg_wordset *s = tx_arena_alloc(a, sizeof *s);
    tx_strmap_init_arena(&s->words, a, 32);
    return s;
}

bool cg_wordset_has(const cg_wordset *s, const char *w, size_t n)
{
    for (; s; s = s->parent)
        if (tx_strmap_get(&s->words, w, n) != NULL)
            return true;
    return false;
}

cg_wordset *cg_wordset_child(tx_arena *a, const cg_wordset *parent)
{
    cg_wordset *s = cg_wordset_new(a);
    s->parent = parent;
    return s;
}

void cg_wordset_add(cg_wordset *s, const char *w)
{
    bool found;
    tx_strmap_slot *sl = tx_strmap_put(&s->words, w, strlen(w), &found);
    if (!found)
        sl->val = (void *)w;
}

void cg_wordset_add_list(cg_wordset *s, const char *const *words)
{
    for (; *words; words++)
        cg_wordset_add(s, *words);
}

/* ---- words ---- */

/* Letters kept as they are in Swift and Kotlin: each range is letters only
 * (so valid in both languages' identifiers, also on older JDKs) and stable
 * under Unicode normalisation. */
static const struct { uint32_t lo, hi; } safe_letters[] = {
    { 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x017F },
    { 0x0391, 0x03A1 }, { 0x03A3, 0x03A9 }, { 0x03B1, 0x03C9 },
    { 0x0410, 0x044F },
    { 0x3041, 0x3096 }, { 0x30A1, 0x30FA },
    { 0x4E00, 0x9FCC },
    { 0xAC00, 0xD7A3 },
};

static bool safe_letter(uint32_t cp)
{
    for (size_t i = 0; i < sizeof safe_letters / sizeof safe_letters[0]; i++)
        if (cp >= safe_letters[i].lo && cp <= safe_letters[i].hi)
            return true;
    return false;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

static void put_hex(tx_sb *sb, uint32_t cp)
{
    char buf[16];
    int n = snprintf(buf, sizeof buf, "u%04x", (unsigned)cp);
    tx_sb_add(sb, buf, (size_t)n);
}

/* Appends one word: ASCII letters cased as asked, safe letters kept (when
 * unicode), any other code point spelt u + hex; the case rule applies to
 * the ASCII that results. */
static void put_word(tx_sb *sb, const char *w, size_t n, bool cap_first, bool all_upper,
                     bool unicode)
{
    size_t start = sb->len;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80) {
            tx_sb_addc(sb, (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = cg_utf8_at(w + i, n - i, &cp);
        if (unicode && safe_letter(cp))
            tx_sb_add(sb, w + i, l);
        else
            put_hex(sb, cp);
        i += l;
    }
    if (sb->failed)
        return;
    for (size_t i = start; i < sb->len; i++) {
        char ch = sb->buf[i];
        if ((unsigned char)ch >= 0x80)
            continue;
        bool up = all_upper || (cap_first && i == start);
        if (up && ch >= 'a' && ch <= 'z')
            sb->buf[i] = (char)(ch - 32);
        else if (!up && ch >= 'A' && ch <= 'Z')
            sb->buf[i] = (char)(ch + 32);
    }
}

/* Words come from the splitter lint uses too (support/ident.c), so
 * lint's identifier-collision rule and the generators agree on ASCII names
 * exactly; codegen only adds the spelling of non-ASCII and keywords. */
void cg_words(tx_sb *sb, const char *name, size_t n, cg_case c, bool unicode)
{
    size_t pos = 0, w = 0;
    tx_ident_word word;
    while (tx_ident_next(name, n, &pos, &word)) {
        if (w > 0 && (c == CG_SNAKE || c == CG_UPPER))
            tx_sb_addc(sb, '_');
        put_word(sb, word.s, word.n, c == CG_PASCAL || (c == CG_CAMEL && w > 0), c == CG_UPPER,
                 unicode);
        w++;
    }
    if (w > 0)
        return;
    /* nothing usable: spell every code point (or "empty") */
    if (n == 0) {
        tx_sb_adds(sb, c == CG_UPPER ? "EMPTY" : c == CG_PASCAL ? "Empty" : "empty");
        return;
    }
    tx_sb hex = TX_SB_INIT;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = cg_utf8_at(name + i, n - i, &cp);
        put_hex(&hex, cp);
        i += l;
    }
    put_word(sb, hex.buf, hex.len, c == CG_PASCAL, c == CG_UPPER, false);
    tx_sb_release(&hex);
}

const char *cg_ident(tx_arena *a, const cg_ident_rules *r, cg_case c, const char *name,
                     size_t n)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_addc(&sb, '_');
    cg_words(&sb, name, n, c, r->unicode);
    const char *s = sb.buf + 1;
    size_t len = sb.len - 1;
    if (is_digit((unsigned char)s[0])) {
        s = sb.buf;
        len++;
    }
    if (cg_wordset_has(r->reserved, s, len))
        tx_sb_addc(&sb, '_'), len++;
    if (sb.failed)
        tx_die_oom();
    char *out = tx_arena_strndup(a, s, len);
    tx_sb_release(&sb);
    return out;
}

/* ---- scopes ----
 * Among names mapping to one identifier: one whose raw name already is the
 * identifier keeps it; otherwise the smallest raw name (bytewise) does; the
 * rest get _2, _3, ... in that order. Only the set of names matters, never
 * their order in the taxonomy. */
typedef struct pair {
    const char *name, *raw;
    size_t i;
} pair;

static int cmp_pair(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    /* a raw name that is already the identifier keeps it */
    bool ea = strcmp(a->raw, a->name) == 0, eb = strcmp(b->raw, b->name) == 0;
    if (ea != eb)
        return ea ? -1 : 1;
    c = strcmp(a->raw, b->raw);
    if (c)
        return c;
    return a->i < b->i ? -1 : a->i > b->i;
}

const char *cg_scope_claim(tx_arena *a, cg_wordset *scope, const char *name)
{
    if (!cg_wordset_has(scope, name, strlen(name))) {
        cg_wordset_add(scope, name);
        return name;
    }
    for (unsigned k = 2;; k++) {
        char *cand = tx_arena_printf(a, "%s_%u", name, k);
        if (!cg_wordset_has(scope, cand, strlen(cand))) {
            cg_wordset_add(scope, cand);
            return cand;
        }
    }
}

void cg_scope_assign(tx_arena *a, cg_wordset *scope, size_t n, const char *const *raws,
                     const char **names)
{
    if (n == 0)
        return;
    pair *ps = tx_xmalloc(n * sizeof *ps);
    for (size_t i = 0; i < n; i++)
        ps[i] = (pair){ names[i], raws[i], i };
    qsort(ps, n, sizeof *ps, cmp_pair);
    bool *later = tx_xmalloc(n);
    for (size_t k = 0; k < n; k++) {
        bool first = k == 0 || strcmp(ps[k].name, ps[k - 1].name) != 0;
        later[k] = !first || cg_wordset_has(scope, ps[k].name, strlen(ps[k].name));
        if (!later[k])
            cg_wordset_add(scope, ps[k].name);
    }
    for (size_t k = 0; k < n; k++)
        if (later[k])
            names[ps[k].i] = cg_scope_claim(a, scope, ps[k].name);
    free(later);
    free(ps);
}

bool cg_names_distinct(const char *const *names, size_t n, const cg_wordset *taken)
{
    for (size_t i = 0; i < n; i++) {
        if (cg_wordset_has(taken, names[i], strlen(names[i])))
            return false;
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return false;
    }
    return true;
}

bool *cg_idents_free(tx_arena *a, const char *const *idents, size_t n, const cg_wordset *taken)
{
    bool *ok = tx_arena_alloc(a, n + 1);
    cg_wordset *seen = cg_wordset_new(a), *dup = cg_wordset_new(a);
    for (size_t i = 0; i < n; i++) {
        if (!idents[i])
            continue;
        size_t l = strlen(idents[i]);
        if (cg_wordset_has(seen, idents[i], l))
            cg_wordset_add(dup, idents[i]);
        else
            cg_wordset_add(seen, idents[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (!idents[i])
            continue;
        size_t l = strlen(idents[i]);
        ok[i] = !cg_wordset_has(dup, idents[i], l) && !cg_wordset_has(taken, idents[i], l);
    }
    return ok;
}

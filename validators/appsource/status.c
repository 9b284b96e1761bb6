/* Implementation status (`taxonc status`): which events app sources call
 * (see status.h). Each language's generated function names (the same naming as the
 * generators; identify's, when the plan has user properties, after the
 * events') go in a hash table; a small lexer per language family skips
 * comments (nested ones in Swift and Kotlin), string and character literals
 * (raw and multi-line ones too) and counts an identifier that matches a
 * generated name and is followed by '(' as a call, unless it follows `func`
 * or `fun` (a definition). Files taxonc generated are recognised by their
 * header and skipped, so the stubs' own definitions never count. */
#include "status.h"
#include "../../support/strmap.h"
#include "../../support/util.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SCAN_FILE ((size_t)64 << 20)

/* generated function name -> event index + 1, in the shared string map */
static void map_build(tx_strmap *m, tx_arena *a, const char **names, size_t n)
{
    tx_strmap_init_arena(m, a, n);
    for (size_t i = 0; i < n; i++) {
        bool found;
        tx_strmap_slot *sl = tx_strmap_put(m, names[i], strlen(names[i]), &found);
        if (!found)
            sl->val = (void *)(uintptr_t)(i + 1);
    }
}

static long map_find(const tx_strmap *m, const char *s, size_t n)
{
    return (long)(uintptr_t)tx_strmap_get(m, s, n) - 1;
}

typedef struct status_ctx {
    const tx_taxonomy *t;
    tx_arena *a;
    val_status *st;
    tx_strmap maps[CG_LANG_COUNT];
} status_ctx;

void val_status_init(const tx_taxonomy *t, tx_arena *a, val_status *st)
{
    memset(st, 0, sizeof *st);
    st->n_events = t->n_events;
    st->has_identify = t->n_user_props > 0;
    st->events = tx_arena_alloc(a, (t->n_events + 1) * sizeof *st->events);
    for (size_t i = 0; i < t->n_events; i++)
        st->events[i].event = t->events[i].name;
}

static void ctx_init(status_ctx *c, const tx_taxonomy *t, tx_arena *a, val_status *st)
{
    c->t = t;
    c->a = a;
    c->st = st;
    for (int l = 0; l < CG_LANG_COUNT; l++) {
        const char **names = tx_arena_alloc(a, (t->n_events + 1) * sizeof *names);
        cg_event_function_names(t, (cg_lang)l, a, names);
        names[t->n_events] = cg_identify_function_name(t, (cg_lang)l, a);
        map_build(&c->maps[l], a, names, t->n_events + (names[t->n_events] != NULL));
    }
}

static bool ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

/* Skips a block comment starting at p (after the opening slash-star);
 * nested when the language nests them. */
static const char *skip_block(const char *p, const char *end, bool nest, unsigned *line)
{
    int depth = 1;
    while (p < end && depth) {
        if (*p == '\n')
            (*line)++;
        if (p + 1 < end && p[0] == '*' && p[1] == '/') {
            depth--;
            p += 2;
        } else if (nest && p + 1 < end && p[0] == '/' && p[1] == '*') {
            depth++;
            p += 2;
        } else {
            p++;
        }
    }
    return p;
}

/* Skips a quoted literal whose opening quote is at p[-1]. */
static const char *skip_quoted(const char *p, const char *end, char q, unsigned *line)
{
    while (p < end && *p != q) {
        if (*p == '\\' && p + 1 < end) {
            if (p[1] == '\n')
                (*line)++;
            p += 2;
            continue;
        }
        if (*p == '\n') {   /* unterminated: stop at the line end */
            return p;
        }
        p++;
    }
    return p < end ? p + 1 : p;
}

/* Skips a triple-quoted literal (opening quotes already consumed); with
 * hashes for Swift raw strings ("""..."""#). */
static const char *skip_triple(const char *p, const char *end, int hashes, unsigned *line)
{
    while (p < end) {
        if (*p == '\n')
            (*line)++;
        if (end - p >= 3 && p[0] == '"' && p[1] == '"' && p[2] == '"') {
            const char *q = p + 3;
            int h = 0;
            while (h < hashes && q < end && *q == '#') {
                q++;
                h++;
            }
            if (h == hashes)
                return q;
        }
        if (*p == '\\' && hashes == 0 && p + 1 < end) {
            p += 2;
            continue;
        }
        p++;
    }
    return p;
}

/* ev: an event's index, or n_events for identify */
static void record(status_ctx *c, cg_lang lang, long ev, const char *file, unsigned line)
{
    bool identify = (size_t)ev == c->st->n_events;
    val_status_event *se = identify ? &c->st->identify : &c->st->events[ev];
    se->called[lang] = true;
    if (!se->implemented) {
        se->implemented = true;
        c->st->n_implemented += !identify;
        se->first_file = file ? tx_arena_strdup(c->a, file) : NULL;
        se->first_line = line;
    }
}

static void scan(status_ctx *c, cg_lang lang, bool cstyle, const char *text, size_t len,
                 const char *file)
{
    const char *p = text, *end = text + len;
    bool nest = !cstyle;
    unsigned line = 1;
    const char *prev_ident = NULL;
    size_t prev_len = 0;
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\n') {
            line++;
            p++;
            continue;
        }
        if (ch == '/' && p + 1 < end && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        if (ch == '/' && p + 1 < end && p[1] == '*') {
            p = skip_block(p + 2, end, nest, &line);
            continue;
        }
        if (ch == '#' && !cstyle) {
            /* Swift raw string: #"..."# or #"""..."""# */
            const char *q = p;
            int hashes = 0;
            while (q < end && *q == '#') {
                q++;
                hashes++;
            }
            if (q < end && *q == '"') {
                if (end - q >= 3 && q[1] == '"' && q[2] == '"') {
                    p = skip_triple(q + 3, end, hashes, &line);
                } else {
                    q++;
                    while (q < end && *q != '\n') {
                        if (*q == '"') {
                            const char *r = q + 1;
                            int h = 0;
                            while (h < hashes && r < end && *r == '#') {
                                r++;
                                h++;
                            }
                            if (h == hashes) {
                                q = r;
                                break;
                            }
                        }
                        q++;
                    }
                    p = q;
                }
                prev_ident = NULL;
                continue;
            }
            p = q;
            continue;
        }
        if (ch == '"') {
            if (!cstyle && end - p >= 3 && p[1] == '"' && p[2] == '"')
                p = skip_triple(p + 3, end, 0, &line);
            else
                p = skip_quoted(p + 1, end, '"', &line);
            prev_ident = NULL;
            continue;
        }
        if (ch == '\'' && lang != CG_LANG_SWIFT) {
            p = skip_quoted(p + 1, end, '\'', &line);
            continue;
        }
        if (ch == '`' && !cstyle) {
            /* Swift and Kotlin escaped identifiers */
            const char *q = memchr(p + 1, '`', (size_t)(end - p - 1));
            if (q && !memchr(p + 1, '\n', (size_t)(q - p - 1))) {
                p++;
                ch = (unsigned char)*p;
                const char *s = p;
                p = q + 1;
                const char *r = p;
                while (r < end && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r'))
                    r++;
                if (r < end && *r == '(') {
                    long ev = map_find(&c->maps[lang], s, (size_t)(q - s));
                    if (ev >= 0)
                        record(c, lang, ev, file, line);
                }
                prev_ident = s;
                prev_len = (size_t)(q - s);
                continue;
            }
        }
        if (ident_start(ch)) {
            const char *s = p;
            while (p < end && ident_char((unsigned char)*p))
                p++;
            size_t n = (size_t)(p - s);
            const char *r = p;
            unsigned extra = 0;
            while (r < end && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')) {
                if (*r == '\n')
                    extra++;
                r++;
            }
            bool defn = prev_ident && ((prev_len == 4 && memcmp(prev_ident, "func", 4) == 0) ||
                                       (prev_len == 3 && memcmp(prev_ident, "fun", 3) == 0));
            if (r < end && *r == '(' && !defn) {
                long ev = map_find(&c->maps[lang], s, n);
                if (ev >= 0)
                    record(c, lang, ev, file, line);
            }
            (void)extra;
            prev_ident = s;
            prev_len = n;
            continue;
        }
        if (ch != ' ' && ch != '\t' && ch != '\r')
            prev_ident = NULL;
        p++;
    }
}

void val_status_scan_text(const tx_taxonomy *t, cg_lang lang, const char *text, size_t len,
                          const char *file, tx_arena *a, val_status *st)
{
    status_ctx c;
    ctx_init(&c, t, a, st);
    scan(&c, lang, lang == CG_LANG_C, text, len, file);
}

/* ---- the folder walk ---- */
static const struct {
    const char *ext;
    cg_lang lang;
    bool cstyle;    /* C comments and literals (also for Java calling Kotlin) */
} exts[] = {
    { ".c", CG_LANG_C, true }, { ".h", CG_LANG_C, true }, { ".cc", CG_LANG_C, true },
    { ".cpp", CG_LANG_C, true }, { ".cxx", CG_LANG_C, true }, { ".hpp", CG_LANG_C, true },
    { ".hh", CG_LANG_C, true }, { ".m", CG_LANG_C, true }, { ".mm", CG_LANG_C, true },
    { ".swift", CG_LANG_SWIFT, false }, { ".kt", CG_LANG_KOTLIN, false },
    { ".kts", CG_LANG_KOTLIN, false }, { ".java", CG_LANG_KOTLIN, true },
};

static int lang_of(const char *name, bool *cstyle)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i].ext);
        if (n > e && strcmp(name + n - e, exts[i].ext) == 0) {
            *cstyle = exts[i].cstyle;
            return (int)exts[i].lang;
        }
    }
    return -1;
}

static bool generated(const char *text, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    const char *m = "Generated by taxonc";
    size_t ml = strlen(m);
    for (size_t i = 0; i + ml <= n; i++)
        if (memcmp(text + i, m, ml) == 0)
            return true;
    return false;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int walk(status_ctx *c, const char *dir, int depth, tx_diags *d)
{
    if (depth > 64)
        return 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read folder '%s': %s", dir,
                    strerror(errno));
        return -1;
    }
    TX_VEC(char *) names = { 0 };
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;   /* ., .. and hidden files and folders (.git, .build) */
        TX_PUSH(c->a, names, tx_arena_strdup(c->a, de->d_name));
    }
    closedir(dp);
    if (names.n)
        qsort(names.items, names.n, sizeof *names.items, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *path = tx_arena_printf(c->a, "%s/%s", dir, names.items[i]);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk(c, path, depth + 1, d);
            continue;
        }
        bool cstyle;
        int lang = lang_of(names.items[i], &cstyle);
        if (lang < 0 || !S_ISREG(st.st_mode))
            continue;
        char *text;
        size_t len;
        if (tx_read_file(path, MAX_SCAN_FILE, &text, &len) != 0) {
            tx_diag_add(d, TX_SEV_WARNING, TX_DIAG_IO, TX_NO_SPAN, "skipped '%s': %s", path,
                        strerror(errno));
            continue;
        }
        if (generated(text, len)) {
            c->st->n_generated++;
        } else {
            c->st->n_files++;
            scan(c, (cg_lang)lang, cstyle, text, len, path);
        }
        free(text);
    }
    return rc;
}

int val_status_scan(const tx_taxonomy *t, const char *src_dir, tx_arena *a, val_status *out,
                   tx_diags *d)
{
    val_status_init(t, a, out);
    struct stat st;
    if (stat(src_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read folder '%s': %s", src_dir,
                    errno ? strerror(errno) : "not a folder");
        return -1;
    }
    status_ctx c;
    ctx_init(&c, t, a, out);
    size_t n = strlen(src_dir);
    while (n > 1 && src_dir[n - 1] == '/')
        n--;
    return walk(&c, tx_arena_strndup(a, src_dir, n), 0, d);
}

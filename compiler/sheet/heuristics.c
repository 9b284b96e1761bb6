/* Hand-made sheets: what a Value cell means (see internal.h).
 * A Value cell holds examples for some rows and allowed values for others.
 * A list becomes an enum only when the property looks like a closed set:
 *  1. a marker such as "e.g.", "예:", "예시", "등" or "..." means examples;
 *  2. a name word like type, method, category, status, tier, mode, platform,
 *     channel, gender, step, tab (and no open word) means a closed set;
 *  3. a name word like term, query, keyword, name, title, id, sku, url,
 *     location, city, country, region, address, count, amount, price means
 *     examples;
 *  4. the same, then, for the description: 유형 구분 수단 종류 타입 방식 상태
 *     등급 여부 카테고리 분류 채널 플랫폼 성별 단계 (closed) and 검색어 이름
 *     명칭 제목 주소 지역 아이디 코드 번호 금액 가격 횟수 or a trailing 수
 *     (open);
 *  5. otherwise examples, with a note suggesting an "Allowed values" column.
 * Numbers follow the same rules; "A~B" / "A..B" / "A-B" is a range. A Date,
 * DateTime or Time row's value is its pattern ("yyyyMMdd") or an example
 * whose pattern is worked out ("20240315" -> yyyyMMdd). */
#include "internal.h"
#include <ctype.h>
#include <string.h>

static const char *const closed_words[] = {
    "type", "types", "kind", "method", "category", "categories", "status", "state", "tier",
    "grade", "mode", "platform", "channel", "gender", "step", "tab", "sort",
};
static const char *const open_words[] = {
    "term", "query", "keyword", "keywords", "name", "title", "id", "sku", "url", "uri", "link",
    "location", "path", "city", "country", "region", "address", "text", "message", "comment",
    "code", "email", "phone", "count", "number", "num", "amount", "price", "total", "value",
};
static const char *const closed_ko[] = {
    "유형", "구분", "수단", "종류", "타입", "방식", "상태", "등급", "여부", "카테고리", "분류",
    "채널", "플랫폼", "성별", "단계",
};
static const char *const open_ko[] = {
    "검색어", "이름", "명칭", "제목", "주소", "지역", "아이디", "코드", "번호", "금액", "가격", "횟수", "URL",
};

/* Splits a name into lowercase words (snake_case, kebab, camelCase). */
static void name_words(const char *name, bool *closed, bool *open)
{
    char w[64];
    size_t k = 0;
    *closed = *open = false;
    for (const char *p = name;; p++) {
        bool boundary = !*p || *p == '_' || *p == '-' || *p == ' ' || *p == '.' ||
                        (isupper((unsigned char)*p) && k > 0);
        if (boundary && k) {
            *closed |= sh_word_in(w, k, closed_words, sizeof closed_words / sizeof closed_words[0]);
            *open |= sh_word_in(w, k, open_words, sizeof open_words / sizeof open_words[0]);
            k = 0;
        }
        if (!*p)
            break;
        if (*p != '_' && *p != '-' && *p != ' ' && *p != '.' && k < sizeof w)
            w[k++] = (char)tolower((unsigned char)*p);
    }
}

static bool has_any(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, list[i]))
            return true;
    return false;
}

typedef enum { V_EXAMPLES, V_ENUM, V_UNSURE } vclass;

/* By the words of a name or description: a closed-set word and no open
 * one means allowed values, an open word examples. */
static vclass by_words(const char *s)
{
    bool closed, open;
    name_words(s, &closed, &open);
    return closed && !open ? V_ENUM : open ? V_EXAMPLES : V_UNSURE;
}

static vclass classify_values(const char *value, const char *name, const char *desc)
{
    static const char *const markers[] = { "e.g.", "eg.", "ex)", "ex.", "예:", "예)", "예시", "...", "…", " 등" };
    if (has_any(value, markers, sizeof markers / sizeof markers[0]))
        return V_EXAMPLES;
    vclass k = by_words(name);
    if (k != V_UNSURE || !desc || !*desc)
        return k;
    if (has_any(desc, closed_ko, sizeof closed_ko / sizeof closed_ko[0]))
        return V_ENUM;
    if (has_any(desc, open_ko, sizeof open_ko / sizeof open_ko[0]) || sh_ends_with(desc, "수"))
        return V_EXAMPLES;
    return by_words(desc);
}

/* A concrete date or time such as 20240315 or 2024-03-15 10:00:00 turned
 * into the pattern it follows; NULL when it does not look like one. */
static const char *pattern_from_example(ictx *ic, const char *v, int fmt)
{
    size_t n = strlen(v);
    if (n >= 20 && n <= 35 && (v[10] == 'T' || v[10] == 't') && isdigit((unsigned char)v[0]))
        return "date-time";
    static const char *const fields[] = { "yyyy", "MM", "dd", "HH", "mm", "ss", "SSS" };
    static const size_t widths[] = { 4, 2, 2, 2, 2, 2, 3 };
    tx_sb sb = TX_SB_INIT;
    size_t f = 0;
    const char *p = v;
    bool ok = true;
    while (*p && ok) {
        if (isdigit((unsigned char)*p)) {
            size_t run = 0;
            while (isdigit((unsigned char)p[run]))
                run++;
            size_t used = 0;
            while (used < run && f < 7 && used + widths[f] <= run) {
                tx_sb_adds(&sb, fields[f]);
                used += widths[f++];
            }
            ok = used == run;
            p += run;
        } else if (strchr("-./: ", *p)) {
            tx_sb_addc(&sb, *p++);
        } else {
            ok = false;
        }
    }
    const char *r = NULL;
    if (ok && f >= 3) {
        const char *err;
        if (strcmp(sb.buf, "yyyy-MM-dd") == 0)
            r = "date";
        else if (tx_date_pattern_compile(ic->a, sb.buf, &err) &&
                 tx_date_pattern_match(tx_date_pattern_compile(ic->a, sb.buf, &err), v, n))
            r = tx_arena_strdup(ic->a, sb.buf);
    }
    (void)fmt;
    tx_sb_release(&sb);
    return r;
}

static bool looks_like_date_pattern(const char *s)
{
    return strstr(s, "yy") || strstr(s, "YY") || strstr(s, "dd") || strstr(s, "HH");
}

static void split_values(ictx *ic, const char *s, strvec *out)
{
    const char *p = s;
    while (*p) {
        const char *b = p;
        while (*p && *p != ',' && *p != '\n')
            p++;
        const char *v = sh_trim_dup(ic->a, b, (size_t)(p - b));
        bool dup = false;
        for (size_t i = 0; i < out->n && !dup; i++)
            dup = strcmp(out->items[i], v) == 0;
        if (*v && !dup)
            TX_PUSH(ic->a, *out, v);
        if (*p)
            p++;
    }
}

void sh_read_value_cell(ictx *ic, const row *r, int c, const cell *cl, iprop *pp, itype *t,
                            int fmt, const char *name, const char *desc, bool first)
{
    itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
    if (fmt != SH_FMT_NONE) {
        /* Date / DateTime / Time: the value gives the pattern, or is an example */
        const char *f = NULL;
        if (cl->n && looks_like_date_pattern(cl->s)) {
            f = sh_format_of(ic, cl->s);
            if (!f)
                sh_diag(ic, TX_SEV_WARNING, "csv-format", sh_span(ic, cl),
                        "'%s' in %s looks like a date pattern but is not one; using format '%s'", cl->s,
                        sh_at(ic, r, c), fmt == SH_FMT_DATE ? "date" : fmt == SH_FMT_TIME ? "time" : "date-time");
        } else if (cl->n) {
            f = pattern_from_example(ic, cl->s, fmt);
            if (pp)
                pp->examples = cl->s;
        }
        if (!f)
            f = fmt == SH_FMT_DATE ? "date" : fmt == SH_FMT_TIME ? "time" : "date-time";
        v->format = f;
        return;
    }
    if (!cl->n)
        return;
    if (c == C_EXAMPLE || v->base == TX_BOOLEAN || v->base == TX_OBJECT) {
        pp->examples = cl->s;
        return;
    }
    const char *lo, *hi;
    if (v->base == TX_INTEGER || v->base == TX_NUMBER) {
        bool io = v->base == TX_INTEGER;
        if ((sh_range_text(ic, cl->s, "..", &lo, &hi) || sh_range_text(ic, cl->s, "~", &lo, &hi) ||
             (cl->s[0] != '-' && sh_range_text(ic, cl->s, "-", &lo, &hi))) &&
            (*lo || *hi) && (!*lo || sh_is_number(lo, io)) && (!*hi || sh_is_number(hi, io))) {
            v->min = *lo ? lo : NULL;
            v->max = *hi ? hi : NULL;
            return;
        }
    }
    strvec vals = { 0 };
    split_values(ic, cl->s, &vals);
    vclass k = vals.n >= 2 ? classify_values(cl->s, name, desc) : V_EXAMPLES;
    if (k == V_ENUM && (v->base == TX_INTEGER || v->base == TX_NUMBER))
        for (size_t i = 0; i < vals.n; i++)
            if (!sh_is_number(vals.items[i], v->base == TX_INTEGER))
                k = V_EXAMPLES;
    if (k == V_ENUM) {
        for (size_t i = 0; i < vals.n; i++) {
            im_enum e = { vals.items[i], NULL, sh_enum_str(v->base, v->base) };
            TX_PUSH(ic->a, v->enums, e);
        }
        if (first)
            sh_diag(ic, TX_SEV_INFO, "csv-enum", sh_span(ic, cl),
                    "values of '%s' in %s taken as its allowed values (a closed list)", name, sh_at(ic, r, c));
        return;
    }
    pp->examples = cl->s;
    if (k == V_UNSURE && first)
        sh_diag(ic, TX_SEV_INFO, "csv-examples", sh_span(ic, cl),
                "values of '%s' in %s taken as examples; put them in an 'Allowed values' column to make "
                "them a closed list", name, sh_at(ic, r, c));
}

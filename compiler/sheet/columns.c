/* The sheet's header: which column is which. Header cells are normalised
 * (lowercase, runs of space _ - . folded to one space, a trailing ':' or
 * '*' dropped) and looked up in the alias table `columns`, English and
 * Korean names as teams write them (docs/import.md lists them). The
 * header is the first of the first ten rows that names an Event or a
 * Property column, so title rows above it are skipped; an unknown column
 * is a warning with the nearest known name. */
#include "internal.h"
#include <ctype.h>
#include <string.h>

/* Header names after normalisation (lowercase, runs of space _ - . folded
 * to one space, trailing ':' '*' dropped). */
static const struct {
    col c;
    const char *name;
} columns[] = {
    { C_CATEGORY, "category" },        { C_CATEGORY, "카테고리" },      { C_CATEGORY, "분류" },
    { C_CATEGORY, "대분류" },          { C_CATEGORY, "event category" }, { C_CATEGORY, "group" },
    { C_EVENT, "event" },              { C_EVENT, "event name" },        { C_EVENT, "eventname" },
    { C_EVENT, "event key" },          { C_EVENT, "event id" },          { C_EVENT, "이벤트" },
    { C_EVENT, "이벤트 키" },          { C_EVENT, "이벤트 영문명" },     { C_EVENT, "이벤트 이름(영문)" },
    { C_EVENT_DESC, "event description" }, { C_EVENT_DESC, "event desc" },
    { C_EVENT_DESC, "event display name" }, { C_EVENT_DESC, "display name" },
    { C_EVENT_DESC, "이벤트명" },      { C_EVENT_DESC, "이벤트 설명" },  { C_EVENT_DESC, "이벤트 정의" },
    { C_EVENT_DESC, "이벤트 한글명" },
    { C_PROPERTY, "property" },        { C_PROPERTY, "property name" },  { C_PROPERTY, "properties" },
    { C_PROPERTY, "event property" },  { C_PROPERTY, "parameter" },      { C_PROPERTY, "param" },
    { C_PROPERTY, "속성" },            { C_PROPERTY, "속성명" },          { C_PROPERTY, "프로퍼티" },
    { C_PROPERTY, "파라미터" },
    { C_PROP_DESC, "property description" }, { C_PROP_DESC, "property desc" },
    { C_PROP_DESC, "definition" },     { C_PROP_DESC, "description" },   { C_PROP_DESC, "정의" },
    { C_PROP_DESC, "설명" },           { C_PROP_DESC, "속성 설명" },     { C_PROP_DESC, "프로퍼티 설명" },
    { C_TYPE, "type" },                { C_TYPE, "data type" },          { C_TYPE, "datatype" },
    { C_TYPE, "value type" },          { C_TYPE, "property type" },      { C_TYPE, "타입" },
    { C_TYPE, "데이터 타입" },         { C_TYPE, "자료형" },
    { C_ALLOWED, "allowed values" },   { C_ALLOWED, "allowed value" },   { C_ALLOWED, "enum" },
    { C_ALLOWED, "enum values" },      { C_ALLOWED, "허용값" },          { C_ALLOWED, "허용 값" },
    { C_VALUE, "value" },              { C_VALUE, "values" },            { C_VALUE, "값" },
    { C_VALUE, "property value" },
    { C_EXAMPLE, "example" },          { C_EXAMPLE, "examples" },        { C_EXAMPLE, "sample" },
    { C_EXAMPLE, "sample value" },     { C_EXAMPLE, "예시" },            { C_EXAMPLE, "값 예시" },
    { C_EXAMPLE, "예시 값" },
    { C_FORMAT, "format" },            { C_FORMAT, "포맷" },             { C_FORMAT, "형식" },
    { C_REQUIRED, "required" },        { C_REQUIRED, "mandatory" },      { C_REQUIRED, "필수" },
    { C_REQUIRED, "필수 여부" },       { C_REQUIRED, "필수값" },
    { C_TRIGGER, "trigger" },          { C_TRIGGER, "trigger time" },    { C_TRIGGER, "trigger timing" },
    { C_TRIGGER, "when" },             { C_TRIGGER, "트리거" },          { C_TRIGGER, "발생 시점" },
    { C_TRIGGER, "수집 시점" },        { C_TRIGGER, "전송 시점" },
};

const char *const sh_col_titles[C__N] = {
    "Category", "Event", "Event description", "Property", "Property description", "Type",
    "Allowed values", "Value", "Example", "Format", "Required", "Trigger",
};

static char *norm_header(tx_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = tx_arena_alloc(a, n + 1);
    size_t k = 0;
    bool sep = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t' || c == '\n' || c == '\r') {
            sep = k > 0;
            continue;
        }
        if (sep)
            o[k++] = ' ';
        sep = false;
        o[k++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    while (k && (o[k - 1] == ':' || o[k - 1] == '*' || o[k - 1] == ' '))
        k--;
    o[k] = '\0';
    return o;
}

static int header_col(tx_arena *a, const char *text)
{
    const char *h = norm_header(a, text);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (strcmp(columns[i].name, h) == 0)
            return (int)columns[i].c;
    return -1;
}

/* The header is the first row, among the first ten, that names an Event
 * or a Property column; rows above it (titles, notes) are skipped. */
size_t sh_find_header(ictx *ic)
{
    size_t limit = ic->rows.n < 10 ? ic->rows.n : 10;
    for (size_t ri = 0; ri < limit; ri++) {
        const row *r = &ic->rows.items[ri];
        int found = 0;
        for (size_t k = 0; k < r->n; k++) {
            int c = header_col(ic->a, r->cells[k].s);
            found |= c == C_EVENT || c == C_PROPERTY;
        }
        if (found)
            return ri;
    }
    return (size_t)-1;
}

bool sh_map_header(ictx *ic, const row *h)
{
    for (int c = 0; c < C__N; c++)
        ic->colmap[c] = -1;
    static const char *cands[sizeof columns / sizeof columns[0]];
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cands[i] = columns[i].name;
    for (size_t k = 0; k < h->n; k++) {
        const cell *cl = &h->cells[k];
        if (!cl->n)
            continue;
        int c = header_col(ic->a, cl->s);
        if (c < 0) {
            const char *nh = norm_header(ic->a, cl->s);
            const char *near = tx_suggest(nh, strlen(nh), cands, sizeof cands / sizeof cands[0]);
            if (near)
                sh_diag(ic, TX_SEV_WARNING, "csv-header", sh_span(ic, cl),
                        "unknown column '%s' ignored; did you mean '%s'?", cl->s, near);
            else
                sh_diag(ic, TX_SEV_WARNING, "csv-header", sh_span(ic, cl), "unknown column '%s' ignored",
                        cl->s);
            continue;
        }
        if (ic->colmap[c] >= 0) {
            sh_diag(ic, TX_SEV_WARNING, "csv-header", sh_span(ic, cl),
                    "column '%s' repeats the %s column; the first one is used", cl->s, sh_col_titles[c]);
            continue;
        }
        ic->colmap[c] = (int)k;
    }
    bool ok = true;
    if (ic->colmap[C_EVENT] < 0) {
        sh_diag(ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic->file, h->start, h->start },
                "no Event column in the header (accepted names include 'Event', 'Event Name', '이벤트')");
        ok = false;
    }
    if (ic->colmap[C_PROPERTY] < 0) {
        sh_diag(ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic->file, h->start, h->start },
                "no Property column in the header (accepted names include 'Property', '속성', 'Parameter')");
        ok = false;
    }
    ic->exported = ic->colmap[C_TYPE] >= 0;
    return ok;
}

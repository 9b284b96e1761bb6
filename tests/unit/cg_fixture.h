/* Hand-built taxonomies for the code generator's unit tests (no loader
 * needed): a small travel-app plan and a hostile-names plan. Everything is
 * allocated in the given arena. Included by test_codegen.c only. */
#ifndef CG_FIXTURE_H
#define CG_FIXTURE_H
#include <stdlib.h>
#include <string.h>
#include "../../schema/model.h"
#include "../../support/arena.h"

static tx_type *fx_type(tx_arena *a, const char *name, tx_base base)
{
    tx_type *t = tx_arena_alloc(a, sizeof *t);
    t->name = name;
    t->base = base;
    t->span = TX_NO_SPAN;
    t->min_length = t->max_length = t->min_items = t->max_items = -1;
    return t;
}

static void fx_enum(tx_arena *a, tx_type *t, const char *const *vals, size_t n)
{
    t->enums = tx_arena_alloc(a, n * sizeof *t->enums);
    t->n_enum = n;
    for (size_t i = 0; i < n; i++) {
        t->enums[i].str = vals[i];
        t->enums[i].len = strlen(vals[i]);
        if (t->base != TX_STRING) {
            t->enums[i].num.set = true;
            t->enums[i].num.is_int = strchr(vals[i], '.') == NULL;
            t->enums[i].num.d = atof(vals[i]);
            t->enums[i].num.i = (int64_t)t->enums[i].num.d;
            t->enums[i].num.text = vals[i];
        }
    }
}

static tx_num fx_int(int64_t v)
{
    tx_num n = { .set = true, .is_int = true, .i = v, .d = (double)v };
    return n;
}

/* yyyyMMdd or yyyy-MM-dd style, enough for the tests */
static tx_date_pattern *fx_date_pattern(tx_arena *a, const char *text)
{
    tx_date_pattern *p = tx_arena_alloc(a, sizeof *p);
    p->text = text;
    p->parts = tx_arena_alloc(a, 16 * sizeof *p->parts);
    static const struct { const char *tok; tx_dp_kind k; } toks[] = {
        { "yyyy", TX_DP_YEAR4 }, { "yy", TX_DP_YEAR2 }, { "MM", TX_DP_MONTH },
        { "dd", TX_DP_DAY }, { "HH", TX_DP_HOUR }, { "mm", TX_DP_MINUTE },
        { "ss", TX_DP_SECOND }, { "SSS", TX_DP_MILLIS },
    };
    const char *s = text;
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof toks / sizeof toks[0]; k++)
            if (strncmp(s, toks[k].tok, strlen(toks[k].tok)) == 0)
                break;
        if (k < sizeof toks / sizeof toks[0]) {
            p->parts[p->n_parts++].kind = toks[k].k;
            s += strlen(toks[k].tok);
            p->length += strlen(toks[k].tok);
        } else {
            tx_dp_part *pt = &p->parts[p->n_parts++];
            pt->kind = TX_DP_LITERAL;
            pt->lit = s;
            pt->lit_len = 1;
            s++;
            p->length++;
        }
    }
    return p;
}

typedef struct fx_ev {
    const char *name;
    const char *description;
    size_t n;
    const char *props[12];
    bool required[12];
    bool deprecated;
} fx_ev;

static void fx_finish(tx_arena *a, tx_taxonomy *t, const fx_ev *evs, size_t n_ev)
{
    t->n_events = n_ev;
    t->events = tx_arena_alloc(a, (n_ev + 1) * sizeof *t->events);
    for (size_t i = 0; i < n_ev; i++) {
        tx_event *e = &t->events[i];
        e->name = evs[i].name;
        e->span = TX_NO_SPAN;
        e->meta.description = evs[i].description;
        e->meta.deprecated = evs[i].deprecated;
        e->index = (uint32_t)i;
        e->props = tx_arena_alloc(a, (evs[i].n + 1) * sizeof *e->props);
        e->n_props = evs[i].n;
        for (size_t j = 0; j < evs[i].n; j++) {
            const tx_property *p = NULL;
            for (size_t k = 0; k < t->n_props; k++)
                if (strcmp(t->props[k].name, evs[i].props[j]) == 0)
                    p = &t->props[k];
            e->props[j].prop = p;
            e->props[j].required = evs[i].required[j];
            e->props[j].span = TX_NO_SPAN;
        }
    }
    for (size_t k = 0; k < t->n_props; k++)
        t->props[k].index = (uint32_t)k;
    tx_model_index(t, a);
    t->content_hash = tx_model_hash(t);
}

/* The travel app: enums, a date pattern, ranges, arrays, an object. */
static tx_taxonomy *fx_travel(tx_arena *a)
{
    tx_taxonomy *t = tx_arena_alloc(a, sizeof *t);
    t->name = "travel_app";
    t->version = "1.2.0";
    t->description = "숙박 예약 앱 이벤트 택소노미";

    static const char *const methods[] = { "kakao", "naver", "google" };
    tx_type *login = fx_type(a, "login_method", TX_STRING);
    fx_enum(a, login, methods, 3);
    login->meta.description = "로그인 수단";
    tx_type *ymd = fx_type(a, "yyyymmdd", TX_STRING);
    ymd->format = TX_FMT_DATE_PATTERN;
    ymd->format_text = "yyyyMMdd";
    ymd->date_pattern = fx_date_pattern(a, "yyyyMMdd");
    tx_type *head = fx_type(a, "headcount", TX_INTEGER);
    head->min = fx_int(0);
    head->max = fx_int(20);
    tx_type *term = fx_type(a, NULL, TX_STRING);
    term->max_length = 100;
    tx_type *codes = fx_type(a, NULL, TX_ARRAY);
    codes->items = fx_type(a, NULL, TX_STRING);
    codes->max_items = 10;
    tx_type *price = fx_type(a, NULL, TX_NUMBER);
    price->min = fx_int(0);
    tx_type *boolean = fx_type(a, NULL, TX_BOOLEAN);
    tx_type *addr = fx_type(a, "address", TX_OBJECT);
    addr->n_fields = 2;
    addr->fields = tx_arena_alloc(a, 2 * sizeof *addr->fields);
    addr->fields[0] = (tx_field){ .name = "city", .type = fx_type(a, NULL, TX_STRING), .required = true };
    addr->fields[1] = (tx_field){ .name = "zip", .type = fx_type(a, NULL, TX_STRING) };
    tx_type *uuid = fx_type(a, NULL, TX_STRING);
    uuid->format = TX_FMT_UUID;
    static const char *const ratings[] = { "1", "2", "3" };
    tx_type *rating = fx_type(a, NULL, TX_INTEGER);
    fx_enum(a, rating, ratings, 3);
    tx_type *when = fx_type(a, NULL, TX_STRING);
    when->format = TX_FMT_DATE_TIME;
    when->nullable = true;
    tx_type *count = fx_type(a, NULL, TX_INTEGER);
    count->nullable = true;

    t->n_types = 4;
    t->types = tx_arena_alloc(a, 4 * sizeof *t->types);
    t->types[0] = login;
    t->types[1] = ymd;
    t->types[2] = head;
    t->types[3] = addr;

    static const struct { const char *name; int type; const char *desc; } props[] = {
        { "sign_up_type", 0, "회원가입 수단" }, { "sign_up_date", 1, "회원가입 완료 일자" },
        { "travel_adults", 2, "성인 수" }, { "search_term", 3, NULL },
        { "coupon_codes", 4, NULL }, { "price", 5, "결제 금액" }, { "is_member", 6, NULL },
        { "address", 7, NULL }, { "event_id", 8, NULL }, { "rating", 9, NULL },
        { "booked_at", 10, NULL }, { "room_count", 11, NULL },
    };
    tx_type *ptypes[] = { login, ymd, head, term, codes, price, boolean, addr, uuid, rating, when, count };
    t->n_props = sizeof props / sizeof props[0];
    t->props = tx_arena_alloc(a, t->n_props * sizeof *t->props);
    for (size_t i = 0; i < t->n_props; i++) {
        t->props[i].name = props[i].name;
        t->props[i].type = ptypes[props[i].type];
        t->props[i].meta.description = props[i].desc;
        t->props[i].span = TX_NO_SPAN;
    }
    t->props[5].meta.deprecated = true;
    t->props[5].meta.deprecated_reason = "use total_price";
    static const fx_ev evs[] = {
        { .name = "complete_sign_up", .description = "회원가입 완료", .n = 2,
          .props = { "sign_up_type", "sign_up_date" }, .required = { true, false } },
        { .name = "search_stay", .description = "숙소 검색", .n = 8,
          .props = { "search_term", "travel_adults", "coupon_codes", "price", "is_member",
                     "address", "event_id", "booked_at" },
          .required = { true, false, false, false, false, false, false, false } },
        { .name = "view_home", .n = 0 },
        { .name = "rate_stay", .description = "별점", .n = 3,
          .props = { "rating", "room_count", "booked_at" }, .required = { true, true, false } },
        { .name = "open_app_legacy", .description = "old", .n = 1, .props = { "sign_up_type" },
          .required = { false }, .deprecated = true },
    };
    fx_finish(a, t, evs, sizeof evs / sizeof evs[0]);
    return t;
}
#endif

/* Profiles: where each tool puts the event name, its properties and the
 * user's properties, as a small tree of keys with roles (val_spec). The
 * checker walks a record once and acts on the keys the tree names, so key
 * order in the record does not matter. Custom profiles are built from
 * JSON Pointers (RFC 6901) given on the command line. */
#include "internal.h"
#include <stdio.h>
#include <string.h>

#define K(s) s, sizeof s - 1

static const val_spec amp_event[] = {
    { K("event_type"), ROLE_NAME, NULL, 0 },
    { K("event_properties"), ROLE_PROPS, NULL, 0 },
    { K("user_properties"), ROLE_USER, NULL, 0 },
    { K("events"), ROLE_BATCH, amp_event, 4 },
};

static const val_spec seg_event[] = {
    { K("type"), ROLE_TYPE, NULL, 0 },
    { K("event"), ROLE_NAME, NULL, 0 },
    { K("properties"), ROLE_PROPS, NULL, 0 },
    { K("traits"), ROLE_USER, NULL, 0 },
    { K("batch"), ROLE_BATCH, seg_event, 5 },
};

static const val_spec mp_event[] = {
    { K("event"), ROLE_NAME, NULL, 0 },
    { K("properties"), ROLE_PROPS, NULL, 0 },
};

static const val_spec braze_event[] = {
    { K("name"), ROLE_NAME, NULL, 0 },
    { K("properties"), ROLE_PROPS, NULL, 0 },
};

static const val_spec braze_body[] = {
    { K("events"), ROLE_BATCH, braze_event, 2 },
    { K("attributes"), ROLE_ATTRS, NULL, 0 },
    { K("purchases"), ROLE_ITEMS, NULL, 0 },
};

/* Snowplow: a self-describing JSON {"schema": "iglu:...", "data": {...}},
 * or an enriched event in JSON (Snowplow Micro's /micro/good "event", the
 * enrich JSON output), whose self-describing event sits in
 * unstruct_event.data; enriched events of other kinds ("event":
 * "page_view", ...) are ignored. */
static const val_spec sp_inner[] = {
    { K("schema"), ROLE_IGLU, NULL, 0 },
    { K("data"), ROLE_PROPS, NULL, 0 },
};

static const val_spec sp_unstruct[] = {
    { K("data"), ROLE_OBJ, sp_inner, 2 },
};

static const val_spec sp_event[] = {
    { K("schema"), ROLE_IGLU, NULL, 0 },
    { K("data"), ROLE_PROPS, NULL, 0 },
    { K("event"), ROLE_TYPE, NULL, 0 },
    { K("unstruct_event"), ROLE_OBJ, sp_unstruct, 1 },
};

static const val_prof profs[] = {
    { VAL_PROF_AMPLITUDE, amp_event, 4, false, true, "/event_type", NULL },
    { VAL_PROF_SEGMENT, seg_event, 5, false, false, "/event", "track" },
    { VAL_PROF_MIXPANEL, mp_event, 2, true, false, "/event", NULL },
    { VAL_PROF_BRAZE, braze_body, 3, false, false, "/events/N/name", NULL },
    { VAL_PROF_SNOWPLOW, sp_event, 4, false, false, "/schema or /unstruct_event/data/schema",
      "unstruct" },
};

static const char *const prof_names[] = {
    "auto", "amplitude", "segment", "mixpanel", "braze", "custom", "snowplow",
};

const char *val_profile_name(val_profile p)
{
    return (unsigned)p < sizeof prof_names / sizeof prof_names[0] ? prof_names[p] : "?";
}

int val_profile_parse(const char *s, val_profile *out)
{
    for (size_t i = 0; i < sizeof prof_names / sizeof prof_names[0]; i++)
        if (strcmp(s, prof_names[i]) == 0) {
            *out = (val_profile)i;
            return 0;
        }
    return -1;
}

const val_prof *val_prof_builtin(val_profile p)
{
    for (size_t i = 0; i < sizeof profs / sizeof profs[0]; i++)
        if (profs[i].id == p)
            return &profs[i];
    return &profs[0];
}

/* Adds one pointer to the tree held in a growable arena array. */
typedef struct node {
    const char *key;
    size_t len;
    val_role role;
    struct node *kids;
    size_t n_kids;
} node;

static int add_ptr(tx_arena *a, node *root, const char *ptr, val_role role, char *err,
                   size_t errlen)
{
    if (!ptr || ptr[0] != '/' || !ptr[1]) {
        snprintf(err, errlen, "invalid JSON Pointer '%s': it must start with '/' and name a key",
                 ptr ? ptr : "");
        return -1;
    }
    node *cur = root;
    const char *p = ptr + 1;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *key = tx_arena_alloc(a, n + 1);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '~') {
                if (i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
                    key[k++] = p[i + 1] == '0' ? '~' : '/';
                    i++;
                    continue;
                }
                snprintf(err, errlen, "invalid JSON Pointer '%s': '~' must be followed by 0 or 1",
                         ptr);
                return -1;
            }
            key[k++] = p[i];
        }
        node *kid = NULL;
        for (size_t i = 0; i < cur->n_kids; i++)
            if (cur->kids[i].len == k && memcmp(cur->kids[i].key, key, k) == 0)
                kid = &cur->kids[i];
        if (!kid) {
            cur->kids = tx_arena_grow(a, cur->kids, cur->n_kids * sizeof *cur->kids,
                                      (cur->n_kids + 1) * sizeof *cur->kids);
            kid = &cur->kids[cur->n_kids++];
            *kid = (node){ key, k, ROLE_NONE, NULL, 0 };
        }
        if (!e) {
            if (kid->role != ROLE_NONE || kid->n_kids) {
                snprintf(err, errlen, "JSON Pointer '%s' overlaps another one", ptr);
                return -1;
            }
            kid->role = role;
            return 0;
        }
        if (kid->role != ROLE_NONE) {
            snprintf(err, errlen, "JSON Pointer '%s' overlaps another one", ptr);
            return -1;
        }
        kid->role = ROLE_NONE;
        cur = kid;
        p = e + 1;
    }
}

static const val_spec *freeze(tx_arena *a, const node *n, size_t *count)
{
    val_spec *out = tx_arena_alloc(a, (n->n_kids + 1) * sizeof *out);
    for (size_t i = 0; i < n->n_kids; i++) {
        const node *k = &n->kids[i];
        size_t nk = 0;
        const val_spec *kids = k->n_kids ? freeze(a, k, &nk) : NULL;
        out[i] = (val_spec){ k->key, k->len, k->n_kids ? ROLE_OBJ : k->role, kids, nk };
    }
    *count = n->n_kids;
    return out;
}

const val_prof *val_prof_custom(tx_arena *a, const char *event_ptr, const char *props_ptr,
                                const char *user_ptr, char *err, size_t errlen)
{
    node root = { 0 };
    if (!event_ptr) {
        snprintf(err, errlen, "the custom profile needs --event-path");
        return NULL;
    }
    if (add_ptr(a, &root, event_ptr, ROLE_NAME, err, errlen) != 0)
        return NULL;
    if (props_ptr && add_ptr(a, &root, props_ptr, ROLE_PROPS, err, errlen) != 0)
        return NULL;
    if (user_ptr && add_ptr(a, &root, user_ptr, ROLE_USER, err, errlen) != 0)
        return NULL;
    val_prof *p = tx_arena_alloc(a, sizeof *p);
    p->id = VAL_PROF_CUSTOM;
    p->root = freeze(a, &root, &p->n_root);
    p->name_path = tx_arena_strdup(a, event_ptr);
    p->type_value = NULL;
    return p;
}

int val_prof_of_opts(const val_opts *o, tx_arena **pa, const val_prof **custom, char *err,
                     size_t errlen)
{
    *pa = tx_arena_new();
    *custom = NULL;
    if (o->profile != VAL_PROF_CUSTOM)
        return 0;
    *custom = val_prof_custom(*pa, o->event_ptr, o->props_ptr, o->user_ptr, err, errlen);
    if (*custom)
        return 0;
    tx_arena_free(*pa);
    *pa = NULL;
    return -1;
}

/* Top-level keys (and the keys of the first element of "events") decide.
 * "unstruct_event", or "schema" holding an Iglu URI or beside "data", is
 * snowplow. A wrapper's own keys (amplitude's api_key, braze's attributes
 * and purchases) count too, so a body whose "events" is not an array is
 * still read by its own profile and told so. */
val_profile val_prof_detect(const char *rec, size_t n)
{
    val_jr jr;
    val_jr_init(&jr);
    val_jr_begin(&jr, rec, n);
    const char *end = rec + n, *p = val_json_ws(rec, end);
    bool ev_type = false, event = false, type = false, batch = false, events_name = false;
    bool iglu = false, schema = false, data = false;
    bool empty, done;
    if (p >= end || *p != '{')
        goto out;
    p = val_json_obj_open(&jr, p, end, &empty);
    while (!jr.failed && !empty) {
        val_str k;
        p = val_json_key(&jr, p, end, &k);
        if (jr.failed)
            break;
#define IS(lit) (k.n == sizeof lit - 1 && memcmp(k.s, lit, k.n) == 0)
        if (IS("event_type"))
            ev_type = true;
        else if (IS("event"))
            event = true;
        else if (IS("type"))
            type = true;
        else if (IS("batch"))
            batch = true;
        else if (IS("unstruct_event") ||
                 (IS("schema") && end - p > 6 && memcmp(p, "\"iglu:", 6) == 0))
            iglu = true;        /* snowplow */
        else if (IS("schema"))
            schema = true;      /* with "data": a self-describing JSON, bad URI or not */
        else if (IS("data"))
            data = true;
        else if (IS("api_key"))
            ev_type = true;     /* amplitude's HTTP API body */
        else if (IS("attributes") || IS("purchases"))
            events_name = true; /* braze's /users/track body */
        if (IS("events") && *p == '[') {
            bool e2;
            const char *q = val_json_arr_open(&jr, p, end, &e2);
            if (!jr.failed && !e2 && *q == '{') {
                q = val_json_obj_open(&jr, q, end, &e2);
                while (!jr.failed && !e2) {
                    val_str k2;
                    q = val_json_key(&jr, q, end, &k2);
                    if (jr.failed)
                        break;
                    if (k2.n == 10 && memcmp(k2.s, "event_type", 10) == 0)
                        ev_type = true;
                    else if (k2.n == 4 && memcmp(k2.s, "name", 4) == 0)
                        events_name = true;
                    q = val_json_skip(&jr, q, end);
                    if (jr.failed)
                        break;
                    q = val_json_obj_next(&jr, q, end, &e2);
                }
            }
            jr.failed = false;
            jr.depth = 1;
        }
#undef IS
        p = val_json_skip(&jr, p, end);
        if (jr.failed)
            break;
        p = val_json_obj_next(&jr, p, end, &done);
        if (done)
            break;
    }
out:
    val_jr_free(&jr);
    if (iglu || (schema && data))
        return VAL_PROF_SNOWPLOW;
    if (ev_type)
        return VAL_PROF_AMPLITUDE;
    if (type || batch)
        return VAL_PROF_SEGMENT;
    if (events_name)
        return VAL_PROF_BRAZE;
    if (event)
        return VAL_PROF_MIXPANEL;
    return VAL_PROF_AMPLITUDE;
}

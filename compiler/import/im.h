/* The importers' shared model and its one YAML writer.
 *
 * Every importer (csv (compiler/sheet/), segment, rudderstack, jsonschema,
 * mparticle, amplitude) fills an im_plan and hands it to im_write_yaml, so the YAML
 * they write looks the same and is deterministic: block mappings for
 * definitions, flow lists for lists of scalars (enums without
 * descriptions, unions, user_properties, iglu versions), every scalar
 * quoted unless it is plainly safe YAML (im_yq), descriptions verbatim
 * (Korean, newlines: a double-quoted scalar with escapes), comment lines
 * that nothing in the text can end early (im_comment).
 *
 * Losses: im_lost() records what the source said and the taxonomy cannot,
 * twice: a warning `import-lost` at the source span (the message names the
 * JSON Pointer or line) and a `# lost: POINTER: what` comment line in the
 * item it belongs to (or at the top of the file).
 *
 * Per-event variants (design16 §5): importers add each event's property
 * with im_use_add(); im_plan_settle() then gives the dictionary the most
 * common definition of each name (a user property's own definition wins),
 * and the events whose definition differs carry their own (`type:` under
 * the event). Definitions are compared by their YAML text.
 *
 * Ownership: everything lives in plan->a (the tx_ctx arena); the writer
 * returns arena text. Nothing here frees. */
#ifndef TX_IM_H
#define TX_IM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../load.h"
#include "../yaml.h"
#include "../../support/strmap.h"
#include "../../support/strbuf.h"

typedef TX_VEC(const char *) im_strs;

typedef struct im_meta {
    const char *desc, *dep_reason, *owner;
    bool deprecated, pii;
} im_meta;

typedef struct im_enum {
    const char *val;
    const char *desc;       /* NULL: the enum is written as a flow list */
    bool str;               /* a string (quoted as needed); else written verbatim (1, true, null) */
} im_enum;

typedef struct im_type im_type;

typedef struct im_field {
    const char *name;
    bool required;
    im_type *type;
    im_meta meta;
} im_field;

/* A type spec. `type` is a base name (string integer number boolean array
 * object any null) or a named type; a union has `type` NULL and two or
 * more `branches`. Unset bounds are NULL / -1 (im_type_new sets them). */
struct im_type {
    const char *type;
    im_strs branches;
    bool nullable;
    TX_VEC(im_enum) enums;
    const char *min, *max;                  /* number literals, verbatim */
    int64_t min_len, max_len, min_items, max_items;
    const char *pattern, *format;
    im_type *items;
    TX_VEC(im_field) fields;
    int additional;                         /* IM_CLOSED, IM_OPEN, IM_ADDITIONAL_TYPE */
    im_type *additional_type;
    bool ref;               /* a named type's use (csv): never the shorthand
                             * `items: NAME`, even when NAME is a base word */
};
enum { IM_CLOSED = 0, IM_OPEN, IM_ADDITIONAL_TYPE };

typedef struct im_def {     /* one distinct definition of a property name */
    im_type *type;
    im_meta meta;
    const char *text;       /* its YAML, the comparison key */
    size_t count;
} im_def;

typedef struct im_prop {
    const char *name;
    im_type *type;          /* set by im_plan_settle (or directly, csv) */
    im_meta meta;
    const char *examples;   /* "# e.g. ..." comment */
    im_strs notes;          /* comment lines, e.g. "lost: ..." */
    TX_VEC(im_def) defs;    /* candidates, im_use_add */
    long user_def;          /* index+1 of the user property's definition, 0 none */
} im_prop;

typedef struct im_use {
    size_t prop;            /* index in plan->props (unused when name is set) */
    const char *name;       /* a variant's own name when the dictionary lacks it, else NULL */
    bool required;
    size_t def;             /* index+1 in the prop's defs (im_use_add), 0 = the dictionary's */
    im_type *type;          /* a variant after im_plan_settle: written with `type:` */
    im_meta meta;           /* the variant's metadata */
} im_use;

typedef struct im_event {
    const char *name;
    im_meta meta;
    const char *category, *trigger;
    const char *iglu_vendor;
    im_strs iglu_versions;
    bool iglu;
    TX_VEC(im_use) props;
    im_strs notes;
} im_event;

typedef struct im_named {
    const char *name;
    im_type *type;
    im_meta meta;
    im_strs notes;
} im_named;

typedef struct im_group {
    const char *name;
    im_meta meta;
    TX_VEC(im_use) props;
} im_group;

typedef struct im_plan {
    tx_ctx *ctx;
    tx_arena *a;
    im_strs header;         /* comment lines at the very top */
    const char *name, *version, *description;
    /* conventions: NULL = not written */
    const char *event_style, *event_casing, *prop_casing;
    im_strs rules_off;      /* conventions.rules: NAME: off */
    im_strs rules_warn;     /* conventions.rules: NAME: warning */
    TX_VEC(im_named) types;
    TX_VEC(im_prop) props;
    TX_VEC(im_group) groups;
    TX_VEC(size_t) user_props;  /* indexes into props */
    TX_VEC(im_event) events;
    im_strs notes;          /* file-level comment lines, after the header */
    bool required_first;    /* a variant's `required: true` before its `type:` (csv's order) */
    tx_strmap prop_index;   /* name -> index+1 (malloc'd slots; im_plan_done frees) */
    tx_strmap ref_types;    /* "FILE#POINTER" of a $ref'd definition -> types index+1 */
} im_plan;

/* ---- building ---- */
void im_plan_init(im_plan *p, tx_ctx *ctx);
void im_plan_done(im_plan *p);              /* frees the index, not the arena */
im_type *im_type_new(tx_arena *a, const char *type);
bool im_is_base(const char *name);
/* The property's index, adding it (no definition yet) when new. */
size_t im_prop_of(im_plan *p, const char *name);
/* The named type's index or -1. */
long im_named_find(const im_plan *p, const char *name);
im_event *im_event_add(im_plan *p, const char *name);
/* The event uses property `name` with this definition (meta: its
 * description); im_plan_settle picks the dictionary's. `user`: the
 * definition is a user property's (identify traits): it wins, and the name
 * is listed in user_properties. ev may be NULL for a user property only. */
void im_use_add(im_plan *p, im_event *ev, const char *name, im_type *t, const im_meta *meta,
                bool required, bool user);
/* Picks dictionary definitions and variants (see the top of this file). */
void im_plan_settle(im_plan *p);
/* Sets conventions from the names: 'Title Case' events with spaces ->
 * object_action, properties all snake_case or all camelCase -> that
 * casing; always property-variant: off (design16 §8). */
void im_plan_conventions(im_plan *p);

/* ---- losses ---- */
/* Warning `import-lost` at `at` ("lost: MSG (at POINTER)") and a
 * "lost: POINTER: MSG" comment in `notes` (NULL: the file's notes). */
void im_lost(im_plan *p, im_strs *notes, tx_span at, const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ---- text ---- */
/* An identifier from free text: "Typewriter: Test Plan" -> typewriter_test_plan
 * (lowercase ASCII alnum, other runs become one '_'; "t_" before a digit;
 * "taxonomy" when nothing is left). n bytes of s. */
const char *im_slug(tx_arena *a, const char *s, size_t n);
/* A JSON Pointer with one more token (escaping ~ and /). */
const char *im_ptr(tx_arena *a, const char *ptr, const char *token);
const char *im_ptr_index(tx_arena *a, const char *ptr, size_t i);

/* ---- the writer ---- */
/* The csv importer's null type: written bare (`type: null`, and 'null' in a
 * union's list), where the string "null" (the JSON importers' null type, a
 * type named "null") is quoted. Compared by address: set im_type.type or a
 * branch to this very array. Kept apart so neither importer's output changes. */
extern const char im_null_bare[];
bool im_plain_ok(const char *s, bool flow);
void im_yq(tx_sb *sb, const char *s, bool flow);           /* a scalar, quoted when needed */
void im_comment(tx_sb *sb, int ind, const char *prefix, const char *s);
void im_kv(tx_sb *sb, int ind, const char *k, const char *v);  /* `k: v`; nothing when v is NULL */
void im_meta_emit(tx_sb *sb, int ind, const im_meta *m);
/* `type: ...` and the constraints of t, each line indented by ind. */
void im_spec_emit(tx_sb *sb, int ind, const im_type *t);
void im_constraints_emit(tx_sb *sb, int ind, const im_type *t);
/* t's YAML text (arena), used to compare definitions. */
const char *im_type_text(tx_arena *a, const im_type *t);
/* The whole plan; NULL on allocation failure. NUL-terminated, *len bytes. */
char *im_write_yaml(const im_plan *p, size_t *len);
#endif

/* JSON input for the importers and the JSON Schema -> type spec converter.
 *
 * Reading: JSON is YAML's flow syntax, so sources are parsed with the
 * project's YAML tree reader (compiler/yaml.h) and every node keeps its
 * file:line:col span. YAML input is accepted as well. Tabs used as JSON
 * indentation (RudderTyper writes its plan.json that way) are read as
 * spaces. Broken input is an error diagnostic at its location.
 *
 * Converting (im_schema): a JSON Schema subset becomes an im_type —
 *   type (a name, or a list: a union; "null" in a list -> nullable), {} or
 *   no type keyword -> any, enum, const, minimum/maximum,
 *   exclusiveMinimum/Maximum (integers: the next integer; numbers: kept
 *   inclusive, reported), minLength/maxLength, pattern, format (date,
 *   date-time, time, uuid, email, uri), items, minItems/maxItems,
 *   properties/required, additionalProperties (absent or true: an open
 *   object, `additional: true`; a schema: `additional: TYPE`), local $ref
 *   (`#/...`: `#/definitions/N` and `#/$defs/N` become named types N when
 *   named_refs is set, other pointers are inlined), allOf of one schema,
 *   anyOf/oneOf of schemas of distinct simple types -> a union.
 * Everything else (multipleOf, not, if/then/else, patternProperties, tuple
 * items, default, ...) is reported with im_lost at its JSON Pointer and
 * left out, so the imported type is never narrower than the source's.
 * A $ref outside the file, one that resolves to nothing, a $ref cycle and
 * an expansion past IM_MAX_NODES are errors (`import-ref`); c->failed is
 * then set and the caller must not write anything.
 *
 * Ownership: all results live in the plan's arena. */
#ifndef TX_IM_JSON_H
#define TX_IM_JSON_H
#include "im.h"

#define IM_MAX_NODES 200000     /* schema nodes converted for one source ($ref expansion bound) */
#define IM_MAX_REF_DEPTH 64     /* nested $ref expansions */

typedef struct im_doc {
    const char *path;
    uint32_t file;              /* in ctx->sources */
    yl_node *root;
} im_doc;

/* Reads the file (at most 64 MiB) and parses it. -1 with an error
 * diagnostic (`io`, `import-json` or the YAML reader's) when it cannot. */
int im_doc_read(tx_ctx *ctx, const char *path, im_doc *doc);
/* The start of an importer of one plan file (segment, rudderstack,
 * mparticle): exactly one path (else the error "import FORMAT reads one
 * WHAT, not N files"), read into *doc, and *p initialised with the header
 * line "imported from FILE by taxonc import FORMAT". Returns FILE, the
 * path's base name, or NULL after an error diagnostic (p not initialised). */
const char *im_open_one(tx_ctx *ctx, const char *const *paths, size_t n, const char *format,
                        const char *what, im_doc *doc, im_plan *p);
/* The same from memory (the text is copied into the arena). */
int im_doc_parse(tx_ctx *ctx, const char *path, const char *text, size_t len, im_doc *doc);

typedef struct im_conv {
    im_plan *plan;
    const im_doc *doc;
    im_strs *lost;              /* where "lost:" comments go; NULL = the file's */
    bool named_refs;            /* #/definitions/N, #/$defs/N -> types: N */
    bool failed;                /* an error was recorded: write nothing */
    /* private */
    const char *refs[IM_MAX_REF_DEPTH];
    size_t n_refs, nodes, depth;
} im_conv;

/* The type spec of schema node s (at JSON Pointer ptr). meta, when not
 * NULL, receives the schema's description (or title) and deprecated.
 * Never NULL: on errors the result is `any` and c->failed is set. */
im_type *im_schema(im_conv *c, const yl_node *s, const char *ptr, im_meta *meta);

/* The properties of an event (or the traits of a user) from an object
 * schema s: each member becomes im_use_add(ev, name, type, required,
 * user); keys that are not type/properties/required/additionalProperties
 * or annotations are losses. Returns true when the object accepts
 * members it does not list (additionalProperties absent or true), which
 * a taxonomy event does not: the caller reports that once. */
bool im_object_uses(im_conv *c, im_event *ev, const yl_node *s, const char *ptr, bool user);

/* ---- helpers for the format readers ---- */
/* A scalar's text when it is a string (quoted, or plain and not a number,
 * bool or null), else NULL. */
const char *im_str(const yl_node *n);
/* The value at key when it is a mapping / list, else NULL. */
const yl_node *im_map(const yl_node *map, const char *key);
const yl_node *im_seq(const yl_node *map, const char *key);
/* A walk over the members of the mapping at map[key] (none when it is
 * absent or not a mapping), each with its JSON Pointer (ptr/key/member):
 *     for (im_member m = im_members(a, node, "properties", ptr); im_member_next(&m);)
 *         ... m.key, m.val, m.ptr ...
 * The pointers live in the arena a. */
typedef struct im_member {
    const char *key;
    const yl_node *val;
    const char *ptr;
    /* private */
    tx_arena *a;
    const yl_node *map;
    const char *base;
    uint32_t i;
} im_member;
im_member im_members(tx_arena *a, const yl_node *map, const char *key, const char *ptr);
bool im_member_next(im_member *m);
/* Error `import-format` at n (or the file's start): the input is not the
 * format the command was asked for. */
void im_not_format(im_plan *p, const im_doc *d, const yl_node *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Keys of a mapping not in `known` (NULL-terminated): each reported lost. */
void im_lost_keys(im_plan *p, im_strs *notes, const yl_node *map, const char *ptr,
                  const char *const *known);
#endif

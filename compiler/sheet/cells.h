/* The sheet's cell grammar, in one place: what a Type, Allowed values,
 * Format, description or Required cell says, written by the exports
 * (cells_write.c: `taxonc export csv`, and the Markdown and HTML tables)
 * and read back by `taxonc import csv` (cells_read.c), so a sheet exported
 * and imported again gives the same taxonomy. docs/export.md describes it
 * for people.
 *
 *  Type            "string", "integer", "array of string", "string?"
 *                  (nullable), "string (login_method)" (a direct use of a
 *                  named type), a union "integer | string | product_id",
 *                  "array of (string | number)"
 *  Allowed values  "kakao, naver (네이버), \"a, b\"" (values holding
 *                  separators, quotes or parentheses in JSON string form,
 *                  each optionally followed by its description in
 *                  parentheses), or a range "0..20", "1..", "..100";
 *                  arrays: of the items
 *  Format          clauses separated by "; ": a format name or date
 *                  pattern ("\"...\"" when it holds ';' or edge spaces),
 *                  "nullable", "min length N", "max length N", "min items
 *                  N", "max items N", "min N", "max N", "additional",
 *                  "additional TYPE", and "pattern RE" always last; an
 *                  array's item clauses prefixed "items " ("items type
 *                  NAME" first when the items are of a named type)
 *  description     "[deprecated: why] [pii] [owner: team] text"
 *  Required        "required" / "optional", "... (variant)" for an event's
 *                  own definition of a property
 *
 * The rows around the cells (sections, member rows) are export.c's and
 * import.c's; the section names they share are below.
 *
 * Writers append to a string builder and read the model through its
 * effective constraints (tx_eff_of, schema/constraints.h). Readers take
 * the importer's state (internal.h), put what they read in its arena and
 * report problems as diagnostics naming the row and column. */
#ifndef TX_SHEET_CELLS_H
#define TX_SHEET_CELLS_H
#include <stdbool.h>
#include "csv.h"
#include "../../schema/model.h"
#include "../../schema/constraints.h"
#include "../../support/arena.h"
#include "../../support/strbuf.h"

/* ---- the rows' markers (Event cell of a section row, Category, Required) ---- */
#define SH_SECTION_USER "(user properties)"
#define SH_SECTION_DICT "(properties)"
#define SH_SECTION_TYPES "(types)"
#define SH_SECTION_TAXONOMY "(taxonomy)"
#define SH_SECTION_GROUP "(group " /* then the name and ")" */
#define SH_NO_CATEGORY "(none)"
#define SH_VARIANT "(variant)"

/* ---- writing (cells_write.c) ---- */

/* "string", "integer", "array of string", "string (login_method)" (the
 * parenthesis only when the property uses the named type itself). */
void tx_exp_type_cell(tx_sb *sb, const tx_type *t);
/* The enum values or the range; arrays: of the items. */
void tx_exp_allowed_cell(tx_sb *sb, const tx_type *t);
/* The Format cell's clauses. */
void tx_exp_format_cell(tx_sb *sb, const tx_type *t);
/* "[deprecated: reason] [pii] [owner: x] description" (no trailing space
 * when there is no description). */
void tx_exp_meta_cell(tx_sb *sb, const tx_meta *m);

/* The constraints of t as the cells show them: tx_eff_of, and for a union
 * its enum and nullability with each other constraint taken from the
 * branch of its kind that names no type of its own (members and
 * `additional` from its object branch, items from its array branch). */
tx_eff tx_exp_union_view(const tx_type *t);
/* A format's own name ("date", "date-time", ...; "" for none and for a
 * date pattern, whose text is its name). */
const char *tx_exp_format_name(tx_format f);

/* ---- reading (cells_read.c) ---- */

typedef struct sh_ctx sh_ctx;       /* the importer's state (internal.h) */
typedef struct sh_type sh_type;     /* a type as the sheet says it (internal.h) */
struct im_meta;

/* The format a Type word implies: Date, DateTime, Time (hand-made sheets). */
enum { SH_FMT_NONE, SH_FMT_DATE, SH_FMT_DATE_TIME, SH_FMT_TIME };

/* The Type cell in column col (a Format cell in hand-made sheets, or the
 * TYPE of "additional TYPE"); *fmt gets an implied format. NULL after an
 * error. */
sh_type *sh_read_type_cell(sh_ctx *ic, const tx_csv_row *r, int col, const tx_csv_cell *cl, int *fmt);
/* The Allowed values cell into t (of its items for an array). */
bool sh_read_allowed_cell(sh_ctx *ic, const tx_csv_row *r, const tx_csv_cell *cl, sh_type *t);
/* The Format cell's clauses into t. */
bool sh_read_format_cell(sh_ctx *ic, const tx_csv_row *r, const tx_csv_cell *cl, sh_type *t);
/* A description cell: its tags and text. */
struct im_meta sh_read_meta_cell(sh_ctx *ic, const char *s);
/* The Required cell: 1 required, 0 optional or blank, -1 after an error. */
int sh_read_required_cell(sh_ctx *ic, const tx_csv_row *r, const tx_csv_cell *cl);
/* "required (variant)": true, and *rc gets the cell without the marker. */
bool sh_variant_marked(sh_ctx *ic, const tx_csv_cell *cl, tx_csv_cell *rc);
#endif

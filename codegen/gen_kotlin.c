/* Kotlin backend: one file per taxonomy, plain Kotlin/JVM with no
 * dependency beyond the standard library, valid for kotlinc 1.3 (no sealed
 * interfaces, value classes or `fun interface`). Everything is nested in
 * `class <Taxonomy>(transport, strictness)`: the Transport interface, the
 * Value and Property types, Strictness, the taxonomy's enum classes and data
 * classes, and one method per event, e.g.
 * `completeSignUp(signUpType = LoginMethod.KAKAO)`. Optional properties
 * default to null (null = absent). Strict mode checks ranges, lengths in
 * code points, formats (dates against the calendar) and patterns
 * (kotlin.text.Regex).
 * The driver (gen_managed.c) writes everything Swift and Kotlin share, the
 * sample program included; the syntax table's Kotlin column
 * (gen_managed_table.h) makes kt_lang from this file's word lists, hooks
 * and the emitters only Kotlin has: enum classes carrying their wire value,
 * data classes, the file layout (class body, then a companion object with
 * the converters). Strings: `$`, quotes and backslashes escaped, unsafe code points
 * as \uXXXX; comments: KDoc via cg_comment_text with the block hazards
 * (Kotlin comments nest); identifiers: cg_ident with the hard, soft and
 * modifier keywords. Nested types and methods share one scope. */
#include "gen_managed.h"
#include "gen_managed_table.h"
#include "gen_kotlin_rt.h"

/* Hard keywords: never an identifier, not even a package name's segment
 * (cg_opts_check rejects them in --package). */
const char *const cg_kotlin_hard_keywords[] = {
    "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in",
    "interface", "is", "null", "object", "package", "return", "super", "this", "throw", "true",
    "try", "typealias", "typeof", "val", "var", "when", "while",
    NULL,
};

/* The others: reserved for the names the output makes, after the hard ones. */
static const char *const kt_keywords[] = {
    /* soft */
    "by", "catch", "constructor", "delegate", "dynamic", "field", "file", "finally", "get",
    "import", "init", "param", "property", "receiver", "set", "setparam", "value", "where",
    /* modifiers */
    "abstract", "actual", "annotation", "companion", "const", "crossinline", "data", "enum",
    "expect", "external", "final", "infix", "inline", "inner", "internal", "lateinit",
    "noinline", "open", "operator", "out", "override", "private", "protected", "public",
    "reified", "sealed", "suspend", "tailrec", "vararg",
    /* special identifiers */
    "it", "_",
    NULL,
};

/* Types the output refers to unqualified and the class's own members. */
static const char *const kt_taken[] = {
    "String", "Long", "Double", "Boolean", "Int", "Any", "Unit", "List", "ArrayList", "Map",
    "LinkedHashMap", "StringBuilder", "Regex", "ByteArray", "IntArray", "Char", "Charsets",
    "System", "Exception", "Deprecated", "Suppress", "JvmStatic", "Integer", "Character",
    "Nothing", "Array", "Enum", "Comparable", "Collection", "Iterable", "Transport", "Value",
    "Property", "Violation", "ViolationHandler", "Strictness", "Companion", "transport",
    "strictness", "toMap", "flush", "kotlin", "java",
    NULL,
};

static const char *const kt_field_taken[] = { "copy", "toString", "hashCode", "equals", NULL };

static const char *const kt_locals[] = { "c", "p", "strictness", NULL };

static const mg_piece kt_pieces[] = { MG_PIECES(MG_KOTLIN_PIECE) };

/* Taken only by plans that use the JSON value type (issue 16). */
static const char *const kt_json_taken[] = { "JsonValue", NULL };

/* The Value constructors per node kind. */
static const char *const kt_values[CG_OBJECT + 1] = {
    [CG_STRING] = "Value.StringValue", [CG_INTEGER] = "Value.IntegerValue",
    [CG_NUMBER] = "Value.NumberValue", [CG_BOOLEAN] = "Value.BooleanValue",
    [CG_ARRAY] = "Value.ArrayValue", [CG_OBJECT] = "Value.ObjectValue",
};

/* ---- hooks ---- */
static void kt_escape_string(tx_sb *sb, const char *s, size_t n)
{
    mg_escape_string(sb, s, n, MG_ESC_DOLLAR);
}

static const char *kt_pattern_mismatch(mg_gen *g, cg_emitter *e, const char *re, size_t i)
{
    cg_emit(e, "val re%z = %s\n", i, re);
    return tx_arena_printf(g->a, "re%zu != null && !re%zu.containsMatchIn(v)", i, i);
}

/* ---- declarations ---- */
static void kt_enum(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    cg_emit(e, "enum class %s(val wire: %s) {\n", g->decl_name[d->index], mg_base_type(g, d->base));
    cg_indent(e);
    for (size_t j = 0; j < d->n_values; j++) {
        mg_value_doc(g, e, d, j);
        cg_emit(e, "%s(%s)%s\n", g->case_name[d->index][j], mg_enum_wire(g, d, &d->values[j]),
                j + 1 < d->n_values ? "," : "");
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void kt_union(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    const char *name = g->decl_name[d->index];
    cg_emit(e, "sealed class %s {\n", name);
    cg_indent(e);
    for (size_t j = 0; j < d->n_branches; j++) {
        tx_sb_reset(&g->tmp);
        cg_describe(&g->tmp, d->branches[j]);
        mg_doc(g, e, mg_tmp_str(g));
        cg_emit(e, "data class %s(val value: %s) : %s()\n", g->branch_name[d->index][j],
                mg_type(g, d->branches[j]), name);
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void kt_object(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    if (d->n_fields == 0 && !d->open) {
        cg_emit(e, "class %s\n\n", g->decl_name[d->index]);
        return;
    }
    cg_emit(e, "data class %s(\n", g->decl_name[d->index]);
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        mg_field_doc(g, e, d, j);
        cg_emit(e, "val %s: %s%s%s%s\n", g->field_name[d->index][j], mg_type(g, f->type),
                !f->f->required && !f->type->nullable ? "?" : "",
                f->f->required ? "" : " = null", j + 1 < d->n_fields || d->open ? "," : "");
    }
    if (d->open) {
        mg_doc(g, e, "Other members, sent after the declared ones in the map's order (a key "
                     "that repeats a declared member's is not sent).");
        cg_emit(e, "val extras: %s = emptyMap()\n", mg_extras_type(g, d));
    }
    cg_unindent(e);
    cg_emit(e, ")\n\n");
}

/* ---- the file: header, the class with its body, the companion object
 * with its body, the runtime pieces it uses ---- */
static void kt_layout(mg_gen *g, cg_emitter *e, cg_stream *os)
{
    mg_emit_head(g, e, "Typed tracking functions, one per event (Kotlin/JVM, no dependencies).\n"
                       "See docs/codegen.md for the transport and strict mode.", true);
    cg_emit(e, "@file:Suppress(\"unused\", \"FunctionName\", \"LocalVariableName\", "
               "\"ClassName\", \"EnumEntryName\", \"NonAsciiCharacters\", \"ObjectPropertyName\", "
               "\"PrivatePropertyName\", \"RemoveRedundantQualifierName\")\n\n");
    cg_emit(e, "package %s\n\n", g->package);
    mg_emit_tracker_doc(g, e);
    cg_emit(e, "%sclass %s(val transport: Transport, val strictness: Strictness = Strictness.Off) {\n",
            g->p->opts && g->p->opts->internal ? "internal " : "", g->type_name);
    cg_indent(e);
    mg_emit_runtime(g, e, kt_rt_transport, "");
    mg_emit_user_runtime(g, e, kt_rt_identify_req);
    mg_emit_runtime(g, e, kt_rt_public, "\n");
    cg_emit(e, "\n");
    mg_emit_decls(g, e);
    mg_emit_events(g, e);
    e->level = 1;
    e->bol = true;
    mg_emit_runtime(g, e, kt_rt_private, "");
    mg_emit_user_runtime(g, e, kt_rt_identify_private);
    cg_emit(e, "\n");
    cg_emit(e, "\ncompanion object {\n");
    cg_indent(e);
    mg_emit_runtime(g, e, kt_rt_companion, "\n\n");
    mg_emit_converters(g, e);
    e->level = 2;
    e->bol = true;
    mg_emit_pieces(g, e, "", "\n\n");
    cg_stream_trim(os);
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n");
}

static const mg_lang kt_lang = { MG_LANG_TABLE(MG_KOTLIN) };

const cg_backend cg_backend_kotlin = { CG_LANG_KOTLIN, "kotlin", mg_generate, mg_call_names, mg_sample,
                                      &kt_lang };

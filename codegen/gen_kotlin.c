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
 * The driver (gen_managed.c) writes everything Swift and Kotlin share; this
 * file is its syntax table (kt_lang) and the emitters only Kotlin has: enum
 * classes carrying their wire value, data classes, the file layout (class
 * body, then a companion object with the converters) and the sample
 * program. Strings: `$`, quotes and backslashes escaped, unsafe code points
 * as \uXXXX; comments: KDoc via cg_comment_text with the block hazards
 * (Kotlin comments nest); identifiers: cg_ident with the hard, soft and
 * modifier keywords. Nested types and methods share one scope. */
#include "gen_managed.h"
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

static const mg_piece kt_pieces[] = {
    { MG_DIG, 0, kt_rt_dig },
    { MG_DATE_AT, MG_DIG, kt_rt_date_at },
    { MG_TIME, MG_DIG, kt_rt_time },
    { MG_DATE, MG_DATE_AT | MG_DIG, kt_rt_date },
    { MG_DATE_TIME, MG_DATE_AT | MG_TIME | MG_DIG, kt_rt_date_time },
    { MG_UUID, MG_DIG, kt_rt_uuid },
    { MG_EMAIL, MG_DIG, kt_rt_email },
    { MG_URI, MG_DIG, kt_rt_uri },
    { MG_PATTERN, MG_DIG, kt_rt_pattern },
    { MG_REGEX, 0, kt_rt_regex },
    { MG_ANY, 0, kt_rt_any },
};

/* Taken only by plans that use the JSON value type (issue 16). */
static const char *const kt_json_taken[] = { "JsonValue", NULL };

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

/* ---- sample program (gen --sample) ---- */
static void kt_sample(mg_gen *g, cg_emitter *e, tx_diags *d, bool *failed)
{
    const char *T = g->type_name;
    cg_emit(e, "@file:Suppress(\"DEPRECATION\")\n\npackage %s\n\n", g->package);
    cg_emit(e, "object %sSample {\n", T);
    cg_indent(e);
    cg_emit(e, "private class Printer : %s.Transport {\n", T);
    cg_emit(e, "    override fun send(event: String, json: String, properties: List<%s.Property>) {\n", T);
    cg_emit(e, "        println(\"{\\\"event_type\\\":\" + %s.Value.StringValue(event).toJson() + "
               "\",\\\"event_properties\\\":\" + json + \"}\")\n", T);
    cg_emit(e, "    }\n}\n\n");
    cg_emit(e, "private class Counter : %s.ViolationHandler {\n", T);
    cg_emit(e, "    var n = 0\n\n");
    cg_emit(e, "    override fun onViolation(violation: %s.Violation): Boolean {\n", T);
    cg_emit(e, "        n++\n        System.err.println(\"violation: \" + violation)\n");
    cg_emit(e, "        return true\n    }\n}\n\n");
    cg_emit(e, "/** Calls every event once; returns the number of problems (violations\n"
               " * plus events not sent). */\n");
    cg_emit(e, "@JvmStatic\nfun run(): Int {\n");
    cg_indent(e);
    cg_emit(e, "val counter = Counter()\n");
    cg_emit(e, "val t = %s(Printer(), %s.Strictness.Custom(counter))\n", T, T);
    cg_emit(e, "var sent = 0\n");
    mg_sample_calls(g, e, "if (t.%s(", ")) sent++\n", d, failed);
    cg_emit(e, "System.err.println(\"\" + sent + \" of %z events sent, \" + counter.n + \" violations\")\n",
            g->p->n_events);
    cg_emit(e, "return counter.n + (%z - sent)\n", g->p->n_events);
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n\n");
    cg_emit(e, "fun main() {\n    System.exit(if (%sSample.run() == 0) 0 else 1)\n}\n", T);
}

static const mg_lang kt_lang = {
    .ext = "kt",
    .keywords = cg_kotlin_hard_keywords,
    .keywords_more = kt_keywords,
    .taken = kt_taken,
    .case_taken = NULL,
    .field_taken = kt_field_taken,
    .case_style = CG_UPPER,
    .locals = kt_locals,
    .escape_string = kt_escape_string,
    .comment_flags = CG_COMMENT_BLOCK,
    .doc = cg_emit_block_doc,      /* KDoc */
    .t_string = "String", .t_integer = "Long", .t_number = "Double", .t_boolean = "Boolean",
    .list_open = "List<", .list_close = ">",
    .int_min = "Long.MIN_VALUE", .int_suffix = "L",
    .zero_int = "0L", .zero_number = "0.0",
    .nil = "null",
    .bound_as_code = false,
    .show_open = "", .show_close = "", .show_lead = "\"\" + ",
    .check_arg = "c",
    .arg_label = " = ",
    .as_double = "v.toDouble()",
    .count = "v.size",
    .length_decl = "val len = v.codePointCount(0, v.length)\n",
    .not_finite = "v.isNaN() || v.isInfinite()",
    .utf16_check = "_badUtf16(v)",
    .pattern_mismatch = kt_pattern_mismatch,
    .if_fmt = "if (%s) {\n",
    .fail_fmt = "if (%s) c.fail(path, %s)\n",
    .pattern_decl_fmt = "private val _re%s_%z: Regex? = _regex(%q)\n",
    .unused_note = "@Suppress(\"UNUSED_PARAMETER\")\n",
    .node_fmt = "private fun %s(v: %s, c: _Check, path: String): Value {\n",
    .null_guard = "if (v == null) return Value.NullValue\n",
    .value = { [CG_STRING] = "Value.StringValue", [CG_INTEGER] = "Value.IntegerValue",
               [CG_NUMBER] = "Value.NumberValue", [CG_BOOLEAN] = "Value.BooleanValue",
               [CG_ARRAY] = "Value.ArrayValue", [CG_OBJECT] = "Value.ObjectValue" },
    .null_value = "Value.NullValue",
    .array_fmt = "val out = ArrayList<Value>(v.size)\nfor ((i, x) in v.withIndex()) out.add(%s)\n",
    .object_empty = "return Value.ObjectValue(emptyList())\n",
    .object_fmt = "val out = ArrayList<Property>(%z)\n",
    .field_fmt = "out.add(Property(%q, %s))\n",
    .opt_open_fmt = "if (%s != null) ", .opt_close = "",
    .opt_bound = NULL,
    .prop_fn_fmt = "private fun %s(p: ArrayList<Property>, c: _Check, v: %s) {\n"
                   "    p.add(Property(%s, %s(v, c, %s)))\n}\n\n",
    .deprecated_fmt = "@Deprecated(%q)\n",
    .event_fmt = "fun %s(",
    .event_open_fmt = "val c = _Check(strictness, %q)\nval p = ArrayList<Property>(%z)\n",
    .event_empty_fmt = NULL,
    .call_fmt = "%s(p, c, %s)\n",
    .call_opt_fmt = "if (%s != null) %s(p, c, %s)\n",
    .event_close = "): Boolean {\n",
    .doc_params = "\n", .doc_param = "\n@param ", .doc_param_sep = " ",
    .doc_returns = "\n@return ",
    .t_json = "JsonValue", .t_null = "Unit", .t_value = "Value",
    .json_taken = kt_json_taken,
    .json_public = kt_rt_json, .null_public = "",
    .map_open = "Map<String, ", .map_close = ">", .map_empty = "emptyMap()",
    .any_fmt = "_any(v)",
    .union_case_prefix = "Of", .union_case_style = CG_PASCAL,
    .union_open = "return when (v) {\n",
    .union_case_fmt = "is %s.%s -> %s\n",
    .union_payload = "v.value",
    .extras_open = "for ((k, x) in v.extras) {\n",
    .extras_value = "x",
    .extra_fmt = "out.add(Property(k, %s))\n",
    .list_lit_open = "listOf(", .list_lit_close = ")", .list_lit_empty = "emptyList()",
    .any_lit_fmt = "%s.JsonValue.Object(mapOf(\"text\" to %s.JsonValue.Text(\"sample\"), \"list\" to "
                   "%s.JsonValue.Array(listOf(%s.JsonValue.Integer(1L), %s.JsonValue.Number(1.5), "
                   "%s.JsonValue.Bool(true), %s.JsonValue.Null))))",
    .null_lit_fmt = "Unit",
    .map_lit_fmt = "mapOf(%s to %s)",
    .emit_enum = kt_enum,
    .emit_object = kt_object,
    .emit_union = kt_union,
    .layout = kt_layout,
    .sample = kt_sample,
    .pieces = kt_pieces,
    .n_pieces = sizeof kt_pieces / sizeof kt_pieces[0],
};

const cg_backend cg_backend_kotlin = { CG_LANG_KOTLIN, "kotlin", mg_generate, mg_event_names, mg_sample,
                                      &kt_lang };

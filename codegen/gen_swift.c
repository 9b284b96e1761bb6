/* Swift backend: one file per taxonomy, Swift 6 language mode (strict
 * concurrency) with Foundation, also on Linux. Everything is nested in one
 * `public struct <Taxonomy>: Sendable`: the Transport protocol, the Value
 * and Property types the transport receives, Strictness, the taxonomy's
 * enums and object structs, and one method per event, e.g.
 * `completeSignUp(signUpType: .kakao, signUpDate: "20240101")`. Required
 * properties are parameters; optional ones default to nil (nil = absent).
 * Strict mode checks ranges, lengths in code points, formats (dates against
 * the calendar) and patterns (NSRegularExpression).
 * The driver (gen_managed.c) writes everything Swift and Kotlin share; this
 * file is its syntax table (sw_lang) and the emitters only Swift has: enum
 * cases with a `wire` switch, structs with a memberwise init, the file
 * layout and the sample program. Strings: raw UTF-8 except unsafe code
 * points as \u{..}; comments: `///` lines via cg_comment_text;
 * identifiers: cg_ident with the Swift keywords (contextual ones included)
 * and the names the output itself uses. Nested types and methods share one
 * scope (Swift has no case distinction for letters such as Hangul). */
#include "gen_managed.h"
#include "gen_swift_rt.h"

static const char *const sw_keywords[] = {
    "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension",
    "fileprivate", "func", "import", "init", "inout", "internal", "let", "nonisolated", "open",
    "operator", "package", "precedencegroup", "private", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
    "return", "switch", "throw", "where", "while", "Any", "as", "await", "false", "is", "nil",
    "self", "Self", "super", "throws", "true", "try", "associativity", "async", "convenience",
    "didSet", "dynamic", "final", "get", "indirect", "infix", "lazy", "left", "mutating", "none",
    "nonmutating", "optional", "override", "postfix", "precedence", "prefix", "Protocol",
    "required", "right", "set", "some", "Type", "unowned", "weak", "willSet", "actor", "any",
    "each", "isolated", "macro", "consume", "copy", "discard", "sending", "_",
    NULL,
};

/* Type names the output refers to unqualified, and the tracker's own
 * members: a nested type or method with one of these names would shadow it. */
static const char *const sw_taken[] = {
    "String", "Int64", "Int", "Double", "Bool", "Array", "Dictionary", "Optional", "Character",
    "UInt8", "Data", "NSRegularExpression", "NSRange", "NSNull", "FileHandle", "Foundation",
    "Swift", "Sendable", "Equatable", "Hashable", "CaseIterable", "CustomStringConvertible",
    "Error", "Never", "AnyObject", "Void", "Transport", "Value", "Property", "Violation",
    "Strictness", "transport", "strictness", "dictionary", "flush", "Codable", "RawRepresentable",
    NULL,
};

static const char *const sw_case_taken[] = { "allCases", "wire", "hashValue", "rawValue", NULL };

static const char *const sw_locals[] = { "c", "p", "x", "strictness", NULL };

static const mg_piece sw_pieces[] = {
    { MG_DIG, 0, sw_rt_dig },
    { MG_DATE_AT, MG_DIG, sw_rt_date_at },
    { MG_TIME, MG_DIG, sw_rt_time },
    { MG_DATE, MG_DATE_AT | MG_DIG, sw_rt_date },
    { MG_DATE_TIME, MG_DATE_AT | MG_TIME | MG_DIG, sw_rt_date_time },
    { MG_UUID, 0, sw_rt_uuid },
    { MG_EMAIL, 0, sw_rt_email },
    { MG_URI, 0, sw_rt_uri },
    { MG_PATTERN, MG_DIG, sw_rt_pattern },
    { MG_REGEX, 0, sw_rt_regex },
    { MG_ANY, 0, sw_rt_any },
};

/* Taken only by plans that use the JSON value types (issue 16). */
static const char *const sw_json_taken[] = { "JSONValue", "JSONNull", "Codable", "Decoder",
                                             "Encoder", NULL };

/* ---- hooks ---- */
static void sw_escape_string(tx_sb *sb, const char *s, size_t n)
{
    mg_escape_string(sb, s, n, MG_ESC_BRACES);
}

static void sw_doc(cg_emitter *e, const char *text, size_t n)
{
    cg_emit_lines(e, "/// ", text, n);
}

static const char *sw_pattern_mismatch(mg_gen *g, cg_emitter *e, const char *re, size_t i)
{
    (void)e;
    (void)i;
    return tx_arena_printf(g->a, "!%s.matches(v)", re);
}

/* ---- declarations ---- */
static void sw_enum(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    /* string enums are String-backed and Codable as their wire value */
    bool raw = d->base == TX_STRING;
    cg_emit(e, "public enum %s: %sSendable, CaseIterable%s {\n", g->decl_name[d->index],
            raw ? "String, " : "", raw ? ", Codable" : "");
    cg_indent(e);
    for (size_t j = 0; j < d->n_values; j++) {
        mg_value_doc(g, e, d, j);
        if (raw)
            cg_emit(e, "case %s = %s\n", g->case_name[d->index][j],
                    mg_enum_wire(g, d, &d->values[j]));
        else
            cg_emit(e, "case %s\n", g->case_name[d->index][j]);
    }
    cg_emit(e, "\n/// The value sent.\npublic var wire: %s {\n", mg_base_type(g, d->base));
    cg_indent(e);
    cg_emit(e, "switch self {\n");
    for (size_t j = 0; j < d->n_values; j++)
        cg_emit(e, "case .%s: return %s\n", g->case_name[d->index][j],
                mg_enum_wire(g, d, &d->values[j]));
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void sw_union(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    cg_emit(e, "public enum %s: Sendable, Equatable {\n", g->decl_name[d->index]);
    cg_indent(e);
    for (size_t j = 0; j < d->n_branches; j++) {
        tx_sb_reset(&g->tmp);
        cg_describe(&g->tmp, d->branches[j]);
        mg_doc(g, e, mg_tmp_str(g));
        cg_emit(e, "case %s(%s)\n", g->branch_name[d->index][j], mg_type(g, d->branches[j]));
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void sw_object(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    const char *const *names = g->field_name[d->index];
    cg_emit(e, "public struct %s: Sendable, Equatable {\n", g->decl_name[d->index]);
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        mg_field_doc(g, e, d, j);
        cg_emit(e, "public var %s: %s%s\n", names[j], mg_type(g, f->type),
                !f->f->required && !f->type->nullable ? "?" : "");
    }
    if (d->open) {
        mg_doc(g, e, "Other members, sent after the declared ones in key order (a key that "
                     "repeats a declared member's is not sent).");
        cg_emit(e, "public var extras: %s\n", mg_extras_type(g, d));
    }
    if (d->n_fields || d->open)
        cg_emit(e, "\n");
    cg_emit(e, "public init(");
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        cg_emit(e, "%s%s: %s%s%s", j ? ", " : "", names[j], mg_type(g, f->type),
                !f->f->required && !f->type->nullable ? "?" : "", f->f->required ? "" : " = nil");
    }
    if (d->open)
        cg_emit(e, "%sextras: %s = [:]", d->n_fields ? ", " : "", mg_extras_type(g, d));
    cg_emit(e, ") {\n");
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++)
        cg_emit(e, "self.%s = %s\n", names[j], names[j]);
    if (d->open)
        cg_emit(e, "self.extras = extras\n");
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* ---- the file: header, public runtime, body, private runtime ---- */
static void sw_layout(mg_gen *g, cg_emitter *e, cg_stream *os)
{
    (void)os;
    mg_emit_head(g, e, "Typed tracking functions, one per event (Swift 6, Foundation).\n"
                       "See docs/codegen.md for the transport and strict mode.", true);
    cg_emit(e, "\nimport Foundation\n\n");
    mg_emit_tracker_doc(g, e);
    const char *access = g->p->opts && g->p->opts->internal ? "internal" : "public";
    cg_emit(e, "%s struct %s: Sendable {\n", access, g->type_name);
    cg_indent(e);
    mg_emit_runtime(g, e, sw_rt_transport, "");
    mg_emit_user_runtime(g, e, sw_rt_identify_req);
    mg_emit_runtime(g, e, sw_rt_public, "");
    cg_emit(e, "\n");
    if (g->p->n_decls)
        cg_emit(e, "// MARK: - Types\n\n");
    mg_emit_decls(g, e);
    cg_emit(e, "// MARK: - Events\n\n");
    mg_emit_events(g, e);
    cg_emit(e, "// MARK: - Checks and conversions\n\n");
    mg_emit_converters(g, e);
    e->level = 1;
    e->bol = true;
    cg_emit(e, "// MARK: - Runtime\n\n");
    mg_emit_runtime(g, e, sw_rt_private, "");
    mg_emit_user_runtime(g, e, sw_rt_identify_private);
    mg_emit_pieces(g, e, "\n", "");
    cg_unindent(e);
    cg_emit(e, "}\n");
    mg_emit_runtime(g, e, sw_rt_after, "");
    if (g->p->user)
        cg_emit(e, sw_rt_identify_default, access, g->type_name);
    cg_emit(e, "}\n");
}

/* ---- sample program (gen --sample) ---- */
static void sw_sample(mg_gen *g, cg_emitter *e, tx_diags *d, bool *failed)
{
    const char *T = g->type_name;
    cg_emit(e, "\nimport Foundation\n\n");
    cg_emit(e, "public enum %sSample {\n", T);
    cg_indent(e);
    cg_emit(e, "private final class Printer: %s.Transport, @unchecked Sendable {\n", T);
    cg_emit(e, "    func send(event: String, json: String, properties: [%s.Property]) {\n", T);
    cg_emit(e, "        print(\"{\\\"event_type\\\":\" + %s.Value.string(event).json + "
               "\",\\\"event_properties\\\":\" + json + \"}\")\n", T);
    cg_emit(e, "    }\n}\n\n");
    cg_emit(e, "private final class Counter: @unchecked Sendable {\n    var n = 0\n}\n\n");
    cg_emit(e, "/// Calls every event once; returns the number of problems (violations\n"
               "/// plus events not sent).\n");
    cg_emit(e, "public static func run() -> Int {\n");
    cg_indent(e);
    cg_emit(e, "let counter = Counter()\n");
    cg_emit(e, "let t = %s(transport: Printer(), strictness: .custom({ v in\n", T);
    cg_emit(e, "    counter.n += 1\n");
    cg_emit(e, "    FileHandle.standardError.write(Data((\"violation: \" + v.description + \"\\n\").utf8))\n");
    cg_emit(e, "    return true\n}))\n");
    cg_emit(e, "var sent = 0\n");
    mg_sample_calls(g, e, "if t.%s(", ") {\n    sent += 1\n}\n", d, failed);
    cg_emit(e, "FileHandle.standardError.write(Data((String(sent) + \" of %z events sent, \" + "
               "String(counter.n) + \" violations\\n\").utf8))\n", g->p->n_events);
    cg_emit(e, "return counter.n + (%z - sent)\n", g->p->n_events);
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n");
}

static const mg_lang sw_lang = {
    .ext = "swift",
    .keywords = sw_keywords,
    .taken = sw_taken,
    .case_taken = sw_case_taken,
    .field_taken = NULL,
    .case_style = CG_CAMEL,
    .locals = sw_locals,
    .escape_string = sw_escape_string,
    .comment_flags = 0,
    .doc = sw_doc,
    .t_string = "String", .t_integer = "Int64", .t_number = "Double", .t_boolean = "Bool",
    .list_open = "[", .list_close = "]",
    .int_min = "Int64.min", .int_suffix = "",
    .zero_int = "0", .zero_number = "0",
    .nil = "nil",
    .bound_as_code = true,
    .show_open = "String(", .show_close = ")", .show_lead = "",
    .check_arg = "&c",
    .arg_label = ": ",
    .as_double = "Double(v)",
    .count = "v.count",
    .length_decl = "let len = v.unicodeScalars.count\n",
    .not_finite = "!v.isFinite",
    .utf16_check = NULL,
    .pattern_mismatch = sw_pattern_mismatch,
    .if_fmt = "if %s {\n",
    .fail_fmt = "if %s {\n    c.fail(path, %s)\n}\n",
    .pattern_decl_fmt = "private static let _re%s_%z = _Pattern(%q)\n",
    .unused_note = NULL,
    .node_fmt = "private static func %s(_ v: %s, _ c: inout _Check, _ path: String) -> Value {\n",
    .null_guard = "guard let v = v else {\n    return .null\n}\n",
    .value = { [CG_STRING] = ".string", [CG_INTEGER] = ".integer", [CG_NUMBER] = ".number",
               [CG_BOOLEAN] = ".boolean", [CG_ARRAY] = ".array", [CG_OBJECT] = ".object" },
    .null_value = ".null",
    .array_fmt = "var out: [Value] = []\nout.reserveCapacity(v.count)\n"
                 "for (i, x) in v.enumerated() {\n    out.append(%s)\n}\n",
    .object_empty = "_ = v\nreturn .object([])\n",
    .object_fmt = "var out: [Property] = []\n",
    .field_fmt = "out.append(Property(name: %q, value: %s))\n",
    .opt_open_fmt = "if let x = %s {\n    ", .opt_close = "}\n",
    .opt_bound = "x",
    .prop_fn_fmt = "private static func %s(_ p: inout [Property], _ c: inout _Check, _ v: %s) {\n"
                   "    p.append(Property(name: %s, value: %s(v, &c, %s)))\n}\n\n",
    .deprecated_fmt = "@available(*, deprecated, message: %q)\n",
    .event_fmt = "@discardableResult\npublic func %s(",
    .event_open_fmt = "var c = _Check(strictness, %q)\nvar p: [Property] = []\n"
                      "p.reserveCapacity(%z)\n",
    .event_empty_fmt = "return _send(%q, [], _Check(strictness, %q))\n",
    .call_fmt = "Self.%s(&p, &c, %s)\n",
    .call_opt_fmt = "if let x = %s { Self.%s(&p, &c, x) }\n",
    .event_close = ") -> Bool {\n",
    .doc_params = "\n\n- Parameters:", .doc_param = "\n  - ", .doc_param_sep = ": ",
    .doc_returns = "\n- Returns: ",
    .t_json = "JSONValue", .t_null = "JSONNull", .t_value = "Value",
    .json_taken = sw_json_taken,
    .json_public = sw_rt_json, .null_public = sw_rt_null,
    .map_open = "[String: ", .map_close = "]", .map_empty = "[:]",
    .any_fmt = "_any(v)",
    .union_case_prefix = "", .union_case_style = CG_CAMEL,
    .union_open = "switch v {\n",
    .union_case_fmt = "case %s.%s(let x):\n    return %s\n",
    .union_payload = "x",
    .extras_open = "for k in v.extras.keys.sorted() {\n",
    .extras_value = "v.extras[k]!",
    .extra_fmt = "out.append(Property(name: k, value: %s))\n",
    .list_lit_open = "[", .list_lit_close = "]", .list_lit_empty = NULL,
    .any_lit_fmt = "%s.JSONValue.object([\"text\": .string(\"sample\"), \"list\": "
                   ".array([.integer(1), .number(1.5), .bool(true), .null])])",
    .null_lit_fmt = "%s.JSONNull()",
    .map_lit_fmt = "[%s: %s]",
    .emit_enum = sw_enum,
    .emit_object = sw_object,
    .emit_union = sw_union,
    .layout = sw_layout,
    .sample = sw_sample,
    .pieces = sw_pieces,
    .n_pieces = sizeof sw_pieces / sizeof sw_pieces[0],
};

const cg_backend cg_backend_swift = { CG_LANG_SWIFT, "swift", mg_generate, mg_event_names, mg_sample,
                                      &sw_lang };

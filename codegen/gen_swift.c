/* Swift backend: one file per taxonomy, Swift 6 language mode (strict
 * concurrency) with Foundation, also on Linux. Everything is nested in one
 * `public struct <Taxonomy>: Sendable`: the Transport protocol, the Value
 * and Property types the transport receives, Strictness, the taxonomy's
 * enums and object structs, and one method per event, e.g.
 * `completeSignUp(signUpType: .kakao, signUpDate: "20240101")`. Required
 * properties are parameters; optional ones default to nil (nil = absent).
 * Strict mode checks ranges, lengths in code points, formats (dates against
 * the calendar) and patterns (NSRegularExpression).
 * The driver (gen_managed.c) writes everything Swift and Kotlin share, the
 * sample program included; the syntax table's Swift column
 * (gen_managed_table.h) makes sw_lang from this file's word lists, hooks
 * and the emitters only Swift has: enum cases with a `wire` switch,
 * structs with a memberwise init, the file layout. Strings: raw UTF-8 except unsafe code
 * points as \u{..}; comments: `///` lines via cg_comment_text;
 * identifiers: cg_ident with the Swift keywords (contextual ones included)
 * and the names the output itself uses. Nested types and methods share one
 * scope (Swift has no case distinction for letters such as Hangul). */
#include "gen_managed.h"
#include "gen_managed_table.h"
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

static const mg_piece sw_pieces[] = { MG_PIECES(MG_SWIFT_PIECE) };

/* Taken only by plans that use the JSON value types (issue 16). */
static const char *const sw_json_taken[] = { "JSONValue", "JSONNull", "Codable", "Decoder",
                                             "Encoder", NULL };

/* The Value constructors per node kind. */
static const char *const sw_values[CG_OBJECT + 1] = {
    [CG_STRING] = ".string", [CG_INTEGER] = ".integer", [CG_NUMBER] = ".number",
    [CG_BOOLEAN] = ".boolean", [CG_ARRAY] = ".array", [CG_OBJECT] = ".object",
};

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

static const mg_lang sw_lang = { MG_LANG_TABLE(MG_SWIFT) };

const cg_backend cg_backend_swift = { CG_LANG_SWIFT, "swift", mg_generate, mg_call_names, mg_sample,
                                      &sw_lang };

/* The managed languages' syntax table: every mg_lang field (gen_managed.h
 * says what each one is) with its Swift and its Kotlin spelling side by
 * side, so that the two languages are read, compared and changed row by
 * row. gen_swift.c builds its mg_lang from the Swift column, gen_kotlin.c
 * from the Kotlin one:
 *     static const mg_lang sw_lang = { MG_LANG_TABLE(MG_SWIFT) };
 * The hooks and texts a column names (sw_enum, kt_rt_json, ...) are that
 * file's own statics: a column is dropped unexpanded in the other file. */
#ifndef TX_CG_GEN_MANAGED_TABLE_H
#define TX_CG_GEN_MANAGED_TABLE_H

#define MG_SWIFT(field, swift, kotlin) .field = swift,
#define MG_KOTLIN(field, swift, kotlin) .field = kotlin,

/* X(field, Swift, Kotlin) */
#define MG_LANG_TABLE(X)                                                                           \
    X(ext, "swift", "kt")                                                                          \
    /* ---- identifiers ---- */                                                                    \
    X(keywords, sw_keywords, cg_kotlin_hard_keywords)                                              \
    X(keywords_more, NULL, kt_keywords)                                                            \
    X(taken, sw_taken, kt_taken)                                                                   \
    X(case_taken, sw_case_taken, NULL)                                                             \
    X(field_taken, NULL, kt_field_taken)                                                           \
    X(case_style, CG_CAMEL, CG_UPPER)                                                              \
    X(locals, sw_locals, kt_locals)                                                                \
    /* ---- literals, types and comments ---- */                                                   \
    X(escape_string, sw_escape_string, kt_escape_string)                                           \
    X(comment_flags, 0, CG_COMMENT_BLOCK)                                                          \
    X(doc, sw_doc, cg_emit_block_doc)                                                              \
    X(t_string, "String", "String")                                                                \
    X(t_integer, "Int64", "Long")                                                                  \
    X(t_number, "Double", "Double")                                                                \
    X(t_boolean, "Bool", "Boolean")                                                                \
    X(list_open, "[", "List<")                                                                     \
    X(list_close, "]", ">")                                                                        \
    X(int_min, "Int64.min", "Long.MIN_VALUE")                                                      \
    X(int_suffix, "", "L")                                                                         \
    X(zero_int, "0", "0L")                                                                         \
    X(zero_number, "0", "0.0")                                                                     \
    X(nil, "nil", "null")                                                                          \
    X(bound_as_code, true, false)                                                                  \
    /* ---- expressions ---- */                                                                    \
    X(show_open, "String(", "")                                                                    \
    X(show_close, ")", "")                                                                         \
    X(show_lead, "", "\"\" + ")                                                                    \
    X(check_arg, "&c", "c")                                                                        \
    X(arg_label, ": ", " = ")                                                                      \
    X(as_double, "Double(v)", "v.toDouble()")                                                      \
    X(count, "v.count", "v.size")                                                                  \
    X(length_decl,                                                                                 \
      "let len = v.unicodeScalars.count\n",                                                        \
      "val len = v.codePointCount(0, v.length)\n")                                                 \
    X(not_finite, "!v.isFinite", "v.isNaN() || v.isInfinite()")                                    \
    X(utf16_check, NULL, "_badUtf16(v)")                                                           \
    X(pattern_mismatch, sw_pattern_mismatch, kt_pattern_mismatch)                                  \
    /* ---- statements ---- */                                                                     \
    X(if_fmt, "if %s {\n", "if (%s) {\n")                                                          \
    X(fail_fmt, "if %s {\n    c.fail(path, %s)\n}\n", "if (%s) c.fail(path, %s)\n")                \
    /* ---- declarations: converters, appenders, events ---- */                                    \
    X(pattern_decl_fmt,                                                                            \
      "private static let _re%s_%z = _Pattern(%q)\n",                                              \
      "private val _re%s_%z: Regex? = _regex(%q)\n")                                               \
    X(unused_note, NULL, "@Suppress(\"UNUSED_PARAMETER\")\n")                                      \
    X(node_fmt,                                                                                    \
      "private static func %s(_ v: %s, _ c: inout _Check, _ path: String) -> Value {\n",           \
      "private fun %s(v: %s, c: _Check, path: String): Value {\n")                                 \
    X(null_guard,                                                                                  \
      "guard let v = v else {\n    return .null\n}\n",                                             \
      "if (v == null) return Value.NullValue\n")                                                   \
    X(value, sw_values, kt_values)                                                                 \
    X(null_value, ".null", "Value.NullValue")                                                      \
    X(array_fmt,                                                                                   \
      "var out: [Value] = []\nout.reserveCapacity(v.count)\n"                                      \
      "for (i, x) in v.enumerated() {\n    out.append(%s)\n}\n",                                   \
      "val out = ArrayList<Value>(v.size)\nfor ((i, x) in v.withIndex()) out.add(%s)\n")           \
    X(object_empty, "_ = v\nreturn .object([])\n", "return Value.ObjectValue(emptyList())\n")      \
    X(object_fmt, "var out: [Property] = []\n", "val out = ArrayList<Property>(%z)\n")             \
    X(field_fmt, "out.append(Property(name: %q, value: %s))\n", "out.add(Property(%q, %s))\n")     \
    X(opt_open_fmt, "if let x = %s {\n    ", "if (%s != null) ")                                   \
    X(opt_close, "}\n", "")                                                                        \
    X(opt_bound, "x", NULL)                                                                        \
    X(prop_fn_fmt,                                                                                 \
      "private static func %s(_ p: inout [Property], _ c: inout _Check, _ v: %s) {\n"              \
      "    p.append(Property(name: %s, value: %s(v, &c, %s)))\n}\n\n",                             \
      "private fun %s(p: ArrayList<Property>, c: _Check, v: %s) {\n"                               \
      "    p.add(Property(%s, %s(v, c, %s)))\n}\n\n")                                              \
    X(deprecated_fmt, "@available(*, deprecated, message: %q)\n", "@Deprecated(%q)\n")             \
    X(event_fmt, "@discardableResult\npublic func %s(", "fun %s(")                                 \
    X(event_open_fmt,                                                                              \
      "var c = _Check(strictness, %q)\nvar p: [Property] = []\n"                                   \
      "p.reserveCapacity(%z)\n",                                                                   \
      "val c = _Check(strictness, %q)\nval p = ArrayList<Property>(%z)\n")                         \
    X(event_empty_fmt, "return _send(%q, [], _Check(strictness, %q))\n", NULL)                     \
    X(call_fmt, "Self.%s(&p, &c, %s)\n", "%s(p, c, %s)\n")                                         \
    X(call_opt_fmt, "if let x = %s { Self.%s(&p, &c, x) }\n", "if (%s != null) %s(p, c, %s)\n")    \
    X(event_close, ") -> Bool {\n", "): Boolean {\n")                                              \
    X(doc_params, "\n\n- Parameters:", "\n")                                                       \
    X(doc_param, "\n  - ", "\n@param ")                                                            \
    X(doc_param_sep, ": ", " ")                                                                    \
    X(doc_returns, "\n- Returns: ", "\n@return ")                                                  \
    /* ---- issue 16: any, null, unions, open objects ---- */                                      \
    X(t_json, "JSONValue", "JsonValue")                                                            \
    X(t_null, "JSONNull", "Unit")                                                                  \
    X(json_taken, sw_json_taken, kt_json_taken)                                                    \
    X(json_public, sw_rt_json, kt_rt_json)                                                         \
    X(null_public, sw_rt_null, "")                                                                 \
    X(map_open, "[String: ", "Map<String, ")                                                       \
    X(map_close, "]", ">")                                                                         \
    X(map_empty, "[:]", "emptyMap()")                                                              \
    X(union_case_prefix, "", "Of")                                                                 \
    X(union_case_style, CG_CAMEL, CG_PASCAL)                                                       \
    X(union_open, "switch v {\n", "return when (v) {\n")                                           \
    X(union_case_fmt, "case %s.%s(let x):\n    return %s\n", "is %s.%s -> %s\n")                   \
    X(union_payload, "x", "v.value")                                                               \
    X(extras_open, "for k in v.extras.keys.sorted() {\n", "for ((k, x) in v.extras) {\n")          \
    X(extras_value, "v.extras[k]!", "x")                                                           \
    X(extra_fmt, "out.append(Property(name: k, value: %s))\n", "out.add(Property(k, %s))\n")       \
    /* ---- sample values ---- */                                                                  \
    X(list_lit_open, "[", "listOf(")                                                               \
    X(list_lit_close, "]", ")")                                                                    \
    X(list_lit_empty, NULL, "emptyList()")                                                         \
    X(any_lit_fmt,                                                                                 \
      "%s.JSONValue.object([\"text\": .string(\"sample\"), \"list\": "                             \
      ".array([.integer(1), .number(1.5), .bool(true), .null])])",                                 \
      "%s.JsonValue.Object(mapOf(\"text\" to %s.JsonValue.Text(\"sample\"), \"list\" to "          \
      "%s.JsonValue.Array(listOf(%s.JsonValue.Integer(1L), %s.JsonValue.Number(1.5), "             \
      "%s.JsonValue.Bool(true), %s.JsonValue.Null))))")                                            \
    X(null_lit_fmt, "%s.JSONNull()", "Unit")                                                       \
    X(map_lit_fmt, "[%s: %s]", "mapOf(%s to %s)")                                                  \
    /* ---- the sample program ---- */                                                             \
    X(sample_open, sw_rt_sample_open, kt_rt_sample_open)                                           \
    X(sample_call_fmt, "if t.%s(", "if (t.%s(")                                                    \
    X(sample_call_close, ") {\n    sent += 1\n}\n", ")) sent++\n")                                 \
    X(sample_count_fmt,                                                                            \
      "FileHandle.standardError.write(Data((String(sent) + \" of %z events sent, \" + "            \
      "String(counter.n) + \" violations\\n\").utf8))\nreturn counter.n + (%z - sent)\n",          \
      "System.err.println(\"\" + sent + \" of %z events sent, \" + counter.n + \" violations\")\n" \
      "return counter.n + (%z - sent)\n")                                                          \
    X(sample_close, sw_rt_sample_close, kt_rt_sample_close)                                        \
    /* ---- what truly differs ---- */                                                             \
    X(emit_enum, sw_enum, kt_enum)                                                                 \
    X(emit_object, sw_object, kt_object)                                                           \
    X(emit_union, sw_union, kt_union)                                                              \
    X(layout, sw_layout, kt_layout)                                                                \
    X(pieces, sw_pieces, kt_pieces)                                                                \
    X(n_pieces, sizeof sw_pieces / sizeof sw_pieces[0], sizeof kt_pieces / sizeof kt_pieces[0])

/* The runtime pieces the checks may use (mg_piece), with what each calls:
 * X(piece, Swift: needs, text, Kotlin: needs, text) */
#define MG_SWIFT_PIECE(use, sw_needs, sw_text, kt_needs, kt_text) { use, sw_needs, sw_text },
#define MG_KOTLIN_PIECE(use, sw_needs, sw_text, kt_needs, kt_text) { use, kt_needs, kt_text },
#define MG_PIECES(X)                                                             \
    X(MG_DIG, 0, sw_rt_dig, 0, kt_rt_dig)                                        \
    X(MG_DATE_AT, MG_DIG, sw_rt_date_at, MG_DIG, kt_rt_date_at)                  \
    X(MG_TIME, MG_DIG, sw_rt_time, MG_DIG, kt_rt_time)                           \
    X(MG_DATE, MG_DATE_AT | MG_DIG, sw_rt_date, MG_DATE_AT | MG_DIG, kt_rt_date) \
    X(MG_DATE_TIME, MG_DATE_AT | MG_TIME | MG_DIG, sw_rt_date_time,              \
      MG_DATE_AT | MG_TIME | MG_DIG, kt_rt_date_time)                            \
    X(MG_UUID, 0, sw_rt_uuid, MG_DIG, kt_rt_uuid)                                \
    X(MG_EMAIL, 0, sw_rt_email, MG_DIG, kt_rt_email)                             \
    X(MG_URI, 0, sw_rt_uri, MG_DIG, kt_rt_uri)                                   \
    X(MG_PATTERN, MG_DIG, sw_rt_pattern, MG_DIG, kt_rt_pattern)                  \
    X(MG_REGEX, 0, sw_rt_regex, 0, kt_rt_regex)                                  \
    X(MG_ANY, 0, sw_rt_any, 0, kt_rt_any)

#endif

/* RFC 4180 reading with byte ranges (see csv_read.h). One pass over the
 * text: a quoted cell is unescaped into a scratch buffer ("" -> "), text
 * after its closing quote is an error pointing at that text; an unquoted
 * cell runs to the separator or the end of the line. A record ends at
 * CR, LF or CRLF outside quotes. */
#include "csv.h"
#include "../../support/strbuf.h"
#include "../../support/util.h"
#include <string.h>

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static tx_csv_cell make_cell(tx_arena *a, const char *s, size_t n, uint32_t start, uint32_t end,
                             bool quoted, unsigned flags)
{
    /* export.c guards cells that would run as formulas with a ' */
    if ((flags & TX_CSV_FORMULA_GUARD) && n > 1 && s[0] == '\'' && strchr("=+-@\t\r'", s[1]))
        s++, n--;
    if (quoted)     /* the quotes say exactly where the text is */
        return (tx_csv_cell){ tx_arena_strndup(a, s, n), n, start, end };
    /* trim spaces, tabs and stray line breaks; NBSP (U+00A0) too */
    for (;;) {
        if (n && (is_space(s[0]) || s[0] == '\r' || s[0] == '\n'))
            s++, n--;
        else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
            s += 2, n -= 2;
        else
            break;
    }
    for (;;) {
        if (n && (is_space(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    return (tx_csv_cell){ tx_arena_strndup(a, s, n), n, start, end };
}

static char detect_delim(const char *t, size_t len, size_t i)
{
    size_t commas = 0, semis = 0, tabs = 0;
    bool q = false;
    for (; i < len && (q || (t[i] != '\n' && t[i] != '\r')); i++) {
        if (t[i] == '"')
            q = !q;
        else if (!q)
            commas += t[i] == ',', semis += t[i] == ';', tabs += t[i] == '\t';
    }
    if (tabs > commas && tabs >= semis)
        return '\t';
    if (semis > commas)
        return ';';
    return ',';
}

size_t tx_csv_check_text(tx_diags *d, uint32_t file, const char *text, size_t len, const char *what)
{
    size_t bad = tx_utf8_check(text, len);
    if (bad < len) {
        tx_diag_add(d, TX_SEV_ERROR, "csv-encoding", (tx_span){ file, (uint32_t)bad, (uint32_t)bad + 1 },
                    "the %s is not valid UTF-8 (byte 0x%02x); save it as \"CSV UTF-8\"", what,
                    (unsigned char)text[bad]);
        return (size_t)-1;
    }
    if (memchr(text, '\0', len)) {
        tx_diag_add(d, TX_SEV_ERROR, "csv-encoding", (tx_span){ file, 0, 0 },
                    "the %s contains NUL bytes; is it a spreadsheet file rather than CSV?", what);
        return (size_t)-1;
    }
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

bool tx_csv_read(tx_arena *a, tx_diags *d, uint32_t file, const char *t, size_t len, size_t i,
                 unsigned flags, tx_csv_rows *out)
{
    char delim = detect_delim(t, len, i);
    size_t no = 0;
    tx_sb buf = TX_SB_INIT;
    bool ok = true;
    while (i < len) {
        tx_csv_row r = { 0 };
        r.no = ++no;
        r.start = (uint32_t)i;
        TX_VEC(tx_csv_cell) cells = { 0 };
        for (;;) {
            uint32_t cs = (uint32_t)i;
            if (i < len && t[i] == '"') {
                tx_sb_reset(&buf);
                i++;
                for (;;) {
                    if (i >= len) {
                        /* the rest of the file is inside the quotes: keep the
                         * rows before it, so their problems are reported too */
                        tx_diag_add(d, TX_SEV_ERROR, "csv-syntax", (tx_span){ file, cs, cs + 1 },
                                    "unterminated quoted cell in row %zu", r.no);
                        tx_sb_release(&buf);
                        return false;
                    }
                    if (t[i] == '"') {
                        if (i + 1 < len && t[i + 1] == '"') {
                            tx_sb_addc(&buf, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    tx_sb_addc(&buf, t[i++]);
                }
                size_t j = i;
                while (j < len && is_space(t[j]) && t[j] != delim)
                    j++;
                if (j < len && t[j] != delim && t[j] != '\n' && t[j] != '\r') {
                    tx_diag_add(d, TX_SEV_ERROR, "csv-syntax", (tx_span){ file, (uint32_t)j, (uint32_t)j + 1 },
                                "unexpected text after a quoted cell in row %zu; a quote inside a cell is written \"\"",
                                r.no);
                    ok = false;
                    while (j < len && t[j] != delim && t[j] != '\n' && t[j] != '\r')
                        j++;
                }
                i = j;
                tx_csv_cell c = make_cell(a, buf.buf, buf.len, cs, (uint32_t)i, true, flags);
                TX_PUSH(a, cells, c);
            } else {
                size_t b = i;
                while (i < len && t[i] != delim && t[i] != '\n' && t[i] != '\r')
                    i++;
                tx_csv_cell c = make_cell(a, t + b, i - b, cs, (uint32_t)i, false, flags);
                /* point at the text, not the padding */
                while (c.start < c.end && is_space(t[c.start]))
                    c.start++;
                TX_PUSH(a, cells, c);
            }
            if (i < len && t[i] == delim) {
                i++;
                continue;
            }
            break;
        }
        if (i < len && t[i] == '\r')
            i++;
        if (i < len && t[i] == '\n')
            i++;
        r.cells = cells.items;
        r.n = cells.n;
        TX_PUSH(a, *out, r);
    }
    tx_sb_release(&buf);
    return ok;
}

const tx_csv_cell *tx_csv_at(const tx_csv_row *r, int k)
{
    static const tx_csv_cell empty = { "", 0, 0, 0 };
    if (k < 0 || (size_t)k >= r->n)
        return &empty;
    return &r->cells[k];
}

bool tx_csv_row_blank(const tx_csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->cells[i].n)
            return false;
    return true;
}

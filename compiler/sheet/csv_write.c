/* Writing one CSV field (see csv.h): the quoting of RFC 4180, and the
 * apostrophe that keeps a spreadsheet from running a cell as a formula,
 * which csv_read.c drops again when asked to. */
#include "csv.h"
#include <string.h>

/* Spreadsheet apps run a cell that starts with = + - @ as a formula (CSV
 * injection). Such cells get a leading apostrophe, which the reader
 * removes again (TX_CSV_FORMULA_GUARD both ways); a number or range such
 * as -0.5..20 is left alone. */
static bool formula_like(const char *s, size_t n)
{
    if (!n)
        return false;
    if (s[0] == '\'' && n > 1)
        return strchr("=+-@\t\r'", s[1]) != NULL;
    if (!strchr("=+-@\t\r", s[0]))
        return false;
    if (s[0] != '-')
        return true;
    for (size_t i = 1; i < n; i++)
        if (!strchr("0123456789.eE+-", s[i]))
            return true;
    return false;
}

void tx_csv_field(tx_sb *sb, const char *s, size_t n, unsigned flags)
{
    bool guard = (flags & TX_CSV_FORMULA_GUARD) && formula_like(s, n);
    bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        if (guard)
            tx_sb_addc(sb, '\'');
        tx_sb_add(sb, s, n);
        return;
    }
    tx_sb_addc(sb, '"');
    if (guard)
        tx_sb_addc(sb, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            tx_sb_addc(sb, '"');
        tx_sb_addc(sb, s[i]);
    }
    tx_sb_addc(sb, '"');
}

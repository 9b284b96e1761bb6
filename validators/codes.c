/* Names and docs of the verdict codes, generated from the X-macro list in
 * codes.h so they cannot drift from the enum. */
#include "codes.h"
#include <string.h>

static const struct {
    const char *name;
    int fails;
    const char *doc;
} code_tab[] = {
#define VAL_X_TAB(e, s, f, d) { s, f, d },
    VAL_CODES(VAL_X_TAB)
#undef VAL_X_TAB
};

const char *val_code_name(val_code c)
{
    return (unsigned)c < VAL_N_CODES ? code_tab[c].name : "?";
}

const char *val_code_doc(val_code c)
{
    return (unsigned)c < VAL_N_CODES ? code_tab[c].doc : "";
}

int val_code_fails_by_default(val_code c)
{
    return (unsigned)c < VAL_N_CODES ? code_tab[c].fails : 0;
}

int val_code_parse(const char *s, size_t n)
{
    for (int i = 0; i < VAL_N_CODES; i++)
        if (strlen(code_tab[i].name) == n && memcmp(code_tab[i].name, s, n) == 0)
            return i;
    return -1;
}

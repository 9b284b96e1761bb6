/* Names and descriptions of the loader's diagnostic codes (codes.h). */
#include "codes.h"

static const char *const names[] = {
#define X(id, name, doc) name,
    TX_LOAD_CODES(X)
#undef X
};

static const char *const docs[] = {
#define X(id, name, doc) doc,
    TX_LOAD_CODES(X)
#undef X
};

const char *tx_code_name(tx_code c)
{
    return (unsigned)c < TXC__COUNT ? names[c] : "?";
}

const char *tx_code_doc(tx_code c)
{
    return (unsigned)c < TXC__COUNT ? docs[c] : "?";
}

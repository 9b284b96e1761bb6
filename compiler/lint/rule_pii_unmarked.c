/* pii-unmarked: properties (and object members) whose names suggest
 * personal data but that do not say `pii: true`. A table of word sequences
 * is matched against the words of the name (`userEmail` -> user|email), so
 * `hotel` does not match `tel` and `product_name` does not match `name`.
 * Writing `pii: false` explicitly silences the rule for that item; `pii`
 * on the named type a property has (or refines) counts as written on it. */
#include "lint_int.h"
#include <string.h>

/* Word sequences are written with a space between the words ("zip code");
 * the table is tried in order and the first match names what the name
 * suggests. */
typedef struct pii_pattern {
    const char *what;       /* what it suggests, for the message */
    bool whole;             /* only when a sequence is the whole name */
    const char *seqs[24];   /* NULL after the last */
} pii_pattern;

static const pii_pattern patterns[] = {
    { "an email address", false, { "email", "e mail" } },
    { "a phone number", false, { "phone", "telephone", "tel", "mobile number", "msisdn" } },
    { "an address", false,
      { "address", "street", "zip code", "zipcode", "postal code", "postcode" } },
    { "a birth date", false, { "birth", "birthday", "birthdate", "dob" } },
    { "a national identification number", false, { "ssn" } },
    { "a passport number", false, { "passport" } },
    { "a national identification number", false, { "resident number", "national id" } },
    { "a licence number", false, { "driver license" } },
    { "a payment card number", false, { "card number", "credit card" } },
    { "a bank account number", false, { "iban", "account number" } },
    { "an IP address", false, { "ip" } },
    { "a precise location", false, { "latitude", "longitude" } },
    { "a person's name", true, { "name" } },
    { "a person's name", false,
      { "first name", "last name", "full name", "given name", "family name", "middle name",
        "real name", "legal name", "user name", "username", "nick name", "nickname",
        "customer name", "member name", "guest name", "recipient name", "sender name",
        "holder name", "firstname", "lastname", "fullname", "surname" } },
};

static size_t seq_words(const char *seq)
{
    size_t n = 1;
    for (; *seq; seq++)
        n += *seq == ' ';
    return n;
}

/* True when the words of seq stand in w from word i on. */
static bool seq_at(const lint_words *w, size_t i, const char *seq)
{
    for (;; i++) {
        if (i >= w->n || w->w[i][0] != seq[0])   /* most tries end here, cheaply */
            return false;
        size_t n = strcspn(seq, " ");
        if (strlen(w->w[i]) != n || memcmp(w->w[i], seq, n) != 0)
            return false;
        if (!seq[n])
            return true;
        seq += n + 1;
    }
}

static const char *suggests(lint_ctx *c, const char *name)
{
    lint_words w = lint_split(c->scratch, name);
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
        const pii_pattern *p = &patterns[k];
        const size_t max = sizeof p->seqs / sizeof p->seqs[0];
        for (size_t s = 0; s < max && p->seqs[s]; s++) {
            if (p->whole && w.n != seq_words(p->seqs[s]))
                continue;
            for (size_t i = 0; i < w.n; i++)
                if (seq_at(&w, i, p->seqs[s]))
                    return p->what;
        }
    }
    return NULL;
}

/* pii written on the item, or on the named type it has or refines: a
 * property of type `email_address {pii: true}` is marked. */
static bool pii_stated(const tx_meta *m, const tx_type *ty)
{
    if (m->pii || m->pii_set)
        return true;
    for (int depth = 0; ty && depth < 64; ty = ty->parent, depth++)
        if (ty->meta.pii || ty->meta.pii_set)
            return true;
    return false;
}

static void one(lint_ctx *c, const char *kind, const char *name, tx_span sp, const tx_meta *m,
                const tx_type *ty)
{
    if (pii_stated(m, ty))
        return;
    const char *what = suggests(c, name);
    if (!what)
        return;
    tx_diag *d = lint_emit(c, sp, m, NULL,
                           "%s '%s' looks like personal data (%s) but is not marked 'pii: true'",
                           kind, name, what);
    tx_diag_fix(c->out, d, "add 'pii: true' to '%s', or 'pii: false' if it holds no personal data",
                name);
}

static void fields(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label)
{
    (void)owner;
    (void)label;
    for (size_t i = 0; i < ty->n_fields; i++)
        one(c, "field", ty->fields[i].name, ty->fields[i].span, &ty->fields[i].meta,
            ty->fields[i].type);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_props; i++)
        one(c, "property", t->props[i].name, t->props[i].span, &t->props[i].meta,
            t->props[i].type);
}

const tx_lint_rule lint_rule_pii_unmarked = {
    .id = "pii-unmarked",
    .name = "PiiUnmarked",
    .severity = TX_SEV_WARNING,
    .summary = "properties whose names suggest personal data but lack `pii: true`",
    .doc =
        "The words of each property and object-member name are matched against a list of\n"
        "personal-data terms: email, phone/tel/mobile number, address/street/zip or postal\n"
        "code, birth/birthday/dob, ssn, passport, resident or national id numbers, card and\n"
        "account numbers, iban, ip, latitude/longitude, and names of people (first_name,\n"
        "last_name, full_name, user_name, nickname, customer_name, ... and a property called\n"
        "just `name`). Words are whole words: `hotel` does not contain `tel` and\n"
        "`product_name` is not a person's name. A match without `pii: true` is flagged;\n"
        "writing `pii: false` records that it was checked and silences the rule. `pii`\n"
        "written on the named type a property uses (or refines) counts for the property.\n\n"
        "Why: `pii: true` drives masking in exports and reviews of what leaves the app;\n"
        "an unmarked email address ends up in every dashboard and vendor.",
    .bad = "properties:\n"
           "  user_email: {type: string, format: email, description: 이메일}\n",
    .good = "properties:\n"
            "  user_email: {type: string, format: email, description: 이메일, pii: true}\n",
    .check = check,
    .each_type = fields,
};

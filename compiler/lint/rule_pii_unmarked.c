/* pii-unmarked: properties (and object members) whose names suggest
 * personal data but that do not say `pii: true`. A table of word sequences
 * is matched against the words of the name (`userEmail` -> user|email), so
 * `hotel` does not match `tel` and `product_name` does not match `name`.
 * Writing `pii: false` explicitly silences the rule for that item; `pii`
 * on the named type a property has (or refines) counts as written on it. */
#include "lint_int.h"
#include <string.h>

typedef struct pii_pattern {
    const char *words[3];   /* consecutive words, NULL-terminated */
    const char *what;       /* what it suggests, for the message */
    bool whole;             /* only when it is the whole name */
} pii_pattern;

static const pii_pattern patterns[] = {
    { { "email" }, "an email address", false },
    { { "e", "mail" }, "an email address", false },
    { { "phone" }, "a phone number", false },
    { { "telephone" }, "a phone number", false },
    { { "tel" }, "a phone number", false },
    { { "mobile", "number" }, "a phone number", false },
    { { "msisdn" }, "a phone number", false },
    { { "address" }, "an address", false },
    { { "street" }, "an address", false },
    { { "zip", "code" }, "an address", false },
    { { "zipcode" }, "an address", false },
    { { "postal", "code" }, "an address", false },
    { { "postcode" }, "an address", false },
    { { "birth" }, "a birth date", false },
    { { "birthday" }, "a birth date", false },
    { { "birthdate" }, "a birth date", false },
    { { "dob" }, "a birth date", false },
    { { "ssn" }, "a national identification number", false },
    { { "passport" }, "a passport number", false },
    { { "resident", "number" }, "a national identification number", false },
    { { "national", "id" }, "a national identification number", false },
    { { "driver", "license" }, "a licence number", false },
    { { "card", "number" }, "a payment card number", false },
    { { "credit", "card" }, "a payment card number", false },
    { { "iban" }, "a bank account number", false },
    { { "account", "number" }, "a bank account number", false },
    { { "ip" }, "an IP address", false },
    { { "latitude" }, "a precise location", false },
    { { "longitude" }, "a precise location", false },
    { { "name" }, "a person's name", true },
    { { "first", "name" }, "a person's name", false },
    { { "last", "name" }, "a person's name", false },
    { { "full", "name" }, "a person's name", false },
    { { "given", "name" }, "a person's name", false },
    { { "family", "name" }, "a person's name", false },
    { { "middle", "name" }, "a person's name", false },
    { { "real", "name" }, "a person's name", false },
    { { "legal", "name" }, "a person's name", false },
    { { "user", "name" }, "a person's name", false },
    { { "username" }, "a person's name", false },
    { { "nick", "name" }, "a person's name", false },
    { { "nickname" }, "a person's name", false },
    { { "customer", "name" }, "a person's name", false },
    { { "member", "name" }, "a person's name", false },
    { { "guest", "name" }, "a person's name", false },
    { { "recipient", "name" }, "a person's name", false },
    { { "sender", "name" }, "a person's name", false },
    { { "holder", "name" }, "a person's name", false },
    { { "firstname" }, "a person's name", false },
    { { "lastname" }, "a person's name", false },
    { { "fullname" }, "a person's name", false },
    { { "surname" }, "a person's name", false },
};

static const char *suggests(lint_ctx *c, const char *name)
{
    lint_words w = lint_split(c->scratch, name);
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
        const pii_pattern *p = &patterns[k];
        size_t len = 0;
        while (len < 3 && p->words[len])
            len++;
        if (p->whole && w.n != len)
            continue;
        for (size_t i = 0; i + len <= w.n; i++) {
            size_t j = 0;
            while (j < len && strcmp(w.w[i + j], p->words[j]) == 0)
                j++;
            if (j == len)
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

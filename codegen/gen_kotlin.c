#include "cg_internal.h"
static int gen(const cg_plan *p, cg_files *out, tx_diags *d) { (void)p; (void)out; tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "todo"); return -1; }
static void names(const tx_taxonomy *t, tx_arena *a, const char **n) { (void)a; for (size_t i = 0; i < t->n_events; i++) n[i] = t->events[i].name; }
const cg_backend cg_backend_kotlin = { CG_LANG_KOTLIN, "kotlin", gen, names };

/* Stubs of what the C snippets of docs/codegen.md take from "the app":
 * declarations only, enough to compile them (tests/e2e/docs_blocks.sh). */
#ifndef DOCS_APP_STUBS_H
#define DOCS_APP_STUBS_H
#include <stdio.h>
#include <stddef.h>
struct app {
    const char *api_key;
    const char *user_id;
};
void app_http_post(struct app *app, const char *url, const char *body, size_t len);
const char *app_now_iso8601(struct app *app);
#endif

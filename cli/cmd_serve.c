/* `taxonc serve TAXONOMY`: options (the shared parser in opts.c) into
 * sv_opts, the taxonomy loaded and compiled as `validate` does it, then
 * serve/ runs until SIGINT or SIGTERM. Exit 0 after a clean stop, 1 when
 * the taxonomy has errors, 2 for usage errors or when it cannot listen. */
#include "cli.h"
#include "../serve/serve.h"
#include "../validators/validate.h"
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: taxonc serve [OPTIONS] TAXONOMY\n"
    "\n"
    "A local collector: apps, SDKs and tests send events to it as they would to\n"
    "Amplitude, Segment, RudderStack, Mixpanel or Braze, and every event is\n"
    "checked as 'taxonc validate' checks it. A QA API and a live page show the\n"
    "verdicts (docs/serve.md).\n"
    "\n"
    "  POST /2/httpapi, /batch                 Amplitude HTTP V2 and Batch\n"
    "  POST /v1/batch, /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group,\n"
    "       /v1/alias                          Segment and RudderStack\n"
    "  POST /track, /import, /engage           Mixpanel (data= form, or JSON)\n"
    "  POST /users/track                       Braze\n"
    "  GET  /api/summary                       'validate --format json' of all so far\n"
    "  GET  /api/events?valid=&event=&test=&since=&limit=   kept events, verdicts\n"
    "  GET  /api/stream                        the same, live (server-sent events)\n"
    "  GET  /api/funnels?user=ID&test=ID       a user's open funnel journeys\n"
    "  POST /api/funnels/finish                judge every open funnel journey now\n"
    "  GET  /api/stats   POST /api/reset   GET /  (the live page)\n"
    "  Tag a test's events with an 'X-Taxonc-Test: ID' header, '?test=ID', or a\n"
    "  '/t/ID' prefix on the path (for SDKs that take a base URL).\n"
    "\n"
    "options:\n"
    "  --port N             port to listen on (default 8737; 0: any free port)\n"
    "  --bind ADDR          address to listen on (default 127.0.0.1)\n"
    "  --capture FILE       append every record to FILE as NDJSON ('%p' in FILE:\n"
    "                       one file per profile)\n"
    "  --token T            require T for the API and the page\n"
    "  --keep N             events kept in full for the API (default 10000)\n"
    "  --max-body BYTES     largest request body, decoded (default 8388608)\n"
    "  --max-connections N  connections at once (default 64)\n"
    "  --timeout SECONDS    idle connections closed after (default 10)\n"
    "  --request-timeout SECONDS\n"
    "                       a request's headers and body must arrive within, from\n"
    "                       the connection's opening or its previous request's\n"
    "                       end, or the connection is closed (default 30)\n"
    "  --funnel-journeys N  open funnel journeys kept per engine (default 1000000)\n"
    "  -q, --quiet          no banner on stderr\n"
    "\n"
    "exit status: 0 stopped by SIGINT/SIGTERM, 1 taxonomy errors, 2 usage or\n"
    "cannot listen\n";

int cmd_serve(int argc, char **argv)
{
    sv_opts so = { .port = SV_DEFAULT_PORT };
    const cli_opt options[] = {
        CLI_OPT_UINT(0, "--port", &so.port, 0, 65535),
        CLI_OPT_PATH(0, "--bind", &so.bind),
        CLI_OPT_PATH(0, "--capture", &so.capture),
        CLI_OPT_PATH(0, "--token", &so.token),
        CLI_OPT_SIZE(0, "--keep", &so.keep, 1, 10000000),
        CLI_OPT_SIZE(0, "--max-body", &so.max_body, 1024, (size_t)1 << 30),
        CLI_OPT_UINT(0, "--max-connections", &so.max_conns, 2, 10000),
        CLI_OPT_UINT(0, "--timeout", &so.timeout, 1, 3600),
        CLI_OPT_UINT(0, "--request-timeout", &so.request_timeout, 1, 3600),
        CLI_OPT_TRUE('q', "--quiet", &so.quiet),
        CLI_OPT_SIZE(0, "--funnel-journeys", &so.funnel_journeys, 1, 100000000),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "serve", help, options, argc, argv))
        return it.rc;
    if (it.n_args != 1)
        return cli_error("%s; usage: taxonc serve [OPTIONS] TAXONOMY",
                         it.n_args ? "one TAXONOMY only" : "missing TAXONOMY");
    val_opts vo;
    val_opts_init(&vo);
    vo.funnel_journeys = so.funnel_journeys;
    tx_ctx *ctx = tx_ctx_new();
    int rc = EXIT_CLEAN;
    val_schema *vs = cli_load_schema(ctx, it.args[0], &rc);
    char err[512];
    if (vs && sv_run(vs, &vo, &so, err, sizeof err) != 0)
        rc = cli_error("%s", err);
    val_schema_free(vs);
    tx_ctx_free(ctx);
    return rc;
}

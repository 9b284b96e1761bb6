/* Unit tests for codegen/export_jsonschema_dir.c: the files of the
 * directory form of the JSON Schema export, their names (sanitized, unique
 * case-insensitively, "index" taken) and the index that maps event names
 * to them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "../../codegen/export_jsonschema_dir.h"
#include "../../compiler/load.h"
#include "load_fx.h"

static plan_fx dir = {
    .name = "dir.yaml",
    .yaml = "taxonomy: dir_app\n"
            "events:\n"
            "  Sign_Up: {description: a}\n"
            "  sign_up: {description: b}\n"
            "  SIGN_UP: {description: c}\n"
            "  index: {description: d}\n"
            "  \"a/b c\": {description: e}\n",
};

static void test_names_and_index(void **state)
{
    plan_fx *f = *state;
    tx_export_files fs;
    tx_jsonschema_opts o = { 0 };
    assert_int_equal(tx_export_jsonschema_files(f->ctx->arena, f->t, &o, &fs), 0);
    assert_int_equal(fs.n_events, 5);
    assert_int_equal(fs.n, 7);
    static const char *const want[] = {
        "events/Sign_Up.schema.json", "events/sign_up-2.schema.json",
        "events/SIGN_UP-3.schema.json", "events/index-2.schema.json",
        "events/a_b_c.schema.json", "bundle.schema.json", "index.json",
    };
    for (size_t i = 0; i < fs.n; i++) {
        assert_string_equal(fs.items[i].path, want[i]);
        assert_true(fs.items[i].doc.len > 0);
    }
    tx_sb *index = &fs.items[6].doc;
    tx_sb_addc(index, '\0');
    assert_string_equal(index->buf,
                        "{\n  \"bundle\": \"bundle.schema.json\",\n  \"events\": {\n"
                        "    \"Sign_Up\": \"events/Sign_Up.schema.json\",\n"
                        "    \"sign_up\": \"events/sign_up-2.schema.json\",\n"
                        "    \"SIGN_UP\": \"events/SIGN_UP-3.schema.json\",\n"
                        "    \"index\": \"events/index-2.schema.json\",\n"
                        "    \"a/b c\": \"events/a_b_c.schema.json\"\n  }\n}\n");
    assert_non_null(strstr(fs.items[1].doc.buf, "sign_up"));
    tx_export_files_release(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        PLAN_TEST(test_names_and_index, &dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package org.json
class JSONObject(json: String) {
    val text: String = json
}

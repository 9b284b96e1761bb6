// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package com.braze.models.outgoing
class BrazeProperties(jsonObject: org.json.JSONObject? = null) {
    val json = jsonObject
}

// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package com.braze
class Braze private constructor() {
    fun logCustomEvent(eventName: String?, properties: com.braze.models.outgoing.BrazeProperties?) {}
    fun changeUser(userId: String?) {}
    val currentUser: BrazeUser? = BrazeUser()
    fun requestImmediateDataFlush() {}

    companion object {
        @JvmStatic
        fun getInstance(context: android.content.Context): Braze = Braze()
    }
}

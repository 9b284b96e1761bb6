// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package com.braze
class BrazeUser {
    fun setCustomUserAttribute(key: String, value: String): Boolean = true
    fun setCustomUserAttribute(key: String, value: Boolean): Boolean = true
    fun setCustomUserAttribute(key: String, value: Int): Boolean = true
    fun setCustomUserAttribute(key: String, value: Long): Boolean = true
    fun setCustomUserAttribute(key: String, value: Float): Boolean = true
    fun setCustomUserAttribute(key: String, value: Double): Boolean = true
    fun unsetCustomUserAttribute(key: String): Boolean = true
}

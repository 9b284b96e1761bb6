// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package com.amplitude.core
class EventOptions
open class Amplitude {
    fun track(eventType: String, eventProperties: Map<String, Any?>? = null, options: EventOptions? = null): Amplitude = this
    fun setUserId(userId: String?): Amplitude = this
    fun identify(userProperties: Map<String, Any?>?, options: EventOptions? = null): Amplitude = this
    fun flush() {}
}

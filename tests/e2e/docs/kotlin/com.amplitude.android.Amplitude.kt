// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package com.amplitude.android
class Amplitude : com.amplitude.core.Amplitude()

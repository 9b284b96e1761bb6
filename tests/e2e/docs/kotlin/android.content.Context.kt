// Stub of the Android SDK signature docs/codegen.md uses (tests/e2e/docs_blocks.sh).
package android.content
abstract class Context

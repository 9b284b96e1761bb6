// App code calling the generated Kotlin identify() and flush() of
// tests/e2e/gen/identify/plan.yaml (tests/e2e/gen_identify.sh): good values
// reach the transport's identify with the exact JSON and user id; each bad
// value reaches the violation handler under the event "$identify" and, the
// handler refusing, is not sent; a transport written without identify (the
// default) still compiles and gets nothing; flush reaches the transport.
package identifyapp

import ident.Ident

class Recorder : Ident.Transport {
    val identifies = ArrayList<Pair<String?, String>>()
    var flushes = 0
    override fun send(event: String, json: String, properties: List<Ident.Property>) {}
    override fun identify(userId: String?, json: String, properties: List<Ident.Property>) {
        identifies.add(Pair(userId, json))
    }
    override fun flush() {
        flushes++
    }
}

// written before identify existed: send only
class SendOnly : Ident.Transport {
    override fun send(event: String, json: String, properties: List<Ident.Property>) {}
}

var checks = 0
var failures = 0

fun expect(ok: Boolean, what: String) {
    checks++
    if (!ok) {
        println("FAIL $what")
        failures++
    }
}

fun main() {
    val r = Recorder()
    val seen = ArrayList<Ident.Violation>()
    val t = Ident(r, Ident.Strictness.Custom { v -> seen.add(v); false })
    expect(t.identify("u-1", Ident.MembershipTier.GOLD, 30L, "kim", "2024-02-29", "app-7"), "good values sent")
    expect(seen.isEmpty(), "good values: no violation $seen")
    expect(r.identifies == listOf(Pair("u-1", "{\"membership_tier\":\"gold\",\"age\":30,\"nickname\":\"kim\"," +
                                       "\"signed_up\":\"2024-02-29\",\"user_id\":\"app-7\"}")),
           "good values: exact JSON and user id ${r.identifies}")
    val bad = listOf(
        Triple("age", { t.identify(userId = "u-1", age = 200L) }, "age"),
        Triple("pattern", { t.identify(userId = "u-1", nickname = "Kim") }, "nickname"),
        Triple("length", { t.identify(userId = "u-1", nickname = "abcdefghijkl") }, "nickname"),
        Triple("date", { t.identify(userId = "u-1", signedUp = "2023-02-29") }, "signed_up"))
    for ((label, call, path) in bad) {
        expect(!call(), "$label: not sent")
        expect(seen.size == 1 && seen[0].event == "\$identify" && seen[0].path == path,
               "$label: one violation at $path: $seen")
        seen.clear()
    }
    expect(r.identifies.size == 1, "bad values never reached the transport")
    expect(t.identify(), "no user id, no properties: sent")
    expect(r.identifies.size == 2 && r.identifies[1] == Pair<String?, String>(null, "{}"),
           "no user id, no properties: {} and null")
    t.flush()
    expect(r.flushes == 1, "flush reaches the transport")
    expect(Ident(SendOnly()).identify(userId = "u-1", age = 30L), "a send-only transport takes identify (default: nothing)")
    expect(Ident(Ident.Strictness.Off) { _, _, _ -> }.identify(age = 30L), "a lambda transport takes identify")
    println("identify Kotlin: $checks checks, $failures failures")
    System.exit(if (failures == 0) 0 else 1)
}

// Strict mode of the generated Kotlin, checked against the format corpus
// (tests/golden/gen/formats.tsv) and range, enum, length, pattern and count
// violations of tests/golden/gen/strict.yaml. It also calls a deprecated
// event of tests/golden/gen/small.yaml without suppressing the warning, so
// gen_compile.sh can see kotlinc report it.
package strictcheck

import java.io.File
import strict_app.StrictApp

class Capture : StrictApp.Transport {
    var sent = 0
    var json = ""
    override fun send(event: String, json: String, properties: List<StrictApp.Property>) {
        sent++
        this.json = json
    }
}

class Counter : StrictApp.ViolationHandler {
    var n = 0
    var last = ""
    override fun onViolation(violation: StrictApp.Violation): Boolean {
        n++
        last = violation.path + ": " + violation.message
        return false
    }
}

class NoSend : shop.Shop.Transport {
    override fun send(event: String, json: String, properties: List<shop.Shop.Property>) {}
}

fun deprecatedCall(): Boolean = shop.Shop(NoSend()).openAppLegacy()

fun main(args: Array<String>) {
    val cap = Capture()
    val v = Counter()
    val t = StrictApp(cap, StrictApp.Strictness.Custom(v))
    var failures = 0
    var n = 0
    fun reset() { v.n = 0; v.last = ""; cap.sent = 0; cap.json = "" }
    fun expect(ok: Boolean, what: String) {
        if (!ok) {
            println("FAIL " + what + " (last violation: '" + v.last + "')")
            failures++
        }
    }
    val checks = mapOf<String, (String) -> Boolean>(
        "date" to { s -> t.checkDate(s) }, "date_time" to { s -> t.checkDateTime(s) },
        "time" to { s -> t.checkTime(s) }, "uuid" to { s -> t.checkUuid(s) },
        "email" to { s -> t.checkEmail(s) }, "uri" to { s -> t.checkUri(s) },
        "ymd" to { s -> t.checkYmd(s) }, "stamp" to { s -> t.checkStamp(s) },
        "korean" to { s -> t.checkKorean(s) }, "month_day" to { s -> t.checkMonthDay(s) },
        "short" to { s -> t.checkShort(s) })
    for (line in File(args[0]).readLines(Charsets.UTF_8)) {
        if (line.startsWith("#") || line.length == 0) continue
        val parts = line.split("\t")
        val fn = checks[parts[0]] ?: continue
        reset()
        val ok = fn(parts[1])
        val want = parts[2] == "1"
        if ((v.n == 0) != want || ok != (v.n == 0)) {
            println("FAIL format " + parts[0] + " '" + parts[1] + "': " + v.n + " violations")
            failures++
        }
        n++
    }
    reset()
    expect(t.rateItem(5, StrictApp.Level.HIGH, nick = "가나다라", ratio = 0.5) && v.n == 0 &&
        cap.json == "{\"rating\":5,\"level\":\"high\",\"nick\":\"가나다라\",\"ratio\":0.5}", "valid rate_item")
    reset()
    expect(!t.rateItem(9, StrictApp.Level.LOW) && cap.sent == 0 &&
        v.last == "rating: 9 is above the maximum 5", "rating 9 caught and dropped")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, nick = "가나다라마") &&
        v.last == "nick: too long: 5 code points, at most 4", "nick too long")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, nick = "가") &&
        v.last == "nick: too short: 1 code points, at least 2", "nick too short")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, code = "ab12") &&
        v.last == "code: does not match the pattern ^[A-Z]{2}[0-9]{2}\$", "pattern caught")
    reset()
    expect(t.rateItem(3, StrictApp.Level.LOW, code = "AB12") && v.n == 0, "pattern passes")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, ratio = 1.5) && v.n == 1, "ratio 1.5 caught")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, tags = listOf("a", "b", "c")) &&
        v.last == "tags: too many items: 3, at most 2", "3 tags caught")
    reset()
    expect(!t.rateItem(3, StrictApp.Level.LOW, nick = "a\uD800b") &&
        v.last == "nick: has a lone surrogate; sent with U+FFFD in its place", "lone surrogate caught")
    val off = StrictApp(cap)
    reset()
    expect(off.rateItem(9, StrictApp.Level.LOW) && cap.sent == 1 &&
        cap.json == "{\"rating\":9,\"level\":\"low\"}", "off: no checks")
    reset()
    expect(off.rateItem(3, StrictApp.Level.LOW, nick = "a\uD800b") &&
        cap.json == "{\"rating\":3,\"level\":\"low\",\"nick\":\"a\uFFFDb\"}", "lone surrogate sent as U+FFFD")
    val log = StrictApp(cap, StrictApp.Strictness.Log)
    reset()
    expect(log.rateItem(9, StrictApp.Level.LOW) && cap.sent == 1, "log sends")
    val drop = StrictApp(cap, StrictApp.Strictness.Drop)
    reset()
    expect(!drop.rateItem(9, StrictApp.Level.LOW) && cap.sent == 0, "drop drops")
    expect(deprecatedCall(), "deprecated event still works")
    println("strict Kotlin: " + n + " corpus cases, " + failures + " failures")
    System.exit(if (failures == 0 && n >= 60) 0 else 1)
}

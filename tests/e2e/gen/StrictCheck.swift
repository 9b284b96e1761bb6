// Strict mode of the generated Swift, checked against the format corpus
// (tests/golden/gen/formats.tsv) and range, enum, length, pattern and count
// violations of tests/golden/gen/strict.yaml. gen_compile.sh builds it with
// the generated StrictApp.swift and calls StrictCheck.run(corpusPath).
import Foundation

final class StrictCapture: StrictApp.Transport, @unchecked Sendable {
    var sent = 0
    var json = ""
    func send(event: String, json: String, properties: [StrictApp.Property]) {
        sent += 1
        self.json = json
    }
}

final class StrictViolations: @unchecked Sendable {
    var n = 0
    var last = ""
}

enum StrictCheck {
    static func run(_ corpus: String) -> Int {
        let cap = StrictCapture()
        let v = StrictViolations()
        let t = StrictApp(transport: cap, strictness: .custom({ x in
            v.n += 1
            v.last = x.path + ": " + x.message
            return false
        }))
        var failures = 0, n = 0
        func reset() { v.n = 0; v.last = ""; cap.sent = 0; cap.json = "" }
        func expect(_ ok: Bool, _ what: String) {
            if !ok {
                print("FAIL " + what + " (last violation: '" + v.last + "')")
                failures += 1
            }
        }
        let checks: [String: (String) -> Bool] = [
            "date": { t.checkDate(fDate: $0) }, "date_time": { t.checkDateTime(fDateTime: $0) },
            "time": { t.checkTime(fTime: $0) }, "uuid": { t.checkUuid(fUuid: $0) },
            "email": { t.checkEmail(fEmail: $0) }, "uri": { t.checkUri(fUri: $0) },
            "ymd": { t.checkYmd(fYmd: $0) }, "stamp": { t.checkStamp(fStamp: $0) },
            "korean": { t.checkKorean(fKorean: $0) }, "month_day": { t.checkMonthDay(fMonthDay: $0) },
            "short": { t.checkShort(fShort: $0) },
        ]
        guard let text = try? String(contentsOfFile: corpus, encoding: .utf8) else {
            print("FAIL cannot read the corpus")
            return 1
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let fn = checks[String(parts[0])] else { continue }
            reset()
            let ok = fn(String(parts[1]))
            let want = parts[2] == "1"
            if (v.n == 0) != want || ok != (v.n == 0) {
                print("FAIL format \(parts[0]) '\(parts[1])': \(v.n) violations, corpus says \(want ? "valid" : "invalid")")
                failures += 1
            }
            n += 1
        }
        reset()
        expect(t.rateItem(rating: 5, level: .high, nick: "가나다라", ratio: 0.5) && v.n == 0 &&
               cap.json == "{\"rating\":5,\"level\":\"high\",\"nick\":\"가나다라\",\"ratio\":0.5}", "valid rate_item")
        reset()
        expect(!t.rateItem(rating: 9, level: .low) && cap.sent == 0 &&
               v.last == "rating: 9 is above the maximum 5", "rating 9 caught and dropped")
        reset()
        expect(!t.rateItem(rating: 3, level: .low, nick: "가나다라마") &&
               v.last == "nick: too long: 5 code points, at most 4", "nick too long")
        reset()
        expect(!t.rateItem(rating: 3, level: .low, nick: "가") &&
               v.last == "nick: too short: 1 code points, at least 2", "nick too short")
        reset()
        expect(!t.rateItem(rating: 3, level: .low, code: "ab12") &&
               v.last == "code: does not match the pattern ^[A-Z]{2}[0-9]{2}$", "pattern caught")
        reset()
        expect(t.rateItem(rating: 3, level: .low, code: "AB12") && v.n == 0, "pattern passes")
        reset()
        expect(!t.rateItem(rating: 3, level: .low, ratio: 1.5) && v.n == 1, "ratio 1.5 caught")
        reset()
        expect(!t.rateItem(rating: 3, level: .low, tags: ["a", "b", "c"]) &&
               v.last == "tags: too many items: 3, at most 2", "3 tags caught")
        let off = StrictApp(transport: cap)
        reset()
        expect(off.rateItem(rating: 9, level: .low) && cap.sent == 1 &&
               cap.json == "{\"rating\":9,\"level\":\"low\"}", "off: no checks")
        let log = StrictApp(transport: cap, strictness: .log)
        reset()
        expect(log.rateItem(rating: 9, level: .low) && cap.sent == 1, "log sends")
        let drop = StrictApp(transport: cap, strictness: .drop)
        reset()
        expect(!drop.rateItem(rating: 9, level: .low) && cap.sent == 0, "drop drops")
        print("strict Swift: \(n) corpus cases, \(failures) failures")
        return failures + (n < 60 ? 1 : 0)
    }
}

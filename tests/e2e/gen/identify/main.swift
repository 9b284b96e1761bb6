// App code calling the generated Swift identify() and flush() of
// tests/e2e/gen/identify/plan.yaml (tests/e2e/gen_identify.sh): good values
// reach the transport's identify with the exact JSON and user id; each bad
// value reaches the violation handler under the event "$identify" and, the
// handler refusing, is not sent; a transport written without identify (the
// default) still compiles and gets nothing; flush reaches the transport.
import Foundation

final class Recorder: Ident.Transport, @unchecked Sendable {
    var identifies: [(String?, String)] = []
    var flushes = 0
    func send(event: String, json: String, properties: [Ident.Property]) {}
    func identify(userId: String?, json: String, properties: [Ident.Property]) {
        identifies.append((userId, json))
    }
    func flush() { flushes += 1 }
}

// written before identify existed: send only
final class SendOnly: Ident.Transport, @unchecked Sendable {
    func send(event: String, json: String, properties: [Ident.Property]) {}
}

final class Violations: @unchecked Sendable {
    var seen: [Ident.Violation] = []
}

var checks = 0, failures = 0
@MainActor func expect(_ ok: Bool, _ what: String) {
    checks += 1
    if !ok {
        print("FAIL \(what)")
        failures += 1
    }
}

let r = Recorder()
let v = Violations()
let t = Ident(transport: r, strictness: .custom({ x in v.seen.append(x); return false }))
expect(t.identify(userId: "u-1", membershipTier: .gold, age: 30, nickname: "kim",
                  signedUp: "2024-02-29", userId_2: "app-7"), "good values sent")
expect(v.seen.isEmpty, "good values: no violation \(v.seen)")
expect(r.identifies.count == 1 && r.identifies[0].0 == "u-1" && r.identifies[0].1 ==
       "{\"membership_tier\":\"gold\",\"age\":30,\"nickname\":\"kim\",\"signed_up\":\"2024-02-29\",\"user_id\":\"app-7\"}",
       "good values: exact JSON and user id \(r.identifies)")
let bad: [(String, () -> Bool, String)] = [
    ("age", { t.identify(userId: "u-1", age: 200) }, "age"),
    ("pattern", { t.identify(userId: "u-1", nickname: "Kim") }, "nickname"),
    ("length", { t.identify(userId: "u-1", nickname: "abcdefghijkl") }, "nickname"),
    ("date", { t.identify(userId: "u-1", signedUp: "2023-02-29") }, "signed_up"),
]
for (label, call, path) in bad {
    expect(!call(), "\(label): not sent")
    expect(v.seen.count == 1 && v.seen[0].event == "$identify" && v.seen[0].path == path,
           "\(label): one violation at \(path): \(v.seen)")
    v.seen.removeAll()
}
expect(r.identifies.count == 1, "bad values never reached the transport")
expect(t.identify(), "no user id, no properties: sent")
expect(r.identifies.count == 2 && r.identifies[1].0 == nil && r.identifies[1].1 == "{}",
       "no user id, no properties: {} and nil")
t.flush()
expect(r.flushes == 1, "flush reaches the transport")
let old = Ident(transport: SendOnly())
expect(old.identify(userId: "u-1", age: 30), "a send-only transport takes identify (default: nothing)")
let lambda = Ident(strictness: .off) { _, _, _ in }
expect(lambda.identify(age: 30), "a closure transport takes identify")
print("identify Swift: \(checks) checks, \(failures) failures")
exit(failures == 0 ? 0 : 1)

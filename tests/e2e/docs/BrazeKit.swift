// Stub of BrazeKit's public signature used by docs/codegen.md
// (Braze.logCustomEvent(name:properties:fileID:line:)).
public final class Braze: @unchecked Sendable {
    public init() {}
    public func logCustomEvent(name: String, properties: [String: Any]? = nil,
                               fileID: String = #fileID, line: Int = #line) {}
}

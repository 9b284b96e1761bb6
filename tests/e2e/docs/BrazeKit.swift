// Stub of BrazeKit's public signatures used by docs/codegen.md
// (Braze.logCustomEvent(name:properties:fileID:line:), changeUser(userId:),
// user.setCustomAttribute(key:value:) for String, Bool, Int and Double,
// user.unsetCustomAttribute(key:), requestImmediateDataFlush()).
import Foundation

public final class Braze: @unchecked Sendable {
    public final class User: @unchecked Sendable {
        public func setCustomAttribute(key: String, value: String, fileID: String = #fileID,
                                       line: Int = #line) {}
        public func setCustomAttribute(key: String, value: Bool, fileID: String = #fileID,
                                       line: Int = #line) {}
        public func setCustomAttribute(key: String, value: Int, fileID: String = #fileID,
                                       line: Int = #line) {}
        public func setCustomAttribute(key: String, value: Double, fileID: String = #fileID,
                                       line: Int = #line) {}
        public func unsetCustomAttribute(key: String, fileID: String = #fileID, line: Int = #line) {}
    }

    public let user = User()
    public init() {}
    public func logCustomEvent(name: String, properties: [String: Any]? = nil,
                               fileID: String = #fileID, line: Int = #line) {}
    public func changeUser(userId: String, sdkAuthSignature: String? = nil,
                           fileID: String = #fileID, line: Int = #line) {}
    public func requestImmediateDataFlush() {}
}

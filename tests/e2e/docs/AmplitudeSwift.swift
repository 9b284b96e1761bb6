// Stub of Amplitude-Swift's public signatures used by docs/codegen.md
// (Amplitude.track(eventType:eventProperties:options:callback:),
// setUserId(userId:), identify(userProperties:options:), flush()).
public class EventOptions {}
public final class Amplitude: @unchecked Sendable {
    public init() {}
    @discardableResult
    public func track(eventType: String, eventProperties: [String: Any]? = nil,
                      options: EventOptions? = nil,
                      callback: ((String, Int, String) -> Void)? = nil) -> Amplitude {
        return self
    }
    @discardableResult
    public func setUserId(userId: String?) -> Amplitude {
        return self
    }
    @discardableResult
    public func identify(userProperties: [String: Any]?, options: EventOptions? = nil) -> Amplitude {
        return self
    }
    @discardableResult
    public func flush() -> Amplitude {
        return self
    }
}

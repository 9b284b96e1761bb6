// Stub of Amplitude-Swift's public signature used by docs/codegen.md
// (Amplitude.track(eventType:eventProperties:options:callback:)).
public class EventOptions {}
public final class Amplitude: @unchecked Sendable {
    public init() {}
    @discardableResult
    public func track(eventType: String, eventProperties: [String: Any]? = nil,
                      options: EventOptions? = nil,
                      callback: ((String, Int, String) -> Void)? = nil) -> Amplitude {
        return self
    }
}

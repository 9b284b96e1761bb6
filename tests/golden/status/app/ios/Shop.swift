// A screen of the fake app for tests/e2e/status.sh (taxonomy
// tests/golden/gen/small.yaml). Only viewProduct and identify are called here.
import Foundation

final class ProductScreen {
    let tracker: Shop
    init(tracker: Shop) { self.tracker = tracker }

    func appear(id: String) {
        // tracker.openAppLegacy() -- removed in 2.0
        /* tracker.rateProduct(stars: ._5)
           /* nested */ tracker.openAppLegacy() */
        let note = "call tracker.openAppLegacy() on first launch"
        let raw = #"tracker.openAppLegacy()"#
        let doc = """
            tracker.openAppLegacy()
            """
        tracker
            .viewProduct (productId: id)
        _ = (note, raw, doc)
        tracker.identify(userId: id)
    }

    func openAppLegacy() {}
}

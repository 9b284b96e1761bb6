// The checkout screen of the fake app: rateProduct is called here.
package app

class CheckoutActivity(private val tracker: shop.Shop) {
    fun rate(stars: shop.Shop.Stars) {
        tracker.rateProduct(stars)
        val msg = "tracker.openAppLegacy() is gone"
        val tpl = """
            openAppLegacy()
        """
        /* openAppLegacy() /* nested */ openAppLegacy() */
        println(msg + tpl)
        // tracker.identify(userId = "u-1") once the account screen exists
    }

    fun openAppLegacy() = Unit
    fun identify(userId: String?) = Unit
}

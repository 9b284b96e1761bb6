/* The native checkout module: shop_track_complete_order is called here.
 * shop_track_open_app_legacy(client) is not. */
#include "shop.h"

void on_order(const shop_client *c, int64_t qty)
{
    const char *s = "shop_track_open_app_legacy(c)";
    char q = '"';
    (void)s;
    (void)q;
    // shop_track_open_app_legacy(c);
    shop_track_complete_order(c, "P0001", qty, 1.5, SHOP_PAY_METHOD_CARD, NULL, NULL);
    /* shop_identify(c, "u-1", NULL) waits for the account screen */
    (void)"shop_identify(c, NULL, NULL)";
}

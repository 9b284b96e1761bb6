// In a hidden folder: never scanned.
func f(t: Shop) { t.openAppLegacy() }

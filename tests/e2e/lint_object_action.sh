#!/usr/bin/env bash
# Segment's naming convention, `event_name: {style: object_action, casing:
# 'Title Case'}`: spec'd names ("Order Completed", "Product Added to
# Wishlist", "Signed Up", "Application Backgrounded") lint clean; names with
# the action first, or no past-tense action, are flagged with a fix; Title
# Case lets short words stay lower case after the first word.
set -u
: "${TAXONC:?}" "${TMPDIR:?}"
fail=0
cat >"$TMPDIR/seg.yaml" <<'Y'
taxonomy: segment_style
conventions:
  event_name: {style: object_action, casing: 'Title Case'}
events:
  Order Completed: {description: 주문 완료}
  Products Searched: {description: 상품 검색}
  Product List Viewed: {description: 목록 조회}
  Product Added to Wishlist: {description: 위시리스트 추가}
  Product Removed from Wishlist: {description: 위시리스트 삭제}
  Checkout Step Completed: {description: 결제 단계 완료}
  Coupon Denied: {description: 쿠폰 거절}
  Order Cancelled: {description: 주문 취소}
  Signed Up: {description: 가입}
  Application Backgrounded: {description: 백그라운드 전환}
  Push Notification Bounced: {description: 푸시 반송}
  Viewed Product: {description: 상품 조회}
  Order Flurbed: {description: 이상한 이름}
  order completed twice: {description: 소문자}
Y
"$TAXONC" lint --format json "$TMPDIR/seg.yaml" >"$TMPDIR/out.json" 2>"$TMPDIR/err"
python3 - "$TMPDIR/out.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
got = sorted((x["line"], x["code"]) for x in d)
want = sorted([(16, "event-name-action-object"), (17, "event-name-action-object"),
               (18, "event-name-style")])
if got != want:
    print("FAIL: findings", got, "want", want); sys.exit(1)
fix = [x for x in d if x["line"] == 16][0]
assert "'Product Viewed'" in (fix.get("fix") or ""), fix
PY
# the same names under the default style are all flagged: the style matters
sed 's/style: object_action, //' "$TMPDIR/seg.yaml" >"$TMPDIR/ao.yaml"
n=$("$TAXONC" lint --format json "$TMPDIR/ao.yaml" | python3 -c 'import json,sys; print(sum(1 for x in json.load(sys.stdin)["diagnostics"] if x["code"]=="event-name-action-object"))')
[ "$n" -ge 12 ] || { echo "FAIL: action_object flagged only $n of the Segment names"; fail=1; }
exit $fail

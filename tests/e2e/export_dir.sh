#!/usr/bin/env bash
# `taxonc export jsonschema --out DIR` replaces the schemas as a set: an
# event removed from the taxonomy loses its schema file, files of the user's
# own beside them are left alone, no temporary file is left behind, and a
# failed write changes nothing.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fail=0
cat >"$TMPDIR/a.yaml" <<'EOF'
taxonomy: shop
version: 1.0.0
properties:
  item_id: {type: string, description: the item}
events:
  view_item: {description: a product page is shown, properties: {item_id: required}}
  add_item: {description: an item goes into the cart, properties: {item_id: required}}
  remove_item: {description: an item leaves the cart, properties: {item_id: optional}}
EOF
sed '/remove_item/d' "$TMPDIR/a.yaml" >"$TMPDIR/b.yaml"
out="$TMPDIR/js"
"$TAXONC" export jsonschema --out "$out" "$TMPDIR/a.yaml" || { echo "FAIL: first export"; exit 1; }
[ -f "$out/events/remove_item.schema.json" ] || { echo "FAIL: no schema for remove_item"; fail=1; }
echo "mine" >"$out/README.txt"
echo "mine" >"$out/events/notes.md"
"$TAXONC" export jsonschema --out "$out" "$TMPDIR/b.yaml" || { echo "FAIL: second export"; exit 1; }
[ -e "$out/events/remove_item.schema.json" ] && { echo "FAIL: the schema of the removed event is still there"; fail=1; }
for f in view_item add_item; do
  [ -f "$out/events/$f.schema.json" ] || { echo "FAIL: $f.schema.json missing"; fail=1; }
done
[ -f "$out/README.txt" ] && [ -f "$out/events/notes.md" ] || { echo "FAIL: the user's own files were removed"; fail=1; }
grep -q remove_item "$out/index.json" "$out/bundle.schema.json" && { echo "FAIL: index or bundle still names remove_item"; fail=1; }
find "$out" -name '*.tmp.*' | grep -q . && { echo "FAIL: temporary files left behind"; fail=1; }
# The same output as a fresh export.
"$TAXONC" export jsonschema --out "$TMPDIR/fresh" "$TMPDIR/b.yaml" || fail=1
rm "$out/README.txt" "$out/events/notes.md"
diff -r "$TMPDIR/fresh" "$out" || { echo "FAIL: differs from a fresh export"; fail=1; }
# A folder that cannot be written: exit 2, a message, nothing changed.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
  as_user() { "$@"; }
fi
cp -r "$out" "$TMPDIR/ro"
chmod -R a+rX "$TMPDIR" "$ROOT/build" 2>/dev/null
chmod a-w "$TMPDIR/ro/events"
before=$(cd "$TMPDIR/ro" && find . -type f -exec md5sum {} + | sort)
as_user "$TAXONC" export jsonschema --out "$TMPDIR/ro" "$TMPDIR/a.yaml" 2>"$TMPDIR/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: exit $rc writing into a read-only folder, expected 2"; cat "$TMPDIR/err"; fail=1; }
grep -q "cannot write" "$TMPDIR/err" || { echo "FAIL: no clear message"; cat "$TMPDIR/err"; fail=1; }
after=$(cd "$TMPDIR/ro" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || { echo "FAIL: a failed export changed the folder"; fail=1; }
chmod u+w "$TMPDIR/ro/events"
exit $fail

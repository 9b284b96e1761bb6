#!/usr/bin/env bash
# Includes accept regular files only (issue 14): a FIFO, a socket or a
# character device named by an include path or matched by a glob is an
# `include-not-regular` error at the include entry, never a wait (a FIFO
# without a writer used to hang `check` forever). So is a folder named by
# an include path, or a glob matching only folders; a glob's folders beside
# files are skipped. A symlink to a regular file is fine. The root
# taxonomy named on the command line may be a pipe (`-`, `<(...)`, a FIFO
# with a writer): the user chose it. Each run is under `timeout`
# (robust.bash), so a hang fails the test instead of hanging it.
source "$(dirname "$0")/robust.bash"
W=$WORK
hdr='taxonomy: special
version: 1.0.0
'
mkdir -p "$W/dev" "$W/glob/sub.yaml" "$W/folders/only.yaml"
printf '%sevents:\n  view_page: {description: a page}\n' "$hdr" >"$W/main.yaml"
printf 'events:\n  view_cart: {description: the cart}\n' >"$W/glob/cart.yaml"
mkfifo "$W/dev/fifo.yaml"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$W/dev/sock.yaml"
have_chr=0
if [ "$(id -u)" = 0 ] && mknod "$W/dev/null.yaml" c 1 3 2>/dev/null; then have_chr=1; fi
[ "$have_chr" = 1 ] || echo "SKIP: character device case (mknod needs root)"
printf 'events:\n  view_home: {description: home}\n' >"$W/real.yaml"
ln -s "$W/real.yaml" "$W/link.yaml"

# case: file, include entry (text), expected message regex
run_case() {
  local name=$1 entry=$2 re=$3
  printf '%sinclude: [%s]\nevents:\n  view_page: {description: a page}\n' "$hdr" "$entry" >"$W/$name.yaml"
  bounded "$name" 10 64 -- "$TAXONC" check "$W/$name.yaml" || return
  expect_rc "$name" 1
  expect_err "$name" "$re"
}
col=11   # `include: [` is 10 characters: the entry starts at column 11
run_case fifo_path dev/fifo.yaml \
  "fifo_path.yaml:3:$col: error: included path 'dev/fifo.yaml' is a FIFO, not a regular file \[include-not-regular\]"
run_case fifo_glob "'dev/f*'" \
  "fifo_glob.yaml:3:$col: error: include pattern 'dev/f\*' matches '.*dev/fifo.yaml', a FIFO, not a regular file \[include-not-regular\]"
run_case socket_path dev/sock.yaml \
  "socket_path.yaml:3:$col: error: included path 'dev/sock.yaml' is a socket, not a regular file \[include-not-regular\]"
run_case socket_glob "'dev/s*.yaml'" \
  "socket_glob.yaml:3:$col: error: include pattern 'dev/s\*.yaml' matches '.*dev/sock.yaml', a socket, not a regular file \[include-not-regular\]"
if [ "$have_chr" = 1 ]; then
  run_case chr_path dev/null.yaml \
    "chr_path.yaml:3:$col: error: included path 'dev/null.yaml' is a character device, not a regular file \[include-not-regular\]"
  run_case chr_glob "'dev/n*'" \
    "chr_glob.yaml:3:$col: error: include pattern 'dev/n\*' matches '.*dev/null.yaml', a character device, not a regular file \[include-not-regular\]"
fi
# every special file at once: one error each, all reported, still no wait
n_special=$((2 + have_chr))
run_case all_glob "'dev/*'" "include-not-regular"
got=$(grep -c 'error: .*\[include-not-regular\]' "$ERR")
[ "$got" = "$n_special" ] || fail "all_glob: $got include-not-regular errors, expected $n_special"
# a glob matching only folders is include-not-regular too; a folder beside
# files is skipped, the files are loaded
run_case folder_glob "'folders/*.yaml'" \
  "folder_glob.yaml:3:$col: error: include pattern 'folders/\*.yaml' matches only folders, no files \[include-not-regular\]"
printf '%sinclude: [glob/*.yaml]\nevents:\n  view_page: {description: a page}\n' "$hdr" >"$W/folder_beside.yaml"
bounded folder_beside 10 64 -- "$TAXONC" check "$W/folder_beside.yaml" && expect_rc folder_beside 0
# a symlink to a regular file is a regular file
printf '%sinclude: [link.yaml]\nevents:\n  view_page: {description: a page}\n' "$hdr" >"$W/symlink.yaml"
bounded symlink 10 64 -- "$TAXONC" check "$W/symlink.yaml" && expect_rc symlink 0

# The root may be a pipe the user named: stdin, and a FIFO with a writer.
bounded root_stdin 10 64 --stdin "$W/main.yaml" -- "$TAXONC" check - && expect_rc root_stdin 0
mkfifo "$W/root.fifo"
( cat "$W/main.yaml" >"$W/root.fifo" ) &
writer=$!
bounded root_fifo 10 64 -- "$TAXONC" check "$W/root.fifo" && expect_rc root_fifo 0
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
# a root socket cannot be opened: an I/O error (exit 2), no wait
bounded root_socket 10 64 -- "$TAXONC" check "$W/dev/sock.yaml" && expect_rc root_socket 2
finish

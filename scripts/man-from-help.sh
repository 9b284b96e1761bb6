#!/bin/sh
# Usage: man-from-help.sh TAXONC COMMAND > taxonc-COMMAND.1
# A command's man page in man(7) roff, made from the same text as
# `taxonc COMMAND --help` (its summary line from `taxonc --help`), so the
# two never drift. `make install` writes one per command next to taxonc(1).
set -eu
tx=$1 cmd=$2
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
summary=$("$tx" --help | sed -n "s/^  $cmd  *//p" | roff)
[ -n "$summary" ] || { echo "man-from-help.sh: no command '$cmd' in '$tx --help'" >&2; exit 2; }
version=$("$tx" --version | sed 's/^taxonc //')
help=$("$tx" "$cmd" --help | roff)
up=$(printf '%s' "$cmd" | tr a-z A-Z)
printf '.\\" generated from `taxonc %s --help` by scripts/man-from-help.sh\n' "$cmd"
printf '.TH TAXONC\\-%s 1 "" "taxonc %s" "User Commands"\n' "$up" "$version"
printf '.SH NAME\ntaxonc\\-%s \\- %s\n' "$cmd" "$summary"
printf '.SH DESCRIPTION\n.nf\n%s\n.fi\n' "$help"
printf '.SH SEE ALSO\n.BR taxonc (1)\n'

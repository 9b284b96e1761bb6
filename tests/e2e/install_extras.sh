#!/usr/bin/env bash
# What `make install` gives a user besides the binary and the library:
# taxonc(1) (renders with `man -l`, names every command `taxonc --help`
# lists), taxonc-COMMAND(1) for each (made from its --help text), bash, zsh
# and fish completion (each completes commands, options and rule ids from
# the installed binary, and is byte for byte what `taxonc completion SHELL`
# prints; zsh and fish are tested when installed), the docs every --help
# points at under share/doc/taxonc, and `-V` as `--version`.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
B=${BUILD:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
P=$TMPDIR/prefix
fail=0
make -s -C "$ROOT" BUILD="$B" install PREFIX="$P" >"$TMPDIR/make.log" 2>&1 ||
  { echo "FAIL: make install"; tail -5 "$TMPDIR/make.log"; exit 1; }
for f in share/man/man1/taxonc.1 share/bash-completion/completions/taxonc \
         share/zsh/site-functions/_taxonc share/fish/vendor_completions.d/taxonc.fish \
         share/doc/taxonc/README.md share/doc/taxonc/rules.md \
         share/doc/taxonc/ci.md; do
  [ -s "$P/$f" ] || { echo "FAIL: not installed: $f"; fail=1; }
done
tx=$P/bin/taxonc

# -V is --version
[ "$("$tx" -V)" = "$("$tx" --version)" ] && "$tx" -V | grep -q '^taxonc [0-9]' ||
  { echo "FAIL: -V: '$("$tx" -V 2>&1)'"; fail=1; }

# the man page renders without warnings and names every command
cmds=$("$tx" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ "$(echo "$cmds" | wc -l)" -ge 10 ] || { echo "FAIL: commands from --help: $cmds"; fail=1; }
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$P/share/man/man1/taxonc.1" >"$TMPDIR/man.txt" 2>"$TMPDIR/man.err" ||
    { echo "FAIL: man -l"; cat "$TMPDIR/man.err"; fail=1; }
elif command -v groff >/dev/null; then
  groff -man -Tutf8 "$P/share/man/man1/taxonc.1" >"$TMPDIR/man.txt" 2>"$TMPDIR/man.err"
else
  echo "FAIL: neither man nor groff to render the man page (apt-get install man-db)"; exit 1
fi
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$P/share/man/man1/taxonc.1" 2>"$TMPDIR/groff.err"
  [ -s "$TMPDIR/groff.err" ] && { echo "FAIL: groff warnings:"; cat "$TMPDIR/groff.err"; fail=1; }
fi
grep -q '^NAME' "$TMPDIR/man.txt" && grep -q 'EXIT STATUS' "$TMPDIR/man.txt" ||
  { echo "FAIL: man page sections"; head -20 "$TMPDIR/man.txt"; fail=1; }
for c in $cmds; do
  grep -Eq "^       $c( |$)" "$TMPDIR/man.txt" || { echo "FAIL: taxonc(1) does not describe '$c'"; fail=1; }
done

# one page per command, from the same text as its --help
for c in $cmds; do
  m=$P/share/man/man1/taxonc-$c.1
  [ -s "$m" ] || { echo "FAIL: no taxonc-$c(1)"; fail=1; continue; }
  if command -v groff >/dev/null; then   # man -l is tested above; groff is faster
    groff -man -Tutf8 -rLL=200n "$m" 2>/dev/null | sed 's/.\x08//g' >"$TMPDIR/m.txt"
  else
    MANWIDTH=200 man -l "$m" 2>/dev/null >"$TMPDIR/m.txt"
  fi
  grep -q "^NAME" "$TMPDIR/m.txt" && grep -qF -- "$("$tx" "$c" --help | head -1)" "$TMPDIR/m.txt" ||
    { echo "FAIL: taxonc-$c(1) does not show its --help"; head -12 "$TMPDIR/m.txt"; fail=1; }
  if command -v groff >/dev/null; then
    groff -man -Tutf8 -ww -z "$m" 2>"$TMPDIR/groff.err"
    [ -s "$TMPDIR/groff.err" ] && { echo "FAIL: taxonc-$c(1): groff warnings"; cat "$TMPDIR/groff.err"; fail=1; }
  fi
done

# bash completion, as bash-completion would load it
comp() { # words... (the last is the one being completed)
  PATH="$P/bin:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _taxonc; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$P/share/bash-completion/completions/taxonc" "$@"
}
[ "$(comp taxonc vali)" = validate ] || { echo "FAIL: bash: 'taxonc vali' -> '$(comp taxonc vali)'"; fail=1; }
[ "$(comp taxonc "" | grep -c .)" -ge "$(echo "$cmds" | wc -l)" ] || { echo "FAIL: bash: not every command"; fail=1; }
comp taxonc lint --fo | grep -qx -- --format || { echo "FAIL: bash: lint options"; fail=1; }
comp taxonc validate --prog | grep -qx -- --progress || { echo "FAIL: bash: validate options"; fail=1; }
[ "$(comp taxonc explain unused-ty)" = unused-type ] || { echo "FAIL: bash: rule ids"; fail=1; }
(cd "$ROOT" && comp taxonc check examples/trav) | grep -qx examples/travel || { echo "FAIL: bash: file names"; fail=1; }
comp taxonc completion "" | sort | tr '\n' ' ' | grep -qx 'bash fish zsh ' || { echo "FAIL: bash: completion's shells"; fail=1; }

# `taxonc completion SHELL` prints the installed script (one copy), and a
# shell that loads it that way gets the same completion
for s in bash:share/bash-completion/completions/taxonc zsh:share/zsh/site-functions/_taxonc \
         fish:share/fish/vendor_completions.d/taxonc.fish; do
  "$tx" completion "${s%%:*}" | cmp -s - "$P/${s#*:}" ||
    { echo "FAIL: 'taxonc completion ${s%%:*}' is not the installed ${s#*:}"; fail=1; }
done
[ "$(PATH="$P/bin:$PATH" bash -c 'source <(taxonc completion bash) && complete -p taxonc')" = "complete -F _taxonc taxonc" ] ||
  { echo "FAIL: bash: source <(taxonc completion bash) does not register the completion"; fail=1; }
"$tx" completion bsh 2>"$TMPDIR/c.err"; rc=$?
[ $rc = 2 ] && grep -qF "unknown shell 'bsh'; did you mean 'bash'?" "$TMPDIR/c.err" ||
  { echo "FAIL: completion bsh: exit $rc, $(cat "$TMPDIR/c.err")"; fail=1; }

if command -v zsh >/dev/null; then
  zsh -n "$P/share/zsh/site-functions/_taxonc" || { echo "FAIL: zsh: syntax"; fail=1; }
  # compinit finds it on fpath, installed or written by `taxonc completion zsh`
  mkdir -p "$TMPDIR/zfunc" && "$tx" completion zsh >"$TMPDIR/zfunc/_taxonc"
  for d in "$P/share/zsh/site-functions" "$TMPDIR/zfunc"; do
    r=$(HOME=$TMPDIR zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2"; print -r -- $_comps[taxonc]' \
        _ "$d" "$TMPDIR/zcompdump.$RANDOM")
    [ "$r" = _taxonc ] || { echo "FAIL: zsh: compinit with $d on fpath: taxonc -> '$r'"; fail=1; }
  done
else
  echo "zsh not installed: zsh completion not tested (scripts/deps.sh test installs it)"
fi

if command -v fish >/dev/null; then
  fish -n "$P/share/fish/vendor_completions.d/taxonc.fish" || { echo "FAIL: fish: syntax"; fail=1; }
  # as fish finds it installed (XDG_DATA_DIRS/fish/vendor_completions.d), and sourced
  fc() { (cd "$ROOT" && HOME=$TMPDIR PATH="$P/bin:$PATH" XDG_DATA_DIRS="$P/share" fish -c "$1 complete -C '$2'" | cut -f1); }
  for how in "" "taxonc completion fish | source;"; do
    [ "$(fc "$how" 'taxonc vali')" = validate ] || { echo "FAIL: fish ($how): 'taxonc vali' -> '$(fc "$how" 'taxonc vali')'"; fail=1; }
    [ "$(fc "$how" 'taxonc ' | grep -c .)" -ge "$(echo "$cmds" | wc -l)" ] || { echo "FAIL: fish ($how): not every command"; fail=1; }
    fc "$how" 'taxonc lint --fo' | grep -qx -- --format || { echo "FAIL: fish ($how): lint options"; fail=1; }
    [ "$(fc "$how" 'taxonc explain unused-ty')" = unused-type ] || { echo "FAIL: fish ($how): rule ids"; fail=1; }
    [ "$(fc "$how" 'taxonc completion ' | sort | tr '\n' ' ')" = 'bash fish zsh ' ] || { echo "FAIL: fish ($how): completion's shells"; fail=1; }
    fc "$how" 'taxonc check examples/trav' | grep -qx examples/travel/ || { echo "FAIL: fish ($how): file names"; fail=1; }
  done
else
  echo "fish not installed: fish completion not tested (scripts/deps.sh test installs it)"
fi
echo "install_extras: $fail failed"
exit $fail

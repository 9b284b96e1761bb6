# Bash completion for taxonc. `make install` puts it in
# PREFIX/share/bash-completion/completions/taxonc, where bash-completion
# loads it on first use; or, in ~/.bashrc: source <(taxonc completion bash).
# Commands come from `taxonc --help` and each command's options from
# `taxonc COMMAND --help`, asked when completing, so the lists never drift
# from the binary; everything else completes as a file name.
_taxonc()
{
    local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]-}
    local tx=${COMP_WORDS[0]}
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        local cmds
        cmds=$("$tx" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
        COMPREPLY=($(compgen -W "$cmds help --help --version -V" -- "$cur"))
        return
    fi
    case $cmd in
    help)
        [ "$COMP_CWORD" -eq 2 ] &&
            COMPREPLY=($(compgen -W "$("$tx" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')" -- "$cur"))
        return ;;
    completion)
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
        return ;;
    explain)
        if [ "$COMP_CWORD" -eq 2 ] && [[ $cur != -* ]]; then
            COMPREPLY=($(compgen -W "$("$tx" rules 2>/dev/null | awk '{print $1}')" -- "$cur"))
            return
        fi ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$("$tx" "$cmd" --help 2>&1 | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
}
complete -F _taxonc taxonc

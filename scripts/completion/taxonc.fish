# Fish completion for taxonc. `make install` puts it in
# PREFIX/share/fish/vendor_completions.d/taxonc.fish, where fish finds it;
# `taxonc completion fish` prints it. Like the bash and zsh ones, it asks the
# binary: commands from `taxonc --help`, a command's options from
# `taxonc COMMAND --help`, rule ids from `taxonc rules`; everything else
# completes as a file name.
function __taxonc_commands
    set -l tx (commandline -opc)[1]
    $tx --help 2>/dev/null | string replace -rf '^  ([a-z]+)  +(.*)$' '$1\t$2'
end
function __taxonc_options
    set -l w (commandline -opc)
    $w[1] $w[2] --help 2>&1 | string match -ar -- '--[a-z][a-z0-9-]*' | sort -u
end
function __taxonc_rules
    set -l tx (commandline -opc)[1]
    $tx rules 2>/dev/null | string replace -rf '^(\S+).*' '$1'
end
function __taxonc_option_wanted
    not __fish_use_subcommand; and string match -q -- '-*' (commandline -ct)
end
complete -c taxonc -f -n __fish_use_subcommand -a '(__taxonc_commands)'
complete -c taxonc -f -n __fish_use_subcommand -a 'help --help --version -V'
complete -c taxonc -f -n __taxonc_option_wanted -a '(__taxonc_options)'
complete -c taxonc -f -n '__fish_seen_subcommand_from help; and test (count (commandline -opc)) -eq 2' -a '(__taxonc_commands)'
complete -c taxonc -f -n '__fish_seen_subcommand_from explain; and test (count (commandline -opc)) -eq 2' -a '(__taxonc_rules)'
complete -c taxonc -f -n '__fish_seen_subcommand_from completion; and test (count (commandline -opc)) -eq 2' -a 'bash zsh fish'

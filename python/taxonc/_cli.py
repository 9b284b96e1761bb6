"""The `taxonc` console script: replaces itself with the binary shipped in
the package (as ruff and cmake ship theirs), so `taxonc ...` in a virtual
environment or a pre-commit hook with `language: python` is the command."""
import os
import sys


def main():
    exe = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "taxonc")
    try:
        os.execv(exe, ["taxonc"] + sys.argv[1:])
    except OSError as e:
        sys.stderr.write("taxonc: error: cannot run '%s': %s\n" % (exe, e.strerror))
        return 2


if __name__ == "__main__":
    sys.exit(main())

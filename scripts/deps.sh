#!/usr/bin/env bash
# Installs the Debian packages taxonc needs, only those missing.
#   deps.sh build   compiler, libyaml, PCRE2, zlib, libarchive, libmicrohttpd
#   deps.sh test    build + cmocka, clang (C/C++ and libFuzzer), kotlin,
#                   chromium and a Korean font, fonts-nanum (the HTML report
#                   and serve's live page), valgrind, python3-jsonschema
#                   (with python3-rfc3987, so it checks the uri-reference format),
#                   libxml2-utils (xmllint: the JUnit XSD test), python3-venv and
#                   python3-pip (the SDK, proof and Python package tests make venvs
#                   from PyPI), a Java 17 runtime (kotlinc, the Spark smoke test),
#                   zsh and fish (their completion scripts)
#   deps.sh bench   build + wrk (serve's load), node-ajv (with Node.js), the ajv baseline of
#                   bench/bench_validate.sh; not needed by the tests
# As root it runs apt-get; otherwise it names the packages and fails.
set -euo pipefail
want=(gcc make pkg-config libyaml-dev libpcre2-dev zlib1g-dev libarchive-dev libmicrohttpd-dev)
if [ "${1:-build}" = test ]; then
  want+=(libcmocka-dev clang libclang-rt-14-dev g++ kotlin chromium fonts-nanum valgrind python3-jsonschema python3-rfc3987 python3-yaml libxml2-utils python3-venv python3-pip openjdk-17-jre-headless zsh fish)
fi
if [ "${1:-build}" = bench ]; then
  want+=(wrk node-ajv)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "taxonc: installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "taxonc: not root; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# CI entry for the sanitizer build: the whole suite (unit + e2e) built with
# AddressSanitizer and UndefinedBehaviorSanitizer (LeakSanitizer included),
# every report fatal. Build dir: build/san-address-undefined.
# Usage: scripts/ci-sanitize.sh [extra make args]
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
scripts/deps.sh test
make -j2 SANITIZE=address,undefined "$@"
make SANITIZE=address,undefined check-tests "$@"

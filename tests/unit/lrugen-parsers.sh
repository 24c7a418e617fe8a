#!/usr/bin/env bash
# tools/lrugen's C unit tests (parsers on the VM fixtures, the model and its
# rate math, the event decoder on tracepoints/formats), built and run twice:
# plainly and under ASan+UBSan. No root, no kernel.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
cd "$LRUGEN_TOP/tools/lrugen" || fail "no tools/lrugen"

for san in 0 1; do
	out=$(make -s SANITIZE=$san test 2>&1)
	rc=$?
	name=$([ $san = 1 ] && echo "ASan+UBSan" || echo "plain")
	grep -E '^(not ok|Bail out|# [0-9]+ of)' <<<"$out"
	[ $rc -eq 0 ] || fail "$name build: make test exited $rc"
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' <<<"$out" && fail "$name: sanitizer report above"
	n=$(grep -c '^ok ' <<<"$out")
	[ "$n" -ge 100 ] || fail "$name: only $n checks ran"
	info "$name: $n checks passed"
done
pass

#!/usr/bin/env bash
# tools/lib/size.c, the size parser lrugen and the load generators share:
# its C test (every suffix, the largest value under each and one more,
# junk), built and run plainly and under ASan+UBSan. No root, no kernel.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for san in 0 1; do
	name=$([ $san = 1 ] && echo "ASan+UBSan" || echo "plain")
	out=$(make -s -C "$LRUGEN_TOP/tools/lib" SANITIZE=$san OUT="$tmp/$san" test 2>&1)
	rc=$?
	grep -E '^(not ok|Bail out|# [0-9]+ of)' <<<"$out"
	[ $rc -eq 0 ] || fail "$name: make -C tools/lib test exited $rc: $out"
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' <<<"$out" &&
		fail "$name: sanitizer report: $out"
	n=$(grep -c '^ok ' <<<"$out")
	[ "$n" -ge 50 ] || fail "$name: only $n checks ran"
	info "$name: $n checks passed"
done
pass

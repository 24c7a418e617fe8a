#!/usr/bin/env bash
# tests/lib/run-tap prints one TAP line per test: ok for exit 0, ok # SKIP
# with the reason for exit 4, not ok with the status otherwise, and not ok
# "timed out" past LRUGEN_TEST_TIMEOUT, unless the test's own "# timeout:"
# line gives it longer; a lower one does not shorten the limit.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mk() {
	local name=$1
	shift
	printf '#!/bin/sh\n%s\n' "$@" >"$d/$name.sh"
	chmod +x "$d/$name.sh"
}
mk pass 'echo fine' 'exit 0'
mk skip 'echo "SKIP: no frobnicator"' 'exit 4'
mk fail 'echo "FAIL: broken"' 'exit 1'
mk slow 'sleep 20'
mk own '# timeout: 8' 'sleep 4'
mk lower '# timeout: 1' 'sleep 2'
start=$SECONDS
out=$(LRUGEN_TEST_TIMEOUT=3 "$LRUGEN_TOP/tests/lib/run-tap" u \
	"$d/pass.sh" "$d/skip.sh" "$d/fail.sh" "$d/slow.sh" "$d/own.sh" "$d/lower.sh")
info "$out"
expect_eq "plan" "$(sed -n 3p <<<"$out")" "1..6"
expect_eq "tap lines" "$(grep -E '^(not )?ok ' <<<"$out" | sed 's/ # [0-9]*s$//')" "ok 1 u/pass
ok 2 u/skip # SKIP SKIP: no frobnicator
not ok 3 u/fail # exit status 1
not ok 4 u/slow # timed out after 3s
ok 5 u/own
ok 6 u/lower"
expect_match "output as comments" "$out" "^# FAIL: broken$"
[ $((SECONDS - start)) -lt 20 ] || fail "the slow test was not stopped after 3 s"
pass

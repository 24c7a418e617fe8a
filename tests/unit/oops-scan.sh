#!/usr/bin/env bash
# vm/oops-scan fails a run on an oops, BUG, WARNING, panic or
# lockdep splat, and lets a clean log or a mere OOM kill pass.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
scan=$LRUGEN_TOP/vm/oops-scan
fx=$LRUGEN_TOP/tests/unit/fixtures

for log in clean oom; do
	out=$("$scan" "$fx/$log.log") || fail "$log.log was reported: $out"
done
for log in warning oops lockdep panic-crlf; do
	out=$("$scan" "$fx/$log.log")
	rc=$?
	expect_eq "exit status for $log.log" "$rc" 1
	expect_match "report for $log.log" "$out" "line [0-9]+ of"
done
out=$("$scan" "$fx/warning.log")
expect_match "the WARNING line is quoted" "$out" "WARNING: CPU: 0 PID: 35 at mm/vmscan.c:4410"
"$scan" /nonexistent >/dev/null 2>&1
expect_eq "exit status for a missing log" "$?" 2
pass

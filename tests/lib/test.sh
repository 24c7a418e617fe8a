# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for tests written in shell. A test is one program: it passes by
# exiting 0 (call pass), fails with a reason (fail), or skips when something
# it needs is missing (skip; never counted as a pass). tests/lib/run-tap turns
# the exit status into a TAP line. These are the assertions only; a guest
# test gets the helpers that set things up and read the kernel's counters
# from vm/guest/lib.sh (through tests/lib/reclaim.sh, or directly).

LRUGEN_TOP=${LRUGEN_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KSFT_SKIP=4

pass() { [ $# -gt 0 ] && echo "$*"; exit 0; }
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit $KSFT_SKIP; }
info() { echo "$*"; }

# scratch_dir: make a temporary directory, $dir, and an empty array, pids,
# of the background processes the test starts; at exit each of them is
# killed and waited for, and $dir is removed
scratch_dir() {
	dir=$(mktemp -d)
	pids=()
	trap scratch_cleanup EXIT
}
scratch_cleanup() {
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$dir"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_match WHAT TEXT REGEX
expect_match() {
	grep -qE -- "$3" <<<"$2" || fail "$1: '$3' not found in: $2"
}

# c_tests DIR MIN [OUTDIR]: a C test suite, 'make -C DIR test', built and
# run twice, plainly and with SANITIZE=1 (ASan+UBSan), into OUTDIR/0 and
# OUTDIR/1 when given; fails on a failed check, a sanitizer report, or
# fewer than MIN checks run.
c_tests() {
	local dir=$1 min=$2 outdir=${3:-} san name out rc n
	local -a where

	for san in 0 1; do
		name=$([ "$san" = 1 ] && echo "ASan+UBSan" || echo "plain")
		where=()
		[ -z "$outdir" ] || where=(OUT="$outdir/$san")
		out=$(make -s -C "$dir" SANITIZE=$san "${where[@]}" test 2>&1)
		rc=$?
		grep -E '^(not ok|#   |Bail out|# [0-9]+ of)' <<<"$out"
		[ $rc -eq 0 ] || fail "$name: make -C ${dir#"$LRUGEN_TOP"/} test exited $rc: $out"
		grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' <<<"$out" &&
			fail "$name: sanitizer report: $out"
		n=$(grep -c '^ok ' <<<"$out")
		[ "$n" -ge "$min" ] || fail "$name: only $n checks ran: $out"
		info "$name: $n checks passed"
	done
}

# require_root: guest tests run as root; anything else is a setup error.
require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# require_swap: the guest was booted with swap (vm/run --zram)
require_swap() {
	[ "$(awk '/SwapTotal:/ { print $2 }' /proc/meminfo)" -gt 0 ] ||
		fail "no swap: run the guest with vm/run --zram"
}

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

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_match WHAT TEXT REGEX
expect_match() {
	grep -qE -- "$3" <<<"$2" || fail "$1: '$3' not found in: $2"
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

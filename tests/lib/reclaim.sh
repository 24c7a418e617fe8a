# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the per-node proactive reclaim tests (guest only): the
# assertions and prerequisites they share, and wrappers that fail the test
# where vm/guest/lib.sh, sourced here, only returns non-zero. The guest
# helpers themselves (memcgs, workloads, caches, counters, MGLRU on and
# off, lruvecs, paths) are in vm/guest/lib.sh.

# shellcheck source=test.sh
. "$(dirname "${BASH_SOURCE[0]}")/test.sh"
# shellcheck source=../../vm/guest/lib.sh
. "$LRUGEN_TOP/vm/guest/lib.sh"
# shellcheck disable=SC2034 # for the tests
MB=$((1024 * 1024))

# reclaim NODE REQUEST: print the outcome ("ok", "EINVAL", "EAGAIN"...)
reclaim() {
	writefile "$NODES/node$1/reclaim" "$2" | cut -d' ' -f1
}

# fill_cache NODE FILE MIB [MEMCG]: a file whose clean page cache is on
# NODE (charged to MEMCG if given), or the test fails
fill_cache() {
	cache_fill "$@" || fail "could not write $3 MiB of page cache to $2 on node $1${4:+ in $4}"
}

# hog_start NODE SIZE [MEMCG]: memhog SIZE of anonymous memory on NODE,
# in MEMCG if given, held for 600 s; its pid goes in $hog. Returns once
# every page has been touched, or fails the test.
hog_start() {
	memhog_start "$1" "$2" "${3:-}" 600 || fail "memhog $2 on node $1 did not start (above)"
	# shellcheck disable=SC2034 # the test's
	hog=$MEMHOG_PID
}

# switch_lru_gen y|n: MGLRU on or off, or the test fails; call
# lru_gen_restore at exit
switch_lru_gen() {
	lru_gen_set "$1" || fail "cannot set lru_gen/enabled to $1"
}

# expect_near WHAT GOT WANT TOLERANCE
expect_near() {
	local d=$(($2 - $3))
	[ "${d#-}" -le "$4" ] || fail "$1: got $2, want $3 +/- $4"
}

# expect_at_least WHAT GOT MIN
expect_at_least() {
	[ "$2" -ge "$3" ] || fail "$1: got $2, want at least $3"
}

require_node_reclaim() {
	require_root
	[ -e "$NODES/node0/reclaim" ] || fail "$NODES/node0/reclaim is missing: not the lrugen kernel?"
}

# need_memcg PATH: make a fresh memcg, or fail
need_memcg() {
	memcg_make "$1" || fail "cannot create memcg $1 (above)"
}

#!/usr/bin/env bash
# suites: guest
# reclaim-fuzz's short run (seed 1, 3000 writes): random bytes and requests
# from the grammar, broken and not, to both nodes' reclaim files; first one
# writer alone, then four at once with memcgs made and removed under them
# and signals. Only ok, EINVAL, EAGAIN, EBUSY and EINTR may come back, an
# EINVAL must leave the proactive counters alone, and vm/run fails the
# run if the kernel log reports anything. `make fuzz-reclaim` runs the
# long version on the debug kernel.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_node_reclaim
out=$(reclaim-fuzz -n 3000 -s 1 -w 4)
rc=$?
info "$out"
[ "$rc" -eq 0 ] || fail "reclaim-fuzz exited with $rc (violations above)"
# it must have reached both sides of the parser and the memcg churn
p1=$(sed -n '/^phase 1/,/^phase 2/p' <<<"$out")
# (the valid grammar's sizes include 0, which always succeeds, and the
# sequence of phase 1 is fixed by the seed: this does not depend on how much
# the guest had to reclaim)
[ "$(awk '$1 == "valid" { print $5 }' <<<"$p1")" -gt 0 ] ||
	fail "phase 1 made no request that succeeded"
[ "$(awk '$1 == "structured" { print $7 }' <<<"$p1")" -gt 0 ] ||
	fail "phase 1 made no request that failed with EINVAL"
# phase 1 has no memcg churn: a request from the valid grammar must parse
[ "$(awk '$1 == "valid" { print $7 }' <<<"$p1")" -eq 0 ] ||
	fail "phase 1: a request from the valid grammar failed with EINVAL"
removed=$(sed -n 's/.* made, \([0-9]*\) removed.*/\1/p' <<<"$out")
[ "${removed:-0}" -gt 0 ] || fail "no memcg was removed during the run"
pass

#!/usr/bin/env bash
# suites: guest
# timeout: 600
# A request with memcg= stops once the memcg is being removed: rmdir'ed
# while "400M swappiness=max memcg=ID" swaps out its 400M of shmem, the
# request ends with EAGAIN having reclaimed less than 400M, instead of
# going on to swap out what nobody will use.
#
# Certain, not timed: the rmdir comes once the request's begin event is in
# the buffer, and a marker goes in after rmdir returns. Only a request whose
# end event comes after that marker was running after the memcg began to
# die; a request that finished first proves nothing, and the test tries
# again (3 times at most), with fresh shmem.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_node_reclaim
require_lru_gen_events
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
cg=$CGROUP_ROOT/lrugen-dying
shm=/tmp/lrugen-dying.shm  # tmpfs in the guest
rnd=$LRUGEN_SCRATCH/lrugen-dying-1m
out=$(mktemp /tmp/dying.XXXXXX)
writer=
test_cleanup() {
	[ -n "$writer" ] && { kill "$writer"; wait "$writer"; } 2>/dev/null
	rm -f "$shm" "$rnd" "$out"
	memcg_remove "$cg"
}
# 1M of random data, repeated: zram cannot store its pages as same-filled
head -c 1M /dev/urandom >"$rnd" || fail "cannot write $rnd"

for try in 1 2 3; do
	rm -f $shm
	need_memcg "$cg"
	# 400M of shmem on node 0, charged to $cg; the writer leaves, so
	# the cgroup can be removed while its shmem stays
	# shellcheck disable=SC2016 # the inner bash's
	memcg_run "$cg" 0 bash -c 'for i in $(seq 400); do cat "$0"; done >"$1"' "$rnd" "$shm" ||
		fail "could not write shmem in $cg on node 0"
	id=$(memcg_id "$cg") || fail "no id for memcg $cg (above)"
	cur=$(($(cat "$cg/memory.current") / MB))
	expect_at_least "MiB charged to $cg" $cur 390

	trace_start mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end
	writefile "$NODES/node0/reclaim" "400M swappiness=max memcg=$id" >"$out" &
	writer=$!
	trace_wait "mm_vmscan_proactive_reclaim_begin: nid=0 memcg_id=$id "
	rmdir "$cg" || fail "cannot remove $cg while its request runs"
	trace_mark "rmdir done"
	wait $writer
	writer=
	r=$(cut -d' ' -f1 "$out")
	events=$(trace_order)
	end=$(grep "^mm_vmscan_proactive_reclaim_end nid=0 memcg_id=$id " <<<"$events")
	[ -n "$end" ] || fail "no end event for the request: $events"
	got=$(field "$end" nr_reclaimed)
	info "try $try: '400M swappiness=max memcg=$id' ($r), $got of 102400 pages reclaimed, $cur MiB in the memcg"
	if grep -q "^MARK rmdir done" <<<"$(sed -n "/^mm_vmscan_proactive_reclaim_end nid=0 memcg_id=$id /,\$p" <<<"$events")"; then
		info "try $try: the request ended before rmdir returned; again"
		continue
	fi
	expect_eq "request after its memcg was removed" "$r" EAGAIN
	expect_eq "ret of the end event" "$(field "$end" ret)" -11
	[ "$got" -lt 102400 ] || fail "the request reclaimed all $got pages though its memcg was removed"
	pass "the request stopped with EAGAIN after $got of 102400 pages once its memcg was being removed"
done
fail "the request ended before rmdir returned in each of 3 tries: make it bigger"

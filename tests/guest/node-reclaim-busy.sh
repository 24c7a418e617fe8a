#!/usr/bin/env bash
# suites: guest
# timeout: 600
# One request per node at a time: while a request runs on node 0, a second
# writer to node 0 gets EBUSY (a malformed one still EINVAL) and reclaims
# nothing, whatever its memcg=; a request to node 1 runs alongside; the
# first request is not disturbed, and once it is done node 0 takes
# requests again.
#
# Certain, not timed: the second writers start once the first request's
# begin event is in the buffer, and a marker goes in after they return.
# Only when the first request's end event comes after that marker were
# they sure to meet it; otherwise the test tries again (3 times at most)
# with fresh anon.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_node_reclaim
require_lru_gen_events
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
cg=/lrugen-busy
n0=$NODES/node0/reclaim
n1=$NODES/node1/reclaim
out=$(mktemp /tmp/busy.XXXXXX)
hog=
writer=
test_cleanup() {
	[ -n "$writer" ] && { kill "$writer"; wait "$writer"; } 2>/dev/null
	[ -n "$hog" ] && { kill "$hog"; wait "$hog"; } 2>/dev/null
	rm -f "$out" "$LRUGEN_SCRATCH/busy1"
	memcg_remove $cg
}
need_memcg $cg
id=$(memcg_id $cg) || fail "no id for memcg $cg (above)"
fill_cache 1 "$LRUGEN_SCRATCH/busy1" 100

for try in 1 2 3; do
	hog_start 0 400M $cg
	trace_start mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end
	# the first request: 400M of anon to zram, seconds under TCG
	writefile "$n0" "380M swappiness=max memcg=$id" >"$out" &
	writer=$!
	trace_wait "mm_vmscan_proactive_reclaim_begin: nid=0 memcg_id=$id "
	same=$(writefile "$n0" "8M" | cut -d' ' -f1)
	samecg=$(writefile "$n0" "8M memcg=$id" | cut -d' ' -f1)
	bad=$(writefile "$n0" "8M swappiness=300" | cut -d' ' -f1)
	other=$(writefile "$n1" "8M flags=clean" | cut -d' ' -f1)
	trace_mark "second writers done"
	wait $writer
	writer=
	first=$(cut -d' ' -f1 "$out")
	kill "$hog"; wait "$hog" 2>/dev/null
	hog=
	events=$(trace_order)
	info "try $try: first '380M swappiness=max memcg=$id' on node0 ($first); meanwhile node0 '8M' ($same), '8M memcg=$id' ($samecg), '8M swappiness=300' ($bad), node1 '8M flags=clean' ($other)"
	after=$(sed -n "/^mm_vmscan_proactive_reclaim_end nid=0 memcg_id=$id /,\$p" <<<"$events")
	[ -n "$after" ] || fail "no end event for the first request: $events"
	if grep -q "^MARK second writers done" <<<"$after"; then
		info "try $try: the first request ended before the others returned; again"
		continue
	fi
	expect_eq "a second request to the busy node" "$same" EBUSY
	expect_eq "a second request to the busy node, same memcg" "$samecg" EBUSY
	expect_eq "a malformed request to the busy node" "$bad" EINVAL
	expect_eq "a request to the other node" "$other" ok
	case $first in ok|EAGAIN) ;; *) fail "the first request: $first" ;; esac
	expect_eq "node 0 requests that began" "$(grep -c '^mm_vmscan_proactive_reclaim_begin nid=0 ' <<<"$events")" 1
	expect_eq "node 1 requests that began" "$(grep -c '^mm_vmscan_proactive_reclaim_begin nid=1 ' <<<"$events")" 1
	# the node is free again, after success and after failure
	r=$(writefile "$n0" "1M" | cut -d' ' -f1)
	case $r in ok|EAGAIN) ;; *) fail "node 0 after the first request: $r" ;; esac
	r=$(writefile "$n0" "64G memcg=$id" | cut -d' ' -f1)
	expect_eq "64G from the emptied memcg" "$r" EAGAIN
	r=$(writefile "$n0" "1M" | cut -d' ' -f1)
	case $r in ok|EAGAIN) ;; *) fail "node 0 after an EAGAIN: $r" ;; esac
	pass "while node 0 was busy: EBUSY for the second writers, EINVAL for a bad request, node 1 ran alongside"
done
fail "the first request ended before the second writers returned in each of 3 tries: make it bigger"

#!/usr/bin/env bash
# suites: guest guest-asan
# lrugen counts the events its ring buffer loses, from what libtracefs
# reports while reading: with --buffer-kb 4, a proactive reclaim of 100M
# between two frames produces far more lru_gen_evict events than 4 KiB per
# CPU holds (counted in a separate, big instance), and frame 2 reports lost
# events; with the default 2 MiB per CPU, the same reclaim loses none.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
C=/lrugen-lost-$$
make_memcg $C
idc=$(memcg_id $C) || fail "no id for memcg $C (above)"
out=/tmp/lrugen-lost-$$
LG_FILES+=("$out" "$out.err")

# lost_in FRAME: the "N lost" of that frame's events line
lost_in() {
	awk -v n="$1" '/^lrugen .*  frame [0-9]+ / { f = $4 } f == n && /^events: / { print $(NF - 1) }' $out
}

# run KB: lrugen top -b -n 2 -d 8 with that buffer; between frame 1 and 2,
# reclaim 100M of clean page cache from $C on node 0. Sets produced.
run() {
	local pid i
	memcg_cache $C 0 128
	trace_start lru_gen_evict
	"$LRUGEN_BIN" top -b -n 2 -d 8 --buffer-kb "$1" >$out 2>$out.err &
	pid=$!
	LG_PIDS+=("$pid")
	wait_instance $pid || fail "lrugen made no instance: $(cat $out.err)"
	for ((i = 0; i < 100; i++)); do
		grep -q '  frame 1 ' $out && break
		sleep 0.1
	done
	grep -q '  frame 1 ' $out || fail "no frame 1 in 10 s: $(cat $out.err)"
	reclaim 0 "104857600 memcg=$idc flags=clean" >/dev/null
	wait $pid || fail "lrugen top -b --buffer-kb $1: exit status $?: $(cat $out.err)"
	grep -q '  frame 2 ' $out || fail "no frame 2: $(cat $out.err)"
	produced=$(trace_lines | grep -c ' lru_gen_evict ')
}

run 4
lost=$(lost_in 2)
info "--buffer-kb 4: frame 1 lost $(lost_in 1), frame 2 lost $lost; $produced lru_gen_evict events in between"
# precondition: far more events than a 4 KiB buffer per CPU can hold
[ "$produced" -ge 200 ] || fail "only $produced evict events from reclaiming 100M; the test needs 200 or more"
expect_eq "lost in frame 1" "$(lost_in 1)" 0
[ "$lost" -gt 0 ] || fail "--buffer-kb 4: $produced events in 8 s, and frame 2 reports none lost"

run 2048
info "default buffer: frame 2 lost $(lost_in 2); $produced lru_gen_evict events in between"
[ "$produced" -ge 200 ] || fail "only $produced evict events from reclaiming 100M; the test needs 200 or more"
expect_eq "lost with the default buffer" "$(lost_in 2)" 0
expect_no_instances "after both runs"
pass "lost events: $lost reported with 4 KiB per CPU, none with 2 MiB"

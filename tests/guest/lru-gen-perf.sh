#!/usr/bin/env bash
# suites: guest
# perf, which decodes events with its own copy of libtraceevent, records the
# series' events (lru_gen, and vmscan's proactive reclaim ones) and perf
# script shows every field of every event by name.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
command -v perf >/dev/null || fail "perf is not installed (scripts/setup installs linux-perf)"
require_swap

data=$LRUGEN_SCRATCH/lru_gen.perf
test_cleanup() { rm -f "$data"; }
perf record -q -a -e 'lru_gen:*' -e 'vmscan:mm_vmscan_proactive_reclaim_*' -o "$data" -- \
	bash -c ". $LRUGEN_TOP/tests/lib/lru_gen.sh && all_events_workload" >/tmp/lru-gen-perf.log 2>&1 ||
	fail "perf record failed: $(tail -n 5 /tmp/lru-gen-perf.log)"
script=$(perf script -i "$data" 2>&1) || fail "perf script failed: $(tail -n 5 <<<"$script")"
check_decoded "perf script" "$script"
pass

#!/usr/bin/env bash
# suites: guest
# Under memory pressure on zram, kswapd ages, creates, evicts and retires
# generations, and trace-cmd report decodes every field of every event of the
# series (recorded with a proactive request and a debugfs aging beside).
# Recording under pressure took from 94 s to 221 s in suite runs under TCG
# (the host's own CPU steal is part of it), so it gets 600 s:
# timeout: 600
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
command -v trace-cmd >/dev/null || fail "trace-cmd is not installed (scripts/setup)"
require_swap

dat=$LRUGEN_SCRATCH/lru_gen.dat
test_cleanup() { rm -f "$dat"; }
trace-cmd record -q -b 8192 -e lru_gen -e 'vmscan:mm_vmscan_proactive_reclaim_*' -o "$dat" -- \
	bash -c ". $LRUGEN_TOP/tests/lib/lru_gen.sh && all_events_workload" >/tmp/lru-gen-kswapd.log 2>&1 ||
	fail "trace-cmd record failed: $(tail -n 5 /tmp/lru-gen-kswapd.log)"
report=$(trace-cmd report -i "$dat" 2>&1) || fail "trace-cmd report failed: $(tail -n 5 <<<"$report")"
check_decoded "trace-cmd report" "$report"

kswapd=$(grep -E '^ *kswapd[0-9]+-[0-9]+ ' <<<"$report")
for ev in lru_gen_aging_begin lru_gen_aging_end lru_gen_birth lru_gen_evict lru_gen_retire; do
	n=$(grep -c " $ev: " <<<"$kswapd")
	[ "$n" -gt 0 ] || fail "no $ev events from kswapd"
	info "kswapd: $ev: $n"
done
bad=$(grep ' lru_gen_birth: ' <<<"$kswapd" | grep -v ' reason=kswapd$' | head -n 1)
[ -z "$bad" ] || fail "a birth by kswapd with another reason: $bad"
reclaimed=$(sum_field "$(grep ' lru_gen_evict: ' <<<"$kswapd")" nr_reclaimed)
expect_at_least "pages kswapd's evictions reclaimed" "$reclaimed" 1
pass "kswapd evictions reclaimed $reclaimed pages"

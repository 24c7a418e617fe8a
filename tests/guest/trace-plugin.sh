#!/usr/bin/env bash
# suites: guest
# timeout: 600
# trace-cmd report, with the plugin in tracepoints/plugin (make progs builds
# it) on TRACEEVENT_PLUGIN_DIR, prints every event of the series in the
# plugin's words, and with -O lru_gen:raw every field as a number;
# KernelShark's library (kshark-dump, in tests/progs) loads the same file
# and shows the same words in its Info column, event for event; the
# events come from memory pressure on zram, a nodeN/reclaim request and a
# debugfs aging (all_events_workload, as in lru-gen-kswapd.sh).
# Recording under pressure takes minutes under TCG (hence the timeout above).
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
command -v trace-cmd >/dev/null || fail "trace-cmd is not installed (scripts/setup)"
require_swap
plugins=$LRUGEN_TOP/build/tracepoints-plugin
[ -f "$plugins/plugin_lru_gen.so" ] ||
	fail "no $plugins/plugin_lru_gen.so: run make progs on the host"
[ -x "$LRUGEN_PROGS/kshark-dump" ] || fail "no $LRUGEN_PROGS/kshark-dump: run make progs on the host"

dat=$LRUGEN_SCRATCH/trace-plugin.dat
test_cleanup() { rm -f "$dat"; }
trace-cmd record -q -b 8192 -e lru_gen -e 'vmscan:mm_vmscan_proactive_reclaim_*' -o "$dat" -- \
	bash -c ". $LRUGEN_TOP/tests/lib/lru_gen.sh && all_events_workload" >/tmp/trace-plugin.log 2>&1 ||
	fail "trace-cmd record failed: $(tail -n 5 /tmp/trace-plugin.log)"

report=$(TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$dat" 2>&1) ||
	fail "trace-cmd report failed: $(tail -n 5 <<<"$report")"
bad=$(grep -m 3 'FAILED TO PARSE' <<<"$report")
[ -z "$bad" ] || fail "trace-cmd report could not parse: $bad"

# what the plugin prints for each event, as an extended regex
target='(node [0-9]+|all nodes) (memcg [0-9]+|no memcg): '
reason='(kswapd|direct|memcg|proactive|debugfs)'
swap='swappiness (default|max|[0-9]+)'
pages='[0-9]+ pages? \(([0-9]+ B|[0-9]+\.[0-9] [KMGTPE]iB)\)'
declare -A want=(
	[lru_gen_aging_begin]="aging from max_seq [0-9]+ for $reason, $swap(, forced)?"
	[lru_gen_aging_end]="aged max_seq [0-9]+, (created gen [0-9]+|no new gen); (walk: [0-9]+ PTEs, [0-9]+ young \([0-9]+\.[0-9]%\)|no page table walk \([0-9]+ young\))"
	[lru_gen_birth]="gen [0-9]+ born for $reason; anon gens [0-9]+-[0-9]+ \([0-9]+\), file gens [0-9]+-[0-9]+ \([0-9]+\)"
	[lru_gen_retire]="(anon|file) (gen [0-9]+ retired|gens [0-9]+-[0-9]+ retired, the oldest) at age [0-9.]+ (ms|s|min|h); min_seq now [0-9]+"
	[lru_gen_evict]="evict (anon|file) gen [0-9]+ (tier 0|tiers 0-[0-9]+), $swap: scanned $pages, reclaimed $pages"
	[mm_vmscan_proactive_reclaim_begin]="proactive reclaim of $pages, $swap, flags (none|clean)"
	[mm_vmscan_proactive_reclaim_end]="proactive reclaim got $pages of $pages, $swap, flags (none|clean), ret (0|-[0-9]+ \(E[A-Z]+\))"
)
for ev in $LRU_GEN_EVENTS; do
	lines=$(grep -E ": $ev: " <<<"$report")
	[ -n "$lines" ] || fail "trace-cmd report: no $ev events"
	bad=$(grep -vE ": $ev: +$target${want[$ev]}\$" <<<"$lines" | head -n 1)
	[ -z "$bad" ] || fail "$ev not in the plugin's words (is the plugin loaded? trace-cmd report -V shows the plugins): $bad"
	info "plugin: $ev: $(grep -c . <<<"$lines") events, e.g. $(sed -E 's/^.*: ([a-z_]+): +/\1: /' <<<"$lines" | head -n 1)"
done
# the request all_events_workload makes: 16M to node 0, no memcg=
expect_match "the nodeN/reclaim request" "$report" \
	": mm_vmscan_proactive_reclaim_begin: +node 0 no memcg: proactive reclaim of 4096 pages \(16\.0 MiB\), swappiness default, flags none$"

# KernelShark: every event loads, in the plugin's words, as many as
# trace-cmd report printed (same file, same plugin, another reader)
ks=$(TRACEEVENT_PLUGIN_DIR=$plugins "$LRUGEN_PROGS/kshark-dump" "$dat" 2>/tmp/kshark-dump.err) ||
	fail "KernelShark's library cannot load $dat: $(tail -n 3 /tmp/kshark-dump.err)"
for ev in $LRU_GEN_EVENTS; do
	lines=$(grep -E "^top [0-9]+ [0-9]+ [a-z_]+/$ev: " <<<"$ks")
	want_n=$(grep -cE ": $ev: " <<<"$report")
	got_n=$(grep -c . <<<"$lines")
	[ "$got_n" = "$want_n" ] ||
		fail "KernelShark loads $got_n $ev events, trace-cmd report printed $want_n"
	bad=$(grep -vE "^top [0-9]+ [0-9]+ [a-z_]+/$ev: $target${want[$ev]}\$" <<<"$lines" | head -n 1)
	[ -z "$bad" ] || fail "KernelShark's Info column for $ev is not in the plugin's words: $bad"
done
info "KernelShark's library loads every event and shows it in the plugin's words"

# -O lru_gen:raw: the format's fields, in its order, as numbers
raw=$(TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -O lru_gen:raw -i "$dat" 2>&1) ||
	fail "trace-cmd report -O lru_gen:raw failed: $(tail -n 5 <<<"$raw")"
for ev in $LRU_GEN_EVENTS; do
	re=$(contract_fields "$ev" | sed 's/$/=-?[0-9]+/' | paste -sd ' ')
	lines=$(grep -E ": $ev: " <<<"$raw")
	[ -n "$lines" ] || fail "trace-cmd report -O lru_gen:raw: no $ev events"
	bad=$(grep -vE ": $ev: +$re\$" <<<"$lines" | head -n 1)
	[ -z "$bad" ] || fail "-O lru_gen:raw: $ev without its raw fields ($re): $bad"
done
pass "trace-cmd report and KernelShark's library decode all 7 events through the plugin, and -O lru_gen:raw prints their raw fields"

#!/usr/bin/env bash
# suites: guest
# The booted kernel's formats of the series' events (lru_gen, and vmscan's
# mm_vmscan_proactive_reclaim_*) match the contract in tracepoints/formats/,
# field for field, and no event is missing from either.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
contract=$LRUGEN_TOP/tracepoints/formats
# (event and format file names are plain words)
# shellcheck disable=SC2010,SC2012
have=$( (ls "$TRACEFS/events/lru_gen" | grep -vx 'enable\|filter'
	ls "$TRACEFS/events/vmscan" | grep '^mm_vmscan_proactive_reclaim_') | sort)
# shellcheck disable=SC2012
want=$(ls "$contract" | sed -n 's/\.format$//p' | sort)
[ -n "$want" ] || fail "no formats in $contract"
extra=$(comm -23 <(echo "$have") <(echo "$want") | tr '\n' ' ')
missing=$(comm -13 <(echo "$have") <(echo "$want") | tr '\n' ' ')
[ -z "$extra" ] || fail "events without a contract in tracepoints/formats: $extra(run tracepoints/update)"
[ -z "$missing" ] || fail "events in the contract but not in the kernel: $missing"
for ev in $want; do
	d=$(diff -u "$contract/$ev.format" <(grep -v '^ID: ' "$TRACEFS/events/$(event_system "$ev")/$ev/format")) ||
		fail "$ev differs from tracepoints/formats/$ev.format (if on purpose, run tracepoints/update and commit):
$d"
done
pass "$(wc -w <<<"$want") formats match"

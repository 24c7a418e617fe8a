# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Comparing a replayed snapshot with the one lrugen saw live, for the tests
# that replay recordings (tests/unit/lrugen-replay.sh on the fixtures,
# tests/guest/replay.sh on a fresh recording). Both JSON documents are
# lrugen snapshot --json's: the live one from lrugen record --json-log, the
# replayed one from lrugen snapshot --json --replay FILE --at SEC. Needs
# jq, and fail from tests/lib/test.sh.

# What must be equal: settings, swap, PSI, the nodes' counters, and every
# lruvec with its generations' seqs, pages, evicted marks and tier
# counters. Rates are left out: a replay takes them over the interval it
# replays from, and after a seek that is not live's window.
REPLAY_EXACT='{lru_gen, swap, psi,
	nodes: [.nodes[] | {nid, mem_total_kb, mem_free_kb, anon_kb, file_kb, workingset_refault_anon,
		workingset_refault_file, pgscan_proactive_node, pgsteal_proactive_node}],
	lruvecs: [.lruvecs[] | {memcg_id, memcg, nid, max_seq, min_seq_anon, min_seq_file, partial,
		gens: [.gens[] | {seq, anon, file, anon_evicted, file_evicted, tiers}]}]}'
# Per generation "LRUVEC/SEQ AGE_MS", the lruvec by its place (removed
# memcgs may share an id and a path).
# shellcheck disable=SC2016 # jq's variables, not the shell's
REPLAY_AGES='.lruvecs | to_entries[] | .key as $i | .value.gens[] | "\($i)/\(.seq) \(.age_ms)"'
# An age may be this far off: the recording format's tolerance for an
# lruvec that was not sent again (recfmt.h, RECFMT_AGE_TOLERANCE_MS).
REPLAY_AGE_TOLERANCE_MS=50

# replay_compare WHAT LIVE REPLAY
# @WHAT: what is compared, for the messages
# @LIVE: the live snapshot's JSON file
# @REPLAY: the replayed snapshot's JSON file
#
# Fails, with the difference, when REPLAY is not LIVE (REPLAY_EXACT) or an
# age is further off than the tolerance. Sets REPLAY_AGE_DIFF to the
# largest age difference in ms. Call it directly, not in $(...): it fails
# the test.
replay_compare() {
	local what=$1 live_json=$2 replay_json=$3 live replay

	live=$(jq -S "$REPLAY_EXACT" "$live_json") || fail "$what: the live JSON $live_json does not parse"
	replay=$(jq -S "$REPLAY_EXACT" "$replay_json") || fail "$what: the replayed JSON $replay_json does not parse"
	if [ "$live" != "$replay" ]; then
		diff <(echo "$live") <(echo "$replay") | head -n 30
		fail "$what: the replay differs from the live JSON (< live, > replay)"
	fi
	REPLAY_AGE_DIFF=$(join -j1 <(jq -r "$REPLAY_AGES" "$live_json" | sort) \
		<(jq -r "$REPLAY_AGES" "$replay_json" | sort) |
		awk '{ d = $2 - $3; if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')
	[ "$REPLAY_AGE_DIFF" -le $REPLAY_AGE_TOLERANCE_MS ] ||
		fail "$what: an age differs by $REPLAY_AGE_DIFF ms from the live one, more than the $REPLAY_AGE_TOLERANCE_MS ms the format allows"
}

# replay_seconds CLOCK: "+HH:MM:SS.mmm" of a replayed frame's title, in
# seconds, as lrugen snapshot --at takes them
replay_seconds() {
	awk -F'[+:]' '{ printf "%.3f", $2 * 3600 + $3 * 60 + $4 }' <<<"$1"
}

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
# An age of an lruvec that was not sent again may be this far off, at
# least: the recording format's tolerance (recfmt.h,
# RECFMT_AGE_TOLERANCE_MS; the header's tolerance_ms). A snapshot whose
# read of lru_gen_full took longer allows its read time, READ_MS
# (Documentation/guide/recording-format.rst, Deltas).
REPLAY_AGE_TOLERANCE_MS=50

# replay_log_tolerance LOG K: the age tolerance of the K-th snapshot (from
# 0, in the order of the file) of lrugen record's --json-log LOG: the
# larger of REPLAY_AGE_TOLERANCE_MS and the READ_MS of its line
# "# snapshot N MONO_MS READ_MS" (a log written before READ_MS: the
# former). Prints nothing and returns 1 when LOG has no K-th snapshot.
replay_log_tolerance() {
	awk -v k="$2" -v min=$REPLAY_AGE_TOLERANCE_MS '
		/^# snapshot / && n++ == k { found = 1; print (NF >= 5 && $5 + 0 > min) ? $5 + 0 : min; exit }
		END { exit !found }' "$1"
}

# replay_compare WHAT LIVE REPLAY [TOLERANCE_MS]
# @WHAT: what is compared, for the messages
# @LIVE: the live snapshot's JSON file
# @REPLAY: the replayed snapshot's JSON file
# @TOLERANCE_MS: how far an age may be off, the snapshot's tolerance
#                (replay_log_tolerance); REPLAY_AGE_TOLERANCE_MS when not
#                given
#
# Fails, with the difference, when REPLAY is not LIVE (REPLAY_EXACT) or an
# age is further off than the tolerance. Sets REPLAY_AGE_DIFF to the
# largest age difference in ms. Call it directly, not in $(...): it fails
# the test.
replay_compare() {
	local what=$1 live_json=$2 replay_json=$3 tol=${4-$REPLAY_AGE_TOLERANCE_MS} live replay

	[[ $tol =~ ^[0-9]+$ ]] ||
		fail "$what: the age tolerance '$tol' is not a number of ms (a snapshot the --json-log does not have?)"

	live=$(jq -S "$REPLAY_EXACT" "$live_json") || fail "$what: the live JSON $live_json does not parse"
	replay=$(jq -S "$REPLAY_EXACT" "$replay_json") || fail "$what: the replayed JSON $replay_json does not parse"
	if [ "$live" != "$replay" ]; then
		diff <(echo "$live") <(echo "$replay") | head -n 30
		fail "$what: the replay differs from the live JSON (< live, > replay)"
	fi
	REPLAY_AGE_DIFF=$(join -j1 <(jq -r "$REPLAY_AGES" "$live_json" | sort) \
		<(jq -r "$REPLAY_AGES" "$replay_json" | sort) |
		awk '{ d = $2 - $3; if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')
	[ "$REPLAY_AGE_DIFF" -le "$tol" ] ||
		fail "$what: an age differs by $REPLAY_AGE_DIFF ms from the live one, more than the $tol ms the format allows this snapshot"
}

# replay_seconds CLOCK: "+HH:MM:SS.mmm" of a replayed frame's title, in
# seconds, as lrugen snapshot --at takes them
replay_seconds() {
	awk -F'[+:]' '{ printf "%.3f", $2 * 3600 + $3 * 60 + $4 }' <<<"$1"
}

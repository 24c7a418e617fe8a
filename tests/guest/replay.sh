#!/usr/bin/env bash
# suites: guest guest-asan
# timeout: 600
# A recording replays what lrugen saw live. lrugen record -d 1 --json-log
# records a workload: page cache in a memcg that lives throughout, and
# reclaimed through node0/reclaim (evictions), and a memcg made after the
# first snapshots, given anon memory, aged through debugfs, and removed
# before the last ones. Then, at the time of each snapshot (the clock of lrugen
# top -b --replay's frames, one frame per snapshot of the log), lrugen
# snapshot --json --replay --at gives the same lruvecs, seqs, generations,
# page and tier counts, node counters and settings as the live JSON of
# that snapshot, and ages within the format's tolerance; the made and
# removed memcg is in the very snapshots it was in live, after the first
# and before the last.
# Measured under TCG: about 1 minute (ASan: 2).
set -u
export LC_ALL=C
. "$(dirname "$0")/../lib/lrugen.sh"
# shellcheck source=../lib/replay.sh
. "$(dirname "$0")/../lib/replay.sh"
require_lrugen
require_swap
command -v jq >/dev/null || skip "jq is not installed (the host's jq is used in the guest)"
command -v trace-cmd >/dev/null || fail "trace-cmd is not installed (scripts/setup)"

dir=$LRUGEN_SCRATCH/replay-$$
mkdir -p "$dir" || fail "cannot make $dir"
LG_FILES+=("$dir")
A=/lrugen-replay-a-$$
M=/lrugen-replay-m-$$
make_memcg $A
LG_MEMCGS+=("$M")
memcg_cache $A 0 32
ida=$(memcg_id $A) || fail "no id for $A (above)"

work=$dir/work.sh
cat >"$work" <<'EOF'
# the recorded command: M made after 2 snapshots, used, aged and removed,
# and A's page cache reclaimed; then 2 more snapshots once M is gone. M's
# tasks only have anon memory, never swapped, but their executables' page
# cache was charged to M and keeps it listed: the caches are dropped.
exec 2>"$3"
. "$LRUGEN_TOP/vm/guest/lib.sh"
m=$1 a=$2
sleep 2.5
memcg_make "$m" || exit 1
memhog_start 0 24M "$m" 600 || exit 1
id=$(memcg_id "$m") || exit 1
read -r max _ <<<"$(lruvec_seqs "$id" 0)"
echo "+ $id 0 $max" >"$LRU_GEN_DEBUGFS" || { echo "cannot age $m on node 0" >&2; exit 1; }
echo "8M memcg=$(memcg_id "$a")" >"$NODES/node0/reclaim" || exit 1
sleep 1
memcg_kill "$m" && memcg_remove "$m" || exit 1
for ((i = 0; i < 300; i++)); do
	[ $((i % 50)) -eq 0 ] && drop_caches
	grep -qE "^memcg +$id " "$LRU_GEN_FULL" || break
	sleep 0.1
done
grep -qE "^memcg +$id " "$LRU_GEN_FULL" && { echo "$m (memcg $id) still in $LRU_GEN_FULL 30 s after rmdir" >&2; exit 1; }
sleep 2.5
EOF
"$LRUGEN_BIN" record -d 1 -o "$dir/rec.dat" --json-log "$dir/live.json" -- \
	bash "$work" "$M" "$A" "$dir/work.log" 2>"$dir/record.err" ||
	fail "lrugen record of the workload exited $?: $(cat "$dir/record.err" "$dir/work.log")"
info "$(tail -n 1 "$dir/record.err")"
idm=$(sed -nE "s|.*\"memcg_id\": ([0-9]+), \"memcg\": \"$M\".*|\1|p" "$dir/live.json" | sort -u | head -n 1)
[ -n "$idm" ] || fail "no live snapshot shows $M"

# the live JSON of each snapshot, live-N.json, N from 0
awk -v d="$dir" '/^# snapshot / { f = sprintf("%s/live-%d.json", d, n++); next } { print > f }' \
	"$dir/live.json"
n=$(grep -c '^# snapshot ' "$dir/live.json")
[ "$n" -ge 6 ] || fail "only $n snapshots in the --json-log, want 6 or more"

# one frame per snapshot, with the recording's clock
"$LRUGEN_BIN" top -b --replay "$dir/rec.dat" >"$dir/frames" 2>"$dir/top.err" ||
	fail "lrugen top -b --replay exited $?: $(cat "$dir/top.err")"
[ -s "$dir/top.err" ] && fail "lrugen top -b --replay wrote to stderr: $(cat "$dir/top.err")"
titles=$(grep -E '^lrugen \+[0-9:.]+  frame [0-9]+ of [0-9]+ ' "$dir/frames")
expect_eq "frames of top -b --replay" "$(grep -c . <<<"$titles")" "$n"
expect_eq "the last frame's title" "$(tail -n 1 <<<"$titles" | grep -oE 'frame [0-9]+ of [0-9]+')" "frame $n of $n"
# each title says when its snapshot was read, from the header's start=
bad=$(grep -vE '^lrugen \+[0-9:.]+  frame [0-9]+ of [0-9]+  20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]  ' <<<"$titles" | head -n 1)
[ -z "$bad" ] || fail "a replayed title without the snapshot's local time: $bad"
info "$n snapshots live, $n frames replayed; $M is memcg $idm, $A memcg $ida"

with_m=
worst=0
for ((k = 0; k < n; k++)); do
	clock=$(sed -n "$((k + 1))p" <<<"$titles" | cut -d' ' -f2)
	at=$(replay_seconds "$clock")
	"$LRUGEN_BIN" snapshot --json --replay "$dir/rec.dat" --at "$at" >"$dir/replay-$k.json" 2>"$dir/snap.err" ||
		fail "snapshot --json --replay --at $at exited $?: $(cat "$dir/snap.err")"
	replay_compare "snapshot $k (replayed at $at s)" "$dir/live-$k.json" "$dir/replay-$k.json" \
		"$(replay_log_tolerance "$dir/live.json" "$k")"
	[ "$REPLAY_AGE_DIFF" -gt "$worst" ] && worst=$REPLAY_AGE_DIFF
	live_m=$(jq "[.lruvecs[] | select(.memcg_id == $idm)] | length" "$dir/live-$k.json")
	replay_m=$(jq "[.lruvecs[] | select(.memcg_id == $idm)] | length" "$dir/replay-$k.json")
	expect_eq "snapshot $k: lruvecs of $M" "$replay_m" "$live_m"
	[ "$live_m" -gt 0 ] && with_m+=" $k"
	[ "$(jq "[.lruvecs[] | select(.memcg_id == $ida)] | length" "$dir/replay-$k.json")" -gt 0 ] ||
		fail "snapshot $k: no lruvec of $A, which lived throughout"
done
info "each of the $n replayed snapshots equals the live one; ages at most $worst ms apart"
# M came after the first snapshot and was gone by the last
with_m=${with_m# }
[ -n "$with_m" ] || fail "$M is in no snapshot"
first=${with_m%% *}
last=${with_m##* }
[ "$first" -gt 0 ] || fail "$M is in the first snapshot: it was made before the recording"
[ "$last" -lt $((n - 1)) ] || fail "$M is in the last snapshot: it was not gone before the end"
info "$M (memcg $idm) is in snapshots $with_m of 0-$((n - 1)), live and replayed"
expect_no_instances "after the recording and the replays"
pass

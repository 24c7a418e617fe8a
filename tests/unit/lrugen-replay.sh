#!/usr/bin/env bash
# Measured: 2 minutes, most of it the ASan binary's 40 runs.
# timeout: 600
# lrugen top -b --replay and lrugen snapshot --replay --at on recordings
# captured in the VM (tests/fixtures/lrugen/rec/): a frame per snapshot,
# titled with the recording's clock; the snapshot at each frame's time
# prints that frame again, BIRTH/m and the other rates included, as text
# and as JSON; a memcg that comes and goes; each
# snapshot of lrugen record's recording equal to the JSON it logged live
# (ages within the format's 50 ms); damaged
# recordings warn and play on, bad files and options exit 1 or 2 with a
# message. Runs the plain and the ASan+UBSan binary.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/replay.sh
. "$(dirname "$0")/../lib/replay.sh"
command -v jq >/dev/null || skip "needs jq (scripts/setup installs it)"
make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
rec=$LRUGEN_TOP/tests/fixtures/lrugen/rec
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$rec" || fail "no $rec"

export LC_ALL=C

# frame N of a top -b output: its lines up to the blank line after the table
frame() {
	awk -v n="$1" '/^lrugen \+/ { k++ } k == n && !/^latest events/ { print } k == n && /^latest events/ { exit }' "$2"
}

# a frame without its title and its events, to compare with a snapshot of
# the same moment
body() {
	awk '/^lrugen / { next } /^latest events/ { exit } NF { print }'
}

for bin in build/lrugen build-san/lrugen; do
	lrugen=$LRUGEN_TOP/tools/lrugen/$bin
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	out=$dir/out
	err=$dir/err

	# every snapshot, once, titled with the recording's clock
	"$lrugen" top -b --replay rec-stream.dat >"$out" 2>"$err" ||
		fail "$bin: top -b --replay rec-stream.dat exited $?: $(cat "$err")"
	[ -s "$err" ] && fail "$bin: top -b --replay wrote to stderr: $(cat "$err")"
	titles=$(grep -E '^lrugen \+' "$out")
	expect_eq "$bin: frames" "$(grep -cE '^lrugen \+[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}  frame [1-7] of 7  sort memcg  replay rec-stream\.dat \(guest\)$' <<<"$titles")" 7
	expect_eq "$bin: first clock" "$(head -n 1 <<<"$titles" | cut -d' ' -f2)" "+00:00:00.000"
	clocks=$(cut -d' ' -f2 <<<"$titles")
	expect_eq "$bin: clocks rise" "$(sort -u <<<"$clocks")" "$clocks"
	expect_eq "$bin: -n 3" "$("$lrugen" top -b -n 3 --replay rec-stream.dat | grep -c '^lrugen +')" 3

	# /fx-c is in snapshot 2 only: it appears and goes
	for n in 1 2 3 4; do
		got=$(frame "$n" "$out" | grep -cE '^/fx-c +[01] +5 ')
		want=$([ "$n" = 3 ] && echo 2 || echo 0)
		expect_eq "$bin: /fx-c rows in frame $n" "$got" "$want"
	done

	# the snapshot at each frame's time is that frame, as text and JSON
	for n in 1 2 3 4 5 6 7; do
		clock=$(sed -n "${n}p" <<<"$clocks")
		at=$(replay_seconds "$clock")
		"$lrugen" snapshot --replay rec-stream.dat --at "$at" >"$dir/snap" 2>"$err" ||
			fail "$bin: snapshot --at $at exited $?: $(cat "$err")"
		expect_match "$bin: snapshot title at $at" "$(head -n 1 "$dir/snap")" \
			"^lrugen snapshot \\$clock  snapshot $n of 7 of rec-stream\.dat, recorded on guest$"
		if [ "$(frame "$n" "$out" | body)" != "$(body <"$dir/snap")" ]; then
			diff <(frame "$n" "$out" | body) <(body <"$dir/snap")
			fail "$bin: snapshot --at $at differs from frame $n of top -b (< frame, > snapshot)"
		fi
		"$lrugen" snapshot --json --replay rec-stream.dat --at "$at" >"$dir/json" 2>"$err" ||
			fail "$bin: snapshot --json --at $at exited $?: $(cat "$err")"
		got=$(jq -r '.lruvecs[] | "\(.memcg) \(.nid) \(.memcg_id) \([.min_seq_anon, .min_seq_file] | min)..\(.max_seq)"' "$dir/json") ||
			fail "$bin: snapshot --json --at $at is not JSON: $(head -c 300 "$dir/json")"
		want=$(frame "$n" "$out" | awk '/^\// { print $1, $2, $3, $4 }')
		expect_eq "$bin: JSON lruvecs at $at" "$got" "$want"
		# a moment between two snapshots shows the one before
		expect_eq "$bin: JSON just after $at" "$("$lrugen" snapshot --json --replay rec-stream.dat --at "$at"1)" \
			"$(cat "$dir/json")"
	done
	expect_eq "$bin: JSON events of the last snapshot" "$(jq -c '[.events_live, .events_lost]' "$dir/json")" "[true,0]"
	info "$bin: 7 frames; the snapshot at each frame's time prints it again, text and JSON"

	# lrugen record's own recording against the JSON it logged live: the
	# same lruvecs, generations, counts and settings; ages within 50 ms
	"$lrugen" top -b --replay lrugen.dat >"$out" 2>"$err" || fail "$bin: top -b --replay lrugen.dat exited $?"
	clocks=$(grep -oE '^lrugen \+[0-9:.]+  frame [0-9]+ of 10 ' "$out" | cut -d' ' -f2)
	expect_eq "$bin: lrugen.dat: frames" "$(grep -c . <<<"$clocks")" 10
	awk -v d="$dir" '/^# snapshot / { f = sprintf("%s/live-%d.json", d, n++); next } { print > f }' lrugen.json
	with_b=
	for k in 0 1 2 3 4 5 6 7 8 9; do
		at=$(replay_seconds "$(sed -n "$((k + 1))p" <<<"$clocks")")
		"$lrugen" snapshot --json --replay lrugen.dat --at "$at" >"$dir/json" 2>"$err" ||
			fail "$bin: lrugen.dat: snapshot --json --at $at exited $?: $(cat "$err")"
		replay_compare "$bin: lrugen.dat: snapshot $k" "$dir/live-$k.json" "$dir/json"
		[ "$(jq '[.lruvecs[] | select(.memcg == "/fxr-b")] | length' "$dir/json")" -gt 0 ] && with_b+=" $k"
		# a seek shows the rates playing shows: BIRTH/m over the same
		# window (here since the first frame), not over one interval
		"$lrugen" snapshot --replay lrugen.dat --at "$at" >"$dir/snap" 2>"$err" ||
			fail "$bin: lrugen.dat: snapshot --at $at exited $?: $(cat "$err")"
		if [ "$(frame $((k + 1)) "$out" | body)" != "$(body <"$dir/snap")" ]; then
			diff <(frame $((k + 1)) "$out" | body) <(body <"$dir/snap")
			fail "$bin: lrugen.dat: snapshot --at $at differs from frame $((k + 1)) of top -b (< frame, > snapshot)"
		fi
	done
	expect_eq "$bin: lrugen.dat: snapshots with /fxr-b" "$with_b" " 3 4 5 6"
	# BIRTH/m of /fxr-a on node 0 in the last snapshot: 2 births in the
	# 8.6 s since the first, not the 0 of its last interval
	expect_eq "$bin: lrugen.dat: BIRTH/m at the end" \
		"$(body <"$dir/snap" | awk '$1 == "/fxr-a" && $2 == 0 { print $8 }')" 14
	info "$bin: lrugen.dat: the 10 snapshots replayed equal the live JSON and the frames played; /fxr-b in 3-6"

	# lrugen-start.dat: lrugen.dat with start= and mono_ms= in its header;
	# each title gets the local time of its snapshot, nothing else changes
	TZ=UTC "$lrugen" top -b --replay lrugen-start.dat >"$dir/start" 2>"$err" ||
		fail "$bin: top -b --replay lrugen-start.dat exited $?: $(cat "$err")"
	expect_eq "$bin: lrugen-start.dat: titles" "$(grep '^lrugen +' "$dir/start" | sed -n '1p;10p')" \
		"lrugen +00:00:00.000  frame 1 of 10  2026-11-29 09:50:12  sort memcg  replay lrugen-start.dat (lrugen-vm)
lrugen +00:00:08.643  frame 10 of 10  2026-11-29 09:50:21  sort memcg  replay lrugen-start.dat (lrugen-vm)"
	if [ "$(grep -v '^lrugen +' "$dir/start")" != "$(grep -v '^lrugen +' "$out")" ]; then
		diff <(grep -v '^lrugen +' "$out") <(grep -v '^lrugen +' "$dir/start") | head -n 20
		fail "$bin: lrugen-start.dat: the frames differ from lrugen.dat's (< lrugen.dat)"
	fi
	expect_eq "$bin: lrugen-start.dat: snapshot title, 2 h east" \
		"$(TZ=UTC-2 "$lrugen" snapshot --replay lrugen-start.dat --at 2.968 2>&1 | head -n 1)" \
		"lrugen snapshot +00:00:02.968  snapshot 4 of 10 of lrugen-start.dat, recorded on lrugen-vm, at 2026-11-29 11:50:15"
	expect_match "$bin: lrugen.dat: no start, no date" "$(grep '^lrugen +' "$out" | head -n 1)" \
		'^lrugen \+00:00:00\.000  frame 1 of 10  sort memcg  replay lrugen\.dat \(lrugen-vm\)$'
	info "$bin: lrugen-start.dat: each title with its local time; lrugen.dat without"

	# a plain trace-cmd recording: frames from the events, and a notice
	"$lrugen" top -b --replay plain.dat >"$out" 2>"$err" || fail "$bin: top -b --replay plain.dat exited $?"
	expect_eq "$bin: plain: frames" "$(grep -c '^lrugen +.* of 5 ' "$out")" 5
	expect_eq "$bin: plain: notice" "$(cat "$err")" \
		"lrugen: plain.dat: no lrugen snapshots: recorded by trace-cmd record, not lrugen record: page counts, ages and node counters are unknown"
	# what it cannot know is "-" (null in JSON), not 0
	expect_match "$bin: plain: memcg 18" "$(frame 5 "$out")" '^\[memcg 18\] +0 +18 +2\.\.5 +- +- +- .*  -/- -/- -/- -/-$'
	expect_eq "$bin: plain: global line" "$(frame 5 "$out" | grep '^lru_gen ')" \
		"lru_gen enabled=- min_ttl_ms=-  swap -/-  psi some - full -  scan -/s steal -/s"
	expect_match "$bin: plain: node line" "$(frame 5 "$out" | grep '^node0: ')" \
		'^node0: total - free - anon - file -  kswapd -  scan [0-9.]+/s steal [0-9.]+/s  refault anon -/s file -/s  proactive - \(-/s\)$'
	"$lrugen" snapshot --json --replay plain.dat --at 1 >"$dir/json" 2>/dev/null ||
		fail "$bin: snapshot --json --replay plain.dat --at 1 exited $?"
	expect_eq "$bin: plain: JSON nulls" "$(jq -c '[.lru_gen[], .swap[],
		(.nodes[] | .mem_total_kb, .mem_free_kb, .anon_kb, .file_kb, .workingset_refault_anon,
			.workingset_refault_file, .pgscan_proactive_node, .pgsteal_proactive_node),
		(.lruvecs[].gens[] | .age_ms, .anon, .file)] | unique' "$dir/json")" "[null]"
	expect_eq "$bin: plain: JSON sequence numbers" "$(jq -c '[.lruvecs[] | .max_seq, .min_seq_anon]' "$dir/json")" "[4,1]"
	# and lrugen record's recording still shows its numbers
	"$lrugen" top -b --replay lrugen.dat >"$out" 2>/dev/null || fail "$bin: top -b --replay lrugen.dat exited $?"
	expect_match "$bin: lrugen.dat: global line" "$(frame 10 "$out" | grep '^lru_gen ')" \
		'^lru_gen enabled=0x0007 min_ttl_ms=0  swap [0-9.]+[KMG]?/1024M '
	expect_match "$bin: lrugen.dat: node line" "$(frame 10 "$out" | grep '^node0: ')" \
		'^node0: total 992M free [0-9.]+[KMG] anon [0-9.]+[KMG] file [0-9.]+[KMG] '
	expect_match "$bin: lrugen.dat: pages and ages" "$(frame 10 "$out")" \
		'^/fxr-a +0 +18 +[0-9]+\.\.[0-9]+ +[0-9.]+[KMG]? +[0-9.]+[KMG]? +[0-9.hms]+ '
	info "$bin: plain.dat shows - and null where it cannot know; lrugen.dat its numbers"

	# damaged recordings play what is left, and say what is lost
	"$lrugen" top -b --replay rec-bad-line.dat >"$out" 2>"$err" || fail "$bin: rec-bad-line.dat exited $?"
	expect_eq "$bin: bad line: frames" "$(grep -c '^lrugen +.* of 5 ' "$out")" 5
	expect_match "$bin: bad line: warning" "$(cat "$err")" \
		'^lrugen: rec-bad-line\.dat: 2 of 7 snapshots skipped \(the first damaged: L line 0:0: .*\): each damaged snapshot is skipped up to the next keyframe$'
	"$lrugen" top -b --replay rec-cut.dat >"$out" 2>"$err" || fail "$bin: rec-cut.dat exited $?"
	expect_eq "$bin: cut: frames" "$(grep -c '^lrugen +.* of 5 ' "$out")" 5
	expect_eq "$bin: cut: warning" "$(cat "$err")" "lrugen: rec-cut.dat ends inside snapshot 5 (cut short?): it is left out"

	# bad files: exit 1 and the reason
	: >"$dir/empty.dat"
	echo "not a trace" >"$dir/text.dat"
	head -c 3000 rec-stream.dat >"$dir/cut.dat"
	{ head -c 64 /dev/zero; tail -c +65 rec-stream.dat; } >"$dir/zero.dat"
	while IFS='|' read -r file msg; do
		for cmd in "top -b --replay $file" "snapshot --replay $file --at 0"; do
			# shellcheck disable=SC2086 # $cmd is a command line
			e=$("$lrugen" $cmd 2>&1 >/dev/null)
			expect_eq "$bin: $cmd: exit status" "$?" 1
			expect_match "$bin: $cmd: message" "$e" "^lrugen: $msg"
		done
	done <<-EOF
	/nonexistent.dat|cannot open /nonexistent\.dat: No such file or directory$
	$dir/empty.dat|.*empty\.dat is empty: not a recording
	$dir/text.dat|.*text\.dat is not a trace\.dat
	$dir/zero.dat|.*zero\.dat is not a trace\.dat
	$dir/cut.dat|.*cut\.dat: libtracecmd cannot open it: a damaged or truncated trace\.dat
	no-lru-gen.dat|no-lru-gen\.dat has no lru_gen events and no lrugen snapshots: nothing to replay
	rec-newer.dat|rec-newer\.dat: the recording is in format version 2, this lrugen reads up to version 1: use a newer lrugen$
	EOF
	e=$("$lrugen" snapshot --replay rec-stream.dat --at 5 2>&1)
	expect_eq "$bin: --at past the end: exit status" "$?" 1
	expect_match "$bin: --at past the end: message" "$e" \
		'^lrugen: --at 5 is outside rec-stream\.dat: its 7 snapshots run from 0 to [0-9.]+ s, and it ends at [0-9.]+ s \(after its first snapshot\)$'

	# usage errors: exit 2, a message, nothing read
	for args in "top -b --replay rec-stream.dat --no-events" "top -b --replay rec-stream.dat --buffer-kb 64" \
		"top -b -d 1 --replay rec-stream.dat" "snapshot --at 1" "snapshot --replay rec-stream.dat" \
		"snapshot --replay rec-stream.dat --at -1" "snapshot --replay rec-stream.dat --at 1x" \
		"snapshot --replay rec-stream.dat --at nan" "top --replay"; do
		# shellcheck disable=SC2086 # $args is a command line
		e=$("$lrugen" $args 2>&1 >/dev/null)
		expect_eq "$bin: $args: exit status" "$?" 2
		[ -n "$e" ] || fail "$bin: $args: no message"
	done
	info "$bin: damaged recordings warn and play; 7 bad files exit 1, 9 bad command lines exit 2"
done
pass

#!/usr/bin/env bash
# 'lrugen top --replay' driven in tmux like a user, on recordings captured
# in the VM (tests/fixtures/lrugen/rec/): it plays the 7 snapshots and
# ends; ',' '.' and the arrows step and pause, '<' '>' go to either end, J
# jumps to a time and refuses one outside the recording, '+' '-' change the
# speed within x0.25..x64, space at the end plays again; a memcg of one
# snapshot appears and goes as the steps pass it; r, a and d say why they
# do nothing; the help lists the time keys; a plain trace-cmd recording
# says what it lacks. Plain and ASan+UBSan binaries.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/tmux.sh
. "$(dirname "$0")/../lib/tmux.sh"
require_tmux
make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
dir=$(mktemp -d)
trap 'tmux_stop; rm -rf "$dir"' EXIT
cd "$LRUGEN_TOP/tests/fixtures/lrugen/rec" || fail "no recordings in tests/fixtures/lrugen/rec"

# replay BIN FILE: lrugen top --replay FILE in a fresh tmux session, once
# its first screen is drawn
replay() {
	tmux_stop
	tmux_start 160 40
	send "$1 top --replay $2 2>$dir/err; echo lrugen-exit=\$?"
	key Enter
	expect_screen "$1 top --replay $2" '^F1Help SpcPlay'
}

# title WHAT REGEX: the first line of the screen matches, soon
title() {
	expect_screen "$1" "^lrugen \\+[0-9:.]+ of 00:00:02  $2"
}

fxc='^ +fx-c +[01] +5 '

for bin in build/lrugen build-san/lrugen; do
	lrugen=$LRUGEN_TOP/tools/lrugen/$bin
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	replay "$lrugen" rec-stream.dat
	expect_screen "file line" '^replay of rec-stream\.dat, recorded on guest *$'
	title "plays to the end" 'snapshot 7 of 7  x1 ended  sort memcg  tree  8 lruvecs'
	key ,
	title ", steps back and pauses" 'snapshot 6 of 7  x1 paused'
	key '<'
	title "< goes to the first" 'snapshot 1 of 7  x1 paused'
	grep -qE "$fxc" <<<"$SCREEN" && fail "/fx-c on the screen at snapshot 1"
	key . .
	title ". . steps to snapshot 3" 'snapshot 3 of 7  x1 paused  sort memcg  tree  10 lruvecs'
	expect_eq "/fx-c rows at snapshot 3" "$(grep -cE "$fxc" <<<"$SCREEN")" 2
	key Right
	title "Right steps to snapshot 4" 'snapshot 4 of 7  x1 paused  sort memcg  tree  8 lruvecs'
	key Left
	title "Left steps back to snapshot 3" 'snapshot 3 of 7  x1 paused  sort memcg  tree  10 lruvecs'
	key J
	expect_screen "jump prompt" '^jump to \(seconds since the start, 0 to 2\.[0-9]\):'
	send 0.5
	key Enter
	title "J 0.5: the snapshot at 0.345 s" 'snapshot 2 of 7  x1 paused'
	key J
	send 99
	key Enter
	expect_screen "J 99" "^replay: '99' is not a time of the recording: give seconds from 0 to 2\.[0-9]+"
	title "J 99 stays" 'snapshot 2 of 7'
	info "$bin: the end, ',', '<', '.', arrows, J; /fx-c only at snapshot 3"

	key +
	title "+" 'snapshot 2 of 7  x2 paused'
	for _ in 1 2 3 4 5 6 7; do key +; done
	title "+ at most x64" 'snapshot 2 of 7  x64 paused'
	expect_screen "+ at the most" '^replay speed x64 \(the most\)'
	for _ in 1 2 3 4 5 6 7 8 9 10; do key -; done
	title "- at least x0.25" 'snapshot 2 of 7  x0.25 paused'
	key r
	expect_screen "r" '^replay: actions are disabled \(this is a recording of guest, not the live system\)'
	key a
	expect_screen "a" '^replay: actions are disabled \(this is a recording of guest, not the live system\)'
	key d
	expect_screen "d" "^replay: no delay to set: frames come at the recording's pace, times the speed \(x0\.25"
	key '>'
	title "> goes to the last" 'snapshot 7 of 7  x0.25 ended'
	key Space
	title "space at the end plays again" 'snapshot [12] of 7  x0.25 playing'
	key Space
	title "space pauses" 'snapshot [1-7] of 7  x0.25 paused'
	key h End
	expect_screen "help" '^Replaying a recording'
	expect_screen "help" '^ +r a d '
	for k in 'space' '\. Right' ', Left' '\+ -' 'J' '< >' 'r a d'; do
		grep -qE -- "^ +$k " <<<"$SCREEN" || fail "help lists no replay key '$k'"
	done
	key q
	title "help closed" 'snapshot'
	key q
	expect_screen "quit" 'lrugen-exit=[0-9]+'
	grep -q 'lrugen-exit=0' <<<"$SCREEN" || fail "lrugen top --replay exited with $(grep -o 'lrugen-exit=[0-9]*' <<<"$SCREEN"): $(cat "$dir/err")"
	[ -s "$dir/err" ] && fail "lrugen top --replay wrote to stderr: $(cat "$dir/err")"
	info "$bin: speed x0.25..x64; r, a, d refused; >, space replays, help; q exits 0"

	replay "$lrugen" plain.dat
	expect_screen "plain: title" '^lrugen \+[0-9:.]+ of 00:00:0[34]  frame [1-5] of 5 '
	expect_screen "plain: notice" '^replay of plain\.dat: no lrugen snapshots: recorded by trace-cmd record, not lrugen record: page counts, ages and node counters are unknown'
	expect_screen "plain: the end" 'frame 5 of 5  x1 ended  sort memcg  tree  3 lruvecs'
	key q
	expect_screen "quit" 'lrugen-exit=0'
	info "$bin: plain.dat plays its 5 frames and says what it lacks"
done
pass

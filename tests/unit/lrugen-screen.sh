#!/usr/bin/env bash
# 'lrugen top' on a captured tree of 505 memcgs (LRUGEN_ROOT), driven in
# tmux like a user: rows never wrap and the bars stay from 70 columns up
# (WS and COLD show at 200; the detail pane ends with the working set);
# the sorted column is marked; / searches and \ filters as the text is
# typed, Esc undoes either; a filtered tree shows the matches' ancestors;
# help scrolls and lists every key; F-keys, Ctrl-L, -C and NO_COLOR; with
# events off the screen says so once; a long result wraps, whole. Runs the
# plain and the ASan+UBSan binary. Nothing outside the captured tree is read
# or written.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
# shellcheck source=../lib/tmux.sh
. "$(dirname "$0")/../lib/tmux.sh"
require_tmux
make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
dir=$(mktemp -d)
trap 'tmux_stop; rm -rf "$dir"' EXIT
root=$dir/root
mk_root "$root" "$fx/lru_gen_full-500.txt"
export LRUGEN_ROOT=$root
ROW='^ *[^ ]+ +[01] +[0-9]+ +[0-9]+\.\.[0-9]+ +[0-9.]+[KMG]? +[0-9.]+[KMG]?'

# top BIN COLS ROWS [ARGS...]: lrugen top in a fresh tmux session, waiting
# for its first table
top() {
	local bin=$1 cols=$2 rows=$3
	shift 3
	tmux_stop
	tmux_start "$cols" "$rows"
	send "$bin top -d 1 $* 2>$dir/err; echo lrugen-exit=\$?"
	key Enter
	expect_screen "$bin top $*" '^MEMCG'
	# the key bar is drawn last: the whole first screen is there
	expect_screen "$bin top $*" '^F1Help'
}

# quit: q, exit status 0, nothing on stderr
quit() {
	key "${1:-q}"
	expect_screen "quit" 'lrugen-exit=[0-9]+'
	grep -q 'lrugen-exit=0' <<<"$SCREEN" || fail "lrugen top exited with $(grep -o 'lrugen-exit=[0-9]*' <<<"$SCREEN"): $(cat "$dir/err")"
	[ -s "$dir/err" ] && fail "lrugen top wrote to stderr: $(cat "$dir/err")"
}

# the reversed (selected) line of the pane
selected() { tm capture-pane -ep -t $LG_SESSION | grep -a $'\e\[[0-9;]*7m *[/ ]*[a-z0-9-]* ' | sed 's/\x1b\[[0-9;]*m//g' | head -n 1; }

# expect_selected WHAT REGEX: wait until the selected row matches
expect_selected() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qE -- "$2" <<<"$(selected)" && return 0
		sleep 0.1
	done
	fail "$1: the selected row is '$(selected)', want '$2'"
}

# the first column of the table's rows, joined by spaces
names() { sed -n '/^MEMCG/,$p' <<<"$1" | grep -E "$ROW" | awk '{ print $1 }' | tr '\n' ' '; }

# expect_names WHAT WANT [N]: wait until the first N (all) rows are WANT
expect_names() {
	local i got
	for ((i = 0; i < 100; i++)); do
		SCREEN=$(screen)
		got=$(names "$SCREEN")
		[ -n "${3:-}" ] && got=$(tr ' ' '\n' <<<"$got" | head -n "$3" | tr '\n' ' ')
		[ "$got" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1: rows '$got', want '$2'"
}

for bin in build/lrugen build-san/lrugen; do
	lrugen=$LRUGEN_TOP/tools/lrugen/$bin
	[ -x "$lrugen" ] || fail "$lrugen was not built"

	# 1. every width from the minimum up: each table line is a whole row,
	# the footer is the key bar; bars from 70 columns, rates from 100
	for cols in 60 70 80 100 200; do
		top "$lrugen" $cols 20
		table=$(sed -n '/^MEMCG/,$p' <<<"$SCREEN" | sed '1d;$d')
		bad=$(grep -vE "$ROW" <<<"$table" | head -n 1)
		[ -z "$bad" ] || fail "$bin at $cols columns: a table line is no whole row (wrapped?): '$bad'"
		expect_eq "$bin at $cols columns: table rows" "$(grep -cE "$ROW" <<<"$table")" 13
		bars=$(grep -cE '(\[[#= ]+\]){2}' <<<"$table")
		if [ $cols -ge 70 ]; then
			[ "$bars" -eq 13 ] || fail "$bin at $cols columns: $bars of 13 rows have bars"
		fi
		if [ $cols -ge 100 ]; then
			expect_match "$bin at $cols columns: titles" "$SCREEN" '^MEMCG.* OLDEST +BIRTH/m +EVICT/s GEN'
		fi
		if [ $cols -ge 200 ]; then
			expect_match "$bin at $cols columns: working-set titles" "$SCREEN" \
				'^MEMCG.* ANON +FILE +WS +COLD +OLDEST +BIRTH/m +EVICT/s GEN'
		fi
		expect_match "$bin at $cols columns: key bar" "$(tail -n 1 <<<"$SCREEN")" '^F1Help F3Search'
		quit
	done
	info "$bin: 60 to 200 columns: 13 whole rows, bars from 70, every column but WS and COLD from 100, those too at 200"

	# the detail pane ends with the working set and its age bins
	top "$lrugen" 200 40
	key Enter
	expect_screen "detail pane: working set" \
		'^window 2m00s: WS [0-9.]+[KMG]?, COLD [0-9.]+[KMG]?, uncertain [0-9.]+[KMG]?; age bins: 0ms-[0-9.]+m?s:'
	detail=$(grep '^window 2m00s' <<<"$SCREEN")
	quit
	info "$bin: detail pane: $detail"

	top "$lrugen" 100 30
	# 2. the sorted column is marked with its direction; F6 picks a key
	expect_match "memcg order" "$(grep '^MEMCG' <<<"$SCREEN")" '^MEMCG \(tree\)(▲|\^) '
	key F6
	expect_screen "sort menu" 'sort by: \[m\]emcg \[p\]ages \[a\]non'
	send a
	expect_screen "sorted by anon" ' ANON(▼|v) +FILE '
	expect_screen "a tree only in memcg order" 'sort anon  flat '
	key S
	expect_screen "reversed" ' ANON(▲|\^) +FILE '
	key F6
	expect_screen "sort menu" 'sort by:'
	send m
	expect_screen "memcg order again" 'sort memcg \(reversed\)  tree '
	key S
	expect_screen "memcg order again" 'sort memcg  tree '
	info "sort: marked column (anon: ▼, reversed ▲), F6 menu, tree only in memcg order"

	# 3. search: the selection follows the text; n goes on; Esc goes back
	key g
	key /
	expect_screen "search prompt" '^search \(memcg path contains'
	send "M12"
	expect_screen "search as typed" 'M12$'
	expect_selected "search as typed" '^ +m120 +0 '
	send "3"
	expect_screen "search as typed" 'M123$'
	expect_selected "search as typed" '^ +m123 +0 '
	key Enter
	key n
	expect_selected "n" '^ +m123 +1 '
	key N
	expect_selected "N" '^ +m123 +0 '
	key /
	expect_screen "search prompt" '^search'
	send "fx-b/inner"
	expect_screen "search as typed" 'fx-b/inner$'
	expect_selected "search as typed" '^ +inner +0 '
	key Escape
	expect_selected "Esc goes back" '^ +m123 +0 '
	key F3
	send "nosuchmemcg"
	expect_screen "no match" '\[no match\] nosuchmemcg'
	key Escape
	info "search: M12 -> m120, M123 -> m123, n/N, Esc back to m123, [no match]"

	# 4. filter as typed; in the tree, ancestors of matches are shown
	key "\\"
	expect_screen "filter prompt" '^filter \(memcg path contains'
	send "m01"
	expect_screen "filter as typed" 'filter m01  20 lruvecs \(\+4 ancestors\)'
	key Enter g
	expect_names "ancestors" "/ / many many " 4
	key "\\"
	expect_screen "filter prompt" '^filter \(memcg path contains'
	key Escape
	expect_screen "Esc keeps the old filter" 'filter m01  20 lruvecs'
	key "\\"
	send "zz"
	expect_screen "filter as typed" 'filter zz  0 lruvecs'
	expect_screen "no match" '\[no match\] zz$'
	key Escape
	expect_screen "Esc restores the old filter" 'filter m01  20 lruvecs'
	key "\\"
	send "inner"
	key Enter
	expect_screen "filter" 'filter inner  2 lruvecs \(\+4 ancestors\)'
	expect_names "filtered tree" "/ / fx-b fx-b inner inner "
	key "\\"
	send "zz"
	key Escape
	expect_screen "Esc keeps the old filter" 'filter inner  2 lruvecs'
	key F5
	expect_screen "flat under a filter" 'flat  filter inner  2 lruvecs *$'
	expect_names "filtered flat view" "/fx-b/inner /fx-b/inner "
	key F4
	key Enter
	expect_screen "empty filter: none" 'flat  1010 lruvecs'
	key F5
	info "filter: m01 -> 20 (+4 ancestors), Esc; inner -> / fx-b inner; flat shows only the matches"

	# 5. help scrolls and lists every key
	key F1
	expect_screen "help" '^help: lines 1-29 of [0-9]+'
	total=$(grep -oE 'of [0-9]+;' <<<"$SCREEN" | tr -dc 0-9)
	key End
	expect_screen "help end" "^help: lines $((total - 28))-$total of $total"
	expect_match "help end" "$SCREEN" 'keep the bars\.'
	help=$SCREEN
	key PgUp
	expect_screen "help up" "^help: lines [0-9]+-[0-9]+ of $total"
	help=$help$'\n'$SCREEN
	key Home
	expect_screen "help home" '^help: lines 1-29'
	help=$help$'\n'$SCREEN
	for k in 'q  F10' 'h \?  F1' 'space' 'Ctrl-L' 'up down j k' 'PgUp PgDn' 'Home g End G' 'Enter' \
		 '  e ' 's  S' 'F6' 't  F5' '/  F3' 'n  N' '\\  F4' '  i ' '  d ' '  r ' '  a '; do
		grep -qE -- "^ +${k# }" <<<"$help" || fail "help lists no key '$k'"
	done
	key q
	expect_screen "help closed, still running" '^lrugen [0-9:]+  delay'
	# Ctrl-L repaints what something else wrote on the terminal: paused,
	# lrugen redraws only what it changes, so the junk stays until then
	key Space
	expect_screen "paused" '  PAUSED'
	printf '\0337\033[12;5HJUNK-ON-THE-SCREEN\0338' >"$(tm display -p -t $LG_SESSION '#{pane_tty}')"
	expect_screen "junk written" 'JUNK-ON-THE-SCREEN'
	sleep 1.5	# a paused lrugen wakes once a second: the junk outlives it
	grep -q 'JUNK-ON-THE-SCREEN' <<<"$(screen)" || fail "the junk vanished without Ctrl-L: the test proves nothing"
	key C-l
	for _ in $(seq 1 50); do
		grep -q 'JUNK-ON-THE-SCREEN' <<<"$(screen)" || break
		sleep 0.1
	done
	grep -q 'JUNK-ON-THE-SCREEN' <<<"$(screen)" && fail "Ctrl-L left the junk on the screen"
	key Space
	expect_screen "running again" '^lrugen [0-9:]+  delay 1\.0s  sort memcg  tree  1010 lruvecs *$'
	info "help: $total lines, scrolls (End, PgUp, Home), every key; q closes; Ctrl-L repaints over junk"

	# 6. events off: said once, in the header; no pane
	n=$(grep -c 'events' <<<"$SCREEN")
	expect_eq "lines about events" "$n" 1
	expect_match "events line" "$SCREEN" '^events: off \(offline'
	key e
	expect_screen "e with events off" '^no event pane: events are off'
	quit F10

	# 7. a result longer than a line wraps; all of it is there
	: >"$root/sys/devices/system/node/node0/reclaim"
	top "$lrugen" 60 20
	key r n
	send 64M
	key Enter
	send y
	# the result, its lines joined again (without the spaces a line break
	# may have taken), once it is all there
	for _ in $(seq 1 100); do
		SCREEN=$(screen)
		msg=$(sed -n '/^.67108864. > /,$p' <<<"$SCREEN" | tr -d ' \n')
		[[ "$msg" == *"104M->104M" ]] && break
		sleep 0.2
	done
	expect_match "wrapped result" "$msg" "^'67108864'>$root/sys/devices/system/node/node0/reclaim:reclaimed.*of64Min[0-9.]+s;anon.*->.*,file104M->104M$"
	expect_eq "request written" "$(cat "$root/sys/devices/system/node/node0/reclaim")" 67108864
	lines=$(sed -n '/^.67108864. > /,$p' <<<"$SCREEN" | wc -l)
	[ "$lines" -ge 2 ] || fail "a result of ${#msg} characters on $lines line at 60 columns"
	key j
	expect_screen "result gone at the next key" '^F1Help'
	quit
	info "$bin: a reclaim result of ${#msg} characters wraps over $lines lines at 60 columns"

	# 8. -C and NO_COLOR: no colour; warnings keep bold
	for how in "-C" "NO_COLOR=1"; do
		if [ "$how" = -C ]; then
			top "$lrugen" 100 20 -C
		else
			top "env NO_COLOR=1 $lrugen" 100 20
		fi
		raw=$(tm capture-pane -ep -t $LG_SESSION)
		grep -qaE $'\e\\[[0-9;]*(3[0-7]|4[0-7])m' <<<"$raw" && fail "$how: colours on the screen"
		grep -a 'events: off' <<<"$raw" | grep -qa $'\e\\[1m' || fail "$how: the events-off warning is not bold"
		quit
	done
	top "$lrugen" 100 20
	raw=$(tm capture-pane -ep -t $LG_SESSION)
	grep -qaE $'\e\\[[0-9;]*3[0-7]m' <<<"$raw" || fail "no colour without -C: the check above would prove nothing"
	quit
	info "$bin: -C and NO_COLOR: no colour, warning bold; colour otherwise"
done
pass "lrugen top screens as expected, plain and ASan"

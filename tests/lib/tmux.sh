# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Drive a full-screen program through tmux as a user would: a detached
# session on a private server socket, keys in, the pane's text out. Used by
# the guest tests of lrugen top and by the offline screen test on the host.
# Whoever sources this calls tmux_stop when the test ends.

LG_TMUX=lrugen-test-$$	# the tmux server socket of this test's session
LG_TMUX_N=0
LG_TMUX_ON=
LG_TMUX_RC=
LG_SESSION=lrugen

tmux_stop() {
	[ -n "$LG_TMUX_ON" ] && tmux -L "$LG_TMUX" kill-server 2>/dev/null
	# each session gets a server of its own (see tmux_start)
	[ -n "$LG_TMUX_RC" ] && rm -f "$LG_TMUX_RC"
	LG_TMUX_ON=
}

require_tmux() {
	command -v tmux >/dev/null || skip "tmux is not installed (the host's tmux is used in the guest)"
}

tm() { tmux -L "$LG_TMUX" -f /dev/null "$@"; }

# tmux_start COLS ROWS: a detached session with an interactive shell whose
# prompt is "lrugen-shell$ "
tmux_start() {
	require_tmux
	# a new socket each time: a server just killed may still be going
	# away, and a new session would reach it and fail
	LG_TMUX_N=$((LG_TMUX_N + 1))
	LG_TMUX=lrugen-test-$$-$LG_TMUX_N
	LG_TMUX_ON=1
	local rc=${TMPDIR:-/tmp}/lrugen-bashrc-$$
	echo "PS1='lrugen-shell\$ '" >"$rc"
	LG_TMUX_RC=$rc
	tm new-session -d -s $LG_SESSION -x "$1" -y "$2" "exec bash --rcfile $rc -i" ||
		fail "cannot start tmux"
	expect_screen "tmux shell" "lrugen-shell\\$" 10
}

# send TEXT: type TEXT literally; key KEY...: send tmux key names (Enter...)
send() { tm send-keys -t $LG_SESSION -l "$1"; }
key() { tm send-keys -t $LG_SESSION "$@"; }

screen() { tm capture-pane -p -t $LG_SESSION; }

# wait_for_screen REGEX [SEC]: wait until the pane shows REGEX (extended
# grep); SCREEN holds the last capture. Returns 1 after SEC (default 20).
wait_for_screen() {
	local end=$((SECONDS + ${2:-20}))
	while :; do
		SCREEN=$(screen)
		grep -qE -- "$1" <<<"$SCREEN" && return 0
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}

# expect_screen WHAT REGEX [SEC]: wait_for_screen, or fail showing the pane
expect_screen() {
	wait_for_screen "$2" "${3:-20}" && return 0
	echo "--- screen ---"
	sed 's/ *$//' <<<"$SCREEN" | grep -v '^$'
	echo "--------------"
	fail "$1: '$2' not on the screen after ${3:-20} s"
}

# status_line: the last line of the pane
status_line() { screen | tail -n 1 | sed 's/ *$//'; }


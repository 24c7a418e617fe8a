#!/usr/bin/env bash
# lrugen top -b and lrugen exporter --once read lrugen autoreclaim's state
# file where --state FILE says, on a captured tree (LRUGEN_ROOT): a state
# at a path of the tree that is not the default shows in top's header and
# AR column and in the exporter's lrugen_autoreclaim_* families, and the
# different state at the default path, which both show without --state,
# is then not read; a relative FILE is taken from the working directory,
# an absolute one under LRUGEN_ROOT, as lrugen autoreclaim takes its own;
# a missing FILE is no controller, and the default is not read instead; a
# FILE that cannot be read is said with its path; the full-screen view,
# in tmux, shows FILE's state too. An empty FILE, a directory, a FIFO, a
# path through a regular file and --state with --replay exit 2 before
# anything starts: no frame, no metrics, no listening, no textfile. Runs
# the plain and the ASan+UBSan binary (lrugen_bins: LRUGEN_BIN and
# LRUGEN_BIN_SAN test another build).
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
# shellcheck source=../lib/tmux.sh
. "$(dirname "$0")/../lib/tmux.sh"
command -v tmux >/dev/null || fail "tmux is missing: run scripts/setup"
lrugen_bins
scratch_dir
trap 'tmux_stop; scratch_cleanup' EXIT
export LC_ALL=C

# ar_state FILE PERIOD_MS RECORD...: a state file whose writer is this
# shell, with one "lruvec" line for each "NODE ID PATH STATE REASON"
ar_state() {
	local f=$1 period=$2 r nid id path state reason
	shift 2
	echo "lrugen-autoreclaim version=1 pid=$$ time_ms=5123456 age_ms=120000 period_ms=$period dry_run=0 max_promotion_pct=0.2 max_psi_pct=0.5" >"$f"
	for r in "$@"; do
		read -r nid id path state reason <<<"$r"
		echo "lruvec node=$nid memcg_id=$id path=$path state=$state reason=$reason age_ms=120000 cold=1048576 ws=2097152 promotion_pct=0.05 psi_pct=0 requests=2 requested=4194304 reclaimed=3145728 backoffs_promotion=0 backoffs_psi=1 backoff_left_ms=0" >>"$f"
	done
}

# "MEMCG NODE AR" of each row of a top -b frame
ar_column() {
	awk '/ AR / { ar = 1 } /^\// { print $1, $2, (ar ? $12 : "none") }'
}

# "NODE MEMCG STATE" of each lruvec the exporter says is in that state
ar_series() {
	sed -n 's/^lrugen_autoreclaim_state{node="\([0-9]*\)",memcg="\([^"]*\)",lrugen_autoreclaim_state="\([a-z_]*\)"} 1$/\1 \2 \3/p' |
		sort
}

k=0
for lrugen in "${bins[@]}"; do
	bin=${lrugen#"$LRUGEN_TOP"/}
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	k=$((k + 1))
	root=$dir/root-$k
	mk_root "$root"
	export LRUGEN_ROOT=$root
	mkdir -p "$root/run/lrugen" "$root/srv/ar" "$root/proc/$$"
	# this shell is the controller: top asks kill(2), the exporter the
	# tree's /proc/PID/stat, which must name a running lrugen
	echo "$$ (lrugen) S 1 $$ $$ 0 -1 4194560 0 0 0 0 3 1 0 0 20 0 1 0 100050 0 0" >"$root/proc/$$/stat"
	# at the default path: every lruvec of /fx-a and /fx-b idle, a
	# period of 30 s
	ar_state "$root/run/lrugen/autoreclaim.state" 30000 "0 2 /fx-a idle nothing-cold" \
		"1 2 /fx-a idle nothing-cold" "0 3 /fx-b idle nothing-cold" "1 3 /fx-b idle nothing-cold"
	# at /srv/ar/ctl.state: /fx-a reclaims on node 0, /fx-b backs off on
	# node 1 (and /fx-b/inner there through it), a period of 10 s
	ar_state "$root/srv/ar/ctl.state" 10000 "0 2 /fx-a reclaim cold-above-target" \
		"1 3 /fx-b backoff psi-above-bound"
	want_default=$(printf '%s\n' '/ 0 -' '/ 1 -' '/fx-a 0 idle' '/fx-a 1 idle' '/fx-b 0 idle' \
		'/fx-b 1 idle' '/fx-b/inner 0 ^idle' '/fx-b/inner 1 ^idle')
	want_other=$(printf '%s\n' '/ 0 -' '/ 1 -' '/fx-a 0 recl' '/fx-a 1 -' '/fx-b 0 -' \
		'/fx-b 1 back' '/fx-b/inner 0 -' '/fx-b/inner 1 ^back')

	# without --state: the default path's state, so that it is there to
	# be ignored below
	out=$("$lrugen" top -b -n 1 --no-events 2>&1) || fail "$bin: top -b failed: $out"
	expect_match "$bin: top, default path: header" "$out" \
		"^autoreclaim: pid $$  age 2m00s  period 30\.0s  4 memcg x node: 4 idle\$"
	expect_eq "$bin: top, default path: AR" "$(ar_column <<<"$out")" "$want_default"
	out=$("$lrugen" exporter --once --no-events 2>"$dir/err") || fail "$bin: exporter --once failed: $(cat "$dir/err")"
	expect_eq "$bin: exporter, default path: states" "$(ar_series <<<"$out")" \
		"$(printf '%s\n' '0 /fx-a idle' '0 /fx-b idle' '1 /fx-a idle' '1 /fx-b idle')"

	# --state at another path of the tree: its state, and nothing of the
	# default's
	for arg in /srv/ar/ctl.state relative; do
		if [ "$arg" = relative ]; then
			out=$(cd "$root/srv/ar" && "$lrugen" top -b -n 2 -d 0.1 --no-events --state ctl.state 2>&1)
		else
			out=$("$lrugen" top -b -n 2 -d 0.1 --no-events --state "$arg" 2>&1)
		fi
		expect_eq "$bin: top --state $arg: exit status" "$?" 0
		expect_eq "$bin: top --state $arg: frames" "$(grep -c '^lrugen .* frame ' <<<"$out")" 2
		expect_eq "$bin: top --state $arg: a header line a frame" \
			"$(grep -c "^autoreclaim: pid $$  age 2m00s  period 10\.0s  2 memcg x node: 1 reclaim 1 backoff\$" <<<"$out")" 2
		expect_eq "$bin: top --state $arg: AR, both frames" "$(ar_column <<<"$out")" \
			"$want_other"$'\n'"$want_other"
		grep -q 'period 30\.0s\|idle' <<<"$out" && fail "$bin: top --state $arg: the default path's state shows: $out"
	done
	(cd "$root/srv/ar" && "$lrugen" exporter --once --no-events --state ctl.state) >"$dir/rel.prom" 2>"$dir/err" ||
		fail "$bin: exporter --state ctl.state (relative) failed: $(cat "$dir/err")"
	"$lrugen" exporter --once --no-events --state /srv/ar/ctl.state >"$dir/abs.prom" 2>"$dir/err" ||
		fail "$bin: exporter --state /srv/ar/ctl.state failed: $(cat "$dir/err")"
	expect_eq "$bin: exporter --state: nothing on stderr" "$(cat "$dir/err")" ""
	for f in abs rel; do
		expect_eq "$bin: exporter --state ($f): up" "$(grep '^lrugen_autoreclaim_up ' "$dir/$f.prom")" \
			"lrugen_autoreclaim_up 1"
		expect_eq "$bin: exporter --state ($f): states, none of the default's" "$(ar_series <"$dir/$f.prom")" \
			"$(printf '%s\n' '0 /fx-a reclaim' '1 /fx-b backoff')"
	done
	# the same samples but for the exporter's own figures
	expect_eq "$bin: exporter --state: relative is absolute" \
		"$(grep -v '^lrugen_exporter_' "$dir/rel.prom")" "$(grep -v '^lrugen_exporter_' "$dir/abs.prom")"

	# a missing file: no controller, and the default is not read instead
	out=$("$lrugen" top -b -n 1 --no-events --state /srv/ar/none.state 2>&1)
	expect_eq "$bin: top, missing --state: exit status" "$?" 0
	expect_match "$bin: top, missing --state: a frame" "$out" '^lrugen .* frame 1 '
	grep -qE '^autoreclaim| AR ' <<<"$out" && fail "$bin: top, missing --state: a controller shows: $out"
	out=$("$lrugen" exporter --once --no-events --state /srv/ar/none.state 2>"$dir/err")
	expect_eq "$bin: exporter, missing --state: exit status" "$?" 0
	expect_eq "$bin: exporter, missing --state: up 0 alone" "$(grep '^lrugen_autoreclaim_' <<<"$out")" \
		"lrugen_autoreclaim_up 0"
	expect_eq "$bin: exporter, missing --state: nothing on stderr" "$(cat "$dir/err")" ""

	# a file that cannot be read is said with its own path
	sed '1s/version=1/version=9/' "$root/srv/ar/ctl.state" >"$root/srv/ar/new.state"
	out=$("$lrugen" top -b -n 1 --no-events --state /srv/ar/new.state 2>&1) ||
		fail "$bin: top --state on a newer file failed: $out"
	expect_match "$bin: top, newer --state: warning" "$out" \
		"^autoreclaim: state not shown: $root/srv/ar/new.state: line 1: version 9: "
	out=$("$lrugen" exporter --once --no-events --state /srv/ar/new.state 2>"$dir/err") ||
		fail "$bin: exporter --state on a newer file failed: $(cat "$dir/err")"
	expect_eq "$bin: exporter, newer --state: up 0 alone" "$(grep '^lrugen_autoreclaim_' <<<"$out")" \
		"lrugen_autoreclaim_up 0"
	expect_match "$bin: exporter, newer --state: said" "$(cat "$dir/err")" \
		"^lrugen exporter: lrugen autoreclaim's state: $root/srv/ar/new.state: line 1: version 9: "

	# bad --state: exit 2 and why, before a frame, a sample, a socket or
	# a textfile; a FIFO is refused, not opened (which would block)
	mkfifo "$root/srv/fifo"
	mkdir -p "$dir/bad"
	for arg in "" /srv /srv/ /srv/fifo /srv/ar/ctl.state/x; do
		for cmd in "top -b -n 1 --no-events" "exporter --once --no-events" \
			"exporter -l 127.0.0.1:0 --no-events" "exporter --textfile $dir/bad/x.prom --no-events"; do
			# shellcheck disable=SC2086 # $cmd is a whole command line
			timeout 20 "$lrugen" $cmd --state "$arg" >"$dir/out" 2>"$dir/err"
			expect_eq "$bin: $cmd --state '$arg': exit status" "$?" 2
			expect_match "$bin: $cmd --state '$arg': message" "$(cat "$dir/err")" \
				"^lrugen (top|exporter): --state: .*: give "
			expect_eq "$bin: $cmd --state '$arg': nothing on stdout" "$(cat "$dir/out")" ""
			grep -q serving "$dir/err" && fail "$bin: $cmd --state '$arg': it listened: $(cat "$dir/err")"
		done
	done
	expect_eq "$bin: no textfile written for a bad --state" "$(ls -A "$dir/bad")" ""
	err=$("$lrugen" exporter --once --state '' 2>&1)
	expect_eq "$bin: exporter --state '': message" "$err" \
		"lrugen exporter: --state: an empty path: give the file lrugen autoreclaim --state writes, such as /run/lrugen/autoreclaim.state"
	err=$("$lrugen" top -b -n 1 --no-events --state /srv 2>&1)
	expect_eq "$bin: top --state on a directory: message" "$err" \
		"lrugen top: --state: $root/srv is a directory: give the file lrugen autoreclaim --state writes, such as /srv/autoreclaim.state"
	err=$("$lrugen" exporter --once --state /srv/fifo 2>&1)
	expect_eq "$bin: exporter --state on a FIFO: message" "$err" \
		"lrugen exporter: --state: $root/srv/fifo is not a regular file: give the file lrugen autoreclaim --state writes"
	# --replay shows no controller: refused before the recording is read
	out=$("$lrugen" top -b --replay "$fx/rec/lrugen.dat" --state /srv/ar/ctl.state 2>"$dir/err")
	expect_eq "$bin: top --replay --state: exit status" "$?" 2
	expect_match "$bin: top --replay --state: message" "$(cat "$dir/err")" \
		"^lrugen top: --state is for the live system, not --replay"
	expect_eq "$bin: top --replay --state: no frame" "$out" ""
	# the full-screen view, in tmux: --state's header line and AR column
	tmux_start 160 30
	send "$lrugen top --no-events --state /srv/ar/ctl.state 2>$dir/tui.err; echo lrugen-exit=\$?"
	key Enter
	expect_screen "$bin: full-screen --state: header" \
		"^autoreclaim: pid $$  age 2m00s  period 10\.0s  2 memcg x node: 1 reclaim 1 backoff"
	expect_screen "$bin: full-screen --state: the key bar" '^F1Help'
	got=$(awk '/^MEMCG/ { t = 1; next } t && $2 ~ /^[01]$/ { print $1, $2, $9 }' <<<"$SCREEN")
	expect_eq "$bin: full-screen --state: AR" "$got" \
		"$(printf '%s\n' '/ 0 -' '/ 1 -' 'fx-a 0 recl' 'fx-a 1 -' 'fx-b 0 -' 'fx-b 1 back' 'inner 0 -' 'inner 1 ^back')"
	key q
	expect_screen "$bin: full-screen --state: quit" 'lrugen-exit=[0-9]+'
	expect_match "$bin: full-screen --state: exit status" "$SCREEN" 'lrugen-exit=0'
	expect_eq "$bin: full-screen --state: nothing on stderr" "$(cat "$dir/tui.err")" ""
	tmux_stop
	info "$bin: --state's file shown by top -b and the exporter, the default's not; bad --state refused"
done
pass

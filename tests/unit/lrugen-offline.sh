#!/usr/bin/env bash
# lrugen end to end on a captured tree (LRUGEN_ROOT): the JSON snapshot
# holds exactly the generations in lru_gen_full, counted here with awk; the
# text frame lists every lruvec; reclaim and age write exactly the request
# nodeN/reclaim, memory.reclaim and debugfs lru_gen take; bad input exits 2
# and writes nothing; record refuses a user who is not root. lrugen top -b
# sorts by WS and COLD, and shows lrugen autoreclaim's state per lruvec
# from a state file whose writer runs (a file written here, and a dry-run
# controller's own), ignores one whose writer is gone, and warns about a
# malformed one. Runs the plain and the ASan+UBSan
# binary (lrugen_bins: LRUGEN_BIN and LRUGEN_BIN_SAN test another build).
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
command -v jq >/dev/null || skip "needs jq (scripts/setup installs it)"
lrugen_bins
dir=$(mktemp -d)
ctl=
trap '[ -z "$ctl" ] || kill "$ctl" 2>/dev/null; rm -rf "$dir"' EXIT

# "path node seq anon file" per generation, straight from the file
awk_gens() {
	awk '$1 == "memcg" { p = $3 } $1 == "node" { n = $2 }
	     NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		a = $3; f = $4; sub(/x$/, "", a); sub(/x$/, "", f); print p, n, $1, a, f }' "$1"
}

# live_tree ROOT: mk_root's tree with memcgs /j and /j/k whose directories
# are real, so that their inodes are the ids lru_gen_full lists, as lrugen
# autoreclaim checks; with the files it reads of them
live_tree() {
	local r=$1 cg m ij ik

	mk_root "$r"
	mkdir -p "$r/run/lrugen"
	cg=$r/sys/fs/cgroup
	: >"$cg/cgroup.controllers"
	for m in j j/k; do
		mkdir -p "$cg/$m"
		: >"$cg/$m/cgroup.controllers"
		printf 'anon 0\nworkingset_refault_anon 0\nworkingset_refault_file 0\n' >"$cg/$m/memory.stat"
		printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' \
			>"$cg/$m/memory.pressure"
		echo 1073741824 >"$cg/$m/memory.current"
	done
	ij=$(stat -c %i "$cg/j")
	ik=$(stat -c %i "$cg/j/k")
	printf '%s\n' "memcg     1 /" " node     0" "          0     500000         10         10" \
		"          1     400000          0          0" "memcg $ij /j" " node     0" \
		"          3     300000       1000        100" "          4      10000        100          0" \
		"memcg $ik /j/k" " node     0" "          3     300000       1000          0" \
		"          4      10000        100          0" >"$r/sys/kernel/debug/lru_gen_full"
}

# the sizes in a column of top -b's rows, in bytes, one a line
col_bytes() {
	awk -v c="$1" '/^\// { v = $c; m = 1
		if (v ~ /K$/) m = 1024; else if (v ~ /M$/) m = 1048576; else if (v ~ /G$/) m = 1073741824
		sub(/[KMG]$/, "", v); printf "%.0f\n", v * m }'
}

# autoreclaim_state PID FILE: a state file of a controller with that pid:
# /fx-a reclaims on node 0 and idles on node 1, /fx-b backs off on node 0
# (its child /fx-b/inner is reached through it), nothing watches node 1's
# /fx-b
autoreclaim_state() {
	printf '%s\n' \
		"lrugen-autoreclaim version=1 pid=$1 time_ms=5123456 age_ms=120000 period_ms=10000 dry_run=0 max_promotion_pct=0.2 max_psi_pct=0.5" \
		"lruvec node=0 memcg_id=2 path=/fx-a state=reclaim reason=cold-above-target age_ms=120000 cold=104857600 ws=52428800 promotion_pct=0.05 psi_pct=0 requests=12 requested=805306368 reclaimed=792723456 backoffs_promotion=1 backoffs_psi=0 backoff_left_ms=0" \
		"lruvec node=1 memcg_id=2 path=/fx-a state=idle reason=nothing-cold age_ms=120000 cold=0 ws=8388608 promotion_pct=0.05 psi_pct=0 requests=3 requested=12582912 reclaimed=12582912 backoffs_promotion=0 backoffs_psi=0 backoff_left_ms=0" \
		"lruvec node=0 memcg_id=3 path=/fx-b state=backoff reason=psi-above-bound age_ms=120000 cold=67108864 ws=268435456 promotion_pct=0.125 psi_pct=1.5 requests=4 requested=268435456 reclaimed=201326592 backoffs_promotion=0 backoffs_psi=3 backoff_left_ms=40000" \
		>"$2"
}

k=0
for lrugen in "${bins[@]}"; do
	bin=${lrugen#"$LRUGEN_TOP"/tools/lrugen/}
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	k=$((k + 1))
	root=$dir/root-$k
	mk_root "$root"
	export LRUGEN_ROOT=$root

	json=$("$lrugen" snapshot --json) || fail "$bin: snapshot --json failed"
	got=$(jq -r '.lruvecs[] | . as $l | .gens[] | "\($l.memcg) \($l.nid) \(.seq) \(.anon) \(.file)"' <<<"$json")
	want=$(awk_gens "$root/sys/kernel/debug/lru_gen_full")
	expect_eq "$bin: JSON generations vs lru_gen_full" "$got" "$want"
	expect_eq "$bin: JSON nodes" "$(jq -c '[.nodes[].nid]' <<<"$json")" "[0,1]"
	expect_eq "$bin: node0 MemTotal" "$(jq '.nodes[0].mem_total_kb' <<<"$json")" \
		"$(awk '/MemTotal/ { print $4 }' "$fx/node0-meminfo.txt")"
	expect_eq "$bin: lru_gen enabled" "$(jq '.lru_gen.enabled' <<<"$json")" 7

	text=$("$lrugen" snapshot) || fail "$bin: snapshot failed"
	rows=$(grep -cE '^/[^ ]* +[01] +[0-9]+ +[0-9]+\.\.[0-9]+ ' <<<"$text")
	expect_eq "$bin: text rows (4 memcgs x 2 nodes)" "$rows" 8
	expect_match "$bin: node header" "$text" '^node1: total '

	frames=$("$lrugen" top -b -n 2 -d 0.1 --no-events) || fail "$bin: top -b failed"
	expect_eq "$bin: top -b -n 2 frames" "$(grep -c '^lrugen .* frame ' <<<"$frames")" 2
	# WS and COLD after EVICT/s, where a snapshot's columns end; no AR
	# and no autoreclaim line without a controller
	expect_match "$bin: top -b titles" "$frames" \
		'^MEMCG +NODE +ID +SEQ +ANON +FILE +OLDEST +BIRTH/m +EVICT/s +WS +COLD +GENERATIONS '
	grep -q '^autoreclaim' <<<"$frames" && fail "$bin: an autoreclaim line without a state file"
	expect_match "$bin: snapshot titles keep their columns" "$text" \
		'^MEMCG +NODE +ID +SEQ +ANON +FILE +OLDEST +BIRTH/m +EVICT/s +GENERATIONS '

	# -s ws and -s cold: biggest first, in the title; the fixture's
	# 100M of cold in /fx-a on node 0 comes first
	for key in ws cold; do
		col=$([ "$key" = ws ] && echo 10 || echo 11)
		out=$("$lrugen" top -b -n 1 -s "$key" --no-events) || fail "$bin: top -b -s $key failed"
		expect_match "$bin: -s $key title" "$(head -n 1 <<<"$out")" "  sort $key\$"
		got=$(col_bytes "$col" <<<"$out")
		expect_eq "$bin: -s $key: 8 rows, biggest first" "$got" "$(sort -rn <<<"$got")"
		expect_eq "$bin: -s $key: 8 rows" "$(wc -l <<<"$got")" 8
		[ "$(sort -u <<<"$got" | wc -l)" -ge 3 ] || fail "$bin: -s $key: all rows alike, the order proves nothing: $got"
	done
	expect_match "$bin: -s cold: /fx-a on node 0 first" "$(grep -m 1 '^/' <<<"$out")" '^/fx-a +0 +2 .* 200M +100M  [0-9]'
	err=$("$lrugen" top -b -n 1 -s wss 2>&1)
	expect_eq "$bin: -s wss: exit status" "$?" 2
	expect_match "$bin: -s wss: message" "$err" "unknown sort key 'wss'"

	# lrugen autoreclaim's state: this shell is the running controller
	mkdir -p "$root/run/lrugen"
	state=$root/run/lrugen/autoreclaim.state
	autoreclaim_state $$ "$state"
	out=$("$lrugen" top -b -n 1 --no-events) || fail "$bin: top -b with a controller failed"
	expect_match "$bin: autoreclaim line" "$out" \
		"^autoreclaim: pid $$  age 2m00s  period 10\.0s  3 memcg x node: 1 idle 1 reclaim 1 backoff\$"
	expect_match "$bin: AR title" "$out" ' +WS +COLD +AR +GENERATIONS '
	got=$(awk '/^\// { print $1, $2, $12 }' <<<"$out")
	expect_eq "$bin: AR per lruvec (own, through /fx-b, not watched)" "$got" \
		"$(printf '%s\n' '/ 0 -' '/ 1 -' '/fx-a 0 recl' '/fx-a 1 idle' '/fx-b 0 back' '/fx-b 1 -' \
			'/fx-b/inner 0 ^back' '/fx-b/inner 1 -')"
	# a snapshot is the model only
	grep -q '^autoreclaim' <<<"$("$lrugen" snapshot)" && fail "$bin: snapshot shows the controller"

	# a controller that died leaves its file: ignored
	sh -c 'exit 0' &
	dead=$!
	wait $dead
	kill -0 $dead 2>/dev/null && fail "pid $dead still runs after wait: cannot test a dead pid"
	autoreclaim_state $dead "$state"
	out=$("$lrugen" top -b -n 1 --no-events 2>&1) || fail "$bin: top -b with a dead controller's file failed"
	grep -qE '^autoreclaim| AR ' <<<"$out" && fail "$bin: a dead controller's state is shown: $out"

	# a malformed file, a newer version: one warning line, frames go on
	autoreclaim_state $$ "$state"
	echo "lruvec node=1 garbage" >>"$state"
	out=$("$lrugen" top -b -n 2 -d 0.1 --no-events 2>&1)
	expect_eq "$bin: malformed state: exit status" "$?" 0
	expect_eq "$bin: malformed state: frames" "$(grep -c '^lrugen .* frame ' <<<"$out")" 2
	expect_eq "$bin: malformed state: a warning a frame" \
		"$(grep -c "^autoreclaim: state not shown: $state: line 5: 'garbage': not a key=value field\$" <<<"$out")" 2
	grep -q ' AR ' <<<"$out" && fail "$bin: a malformed state file's records are shown"
	sed -i '1s/version=1/version=2/; $d' "$state"
	out=$("$lrugen" top -b -n 1 --no-events 2>&1) || fail "$bin: top -b with a newer state file failed"
	expect_match "$bin: newer state: warning" "$out" \
		"^autoreclaim: state not shown: $state: line 1: version 2: this lrugen reads version 1 and older"
	rm -r "$root/run"

	# what a running lrugen autoreclaim (a dry run: it writes nothing but
	# its state) writes, top shows: /j's lruvec on node 0 its own state,
	# /j/k's the same through /j; nothing once it has stopped
	live=$dir/live-$k
	live_tree "$live"
	LRUGEN_ROOT=$live "$lrugen" autoreclaim -n -a 100 -d 0.2 --node 0 /j >"$live/log" 2>"$live/err" &
	ctl=$!
	for ((i = 0; i < 200; i++)); do
		[ -s "$live/run/lrugen/autoreclaim.state" ] && break
		kill -0 $ctl 2>/dev/null || break
		sleep 0.05
	done
	[ -s "$live/run/lrugen/autoreclaim.state" ] ||
		fail "$bin: lrugen autoreclaim -n wrote no state file in 10 s: $(cat "$live/err")"
	out=$(LRUGEN_ROOT=$live "$lrugen" top -b -n 1 --no-events 2>&1) || fail "$bin: top -b with a running controller failed"
	expect_match "$bin: running controller: autoreclaim line" "$out" \
		"^autoreclaim: pid $ctl  dry run  age 1m40s  period 200ms  1 memcg x node: 1 [a-z-]+\$"
	got=$(awk '/^\// && $2 == 0 { print $1, $12 }' <<<"$out")
	own=$(sed -n 's|^/j \(.*\)|\1|p' <<<"$got")
	[[ $own =~ ^(wait|idle|dry)$ ]] || fail "$bin: running controller: /j's AR is '$own', not wait, idle or dry: $got"
	expect_eq "$bin: running controller: AR per lruvec on node 0" "$got" \
		"$(printf '%s\n' '/ -' "/j $own" "/j/k ^$own")"
	kill -TERM $ctl
	wait $ctl
	expect_eq "$bin: running controller: exit status after SIGTERM" "$?" 0
	ctl=
	out=$(LRUGEN_ROOT=$live "$lrugen" top -b -n 1 --no-events 2>&1) || fail "$bin: top -b after the controller failed"
	grep -qE '^autoreclaim| AR ' <<<"$out" && fail "$bin: the controller's state is shown after it stopped: $out"
	info "$bin: top -b: -s ws and -s cold in order; AR from a running controller's state, none from a dead one's, a warning for a bad one"

	# reclaim: the exact request each file gets
	out=$("$lrugen" reclaim --node 0 --memcg /fx-a --swappiness 30 --flags clean 64M) ||
		fail "$bin: reclaim into the fake tree failed: $out"
	expect_eq "$bin: nodeN/reclaim request" "$(cat "$root/sys/devices/system/node/node0/reclaim")" \
		"67108864 swappiness=30 memcg=2 flags=clean"
	"$lrugen" reclaim --memcg 2 --swappiness 0 1G >/dev/null || fail "$bin: memory.reclaim failed"
	expect_eq "$bin: memory.reclaim request" "$(cat "$root/sys/fs/cgroup/fx-a/memory.reclaim")" \
		"1073741824 swappiness=0"
	"$lrugen" age --node 1 --memcg /fx-b/inner >/dev/null || fail "$bin: age failed"
	expect_eq "$bin: age request" "$(cat "$root/sys/kernel/debug/lru_gen")" "+ 4 1 4"
	"$lrugen" age --node 0 --memcg /fx-a --evict >/dev/null || fail "$bin: evict failed"
	expect_eq "$bin: evict request" "$(cat "$root/sys/kernel/debug/lru_gen")" "- 2 0 2"

	# bad input: exit 2, a reason, nothing written. A swappiness of "+",
	# 300 zeros and "1" once passed strtol(): the request overflowed its
	# buffer, or was cut before memcg= and reclaimed from the whole node.
	zeros=$(printf '%0300d1' 0)
	: >"$root/sys/devices/system/node/node0/reclaim"
	for args in "--node 0 0" "--node 0 64Q" "--node 0 --swappiness 201 1M" \
		"--node 0 --flags bogus 1M" "--node 0 --memcg /nope 1M" "--node 7 1M" \
		"--node 0" "1M" "--memcg /fx-a --flags clean 1M" "--node 0 --swappiness max --flags clean 1M" \
		"--node 0 --swappiness +5 1M" "--node 0 --swappiness 0x10 1M" \
		"--node 0 --memcg /fx-a --flags clean --swappiness +$zeros 1M"; do
		# shellcheck disable=SC2086 # $args is a whole command line
		err=$("$lrugen" reclaim $args 2>&1 >/dev/null)
		rc=$?
		expect_eq "$bin: reclaim $args: exit status" "$rc" 2
		[ -n "$err" ] || fail "$bin: reclaim $args: no message"
	done
	expect_eq "$bin: nothing written by bad requests" "$(cat "$root/sys/devices/system/node/node0/reclaim")" ""
	err=$("$lrugen" top -b -d 0 2>&1)
	expect_eq "$bin: top -d 0 exit status" "$?" 2
	expect_match "$bin: top -d 0 message" "$err" "delay must be"
	# kswapd CPU of node0's kswapd, and none for node1's impostor
	expect_match "$bin: node0 kswapd" "$(grep '^node0:' <<<"$frames" | tail -n 1)" " kswapd 0\.0% "
	expect_match "$bin: node1 kswapd" "$(grep '^node1:' <<<"$frames" | tail -n 1)" " kswapd - "
	# offline means no events: the live tracefs is not the captured tree's
	out=$("$lrugen" top -b -n 1 -d 0.1 2>/dev/null) || fail "$bin: top -b with events failed"
	expect_match "$bin: events offline" "$out" "^events: off \(offline \(LRUGEN_ROOT\): snapshots only\)"
	# a NaN passed both range checks and the loop spun without a delay
	err=$("$lrugen" top -b -n 2 -d nan 2>&1)
	expect_eq "$bin: top -d nan exit status" "$?" 2
	expect_match "$bin: top -d nan message" "$err" "delay must be"
	err=$("$lrugen" frobnicate 2>&1)
	expect_eq "$bin: unknown command exit status" "$?" 2

	# a file without end is refused at 256 MiB, not read until memory runs out
	mv "$root/sys/kernel/debug/lru_gen_full" "$root/full.txt"
	ln -s /dev/zero "$root/sys/kernel/debug/lru_gen_full"
	err=$("$lrugen" snapshot 2>&1)
	expect_eq "$bin: endless lru_gen_full: exit status" "$?" 1
	expect_match "$bin: endless lru_gen_full: message" "$err" "lru_gen_full: File too large"
	rm "$root/sys/kernel/debug/lru_gen_full"
	mv "$root/full.txt" "$root/sys/kernel/debug/lru_gen_full"

	# a delegated cgroup's name cannot reach the terminal: an OSC title
	# change, a BEL and a byte that is not UTF-8 come out escaped, and
	# the JSON stays valid
	evil=$dir/evil-$k
	mk_root "$evil"
	printf 'memcg 77 /evil\033]0;pwned\007\377\n node 0\n 3 100 1 2\n' \
		>>"$evil/sys/kernel/debug/lru_gen_full"
	text=$(LRUGEN_ROOT=$evil "$lrugen" top -b -n 1 -d 0.1 --no-events) || fail "$bin: top -b on the evil tree"
	json=$(LRUGEN_ROOT=$evil "$lrugen" snapshot --json) || fail "$bin: snapshot --json on the evil tree"
	LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f\xff]' <<<"$text$json" &&
		fail "$bin: a control byte or a non-UTF-8 byte reached the output"
	expect_match "$bin: evil name in the frame" "$text" '^/evil\\x1b\]0;pwned\\x07\\xff +0 +77 '
	jq empty <<<"$json" || fail "$bin: the evil tree's JSON does not parse"
	grep -qF '"memcg": "/evil\u001b]0;pwned\u0007\ufffd"' <<<"$json" ||
		fail "$bin: evil name in the JSON: $(grep -F '"memcg_id": 77' <<<"$json")"

	# A bad read after good ones keeps the last good model and says so:
	# lru_gen_full is a FIFO fed a good file (frame 1; the check at start
	# reads nothing), a copy cut inside a line (frame 2) and junk (frame
	# 3). A cut read showed 2 of 8 lruvecs, and junk ended top with exit 1.
	fifo=$dir/fifo-$k
	mk_root "$fifo"
	mv "$fifo/sys/kernel/debug/lru_gen_full" "$fifo/good"
	cut=$(($(stat -c %s "$fifo/good") / 3))
	while [ "$(tail -c +$cut "$fifo/good" | head -c 1 | od -An -c | tr -d ' ')" = '\n' ]; do
		cut=$((cut + 1))
	done
	head -c $cut "$fifo/good" >"$fifo/cut"
	echo "no such format" >"$fifo/junk"
	mkfifo "$fifo/sys/kernel/debug/lru_gen_full"
	# Each cat must meet the open of the frame it is for. A writer that
	# opened while the previous frame's reader still held the FIFO would
	# write into a pipe that reader never reads (it had its EOF), and the
	# last frame would then wait for a writer that never comes. top closes
	# lru_gen_full before it prints the frame (and flushes it), so the
	# feeder opens the next writer only once that frame is printed.
	: >"$fifo/out"
	(
		n=0
		for f in good cut junk; do
			cat "$fifo/$f" >"$fifo/sys/kernel/debug/lru_gen_full"
			n=$((n + 1))
			until grep -q "^lrugen .* frame $n " "$fifo/out"; do sleep 0.02; done
		done
	) &
	feeder=$!
	LRUGEN_ROOT=$fifo timeout 60 "$lrugen" top -b -n 3 -d 0.1 --no-events >"$fifo/out" 2>"$fifo/err"
	rc=$?
	text=$(cat "$fifo/out")
	kill $feeder 2>/dev/null
	wait $feeder 2>/dev/null
	expect_eq "$bin: top -b over bad reads: exit status" "$rc" 0
	rows=$(grep -c '^/' <<<"$text")
	expect_eq "$bin: lruvec rows in 3 frames over bad reads" "$rows" 24
	expect_match "$bin: frame 2 warning" "$(cat "$fifo/err")" \
		"^lrugen: frame 2: .*lru_gen_full: .*the read ended inside a line; showing the last good refresh$"
	expect_match "$bin: frame 3 warning" "$(cat "$fifo/err")" \
		"^lrugen: frame 3: .*lru_gen_full: nothing parsed \(not lru_gen_full\?\): 1 bad line, first at line 1; showing the last good refresh$"

	# a kernel without MGLRU
	rm "$root/sys/kernel/mm/lru_gen/enabled"
	err=$("$lrugen" snapshot 2>&1)
	expect_eq "$bin: no MGLRU: exit status" "$?" 1
	expect_match "$bin: no MGLRU: message" "$err" "no multi-gen LRU"
	# lrugen record as a user who is not root stops before it touches
	# tracefs (here, rather than in the guest: there the binary and its
	# libraries come over 9p, where another uid's first exec once hung)
	command -v setpriv >/dev/null || fail "setpriv is missing (util-linux)"
	chmod 711 "$dir"
	mkdir -p "$dir/nobody" && chmod 1777 "$dir/nobody"
	cp "$lrugen" "$dir/nobody/lrugen" && chmod 755 "$dir/nobody/lrugen"
	err=$(cd "$dir/nobody" && env -u LRUGEN_ROOT timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$dir/nobody/lrugen" record -o "$dir/nobody/x.dat" 2>&1)
	expect_eq "$bin: record, not root: exit status" "$?" 1
	expect_match "$bin: record, not root: message" "$err" "needs root"
	[ -e "$dir/nobody/x.dat" ] && fail "$bin: record, not root: $dir/nobody/x.dat was made"
	info "$bin: snapshot, JSON, frames, requests and errors as expected"
done
pass

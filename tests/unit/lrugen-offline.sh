#!/usr/bin/env bash
# lrugen end to end on a captured tree (LRUGEN_ROOT): the JSON snapshot
# holds exactly the generations in lru_gen_full, counted here with awk; the
# text frame lists every lruvec; reclaim and age write exactly the request
# nodeN/reclaim, memory.reclaim and debugfs lru_gen take; bad input exits 2
# and writes nothing; record refuses a user who is not root. Runs the
# plain and the ASan+UBSan binary.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
command -v jq >/dev/null || skip "needs jq (scripts/setup installs it)"
make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# "path node seq anon file" per generation, straight from the file
awk_gens() {
	awk '$1 == "memcg" { p = $3 } $1 == "node" { n = $2 }
	     NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		a = $3; f = $4; sub(/x$/, "", a); sub(/x$/, "", f); print p, n, $1, a, f }' "$1"
}

for bin in build/lrugen build-san/lrugen; do
	lrugen=$LRUGEN_TOP/tools/lrugen/$bin
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	root=$dir/root-${bin%%/*}
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
	evil=$dir/evil-${bin%%/*}
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
	fifo=$dir/fifo-${bin%%/*}
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

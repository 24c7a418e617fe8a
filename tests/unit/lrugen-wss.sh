#!/usr/bin/env bash
# lrugen wss offline: on a captured tree (LRUGEN_ROOT) its bins are the
# generations of lrugen snapshot --json and every page is in the working
# set or cold; on a hand-made lru_gen_full, the working set, cold and
# uncertain pages worked out by hand for windows inside a bin, on a birth
# and past the oldest; -i/-t write one '+' per round per lruvec to debugfs
# lru_gen, as lrugen age does, and SIGINT stops them with status 130;
# --replay --at estimates a recording's snapshot; 17 bad command lines
# exit 2 with a message and write nothing.
# Runs the plain and the ASan+UBSan binary.
#
# LRUGEN_BIN=PATH (and LRUGEN_BIN_SAN=PATH, its ASan+UBSan twin) tests
# another build instead of making tools/lrugen/build and build-san.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
command -v jq >/dev/null || fail "jq is missing: run scripts/setup"
lrugen_bins
rec=$LRUGEN_TOP/tests/fixtures/lrugen/rec
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C
psize=$(getconf PAGESIZE)

# Generations of memcg 5 /wss on node 0, oldest first: seq age anon file.
# Bins: seq 10 [0, 10ms), 9 [10ms, 10s), 8 [10s, 20s), 7 [20s, open).
cat >"$dir/hand.txt" <<'EOF'
memcg     1 /
 node     0
          0      50000          0          0
          1      40000          0          0
          2      30000          7          3
          3         20          1          1
memcg     5 /wss
 node     0
          7      30000       1000          0
          8      20000        100          0
          9      10000       2000         50
         10         10          5          0
EOF

# wss_sel JSON MEMCG NID JQ: one value of one lruvec
wss_sel() {
	jq -r --arg m "$2" --argjson n "$3" ".lruvecs[] | select(.memcg == \$m and .nid == \$n) | $4" <<<"$1"
}

for lrugen in "${bins[@]}"; do
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	b=${lrugen#"$LRUGEN_TOP"/}
	root=$dir/root
	rm -rf "$root"
	mk_root "$root"
	export LRUGEN_ROOT=$root

	# the captured tree: bins are the generations, no page lost
	snap=$("$lrugen" snapshot --json) || fail "$b: snapshot --json failed"
	for w in 0.001 1 6 120 100000; do
		json=$("$lrugen" wss --json -w "$w") || fail "$b: wss --json -w $w failed"
		expect_eq "$b: -w $w: window_ms" "$(jq .window_ms <<<"$json")" \
			"$(awk -v w="$w" 'BEGIN { printf "%d", w * 1000 + 0.5 }')"
		got=$(jq -r '.lruvecs[] | . as $l | .bins[] | "\($l.memcg) \($l.nid) \(.seq) \(.anon) \(.file)"' <<<"$json" | sort)
		want=$(jq -r '.lruvecs[] | . as $l | .gens[] |
			"\($l.memcg) \($l.nid) \(.seq) \(if .anon_evicted then 0 else .anon end) \(if .file_evicted then 0 else .file end)"' <<<"$snap" | sort)
		expect_eq "$b: -w $w: bins vs snapshot generations" "$got" "$want"
		bad=$(jq -r '.lruvecs[] | select(.ws_pages.anon + .cold_pages.anon != ([.bins[].anon] | add) or
			.ws_pages.file + .cold_pages.file != ([.bins[].file] | add) or
			.uncertain_pages.anon > .ws_pages.anon + .cold_pages.anon) | "\(.memcg) \(.nid)"' <<<"$json")
		expect_eq "$b: -w $w: lruvecs where ws + cold is not every page" "$bad" ""
	done
	text=$("$lrugen" wss) || fail "$b: wss failed"
	expect_match "$b: text title" "$text" '^lrugen wss  window 2m00s  natural aging'
	expect_match "$b: text note on the window past the bins" "$text" \
		'^note: in 3 lruvecs the window reaches into the oldest bin'
	expect_eq "$b: text rows (4 memcgs x 2 nodes)" "$(grep -cE '^/[^ ]* +[01] +[0-9]+ ' <<<"$text")" 8
	expect_match "$b: fx-a node 0 row" "$text" \
		'^/fx-a +0 +2 +300M +200M +100M +100M  0ms-228ms:0 228ms-744ms:0 744ms-6.0s:200M 6.0s\+:100M$'

	# a hand-made lruvec: answers worked out by hand
	cp "$dir/hand.txt" "$root/sys/kernel/debug/lru_gen_full"
	json=$("$lrugen" wss --json --memcg /wss -w 15) || fail "$b: wss on the hand-made file failed"
	expect_eq "$b: hand: lruvecs" "$(jq '.lruvecs | length' <<<"$json")" 1
	expect_eq "$b: hand: bins" "$(wss_sel "$json" /wss 0 '[.bins[] | "\(.seq):\(.age_lo_ms)-\(.age_hi_ms)"] | join(" ")')" \
		"10:0-10 9:10-10000 8:10000-20000 7:20000-null"
	# 15 s: bins 10 and 9 whole, half of bin 8 [10 s, 20 s)
	expect_eq "$b: hand 15 s: ws" "$(wss_sel "$json" /wss 0 '"\(.ws_pages.anon) \(.ws_pages.file)"')" "2055 50"
	expect_eq "$b: hand 15 s: cold" "$(wss_sel "$json" /wss 0 '"\(.cold_pages.anon) \(.cold_pages.file)"')" "1050 0"
	expect_eq "$b: hand 15 s: uncertain" "$(wss_sel "$json" /wss 0 .uncertain_pages.anon)" 100
	expect_eq "$b: hand 15 s: ws bytes" "$(wss_sel "$json" /wss 0 .ws_bytes)" $((2105 * psize))
	expect_eq "$b: hand 15 s: resolved" "$(wss_sel "$json" /wss 0 .resolved_ms)" 20000
	# 10 s: on a birth, nothing uncertain
	json=$("$lrugen" wss --json --memcg 5 --node 0 -w 10) || fail "$b: wss --memcg 5 failed"
	expect_eq "$b: hand 10 s: ws cold uncertain" \
		"$(wss_sel "$json" /wss 0 '"\(.ws_pages.anon) \(.cold_pages.anon) \(.uncertain_pages.anon)"')" "2005 1100 0"
	# 60 s: past the oldest birth, the open bin is uncertain and cold
	json=$("$lrugen" wss --json --memcg /wss -w 60) || fail "$b: wss -w 60 failed"
	expect_eq "$b: hand 60 s: ws cold uncertain" \
		"$(wss_sel "$json" /wss 0 '"\(.ws_pages.anon) \(.cold_pages.anon) \(.uncertain_pages.anon)"')" "2105 1000 1000"
	text=$("$lrugen" wss --memcg /wss -w 15) || fail "$b: wss text on the hand-made file failed"
	expect_match "$b: hand text row" "$text" \
		"^/wss +0 +5 +12M +8.2M +4.1M +400K  0ms-10ms:20K 10ms-10.0s:8.0M 10.0s-20.0s:400K 20.0s\+:3.9M$"

	# -i/-t: a '+' per round for the lruvec, at its max_seq (the fake
	# tree's never moves); three rounds at 0, 0.1 and 0.2 s
	: >"$root/sys/kernel/debug/lru_gen"
	json=$("$lrugen" wss --json --memcg /wss --node 0 -i 0.1 -t 0.2 2>"$dir/err") ||
		fail "$b: wss -i 0.1 -t 0.2 failed: $(cat "$dir/err")"
	expect_eq "$b: -i: aging" "$(jq -c .aging <<<"$json")" \
		'{"interval_ms":100,"duration_ms":200,"rounds":3,"failed":0}'
	expect_eq "$b: -i: the request" "$(cat "$root/sys/kernel/debug/lru_gen")" "+ 5 0 10"
	expect_match "$b: -i: says what it does" "$(cat "$dir/err")" 'adding a generation every 0.1 s for 0.2 s \(3 rounds\)'
	# every lruvec shown is aged: both of node 0
	strace_ok=$(command -v strace || true)
	if [ -n "$strace_ok" ] && [ "$lrugen" = "${bins[0]}" ]; then
		strace -f -e trace=write -o "$dir/trace" "$lrugen" wss --node 0 -i 0.1 -t 0.1 >/dev/null 2>&1 ||
			fail "$b: wss --node 0 -i under strace failed"
		expect_eq "$b: -i --node 0: requests" \
			"$(grep -o 'write([0-9]*, "+ [0-9 ]*"' "$dir/trace" | sed 's/.*"\(.*\)"/\1/' | sort | tr '\n' ,)" \
			"+ 1 0 3,+ 1 0 3,+ 5 0 10,+ 5 0 10,"
	fi

	# a signal stops the aging between rounds: 130, no estimate
	: >"$root/sys/kernel/debug/lru_gen"
	"$lrugen" wss --memcg /wss -i 5 -t 60 >"$dir/out" 2>"$dir/err" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$root/sys/kernel/debug/lru_gen" ] && break
		sleep 0.1
	done
	[ -s "$root/sys/kernel/debug/lru_gen" ] || fail "$b: -i 5: no first round in 10 s: $(cat "$dir/err")"
	kill -INT $pid
	wait $pid
	expect_eq "$b: SIGINT while aging: exit status" "$?" 130
	expect_match "$b: SIGINT while aging: message" "$(cat "$dir/err")" 'stopped by a signal after 1 of 13 rounds: no estimate'
	expect_eq "$b: SIGINT while aging: no estimate" "$(cat "$dir/out")" ""

	# --replay --at: a recording's snapshot
	json=$("$lrugen" wss --json --replay "$rec/lrugen.dat" --at 2) || fail "$b: wss --replay failed"
	snap=$("$lrugen" snapshot --json --replay "$rec/lrugen.dat" --at 2) || fail "$b: snapshot --replay failed"
	got=$(jq -r '.lruvecs[] | . as $l | .bins[] | "\($l.memcg) \($l.nid) \(.seq)"' <<<"$json" | sort)
	want=$(jq -r '.lruvecs[] | . as $l | .gens[] | "\($l.memcg) \($l.nid) \(.seq)"' <<<"$snap" | sort)
	[ -n "$got" ] || fail "$b: --replay: no bin"
	expect_eq "$b: --replay: bins vs the snapshot at 2 s" "$got" "$want"
	# events only: pages unknown
	json=$("$lrugen" wss --json --replay "$rec/plain.dat" --at 0 2>/dev/null) || fail "$b: wss --replay plain.dat failed"
	expect_eq "$b: plain recording: pages null" "$(jq -c '[.lruvecs[].ws_pages.anon] | unique' <<<"$json")" "[null]"

	# bad input: exit 2, a message, nothing written
	: >"$root/sys/kernel/debug/lru_gen"
	for args in "-w 0" "-w -1" "-w abc" "-w nan" "-w 1e9" "-i 1" "-t 1" "-i 0.05 -t 1" "-i 2 -t 1" \
		"--replay $rec/lrugen.dat" "--at 1" "--replay $rec/lrugen.dat --at 1 -i 1 -t 1" \
		"--memcg /nope" "--node 7" "--node 1 --memcg /wss" "--node x" "extra"; do
		# shellcheck disable=SC2086 # $args is a whole command line
		err=$("$lrugen" wss $args 2>&1 >/dev/null)
		rc=$?
		expect_eq "$b: wss $args: exit status" "$rc" 2
		expect_match "$b: wss $args: message" "$err" '^lrugen'
	done
	expect_eq "$b: nothing written by bad command lines" "$(cat "$root/sys/kernel/debug/lru_gen")" ""
	"$lrugen" wss --replay "$rec/lrugen.dat" --at 99999 >/dev/null 2>&1
	expect_eq "$b: --at past the end: exit status" "$?" 1
	"$lrugen" help wss | grep -q -- '--age-interval' || fail "$b: help wss lacks -i"
done
pass "wss: bins, hand-made answers, aging requests, replay and 17 bad command lines"

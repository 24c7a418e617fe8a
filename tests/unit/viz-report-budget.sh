#!/usr/bin/env bash
# timeout: 300
# lrugen report's data block against the recording, generation by
# generation, when the page records pass their budget: a synthetic
# recording (viz/test/make-recording.js: 40 busy lruvecs, 30 snapshots)
# reported with LRUGEN_REPORT_BUDGET small enough that the lruvecs other
# than the 12 busiest keep one snapshot in a step. The block is decoded by
# the page's own viz/data.js (viz/test/decode-report.js) and compared with
# lrugen snapshot --json --replay at each frame: every generation and its
# pages at every frame for the busiest, at the frames of the step for the
# others, and the generations alive (births and retirements) at every frame
# for all. Then without a budget (the default, which this recording fits):
# every value at every frame. The events of the VM's lrugen.dat and
# window.dat, decoded the same way, against trace-cmd report's: each
# kind's count, the pages evictions reclaimed, each lruvec's, in time
# order; and of a synthetic recording with evictions, with and without
# merging them (LRUGEN_REPORT_EVENT_BUDGET). A bad budget is refused.
#
# LRUGEN_BIN=PATH runs another build of lrugen, its viz/ this tree's
# through LRUGEN_VIZ_DIR, instead of making tools/lrugen/build.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/viz.sh
. "$(dirname "$0")/../lib/viz.sh"
command -v jq >/dev/null || fail "jq is missing: run scripts/setup"
command -v trace-cmd >/dev/null || fail "trace-cmd is missing: run scripts/setup"
viz_require uplot
viz_lrugen
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C
rec=$dir/rec.dat
frames=30

node "$LRUGEN_TOP/viz/test/make-recording.js" "$rec" --lruvecs 40 --nodes 2 --seconds $frames >/dev/null ||
	fail "make-recording.js failed"

# the generations of the snapshots, "PATH NID FRAME SEQ ANON FILE" (an
# evicted type counts 0, as the report counts it); the synthetic snapshots
# are 1 s apart from 0
: >"$dir/want"
for f in $(seq 0 $((frames - 1))); do
	"$lrugen" snapshot --json --replay "$rec" --at "$f" 2>/dev/null >"$dir/snap.json" ||
		fail "lrugen snapshot --json --replay --at $f failed"
	jq -r --argjson f "$f" '.lruvecs[] | . as $l | .gens[] |
		"\($l.memcg)\t\($l.nid)\t\($f)\t\(.seq)\t\(if .anon_evicted then 0 else .anon end)\t\(if .file_evicted then 0 else .file end)"' \
		"$dir/snap.json" >>"$dir/want" || fail "snapshot --json --at $f is not JSON"
done
sort "$dir/want" -o "$dir/want"
[ "$(cut -f1,2 "$dir/want" | sort -u | wc -l)" = 40 ] || fail "the snapshots of the synthetic recording do not show 40 lruvecs"

# check NAME: $dir/NAME.html's generations against the snapshots
check() {
	local name=$1 step got=$dir/$1.got
	node "$LRUGEN_TOP/viz/test/decode-report.js" "$dir/$name.html" >"$got" 2>"$dir/err" ||
		fail "$name: decode-report.js exited $?: $(cat "$dir/err")"
	step=$(sed -n '1s/^# step //p' "$got")
	sed -i 1d "$got"
	# the generations alive at each frame: exact whatever the step
	expect_eq "$name: generations alive per frame (path, node, frame, seq)" \
		"$(cut -f1-4 "$got" | sort | md5sum)" "$(cut -f1-4 "$dir/want" | sort | md5sum)"
	# pages: every frame of the busiest, the frames of the step of the others
	awk -F'\t' -v step="$step" '$7 == 1 || $3 % step == 0' "$got" | cut -f1-6 | sort >"$dir/kept"
	awk -F'\t' 'FILENAME == want { w[$1 "|" $2 "|" $3 "|" $4] = $5 " " $6; next }
		{ k = $1 "|" $2 "|" $3 "|" $4
		  if (!(k in w)) print k ": the page has it, the snapshots do not"
		  else if (w[k] != $5 " " $6) print k ": the page has " $5 " " $6 ", the snapshots " w[k] }' \
		want="$dir/want" "$dir/want" "$dir/kept" >"$dir/bad"
	[ -s "$dir/bad" ] && fail "$name (step $step): anon and file pages of generations (memcg|node|frame|seq) differ from the snapshots': $(head -n 3 "$dir/bad" | tr '\n' ';')"
	[ "$(wc -l <"$dir/kept")" -gt 0 ] || fail "$name: no kept frame to compare"
	info "$name: step $step, $(wc -l <"$dir/kept") of $(wc -l <"$got") generation-frames hold the snapshots' exact pages"
	echo "$step"
}

"$lrugen" report "$rec" -o "$dir/small.html" >"$dir/out" 2>"$dir/err" ||
	fail "report without a budget exited $?: $(cat "$dir/err")"
check small >"$dir/checked"
sed '$d' "$dir/checked"
step=$(tail -n 1 "$dir/checked")
expect_eq "default budget: every snapshot kept" "$step" 1
expect_eq "default budget: says nothing of a step" "$(grep -c 'one snapshot in' "$dir/out")" 0
# the 12 busiest keep every frame; 12K forces a step for the other 28
LRUGEN_REPORT_BUDGET=12K "$lrugen" report "$rec" -o "$dir/budget.html" >"$dir/out" 2>"$dir/err" ||
	fail "report with LRUGEN_REPORT_BUDGET=12K exited $?: $(cat "$dir/err")"
check budget >"$dir/checked"
sed '$d' "$dir/checked"
step=$(tail -n 1 "$dir/checked")
[ "$step" -gt 1 ] || fail "LRUGEN_REPORT_BUDGET=12K: every snapshot still kept; the budget was not applied"
expect_match "the budget's step is said" "$(cat "$dir/out")" "but the 12 busiest kept at one snapshot in $step,"
[ "$(stat -c %s "$dir/budget.html")" -lt "$(stat -c %s "$dir/small.html")" ] ||
	fail "the page with a budget is not smaller than the one without"

# events FILE: what trace-cmd report says of FILE's events, as
# decode-report.js --events prints them: per kind the count (and the pages
# evictions reclaimed), per lruvec (memcg id, node) its evictions and
# their pages, in time order
events() {
	trace-cmd report "$1" 2>/dev/null | awk '
		/ lru_gen_birth: / { n["birth"]++ }
		/ lru_gen_retire: / { n["retire"]++ }
		/ lru_gen_aging_end: / { n["aging"]++ }
		/ mm_vmscan_proactive_reclaim_end: / { n["proactive"]++ }
		/ lru_gen_evict: / {
			n["evict"]++
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			c += v["nr_reclaimed"]
			k = v["memcg_id"] " " v["nid"]; ln[k]++; lc[k] += v["nr_reclaimed"]
		}
		END {
			printf "birth %d\nretire %d\nevict %d %d\naging %d\nproactive %d\n",
				n["birth"], n["retire"], n["evict"], c, n["aging"], n["proactive"]
			for (k in ln) printf "lruvec %s %d %d\n", k, ln[k], lc[k]
		}' | sort
}
# decoded NAME: the same from the page $dir/NAME.html's events
decoded() {
	node "$LRUGEN_TOP/viz/test/decode-report.js" --events "$dir/$1.html" >"$dir/ev" 2>"$dir/err" ||
		fail "$1: decode-report.js --events exited $?: $(cat "$dir/err")"
	expect_eq "$1: events out of time order" "$(sed -n 's/^unordered //p' "$dir/ev")" 0
	grep -E '^(birth|retire|evict|aging|proactive|lruvec) ' "$dir/ev" |
		sed -E 's/^(birth|retire|aging|proactive) ([0-9]+) .*/\1 \2/' | sort
}

# the events, one varint string: decoded, each kind's count, the pages
# evictions reclaimed, and each lruvec's, equal trace-cmd report's
for name in lrugen window; do
	file=$LRUGEN_TOP/tests/fixtures/lrugen/rec/$name.dat
	"$lrugen" report "$file" -o "$dir/$name.html" >/dev/null 2>"$dir/err" ||
		fail "$name.dat: lrugen report exited $?: $(cat "$dir/err")"
	expect_eq "$name.dat: events decoded from the page (trace-cmd report)" "$(decoded "$name")" "$(events "$file")"
done
# past their budget, the evictions of all but the 12 busiest lruvecs are
# merged per step of snapshots: fewer events in the page, the same sums
node "$LRUGEN_TOP/viz/test/make-recording.js" "$dir/ev.dat" --lruvecs 40 --nodes 2 --seconds $frames --evictions 3 >/dev/null ||
	fail "make-recording.js --evictions failed"
want=$(events "$dir/ev.dat")
"$lrugen" report "$dir/ev.dat" -o "$dir/ev-all.html" >"$dir/out" 2>"$dir/err" ||
	fail "report of ev.dat exited $?: $(cat "$dir/err")"
expect_eq "evictions, no budget: events decoded" "$(decoded ev-all)" "$want"
expect_eq "evictions, no budget: none merged" "$(sed -n 's/^# ev_step //p' "$dir/ev")" 0
all=$(sed -n 's/^rows //p' "$dir/ev")
LRUGEN_REPORT_EVENT_BUDGET=20K "$lrugen" report "$dir/ev.dat" -o "$dir/ev-cut.html" >"$dir/out" 2>"$dir/err" ||
	fail "report of ev.dat with LRUGEN_REPORT_EVENT_BUDGET=20K exited $?: $(cat "$dir/err")"
expect_eq "evictions merged: events decoded (counts and pages as trace-cmd's)" "$(decoded ev-cut)" "$want"
evstep=$(sed -n 's/^# ev_step //p' "$dir/ev")
rows=$(sed -n 's/^rows //p' "$dir/ev")
[ "$evstep" -gt 0 ] && [ "$rows" -lt "$all" ] ||
	fail "LRUGEN_REPORT_EVENT_BUDGET=20K: step $evstep, $rows of $all events in the page: nothing was merged"
expect_match "the merge is said" "$(cat "$dir/out")" "evictions of all lruvecs but the 12 busiest merged per $evstep snapshots?, $rows events"
info "evictions: $all events, $rows in the page merged per $evstep snapshots; sums as trace-cmd report's"

for var in LRUGEN_REPORT_BUDGET LRUGEN_REPORT_EVENT_BUDGET; do
	for bad in xx -1 12Q; do
		env "$var=$bad" "$lrugen" report "$rec" -o "$dir/bad.html" >/dev/null 2>"$dir/err"
		expect_eq "$var=$bad: exit status" "$?" 2
		expect_match "$var=$bad: message" "$(cat "$dir/err")" "$var"
		[ -e "$dir/bad.html" ] && fail "$var=$bad left a page"
	done
done
pass "the data block holds the snapshots' generations, exact at every kept frame, with and without a budget"

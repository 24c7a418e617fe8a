#!/usr/bin/env bash
# timeout: 300
# lrugen report on recordings that lack something: the report is still
# written, each picture says what it lacks, and the page stays usable.
# The recordings are made here by viz/test/make-recording.js (the
# recording format as ftrace print events in a trace.dat, no kernel
# needed), and one is the VM's plain.dat:
# - empty: lrugen's header and end, no snapshot, no event (recorded for
#   an instant);
# - plain.dat: events only, no snapshots (trace-cmd record -e lru_gen);
# - one lruvec: one memcg on one node, ten snapshots;
# - 20,000 lruvecs: 10,000 memcgs on two nodes, three snapshots; its
#   selector lists a part, and the search box finds any lruvec by memcg
#   path, node and memcg id (checked against the data block with jq); the
#   heatmap's memcg list is cut to the busiest and the timeline's.
# Each page is loaded in headless Chromium (viz/test/check-bad-input.js):
# no console error, no request, every picture's note; a screenshot of each
# page goes to build/test-artifacts/viz/bad-NAME.png. Prints the time each
# report and page took.
#
# LRUGEN_BIN=PATH runs another build of lrugen, its viz/ this tree's
# through LRUGEN_VIZ_DIR, instead of making tools/lrugen/build.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/viz.sh
. "$(dirname "$0")/../lib/viz.sh"
command -v jq >/dev/null || fail "jq is missing: run scripts/setup"
viz_require uplot puppeteer-core
viz_lrugen
art=$LRUGEN_TOP/build/test-artifacts/viz
make_rec=$LRUGEN_TOP/viz/test/make-recording.js
check=$LRUGEN_TOP/viz/test/check-bad-input.js
mkdir -p "$art" || fail "cannot make $art"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C

# report NAME FILE: the report of FILE in $dir/NAME.html, which must be written
report() {
	local t0 ms
	t0=$(date +%s%N)
	"$lrugen" report "$2" -o "$dir/$1.html" >"$dir/stdout" 2>"$dir/err" ||
		fail "$1: lrugen report exited $? (the report of a recording that lacks something must still be written): $(cat "$dir/err")"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ -s "$dir/$1.html" ] || fail "$1: lrugen report exited 0 without writing $dir/$1.html"
	info "$1: report in $ms ms, $(stat -c %s "$dir/$1.html") bytes ($(cat "$dir/stdout"))"
	# the data block, for what the search box should find
	sed -n '/id="lrugen-data">/,/^<\/script>/p' "$dir/$1.html" | sed '1d;$d' >"$dir/$1.json"
	jq -e .schema "$dir/$1.json" >/dev/null || fail "$1: the page's data block is not JSON"
}

# page NAME [QUERY...]: load $dir/NAME.html, type each QUERY in the search
# box; the result in $dir/NAME.out; no console error, no request, drawn
page() {
	local name=$1 got=$dir/$1.out
	shift
	node "$check" "$dir/$name.html" "$art/bad-$name.png" "$@" >"$got" 2>"$dir/err" ||
		fail "$name: check-bad-input.js exited $?: $(cat "$dir/err")"
	expect_eq "$name: console errors" "$(jq -c '.console_errors + .page_errors' "$got")" "[]"
	expect_eq "$name: requests" "$(jq -c '.requests' "$got")" "[]"
	expect_eq "$name: the page drew to the end" "$(jq -r '.state.ready' "$got")" true
	[ -s "$art/bad-$name.png" ] || fail "$name: no screenshot $art/bad-$name.png"
	info "$name: Chromium: loaded in $(jq -r .load_ms "$got") ms, drawn at $(jq -r .render_ms "$got") ms; screenshot ${art#"$LRUGEN_TOP"/}/bad-$name.png"
}

# note NAME PICTURE REGEX: the picture's note says it
note() {
	expect_match "$1: the $2 says what is missing" "$(jq -r ".notes.$2" "$dir/$1.out")" "$3"
}

# empty: the header and the end only
node "$make_rec" "$dir/empty.dat" --empty >/dev/null || fail "make-recording.js --empty failed"
report empty "$dir/empty.dat"
expect_eq "empty: frames, lruvecs" "$(jq -c '[.t_ms, .lruvecs] | map(length)' "$dir/empty.json")" "[0,0]"
page empty
got=$dir/empty.out
expect_match "empty: the summary says there is no snapshot" "$(jq -r .missing "$got")" "header but no snapshot"
note empty timeline "no snapshots and no lru_gen events"
note empty lruvec_evictions "no lru_gen_evict event"
note empty multiples "no lruvec"
note empty heatmap "no snapshots in this recording"
note empty evictions "no node in this recording"
note empty kswapd "No snapshots in this recording"
note empty proactive "No proactive reclaim request"
expect_eq "empty: timeline, heatmap drawn" "$(jq -c '[.visible.timeline, .visible.heatmap]' "$got")" "[false,false]"
expect_eq "empty: selector" "$(jq -r '"\(.state.options) \(.visible.search_enabled)"' "$got")" "0 false"

# events only: the VM's plain trace-cmd recording
report plain "$LRUGEN_TOP/tests/fixtures/lrugen/rec/plain.dat"
nlv=$(jq '.lruvecs | length' "$dir/plain.json")
# without snapshots the memcgs have no path: "[memcg ID]", found by id
want=$(jq '[.lruvecs[] | select(.memcg_id == 18)] | length' "$dir/plain.json")
[ "$want" -gt 0 ] || fail "plain: no lruvec of memcg 18 (/fxr-a) in plain.dat's report: the test needs one"
page plain "id 18"
got=$dir/plain.out
note plain timeline "No snapshots in this recording: the timeline needs lrugen record's snapshots"
note plain heatmap "no snapshots in this recording"
note plain evictions "refaults .* unknown"
note plain kswapd "kswapd's CPU time .* is unknown"
expect_eq "plain: lruvecs in the selector" "$(jq -r .state.options "$got")" "$nlv"
expect_eq "plain: search 'id 18' finds" "$(jq -r '.queries[0].found' "$got")" "$want"
expect_eq "plain: Enter shows" "$(jq -r '.queries[0].shown.path' "$got")" "[memcg 18]"
expect_eq "plain: timeline drawn, heatmap not" "$(jq -c '[.visible.timeline, .visible.heatmap]' "$got")" "[true,false]"

# one lruvec
node "$make_rec" "$dir/one.dat" --lruvecs 1 --nodes 1 --seconds 10 >/dev/null || fail "make-recording.js --lruvecs 1 failed"
report one "$dir/one.dat"
expect_eq "one: frames, lruvecs" "$(jq -c '[.t_ms, .lruvecs] | map(length)' "$dir/one.json")" "[10,1]"
page one
got=$dir/one.out
expect_match "one: the summary says so" "$(jq -r .missing "$got")" "One lruvec only"
note one multiples "One lruvec only"
note one lruvec_evictions "no lru_gen_evict event"
expect_eq "one: timeline" "$(jq -r '"\(.visible.timeline) \(.state.path) \(.state.nid)"' "$got")" "true /synth/cg-00000 0"
[ "$(jq -r .state.bands "$got")" -gt 0 ] || fail "one: the timeline drew no generation"
expect_eq "one: heatmap drawn" "$(jq -r .visible.heatmap "$got")" true
expect_eq "one: selector" "$(jq -r '"\(.state.options) \(.state.count)"' "$got")" "1 1 lruvec"
expect_eq "one: the wheel zooms" "$(jq -r .zoomed "$got")" true

# 20,000 lruvecs
t0=$(date +%s%N)
node "$make_rec" "$dir/big.dat" --lruvecs 20000 --nodes 2 --seconds 3 >"$dir/made" ||
	fail "make-recording.js --lruvecs 20000 failed"
info "big: $(cat "$dir/made") in $((($(date +%s%N) - t0) / 1000000)) ms"
report big "$dir/big.dat"
expect_eq "big: frames, lruvecs" "$(jq -c '[.t_ms, .lruvecs] | map(length)' "$dir/big.json")" "[3,20000]"
# found SUBSTRING NID ID: how many lruvecs of the data block match
found() {
	jq --arg s "$1" --argjson n "$2" --argjson id "$3" \
		'[.lruvecs[] | select((.path | contains($s)) and ($n < 0 or .nid == $n) and ($id < 0 or .memcg_id == $id))] | length' \
		"$dir/big.json"
}
id=$(jq -r '[.lruvecs[] | select(.path == "/synth/cg-01234")][0].memcg_id' "$dir/big.json")
page big cg-01234 "cg-01234 node 1" "id $id" "node=0 cg-0123" no-such-memcg
got=$dir/big.out
[ "$(jq -r .state.options "$got")" -le 501 ] ||
	fail "big: the selector lists $(jq -r .state.options "$got") lruvecs; it should list at most 500 (and the one shown)"
expect_match "big: the selector says how many" "$(jq -r .state.count "$got")" "^20,000 lruvecs, 500 listed"
note big multiples "12 busiest of 20,000"
expect_eq "big: small multiples" "$(jq -r .visible.multiples "$got")" 12
# the heatmap's memcg list of a node is cut to the busiest, and says so
[ "$(jq -r .state.heatmap_memcgs "$got")" -le 503 ] ||
	fail "big: the heatmap lists $(jq -r .state.heatmap_memcgs "$got") memcgs; at most 500 (and all, the shown, the timeline's) expected"
expect_match "big: the heatmap's memcg list says it is cut" "$(jq -r .state.heatmap_count "$got")" "500 busiest of 10,000 memcgs"
expect_eq "big: after Enter, the heatmap lists the timeline's lruvec (node 0)" "$(jq -r '.queries[0].heatmap_has_shown' "$got")" true
i=0
for want in "$(found cg-01234 -1 -1)" "$(found cg-01234 1 -1)" "$(found "" -1 "$id")" \
	"$(found cg-0123 0 -1)" "$(found no-such-memcg -1 -1)"; do
	expect_eq "big: search '$(jq -r ".queries[$i].query" "$got")' finds" "$(jq -r ".queries[$i].found" "$got")" "$want"
	i=$((i + 1))
done
expect_eq "big: Enter shows the first match" "$(jq -r '.queries[0].shown | "\(.path) \(.nid)"' "$got")" "/synth/cg-01234 0"
expect_eq "big: Enter shows node 1" "$(jq -r '.queries[1].shown | "\(.path) \(.nid)"' "$got")" "/synth/cg-01234 1"
[ "$(jq -r '.queries[1].shown.bands' "$got")" -gt 0 ] || fail "big: the timeline of /synth/cg-01234 node 1 drew no generation"
expect_match "big: a search without a match says so" "$(jq -r '.queries[4].count' "$got")" "no lruvec matches"
expect_eq "big: Enter on 'node=0 cg-0123' shows" "$(jq -r '.queries[3].shown | "\(.path) \(.nid)"' "$got")" "/synth/cg-01230 0"
expect_eq "big: the lruvec shown stays when nothing matches" "$(jq -r '.queries[4].shown | "\(.path) \(.nid)"' "$got")" "/synth/cg-01230 0"
expect_eq "big: the wheel zooms" "$(jq -r .zoomed "$got")" true
info "big: search filtered 20,000 lruvecs in $(jq -r '[.queries[].filter_ms] | map(tostring) | join(", ")' "$got") ms (typing included)"
pass "reports of an empty recording, plain.dat, one lruvec and 20,000 lruvecs: written, each picture says what is missing, search works; screenshots in ${art#"$LRUGEN_TOP"/}/bad-*.png"

#!/usr/bin/env bash
# timeout: 300
# lrugen report on the VM's recordings (tests/fixtures/lrugen/rec/), each
# report loaded in headless Chromium (viz/test/check-report.js): no console
# error, no network request, the timeline drawn; the lruvecs in the
# selector, and the generations (bands) and generation-frames (cells) of
# the lruvec shown, before and after switching the selector, equal to what
# lrugen snapshot --json --replay says at each frame's time; a zoom reaches
# the shared time range, and every uPlot chart and the heatmap follow it.
# The other pictures, each against the same file read another way: the
# page-age heatmap's cells and each frame's pages against the generations
# of lrugen snapshot --json --replay; evictions per node against the
# lru_gen_evict events of trace-cmd report, refaults and kswapd's CPU
# frame by frame against the snapshots' node counters; proactive requests
# and direct reclaims (count, pages, latencies) against their begin and
# end events in trace-cmd report, paired by task. Bad files exit 1 with a
# message and leave no output. Screenshots of each picture go to
# build/test-artifacts/viz/ (NAME-timeline.png, NAME-heatmap.png,
# NAME-evictions.png, NAME-proactive.png, NAME-kswapd.png). Prints the
# time each report took and its size.
#
# LRUGEN_BIN=PATH (and LRUGEN_BIN_SAN=PATH, its ASan+UBSan twin) runs
# another build of lrugen, its viz/ this tree's through LRUGEN_VIZ_DIR,
# instead of making tools/lrugen/build and build-san.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/replay.sh
. "$(dirname "$0")/../lib/replay.sh"
# shellcheck source=../lib/viz.sh
. "$(dirname "$0")/../lib/viz.sh"
command -v jq >/dev/null || fail "jq is missing: run scripts/setup"
viz_require uplot puppeteer-core
viz_lrugen
# its ASan+UBSan twin: LRUGEN_BIN_SAN, or make lrugen's build-san/
if [ -n "${LRUGEN_BIN:-}" ]; then
	san=${LRUGEN_BIN_SAN:-}
else
	san=$LRUGEN_TOP/tools/lrugen/build-san/lrugen
fi
rec=$LRUGEN_TOP/tests/fixtures/lrugen/rec
art=$LRUGEN_TOP/build/test-artifacts/viz
check=$LRUGEN_TOP/viz/test/check-report.js
mkdir -p "$art" || fail "cannot make $art"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C

# the page-age heatmap's bins' upper edges, in seconds (viz/heatmap.js)
AGE_EDGES='[1,2,5,10,20,30,60,120,300,600,1200,1800,3600,7200,18000,36000,86400,172800,604800]'

# heat_check NID PATH NF CELLS: what is wrong with the heatmap of node NID,
# one memcg PATH or all ("*"), whose cells ("F BIN PAGES" lines) the page
# drew, against the generations of the snapshots ($dir/heat); nothing
# when right. A page's age is its generation's, known to the recording's
# tolerance: a generation that near an edge may be in either bin. So each
# cell's pages lie between those of the generations surely in it and
# those that may be; each frame's sum is exact; ROWS covers the oldest.
heat_check() {
	awk -F'\t' -v nid="$1" -v path="$2" -v nf="$3" -v rows="$5" '
		FILENAME != cells {
			if ($6 + 1 > rmax) rmax = $6 + 1
			if ($5 + 1 > rmin) rmin = $5 + 1
			if ($3 != nid || (path != "*" && $2 != path) || $4 <= 0) next
			tot[$1] += $4
			if ($5 == $6) lo[$1 "/" $5] += $4
			for (b = $5; b <= $6; b++) hi[$1 "/" b] += $4
			next
		}
		{ split($0, c, " "); got[c[1] "/" c[2]] = c[3]; gtot[c[1]] += c[3] }
		END {
			if (rows < rmin || rows > rmax) print "rows " rows ", want " rmin " to " rmax
			for (k in got) if (got[k] < lo[k] + 0 || got[k] > hi[k] + 0)
				print "cell " k ": " got[k] " pages, want " lo[k] + 0 " to " hi[k] + 0
			for (k in lo) if (!(k in got)) print "cell " k ": none drawn, want " lo[k]
			for (f = 0; f < nf; f++) if (gtot[f] + 0 != tot[f] + 0)
				print "frame " f ": " gtot[f] + 0 " pages, want " tot[f] + 0
		}' cells="$4" "$dir/heat" "$4"
}

# refaults NID NF: the node's refaults per frame, "anon,anon... file,file...",
# from the workingset_refault counters of the snapshots ($dir/nodes); null
# where the node was not in this frame and the one before
refaults() {
	awk -v nid="$1" -v nf="$2" '
		$2 == nid { ra[$1] = $3; rf[$1] = $4; here[$1] = 1 }
		END {
			for (f = 0; f < nf; f++) {
				ok = f > 0 && here[f] && here[f - 1]
				a = a (f ? "," : "") (ok ? ra[f] - ra[f - 1] : "null")
				b = b (f ? "," : "") (ok ? rf[f] - rf[f - 1] : "null")
			}
			print a, b
		}' "$dir/nodes"
}

# kswapd_pm NID NF: kswapd's CPU per frame in per mille, as the snapshots
# give it in percent ($dir/nodes), comma-separated, null where unknown
kswapd_pm() {
	awk -v nid="$1" -v nf="$2" '
		$2 == nid { v[$1] = $5 }
		END {
			for (f = 0; f < nf; f++)
				s = s (f ? "," : "") ((f in v) && v[f] != "null" ? sprintf("%d", v[f] * 10 + 0.5) : "null")
			print s
		}' "$dir/nodes"
}

# evicted FILE NID: "ANON FILE", the pages lru_gen_evict reclaimed on node
# NID, summed from trace-cmd report (not -F: 3.1.6 crashes on instances)
evicted() {
	trace-cmd report "$1" 2>/dev/null | grep ' lru_gen_evict: ' |
		awk -v nid="$2" '{
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			if (v["nid"] == nid) s[v["type"]] += v["nr_reclaimed"]
		} END { print s["anon"] + 0, s["file"] + 0 }'
}

# spans FILE BEGIN END: per span, in the order of its end (or begin, when
# it never ended), "LATENCY_US FIELDS_OF_THE_END": the BEGIN and END events
# of trace-cmd report paired by task, as the report pairs them; latency
# "null" for a span without one of its ends
spans() {
	trace-cmd report "$1" 2>/dev/null | grep -E " ($2|$3): " |
		awk -v b="$2:" -v e="$3:" '{
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
			ts = substr($i, 1, length($i) - 1); task = $(i - 2); pid = task
			sub(/.*-/, "", pid)
			rest = ""
			for (j = i + 2; j <= NF; j++) rest = rest " " $j
			if ($(i + 1) == b) { open[pid] = ts; n++; at[n] = ts; lat[n] = "null"; what[n] = ""; idx[pid] = n }
			else if (pid in open) {
				k = idx[pid]; at[k] = ts; lat[k] = sprintf("%d", (ts - open[pid]) * 1e6 + 0.5); what[k] = rest
				delete open[pid]
			} else { n++; at[n] = ts; lat[n] = "null"; what[n] = rest }
		} END { for (k = 1; k <= n; k++) print at[k], lat[k], what[k] }' | sort -n -k1,1 | cut -d' ' -f2-
}

# near WANT GOT: the latencies (space-separated) equal, give or take 1 us
# (trace-cmd prints whole microseconds; the report subtracts nanoseconds)
near() {
	awk -v w="$1" -v g="$2" 'BEGIN {
		n = split(w, a, " "); m = split(g, b, " ")
		if (n != m) exit 1
		for (i = 1; i <= n; i++) {
			if (a[i] == "null" || b[i] == "null") { if (a[i] != b[i]) exit 1; continue }
			d = a[i] - b[i]; if (d < -1 || d > 1) exit 1
		}
	}'
}

# per lruvec "PATH NID BANDS CELLS" from the snapshots at each frame's time:
# the generations it had (distinct seqs) and generation-frames, counted
# from lrugen snapshot --json, not from the report
expected() {
	local file=$1 clock at f
	"$lrugen" top -b --replay "$file" 2>/dev/null | grep -E '^lrugen \+' | cut -d' ' -f2 >"$dir/clocks" ||
		fail "top -b --replay $file failed"
	: >"$dir/gens"
	: >"$dir/heat"
	: >"$dir/nodes"
	f=0
	while read -r clock; do
		at=$(replay_seconds "$clock")
		"$lrugen" snapshot --json --replay "$file" --at "$at" 2>/dev/null >"$dir/snap.json" ||
			fail "snapshot --json --replay $file --at $at failed"
		jq -r '.lruvecs[] | . as $l | .gens[] | "\($l.memcg)\t\($l.nid)\t\(.seq)"' "$dir/snap.json" >>"$dir/gens" ||
			fail "snapshot --json --at $at of $file is not JSON"
		# per generation: frame, memcg, node, pages on the LRU, its age bins
		# give or take the tolerance
		jq -r --argjson f "$f" --argjson edges "$AGE_EDGES" --argjson tol "$REPLAY_AGE_TOLERANCE_MS" \
			'.lruvecs[] | . as $l | .gens[] |
			 ((if .anon_evicted then 0 else .anon end) + (if .file_evicted then 0 else .file end)) as $p |
			 (.age_ms // 0) as $a |
			 ([$edges[] | select(. * 1000 <= $a - $tol)] | length) as $lo |
			 ([$edges[] | select(. * 1000 <= $a + $tol)] | length) as $hi |
			 "\($f)\t\($l.memcg)\t\($l.nid)\t\($p)\t\($lo)\t\($hi)"' "$dir/snap.json" >>"$dir/heat" ||
			fail "snapshot --json --at $at of $file is not JSON"
		# per node: frame, nid, workingset_refault anon and file, kswapd CPU %
		jq -r --argjson f "$f" '.nodes[] | "\($f) \(.nid) \(.workingset_refault_anon) \(.workingset_refault_file) \(.kswapd_cpu_pct)"' \
			"$dir/snap.json" >>"$dir/nodes" || fail "snapshot --json --at $at of $file is not JSON"
		f=$((f + 1))
	done <"$dir/clocks"
	awk -F'\t' '{ k = $1 "\t" $2; cells[k]++; if (!seen[k "\t" $3]++) bands[k]++ }
		END { for (k in cells) print k "\t" bands[k] "\t" cells[k] }' "$dir/gens" | sort
}

for name in lrugen plain window; do
	file=$rec/$name.dat
	out=$dir/$name.html
	t0=$(date +%s%N)
	"$lrugen" report "$file" -o "$out" >"$dir/stdout" 2>"$dir/err" ||
		fail "$name: lrugen report exited $?: $(cat "$dir/err")"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ -s "$out" ] || fail "$name: no $out"
	[ -e "$out.tmp" ] && fail "$name: $out.tmp left behind"
	info "$name.dat: report in ${ms} ms, $(stat -c %s "$out") bytes ($(cat "$dir/stdout"))"
	if [ -n "$san" ]; then
		# the ASan+UBSan build writes the same page, and reports nothing
		"$san" report "$file" -o "$dir/san.html" >/dev/null 2>"$dir/err" ||
			fail "$name: ${san#"$LRUGEN_TOP"/} report exited $?: $(cat "$dir/err")"
		[ -s "$dir/err" ] && fail "$name: ${san#"$LRUGEN_TOP"/} report wrote to stderr: $(cat "$dir/err")"
		cmp -s "$out" "$dir/san.html" || fail "$name: the ASan build's report differs from the plain build's"
	fi
	grep -qE '<(script|link|img)[^>]* (src|href)=' "$out" &&
		fail "$name: the report loads something from outside: $(grep -oE '<(script|link|img)[^>]* (src|href)=[^>]*' "$out" | head -n 3)"

	expected "$file" >"$dir/want"
	nlv=$(wc -l <"$dir/want")
	[ "$nlv" -gt 1 ] || fail "$name: the snapshots show $nlv lruvecs; the test needs two to switch"

	# what Chromium drew, then after switching to another lruvec
	node "$check" "$out" "$art/$name-timeline.png" 0 >"$dir/first.json" 2>"$dir/err" ||
		fail "$name: check-report.js exited $?: $(cat "$dir/err")"
	sel=$(jq -r '.first.lruvec' "$dir/first.json")
	other=$(( (sel + 1) % nlv ))
	node "$check" "$out" "$art/$name-timeline.png" "$other" >"$dir/got.json" 2>"$dir/err" ||
		fail "$name: check-report.js exited $?: $(cat "$dir/err")"
	got=$dir/got.json
	expect_eq "$name: console errors" "$(jq -c '.console_errors + .page_errors' "$got")" "[]"
	expect_eq "$name: requests" "$(jq -c '.requests' "$got")" "[]"
	expect_eq "$name: drawn" "$(jq -r '.first.ready' "$got")" true
	expect_eq "$name: timeline canvas" "$(jq -r '.first.canvas' "$got")" true
	expect_eq "$name: lruvecs in the selector" "$(jq -r '.first.selector_options' "$got")" "$nlv"
	for when in first switched; do
		line=$(jq -r ".$when | \"\(.path)\t\(.nid)\t\(.bands)\t\(.cells)\"" "$got")
		key=$(cut -f1,2 <<<"$line")
		want=$(grep -F "$key"$'\t' "$dir/want" | head -n 1)
		[ -n "$want" ] || fail "$name: the page shows lruvec '$key', which no snapshot has"
		expect_eq "$name: $when lruvec ($key): bands, cells" "$line" "$want"
	done
	[ "$(jq -r '.switched.lruvec' "$got")" = "$other" ] ||
		fail "$name: the selector was set to $other, the page shows $(jq -r '.switched.lruvec' "$got")"
	[ "$(jq -r '.first | "\(.path) \(.nid)"' "$got")" != "$(jq -r '.switched | "\(.path) \(.nid)"' "$got")" ] ||
		fail "$name: switching the selector did not change the lruvec drawn"
	expect_eq "$name: wheel zooms the shared time range" "$(jq -r '.zoomed' "$got")" true
	expect_eq "$name: the uPlot charts on the zoomed range" \
		"$(jq -r '.zoom_followed.plots_on_range' "$got")" "$(jq -r '.zoom_followed.plots' "$got")"
	[ -s "$art/$name-timeline.png" ] || fail "$name: no screenshot $art/$name-timeline.png"
	if [ "$name" = plain ]; then
		expect_match "$name: says what is missing" "$(jq -r '.first.missing' "$got")" "No lrugen snapshots"
	fi
	# the page-age heatmap: node and memcg as the page chose them, then one memcg
	if [ "$name" = plain ]; then
		expect_match "$name: heatmap says why it is empty" "$(jq -r '.charts.heatmap.note' "$got")" "no snapshots"
		expect_eq "$name: heatmap cells" "$(jq -r '.charts.heatmap.nonzero' "$got")" 0
	else
		nf=$(wc -l <"$dir/clocks")
		for h in heatmap heatmap_one; do
			hnid=$(jq -r ".charts.$h.nid" "$got")
			hpath=$(jq -r ".charts.$h.path // \"*\"" "$got")
			jq -r ".charts.$h.cells_list[] | join(\" \")" "$got" >"$dir/cells"
			bad=$(heat_check "$hnid" "$hpath" "$nf" "$dir/cells" "$(jq -r ".charts.$h.rows" "$got")")
			[ -z "$bad" ] || fail "$name: $h of node $hnid, memcg $hpath: $(head -n 5 <<<"$bad")"
			expect_eq "$name: $h frames" "$(jq -r ".charts.$h.frames" "$got")" "$nf"
			expect_eq "$name: $h cells listed" "$(wc -l <"$dir/cells")" "$(jq -r ".charts.$h.nonzero" "$got")"
		done
		expect_eq "$name: heatmap columns drawn" "$(jq -r '.charts.heatmap.columns' "$got")" "$nf"
		[ "$(jq -r '.zoom_followed.heatmap_columns' "$got")" -lt "$nf" ] ||
			fail "$name: the heatmap still draws all $nf columns after the zoom"
		[ "$(jq -r '.charts.heatmap.cells' "$got")" -gt 0 ] || fail "$name: the heatmap drew no cell"
	fi
	[ -s "$art/$name-heatmap.png" ] || fail "$name: no screenshot $art/$name-heatmap.png"

	# evictions and refaults of the node the page chose
	e=.charts.evictions
	enid=$(jq -r "$e.nid" "$got")
	nf=$(wc -l <"$dir/clocks")
	expect_eq "$name: evictions charts" "$(jq -r "$e.plots" "$got")" 2
	expect_eq "$name: evictions by type: series, points" "$(jq -r "$e.by_type | \"\(.series) \(.points)\"" "$got")" "4 $nf"
	expect_eq "$name: evictions by tier: series, points" "$(jq -r "$e.by_tier | \"\(.series) \(.points)\"" "$got")" "8 $nf"
	expect_eq "$name: node $enid: pages evicted, anon and file (trace-cmd report)" \
		"$(jq -r "$e.by_type.sums[0:2] | join(\" \")" "$got")" "$(evicted "$file" "$enid")"
	if [ "$name" = plain ]; then
		expect_match "$name: evictions say what is missing" "$(jq -r "$e.note" "$got")" "refaults .* are unknown"
		want="$(printf 'null%.0s,' $(seq "$nf") | sed 's/,$//')"
		want="$want $want"
	else
		want=$(refaults "$enid" "$nf")
	fi
	expect_eq "$name: node $enid: refaults per frame, anon and file" \
		"$(jq -r "$e.by_type.data[2:4] | map(map(tostring) | join(\",\")) | join(\" \")" "$got")" "$want"
	[ -s "$art/$name-evictions.png" ] || fail "$name: no screenshot $art/$name-evictions.png"

	# proactive reclaim: each request of the file, its pages and latency
	spans "$file" mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end >"$dir/proactive"
	nreq=$(wc -l <"$dir/proactive")
	p=.charts.proactive
	expect_eq "$name: proactive requests (trace-cmd report)" "$(jq -r "$p.requests" "$got")" "$nreq"
	if [ "$nreq" -gt 0 ]; then
		expect_eq "$name: proactive chart: series, points, table rows" \
			"$(jq -r "$p | \"\(.series) \(.points) \(.rows)\"" "$got")" "3 $nreq $nreq"
		want=$(cut -d' ' -f1 "$dir/proactive" | paste -sd' ')
		gotl=$(jq -r "$p.latency_us | map(tostring) | join(\" \")" "$got")
		near "$want" "$gotl" || fail "$name: proactive latencies (us): got '$gotl', want '$want' (trace-cmd report)"
		want=$(sed -E 's/.*nr_requested=([0-9]+) nr_reclaimed=([0-9]+).*/\1 \2/' "$dir/proactive" | paste -sd' ')
		expect_eq "$name: proactive requested, reclaimed" \
			"$(jq -r "[$p.requested, $p.reclaimed] | transpose | map(join(\" \")) | join(\" \")" "$got")" "$want"
	else
		expect_match "$name: says there is no proactive request" "$(jq -r "$p.note" "$got")" "No proactive reclaim request"
	fi
	[ -s "$art/$name-proactive.png" ] || fail "$name: no screenshot $art/$name-proactive.png"

	# kswapd's CPU per node, frame by frame; the direct reclaims' latencies
	k=.charts.kswapd
	if [ "$name" = plain ]; then
		expect_match "$name: kswapd says what is missing" "$(jq -r "$k.note" "$got")" "kswapd's CPU time .* is unknown"
		expect_eq "$name: kswapd CPU known anywhere" "$(jq -r "[$k.pm[][] | select(. != null)] | length" "$got")" 0
	else
		nids=$(cut -d' ' -f2 "$dir/nodes" | sort -un | paste -sd' ')
		expect_eq "$name: kswapd chart: nodes" "$(jq -r "$k.nids | join(\" \")" "$got")" "$nids"
		expect_eq "$name: kswapd chart: series, points" "$(jq -r "$k | \"\(.series) \(.points)\"" "$got")" \
			"$(wc -w <<<"$nids") $nf"
		i=0
		# within 1: the page rounds the exact rate, the test the JSON's,
		# which has three decimals of a percent (77.8499 and 77.850)
		for n in $nids; do
			gotk=$(jq -r "$k.pm[$i] | map(tostring) | join(\" \")" "$got")
			want=$(kswapd_pm "$n" "$nf" | tr , ' ')
			near "$want" "$gotk" ||
				fail "$name: kswapd$n CPU per frame (per mille): got '$gotk', want '$want' (lrugen snapshot --json)"
			i=$((i + 1))
		done
	fi
	spans "$file" mm_vmscan_direct_reclaim_begin mm_vmscan_direct_reclaim_end >"$dir/direct"
	nd=$(wc -l <"$dir/direct")
	d=.charts.direct
	expect_eq "$name: direct reclaims (trace-cmd report)" "$(jq -r "$d.reclaims" "$got")" "$nd"
	if [ "$nd" -gt 0 ]; then
		want=$(cut -d' ' -f1 "$dir/direct" | paste -sd' ')
		gotl=$(jq -r "$d.latency_us | map(tostring) | join(\" \")" "$got")
		near "$want" "$gotl" || fail "$name: direct reclaim latencies (us) differ from trace-cmd report's: got '${gotl:0:200}', want '${want:0:200}'"
		expect_eq "$name: direct reclaims in the histogram" "$(jq -r "[$d.counts[]] | add" "$got")" \
			"$(grep -cv '^null' "$dir/direct")"
		[ "$(jq -r "$d.bars" "$got")" -gt 0 ] || fail "$name: the direct reclaim histogram drew no bar"
	else
		expect_match "$name: says there is no direct reclaim" "$(jq -r "$k.note" "$got")" "No direct reclaim"
	fi
	[ -s "$art/$name-kswapd.png" ] || fail "$name: no screenshot $art/$name-kswapd.png"

	info "$name.dat: Chromium: loaded in $(jq -r '.load_ms' "$got") ms, first render at $(jq -r '.first.first_render_ms' "$got") ms, 5 zoom steps in $(jq -r '.zoom_ms' "$got") ms; $nlv lruvecs; $(jq -r '.first | "\(.path) node \(.nid): \(.bands) generations, \(.cells) cells"' "$got"); screenshot $art/$name-timeline.png"
done

# bad input: a message, exit 1, no report and no .tmp
: >"$dir/empty.dat"
head -c 8192 /dev/urandom >"$dir/random.dat"
for bad in "$dir/empty.dat" "$dir/random.dat" "$rec/no-lru-gen.dat" "$rec/rec-newer.dat" "$dir/absent.dat"; do
	out=$dir/bad.html
	"$lrugen" report "$bad" -o "$out" >/dev/null 2>"$dir/err"
	rc=$?
	expect_eq "report of $(basename "$bad"): exit status" "$rc" 1
	[ -s "$dir/err" ] || fail "report of $(basename "$bad"): exit 1 without a message"
	[ -e "$out" ] || [ -e "$out.tmp" ] && fail "report of $(basename "$bad") left $(ls "$out"*)"
	info "$(basename "$bad"): $(head -c 200 "$dir/err")"
done

# the drawing code missing: say what to run
LRUGEN_VIZ_DIR=$dir/none "$lrugen" report "$rec/lrugen.dat" -o "$dir/x.html" >/dev/null 2>"$dir/err"
expect_eq "LRUGEN_VIZ_DIR without report.html: exit status" "$?" 1
expect_match "LRUGEN_VIZ_DIR without report.html: message" "$(cat "$dir/err")" "LRUGEN_VIZ_DIR=.*report\.html"
mkdir -p "$dir/viz"
cp "$LRUGEN_TOP"/viz/*.html "$LRUGEN_TOP"/viz/*.js "$LRUGEN_TOP"/viz/*.css "$dir/viz/"
LRUGEN_VIZ_DIR=$dir/viz "$lrugen" report "$rec/lrugen.dat" -o "$dir/x.html" >/dev/null 2>"$dir/err"
expect_eq "viz/ without node_modules: exit status" "$?" 1
expect_match "viz/ without node_modules: message" "$(cat "$dir/err")" "run scripts/setup"
[ -e "$dir/x.html" ] || [ -e "$dir/x.html.tmp" ] && fail "a failed report left $(ls "$dir"/x.html*)"
pass "reports of lrugen.dat, plain.dat and window.dat drawn as the recordings say; screenshots in ${art#"$LRUGEN_TOP"/}"

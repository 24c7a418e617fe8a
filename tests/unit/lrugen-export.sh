#!/usr/bin/env bash
# Measured: 10 s (the loads of 12 files).
# timeout: 120
# lrugen export --perfetto on recordings captured in the VM
# (tests/fixtures/lrugen/rec/): the JSON passes tests/progs/trace-event-check
# (the Trace Event Format, checked without lrugen's code), and its counts
# equal the recording's, counted independently: births, retirements,
# evictions, aging walks, proactive requests and cgroup events from
# trace-cmd report of the same file; one counter per lruvec and generation
# slot at each snapshot, with the pages lrugen record logged live
# (lrugen.json), in the tracks named after each lruvec. A plain trace-cmd
# recording exports its events and says what it lacks; bad files exit 1
# with a message and leave no OUTPUT (nor OUTPUT.tmp) behind.
# LRUGEN_BIN: the binary to test (default: make lrugen, then
# tools/lrugen/build/lrugen).
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
command -v python3 >/dev/null || skip "needs python3 (scripts/setup installs it)"
command -v trace-cmd >/dev/null || skip "needs trace-cmd (scripts/setup installs it)"
if [ -z "${LRUGEN_BIN:-}" ]; then
	make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
	LRUGEN_BIN=$LRUGEN_TOP/tools/lrugen/build/lrugen
fi
lrugen=$LRUGEN_BIN
[ -x "$lrugen" ] || fail "no lrugen binary at $lrugen: run 'make lrugen'"
check=$LRUGEN_TOP/tests/progs/trace-event-check
rec=$LRUGEN_TOP/tests/fixtures/lrugen/rec
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C
# trace-cmd's own reading: no plugin (ours prints the fields otherwise)
unset TRACEEVENT_PLUGIN_DIR

# count PH NAME: that line of trace-event-check's counts, 0 when absent
count() {
	awk -F'\t' -v ph="$1" -v name="$2" '$2 == ph && $3 == name { n = $1 } END { print n + 0 }' "$dir/counts"
}

# export FILE: into $dir/out.json, checked, counted into $dir/counts
export_ok() {
	rm -f "$dir/out.json"
	"$lrugen" export --perfetto "$rec/$1" -o "$dir/out.json" 2>"$dir/err" ||
		fail "export of $1 exited $?: $(cat "$dir/err")"
	[ -e "$dir/out.json.tmp" ] && fail "export of $1 left out.json.tmp behind"
	"$check" --named "$dir/out.json" >"$dir/counts" 2>"$dir/check" ||
		fail "the export of $1 is not valid trace-event JSON: $(head -n 20 "$dir/check")"
}

# events in trace-cmd's report of a file, by event name (and a pattern)
report_count() {
	grep -E " $2:" "$dir/report" | grep -cE -- "${3:-.}"
}

for f in lrugen.dat plain.dat; do
	export_ok "$f"
	trace-cmd report -N "$rec/$f" >"$dir/report" 2>/dev/null ||
		fail "trace-cmd report $f failed"
	expect_eq "$f: births" "$(count i birth)" "$(report_count "$f" lru_gen_birth)"
	expect_eq "$f: anon retirements" "$(count i 'retire anon')" \
		"$(report_count "$f" lru_gen_retire 'type=anon')"
	expect_eq "$f: file retirements" "$(count i 'retire file')" \
		"$(report_count "$f" lru_gen_retire 'type=file')"
	# one counter value per lruvec and ts: evictions at one ns are summed
	trace-cmd report -t -N "$rec/$f" >"$dir/report-ns" 2>/dev/null ||
		fail "trace-cmd report -t $f failed"
	expect_eq "$f: eviction counters" "$(count C evicted)" \
		"$(grep ' lru_gen_evict:' "$dir/report-ns" | awk '{
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^[0-9]+\.[0-9]+:$/) ts = $i
				if ($i ~ /^(nid|memcg_id)=/) k = k " " $i
			}
			print ts k; k = ""
		}' | sort -u | wc -l)"
	expect_match "$f: evictions in the summary" "$(cat "$dir/err")" \
		" $(report_count "$f" lru_gen_evict) evictions,"
	# every begin has its end in these files: one slice per pair
	for ev in lru_gen_aging:aging mm_vmscan_proactive_reclaim:'proactive reclaim'; do
		b=$(report_count "$f" "${ev%%:*}_begin")
		e=$(report_count "$f" "${ev%%:*}_end")
		expect_eq "$f: ${ev%%:*} begins and ends" "$b" "$e"
		expect_eq "$f: ${ev#*:} slices" "$(count X "${ev#*:}")" "$e"
	done
	expect_eq "$f: cgroup instants" "$(($(count i cgroup_mkdir) + $(count i cgroup_rmdir)))" \
		"$(report_count "$f" 'cgroup_(mkdir|rmdir)')"
	grep -q '"unfinished":1' "$dir/out.json" && fail "$f: a slice was left unfinished"
	grep -qE '"ph":"[BE]"' "$dir/out.json" && fail "$f: B/E events (the export writes X only)"
	cp "$dir/out.json" "$dir/$f.json"
	cp "$dir/counts" "$dir/$f.counts"
	cp "$dir/err" "$dir/$f.err"
done

# lrugen.dat was made with the events above: make sure they are not 0
cp "$dir/lrugen.dat.counts" "$dir/counts"
expect_eq "lrugen.dat: births" "$(count i birth)" 4
expect_eq "lrugen.dat: aging slices" "$(count X aging)" 4
expect_eq "lrugen.dat: proactive slices" "$(count X 'proactive reclaim')" 1
expect_eq "lrugen.dat: evictions" "$(count C evicted)" 32

# --changes-only: valid, and the same picture in fewer counter events
"$lrugen" export --perfetto "$rec/lrugen.dat" --changes-only -o "$dir/changes.json" 2>"$dir/err" ||
	fail "export --changes-only exited $?: $(cat "$dir/err")"
"$check" --named "$dir/changes.json" >"$dir/counts" 2>"$dir/check" ||
	fail "the --changes-only export is not valid trace-event JSON: $(head -n 20 "$dir/check")"
expect_match "--changes-only: fewer counters" "$(cat "$dir/err")" \
	"\\(([0-9]|[0-9][0-9]|1[0-9][0-9]) generation counters\\)"

# the generations: every snapshot lrugen record logged live, per lruvec
# and slot (seq % 4), is one counter event with its pages, and an lruvec
# that went away drops to 0 once; with --changes-only, only the values
# that differ from the last one written for that lruvec and slot
for mode in all changes; do
	json=$dir/lrugen.dat.json
	[ "$mode" = changes ] && json=$dir/changes.json
	python3 - "$json" "$rec/lrugen.json" "$mode" <<'EOF' || fail "$mode: generation counters differ from lrugen.json (above)"
import json, sys
from collections import defaultdict

doc = json.load(open(sys.argv[1]))
ev = doc["traceEvents"]
names = {e["pid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
gens = [e for e in ev if e["ph"] == "C" and e["name"].startswith("gen ")]
times = sorted({e["ts"] for e in gens})
got = defaultdict(dict)
for e in gens:
    key = (times.index(e["ts"]), names[e["pid"]], int(e["name"][4:]))
    if key in got:
        sys.exit(f"two counters for {key}")
    got[key] = (e["args"]["anon"], e["args"]["file"])

# lrugen.json: "# snapshot N MONO_MS" then the JSON of that snapshot
snaps, cur = [], None
for line in open(sys.argv[2]):
    if line.startswith("# snapshot"):
        if cur is not None:
            snaps.append(json.loads(cur))
        cur = ""
    else:
        cur += line
snaps.append(json.loads(cur))
changes = sys.argv[3] == "changes"
want, prev, last = {}, set(), {}

def put(k, name, slot, val):
    if changes and last.get((name, slot)) == val:
        return
    want[(k, name, slot)] = val
    last[(name, slot)] = val

for k, s in enumerate(snaps):
    now = set()
    for v in s["lruvecs"]:
        name = f'{v["memcg"]} node {v["nid"]}'
        now.add(name)
        val = {slot: (0, 0) for slot in range(4)}
        for g in v["gens"]:
            val[g["seq"] % 4] = (g["anon"], g["file"])
        for slot in range(4):
            put(k, name, slot, val[slot])
    for name in prev - now:
        for slot in range(4):
            put(k, name, slot, (0, 0))
    prev = now
# the export's times are those of the snapshots that wrote counters
order = sorted({key[0] for key in want})
if len(times) != len(order):
    sys.exit(f"{len(times)} snapshot times in the export, {len(order)} snapshots in lrugen.json with counters to write")
want = {(order.index(key[0]),) + key[1:]: val for key, val in want.items()}
bad = 0
for key in sorted(set(want) | set(got)):
    if want.get(key) != got.get(key):
        bad += 1
        print(f"snapshot {key[0]} {key[1]} gen {key[2]}: export {got.get(key)}, lrugen.json {want.get(key)}")
print(f"{sys.argv[3]}: {len(got)} generation counters, {len(want)} wanted, {bad} differ")
sys.exit(1 if bad else 0)
EOF
done
# each snapshot's counters at the trace time of its S line, to the ns
trace-cmd report -t "$rec/lrugen.dat" 2>/dev/null | grep -E ': lrugen S [0-9]+ ' |
	grep -oE ' [0-9]+\.[0-9]{9}: ' | tr -d ' :' >"$dir/s-times" ||
	fail "no S line in trace-cmd report -t lrugen.dat"
python3 - "$dir/lrugen.dat.json" "$dir/s-times" <<'EOF' || fail "snapshot times differ from the S lines' (above)"
import json, sys
from decimal import Decimal
ev = json.load(open(sys.argv[1]), parse_float=Decimal)["traceEvents"]
got = sorted({e["ts"] for e in ev if e["ph"] == "C" and e["name"].startswith("gen ")})
want = sorted(Decimal(t) * 1000000 for t in open(sys.argv[2]).read().split())
if got != want:
    sys.exit(f"counter times {got} != S line times {want}")
EOF
cp "$dir/lrugen.dat.counts" "$dir/counts"
n=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if l.startswith("# snapshot")))' "$rec/lrugen.json")
expect_match "lrugen.dat: summary" "$(cat "$dir/lrugen.dat.err")" "^lrugen export: .*: [0-9]+ trace events in [0-9.]+ s: $n snapshots \\($(($(count C 'gen 0') * 4)) generation counters\\)"
expect_eq "lrugen.dat: one counter per slot" "$(count C 'gen 0')" "$(count C 'gen 3')"

# plain: events only, and says so
cp "$dir/plain.dat.counts" "$dir/counts"
expect_eq "plain.dat: no generation counters" "$(count C 'gen 0')" 0
expect_match "plain.dat: says what is missing" "$(cat "$dir/plain.dat.err")" \
	"no lrugen snapshots .*no generation counters"
expect_eq "plain.dat: births" "$(count i birth)" 4

# -o -: the same JSON on stdout
"$lrugen" export --perfetto "$rec/lrugen.dat" -o - >"$dir/stdout.json" 2>"$dir/err" ||
	fail "export -o - exited $?: $(cat "$dir/err")"
cmp -s "$dir/stdout.json" "$dir/lrugen.dat.json" || fail "export -o - differs from export -o FILE"

# a file that is cut, damaged or not a recording: exit 1, a message, no OUTPUT
: >"$dir/empty.dat"
head -c 4096 /dev/urandom >"$dir/random.dat"
head -c 6000 "$rec/lrugen.dat" >"$dir/cut.dat"
for bad in "$dir/empty.dat:empty" "$dir/random.dat:not a trace.dat" \
	   "$dir/cut.dat:libtracecmd|damaged|cannot" \
	   "$rec/no-lru-gen.dat:no lru_gen events" "$rec/rec-newer.dat:newer" \
	   "$dir/missing.dat:cannot open"; do
	file=${bad%%:*}
	want=${bad#*:}
	rm -f "$dir/out.json"
	"$lrugen" export --perfetto "$file" -o "$dir/out.json" >"$dir/stdout" 2>"$dir/err"
	rc=$?
	expect_eq "${file##*/}: exit status" "$rc" 1
	expect_match "${file##*/}: message" "$(cat "$dir/err")" "^lrugen export: .*($want)"
	[ -e "$dir/out.json" ] && fail "${file##*/}: OUTPUT left behind"
	[ -e "$dir/out.json.tmp" ] && fail "${file##*/}: OUTPUT.tmp left behind"
	[ -s "$dir/stdout" ] && fail "${file##*/}: wrote to stdout: $(head -c 200 "$dir/stdout")"
done

# rec-cut.dat (lrugen's lines end inside a snapshot) still exports, as it
# replays: the snapshots before, with a warning
export_ok rec-cut.dat
expect_match "rec-cut.dat: warning" "$(cat "$dir/err")" "ends inside snapshot 5"

# an OUTPUT that cannot be written: exit 1, the reason
"$lrugen" export --perfetto "$rec/lrugen.dat" -o "$dir/no/such/dir/out.json" 2>"$dir/err"
expect_eq "unwritable OUTPUT: exit status" "$?" 1
expect_match "unwritable OUTPUT: message" "$(cat "$dir/err")" "cannot write .*No such file"

# usage errors: exit 2
"$lrugen" export 2>/dev/null
expect_eq "no --perfetto: exit status" "$?" 2
"$lrugen" export --perfetto "$rec/lrugen.dat" extra 2>/dev/null
expect_eq "an extra argument: exit status" "$?" 2
pass "export of lrugen.dat and plain.dat valid and counted; bad files refused"

#!/usr/bin/env bash
# scripts/demo end to end, off a terminal and short (20 s of frames): it
# boots its own VM, prints lrugen top -b frames of the three demo memcgs,
# and leaves in its --out directory a recording that lrugen snapshot
# --replay reads and a report.html whose data block holds the timeline of
# those memcgs' lruvecs, and prints both paths.
# LRUGEN_KERNEL (make check: the debug image) is the kernel it boots;
# LRUGEN_BIN the lrugen the guest and this test run.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/demo
lrugen=${LRUGEN_BIN:-$LRUGEN_TOP/tools/lrugen/build/lrugen}
secs=20
LRUGEN_BIN=$lrugen "$LRUGEN_TOP/scripts/demo" --out "$out" ${LRUGEN_KERNEL:+--kernel "$LRUGEN_KERNEL"} \
	"$secs" </dev/null >"$tmp/stdout" 2>&1 ||
	fail "scripts/demo failed: $(tail -n 25 "$tmp/stdout")"
info "$(grep -E '^(demo|lrugen (record|report)|vm):' "$tmp/stdout")"

# the frames: secs / 2 of them, each showing the demo's memcgs
frames=$(grep -c '^lrugen [0-9:]*  frame ' "$tmp/stdout")
expect_eq "frames printed" "$frames" $((secs / 2))
for m in /demo-anon /demo-file /demo-mixed; do
	grep -q "^$m " "$tmp/stdout" || fail "no $m row in the frames"
done
grep -qx "demo: the recording: $out/lrugen.dat (lrugen top --replay $out/lrugen.dat shows it again)" "$tmp/stdout" ||
	fail "the recording's path was not printed"
grep -qx "demo: the report: $out/report.html (open it in a browser)" "$tmp/stdout" ||
	fail "the report's path was not printed"
grep -q '^lrugen record: .* snapshots, .* in lrugen.dat' "$out/record.log" ||
	fail "record.log has no summary: $(cat "$out/record.log")"

# the recording, read back on the host as a user would replay it
[ -s "$out/lrugen.dat" ] || fail "no recording in $out"
snap=$("$lrugen" snapshot --replay "$out/lrugen.dat" --at $((secs / 2)) 2>&1) ||
	fail "lrugen snapshot --replay cannot read the recording: $snap"
for m in /demo-anon /demo-file /demo-mixed; do
	grep -q "^$m " <<<"$snap" || fail "no $m in the replayed snapshot: $snap"
done

# the report: its data block has the timeline of the demo's lruvecs, with
# a snapshot a second, generations and evictions
[ -s "$out/report.html" ] || fail "no report.html in $out"
python3 - "$out/report.html" "$secs" <<'PY' || fail "report.html does not hold the session (above)"
import json, re, sys
page = open(sys.argv[1]).read()
secs = int(sys.argv[2])
m = re.search(r'<script type="application/json" id="lrugen-data">(.*?)</script>', page, re.S)
if not m:
    print("no lrugen-data block in the page")
    sys.exit(1)
d = json.loads(m.group(1))
bad = []
# a snapshot a second while top ran: at least the seconds of frames
if len(d["t_ms"]) < secs:
    bad.append(f"{len(d['t_ms'])} snapshots for {secs} s of top")
if d["plain"]:
    bad.append("the page says the recording has no snapshots")
vecs = {}
for v in d["lruvecs"]:
    vecs.setdefault(v["path"], []).append(v)
for path in ("/demo-anon", "/demo-file", "/demo-mixed"):
    if path not in vecs:
        bad.append(f"no lruvec of {path}: {sorted(vecs)}")
        continue
    if not any(v["nb"] for v in vecs[path]):
        bad.append(f"{path}: no generation on the timeline")
# demo-anon on node 0 is bigger than its node: evicted all along
if not any(v["evicted"] > 0 for v in vecs.get("/demo-anon", [])):
    bad.append("no eviction from /demo-anon")
evict = d["event_counts"][d["kinds"].index("evict")]
if evict <= 0:
    bad.append("no eviction events")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
pass

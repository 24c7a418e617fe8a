#!/usr/bin/env bash
# A real Prometheus (Debian's prometheus, with a config and data directory
# of its own on a free loopback port) scrapes lrugen exporter running on a
# captured tree (LRUGEN_ROOT; nothing reclaims): once the target is up,
# PromQL answers equal the fixtures' numbers worked out here (an lruvec's
# LRU bytes, a node's sum, a memcg's own refaults and the cold bytes of
# lrugen wss --json), and the metadata Prometheus keeps says it read
# OpenMetrics (counter types, the bytes unit); lrugen autoreclaim's state
# file (tests/fixtures/exporter) answers its requests, its state set and
# a ratio, and the state set's type is kept. The dashboard queries of
# Documentation/guide/exporter.rst run without error.
#
# LRUGEN_BIN=PATH tests another build instead of making tools/lrugen/build.
# timeout: 180
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
# shellcheck source=../lib/prometheus.sh
. "$(dirname "$0")/../lib/prometheus.sh"
for tool in prometheus curl jq python3; do
	command -v "$tool" >/dev/null ||
		fail "$tool is missing: run scripts/setup (it installs Debian's prometheus)"
done
# the plain build: Prometheus, not lrugen, is what this test adds
lrugen_bins
lrugen=${bins[0]}
scratch_dir
export LC_ALL=C
psize=$(getconf PAGESIZE)
efx=$LRUGEN_TOP/tests/fixtures/exporter

# wait_for WHAT CMD...: run CMD every 0.2 s until it succeeds, for 60 s at most
wait_for() {
	local what=$1 i
	shift
	for ((i = 0; i < 300; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	fail "$what: not within 60 s"
}

root=$dir/root
mk_root "$root"
mkdir -p "$root/sys/fs/cgroup/fx-b/inner"
cp "$efx/root.numa_stat" "$root/sys/fs/cgroup/memory.numa_stat"
cp "$efx/fx-a.numa_stat" "$root/sys/fs/cgroup/fx-a/memory.numa_stat"
cp "$efx/fx-b.numa_stat" "$root/sys/fs/cgroup/fx-b/memory.numa_stat"
cp "$efx/fx-b-inner.numa_stat" "$root/sys/fs/cgroup/fx-b/inner/memory.numa_stat"
# lrugen autoreclaim's state file, its writer pid 4242 a running lrugen as
# the tree's /proc tells
mkdir -p "$root/run/lrugen" "$root/proc/4242"
cp "$efx/autoreclaim.state" "$root/run/lrugen/autoreclaim.state"
echo "4242 (lrugen) S 1 4242 4242 0 -1 4194560 0 0 0 0 3 1 0 0 20 0 1 0 100050 0 0" >"$root/proc/4242/stat"
echo "btime 1795989000" >"$root/proc/stat"
export LRUGEN_ROOT=$root

"$lrugen" exporter -l 127.0.0.1:0 -d 1 --no-events 2>"$dir/exporter.err" &
pids+=("$!")
wait_for "the exporter's 'serving' line" grep -qs 'serving http://127.0.0.1:[0-9]*/metrics' "$dir/exporter.err"
target=$(grep -o '127.0.0.1:[0-9]*' "$dir/exporter.err")

prom_start "$dir" "$target"
pids+=("$PROM_PID")
api=$PROM_API

wait_for "Prometheus scraping the exporter (its log: $(tail -n 3 "$dir/prometheus.log" 2>/dev/null))" prom_target_up
# the first scrape is in once the series is there
has_series() {
	[ -n "$(prom_query 'lrugen_lru_bytes{memcg="/fx-a"}')" ]
}
wait_for "lrugen_lru_bytes in Prometheus" has_series

want=$(awk -v ps="$psize" '$1 == "memcg" { p = $3 } $1 == "node" { n = $2 }
	p == "/fx-a" && n == 0 && NF == 4 && $1 ~ /^[0-9]+$/ && $3 !~ /x$/ { s += $3 }
	END { print s * ps }' "$root/sys/kernel/debug/lru_gen_full")
expect_eq "PromQL: /fx-a's anon on node 0" \
	"$(prom_query 'lrugen_lru_bytes{node="0",memcg="/fx-a",type="anon"}')" "memcg=/fx-a,node=0,type=anon $want"
want=$(awk -v ps="$psize" '$1 == "node" { n = $2 }
	NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		if ($3 !~ /x$/) s[n] += $3; if ($4 !~ /x$/) s[n] += $4 }
	END { for (n in s) print "node=" n, s[n] * ps }' "$root/sys/kernel/debug/lru_gen_full" | sort)
expect_eq "PromQL: sum by (node) (lrugen_lru_bytes)" "$(prom_query 'sum by (node) (lrugen_lru_bytes)')" "$want"
# /fx-b's own file refaults on node 1: its numa_stat less /fx-b/inner's
want=$(( ($(sed -n 's/^workingset_refault_file N0=[0-9]* N1=//p' "$efx/fx-b.numa_stat") - \
	$(sed -n 's/^workingset_refault_file N0=[0-9]* N1=//p' "$efx/fx-b-inner.numa_stat")) * psize ))
expect_eq "PromQL: /fx-b's own file refaults on node 1" \
	"$(prom_query 'lrugen_refaulted_bytes_total{node="1",memcg="/fx-b",type="file"}')" \
	"memcg=/fx-b,node=1,type=file $want"
want=$("$lrugen" wss --json -w 120 | jq -r '.page_size as $ps |
	[.lruvecs[] | (.cold_pages.anon + .cold_pages.file) * $ps] | add')
expect_eq "PromQL: sum(lrugen_cold_bytes)" "$(prom_query 'sum(lrugen_cold_bytes)')" " $want"

# the controller's: a counter by memcg, the state set summed (one state a
# lruvec), a ratio
want=$(sed -n 's/.* node=0 memcg_id=42 .* requests=\([0-9]*\) .*/\1/p' "$efx/autoreclaim.state")
expect_eq "PromQL: the controller's requests of /job-a on node 0" \
	"$(prom_query 'lrugen_autoreclaim_requests_total{node="0",memcg="/job-a"}')" "memcg=/job-a,node=0 $want"
expect_eq "PromQL: sum by (node) (lrugen_autoreclaim_state)" \
	"$(prom_query 'sum by (node) (lrugen_autoreclaim_state)')" \
	"$(awk '$1 == "lruvec" { split($2, n, "="); c[n[2]]++ } END { for (i in c) print "node=" i, c[i] }' "$efx/autoreclaim.state" | sort)"
expect_eq "PromQL: which lruvec backs off, and why" \
	"$(prom_query 'lrugen_autoreclaim_state{lrugen_autoreclaim_state="backoff"} == 1')" \
	"lrugen_autoreclaim_state=backoff,memcg=/jobs/b \"x\",node=0 1"
expect_eq "PromQL: its PSI ratio" "$(prom_query 'lrugen_autoreclaim_psi_ratio{memcg="/jobs/b \"x\""}')" \
	"memcg=/jobs/b \"x\",node=0 0.015"
meta=$(curl -sf "$api/metadata?metric=lrugen_autoreclaim_state")
expect_match "metadata: the controller's state is a state set (OpenMetrics)" "$meta" '"type":"stateset"'

# what Prometheus kept of the families: OpenMetrics gave it the unit
meta=$(curl -sf "$api/metadata?metric=lrugen_refaulted_bytes_total" "$api/metadata?metric=lrugen_refaulted_bytes")
expect_match "metadata: a counter, in bytes (OpenMetrics was read)" "$meta" '"type":"counter".*"unit":"bytes"'

# the guide's dashboard queries: each one runs and answers (rate() needs
# two scrapes in its range)
three_scrapes() {
	[ -n "$(prom_query 'count_over_time(lrugen_exporter_samples_total[1m]) >= 3')" ]
}
wait_for "three scrapes" three_scrapes
while IFS= read -r q; do
	[ -n "$q" ] || continue
	out=$(curl -sf --data-urlencode "query=$q" "$api/query") || fail "PromQL refused: $q"
	[ "$(jq -r .status <<<"$out")" = success ] || fail "PromQL failed: $q: $out"
	[ "$(jq '.data.result | length' <<<"$out")" -gt 0 ] || fail "PromQL answered nothing: $q"
done < <(sed -n 's/^    promql: //p' "$LRUGEN_TOP/Documentation/guide/exporter.rst")
n=$(grep -c '^    promql: ' "$LRUGEN_TOP/Documentation/guide/exporter.rst")
[ "$n" -ge 5 ] || fail "only $n dashboard queries found in Documentation/guide/exporter.rst"
pass "Prometheus $(prom_version) scraped the exporter; PromQL equals the fixtures; $n dashboard queries answer"

#!/usr/bin/env bash
# suites: guest guest-asan
# A real Prometheus (Debian's prometheus, from the host's file system)
# scrapes lrugen exporter every second over the guest's loopback device
# (brought up here), and its PromQL answers are checked against the
# kernel read at the same time: a memcg with anon memory on both nodes and
# page cache on node 1, its workloads stopped so that its generations hold
# still and aged so that node 0's anon is in the oldest generation, gives
# per node and type lrugen_lru_bytes equal to lru_gen_full's pages, their
# sum over nodes, and lrugen_lru_age_bytes{age_le="3600"} equal to its
# generations but each type's oldest (which only +Inf counts). With lrugen
# autoreclaim in a dry run on a second memcg, lrugen_autoreclaim_up is 1,
# the memcg's state set has one state, the settings are the command
# line's, and once the controller stops, up is 0 and its series are gone;
# started again, changes() of its start time is 1, and killed with
# SIGKILL, the file it leaves is stale: up 0, no series, and said.
# A 16 MiB nodeN/reclaim request on the first memcg moves
# lrugen_node_proactive_reclaimed_bytes_total by pgsteal_proactive_node's
# delta exactly, increase() over 30 s says at least that and at most
# 30 s / its samples' span of it, and lrugen_proactive_requested_bytes_total
# says 16 MiB.
# Fails, not skips, when prometheus, curl, jq or python3 is missing on
# the host (scripts/setup) or the kernel has no TCP/IP.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
# shellcheck source=../lib/prometheus.sh
. "$(dirname "$0")/../lib/prometheus.sh"
require_lrugen
require_node_reclaim
require_swap
# the guest runs the host's programs
for tool in prometheus curl jq python3; do
	command -v "$tool" >/dev/null ||
		fail "$tool is missing on the host: run scripts/setup there (it installs Debian's prometheus, jq and python3; curl is Debian's curl)"
done
[ -e /proc/net/tcp ] ||
	fail "the guest kernel has no TCP/IP (/proc/net/tcp is missing): it needs CONFIG_INET=y (linux/configs/lrugen.config); rebuild it with 'make kernel-debug'"

A=/lrugen-exporter-prom-$$
B=/lrugen-exporter-prom-ar-$$
make_memcg $A
dir=/tmp/exporter-prometheus-$$
mkdir -p "$dir"
LG_FILES+=("$dir")
psize=$(getconf PAGESIZE)

# lo_up [up|down]: the loopback device's IFF_UP, set to up or down if given,
# through SIOCGIFFLAGS and SIOCSIFFLAGS (iproute2 need not be there);
# prints "up" or "down" as it was
lo_up() {
	python3 - "${1:-}" <<'EOF'
import fcntl, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ifr = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh22x", b"lo", 0))
flags = struct.unpack("16sh22x", ifr)[1]
print("up" if flags & IFF_UP else "down")
if sys.argv[1]:
    flags = flags | IFF_UP if sys.argv[1] == "up" else flags & ~IFF_UP
    fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh22x", b"lo", flags))
EOF
}
# bring the loopback device up (vm/guest/init leaves it down), and back
lo_was=$(lo_up up) || fail "cannot bring lo up (SIOCSIFFLAGS, above)"
lrugen_test_cleanup() {
	[ "$lo_was" = up ] || lo_up down >/dev/null
}
[ "$(lo_up)" = up ] || fail "lo is not up after SIOCSIFFLAGS set IFF_UP"

# wait_for WHAT SEC CMD...: run CMD every 0.2 s until it succeeds, for SEC s at most
wait_for() {
	local what=$1 sec=$2 i log=
	shift 2
	for ((i = 0; i < sec * 5; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	[ -s "$dir/prometheus.log" ] && log="; the end of Prometheus's log: $(tail -n 3 "$dir/prometheus.log" | tr '\n' ' ')"
	fail "$what: not within $sec s$log"
}

"$LRUGEN_BIN" exporter -l 127.0.0.1:0 -d 1 --top 0 2>"$dir/exporter.err" &
exporter_pid=$!
LG_PIDS+=("$exporter_pid")
serving() {
	grep -qs 'serving http://127.0.0.1:[0-9]*/metrics' "$dir/exporter.err"
}
wait_for "the exporter's 'serving' line (its stderr: $(cat "$dir/exporter.err"))" 30 serving
target=$(grep -o '127.0.0.1:[0-9]*' "$dir/exporter.err")

# lrugen autoreclaim in a dry run on a second memcg (nothing reclaimed, nothing
# aged), when this lrugen has the controller: started now, its state is in
# by the time Prometheus is
ar_pid=
if "$LRUGEN_BIN" autoreclaim --help >/dev/null 2>&1; then
	make_memcg $B
	memcg_hog $B 0 16
	"$LRUGEN_BIN" autoreclaim -n -a 4 -d 1 --node 0 "$B" >"$dir/ar.log" 2>"$dir/ar.err" &
	ar_pid=$!
	LG_PIDS+=("$ar_pid")
fi

prom_start "$dir" "$target"
LG_PIDS+=("$PROM_PID")
t0=$(date +%s)
api=$PROM_API

# while Prometheus starts, the memcg: 48 MiB of anon on each node and 24
# MiB of page cache on node 1
memcg_hog $A 0 48
hog0=$MEMHOG_PID
memcg_hog $A 1 48
hog1=$MEMHOG_PID
memcg_cache $A 1 24
ida=$(memcg_id $A) || fail "no id for memcg $A (above)"
# stopped, nothing in the memcg touches a page: its generations hold still.
# Aged 3 times on node 0, its anon there, accessed only before the first,
# ends in the oldest generation, which lrugen_lru_age_bytes counts in +Inf
# only: the 3600 s bucket then differs from the whole
kill -STOP "$hog0" "$hog1"
for i in 1 2 3; do
	read -r max _ <<<"$(lruvec_seqs "$ida" 0)"
	[ -n "$max" ] || fail "no lruvec of $A on node 0 in lru_gen_full"
	echo "+ $ida 0 $max 1 1" >"$LRU_GEN_DEBUGFS" || fail "aging $A on node 0 ('+ $ida 0 $max 1 1') failed"
done

# value PROMQL [TIME]: the value of a query that answers one series
value() {
	prom_query "$@" | awk 'NR == 1 { print $NF }'
}
wait_for "Prometheus scraping the exporter" 90 prom_target_up
has_memcg() {
	[ -n "$(prom_query "lrugen_lru_bytes{memcg=\"$A\"}")" ]
}
wait_for "$A's series in Prometheus" 30 has_memcg
info "Prometheus $(prom_version) scrapes $target, up $(($(date +%s) - t0)) s after its start, $SECONDS s into the test"

# a sample taken after SEC (date +%s.%N) is in Prometheus
sampled_after() {
	local at
	at=$(value 'lrugen_exporter_last_sample_timestamp_seconds')
	[ -n "$at" ] && awk -v a="$at" -v t="$1" 'BEGIN { exit !(a > t) }'
}

# A's lruvecs in lru_gen_full: "node type all bytes" and "node type young
# bytes", young being every generation but the type's oldest ('x' ones,
# evicted, left out)
lru_of_a() {
	full_canon | awk -v id="$ida" -v ps="$psize" '$1 == id {
		n = $4; a = f = 0; ya = yf = 0; oa = of = 0
		for (i = 11; i <= NF; i++) {
			split($i, g, ":")
			if (g[2] !~ /x$/) { a += g[2]; if (oa) ya += g[2]; oa = 1 }
			if (g[3] !~ /x$/) { f += g[3]; if (of) yf += g[3]; of = 1 }
		}
		print n, "anon all", a * ps; print n, "file all", f * ps
		print n, "anon young", ya * ps; print n, "file young", yf * ps
	}' | sort
}
# the same from PromQL
lru_of_a_promql() {
	prom_query "lrugen_lru_bytes{memcg=\"$A\"}" |
		sed -n 's/^memcg=[^,]*,node=\([0-9]*\),type=\([a-z]*\) /\1 \2 all /p'
	prom_query "lrugen_lru_age_bytes{memcg=\"$A\",age_le=\"3600\"}" |
		sed -n 's/^age_le=3600,memcg=[^,]*,node=\([0-9]*\),type=\([a-z]*\) /\1 \2 young /p'
}

for try in 1 2 3 4 5; do
	before=$(lru_of_a)
	t=$(date +%s.%N)
	wait_for "an exporter sample after $t in Prometheus" 30 sampled_after "$t"
	got=$(lru_of_a_promql | sort)
	after=$(lru_of_a)
	[ "$before" = "$after" ] && break
	info "try $try: $A's generations changed around the sample; again"
done
[ "$before" = "$after" ] || fail "$A's generations kept changing with its workloads stopped"
expect_eq "PromQL lrugen_lru_bytes and lrugen_lru_age_bytes{age_le=\"3600\"} of $A against lru_gen_full" \
	"$got" "$before"
expect_eq "PromQL sum by (type) (lrugen_lru_bytes) of $A, over both nodes, against lru_gen_full" \
	"$(prom_query "sum by (type) (lrugen_lru_bytes{memcg=\"$A\"})")" \
	"$(awk '$3 == "all" { s[$2] += $4 } END { for (t in s) print "type=" t, s[t] }' <<<"$before" | sort)"
anon0=$(awk '$1 == 0 && $2 == "anon" && $3 == "all" { print $4 }' <<<"$before")
young0=$(awk '$1 == 0 && $2 == "anon" && $3 == "young" { print $4 }' <<<"$before")
[ "$anon0" -ge $((40 << 20)) ] || fail "$A has $anon0 bytes of anon on node 0, not the 48 MiB its memhog holds"
[ "$young0" -lt $((anon0 / 2)) ] ||
	fail "$A's anon on node 0 is not in its oldest generation after 3 agings ($young0 of $anon0 bytes younger): the 3600 s bucket checks nothing"
info "$A ($SECONDS s into the test): $(tr '\n' ' ' <<<"$before")"

# the controller's decisions
if [ -n "$ar_pid" ]; then
	ar_up() {
		kill -0 "$ar_pid" 2>/dev/null ||
			fail "lrugen autoreclaim exited: $(cat "$dir/ar.err")"
		[ "$(value 'lrugen_autoreclaim_up')" = 1 ] &&
			[ -n "$(prom_query "lrugen_autoreclaim_state{memcg=\"$B\"} == 1")" ]
	}
	wait_for "lrugen_autoreclaim_up 1 with a state for $B in Prometheus (autoreclaim's log: $(tail -n 2 "$dir/ar.log" | tr '\n' ' '))" 60 ar_up
	expect_eq "PromQL: one state per lruvec of $B" \
		"$(prom_query "sum by (node) (lrugen_autoreclaim_state{memcg=\"$B\"})")" "node=0 1"
	expect_eq "PromQL: dry run" "$(value 'lrugen_autoreclaim_dry_run')" 1
	expect_eq "PromQL: target age" "$(value 'lrugen_autoreclaim_target_age_seconds')" 4
	expect_eq "PromQL: no request in a dry run" \
		"$(value "lrugen_autoreclaim_requests_total{node=\"0\",memcg=\"$B\"}")" 0
	kill -TERM "$ar_pid"
	wait "$ar_pid"
	expect_eq "lrugen autoreclaim: SIGTERM: exit status" "$?" 0
	ar_down() {
		[ "$(value 'lrugen_autoreclaim_up')" = 0 ] &&
			[ -z "$(prom_query "lrugen_autoreclaim_state{memcg=\"$B\"}")" ]
	}
	wait_for "lrugen_autoreclaim_up 0 and no state for $B once the controller stopped" 30 ar_down
	# started again, then killed: the restart shows, and the file it
	# leaves is stale
	LG_FILES+=(/run/lrugen/autoreclaim.state)
	"$LRUGEN_BIN" autoreclaim -n -a 4 -d 1 --node 0 "$B" >"$dir/ar.log" 2>"$dir/ar.err" &
	ar_pid=$!
	LG_PIDS+=("$ar_pid")
	wait_for "lrugen_autoreclaim_up 1 again with a second controller" 60 ar_up
	expect_eq "PromQL: the restart, in changes() of the start time" \
		"$(value 'changes(lrugen_autoreclaim_start_time_seconds[5m])')" 1
	kill -KILL "$ar_pid"
	wait "$ar_pid" 2>/dev/null
	[ -e /run/lrugen/autoreclaim.state ] ||
		fail "a controller killed with SIGKILL left no state file: nothing stale to check"
	wait_for "lrugen_autoreclaim_up 0 and no state for $B with a killed controller's file" 30 ar_down
	expect_match "the exporter says the file is stale" "$(cat "$dir/exporter.err")" \
		"its writer, pid $ar_pid, is not a running lrugen: a stale file, ignored"
	info "lrugen autoreclaim -n on $B: up, one state a lruvec, down after SIGTERM, restarted, stale after SIGKILL ($SECONDS s into the test)"
else
	info "this lrugen has no autoreclaim: its families are not checked"
fi

# a counter driven by the test: nothing else in the VM asks for proactive
# reclaim, so pgsteal_proactive_node holds still but for this request.
# increase() over 30 s needs 30 s of scrapes before it, else it
# extrapolates over a longer stretch than it saw
thirty_s() {
	[ -n "$(prom_query 'count_over_time(lrugen_node_proactive_reclaimed_bytes_total{node="0"}[30s]) >= 27')" ]
}
wait_for "27 scrapes within 30 s" 60 thirty_s
steal0=$(node_vmstat 0 pgsteal_proactive_node)
t=$(date +%s.%N)
wait_for "an exporter sample after $t in Prometheus" 30 sampled_after "$t"
expect_eq "PromQL lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"} against pgsteal_proactive_node" \
	"$(value 'lrugen_node_proactive_reclaimed_bytes_total{node="0"}')" $((steal0 * psize))
t_before=$(date +%s.%N)
r=$(reclaim 0 "16M memcg=$ida")
steal1=$(node_vmstat 0 pgsteal_proactive_node)
step=$(((steal1 - steal0) * psize))
info "16M memcg=$ida on node 0: $r; pgsteal_proactive_node +$((steal1 - steal0)) pages"
[ "$step" -gt 0 ] || fail "the request reclaimed nothing (pgsteal_proactive_node did not move): nothing to compare"
at_step() {
	[ "$(value 'lrugen_node_proactive_reclaimed_bytes_total{node="0"}')" = $((steal1 * psize)) ]
}
wait_for "lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"} at $((steal1 * psize)) in Prometheus (it says $(value 'lrugen_node_proactive_reclaimed_bytes_total{node="0"}'))" 30 at_step
t_after=$(date +%s.%N)
span=$(awk -v a="$t_after" -v b="$t_before" 'BEGIN { printf "%d", a - b + 1 }')
expect_eq "PromQL: the counter's value now less $span s ago" \
	"$(value "lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"} - lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"} offset ${span}s" "$t_after")" \
	"$step"
# increase() extrapolates what its samples span to the range's ends, and
# never beyond them: at least the step, at most 30 s / the span of it
# (reached when both ends are within 1.1 scrapes of a sample; the span is
# in ms, and a millionth is left for rounding)
inc=$(value "increase(lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"}[30s])" "$t_after")
sspan=$(curl -sf --data-urlencode 'query=lrugen_node_proactive_reclaimed_bytes_total{node="0"}[30s]' \
	--data-urlencode "time=$t_after" "$api/query" |
	jq '.data.result[0].values | (.[-1][0] - .[0][0]) * 1000 | round / 1000')
awk -v i="$inc" -v s="$step" -v sp="$sspan" 'BEGIN { exit !(sp > 0 && i >= s && i <= s * 30 / sp * 1.000001) }' ||
	fail "PromQL increase(lrugen_node_proactive_reclaimed_bytes_total{node=\"0\"}[30s]) is $inc, not within [$step, $step x 30 / $sspan] (the samples span $sspan s)"
info "increase()[30s] = $inc for a step of $step bytes (samples spanning $sspan s)"
requested() {
	[ "$(value "lrugen_proactive_requested_bytes_total{node=\"0\",memcg=\"$A\"}")" = $((16 << 20)) ]
}
wait_for "PromQL lrugen_proactive_requested_bytes_total{node=\"0\",memcg=\"$A\"} = 16 MiB (it says '$(value "lrugen_proactive_requested_bytes_total{node=\"0\",memcg=\"$A\"}")')" 30 requested

kill -TERM "$exporter_pid"
wait "$exporter_pid"
expect_eq "exporter: SIGTERM: exit status" "$?" 0
pass "Prometheus' PromQL equals lru_gen_full and pgsteal_proactive_node for $A"

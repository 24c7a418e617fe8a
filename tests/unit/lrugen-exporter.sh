#!/usr/bin/env bash
# lrugen exporter offline, on a captured tree (LRUGEN_ROOT) with
# memory.numa_stat files: --once passes promtool check metrics, and its
# values equal the fixtures' worked out here (LRU bytes with awk from
# lru_gen_full, each memcg's own refaults from the numa_stat files, the
# node counters, ws and cold from lrugen wss --json); --top 1 on 505
# memcgs keeps 2 memcg labels a node whose sums are the node's totals;
# lrugen autoreclaim's state file, written by a running lrugen as the
# tree's /proc tells, gives tests/fixtures/exporter/autoreclaim.prom
# exactly, and a stale one (its pid gone, or another program's) or one of
# a newer version gives lrugen_autoreclaim_up 0 alone and a message;
# a memcg named with a quote, a backslash and a byte that is not UTF-8
# still passes promtool; over HTTP on a port the kernel picks, /metrics
# answers Prometheus text or OpenMetrics as the Accept header asks, / links
# to it, other paths are 404, a client that sends nothing does not block
# the next one, SIGTERM stops it with status 0; --textfile replaces its
# file by rename (a new inode each sample, never a partial file, no .tmp
# left); bad command lines exit 2, a taken port and an unwritable textfile
# exit 1, and none of them writes anything. Runs the plain and the
# ASan+UBSan binary.
#
# LRUGEN_BIN=PATH (and LRUGEN_BIN_SAN=PATH, its ASan+UBSan twin) tests
# another build instead of making tools/lrugen/build and build-san.
# timeout: 300
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
for tool in promtool curl jq python3; do
	command -v "$tool" >/dev/null ||
		fail "$tool is missing: run scripts/setup (promtool comes with Debian's prometheus)"
done
lrugen_bins
scratch_dir
export LC_ALL=C
psize=$(getconf PAGESIZE)
efx=$LRUGEN_TOP/tests/fixtures/exporter

# mk_exporter_root DIR [LRU_GEN_FULL]: mk_root, and the memcgs'
# memory.numa_stat files of tests/fixtures/exporter
mk_exporter_root() {
	local r=$1
	mk_root "$r" "${2:-}"
	mkdir -p "$r/sys/fs/cgroup/fx-b/inner"
	cp "$efx/root.numa_stat" "$r/sys/fs/cgroup/memory.numa_stat"
	cp "$efx/fx-a.numa_stat" "$r/sys/fs/cgroup/fx-a/memory.numa_stat"
	cp "$efx/fx-b.numa_stat" "$r/sys/fs/cgroup/fx-b/memory.numa_stat"
	cp "$efx/fx-b-inner.numa_stat" "$r/sys/fs/cgroup/fx-b/inner/memory.numa_stat"
}

# mk_ar_state DIR PID COMM: tests/fixtures/exporter's state file in DIR,
# written at 1795990123.25 by PID, which DIR's /proc calls COMM and says
# started 1000.5 s after a boot at 1795989000 (100 ticks a second)
mk_ar_state() {
	local r=$1 hz
	hz=$(getconf CLK_TCK)
	mkdir -p "$r/run/lrugen" "$r/proc/$2"
	sed "1s/pid=[0-9]*/pid=$2/" "$efx/autoreclaim.state" >"$r/run/lrugen/autoreclaim.state"
	touch -d @1795990123.25 "$r/run/lrugen/autoreclaim.state"
	echo "$2 ($3) S 1 $2 $2 0 -1 4194560 0 0 0 0 3 1 0 0 20 0 1 0 $((1000 * hz + hz / 2)) 0 0" >"$r/proc/$2/stat"
	printf 'cpu  1 2 3 4\nbtime 1795989000\n' >"$r/proc/stat"
}

# "node memcg type bytes" per lruvec, from lru_gen_full ('x' generations left out)
awk_lru_bytes() {
	awk -v ps="$psize" '
		$1 == "memcg" { p = $3 }
		$1 == "node" { n = $2; key[++k] = n " " p; nk[k] = n " " p }
		NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
			if ($3 !~ /x$/) a[n " " p] += $3
			if ($4 !~ /x$/) f[n " " p] += $4
		}
		END { for (i = 1; i <= k; i++) {
			print nk[i], "anon", a[key[i]] * ps; print nk[i], "file", f[key[i]] * ps } }' "$1" | sort
}

# "node memcg type bytes" of one family in exposition text
series() {
	sed -n "s/^$2{node=\"\\([0-9]*\\)\",memcg=\"\\([^\"]*\\)\",type=\"\\([a-z]*\\)\"} \\([0-9]*\\)\$/\\1 \\2 \\3 \\4/p" "$1" | sort
}

# each memcg's own refaults, "node memcg type bytes": its numa_stat less its children's
awk_own_refaults() {
	local r=$1
	(cd "$r/sys/fs/cgroup" && find . -name memory.numa_stat | sort) |
	while read -r f; do
		p=${f#.}
		p=${p%/memory.numa_stat}
		echo "${p:-/} $(grep '^workingset_refault_anon ' "$r/sys/fs/cgroup/$f" | tr '=' ' ') $(grep '^workingset_refault_file ' "$r/sys/fs/cgroup/$f" | tr '=' ' ')"
	done | awk -v ps="$psize" '
		# path workingset_refault_anon N0 a0 N1 a1 workingset_refault_file N0 f0 N1 f1
		{ path[NR] = $1; v[$1, 0, "anon"] = $4; v[$1, 1, "anon"] = $6
		  v[$1, 0, "file"] = $9; v[$1, 1, "file"] = $11 }
		function parent(p,   q) { q = p; sub(/\/[^\/]*$/, "", q); return q == "" ? "/" : q }
		END {
			for (i = 1; i <= NR; i++) for (n = 0; n < 2; n++) for (t = 0; t < 2; t++) {
				ty = t ? "file" : "anon"; own[path[i], n, ty] = v[path[i], n, ty] }
			for (i = 1; i <= NR; i++) if (path[i] != "/") for (n = 0; n < 2; n++) for (t = 0; t < 2; t++) {
				ty = t ? "file" : "anon"; own[parent(path[i]), n, ty] -= v[path[i], n, ty] }
			for (i = 1; i <= NR; i++) for (n = 0; n < 2; n++) for (t = 0; t < 2; t++) {
				ty = t ? "file" : "anon"; print n, path[i], ty, own[path[i], n, ty] * ps }
		}' | sort
}

# the sample lines that stay the same from one sample to the next
steady() {
	grep -v -e '^#' -e '^lrugen_exporter_' "$1"
}

# wait_for WHAT CMD...: run CMD every 0.1 s until it succeeds, for 20 s at most
wait_for() {
	local what=$1 i
	shift
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	fail "$what: not within 20 s"
}

for lrugen in "${bins[@]}"; do
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	b=$(basename "$(dirname "$lrugen")")
	root=$dir/root-$b
	mk_exporter_root "$root"
	export LRUGEN_ROOT=$root

	# --once: valid, and the fixtures' numbers
	"$lrugen" exporter --once --no-events >"$dir/once.prom" 2>"$dir/once.err" ||
		fail "$b: exporter --once failed: $(cat "$dir/once.err")"
	out=$(promtool check metrics <"$dir/once.prom" 2>&1) ||
		fail "$b: promtool check metrics: $out"
	expect_eq "$b: LRU bytes vs lru_gen_full" "$(series "$dir/once.prom" lrugen_lru_bytes)" \
		"$(awk_lru_bytes "$root/sys/kernel/debug/lru_gen_full")"
	expect_eq "$b: the +Inf age bucket is the LRU" \
		"$(sed -n 's/^lrugen_lru_age_bytes{\(.*\),age_le="+Inf"}/lrugen_lru_bytes{\1}/p' "$dir/once.prom" | sort)" \
		"$(grep '^lrugen_lru_bytes{' "$dir/once.prom" | sort)"
	expect_eq "$b: own refaults vs memory.numa_stat" \
		"$(series "$dir/once.prom" lrugen_refaulted_bytes_total)" "$(awk_own_refaults "$root")"
	want=$("$lrugen" wss --json -w 120 | jq -r '.page_size as $ps | .lruvecs[] |
		"\(.nid) \(.memcg) anon \(.ws_pages.anon * $ps)", "\(.nid) \(.memcg) file \(.ws_pages.file * $ps)"' | sort)
	expect_eq "$b: working set vs lrugen wss" "$(series "$dir/once.prom" lrugen_working_set_bytes)" "$want"
	want=$("$lrugen" wss --json -w 120 | jq -r '.page_size as $ps | .lruvecs[] |
		"\(.nid) \(.memcg) anon \(.cold_pages.anon * $ps)", "\(.nid) \(.memcg) file \(.cold_pages.file * $ps)"' | sort)
	expect_eq "$b: cold vs lrugen wss" "$(series "$dir/once.prom" lrugen_cold_bytes)" "$want"
	for n in 0 1; do
		for t in anon file; do
			want=$(awk -v k="workingset_refault_$t" -v ps="$psize" '$1 == k { print $2 * ps }' \
				"$root/sys/devices/system/node/node$n/vmstat")
			expect_eq "$b: node $n $t refaults" \
				"$(sed -n "s/^lrugen_node_refaulted_bytes_total{node=\"$n\",type=\"$t\"} //p" "$dir/once.prom")" "$want"
		done
		expect_eq "$b: node $n memcgs" "$(sed -n "s/^lrugen_memcgs{node=\"$n\"} //p" "$dir/once.prom")" 4
	done
	# kswapd0's stat has utime 0 + stime 25 ticks; kswapd1 is a user process
	expect_eq "$b: kswapd CPU" "$(grep '^lrugen_kswapd_cpu_seconds_total' "$dir/once.prom")" \
		"lrugen_kswapd_cpu_seconds_total{node=\"0\"} $(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.17g", 25 / hz }')"
	grep -q '^lrugen_evicted_bytes\|^lrugen_proactive_' "$dir/once.prom" &&
		fail "$b: --no-events printed event counters"
	grep -q '^lrugen_exporter_events_live 0$' "$dir/once.prom" || fail "$b: events_live is not 0"
	expect_eq "$b: no controller: lrugen_autoreclaim_up 0 alone" \
		"$(grep '^lrugen_autoreclaim_' "$dir/once.prom")" "lrugen_autoreclaim_up 0"

	# lrugen autoreclaim's state file, its writer a running lrugen (the
	# tree's /proc says so): the fixture's exposition exactly, promtool
	# content; a stale file, or one that cannot be read, is up 0 and said
	mk_ar_state "$root" 4242 lrugen
	"$lrugen" exporter --once --no-events >"$dir/ar.prom" 2>"$dir/ar.err" ||
		fail "$b: exporter --once with a state file failed: $(cat "$dir/ar.err")"
	out=$(promtool check metrics <"$dir/ar.prom" 2>&1) || fail "$b: with a state file: promtool: $out"
	expect_eq "$b: the state file's exposition" \
		"$(sed -n '/^# HELP lrugen_autoreclaim_up /,$p' "$dir/ar.prom")" "$(cat "$efx/autoreclaim.prom")"
	expect_eq "$b: with a state file: nothing on stderr" "$(cat "$dir/ar.err")" ""
	mk_ar_state "$root" 4242 bash
	"$lrugen" exporter --once --no-events >"$dir/ar.prom" 2>"$dir/ar.err" ||
		fail "$b: exporter --once with a stale state file failed: $(cat "$dir/ar.err")"
	expect_eq "$b: a stale state file (pid 4242 is bash): up 0 alone" \
		"$(grep '^lrugen_autoreclaim_' "$dir/ar.prom")" "lrugen_autoreclaim_up 0"
	expect_match "$b: a stale state file: said" "$(cat "$dir/ar.err")" \
		"autoreclaim.state: its writer, pid 4242, is not a running lrugen: a stale file, ignored"
	rm -r "$root/proc/4242"
	"$lrugen" exporter --once --no-events >"$dir/ar.prom" 2>"$dir/ar.err" ||
		fail "$b: exporter --once with a dead writer's state file failed: $(cat "$dir/ar.err")"
	expect_eq "$b: a dead writer's state file: up 0 alone" \
		"$(grep '^lrugen_autoreclaim_' "$dir/ar.prom")" "lrugen_autoreclaim_up 0"
	mk_ar_state "$root" 4242 lrugen
	sed -i '1s/version=1/version=9/' "$root/run/lrugen/autoreclaim.state"
	"$lrugen" exporter --once --no-events >"$dir/ar.prom" 2>"$dir/ar.err" ||
		fail "$b: exporter --once with a newer state file failed: $(cat "$dir/ar.err")"
	expect_eq "$b: a newer state file: up 0 alone" \
		"$(grep '^lrugen_autoreclaim_' "$dir/ar.prom")" "lrugen_autoreclaim_up 0"
	expect_match "$b: a newer state file: said" "$(cat "$dir/ar.err")" "lrugen exporter: lrugen autoreclaim's state: .*autoreclaim.state"
	rm -r "$root/run" "$root/proc/4242"

	# --top 1 on 505 memcgs: two memcg labels a node, their sums the node's
	root500=$dir/root500-$b
	mk_exporter_root "$root500" "$fx/lru_gen_full-500.txt"
	LRUGEN_ROOT=$root500 "$lrugen" exporter --once --top 1 >"$dir/top.prom" ||
		fail "$b: --top 1 failed"
	out=$(promtool check metrics <"$dir/top.prom" 2>&1) || fail "$b: --top 1: promtool: $out"
	got=$(series "$dir/top.prom" lrugen_lru_bytes | awk '{ s[$1 " " $3] += $4; m[$1 " " $2] = 1 }
		END { for (k in s) print k, s[k]; for (k in m) { split(k, a, " "); c[a[1]]++ }
		      for (n in c) print n, "labels", c[n] }' | sort)
	want=$(awk_lru_bytes "$root500/sys/kernel/debug/lru_gen_full" | awk '{ s[$1 " " $3] += $4 }
		END { for (k in s) print k, s[k]; print 0, "labels", 2; print 1, "labels", 2 }' | sort)
	expect_eq "$b: --top 1: sums and labels per node" "$got" "$want"
	n=$(awk '$1 == "memcg" && $2 != 0 { c++ } END { print c }' "$root500/sys/kernel/debug/lru_gen_full")
	expect_eq "$b: --top 1: memcgs in other" \
		"$(grep '^lrugen_other_memcgs' "$dir/top.prom")" \
		"lrugen_other_memcgs{node=\"0\"} $((n - 1))
lrugen_other_memcgs{node=\"1\"} $((n - 1))"

	# a memcg named with a quote, a backslash and a byte that is not UTF-8
	rootq=$dir/rootq-$b
	weird=$(printf 'fx-"a\\b\377')
	sed "s|^memcg     2 /fx-a\$|memcg     2 /${weird//\\/\\\\}|" "$fx/lru_gen_full.txt" >"$dir/weird.txt"
	mk_exporter_root "$rootq" "$dir/weird.txt"
	mv "$rootq/sys/fs/cgroup/fx-a" "$rootq/sys/fs/cgroup/$weird"
	LRUGEN_ROOT=$rootq "$lrugen" exporter --once --no-events >"$dir/weird.prom" ||
		fail "$b: exporter on a strange name failed"
	out=$(promtool check metrics <"$dir/weird.prom" 2>&1) || fail "$b: strange name: promtool: $out"
	grep -qF 'memcg="/fx-\"a\\b\\xff",type="anon"} 209817600' "$dir/weird.prom" ||
		fail "$b: the strange name is not escaped as \\\", \\\\ and \\\\xff: $(grep -a 'lru_bytes{node="0",memcg="/fx-' "$dir/weird.prom")"

	# HTTP, on a port the kernel picks
	# the background job opens the file: the last binary's must not be read
	rm -f "$dir/http.err" "$dir/busy.err"
	"$lrugen" exporter -l 127.0.0.1:0 -d 0.2 --no-events 2>"$dir/http.err" &
	pid=$!
	pids+=("$pid")
	wait_for "$b: the exporter's 'serving' line" grep -qs 'serving http://127.0.0.1:[0-9]*/metrics' "$dir/http.err"
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/http.err")
	out=$(curl -sS -D "$dir/h1" -o "$dir/http.prom" "$url/metrics" 2>&1) || fail "$b: curl $url/metrics failed: $out"
	expect_match "$b: Prometheus content type" "$(cat "$dir/h1")" '^Content-Type: text/plain; version=0.0.4; charset=utf-8'
	out=$(promtool check metrics <"$dir/http.prom" 2>&1) || fail "$b: HTTP text: promtool: $out"
	expect_eq "$b: HTTP text is --once's" "$(steady "$dir/http.prom")" "$(steady "$dir/once.prom")"
	curl -s -D "$dir/h2" -o "$dir/http.om" \
		-H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' \
		"$url/metrics" || fail "$b: curl /metrics (OpenMetrics) failed"
	expect_match "$b: OpenMetrics content type" "$(cat "$dir/h2")" \
		'^Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8'
	expect_eq "$b: OpenMetrics ends with # EOF" "$(tail -n 1 "$dir/http.om")" "# EOF"
	grep -q '^# UNIT lrugen_lru_bytes bytes$' "$dir/http.om" || fail "$b: no UNIT line in OpenMetrics"
	grep -q '^# TYPE lrugen_refaulted_bytes counter$' "$dir/http.om" ||
		fail "$b: OpenMetrics counter family not named without _total"
	expect_eq "$b: OpenMetrics samples are the text's" \
		"$(grep -v '^#' "$dir/http.om" | grep -v '^lrugen_exporter_')" "$(steady "$dir/http.prom")"
	expect_eq "$b: /nope" "$(curl -s -o /dev/null -w '%{http_code}' "$url/nope")" 404
	expect_match "$b: / links to /metrics" "$(curl -s "$url/")" '<a href="/metrics">'
	expect_eq "$b: POST" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/metrics")" 405
	# a client that connects and sends nothing is dropped after 5 s; meanwhile
	# the next waits, then is answered
	python3 -c 'import socket, sys, time; s = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); time.sleep(30)' \
		"${url##*:}" &
	pids+=("$!")
	sleep 0.5
	code=$(curl -s -o /dev/null -m 20 -w '%{http_code}' "$url/metrics")
	expect_eq "$b: answered after a silent client" "$code" 200
	kill "$!" 2>/dev/null
	kill -TERM "$pid"
	wait "$pid"
	expect_eq "$b: SIGTERM: exit status" "$?" 0
	expect_match "$b: SIGTERM: says it stopped" "$(cat "$dir/http.err")" 'lrugen exporter: stopped'

	# --textfile: replaced by rename, never seen half written
	mkdir -p "$dir/tf"
	"$lrugen" exporter --textfile "$dir/tf/lrugen.prom" -d 0.1 --no-events 2>"$dir/tf.err" &
	pid=$!
	pids+=("$pid")
	wait_for "$b: the textfile" test -s "$dir/tf/lrugen.prom"
	lines=$(wc -l <"$dir/once.prom")
	inodes=()
	for ((i = 0; i < 40; i++)); do
		cp "$dir/tf/lrugen.prom" "$dir/tf-read" 2>/dev/null || continue
		expect_eq "$b: textfile read $i: whole" "$(wc -l <"$dir/tf-read")" "$lines"
		inodes+=("$(stat -c %i "$dir/tf/lrugen.prom" 2>/dev/null)")
		sleep 0.05
	done
	[ "$(printf '%s\n' "${inodes[@]}" | sort -u | wc -l)" -gt 1 ] ||
		fail "$b: the textfile kept one inode over 2 s: it is not replaced by rename"
	out=$(promtool check metrics <"$dir/tf/lrugen.prom" 2>&1) || fail "$b: textfile: promtool: $out"
	kill -TERM "$pid"
	wait "$pid"
	expect_eq "$b: textfile: SIGTERM exit status" "$?" 0
	expect_eq "$b: textfile: what is left" "$(ls "$dir/tf")" "lrugen.prom"

	# bad command lines: exit 2, a message, nothing written or listened on
	mkdir -p "$dir/bad"
	for args in "-l 127.0.0.1" "-l 127.0.0.1:65536" "-l 127.0.0.1:-1" "-l localhost:9756" \
		"-l ::1:9756" "-l 127.0.0.1:x" "-l :" "--textfile $dir/bad/x.txt" "--textfile $dir/bad/.prom" \
		"--once --textfile $dir/bad/x.prom" "-l 127.0.0.1:0 --once" "-d 0" "-d x" "-w 0" "-w 1e9" \
		"--top -1" "--top x" "--once extra" "--bogus"; do
		# shellcheck disable=SC2086 # $args is a whole command line
		err=$("$lrugen" exporter $args 2>&1 >/dev/null)
		expect_eq "$b: exporter $args: exit status" "$?" 2
		[ -n "$err" ] || fail "$b: exporter $args: no message"
	done
	expect_eq "$b: nothing written by bad command lines" "$(ls -A "$dir/bad")" ""
	# a port that is taken, a textfile that cannot be written: exit 1
	"$lrugen" exporter -l 127.0.0.1:0 --no-events 2>"$dir/busy.err" &
	pid=$!
	pids+=("$pid")
	wait_for "$b: the first exporter" grep -qs serving "$dir/busy.err"
	addr=$(grep -o '127.0.0.1:[0-9]*' "$dir/busy.err")
	err=$("$lrugen" exporter -l "$addr" --no-events 2>&1)
	expect_eq "$b: a taken port: exit status" "$?" 1
	expect_match "$b: a taken port: message" "$err" "cannot listen on $addr: Address already in use"
	kill -TERM "$pid"
	wait "$pid"
	err=$("$lrugen" exporter --textfile "$dir/nodir/x.prom" --no-events 2>&1)
	expect_eq "$b: an unwritable textfile: exit status" "$?" 1
	expect_match "$b: an unwritable textfile: message" "$err" "cannot write $dir/nodir/x.prom.tmp"
	err=$(LRUGEN_ROOT=$dir/nothing "$lrugen" exporter --once 2>&1)
	expect_eq "$b: no multi-gen LRU: exit status" "$?" 1
	expect_match "$b: no multi-gen LRU: message" "$err" "no multi-gen LRU"
	info "$b: --once, --top, HTTP, --textfile and bad input checked"
done
pass

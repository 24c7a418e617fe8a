#!/usr/bin/env bash
# sharemap, the shared-mapping workload of bench/kswapd-compare: its pages
# are mapped by every worker (the file) and shared copy-on-write with the
# parent (the anonymous region); the same seed gives the same accesses,
# another seed others; the skew and the write share are what was asked
# for; file writes reach the file; its workers die with it; bad options
# are refused, and so are bad settings of its kswapd-compare plug-in.
# Tiny sizes only: nothing here makes the host reclaim.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
sharemap=$LRUGEN_TOP/build/progs/sharemap
[ -x "$sharemap" ] || fail "$sharemap is not built (make progs)"
tmp=$(mktemp -d)
bg=''
trap '[ -z "$bg" ] || kill -9 "$bg" 2>/dev/null; rm -rf "$tmp"' EXIT
f=$tmp/file

field() { grep -o " $1=[^ ]*" <<<"$2" | cut -d= -f2; }
# the sum of every page's write counter (word 1 of each 4 KiB page)
file_writes() {
	python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read()
print(sum(struct.unpack_from("<Q", d, i + 8)[0] for i in range(0, len(d), 4096)))' "$1"
}

out=$("$sharemap" --create --file "$f" --file-size 4M 2>&1) || fail "sharemap --create: $out"
expect_eq "size of the created file" "$(stat -c %s "$f")" $((4 << 20))
expect_eq "write counters of a new file" "$(file_writes "$f")" 0

run() { "$sharemap" --processes 3 --anon 8M --file "$f" --file-size 4M --accesses 60000 "$@"; }
a=$(run --seed 7) || fail "sharemap: $a"
b=$(run --seed 7) || fail "sharemap: $b"
c=$(run --seed 8) || fail "sharemap: $c"
info "$a"
expect_eq "anon pages" "$(field anon_pages "$a")" $((8 * 256))
expect_eq "file pages" "$(field file_pages "$a")" $((4 * 256))
expect_eq "processes" "$(field processes "$a")" 3
expect_eq "accesses" "$(field accesses "$a")" 60000
expect_eq "anon + file accesses" $(($(field anon_accesses "$a") + $(field file_accesses "$a"))) 60000
expect_eq "same seed, same checksum" "$(field checksum "$b")" "$(field checksum "$a")"
[ "$(field checksum "$c")" != "$(field checksum "$a")" ] || fail "seeds 7 and 8 gave the same accesses"
expect_eq "capped without --duration" "$(field capped "$a")" 0
expect_eq "lost pages" "$(field lost "$a")" 0
# 2:1 anon to file by size: about 2/3 of the accesses are anonymous
anon=$(field anon_accesses "$a")
[ "$anon" -gt 38500 ] && [ "$anon" -lt 41500 ] || fail "anon accesses $anon of 60000, want about 2/3"
# every 16th access of each worker is timed: 20000 each, 1250 timed
expect_eq "timed accesses" "$(field lat_samples "$a")" 3750
awk -v a="$(field lat_p50_us "$a")" -v b="$(field lat_p99_us "$a")" -v c="$(field lat_p999_us "$a")" \
	'BEGIN { exit !(a > 0 && a <= b && b <= c) }' ||
	fail "latency percentiles out of order: $a"

# The sharing: every page of both regions is mapped by another process
# too (3 workers map the file; the parent and its workers share the
# anonymous pages), so each worker shares 12 MiB. One worker alone shares
# none of the file, and still all of the anonymous region, with its parent.
expect_eq "shared kB, 3 workers" "$(field shared_kb "$a")" $((12 << 10))
one=$("$sharemap" --processes 1 --file "$f" --file-size 4M --accesses 1000) || fail "sharemap --processes 1: $one"
expect_eq "shared kB, 1 worker, file only" "$(field shared_kb "$one")" 0
one=$("$sharemap" --processes 1 --anon 4M --accesses 1000) || fail "sharemap --processes 1: $one"
expect_eq "shared kB, 1 worker, anon only" "$(field shared_kb "$one")" 4096

# --writes: the share of file accesses that write, and the writes reach
# the file through the shared mapping; the sequence does not change
w=$(run --seed 7 --writes 50) || fail "sharemap --writes 50: $w"
expect_eq "--writes does not change the sequence" "$(field checksum "$w")" "$(field checksum "$a")"
fa=$(field file_accesses "$w") fw=$(field file_writes "$w")
[ $((fw * 100 / fa)) -ge 46 ] && [ $((fw * 100 / fa)) -le 54 ] || fail "$fw of $fa file accesses wrote, want about 50%"
expect_eq "write counters in the file" "$(file_writes "$f")" "$fw"
expect_eq "no writes without --writes" "$(field file_writes "$a")" 0

# The skew: 1000 accesses over 1024 pages reach about 640 distinct pages
# when uniform, but about 200 when 90% go to the hot 10%; the hot pages
# are the same in every worker.
u=$("$sharemap" --processes 2 --anon 4M --accesses 1000 --hot 100:100) || fail "sharemap --hot 100:100: $u"
h=$("$sharemap" --processes 2 --anon 4M --accesses 1000 --hot 10:90) || fail "sharemap --hot 10:90: $h"
tu=$(field touched "$u") th=$(field touched "$h")
info "distinct pages in 1000 accesses: $tu uniform, $th with --hot 10:90"
[ "$tu" -gt 580 ] && [ "$tu" -lt 700 ] || fail "uniform: $tu distinct pages, want about 640"
[ "$th" -gt 150 ] && [ "$th" -lt 260 ] || fail "--hot 10:90: $th distinct pages, want about 200"

# --duration stops the accesses, and the line says so
d=$("$sharemap" --processes 2 --anon 1M --accesses 1000000000000 --duration 1) || fail "sharemap --duration 1: $d"
expect_eq "capped by --duration" "$(field capped "$d")" 1
[ "$(field accesses "$d")" -lt 1000000000000 ] || fail "--duration 1 did not stop the accesses: $d"

# A file that --create did not write is refused, not read as lost pages
dd if=/dev/zero of="$tmp/zero" bs=1M count=1 status=none
err=$("$sharemap" --processes 2 --file "$tmp/zero" --file-size 1M --accesses 100 2>&1)
expect_eq "exit status for a file of zeroes" "$?" 1
expect_match "message for a file of zeroes" "$err" "does not hold what --create wrote"

# Its workers die with it: kill the parent, and none is left
"$sharemap" --processes 2 --anon 1M --accesses 1000000000000 --duration 60 >/dev/null 2>&1 &
bg=$!
for ((i = 0; i < 100; i++)); do
	kids=$(pgrep -P "$bg" | tr '\n' ' ')
	[ "$(wc -w <<<"$kids")" -eq 2 ] && break
	sleep 0.1
done
[ "$(wc -w <<<"$kids")" -eq 2 ] || fail "sharemap did not start its 2 workers in 10 s: '$kids'"
kill -TERM "$bg"
wait "$bg" 2>/dev/null
bg=''
for ((i = 0; i < 100; i++)); do
	left=''
	for k in $kids; do kill -0 "$k" 2>/dev/null && left+=" $k"; done
	[ -z "$left" ] && break
	sleep 0.1
done
[ -z "$left" ] || fail "workers$left outlived their parent by 10 s"

for bad in "--anon 12x" "--anon 50%" "--anon 0" "--anon 100" "--processes 0" "--processes 1025" "--processes x" \
	"--accesses 0" "--hot 0:50" "--hot 20" "--hot 20:101" "--writes 101" "--seed -1" "--duration -1" \
	"--duration 1000001" "--file $f" "--file-size 1M" "" "--anon 1M extra" "--create --anon 1M" \
	"--create --file $f --file-size 1M --anon 1M" "--file $f --file-size 100" "--bogus"; do
	# shellcheck disable=SC2086 # $bad is a whole command line
	err=$("$sharemap" $bad 2>&1 >/dev/null)
	rc=$?
	expect_eq "exit status for '$bad'" "$rc" 2
	expect_match "message for '$bad'" "$err" "sharemap: "
done
for big in 17179869184G 16E; do
	err=$("$sharemap" --anon "$big" 2>&1 >/dev/null)
	expect_eq "exit status for --anon $big" "$?" 2
	expect_match "message for --anon $big" "$err" "^sharemap: --anon: '$big' is too big"
done
err=$("$sharemap" --file "$f" --file-size 8M 2>&1)
expect_eq "a file smaller than --file-size" "$?" 1
expect_match "message" "$err" "less than --file-size"
err=$("$sharemap" --file "$tmp/missing" --file-size 1M 2>&1)
expect_eq "a missing file" "$?" 1
expect_match "message" "$err" "sharemap: $tmp/missing: No such file"

# The plug-in that runs it in kswapd-compare refuses bad settings in its
# check, before the guest changes anything
plugin=$LRUGEN_TOP/bench/kswapd-compare/workloads/shared
out=$("$plugin" check 2>&1) || fail "shared check with the defaults: $out"
for knob in KC_SHARED_PROCESSES=0 KC_SHARED_PROCESSES=1025 KC_SHARED_PROCESSES=x KC_SHARED_FILE_PCT=101 \
	KC_SHARED_HOT=20 KC_SHARED_HOT=0:50 KC_SHARED_WRITES=x KC_SHARED_WRITES=101 KC_SHARED_CAP_S=0; do
	err=$(env "$knob" "$plugin" check 2>&1)
	expect_eq "exit status of 'shared check' with $knob" "$?" 1
	expect_match "message for $knob" "$err" "^shared: ${knob%%=*} is "
done
err=$("$plugin" bogus 2>&1)
expect_eq "exit status of 'shared bogus'" "$?" 1
expect_match "message for 'shared bogus'" "$err" "^shared: usage: shared check"
err=$(LRUGEN_SCRATCH=$tmp/none "$plugin" run "$tmp/run" / 1 0 2>&1)
expect_eq "exit status of a run before prepare" "$?" 1
expect_match "message for a run before prepare" "$err" "run 'shared prepare"
pass

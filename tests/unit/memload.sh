#!/usr/bin/env bash
# memload, the workload of bench/kswapd-compare/run: the same seed gives the
# same accesses, another seed others; the hot/cold skew and the write share
# are what was asked for; bad options are refused.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
memload=$LRUGEN_TOP/build/progs/memload
[ -x "$memload" ] || fail "$memload is not built (make progs)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dd if=/dev/zero of="$tmp/file" bs=1M count=4 status=none

field() { grep -o " $1=[^ ]*" <<<"$2" | cut -d= -f2; }

a=$("$memload" --anon 8M --file "$tmp/file" --file-size 4M --accesses 50000 --seed 7) || fail "memload: $a"
b=$("$memload" --anon 8M --file "$tmp/file" --file-size 4M --accesses 50000 --seed 7) || fail "memload: $b"
c=$("$memload" --anon 8M --file "$tmp/file" --file-size 4M --accesses 50000 --seed 8) || fail "memload: $c"
info "$a"
expect_eq "anon pages" "$(field anon_pages "$a")" $((8 * 256))
expect_eq "file pages" "$(field file_pages "$a")" $((4 * 256))
expect_eq "accesses" $(($(field anon_accesses "$a") + $(field file_accesses "$a"))) 50000
expect_eq "same seed, same checksum" "$(field checksum "$b")" "$(field checksum "$a")"
expect_eq "same seed, same writes" "$(field dirtied "$b")" "$(field dirtied "$a")"
[ "$(field checksum "$c")" != "$(field checksum "$a")" ] || fail "seeds 7 and 8 gave the same accesses"
# 2:3 anon to file by size: about 2/3 of the accesses are anonymous
anon=$(field anon_accesses "$a")
[ "$anon" -gt 32000 ] && [ "$anon" -lt 34700 ] || fail "anon accesses $anon of 50000, want about 2/3"
# about half of the anonymous accesses dirty the page (--writes 50)
dirt=$(field dirtied "$a")
[ $((dirt * 100 / anon)) -ge 47 ] && [ $((dirt * 100 / anon)) -le 53 ] || fail "$dirt of $anon accesses wrote, want about 50%"
w0=$("$memload" --anon 4M --accesses 20000 --writes 0) || fail "memload --writes 0: $w0"
expect_eq "--writes 0 dirties nothing" "$(field dirtied "$w0")" 0

# The skew: 1000 accesses over 1024 pages reach about 640 distinct pages
# when uniform, but about 200 when 90% go to the hot 10%.
u=$("$memload" --anon 4M --accesses 1000 --hot 100:100) || fail "memload --hot 100:100: $u"
h=$("$memload" --anon 4M --accesses 1000 --hot 10:90) || fail "memload --hot 10:90: $h"
tu=$(field touched "$u") th=$(field touched "$h")
info "distinct pages in 1000 accesses: $tu uniform, $th with --hot 10:90"
[ "$tu" -gt 580 ] && [ "$tu" -lt 700 ] || fail "uniform: $tu distinct pages, want about 640"
[ "$th" -gt 150 ] && [ "$th" -lt 260 ] || fail "--hot 10:90: $th distinct pages, want about 200"

for bad in "--anon 12x" "--anon 50%" "--anon 0" "--anon 17179869185G" "--hot -4294967295:50" "--accesses 0" "--hot 0:50" "--hot 20" "--hot 20:101" \
	"--writes 101" "--seed -1" "--file $tmp/file" "--file-size 1M" "" "--anon 1M extra"; do
	# shellcheck disable=SC2086 # $bad is a whole command line
	err=$("$memload" $bad 2>&1 >/dev/null)
	rc=$?
	expect_eq "exit status for '$bad'" "$rc" 2
	expect_match "message for '$bad'" "$err" "memload: "
done
# too big for 64 bits: refused as such, not wrapped around
for big in 17179869184G 18014398509481985K 16E; do
	err=$("$memload" --anon "$big" 2>&1 >/dev/null)
	expect_eq "exit status for --anon $big" "$?" 2
	expect_match "message for --anon $big" "$err" "^memload: --anon: '$big' is too big: a size must be less than 16E"
	err=$("$memload" --file "$tmp/file" --file-size "$big" 2>&1 >/dev/null)
	expect_eq "exit status for --file-size $big" "$?" 2
	expect_match "message for --file-size $big" "$err" "^memload: --file-size: '$big' is too big"
done
err=$("$memload" --anon 1.5G 2>&1 >/dev/null)
expect_match "message for --anon 1.5G" "$err" "^memload: --anon: '1.5G' is not a size: give digits"
err=$("$memload" --file "$tmp/file" --file-size 8M 2>&1)
expect_eq "a file smaller than --file-size" "$?" 1
expect_match "message" "$err" "less than --file-size"
pass

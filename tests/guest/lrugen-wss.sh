#!/usr/bin/env bash
# suites: guest guest-asan
# 'lrugen wss' against a workload whose hot and cold sizes are known:
# memload's 256 MiB of anonymous memory in a fresh memcg on node 0, 25% of
# its pages hot (every access goes to them), the other 75% touched only
# when it populates. After -i 10 -t 40 (a generation every 10 s, the last
# just before the estimate), the working set for -w 15 is within 10% of
# the hot bytes and the cold memory within 10% of the cold bytes; the
# youngest bin is nearly empty (the walk moves what it finds accessed into
# the generation it then closes); a window inside the hot bin (-w 5)
# leaves the hot pages uncertain, the resolution it reports.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
command -v jq >/dev/null || skip "jq is not installed (the host's jq is used in the guest)"
C=/lrugen-wss-$$
make_memcg $C
id=$(memcg_id $C) || fail "no id for memcg $C (above)"
out=/tmp/lrugen-wss-$$
LG_FILES+=("$out" "$out.err" "$out.json")
psize=$(getconf PAGESIZE)

# memload: 256 MiB, 25% hot taking every access; the truth, in pages, is
# loadgen's: hot = pages * 25 / 100, rounded down
anon_mib=256
pages=$((anon_mib * 1024 * 1024 / psize))
hot=$((pages * 25 / 100))
cold=$((pages - hot))
memcg_spawn $C 0 "$LRUGEN_PROGS/memload" --anon ${anon_mib}M --hot 25:100 --writes 0 \
	--accesses 1099511627776 >"$out" 2>&1 || fail "memload did not start"
LG_PIDS+=($!)
mpid=$!
# Under TCG a page's accessed bit is set again only when its translation
# leaves QEMU's software TLB, which a CR3 load empties; a task alone on its
# vCPU keeps every hot translation, so after the first walk clears their
# bits the hot pages would look idle. On hardware the TLB is far smaller
# than 16384 pages and misses all the time. A task of another mm waking
# on memload's CPU every 50 ms makes the switches that empty it.
"$LRUGEN_PROGS/onnode" 0 bash -c 'while :; do sleep 0.05; done' &
LG_PIDS+=($!)

# populated: its pages on node 0's lruvec of the memcg, but for the few
# a CPU's LRU batch may still hold (its own stack and heap add a few)
want=$((pages - 64))
for ((i = 0; i < 600; i++)); do
	read -r anon _ <<<"$(lruvec_pages "$id" 0)"
	[ "${anon:-0}" -ge "$want" ] && break
	kill -0 $mpid 2>/dev/null || fail "memload exited: $(cat "$out")"
	sleep 0.2
done
[ "${anon:-0}" -ge "$want" ] || fail "memload did not populate $pages pages in 120 s: the lruvec holds ${anon:-none}"
info "populated: $anon anon pages on node 0 in $C (id $id); truth: hot $hot, cold $cold pages"

start=$SECONDS
"$LRUGEN_BIN" wss --json --memcg $C --node 0 -i 10 -t 40 -w 15 >$out.json 2>$out.err ||
	fail "lrugen wss -i 10 -t 40 -w 15 exited with $?: $(cat $out.err)"
took=$((SECONDS - start))
done_ms=$(date +%s%3N)
# a window inside the hot pages' bin, [d, d + 10 s) when the estimate
# above came d ms after the last round, and later by the time since
w5=$(($(date +%s%3N) - done_ms + 5000))
"$LRUGEN_BIN" wss --json --memcg "$id" --node 0 -w "${w5:0:-3}.${w5: -3}" >$out.w5 2>$out.err ||
	fail "lrugen wss -w $w5 ms exited with $?: $(cat $out.err)"
LG_FILES+=("$out.w5")
kill -0 $mpid 2>/dev/null || fail "memload exited while aging: $(cat "$out")"
"$LRUGEN_BIN" wss --memcg $C --node 0 -w 15
awk -v id="$id" '$1 == "memcg" { on = $2 == id } on' /sys/kernel/debug/lru_gen_full
sel() { jq -r ".lruvecs[0] | $1" "${2:-$out.json}"; }
ws=$(sel .ws_pages.anon)
cl=$(sel .cold_pages.anon)
unc=$(sel .uncertain_pages.anon)
young=$(sel '.bins[0].anon')
rounds=$(jq .aging.rounds $out.json)
bins=$(sel '[.bins[] | "\(.age_lo_ms)-\(.age_hi_ms // "open"):\(.anon)"] | join(" ")')
info "wss -i 10 -t 40 -w 15 took ${took} s, $rounds rounds; anon bins young..old (ms:pages): $bins"
info "working set $ws pages vs hot $hot ($(awk -v a="$ws" -v b="$hot" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }'))"
info "cold $cl pages vs cold $cold ($(awk -v a="$cl" -v b="$cold" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')); uncertain $unc"

expect_eq "rounds of aging" "$rounds" 5
[ $((ws * 10)) -ge $((hot * 9)) ] && [ $((ws * 10)) -le $((hot * 11)) ] ||
	fail "working set $ws pages is not within 10% of the $hot hot pages (bins: $bins)"
[ $((cl * 10)) -ge $((cold * 9)) ] && [ $((cl * 10)) -le $((cold * 11)) ] ||
	fail "cold $cl pages is not within 10% of the $cold cold pages (bins: $bins)"
[ $((young * 10)) -le "$hot" ] ||
	fail "the youngest bin holds $young anon pages, more than 10% of the $hot hot ones: the walk did not put what it found accessed in the generation it closed (bins: $bins)"

# the window inside the hot pages' bin: they are the resolution
unc=$(sel .uncertain_pages.anon $out.w5)
info "-w $w5 ms: uncertain $unc pages, working set $(sel .ws_pages.anon $out.w5); bins $(sel '[.bins[] | "\(.age_lo_ms)-\(.age_hi_ms // "open"):\(.anon)"] | join(" ")' $out.w5)"
[ $((unc * 10)) -ge $((hot * 9)) ] ||
	fail "-w $w5 ms, inside the hot bin: $unc uncertain pages, want the hot bin's ~$hot"
pass "working set $ws pages for $hot hot, cold $cl for $cold, in ${took} s"

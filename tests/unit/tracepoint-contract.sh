#!/usr/bin/env bash
# tracepoints/formats/ holds one format per event the kernel series defines
# (lru_gen_*, and vmscan's mm_vmscan_proactive_reclaim_*), and each format
# keeps the rules of Documentation/trace/events-lru_gen.rst: scalar fields
# only, every field printed as field=value, enums decoded to names, and every
# event documented (the vmscan ones in admin-guide/mm/proactive_reclaim.rst).
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
contract=$LRUGEN_TOP/tracepoints/formats
patches=$LRUGEN_TOP/linux/patches

defined=$(cat "$patches"/*.patch |
	sed -nE 's/^\+TRACE_EVENT\((lru_gen_[a-z_]+|mm_vmscan_proactive_reclaim_[a-z]+),$/\1/p' | sort)
have=$(for f in "$contract"/*.format; do basename "$f" .format; done | sort)
[ -n "$defined" ] || fail "no TRACE_EVENT(lru_gen_...) in $patches"
grep -q mm_vmscan_proactive_reclaim_end <<<"$defined" ||
	fail "no TRACE_EVENT(mm_vmscan_proactive_reclaim_end) in $patches"
expect_eq "events with a contract" "$(tr '\n' ' ' <<<"$have")" "$(tr '\n' ' ' <<<"$defined")"

# shellcheck disable=SC2016 # the backquotes are rST markup, for sed to match
docs=$(cat "$patches"/*.patch |
	sed -nE 's/^\+(lru_gen_[a-z_]*)$/\1/p; s/^\+``(mm_vmscan_proactive_reclaim_[a-z]+)``$/\1/p' | sort)
expect_eq "events documented" "$(tr '\n' ' ' <<<"$docs")" "$(tr '\n' ' ' <<<"$defined")"

for ev in $defined; do
	f=$contract/$ev.format
	expect_eq "$ev: name line" "$(sed -n 's/^name: //p' "$f")" "$ev"
	grep -q '^ID: ' "$f" && fail "$ev: the contract must not hold the boot-time ID"
	fields=$(sed -nE 's/^\tfield:.*[ *]([a-z_0-9]+);\toffset.*/\1/p' "$f" | grep -v '^common_')
	[ -n "$fields" ] || fail "$ev: no fields"
	grep -P '^\tfield:(?!.*common_).*\*' "$f" && fail "$ev: records a pointer"
	fmt=$(sed -nE 's/^print fmt: "([^"]*)".*/\1/p' "$f")
	[ -n "$fmt" ] || fail "$ev: no print fmt"
	keys=$(grep -oE '[a-z_0-9]+=' <<<"$fmt" | tr -d = | sort)
	expect_eq "$ev: keys printed" "$(tr '\n' ' ' <<<"$keys")" "$(sort <<<"$fields" | tr '\n' ' ')"
	# an enum left for user space to guess shows up as a bare upper-case name
	args=$(sed -n 's/^print fmt: "[^"]*", //p' "$f")
	names=$(grep -oE '\b[A-Z][A-Z_0-9]{2,}\b' <<<"$args" | grep -vx REC)
	[ -z "$names" ] || fail "$ev: undecoded names in its print args: $names"
done
pass "$(wc -w <<<"$defined") events: $(tr '\n' ' ' <<<"$defined")"

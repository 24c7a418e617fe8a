#!/usr/bin/env bash
# memhog touches what it is asked to, checks it on later passes, and rejects
# sizes it cannot parse.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
memhog=$LRUGEN_TOP/build/progs/memhog
[ -x "$memhog" ] || fail "$memhog is not built (make progs)"

out=$("$memhog" 8M 3) || fail "memhog 8M 3: $out"
expect_match "size" "$out" "memhog: 8 MiB \(2048 pages\), 3 passes"
expect_eq "passes reported" "$(grep -c '^memhog: pass' <<<"$out")" 3
for bad in 12x 1Mx 10%x 2k "" -5 K% % 1K% 0x10 " 1"; do
	"$memhog" "$bad" >/dev/null 2>&1
	expect_eq "exit status for size '$bad'" "$?" 2
done
# Sizes of 2^64 bytes and more are refused as too big, not wrapped around
# (17179869184G was 0, 18014398509481985K a kilobyte).
for big in 17179869184G 18014398509481985K 16E 18446744073709551616 99999999999999999999999%; do
	err=$("$memhog" "$big" 1 2>&1 >/dev/null)
	expect_eq "exit status for size '$big'" "$?" 2
	expect_match "message for size '$big'" "$err" "^memhog: '$big' (of MemTotal )?is too big: a size must be less than 16E"
done
err=$("$memhog" 12x 2>&1 >/dev/null)
expect_match "message for size '12x'" "$err" "^memhog: '12x' is not a size: give digits with an optional K, M, G, T, P or E suffix"
"$memhog" 1M 0 >/dev/null 2>&1
expect_eq "exit status for 0 passes" "$?" 2
pass

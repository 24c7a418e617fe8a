#!/usr/bin/env bash
# memhog touches what it is asked to, checks it on later passes, and rejects
# sizes it cannot parse.
. "$(dirname "$0")/../lib/test.sh"
memhog=$LRUGEN_TOP/build/progs/memhog
[ -x "$memhog" ] || fail "$memhog is not built (make progs)"

out=$("$memhog" 8M 3) || fail "memhog 8M 3: $out"
expect_match "size" "$out" "memhog: 8 MiB \(2048 pages\), 3 passes"
expect_eq "passes reported" "$(grep -c '^memhog: pass' <<<"$out")" 3
for bad in 12x 1Mx 10%x 2k "" -5; do
	"$memhog" "$bad" >/dev/null 2>&1
	expect_eq "exit status for size '$bad'" "$?" 2
done
"$memhog" 1M 0 >/dev/null 2>&1
expect_eq "exit status for 0 passes" "$?" 2
pass

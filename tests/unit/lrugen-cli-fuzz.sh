#!/usr/bin/env bash
# lrugen reclaim and age with random command lines, 600 for the plain and
# 200 for the ASan+UBSan binary, on a captured tree: options in any order, good
# and bad values (signs, spaces, overflows, 300-digit numbers, unknown
# memcgs and nodes), checked against a model of the manual page: the exit
# status, and the exact request in the one file each should write, or no
# write at all (tests/lib/lrugen_cli_fuzz.py). The seed is fixed, so a run
# repeats exactly; LRUGEN_FUZZ_SEED picks another.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
command -v python3 >/dev/null || fail "python3 is missing: run scripts/setup"
make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
seed=${LRUGEN_FUZZ_SEED:-1}
for bin in build/lrugen build-san/lrugen; do
	lrugen=$LRUGEN_TOP/tools/lrugen/$bin
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	mk_root "$dir/$bin"
	runs=600
	[ $bin = build-san/lrugen ] && runs=200	# ASan starts slowly
	out=$(python3 "$LRUGEN_TOP/tests/lib/lrugen_cli_fuzz.py" "$lrugen" "$dir/$bin" $runs "$seed") ||
		fail "$bin: lrugen disagrees with its manual:"$'\n'"$(head -n 20 <<<"$out")"
	info "$bin: $out"
done
pass

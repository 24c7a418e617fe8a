#!/usr/bin/env bash
# The libFuzzer target of tools/lrugen (every parser, then the model, the
# text frame and the JSON on what parsed) for 30,000 inputs grown from the
# fixtures, under ASan and UBSan: any crash, leak or undefined behaviour
# fails. A fixed seed and a fresh corpus make the run repeat exactly; "make
# fuzz" runs it for as long as one likes.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
command -v clang >/dev/null || fail "clang is missing: run scripts/setup"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$(make -s -C "$LRUGEN_TOP/tools/lrugen" fuzz FUZZ_RUNS=30000 FUZZ_SEED=1 FUZZ_CORPUS="$dir" 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "the fuzzer failed (exit $rc):"$'\n'"$(grep -E 'ERROR|runtime error|SUMMARY|==[0-9]+==|#[0-9]+ ' <<<"$out" | head -n 30)"
grep -q '^Done 30000 runs' <<<"$out" || fail "the fuzzer did not run 30000 inputs: $(tail -n 5 <<<"$out")"
info "$(grep -E '^fuzz: |^Done |new_units_added|average_exec' <<<"$out" | tr '\n' ' ')"
pass

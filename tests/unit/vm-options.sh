#!/usr/bin/env bash
# vm/run rejects bad options with a clear message, before it starts qemu.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
vm=$LRUGEN_TOP/vm/run
LRUGEN_BUILD=$(mktemp -d)
export LRUGEN_BUILD
trap 'rm -rf "$LRUGEN_BUILD"' EXIT
img=$LRUGEN_BUILD/bzImage
: >"$img"

check() { # ERROR-REGEX ARGS...
	local want=$1 out rc
	shift
	out=$("$vm" "$@" 2>&1)
	rc=$?
	expect_eq "exit status of vm/run $*" "$rc" 2
	expect_match "message of vm/run $*" "$out" "$want"
}

check "--nodes takes 1 to 8" -k "$img" --nodes 9 true
check "--mem takes a size" -k "$img" --mem 1X true
check "--timeout takes seconds" -k "$img" -t soon true
check "--zram takes a size" -k "$img" --zram lots true
check "--accel takes auto, tcg or kvm" -k "$img" --accel xen true
check "unknown option '--bogus'" -k "$img" --bogus true
check "no command given" -k "$img"
check "no kernel image at /nonexistent.*make kernel" -k /nonexistent true
[ -z "$(ls "$LRUGEN_BUILD")" ] || [ "$(ls "$LRUGEN_BUILD")" = bzImage ] ||
	fail "a rejected run left files behind: $(ls "$LRUGEN_BUILD")"
"$vm" --help | grep -q "usage: vm/run" || fail "--help prints no usage"
pass

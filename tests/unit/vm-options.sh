#!/usr/bin/env bash
# vm/run rejects bad options with a clear message, before it starts qemu;
# --cpus gives qemu that many vCPUs, one per node from node 0, and leaves
# the other nodes with memory only.
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
check "--cpus takes 1 to 2 \\(at most one vCPU per node, --nodes 2\\), not '3'" -k "$img" --cpus 3 true
check "--cpus takes 1 to 2 .*, not '0'" -k "$img" --cpus 0 true
check "--cpus takes 1 to 4 .*, not 'x'" -k "$img" --nodes 4 -c x true
check "--zram takes a size" -k "$img" --zram lots true
check "--accel takes auto, tcg or kvm" -k "$img" --accel xen true
check "unknown option '--bogus'" -k "$img" --bogus true
check "no command given" -k "$img"
check "no kernel image at /nonexistent.*make kernel" -k /nonexistent true
[ -z "$(ls "$LRUGEN_BUILD")" ] || [ "$(ls "$LRUGEN_BUILD")" = bzImage ] ||
	fail "a rejected run left files behind: $(ls "$LRUGEN_BUILD")"

# The topology qemu gets, from a stand-in that keeps its arguments, one a
# line, and reports a passing guest on the kernel log (the last -serial
# file: option).
bin=$LRUGEN_BUILD/bin
mkdir "$bin"
cat >"$bin/qemu-system-x86_64" <<'FAKE'
#!/bin/bash
[ "$1" = --version ] && { echo "QEMU emulator version 0.0 (fake)"; exit 0; }
printf '%s\n' "$@" >"$FAKE_ARGS"
for a; do case $a in file:*) log=${a#file:} ;; esac; done
printf 'lrugen-vm: exit status 0\n' >"$log"
FAKE
chmod +x "$bin/qemu-system-x86_64"
topology() { # VM-OPTION... -> the -smp and -numa values, on one line
	local args=$LRUGEN_BUILD/args
	PATH=$bin:$PATH FAKE_ARGS=$args "$vm" --accel tcg -k "$img" "$@" true >/dev/null 2>&1 ||
		fail "vm/run $* failed with a stand-in qemu"
	awk 'p { printf "%s ", $0 } { p = $0 == "-smp" || $0 == "-numa" }' "$args"
}
expect_eq "qemu's topology by default" "$(topology)" \
	"2,sockets=2,cores=1,threads=1 node,nodeid=0,cpus=0,memdev=m0 node,nodeid=1,cpus=1,memdev=m1 "
expect_eq "qemu's topology with --cpus 1" "$(topology --cpus 1)" \
	"1,sockets=1,cores=1,threads=1 node,nodeid=0,cpus=0,memdev=m0 node,nodeid=1,memdev=m1 "
expect_eq "qemu's topology with --nodes 3 --cpus 2" "$(topology --nodes 3 --cpus 2)" \
	"2,sockets=2,cores=1,threads=1 node,nodeid=0,cpus=0,memdev=m0 node,nodeid=1,cpus=1,memdev=m1 node,nodeid=2,memdev=m2 "
"$vm" --help | grep -q "usage: vm/run" || fail "--help prints no usage"
pass

#!/usr/bin/env bash
# vm/run's verdict on a run, with a stand-in for qemu: the guest's exit
# status is passed through; a guest that hangs is stopped at the timeout; a
# WARNING or a crash in the kernel log fails the run; a failed run keeps its
# console log, a passing one leaves nothing behind.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
vm=$LRUGEN_TOP/vm/run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LRUGEN_BUILD=$work/build
mkdir -p "$work/bin" "$LRUGEN_BUILD"
: >"$work/bzImage"

# The stand-in writes $FAKE_LOG to the kernel log (the file of the last
# -serial file: option), then sleeps $FAKE_SLEEP seconds.
cat >"$work/bin/qemu-system-x86_64" <<'FAKE'
#!/bin/bash
[ "$1" = --version ] && { echo "QEMU emulator version 0.0 (fake)"; exit 0; }
for a; do case $a in file:*) log=${a#file:} ;; esac; done
printf '%b' "$FAKE_LOG" >"$log"
sleep "${FAKE_SLEEP:-0}"
FAKE
chmod +x "$work/bin/qemu-system-x86_64"
export PATH=$work/bin:$PATH

run() { # expected-status log-text [sleep] -> sets $out
	local want=$1 rc
	out=$(FAKE_LOG=$2 FAKE_SLEEP=${3:-0} "$vm" --accel tcg -k "$work/bzImage" -t 3 true 2>&1)
	rc=$?
	expect_eq "status for a guest log of '$2'" "$rc" "$want"
}
boot='[    0.000000] Linux version 6.12.117\n'

run 0 "${boot}[    5.0] lrugen-vm: exit status 0\n"
[ -z "$(ls -d "$LRUGEN_BUILD"/vm/run-* 2>/dev/null)" ] || fail "a passing run left its run directory"

run 7 "${boot}[    5.0] lrugen-vm: exit status 7\n"
expect_match "status reported" "$out" "command exited with status 7"

run 1 "${boot}[    3.0] WARNING: CPU: 0 PID: 1 at mm/vmscan.c:1 f+0x0/0x1\n[    5.0] lrugen-vm: exit status 0\n"
expect_match "warning reported" "$out" "reported a problem"
expect_match "run kept" "$out" "the run directory is kept"
d=$LRUGEN_BUILD/vm/last
grep -q WARNING "$d/console.log" || fail "the kept run has no console.log with the WARNING"
[ -e "$d/scratch.img" ] && fail "a failed run kept its scratch image"

run 1 "${boot}[    3.0] lrugen-vm: setup failed: mounting the scratch disk /dev/vda\n"
expect_match "setup failure" "$out" "setup failed: mounting the scratch disk"

run 1 "${boot}"
expect_match "no status" "$out" "without reporting the command's exit status"

start=$SECONDS
run 1 "${boot}[    1.0] still booting\n" 60
expect_match "timeout" "$out" "timed out after 3 s"
expect_match "log tail shown" "$out" "still booting"
[ $((SECONDS - start)) -lt 20 ] || fail "the timeout took $((SECONDS - start)) s"
pass

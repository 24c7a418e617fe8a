#!/usr/bin/env bash
# scripts/lint on a small repository of its own: checkpatch.pl (a stand-in
# that flags lines with BAD) gets every tracked .c and .h outside linux/
# with the ignore list, kernel-doc (a stand-in that flags lines with UNDOC,
# and WRONGID with the source line after the finding, as the real one
# quotes it) the same files with -none -Wall, shellcheck every tracked *.sh
# and every tracked file that starts with a sh or bash #! line; findings
# are listed file by file with a summary; the exit status is 0 clean, 1
# with findings, 2 when a tool is missing or fails. Last, the kernel tree's
# own kernel-doc must catch a header whose kernel-doc comment leaves out a
# parameter or the return value; without the tree that part is skipped
# (and the test with it), after everything else has passed.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
command -v shellcheck >/dev/null || fail "shellcheck is not installed: run scripts/setup"
real_kerneldoc=${LRUGEN_BUILD:-$LRUGEN_TOP/build}/linux/scripts/kernel-doc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
scripts=$tmp/build/linux/scripts
mkdir -p "$repo/scripts" "$repo/linux" "$repo/tools" "$scripts"
cp "$LRUGEN_TOP/scripts/lint" "$repo/scripts/"
cp "$LRUGEN_TOP/.shellcheckrc" "$repo/"

# the stand-ins: record their arguments, flag each line with their marker
cat >"$scripts/checkpatch.pl" <<'FAKE'
#!/bin/bash
printf '%s\n' "$@" >"$FAKE_ARGS"
rc=0
for a; do
	case $a in -*|*,*|[A-Z]*) continue ;; esac
	grep -n BAD "$a" | while IFS=: read -r n _; do
		echo "$a:$n: ERROR:FAKE: a bad line"
	done
	grep -q BAD "$a" && rc=1
done
exit $rc
FAKE
cat >"$scripts/kernel-doc" <<'FAKE'
#!/bin/bash
printf '%s\n' "$@" >"$FAKE_KDOC_ARGS"
if [ -n "${FAKE_KDOC_FAIL:-}" ]; then
	echo "Can't locate Pod/Usage.pm in @INC" >&2
	exit 2
fi
for a; do
	case $a in -*) continue ;; esac
	grep -n UNDOC "$a" | while IFS=: read -r n _; do
		echo "$a:$n: warning: Function parameter or struct member 'b' not described in 'f'" >&2
	done
	grep -n WRONGID "$a" | while IFS=: read -r n line; do
		printf '%s:%s: warning: wrong kernel-doc identifier on line:\n%s\n' "$a" "$n" "$line" >&2
	done
done
exit 0
FAKE
chmod +x "$scripts/checkpatch.pl" "$scripts/kernel-doc"
export LRUGEN_BUILD=$tmp/build FAKE_ARGS=$tmp/args FAKE_KDOC_ARGS=$tmp/kdoc-args

# shellcheck disable=SC2016 # the $1 is for the scripts written here
{
	printf 'int a;\n * WRONGID\n' >"$repo/tools/a.c"
	printf 'int b; /* BAD */\nint c; /* BAD */\n' >"$repo/tools/b.c"
	printf 'int d;\nint f(int a, int b); /* UNDOC */\n' >"$repo/tools/d.h"
	printf 'int e; /* BAD UNDOC */\n' >"$repo/linux/e.c"
	printf '#!/bin/sh\necho $1\n' >"$repo/tools/s1.sh"
	printf '#!/usr/bin/env bash\necho "$1"\n' >"$repo/tools/s2"
	printf '#!/bin/bash\nls $1\n' >"$repo/tools/s3"
	printf '#!/usr/bin/env python3\nprint("$1")\n' >"$repo/tools/p"
	printf 'echo $1\n' >"$repo/tools/notes.txt"
	printf '#!/bin/bash\necho $1\n' >"$repo/tools/untracked.sh"
}
git -C "$repo" init -q && git -C "$repo" add ':!tools/untracked.sh' || fail "git init/add in $repo"

out=$("$repo/scripts/lint" 2>&1)
rc=$?
info "$out"
expect_eq "exit status with findings" "$rc" 1
expect_match "b.c listed" "$out" "^lint: checkpatch: tools/b.c: 2 finding\(s\)$"
expect_match "b.c's second finding" "$out" "^  tools/b.c:2: ERROR:FAKE: a bad line$"
expect_match "checkpatch summary" "$out" "^lint: checkpatch: 3 files, 2 clean, 1 with 2 finding\(s\)$"
expect_eq "files given to checkpatch" "$(grep -v '^-' "$tmp/args" | grep -v , | sort | tr '\n' ' ')" \
	"tools/a.c tools/b.c tools/d.h "
grep -qx -- --no-tree "$tmp/args" || fail "checkpatch.pl ran without --no-tree: $(cat "$tmp/args")"
grep -q 'VOLATILE' "$tmp/args" || fail "checkpatch.pl ran without the ignore list: $(cat "$tmp/args")"
expect_match "d.h listed by kernel-doc" "$out" "^lint: kernel-doc: tools/d.h: 1 finding\(s\)$"
expect_match "d.h's finding" "$out" \
	"^  tools/d.h:2: warning: Function parameter or struct member 'b' not described in 'f'$"
expect_match "a quoted source line joined to its finding" "$out" \
	"^  tools/a.c:2: warning: wrong kernel-doc identifier on line: \| \* WRONGID$"
expect_match "kernel-doc summary" "$out" "^lint: kernel-doc: 3 files, 1 clean, 2 with 2 finding\(s\)$"
expect_eq "files given to kernel-doc" "$(grep -v '^-' "$tmp/kdoc-args" | sort | tr '\n' ' ')" \
	"tools/a.c tools/b.c tools/d.h "
expect_eq "kernel-doc's options" "$(grep '^-' "$tmp/kdoc-args" | tr '\n' ' ')" "-none -Wall "
expect_match "s1.sh listed" "$out" "^lint: shellcheck: tools/s1.sh: 1 finding\(s\)$"
expect_match "s1.sh's finding" "$out" "^  tools/s1.sh:2:6: .*\[SC2086\]$"
expect_match "s3 (a #! line, no .sh) listed" "$out" "^lint: shellcheck: tools/s3: 1 finding\(s\)$"
expect_match "shellcheck summary" "$out" "^lint: shellcheck: 4 files, 2 clean, 2 with 2 finding\(s\)$"
grep -qE 'untracked|tools/p\b|notes|linux/e\.c' <<<"$out" &&
	fail "an untracked, python, text or linux/ file was linted"

# kernel-doc's findings alone fail lint c
sed -i 's/BAD//' "$repo/tools/b.c"
out=$("$repo/scripts/lint" c 2>&1)
expect_eq "exit status of lint c with only kernel-doc findings" "$?" 1
expect_match "checkpatch clean" "$out" "^lint: checkpatch: 3 files, 3 clean, 0 with 0 finding\(s\)$"

sed -i 's/UNDOC//; s/WRONGID//' "$repo/tools/a.c" "$repo/tools/d.h"
out=$("$repo/scripts/lint" c 2>&1) || fail "lint c with clean C exited $?: $out"
expect_eq "lint c on clean C" "$out" \
	"lint: checkpatch: 3 files, 3 clean, 0 with 0 finding(s)
lint: kernel-doc: 3 files, 3 clean, 0 with 0 finding(s)"

out=$(FAKE_KDOC_FAIL=1 "$repo/scripts/lint" c 2>&1)
expect_eq "exit status when kernel-doc fails" "$?" 2
expect_match "message when kernel-doc fails" "$out" "^lint: kernel-doc failed \(exit status 2, .*run it by hand"
expect_match "kernel-doc's own output shown" "$out" "^Can't locate Pod/Usage.pm"

rm "$scripts/checkpatch.pl"
out=$("$repo/scripts/lint" c 2>&1)
expect_eq "exit status without checkpatch.pl" "$?" 2
expect_match "message without checkpatch.pl" "$out" "checkpatch.pl is missing: run 'make tree' first"
expect_match "kernel-doc runs without checkpatch.pl" "$out" "^lint: kernel-doc: 3 files, 3 clean"

rm "$scripts/kernel-doc"
out=$("$repo/scripts/lint" c 2>&1)
expect_eq "exit status without kernel-doc" "$?" 2
expect_match "message without kernel-doc" "$out" "kernel-doc is missing: run 'make tree' first"

# The real kernel-doc, -Wall and all: a parameter and a return value that
# the comment leaves out are findings, and a complete comment is not.
[ -x "$real_kerneldoc" ] ||
	skip "$real_kerneldoc is missing: run 'make tree' to check lint with the real kernel-doc (the rest passed)"
cp "$real_kerneldoc" "$scripts/kernel-doc" || fail "cannot copy $real_kerneldoc"
printf '%s\n' '#!/bin/bash' 'exit 0' >"$scripts/checkpatch.pl"
chmod +x "$scripts/checkpatch.pl"
cat >"$repo/tools/d.h" <<'EOF_H'
/**
 * add() - add two numbers
 * @a: the first
 *
 * Return: their sum.
 */
int add(int a, int b);

/**
 * twice() - double a number
 * @a: the number
 */
int twice(int a);
EOF_H
out=$("$repo/scripts/lint" c 2>&1)
rc=$?
info "$out"
expect_eq "exit status with the real kernel-doc's findings" "$rc" 1
expect_match "the parameter left out" "$out" \
	"^  tools/d.h:[0-9]+: warning: Function parameter or struct member 'b' not described in 'add'$"
expect_match "the return value left out" "$out" \
	"^  tools/d.h:[0-9]+: warning: No description found for return value of 'twice'$"
expect_match "the real kernel-doc's summary" "$out" \
	"^lint: kernel-doc: 3 files, 2 clean, 1 with 2 finding\(s\)$"
sed -i 's/^ \* @a: the first$/ * @a: the first\n * @b: the second/; s/^ \* @a: the number$/ * @a: the number\n *\n * Return: @a times 2./' \
	"$repo/tools/d.h"
out=$("$repo/scripts/lint" c 2>&1) || fail "lint c with complete kernel-doc exited $?: $out"
expect_match "complete kernel-doc is clean" "$out" "^lint: kernel-doc: 3 files, 3 clean, 0 with 0 finding\(s\)$"
pass

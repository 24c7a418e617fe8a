#!/usr/bin/env bash
# scripts/lint on a small repository of its own: checkpatch.pl (a stand-in
# that flags lines with BAD) gets every tracked .c and .h outside linux/
# with the ignore list, shellcheck every tracked *.sh and every tracked
# file that starts with a sh or bash #! line; findings are listed file by
# file with a summary; the exit status is 0 clean, 1 with findings, 2 when
# checkpatch.pl is missing.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
command -v shellcheck >/dev/null || fail "shellcheck is not installed: run scripts/setup"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo/scripts" "$repo/linux" "$repo/tools" "$tmp/build/linux/scripts"
cp "$LRUGEN_TOP/scripts/lint" "$repo/scripts/"
cp "$LRUGEN_TOP/.shellcheckrc" "$repo/"

# the stand-in: records its arguments, flags each line with BAD
cat >"$tmp/build/linux/scripts/checkpatch.pl" <<'FAKE'
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
chmod +x "$tmp/build/linux/scripts/checkpatch.pl"
export LRUGEN_BUILD=$tmp/build FAKE_ARGS=$tmp/args

# shellcheck disable=SC2016 # the $1 is for the scripts written here
{
	printf 'int a;\n' >"$repo/tools/a.c"
	printf 'int b; /* BAD */\nint c; /* BAD */\n' >"$repo/tools/b.c"
	printf 'int d;\n' >"$repo/tools/d.h"
	printf 'int e; /* BAD */\n' >"$repo/linux/e.c"
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
expect_match "s1.sh listed" "$out" "^lint: shellcheck: tools/s1.sh: 1 finding\(s\)$"
expect_match "s1.sh's finding" "$out" "^  tools/s1.sh:2:6: .*\[SC2086\]$"
expect_match "s3 (a #! line, no .sh) listed" "$out" "^lint: shellcheck: tools/s3: 1 finding\(s\)$"
expect_match "shellcheck summary" "$out" "^lint: shellcheck: 4 files, 2 clean, 2 with 2 finding\(s\)$"
grep -qE 'untracked|tools/p\b|notes' <<<"$out" && fail "an untracked, python or text file was linted"

sed -i 's/BAD//' "$repo/tools/b.c"
out=$("$repo/scripts/lint" c 2>&1) || fail "lint c with clean C exited $?: $out"
expect_eq "lint c on clean C" "$out" "lint: checkpatch: 3 files, 3 clean, 0 with 0 finding(s)"

rm "$tmp/build/linux/scripts/checkpatch.pl"
out=$("$repo/scripts/lint" c 2>&1)
expect_eq "exit status without checkpatch.pl" "$?" 2
expect_match "message without checkpatch.pl" "$out" "checkpatch.pl is missing: run 'make tree' first"
pass

#!/usr/bin/env bash
# Every guest test says which suites it is in: one "# suites:" line among
# its first 10, naming guest and/or guest-asan and nothing else, and a test
# that runs lrugen (through tests/lib/lrugen.sh or $LRUGEN_BIN) is in
# guest-asan. tests/guest/run --list, which works off the VM, picks for
# each suite exactly the tests whose line names it, here and in a sandbox
# of stand-in tests: among named tests too; a test without the line, with
# the line past line 10, or naming an unknown suite, an unknown suite and
# an unknown test stop it with status 2 and a message naming the culprit.
# Without --list, off the VM, run refuses to start.
. "$(dirname "$0")/../lib/test.sh"
guest=$LRUGEN_TOP/tests/guest
run=$guest/run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# suites_line FILE: the words of FILE's "# suites:" lines among the first
# 10, read here independently of run
suites_line() { head -n 10 "$1" | sed -n 's/^# suites://p'; }

# 1. the tests' own lines
n=0
for t in "$guest"/*.sh; do
	name=$(basename "$t" .sh)
	lines=$(grep -c '^# suites:' "$t")
	expect_eq "'# suites:' lines in $name" "$lines" 1
	line=$(suites_line "$t")
	[ -n "$line" ] || fail "$name: its '# suites:' line is not among its first 10 lines"
	read -ra words <<<"$line"
	[ ${#words[@]} -gt 0 ] || fail "$name: '# suites:' names no suite"
	for w in "${words[@]}"; do
		case $w in guest|guest-asan) ;; *) fail "$name: unknown suite '$w' (guest, guest-asan)" ;; esac
	done
	[ "$(printf '%s\n' "${words[@]}" | sort | uniq -d)" = "" ] || fail "$name names a suite twice: $line"
	# run-tap reads "# timeout:" in the first 10 lines only; one further
	# down is silently ignored, and the test is killed at the default
	late=$(grep -n '^# timeout:' "$t" | awk -F: '$1 > 10 { print $1 }' | head -n 1)
	[ -z "$late" ] || fail "$name: its '# timeout:' line is line $late; run-tap reads only the first 10"
	if grep -qE 'lib/lrugen\.sh|LRUGEN_BIN' "$t" && [[ " $line " != *" guest-asan "* ]]; then
		fail "$name runs lrugen but is not in guest-asan: add it to its '# suites:' line"
	fi
	n=$((n + 1))
done
info "$n tests, each with one valid '# suites:' line"

# 2. run --list against an independent reading of the lines
for suite in guest guest-asan; do
	want=$(for t in "$guest"/*.sh; do
		[[ " $(suites_line "$t") " == *" $suite "* ]] && basename "$t" .sh
	done)
	got=$("$run" --list "$suite") || fail "tests/guest/run --list $suite: exit status $?"
	expect_eq "tests/guest/run --list $suite" "$got" "$want"
	info "--list $suite: $(grep -c . <<<"$got") tests"
done
expect_eq "--list guest-asan of two named tests" \
	"$("$run" --list guest-asan numa-nodes lrugen-cli.sh)" lrugen-cli

# 3. a sandbox with stand-in tests
sb=$tmp/tests/guest
mkdir -p "$sb"
cp "$run" "$sb/run"
mk() { # NAME LINE2...: a stand-in test whose lines after the first are LINE2...
	local name=$1
	shift
	printf '%s\n' '#!/usr/bin/env bash' "$@" 'exit 0' >"$sb/$name.sh"
	chmod +x "$sb/$name.sh"
}
sbrun() { LRUGEN_TOP=$LRUGEN_TOP "$sb/run" "$@" 2>"$tmp/err"; }
mk a "# suites: guest" "# a test"
mk b "# an lrugen test" "# suites: guest-asan   guest"
mk c "# suites: guest-asan"
expect_eq "--list guest" "$(sbrun --list guest | tr '\n' ' ')" "a b "
expect_eq "--list guest-asan" "$(sbrun --list guest-asan | tr '\n' ' ')" "b c "
expect_eq "--list guest of c" "$(sbrun --list guest c)" ""
expect_eq "--list guest of c, status" "$(sbrun --list guest c; echo $?)" 0

# refused REGEX ARGS...: sbrun ARGS exits 2, prints nothing, and its
# message matches REGEX
refused() {
	local re=$1 out rc
	shift
	out=$(sbrun "$@")
	rc=$?
	expect_eq "status of run $*" "$rc" 2
	expect_eq "output of run $*" "$out" ""
	expect_match "message of run $*" "$(cat "$tmp/err")" "$re"
}
mk d "# no suites line here"
refused "d\.sh has no '# suites:' line" --list guest
expect_eq "--list guest a b, d not asked for" "$(sbrun --list guest a b | tr '\n' ' ')" "a b "
rm "$sb/d.sh"
mk e "# suites: guest gust"
refused "e\.sh names suite 'gust'" --list guest
rm "$sb/e.sh"
mk f "#" "#" "#" "#" "#" "#" "#" "#" "#" "# suites: guest"
refused "f\.sh has no '# suites:' line among its first 10 lines" --list guest f
rm "$sb/f.sh"
mk g "# suites:"
refused "g\.sh has no '# suites:' line" --list guest
rm "$sb/g.sh"
refused "no suite 'guest-kasan'" --list guest-kasan
refused "no test zzz in tests/guest" --list guest a zzz
refused "usage" --list
refused "usage" --bogus

# 4. off the VM, a real run refuses before it runs anything
out=$(LRUGEN_TOP=$LRUGEN_TOP LRUGEN_OUT=$tmp "$sb/run" a 2>&1)
expect_eq "status of run off the VM" "$?" 2
expect_match "run off the VM" "$out" "run them in the VM: vm/run --zram 3G tests/guest/run"
[ ! -e "$tmp/guest.tap" ] || fail "run off the VM wrote $tmp/guest.tap"
pass

#!/usr/bin/env bash
# make install puts lrugen and its man pages (built from
# Documentation/man/*.rst, which must have no reST warning) under PREFIX:
# lrugen(8) and one per subcommand, with the shared option text included;
# the drawing code lrugen report inlines (viz/, with uPlot) beside it; and
# the trace-cmd plugin in the directory libtraceevent searches.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
command -v rst2man >/dev/null || skip "needs rst2man (python3-docutils; scripts/setup installs it)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$(make -s -C "$LRUGEN_TOP" install PREFIX=/usr DESTDIR="$dir" 2>&1) || fail "make install: $out"
"$dir/usr/bin/lrugen" --version | grep -qE '^lrugen [0-9]' || fail "installed lrugen does not run"
# page:SECTIONS that each must have
for spec in "lrugen:SYNOPSIS DESCRIPTION COMMANDS EXAMPLE" \
	"lrugen-top:SYNOPSIS OPTIONS KEYS EXAMPLE" "lrugen-snapshot:SYNOPSIS OPTIONS" \
	"lrugen-reclaim:SYNOPSIS OPTIONS EXAMPLE" "lrugen-age:SYNOPSIS OPTIONS EXAMPLE" \
	"lrugen-record:SYNOPSIS OPTIONS NOTES EXAMPLE" \
	"lrugen-report:SYNOPSIS OPTIONS EXAMPLE" "lrugen-export:SYNOPSIS OPTIONS EXAMPLE" \
	"lrugen-wss:SYNOPSIS OPTIONS EXAMPLE" "lrugen-exporter:SYNOPSIS OPTIONS EXAMPLE" \
	"lrugen-autoreclaim:SYNOPSIS OPTIONS EXAMPLE"; do
	name=${spec%%:*}
	page=$dir/usr/share/man/man8/$name.8.gz
	[ -s "$page" ] || fail "no man page at $page"
	text=$(zcat "$page")
	for section in ${spec#*:} "EXIT STATUS" ENVIRONMENT "SEE ALSO"; do
		grep -q "^\.SH $section" <<<"$text" || fail "$name(8) has no $section section"
	done
	grep -q 'System Message' <<<"$text" && fail "$name(8) carries a reST error"
	# the shared text is included, not left as a directive
	grep -q 'include::' <<<"$text" && fail "$name(8) shows an include directive"
	# the pages of commands that read the live system share LRUGEN_ROOT's
	# text; report names where its drawing code comes from
	case $name in
	lrugen-report) want=LRUGEN_VIZ_DIR ;;
	lrugen-export) want='LRUGEN_ROOT.*changes nothing' ;;
	*) want=LRUGEN_ROOT ;;
	esac
	tr '\n' ' ' <<<"$text" | sed 's/\\-/-/g; s/\\fB//g; s/\\fP//g' | grep -q "$want" ||
		fail "$name(8) lacks its ENVIRONMENT text ($want)"
done
for name in lrugen-reclaim lrugen-age; do
	zcat "$dir/usr/share/man/man8/$name.8.gz" | grep -q 'digits only (no sign or spaces)' ||
		fail "$name(8) lacks the shared --node text"
done
# each page documents every option its command's usage names
for cmd in record report export wss exporter; do
	text=$(zcat "$dir/usr/share/man/man8/lrugen-$cmd.8.gz" | sed 's/\\-/-/g')
	for opt in $("$dir/usr/bin/lrugen" help $cmd | grep -oE -- '(^| )--?[a-z][a-z-]*' | sort -u); do
		grep -qF -- "$opt" <<<"$text" || fail "lrugen-$cmd(8) does not document $opt, which 'lrugen help $cmd' lists"
	done
done
# the installed lrugen finds its installed drawing code, with no source
# tree to fall back on: a copy of the binary elsewhere must not
share=$dir/usr/share/lrugen/viz
[ -d "$share" ] || fail "make install put no drawing code at $share"
rec=$LRUGEN_TOP/tests/fixtures/lrugen/rec/lrugen.dat
out=$(env -u LRUGEN_VIZ_DIR "$dir/usr/bin/lrugen" report "$rec" -o "$dir/r.html" 2>&1) ||
	fail "the installed lrugen report: $out"
grep -q 'uPlot' "$dir/r.html" || fail "the installed lrugen report's page has no uPlot in it"
cp "$dir/usr/bin/lrugen" "$dir/lonely"
out=$(env -u LRUGEN_VIZ_DIR "$dir/lonely" report "$rec" -o "$dir/r2.html" 2>&1) &&
	fail "lrugen report without its drawing code wrote a page"
expect_match "without drawing code, what to run" "$out" "setup|make install"
[ -e "$dir/r2.html" ] && fail "lrugen report without its drawing code left $dir/r2.html"
# the plugin goes where libtraceevent looks: the directory compiled into it
# (PREFIX cannot move that), under DESTDIR
libdir=$(pkg-config --variable=libdir libtraceevent) || fail "pkg-config knows no libtraceevent"
plugindir=$libdir/traceevent/plugins
strings "$libdir/libtraceevent.so.1" | grep -qxF "$plugindir" ||
	fail "libtraceevent does not search $plugindir: set PLUGINDIR in tracepoints/plugin/Makefile to the directory it names"
plugin=$dir$plugindir/plugin_lru_gen.so
[ -f "$plugin" ] || fail "make install put no plugin at $plugin: $(find "$dir" -name '*.so')"
nm -D --defined-only "$plugin" | grep -qw tep_plugin_loader ||
	fail "$plugin does not define tep_plugin_loader"
# CFLAGS from the command line replace the optimisation, not the flags
# the build needs (the pkg-config include paths were lost once)
out=$(make -s -C "$LRUGEN_TOP/tools/lrugen" OUT="$dir/o0" CFLAGS=-O0 "$dir/o0/lrugen" 2>&1) ||
	fail "make CFLAGS=-O0: $out"
"$dir/o0/lrugen" --version | grep -qE '^lrugen [0-9]' || fail "lrugen built with CFLAGS=-O0 does not run"
pass "installed lrugen, its 10 man pages, the drawing code and the trace-cmd plugin; CFLAGS=-O0 builds"

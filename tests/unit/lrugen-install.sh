#!/usr/bin/env bash
# make install puts lrugen and its man pages (built from
# Documentation/man/*.rst, which must have no reST warning) under PREFIX:
# lrugen(8) and one per subcommand, with the shared option text included;
# and the trace-cmd plugin in the directory libtraceevent searches.
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
	"lrugen-record:SYNOPSIS OPTIONS NOTES EXAMPLE"; do
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
	grep -q 'LRUGEN_ROOT' <<<"$text" || fail "$name(8) lacks the shared ENVIRONMENT text"
done
for name in lrugen-reclaim lrugen-age; do
	zcat "$dir/usr/share/man/man8/$name.8.gz" | grep -q 'digits only (no sign or spaces)' ||
		fail "$name(8) lacks the shared --node text"
done
# lrugen-record(8) documents every option its usage names
text=$(zcat "$dir/usr/share/man/man8/lrugen-record.8.gz" | sed 's/\\-/-/g')
for opt in $("$dir/usr/bin/lrugen" help record | grep -oE -- '(^| )--?[a-z][a-z-]*' | sort -u); do
	grep -qF -- "$opt" <<<"$text" || fail "lrugen-record(8) does not document $opt, which 'lrugen help record' lists"
done
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
pass "installed lrugen, its 6 man pages and the trace-cmd plugin; CFLAGS=-O0 builds"

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the host tests of lrugen report's pages (viz/): what drawing
# and checking a page needs, and the lrugen that makes it. Sourced after
# test.sh (fail).

# viz_require MODULE...: node, and each npm MODULE installed in
# viz/node_modules; a page driven by puppeteer-core also needs Debian's
# chromium (LRUGEN_CHROMIUM names another)
viz_require() {
	local m
	command -v node >/dev/null || fail "node is missing: run scripts/setup (Debian's nodejs)"
	for m in "$@"; do
		[ -d "$LRUGEN_TOP/viz/node_modules/$m" ] ||
			fail "viz/node_modules/$m is missing: run scripts/setup (it runs npm ci in viz/)"
		[ "$m" != puppeteer-core ] || [ -x "${LRUGEN_CHROMIUM:-/usr/bin/chromium}" ] ||
			fail "${LRUGEN_CHROMIUM:-/usr/bin/chromium} is missing: run scripts/setup (Debian's chromium)"
	done
}

# viz_lrugen: sets lrugen to the binary that makes the pages: LRUGEN_BIN,
# with this tree's viz/ (LRUGEN_VIZ_DIR), or tools/lrugen/build's, made now
viz_lrugen() {
	if [ -n "${LRUGEN_BIN:-}" ]; then
		lrugen=$LRUGEN_BIN
		export LRUGEN_VIZ_DIR=$LRUGEN_TOP/viz
	else
		make -s -C "$LRUGEN_TOP" lrugen >/dev/null || fail "make lrugen failed"
		lrugen=$LRUGEN_TOP/tools/lrugen/build/lrugen
		unset LRUGEN_VIZ_DIR
	fi
	[ -x "$lrugen" ] || fail "$lrugen was not built"
}

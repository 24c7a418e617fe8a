# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A tiny stand-in for Debian's linux-source tarball, so scripts/kernel can be
# tested in seconds without root or the real 150 MB source.
#
# fake_linux_setup: make $work with a tarball and an empty series directory,
# and point scripts/kernel at them through its LRUGEN_* variables.

fake_linux_setup() {
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	local s=$work/src/linux-source-6.12
	mkdir -p "$s/mm" "$s/scripts"
	printf 'kernelversion:\n\t@echo 6.12.117\n' >"$s/Makefile"
	for i in $(seq 1 40); do echo "line $i of vmscan.c"; done >"$s/mm/vmscan.c"
	echo "*.o" >"$s/.gitignore"
	echo "a file the tree's .gitignore names" >"$s/mm/generated.o"
	tar -C "$work/src" -cJf "$work/linux-source-6.12.tar.xz" linux-source-6.12
	mkdir -p "$work/series/patches" "$work/series/configs"
	: >"$work/series/series"
	export LRUGEN_TARBALL=$work/linux-source-6.12.tar.xz
	export LRUGEN_LINUX=$work/series
	export LRUGEN_BUILD=$work/build
	# shellcheck disable=SC2034 # for the test that sources this file
	kernel=$LRUGEN_TOP/scripts/kernel
	tree=$work/build/linux
}

# fake_commit FILE SED-EXPR SUBJECT: edit a file of build/linux and commit it.
fake_commit() {
	sed -i "$2" "$tree/$1"
	git -C "$tree" -c user.name=t -c user.email=t@t commit -q -a -m "$3" -m "Because a test said so."
}

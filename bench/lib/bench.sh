# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# bench/lib/bench.sh: what every bench/EXPERIMENT/run shares. A run script
# sources it and calls bench_init EXPERIMENT; then it parses its own options,
# handing what it does not know to bench_option; then it checks, stages,
# boots its guest half and calls the report:
#
#   . "$(dirname "$0")/../lib/bench.sh"
#   bench_init NAME "$@"
#   while [ $# -gt 0 ]; do
#       case $1 in
#       --pairs) need_arg "$@"; pairs=$2; shift 2 ;;
#       *) bench_option "$@"; shift "$bench_shift" ;;
#       esac
#   done
#   number --pairs "$pairs" 1 50
#   bench_report_only          # exits here with --report-only
#   bench_kernel_check
#   bench_stage
#   bench_boot --mem 512M -- GUEST-ARG...
#   bench_commit
#   bench_report
#
# Every experiment's results are laid out the same way, in DIR (--out,
# default build/bench/NAME): setup.env (key=value: what the run was), the
# raw data (runs/ or CSV files), and report.txt (with report.csv and
# report.json where the report has tables). The guest half writes into
# DIR/incoming; only a run that succeeded replaces what DIR held.
# Documentation/dev/bench.rst tells the whole story.
#
# Until the options are checked (bench_report_only), nothing here runs an
# external command but bash's builtins: a refused run must not depend on
# the host's tools.

# bench_init NAME "$@": the experiment's name (its folder under bench/) and
# the run's arguments (kept for setup.env); sets bench_top (the repository),
# bench_build (build/), out, kernel and report_only to their defaults.
bench_init() {
	bench_name=$1
	shift
	bench_top=$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)
	bench_build=${LRUGEN_BUILD:-$bench_top/build}
	bench_dir=$bench_top/bench/$bench_name
	out='' report_only=0 bench_shift=1
	bench_env=()
	kernel=$bench_build/obj/arch/x86/boot/bzImage
	bench_args=("$@")
}

die() { echo "$bench_name: error: $*" >&2; exit 1; }
say() { echo "$bench_name: $*"; }

usage_error() {
	echo "$bench_name: $*" >&2
	echo "usage: bench/$bench_name/run [options]; bench/$bench_name/run --help lists them" >&2
	exit 2
}

# bench_help: the lines of the run script's header comment that start
# with "#   ", the synopsis and options, on stdout.
bench_help() {
	local line
	while IFS= read -r line; do
		[[ "$line" == "#   "* ]] && echo "${line#\#   }"
	done <"$0"
	return 0
}

# need_arg OPTION ARGS...: OPTION (the first of ARGS) has a non-empty value
need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || usage_error "$1 needs a value"; }

# number OPTION VALUE MIN MAX: VALUE is a whole number from MIN to MAX
number() {
	[[ "$2" =~ ^[0-9]+$ ]] && [ "${#2}" -le 15 ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] ||
		usage_error "$1 takes a number from $3 to $4, not '$2'"
}

# size OPTION VALUE EXAMPLE: VALUE is a size in qemu's syntax, M or G
size() {
	[[ "$2" =~ ^[0-9]+[MG]$ ]] || usage_error "$1 takes a size such as $3, not '$2'"
}

# bench_option ARGS...: the options every run takes; sets bench_shift to
# the number of ARGS it used. Anything else is a usage error.
#   -o, --out DIR, --report-only, -k, --kernel IMAGE, -h, --help
# shellcheck disable=SC2034 # bench_shift, out, kernel: the run script's
bench_option() {
	case $1 in
	-o|--out) need_arg "$@"; out=$2; bench_shift=2 ;;
	-k|--kernel) need_arg "$@"; kernel=$2; bench_shift=2 ;;
	--report-only) report_only=1; bench_shift=1 ;;
	-h|--help) bench_help; exit 0 ;;
	*) usage_error "unknown option '$1'" ;;
	esac
}

# bench_report_only: with --report-only, the report again from DIR's raw
# data, and exit with the report's status. Also settles DIR's default.
bench_report_only() {
	out=${out:-$bench_build/bench/$bench_name}
	command -v python3 >/dev/null || die "python3 is missing (it writes the report); run scripts/setup"
	[ "$report_only" = 1 ] || return 0
	[ -f "$out/setup.env" ] || die "no run in $out to report on; run bench/$bench_name/run first"
	exec python3 "$bench_dir/report" "$out"
}

# bench_kernel_check [lru_gen]: the image exists; with lru_gen, the build
# it comes from (OBJ/arch/x86/boot/bzImage beside OBJ/.config), if its
# .config is there, has MGLRU. The guest checks the running kernel again.
bench_kernel_check() {
	[ -f "$kernel" ] || die "no kernel image at $kernel; build one with 'make kernel'"
	[ "${1:-}" = lru_gen ] || return 0
	local config
	config=$(cd "${kernel%/*}/../../.." 2>/dev/null && pwd)/.config
	if [ -f "$config" ] && ! grep -q '^CONFIG_LRU_GEN=y' "$config"; then
		die "$kernel was built without MGLRU (no CONFIG_LRU_GEN=y in $config); build ours with 'make kernel'"
	fi
}

# bench_stage: build what the guests run (make progs), and an empty
# DIR/incoming for the guest half to write into. With LRUGEN_BIN set on
# the host, nothing is built (tools/lrugen/build may be in use by another
# VM) and the guest runs that lrugen; build/progs must then be there.
bench_stage() {
	if [ -n "${LRUGEN_BIN:-}" ]; then
		[ -x "$LRUGEN_BIN" ] || die "LRUGEN_BIN=$LRUGEN_BIN is not an executable lrugen"
		say "LRUGEN_BIN is set: the guest runs $LRUGEN_BIN, and make progs is not run"
	else
		make -s -C "$bench_top" progs || die "building the workloads and lrugen (make progs) failed"
	fi
	mkdir -p "$out" || die "cannot create $out"
	out=$(cd "$out" && pwd)
	stage=$out/incoming
	rm -rf "$stage"
	mkdir "$stage" || die "cannot create $stage"
}

# bench_boot [VM-OPTION...] -- GUEST-ARG...: boot vm/run with the kernel
# and DIR/incoming as /mnt/out ($LRUGEN_OUT), running bench/NAME/guest
# with GUEST-ARGs in the environment of bench_env's NAME=VALUE entries
# (and the host's LRUGEN_BIN, when set). VM-OPTIONs come last, so they
# can override the kernel.
bench_boot() {
	local vm=() genv=("${bench_env[@]}") rc
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vm+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	[ -z "${LRUGEN_BIN:-}" ] || genv+=("LRUGEN_BIN=$LRUGEN_BIN")
	"$bench_top/vm/run" --kernel "$kernel" --out "$stage" "${vm[@]}" -- \
		env "${genv[@]}" "$bench_dir/guest" "$@"
	rc=$?
	[ $rc = 0 ] || die "the guest part failed (exit $rc; its messages are above); what it wrote is in $stage, and $out is as it was"
}

# bench_commit: DIR/incoming holds a complete run. Add the host's facts to
# its setup.env, then replace DIR's results (the names the run wrote, and
# the old report) with it.
bench_commit() {
	local f name commit
	[ -f "$stage/setup.env" ] || die "the guest part wrote no setup.env in $stage; its messages are above"
	commit=$(git -C "$bench_top" describe --always --dirty 2>/dev/null || echo unknown)
	{
		echo "experiment=$bench_name"
		printf 'command=bench/%s/run' "$bench_name"
		printf ' %q' "${bench_args[@]}"
		echo
		echo "image=$kernel"
		[ -z "${LRUGEN_BIN:-}" ] || echo "lrugen=$LRUGEN_BIN"
		echo "commit=$commit"
		echo "host=$(uname -n)"
		echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >>"$stage/setup.env"
	rm -rf "$out"/report.*
	for f in "$stage"/*; do
		name=${f##*/}
		rm -rf "${out:?}/$name"
		mv "$f" "$out/$name" || die "could not move $f to $out"
	done
	rmdir "$stage" || die "could not remove $stage after moving the results out"
}

# bench_report: bench/NAME/report DIR, which prints the report and
# writes DIR/report.txt (and .csv/.json).
bench_report() {
	python3 "$bench_dir/report" "$out" || die "the report failed (above); the raw data is in $out, try again with --report-only"
}

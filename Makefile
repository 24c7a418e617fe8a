# SPDX-License-Identifier: GPL-2.0
#
# lrugen: the top-level entry points. See README.md.
#
#   make demo        boot the VM under memory pressure, open lrugen top and record it;
#                    on quit, the report of the session is in build/demo/report.html
#                    (both first install what is missing: scripts/setup)
#   make check       every test: unit tests, then the kernel suite in the VM
#   make tree        build/linux: pristine linux-source-6.12 + linux/series
#   make patches     export build/linux's commits back to linux/patches
#   make kernel      build/obj/arch/x86/boot/bzImage
#   make kernel-debug  build/obj-debug/...: plus linux/configs/debug/ (DEBUG_VM;
#                      the kernel make check boots)
#   make kernel-debug-full  build/obj-debug-full/...: plus debug-full/ (KASAN,
#                      lockdep)
#   make fuzz-reclaim  the nodeN/reclaim fuzzer's long run on the full debug
#                      kernel (FUZZ_WRITES=100000 FUZZ_SEED=1)
#   make fuzz        libFuzzer on lrugen's parsers, model and output
#                    (FUZZ_RUNS=20000, or FUZZ_TIME=SEC; needs clang)
#   make checkpatch  checkpatch.pl on every patch in the series
#   make variants    compile the series' files under linux/configs/variants
#   make series-build  compile each patch of the series on its own
#   make selftests   build the series' kselftests (build/selftests/), which
#                    the guest suite runs in the VM
#   make unit        the unit tests only (no root, no kernel)
#   make lint        checkpatch.pl and kernel-doc on our C, shellcheck on
#                    our shell scripts
#                    (scripts/lint; checkpatch.pl comes with make tree)
#   make lrugen      build tools/lrugen (and its ASan/UBSan twin)
#   make install     install lrugen and its man page (PREFIX=/usr/local), and
#                    the trace-cmd plugin into libtraceevent's plugin directory

CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Werror
BUILD := build

PROGS := $(addprefix $(BUILD)/progs/,memhog onnode writefile memload sharemap kvload reclaim-fuzz lazyfree kshark-dump)
PREFIX ?= /usr/local

.PHONY: all setup progs lrugen plugin install tree patches selftests kernel kernel-debug kernel-debug-full fuzz-reclaim fuzz checkpatch variants series-build unit lint check demo clean distclean

all: progs lrugen

progs: $(PROGS) lrugen plugin

# tools/lrugen/build/lrugen, and the same under ASan+UBSan in build-san/
lrugen:
	@$(MAKE) -s -C tools/lrugen
	@$(MAKE) -s -C tools/lrugen SANITIZE=1

# build/tracepoints-plugin/plugin_lru_gen.so, for trace-cmd report
plugin:
	@$(MAKE) -s -C tracepoints/plugin

install:
	@$(MAKE) -C tools/lrugen install PREFIX=$(PREFIX)
	@$(MAKE) -C tracepoints/plugin install

# the load generators (workloads/) and the test programs (tests/progs/);
# those that take sizes link the shared parser, tools/lib/size.c, and the
# seeded ones the generator and hot/cold picker, tools/lib/loadgen.c
vpath %.c workloads tests/progs
$(addprefix $(BUILD)/progs/,memhog memload sharemap): tools/lib/size.c tools/lib/size.h
$(addprefix $(BUILD)/progs/,memload sharemap kvload): tools/lib/loadgen.c tools/lib/loadgen.h
$(BUILD)/progs/%: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itools/lib -o $@ $(filter %.c,$^)

# KernelShark's library, to open recordings as KernelShark does (tests);
# its headers are included as system headers, as they do not build with
# our warnings
$(BUILD)/progs/kshark-dump: tests/progs/kshark-dump.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $$(pkg-config --cflags libkshark libtracecmd | sed 's/-I/-isystem /g') -o $@ $< \
		$$(pkg-config --libs libkshark libtracecmd)

tree:
	@scripts/kernel tree

patches:
	@scripts/kernel patches

kernel: tree
	@scripts/kernel build

kernel-debug: tree
	@scripts/kernel build debug

kernel-debug-full: tree
	@scripts/kernel build debug-full

FUZZ_WRITES ?= 100000
FUZZ_SEED ?= 1
fuzz-reclaim: progs kernel-debug-full
	@vm/run --zram 3G --timeout 14400 --kernel $(BUILD)/obj-debug-full/arch/x86/boot/bzImage \
		-- $(BUILD)/progs/reclaim-fuzz -n $(FUZZ_WRITES) -s $(FUZZ_SEED)

fuzz:
	@$(MAKE) -s -C tools/lrugen fuzz

checkpatch: tree
	@scripts/kernel checkpatch

variants: tree
	@scripts/kernel variants

series-build: tree
	@scripts/series-build

# the kselftests the series adds, built from build/linux for the guest suite
SELFTESTS := node_reclaim
selftests: tree
	@mkdir -p $(BUILD)/selftests
	@for t in $(SELFTESTS); do \
		echo "selftests: $$t"; \
		$(CC) $(CFLAGS) -I $(BUILD)/linux/tools/testing/selftests \
			-o $(BUILD)/selftests/$$t $(BUILD)/linux/tools/testing/selftests/mm/$$t.c || exit 1; \
	done

unit: progs
	@tests/lib/run-tap unit tests/unit/*.sh

# checkpatch.pl comes from the kernel tree: unpack it the first time
lint: $(BUILD)/linux/scripts/checkpatch.pl
	@scripts/lint

$(BUILD)/linux/scripts/checkpatch.pl:
	@scripts/kernel tree

# what is missing from Debian's archive first, so that a fresh clone on a
# fresh machine needs only 'make check' or 'make demo'
setup:
	@scripts/setup --quiet

check: setup
	@$(MAKE) --no-print-directory progs
	@scripts/check

demo: setup
	@$(MAKE) --no-print-directory progs kernel
	@scripts/demo

clean:
	rm -rf $(BUILD)/progs $(BUILD)/vm $(BUILD)/check
	@$(MAKE) -s -C tools/lrugen clean
	@$(MAKE) -s -C tools/lib clean
	@$(MAKE) -s -C tracepoints/plugin clean

distclean:
	rm -rf $(BUILD)

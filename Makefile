# One non-recursive build for the whole suite. Each folder contributes a
# module.mk. Quiet by default; `make V=1` shows commands.
#
#   make            build libraries and programs (build/)
#   make SAN=1      the same with AddressSanitizer + UBSan (build/san/)
#   make check      build and run every test (tests/run-all.sh); prints
#                   "N passed, N failed" last
#   make demo       of-controller driving a Mininet network of OVS switches
#   make demo-dump  decode the bundled sample capture with of-dump
#   make bench      of-bench: of-controller vs ovs-testcontroller, side by side
#   make fuzz       libFuzzer targets (build/fuzz/, clang)
#   make xen        the Xen unikernel images (build/xen/), sizes printed
#   make help       list targets

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla -Wpointer-arith \
	-Wcast-qual -Wwrite-strings -Wmissing-prototypes
OPT ?= -O2 -g
CPPFLAGS += -D_DEFAULT_SOURCE -Iinclude -Iopenflow -Icontroller
DEPFLAGS := -MMD -MP

ifeq ($(SAN),1)
B := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
else
B := build
SANFLAGS :=
endif

ALL_CFLAGS = $(WARN) $(OPT) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

.PHONY: all clean check test unit demo demo-dump bench help freestanding-check \
	xen
all:

# Pattern: object files mirror the source tree under $(B)/obj.
$(B)/obj/%.o: %.c
	$(call say,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

TEST_BINS :=
include tests/module.mk
include openflow/module.mk
include controller/module.mk
include switch/module.mk
include netstack/module.mk
include xen/host.mk
include unix/module.mk
include tools/module.mk
include fuzz/module.mk
include examples/tutorial/tutorial.mk
include xen/module.mk

all: $(PROGRAMS)

unit: $(TEST_BINS)

check test:
	$(Q)bash tests/run-all.sh

# The main job: of-controller's learning app under a Mininet network of
# Open vSwitch switches, pingall (needs root; mininet-tests/demo.sh).
demo: all
	$(Q)bash mininet-tests/demo.sh

# Decode the bundled sample capture of Open vSwitch traffic with of-dump.
DEMO_PCAP := tests/data/captures/b01_controller.pcap
demo-dump: all
	$(B)/bin/of-dump $(DEMO_PCAP)
	$(B)/bin/of-dump --check --quiet $(DEMO_PCAP)

bench: all
	$(Q)bash tools/bench.sh

clean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

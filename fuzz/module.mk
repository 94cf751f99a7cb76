# fuzz/: libFuzzer targets (clang). `make fuzz` builds them into build/fuzz/
# with the library compiled for coverage and ASan+UBSan; tests/test-fuzz.sh
# seeds the corpora (fuzz/seed-corpus.sh) and runs each target for a bounded
# time.
FUZZ_CC ?= clang
FUZZ_DIR := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard openflow/*.c))
FUZZ_CTL_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard controller/*.c))
FUZZ_NAMES := fuzz_decode fuzz_framer fuzz_parse fuzz_ctl fuzz_target \
	fuzz_pkt fuzz_sw fuzz_ns_input fuzz_ns_tcp fuzz_xs fuzz_nf fuzz_net_spec \
	fuzz_xen_args
FUZZ_TARGETS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)

$(FUZZ_DIR)/obj/%.o: %.c
	$(call say,FUZZCC,$<)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# The controller core's input path links the core too.
$(FUZZ_DIR)/fuzz_ctl: $(FUZZ_DIR)/obj/fuzz/fuzz_ctl.o $(FUZZ_CTL_OBJS) \
		$(FUZZ_LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# The Unix daemons' listen-target parser.
$(FUZZ_DIR)/obj/fuzz/fuzz_target.o: CPPFLAGS += -Iunix
$(FUZZ_DIR)/fuzz_target: $(FUZZ_DIR)/obj/fuzz/fuzz_target.o \
		$(FUZZ_DIR)/obj/unix/target.o
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# Packet parsing and action execution: the datapath's action executor only
# (not the whole switch core).
$(FUZZ_DIR)/obj/fuzz/fuzz_pkt.o: CPPFLAGS += -Iswitch -Itests
$(FUZZ_DIR)/fuzz_pkt: $(FUZZ_DIR)/obj/fuzz/fuzz_pkt.o \
		$(FUZZ_DIR)/obj/switch/dp_action.o $(FUZZ_LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# The switch core (every switch/*.c) on the test's fake platform.
FUZZ_SW_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard switch/*.c)) \
	$(FUZZ_DIR)/obj/switch/tests/fake_sw_plat.o
$(FUZZ_DIR)/obj/fuzz/fuzz_sw.o $(FUZZ_DIR)/obj/switch/tests/fake_sw_plat.o: \
	CPPFLAGS += -Iswitch -Iswitch/tests
$(FUZZ_DIR)/fuzz_sw: $(FUZZ_DIR)/obj/fuzz/fuzz_sw.o $(FUZZ_SW_OBJS) \
		$(FUZZ_LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# netstack's input path: the stack without TCP (TCP has its own target).
FUZZ_NS_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter-out \
	netstack/ns_tcp% netstack/ns_stack_tcp.c,$(wildcard netstack/*.c)))
$(FUZZ_DIR)/obj/fuzz/fuzz_ns_input.o $(FUZZ_NS_OBJS): CPPFLAGS += -Inetstack
$(FUZZ_DIR)/fuzz_ns_input: $(FUZZ_DIR)/obj/fuzz/fuzz_ns_input.o \
		$(FUZZ_NS_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# netstack's TCP input path: the TCP module alone (ns_tcp*.c and the
# checksum helpers, not the channel glue ns_tcp_chan.c, which parses
# nothing), driven by scripted handshakes.
FUZZ_NS_TCP_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,\
	$(filter-out netstack/ns_tcp_chan.c,$(wildcard netstack/ns_tcp*.c)) \
	netstack/ns_csum.c)
$(FUZZ_DIR)/obj/fuzz/fuzz_ns_tcp.o $(FUZZ_NS_TCP_OBJS): CPPFLAGS += -Inetstack
$(FUZZ_DIR)/fuzz_ns_tcp: $(FUZZ_DIR)/obj/fuzz/fuzz_ns_tcp.o \
		$(FUZZ_NS_TCP_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# The Xen images' xenstore client and netfront rings against hostile
# backends.
$(FUZZ_DIR)/obj/fuzz/fuzz_xs.o $(FUZZ_DIR)/obj/fuzz/fuzz_nf.o \
	$(FUZZ_DIR)/obj/xen/xs.o $(FUZZ_DIR)/obj/xen/netfront.o: \
	CPPFLAGS += -Ixen
$(FUZZ_DIR)/fuzz_xs: $(FUZZ_DIR)/obj/fuzz/fuzz_xs.o $(FUZZ_DIR)/obj/xen/xs.o
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^
$(FUZZ_DIR)/fuzz_nf: $(FUZZ_DIR)/obj/fuzz/fuzz_nf.o \
		$(FUZZ_DIR)/obj/xen/netfront.o
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# Direct mode's --net value: unix/net_spec.c over netstack's ns_cfg.c (and
# the rest of the stack without TCP, for ns_ip_str).
$(FUZZ_DIR)/obj/fuzz/fuzz_net_spec.o $(FUZZ_DIR)/obj/unix/net_spec.o: \
	CPPFLAGS += -Iunix -Inetstack
$(FUZZ_DIR)/fuzz_net_spec: $(FUZZ_DIR)/obj/fuzz/fuzz_net_spec.o \
		$(FUZZ_DIR)/obj/unix/net_spec.o $(FUZZ_NS_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

# The Xen images' boot lines: xen/xen_args.c over netstack's ns_cfg.c.
$(FUZZ_DIR)/obj/fuzz/fuzz_xen_args.o $(FUZZ_DIR)/obj/xen/xen_args.o: \
	CPPFLAGS += -Ixen -Inetstack
$(FUZZ_DIR)/fuzz_xen_args: $(FUZZ_DIR)/obj/fuzz/fuzz_xen_args.o \
		$(FUZZ_DIR)/obj/xen/xen_args.o $(FUZZ_NS_OBJS)
	$(call say,LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

fuzz: $(FUZZ_TARGETS)

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)
# Keep the objects (they are intermediate files of a pattern-rule chain).
.SECONDARY: $(FUZZ_NS_OBJS) $(FUZZ_NS_TCP_OBJS) $(FUZZ_LIB_OBJS) $(FUZZ_CTL_OBJS) $(FUZZ_DIR)/obj/unix/target.o \
	$(FUZZ_DIR)/obj/unix/net_spec.o $(FUZZ_DIR)/obj/xen/xen_args.o \
	$(FUZZ_DIR)/obj/switch/dp_action.o $(FUZZ_SW_OBJS) \
	$(FUZZ_NAMES:%=$(FUZZ_DIR)/obj/fuzz/%.o)

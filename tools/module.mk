# tools/: of-dump (capture decoder). Programs link libopenflow.a.
PROGRAMS += $(B)/bin/of-dump

OF_DUMP_SRCS := tools/of-dump.c tools/pcap_tcp.c
OF_DUMP_OBJS := $(OF_DUMP_SRCS:%.c=$(B)/obj/%.o)

$(B)/bin/of-dump: $(OF_DUMP_OBJS) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lpcap

# of-bench: cbench-compatible controller benchmark (plain libc, epoll), and
# its flow-mods mode (a switch's flow-mod installation rate).
PROGRAMS += $(B)/bin/of-bench

OF_BENCH_SRCS := tools/of-bench.c tools/bench_switch.c tools/bench_run.c \
	tools/bench_flowmod.c
OF_BENCH_OBJS := $(OF_BENCH_SRCS:%.c=$(B)/obj/%.o)

$(B)/bin/of-bench: $(OF_BENCH_OBJS) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lm

# of-ctl: ovs-ofctl-compatible OpenFlow 1.0 switch management.
PROGRAMS += $(B)/bin/of-ctl

OF_CTL_SRCS := tools/of-ctl.c tools/ofctl_conn.c tools/ofctl_flows.c
OF_CTL_OBJS := $(OF_CTL_SRCS:%.c=$(B)/obj/%.o)

$(B)/bin/of-ctl: $(OF_CTL_OBJS) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

# of-pktgen: generator and sink for the switch benchmark (AF_PACKET rings).
PROGRAMS += $(B)/bin/of-pktgen

OF_PKTGEN_OBJS := $(B)/obj/tools/pktgen.o

$(B)/bin/of-pktgen: $(OF_PKTGEN_OBJS)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

# ns-impair: deterministic loss/reorder/duplication/delay relay between two
# interfaces (AF_PACKET), for tests/test-netstack-impair.sh. Plain libc.
PROGRAMS += $(B)/bin/ns-impair

$(B)/bin/ns-impair: $(B)/obj/tools/ns-impair.o
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

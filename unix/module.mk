# unix/: the Unix platform (libevent 2.1, OpenSSL 3) and the daemons' main()s.
# Both daemons share the platform pieces (UX_COMMON_SRCS): the singletons,
# targets, listeners, the per-loop channel context and the TCP/TLS channels.
#
# of-controller: the controller core (libctl.a) on one libevent loop per
# worker thread.
# of-switch: the switch core (libsw.a) on one libevent loop, with AF_PACKET
# ports, connections to controllers and management listeners.
PROGRAMS += $(B)/bin/of-controller

UX_COMMON_SRCS := unix/plat_unix.c unix/target.c unix/listen.c unix/loop.c \
	unix/chan.c unix/chan_tcp.c unix/chan_tls.c
UX_COMMON_OBJS := $(UX_COMMON_SRCS:%.c=$(B)/obj/%.o)
UX_LIBS := -levent -lssl -lcrypto

UX_CTL_SRCS := unix/of-controller.c unix/worker.c unix/net_tap.c \
	unix/net_spec.c
UX_CTL_OBJS := $(UX_CTL_SRCS:%.c=$(B)/obj/%.o)
UX_CTL_LIBS := -levent_pthreads $(UX_LIBS) -lpthread
$(UX_COMMON_OBJS) $(UX_CTL_OBJS): CPPFLAGS += -Iunix -Inetstack

$(B)/bin/of-controller: $(UX_CTL_OBJS) $(UX_COMMON_OBJS) $(LIBCTL) \
		$(LIBNETSTACK) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(UX_CTL_LIBS)

UX_SW_SRCS := unix/of-switch.c unix/sw_args.c unix/agent.c \
	unix/port_afpacket.c
UX_SW_OBJS := $(UX_SW_SRCS:%.c=$(B)/obj/%.o)
$(UX_SW_OBJS): CPPFLAGS += -Iunix -Iswitch -Inetstack

PROGRAMS += $(B)/bin/of-switch

$(B)/bin/of-switch: $(UX_SW_OBJS) $(UX_COMMON_OBJS) $(LIBSW) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(UX_LIBS)

# Unit tests of the platform pieces that need no event loop:
# unix/tests/test_*.c.
UX_TESTS := $(patsubst unix/tests/%.c,$(B)/tests/%,\
	$(wildcard unix/tests/test_*.c))
$(B)/obj/unix/tests/%.o: CPPFLAGS += -Iunix -Itests -Inetstack
$(UX_TESTS): $(B)/tests/%: $(B)/obj/unix/tests/%.o $(B)/obj/unix/target.o \
		$(B)/obj/unix/net_spec.o $(TESTLIB) $(LIBNETSTACK)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(UX_TESTS)

# of-switch's AF_PACKET data ports (docs/of-switch.md, "Ports"), part of
# UX_SW_OBJS; they need libsw.a's dp_gso and dp_action and libevent.
UX_PORT_OBJS := $(B)/obj/unix/port_afpacket.o

# tests/test-ports.sh's harness: the ports on a fake two-port core
# (unix/tests/port_fake_core.c), plus frame generator and sink modes. Not
# named test_*: run-all.sh must not run it as a unit test.
UX_PORT_HARNESS_OBJS := $(B)/obj/unix/tests/port_harness.o \
	$(B)/obj/unix/tests/port_fake_core.o $(UX_PORT_OBJS) \
	$(B)/obj/switch/dp_gso.o $(B)/obj/switch/dp_action.o
$(B)/obj/unix/tests/port_harness.o $(B)/obj/unix/tests/port_fake_core.o: \
	CPPFLAGS += -Iswitch -Iunix
$(B)/tests/port_harness: $(UX_PORT_HARNESS_OBJS) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ -levent
TEST_BINS += $(B)/tests/port_harness

# ns-tapd: netstack over a tap device (tests/test-netstack-tap.sh).
PROGRAMS += $(B)/bin/ns-tapd
$(B)/obj/unix/ns-tap.o: CPPFLAGS += -Inetstack
$(B)/bin/ns-tapd: $(B)/obj/unix/ns-tap.o $(LIBNETSTACK)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

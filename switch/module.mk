# switch/: the platform-free core of of-switch (libsw.a): datapath (flow
# table, packet actions, buffers, ports) and, later, the agent.
SW_SRCS := $(wildcard switch/*.c)
SW_OBJS := $(SW_SRCS:%.c=$(B)/obj/%.o)
LIBSW := $(B)/libsw.a
$(SW_OBJS): CPPFLAGS += -Iswitch

$(LIBSW): $(SW_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

ifneq ($(SW_SRCS),)
all: $(LIBSW)
endif

# Datapath tests: switch/tests/test_*.c, each a program of its own; the
# switch core's (test_sw_*) also link the fake platform, before the
# libraries so that what it calls is pulled from them.
SW_TESTS := $(patsubst switch/tests/%.c,$(B)/tests/%,\
	$(wildcard switch/tests/test_*.c))
SW_CORE_TESTS := $(filter $(B)/tests/test_sw_%,$(SW_TESTS))
SW_DP_TESTS := $(filter-out $(SW_CORE_TESTS),$(SW_TESTS))
SW_FAKE := $(B)/obj/switch/tests/fake_sw_plat.o
$(B)/obj/switch/tests/%.o: CPPFLAGS += -Iswitch -Itests
$(SW_DP_TESTS): $(B)/tests/%: $(B)/obj/switch/tests/%.o $(TESTLIB) $(LIBSW) \
		$(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
$(SW_CORE_TESTS): $(B)/tests/%: $(B)/obj/switch/tests/%.o $(SW_FAKE) \
		$(TESTLIB) $(LIBSW) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(SW_TESTS)

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

# Datapath tests: switch/tests/test_*.c, each a program of its own.
SW_TESTS := $(patsubst switch/tests/%.c,$(B)/tests/%,\
	$(wildcard switch/tests/test_*.c))
$(B)/obj/switch/tests/%.o: CPPFLAGS += -Iswitch -Itests
$(SW_TESTS): $(B)/tests/%: $(B)/obj/switch/tests/%.o $(TESTLIB) $(LIBSW) \
		$(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(SW_TESTS)

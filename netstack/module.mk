# netstack/: the freestanding TCP/IP stack (libnetstack.a): Ethernet/802.1Q,
# ARP, IPv4 with reassembly, ICMP, UDP, DHCP client, TCP. No platform code:
# tools/check-freestanding.sh proves it.
NS_SRCS := $(wildcard netstack/*.c)
NS_OBJS := $(NS_SRCS:%.c=$(B)/obj/%.o)
LIBNETSTACK := $(B)/libnetstack.a
$(NS_OBJS): CPPFLAGS += -Inetstack

$(LIBNETSTACK): $(NS_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

all: $(LIBNETSTACK)

# The stack without TCP (ns_tcp*.c and its glue ns_stack_tcp.c): what the
# non-TCP unit tests and fuzz targets link, so they do not depend on TCP.
NS_CORE_OBJS := $(filter-out $(B)/obj/netstack/ns_tcp% \
	$(B)/obj/netstack/ns_stack_tcp.o,$(NS_OBJS))

# Unit tests: netstack/tests/test_ns_*.c link the core objects,
# netstack/tests/test_tcp*.c the whole library (and both the
# netstack/tests/ helpers).
NS_TEST_HELPERS := $(patsubst %.c,$(B)/obj/%.o,\
	$(filter-out netstack/tests/test_%,$(wildcard netstack/tests/*.c)))
NS_TESTS := $(patsubst netstack/tests/%.c,$(B)/tests/%,\
	$(wildcard netstack/tests/test_ns_*.c))
NS_TCP_TESTS := $(patsubst netstack/tests/%.c,$(B)/tests/%,\
	$(wildcard netstack/tests/test_tcp*.c))
$(B)/obj/netstack/tests/%.o: CPPFLAGS += -Inetstack -Inetstack/tests -Itests
$(NS_TESTS): $(B)/tests/%: $(B)/obj/netstack/tests/%.o $(NS_TEST_HELPERS) \
		$(TESTLIB) $(NS_CORE_OBJS)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
$(NS_TCP_TESTS): $(B)/tests/%: $(B)/obj/netstack/tests/%.o \
		$(NS_TEST_HELPERS) $(TESTLIB) $(LIBNETSTACK)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(NS_TESTS) $(NS_TCP_TESTS)

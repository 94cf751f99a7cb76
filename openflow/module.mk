# openflow/: the freestanding OpenFlow 1.0 library (libopenflow.a).
OPENFLOW_SRCS := $(wildcard openflow/*.c)
OPENFLOW_OBJS := $(OPENFLOW_SRCS:%.c=$(B)/obj/%.o)
LIBOPENFLOW := $(B)/libopenflow.a

$(LIBOPENFLOW): $(OPENFLOW_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

all: $(LIBOPENFLOW)

# Unit tests: openflow/tests/test_*.c, each a program of its own.
OPENFLOW_TESTS := $(patsubst openflow/tests/%.c,$(B)/tests/%,\
	$(wildcard openflow/tests/test_*.c))
$(B)/tests/%: $(B)/obj/openflow/tests/%.o $(TESTLIB) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(OPENFLOW_TESTS)
$(B)/obj/openflow/tests/%.o: CPPFLAGS += -Itests

# The library must build freestanding (for the Xen image) and use only the
# C library subset xen/ provides; see tools/check-freestanding.sh.
freestanding-check:
	$(Q)bash tools/check-freestanding.sh

# xen/host.mk: the parts of the Xen platform that speak a protocol rather
# than touch hardware (the xenstore client, netfront's rings), built for the host too
# and unit-tested there against fake backends; the images link the same
# files. Included by the top Makefile.
XEN_HOST_SRCS := xen/xs.c xen/netfront.c
XEN_HOST_OBJS := $(XEN_HOST_SRCS:%.c=$(B)/obj/%.o)
XEN_HOST_TESTS := $(B)/tests/test_xs $(B)/tests/test_netfront
$(B)/obj/xen/tests/%.o: CPPFLAGS += -Ixen -Itests
$(XEN_HOST_TESTS): $(B)/tests/%: $(B)/obj/xen/tests/%.o $(XEN_HOST_OBJS) \
		$(TESTLIB)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(XEN_HOST_TESTS)

# xen/host.mk: the parts of the Xen platform that speak a protocol rather
# than touch hardware (the xenstore client, netfront's rings, the images'
# boot lines), built for the host too and unit-tested there against fake
# backends; the images link the same files (xen_args.c uses netstack's
# ns_cfg.c, hence libnetstack). Included by the top Makefile.
XEN_HOST_SRCS := xen/xs.c xen/netfront.c xen/xen_args.c
XEN_HOST_OBJS := $(XEN_HOST_SRCS:%.c=$(B)/obj/%.o)
XEN_HOST_TESTS := $(B)/tests/test_xs $(B)/tests/test_netfront \
	$(B)/tests/test_xen_args
$(B)/obj/xen/tests/%.o: CPPFLAGS += -Ixen -Itests
$(B)/obj/xen/xen_args.o $(B)/obj/xen/tests/test_xen_args.o: CPPFLAGS += \
	-Inetstack
$(XEN_HOST_TESTS): $(B)/tests/%: $(B)/obj/xen/tests/%.o $(XEN_HOST_OBJS) \
		$(TESTLIB) $(LIBNETSTACK)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(XEN_HOST_TESTS)

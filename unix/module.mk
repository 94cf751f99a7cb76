# unix/: the Unix platform (libevent 2.1, OpenSSL 3) and the daemons' main()s.
# of-controller: the controller core (libctl.a) on one libevent loop per
# worker thread, with TCP and TLS channels.
PROGRAMS += $(B)/bin/of-controller

UX_CTL_SRCS := unix/of-controller.c unix/plat_unix.c unix/target.c \
	unix/listen.c unix/worker.c unix/chan.c unix/chan_tcp.c \
	unix/chan_tls.c
UX_CTL_OBJS := $(UX_CTL_SRCS:%.c=$(B)/obj/%.o)
UX_CTL_LIBS := -levent_openssl -levent_pthreads -levent -lssl -lcrypto \
	-lpthread
$(UX_CTL_OBJS): CPPFLAGS += -Iunix

$(B)/bin/of-controller: $(UX_CTL_OBJS) $(LIBCTL) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(UX_CTL_LIBS)

# Unit tests of the platform pieces that need no event loop:
# unix/tests/test_*.c.
UX_TESTS := $(patsubst unix/tests/%.c,$(B)/tests/%,\
	$(wildcard unix/tests/test_*.c))
$(B)/obj/unix/tests/%.o: CPPFLAGS += -Iunix -Itests
$(UX_TESTS): $(B)/tests/%: $(B)/obj/unix/tests/%.o $(B)/obj/unix/target.o \
		$(TESTLIB)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(UX_TESTS)

# controller/: the platform-free controller core and its built-in apps
# (libctl.a). Platforms (unix/, later xen/) link it with their main().
CTL_SRCS := $(wildcard controller/*.c)
CTL_OBJS := $(CTL_SRCS:%.c=$(B)/obj/%.o)
LIBCTL := $(B)/libctl.a
$(CTL_OBJS): CPPFLAGS += -Icontroller

$(LIBCTL): $(CTL_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

all: $(LIBCTL)

# Core tests: controller/tests/test_*.c, driven through the platform
# interface by a scripted fake switch (controller/tests/fake_plat.c).
CTL_TESTS := $(patsubst controller/tests/%.c,$(B)/tests/%,\
	$(wildcard controller/tests/test_*.c))
CTL_TEST_SUPPORT := $(B)/obj/controller/tests/fake_plat.o
$(B)/obj/controller/tests/%.o: CPPFLAGS += -Icontroller -Itests
$(CTL_TESTS): $(B)/tests/%: $(B)/obj/controller/tests/%.o \
		$(CTL_TEST_SUPPORT) $(TESTLIB) $(LIBCTL) $(LIBOPENFLOW)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(CTL_TESTS)

# The documented example app is linked into its test.
$(B)/tests/test_ctl_example: $(B)/obj/examples/app_count.o
$(B)/obj/examples/app_count.o: CPPFLAGS += -Icontroller

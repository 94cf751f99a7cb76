# xen/: the Xen platform and the unikernel images (build/xen/). Built only
# by `make xen`, with the host gcc in freestanding mode against xen/include
# (our libc subset) instead of the host's headers; linked at 1 MiB by
# xen/xen.ld. Not part of `make all`.
XEN_CC ?= gcc
XEN_B := $(B)/xen
XEN_PLAT_SRCS := $(addprefix xen/,libc_fmt.c libc_string.c xen_boot.c \
	xen_console.c xen_heap.c xen_hyp.c xen_mm.c xen_panic.c xen_pvh.c \
	xen_selftest.c xen_store.c xen_time.c xen_evtchn.c xen_gnttab.c xs.c)
XEN_PLAT_OBJS := $(XEN_PLAT_SRCS:%.c=$(XEN_B)/obj/%.o) \
	$(XEN_B)/obj/xen/boot.o
# The compiler's own freestanding headers (stdint.h, stdarg.h, ...),
# looked up once and only when a Xen object is built.
XEN_GCC_INC = $(eval XEN_GCC_INC := $$(shell $(XEN_CC) \
	-print-file-name=include))$(XEN_GCC_INC)
XEN_CFLAGS = $(WARN) -O2 -g -ffreestanding -nostdinc \
	-isystem $(XEN_GCC_INC) -Ixen/include -Ixen -Iinclude \
	-fno-pic -fno-pie -fno-stack-protector -mno-red-zone \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-mgeneral-regs-only
XEN_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,xen/xen.ld \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
XEN_IMAGES := $(XEN_B)/selftest.xen $(XEN_B)/nettest.xen \
	$(XEN_B)/of-controller.xen $(XEN_B)/of-switch.xen

# netstack, built for the images (the same sources as libnetstack.a).
XEN_NS_OBJS := $(patsubst %.c,$(XEN_B)/obj/%.o,$(wildcard netstack/*.c))
$(XEN_NS_OBJS) $(XEN_B)/obj/xen/nettest_main.o $(XEN_B)/obj/xen/vif.o \
	$(XEN_B)/obj/xen/xen_net.o $(XEN_B)/obj/xen/xen_args.o: \
	XEN_CFLAGS += -Inetstack -Iopenflow
# Images beyond the platform: what each links besides xen/NAME_main.c.
XEN_NET_OBJS := $(XEN_NS_OBJS) $(XEN_B)/obj/xen/vif.o \
	$(XEN_B)/obj/xen/netfront.o $(XEN_B)/obj/xen/xen_net.o
$(XEN_B)/nettest.elf: $(XEN_NET_OBJS)

# of-controller.xen: the controller core and libopenflow, built for the
# images, with netstack and the platform singletons (xen_plat.c).
XEN_OF_OBJS := $(patsubst %.c,$(XEN_B)/obj/%.o,$(wildcard openflow/*.c))
XEN_CTL_OBJS := $(patsubst %.c,$(XEN_B)/obj/%.o,$(wildcard controller/*.c))
$(XEN_OF_OBJS) $(XEN_CTL_OBJS) $(XEN_B)/obj/xen/ctl_main.o \
	$(XEN_B)/obj/xen/xen_plat.o: XEN_CFLAGS += -Iopenflow -Icontroller \
	-Inetstack
$(XEN_B)/of-controller.elf: $(XEN_B)/obj/xen/ctl_main.o \
		$(XEN_B)/obj/xen/xen_plat.o $(XEN_B)/obj/xen/xen_args.o \
		$(XEN_CTL_OBJS) $(XEN_NET_OBJS) $(XEN_OF_OBJS) $(XEN_PLAT_OBJS) \
		xen/xen.ld
	$(call say,XENLD,$@)
	$(Q)$(XEN_CC) $(XEN_LDFLAGS) -Wl,--gc-sections -o $@ \
		$(filter %.o,$^) -lgcc

# of-switch.xen: the switch core (switch/), libopenflow, netstack on the
# control vif, netfront on the data vifs.
XEN_SW_OBJS := $(patsubst %.c,$(XEN_B)/obj/%.o,$(wildcard switch/*.c))
$(XEN_SW_OBJS) $(XEN_B)/obj/xen/sw_main.o: XEN_CFLAGS += -Iopenflow \
	-Iswitch -Inetstack
$(XEN_B)/of-switch.elf: $(XEN_B)/obj/xen/sw_main.o \
		$(XEN_B)/obj/xen/xen_plat.o $(XEN_B)/obj/xen/xen_args.o \
		$(XEN_SW_OBJS) $(XEN_NET_OBJS) $(XEN_OF_OBJS) $(XEN_PLAT_OBJS) \
		xen/xen.ld
	$(call say,XENLD,$@)
	$(Q)$(XEN_CC) $(XEN_LDFLAGS) -Wl,--gc-sections -o $@ \
		$(filter %.o,$^) -lgcc

$(XEN_B)/obj/%.o: %.c
	$(call say,XENCC,$<)
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(XEN_B)/obj/%.o: %.S
	$(call say,XENAS,$<)
	@mkdir -p $(@D)
	$(Q)$(XEN_CC) $(XEN_CFLAGS) $(DEPFLAGS) -c $< -o $@

# Each image: its xen/NAME_main.c and the platform; NAME.elf keeps the
# symbols, NAME.xen is stripped (what xl and QEMU boot).
$(XEN_B)/%.elf: $(XEN_B)/obj/xen/%_main.o $(XEN_PLAT_OBJS) xen/xen.ld
	$(call say,XENLD,$@)
	$(Q)$(XEN_CC) $(XEN_LDFLAGS) -o $@ $(filter %.o,$^) -lgcc

$(XEN_B)/%.xen: $(XEN_B)/%.elf
	$(Q)strip -o $@ $<

# The protocol code (xen/host.mk) is built freestanding here too, so that
# it is known to compile against xen/include before an image links it.
XEN_PROTO_OBJS := $(XEN_HOST_SRCS:%.c=$(XEN_B)/obj/%.o)

xen: $(XEN_IMAGES) $(XEN_PROTO_OBJS)
	@for f in $(XEN_IMAGES); do \
		printf '  XEN    %s: %s bytes\n' "$$f" "$$(wc -c <"$$f")"; \
	done

-include $(shell find $(XEN_B)/obj -name '*.d' 2>/dev/null)

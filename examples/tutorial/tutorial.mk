# examples/tutorial/: the SDN tutorial's labs (docs/tutorial.md). Included
# by the top Makefile after unix/module.mk (it links unix/'s objects).
#
# For each exercise EX (hub, learning, firewall, lb, topo; folders 1-hub,
# 2-learning, 3-firewall, 4-loadbalancer, 5-topology) an of-controller that has the exercise's app compiled in,
# next to the built-in apps (examples/tutorial/app_table.c replaces
# libctl.a's table, the way examples/app_count.c is linked into its test):
#   $(B)/tutorial/N-EX/of-controller           from N-EX/starter.c, or APP=
#   $(B)/tutorial/N-EX/solution/of-controller  from N-EX/solution.c
#
#   make lab-EX [APP=my.c] [SOLUTION=1] [SWITCH=of] [MONITOR=1]
#                     the exercise's Mininet network and a Mininet CLI,
#                     inside private namespaces (examples/tutorial/lab.sh)
#   make check-EX [APP=my.c] [SOLUTION=1]
#                     the exercise's checker (N-EX/check.py)
#   make tutorial     build all of them
TUT_DIR := examples/tutorial
# name:folder of each exercise: the one list (exercises.sh reads it for
# check.sh, lab.sh and tests/test-tutorial.sh; their networks and apps are
# tutcheck.py's LABS).
TUT_EXERCISES := hub:1-hub learning:2-learning firewall:3-firewall \
	lb:4-loadbalancer topo:5-topology
TUT_TABLE_OBJ := $(B)/obj/$(TUT_DIR)/app_table.o
TUT_BINS :=

$(B)/obj/$(TUT_DIR)/%.o $(B)/obj/tutorial/%.o: CPPFLAGS += -Icontroller \
	-I$(TUT_DIR)

.PHONY: tutorial .tut-force

# $(1): exercise name, $(2): its folder.
define TUT_EXERCISE
TUT_SRC_$(1) := $$(if $$(APP),$$(APP),$(TUT_DIR)/$(2)/starter.c)
TUT_BIN_$(1) := $(B)/tutorial/$(2)/$$(if $$(filter 1,$$(SOLUTION)),solution/)of-controller

# Which source the participant's build was made from: rewritten only when
# APP= changes, so that switching sources rebuilds the app.
$(B)/tutorial/$(2)/app.src: .tut-force
	@mkdir -p $$(@D)
	@echo '$$(TUT_SRC_$(1))' | cmp -s - $$@ 2>/dev/null || \
		echo '$$(TUT_SRC_$(1))' >$$@

$(B)/obj/tutorial/$(2)/app.o: $$(TUT_SRC_$(1)) $(B)/tutorial/$(2)/app.src
	$$(call say,CC,$$<)
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(CPPFLAGS) $$(ALL_CFLAGS) $$(DEPFLAGS) -c $$< -o $$@

$(B)/tutorial/$(2)/of-controller: $(B)/obj/tutorial/$(2)/app.o \
		$(TUT_TABLE_OBJ) $(UX_CTL_OBJS) $(UX_COMMON_OBJS) $(LIBCTL) \
		$(LIBNETSTACK) \
		$(LIBOPENFLOW)
	$$(call say,LD,$$@)
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $(UX_CTL_LIBS)

$(B)/tutorial/$(2)/solution/of-controller: \
		$(B)/obj/$(TUT_DIR)/$(2)/solution.o $(TUT_TABLE_OBJ) \
		$(UX_CTL_OBJS) $(UX_COMMON_OBJS) $(LIBCTL) $(LIBNETSTACK) \
		$(LIBOPENFLOW)
	$$(call say,LD,$$@)
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $(UX_CTL_LIBS)

TUT_BINS += $(B)/tutorial/$(2)/of-controller \
	$(B)/tutorial/$(2)/solution/of-controller

.PHONY: lab-$(1) check-$(1)
# The checkers run each part with our of-switch too; a lab with SWITCH=of.
lab-$(1): $$(TUT_BIN_$(1)) $$(if $$(filter of,$$(SWITCH)),$(B)/bin/of-switch)
	$$(Q)SWITCH='$$(SWITCH)' MONITOR='$$(MONITOR)' \
		bash $(TUT_DIR)/lab.sh $(1) $$<
check-$(1): $$(TUT_BIN_$(1)) $(B)/bin/of-switch
	$$(Q)bash $(TUT_DIR)/check.sh $(1) $$<
endef

# Only the exercises whose folder is in the tree are built (one being
# written may be listed before its folder lands); the others' lab-EX and
# check-EX say so.
TUT_PRESENT := $(foreach e,$(TUT_EXERCISES),$(if $(wildcard \
	$(TUT_DIR)/$(word 2,$(subst :, ,$(e)))/starter.c),$(e)))
TUT_ABSENT := $(filter-out $(TUT_PRESENT),$(TUT_EXERCISES))

$(foreach e,$(TUT_PRESENT),$(eval $(call TUT_EXERCISE,$(word 1,$(subst :, ,$(e))),$(word 2,$(subst :, ,$(e))))))

# $(1): exercise name, $(2): its folder, not in the tree.
define TUT_NOT_HERE
.PHONY: lab-$(1) check-$(1)
lab-$(1) check-$(1):
	@echo "$$@: $(TUT_DIR)/$(2)/starter.c is not in this tree" >&2; exit 1
endef

$(foreach e,$(TUT_ABSENT),$(eval $(call TUT_NOT_HERE,$(word 1,$(subst :, ,$(e))),$(word 2,$(subst :, ,$(e))))))

tutorial: $(TUT_BINS)

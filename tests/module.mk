# tests/: the tiny assertion library every unit test links.
TESTLIB := $(B)/obj/tests/check.o
$(TESTLIB): CPPFLAGS += -Itests

# tests/msg_corpus: the C half of tests/test-crosscheck.sh (independent
# codec cross-checks). Built with the unit tests; libopenflow.a is named
# literally because openflow/module.mk is included after this file.
$(B)/tests/msg_corpus: $(B)/obj/tests/msg_corpus.o $(B)/libopenflow.a
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(B)/tests/msg_corpus

# tests/parse_flow: the C half of tests/test-parse-vs-ovs.sh (prints the
# message of_parse_flow makes for each flow text, to compare with what
# ovs-ofctl sends).
$(B)/tests/parse_flow: $(B)/obj/tests/parse_flow.o $(B)/libopenflow.a
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
TEST_BINS += $(B)/tests/parse_flow

# tests/print_hex: hex messages on stdin -> of_print_msg() text, for
# tests/test-print-vs-ovs.sh. ($(LIBOPENFLOW) is defined later, hence the
# literal path.)
$(B)/tests/print_hex: $(B)/obj/tests/print_hex.o $(B)/libopenflow.a
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^
$(B)/obj/tests/print_hex.o: CPPFLAGS += -Iopenflow
TEST_BINS += $(B)/tests/print_hex

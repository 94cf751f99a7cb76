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

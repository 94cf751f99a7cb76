/* libFuzzer target: the ovs-ofctl flow syntax parser. The input, as text (up
 * to its first NUL), goes through of_parse_flow() for every use and through
 * of_parse_actions() in both contexts. Errors must come with a message;
 * whatever parses must encode as a FLOW_MOD that of_decode() accepts, typed
 * and with verdict OF_OK, and that prints. Aborts on any violation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_msg.h"
#include "of_parse.h"
#include "of_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *cur_text;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_parse: %s (%s) for text \"%s\"\n", what,
		detail ? detail : "", cur_text);
	abort();
}

static void check_err(enum of_err e, const char *err, size_t err_size)
{
	if (e == OF_OK)
		return;
	if (e != OF_E_SYNTAX && e != OF_E_NOSPACE)
		fail("unexpected error value", of_err_str(e));
	if (memchr(err, '\0', err_size) == NULL)
		fail("error message not terminated", NULL);
	if (e == OF_E_SYNTAX && err[0] == '\0')
		fail("syntax error without a message", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[4096];
	static uint8_t acts[4096], msg[8192];
	static char err[256], out[2048];
	static struct of_flow_text ft;
	static struct of_msg m, d;
	static const enum of_parse_use uses[] = {
	    OF_PARSE_ADD,    OF_PARSE_MODIFY,	     OF_PARSE_MODIFY_STRICT,
	    OF_PARSE_DELETE, OF_PARSE_DELETE_STRICT, OF_PARSE_FILTER,
	};
	struct of_text t;
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;

	memcpy(text, data, n);
	text[n] = '\0';
	cur_text = text;

	for (size_t i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		size_t len = 0;
		enum of_err e, v;

		memset(err, 0x55, sizeof(err));
		e = of_parse_flow(text, uses[i], &ft, acts, sizeof(acts), err,
				  sizeof(err));
		check_err(e, err, sizeof(err));
		if (e != OF_OK)
			continue;
		if (ft.fm.actions.size &&
		    of_actions_check_structure(ft.fm.actions) != OF_OK)
			fail("parsed actions do not split", NULL);
		of_msg_init(&m, OFPT_FLOW_MOD, 0x1234);
		m.u.flow_mod = ft.fm;
		e = of_encode(&m, msg, sizeof(msg), &len);
		if (e == OF_E_NOSPACE)
			continue;
		if (e != OF_OK)
			fail("parsed flow does not encode", of_err_str(e));
		v = of_decode(msg, len, &d);
		if (d.raw || v != OF_OK)
			fail("encoded flow mod does not decode", of_err_str(v));
		of_text_init(&t, out, sizeof(out));
		of_print_msg(&t, &d);
		if (t.len == 0 || out[t.len] != '\0')
			fail("flow mod does not print", NULL);
	}

	for (int ctx = 0; ctx < 2; ctx++) {
		size_t len = 0;
		enum of_err e;
		struct of_bytes list;

		memset(err, 0x55, sizeof(err));
		e = of_parse_actions(
		    text, ctx ? OF_ACTX_PACKET_OUT : OF_ACTX_FLOW, acts,
		    sizeof(acts), &len, err, sizeof(err));
		check_err(e, err, sizeof(err));
		if (e != OF_OK)
			continue;
		if (len > sizeof(acts))
			fail("action length beyond the buffer", NULL);
		list.p = acts;
		list.size = len;
		if (of_actions_check_structure(list) != OF_OK)
			fail("parsed actions do not split", NULL);
		e = of_actions_check_semantics(list, ctx ? OF_ACTX_PACKET_OUT
							 : OF_ACTX_FLOW);
		if (e != OF_OK)
			fail("parsed actions fail the semantic check",
			     of_err_str(e));
		of_text_init(&t, out, sizeof(out));
		of_print_actions(&t, list);
		if (out[t.len] != '\0')
			fail("actions do not print", NULL);
	}
	return 0;
}

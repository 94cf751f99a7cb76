/* Prints, for each flow text on stdin (one per line), the OpenFlow 1.0
 * message of_parse_flow() makes for it, as hex with xid 0, or "ERROR: "
 * and the parser's message. The command is argv[1]: add, mod, mod-strict,
 * del, del-strict (FLOW_MOD), dump (FLOW stats request) or aggregate.
 * With table=N (N != 255) a FLOW_MOD carries N in the command's high byte,
 * as ovs-ofctl does after enabling NXT_FLOW_MOD_TABLE_ID.
 * Used by tests/test-parse-vs-ovs.sh. */
#include <stdio.h>
#include <string.h>

#include "of_msg.h"
#include "of_parse.h"

static int usage(void)
{
	fprintf(stderr, "usage: parse_flow add|mod|mod-strict|del|"
			"del-strict|dump|aggregate < flows\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		enum of_parse_use use;
		int stats; /* 0: FLOW_MOD, else OFPST_* */
	} cmds[] = {
	    {"add", OF_PARSE_ADD, 0},
	    {"mod", OF_PARSE_MODIFY, 0},
	    {"mod-strict", OF_PARSE_MODIFY_STRICT, 0},
	    {"del", OF_PARSE_DELETE, 0},
	    {"del-strict", OF_PARSE_DELETE_STRICT, 0},
	    {"dump", OF_PARSE_FILTER, OFPST_FLOW},
	    {"aggregate", OF_PARSE_FILTER, OFPST_AGGREGATE},
	};
	static char line[70000];
	static uint8_t acts[65536], out[70000];
	size_t c;

	if (argc != 2)
		return usage();
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		if (!strcmp(argv[1], cmds[c].name))
			break;
	if (c == sizeof(cmds) / sizeof(cmds[0]))
		return usage();

	while (fgets(line, sizeof(line), stdin)) {
		struct of_flow_text ft;
		struct of_msg m;
		char err[256];
		size_t len, i;
		enum of_err e;

		line[strcspn(line, "\n")] = '\0';
		e = of_parse_flow(line, cmds[c].use, &ft, acts, sizeof(acts),
				  err, sizeof(err));
		if (e != OF_OK) {
			printf("ERROR: %s\n",
			       e == OF_E_SYNTAX ? err : of_err_str(e));
			continue;
		}
		if (cmds[c].stats) {
			of_msg_init(&m, OFPT_STATS_REQUEST, 0);
			m.u.stats_request.type = (uint16_t)cmds[c].stats;
			m.u.stats_request.u.flow.match = ft.fm.match;
			m.u.stats_request.u.flow.table_id = ft.table_id;
			m.u.stats_request.u.flow.out_port = ft.fm.out_port;
		} else {
			of_msg_init(&m, OFPT_FLOW_MOD, 0);
			m.u.flow_mod = ft.fm;
			if (ft.table_given && ft.table_id != 0xff)
				m.u.flow_mod.command |=
				    (uint16_t)(ft.table_id << 8);
		}
		e = of_encode(&m, out, sizeof(out), &len);
		if (e != OF_OK) {
			printf("ERROR: encode: %s\n", of_err_str(e));
			continue;
		}
		for (i = 0; i < len; i++)
			printf("%02x", out[i]);
		printf("\n");
	}
	return 0;
}

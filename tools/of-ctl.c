/* of-ctl: ovs-ofctl-compatible management of any OpenFlow 1.0 switch.
 *
 *   of-ctl [OPTIONS] COMMAND SWITCH [ARGS]
 *
 * Every command opens its own connection(s), exchanges HELLOs, sends what
 * `ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names` sends for the same
 * command and prints the replies in the same text. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "of_parse.h"
#include "of_print.h"
#include "ofctl_conn.h"
#include "ofctl_flows.h"

static bool opt_strict;
static bool opt_readd;

static void usage(FILE *out)
{
	fputs(
	    "Usage: of-ctl [OPTIONS] COMMAND SWITCH [ARGS]\n"
	    "OpenFlow 1.0 switch management, compatible with ovs-ofctl.\n"
	    "SWITCH is tcp:IP[:PORT] (default port 6653), unix:PATH, or a "
	    "bridge\n"
	    "name (unix:$OVS_RUNDIR/NAME.mgmt).\n\n"
	    "Commands:\n"
	    "  show SWITCH                    features and configuration\n"
	    "  dump-desc SWITCH               switch description\n"
	    "  dump-tables SWITCH             table statistics\n"
	    "  dump-flows SWITCH [FLOW]       flows (matching FLOW)\n"
	    "  dump-aggregate SWITCH [FLOW]   aggregate flow statistics\n"
	    "  dump-ports SWITCH [PORT]       port statistics\n"
	    "  queue-stats SWITCH [PORT [QUEUE]]  queue statistics\n"
	    "  queue-get-config SWITCH [PORT] queue configuration\n"
	    "  mod-port SWITCH PORT ACTION    up|down|[no-]stp|[no-]receive|\n"
	    "                                 [no-]receive-stp|[no-]forward|\n"
	    "                                 [no-]flood|[no-]packet-in\n"
	    "  add-flow SWITCH FLOW           add a flow\n"
	    "  add-flows SWITCH FILE          add flows from FILE (- stdin)\n"
	    "  mod-flows SWITCH FLOW          modify actions of flows\n"
	    "  del-flows SWITCH [FLOW]        delete flows\n"
	    "  replace-flows SWITCH FILE      make the flows those of FILE\n"
	    "  packet-out SWITCH IN_PORT ACTIONS PACKET...  send packets\n"
	    "  probe SWITCH                   check that the switch answers\n"
	    "  ping SWITCH [N]                10 echo requests, N bytes each\n"
	    "  monitor SWITCH [MISS_LEN]      print asynchronous messages\n"
	    "  snoop SWITCH                   print the messages SWITCH "
	    "exchanges\n"
	    "                                 with its controllers (a bridge "
	    "name\n"
	    "                                 means "
	    "unix:$OVS_RUNDIR/NAME.snoop;\n"
	    "                                 of-switch: its --snoop "
	    "listener)\n\n"
	    "Options:\n"
	    "  --strict            strict matching (mod-flows, del-flows)\n"
	    "  --readd             replace-flows: re-add unchanged flows too\n"
	    "  -v, --trace         print every message sent and received\n"
	    "  -t, --timeout=SECS  give up waiting for a reply after SECS\n"
	    "  -O, --protocols=OpenFlow10   accepted (only OpenFlow 1.0)\n"
	    "  -F, --flow-format=OpenFlow10 accepted (only OpenFlow 1.0)\n"
	    "  -P, --packet-in-format=standard  accepted (the only format)\n"
	    "  --no-names, --names          accepted and ignored\n"
	    "  -h, --help          this text\n",
	    out);
}

/* Checks a -O / -F value: only OpenFlow 1.0 (in any of the spellings
 * ovs-ofctl knows) is possible. */
static void check_version_opt(const char *opt, const char *val)
{
	static const char *const ok[] = {"OpenFlow10", "openflow10", "of10",
					 "OpenFlow10+table_id"};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(val, ok[i]))
			return;
	ofctl_fatal("%s %s: only OpenFlow10 is supported", opt, val);
}

static void set_timeout(const char *val)
{
	char *end;
	long v = strtol(val, &end, 10);

	if (*val == '\0' || *end || v < 0 || v > 86400)
		ofctl_fatal("%s: bad timeout", val);
	ofctl_opts.timeout_ms = (int)v * 1000;
}

/* Parses the options (anywhere on the line, as getopt permutes them) and
 * leaves the other words in args[0..*n). */
static void parse_options(int argc, char **argv, char **args, int *n)
{
	*n = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;

		if (a[0] != '-' || !strcmp(a, "-")) {
			args[(*n)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			while (++i < argc)
				args[(*n)++] = argv[i];
			break;
		}
		if (!strcmp(a, "-O") || !strcmp(a, "-F") ||
		    !strcmp(a, "--protocols") || !strcmp(a, "--flow-format") ||
		    !strcmp(a, "-t") || !strcmp(a, "--timeout") ||
		    !strcmp(a, "-P") || !strcmp(a, "--packet-in-format")) {
			if (i + 1 >= argc)
				ofctl_fatal("option %s requires an argument",
					    a);
			val = argv[++i];
		} else if (!strncmp(a, "-O", 2) || !strncmp(a, "-F", 2) ||
			   !strncmp(a, "-t", 2) || !strncmp(a, "-P", 2)) {
			val = a + 2;
		} else if (strchr(a, '=') && !strncmp(a, "--", 2)) {
			val = strchr(a, '=') + 1;
		}

		if (!strncmp(a, "-O", 2) || !strncmp(a, "--protocols", 11) ||
		    !strncmp(a, "-F", 2) || !strncmp(a, "--flow-format", 13)) {
			check_version_opt(a, val);
		} else if (!strncmp(a, "-t", 2) ||
			   !strncmp(a, "--timeout", 9)) {
			set_timeout(val);
		} else if (!strncmp(a, "-P", 2) ||
			   !strncmp(a, "--packet-in-format", 18)) {
			/* OpenFlow 1.0 has one packet-in format. */
			if (strcmp(val, "standard") &&
			    strcmp(val, "openflow10"))
				ofctl_fatal(
				    "%s %s: only the standard format is "
				    "supported",
				    a, val);
		} else if (!strcmp(a, "--strict")) {
			opt_strict = true;
		} else if (!strcmp(a, "--readd")) {
			opt_readd = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose") ||
			   !strcmp(a, "--trace")) {
			ofctl_opts.trace = true;
		} else if (!strcmp(a, "--no-names") || !strcmp(a, "--names")) {
			/* names are never shown */
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			puts("of-ctl (OpenFlow 1.0)");
			exit(0);
		} else {
			ofctl_fatal("%s: unknown option (try --help)", a);
		}
	}
}

static void stats_request(struct of_msg *m, uint16_t type)
{
	of_msg_init(m, OFPT_STATS_REQUEST, 0);
	m->u.stats_request.type = type;
}

/* Opens a connection, sends one request and prints its reply(ies). */
static void simple_dump(const char *target, struct of_msg *req, bool stats)
{
	struct ofctl_conn *c = ofctl_open(target);
	struct of_msg reply;

	/* The xid is taken after the HELLO's, as ovs-ofctl numbers them. */
	req->h.xid = ofctl_xid();
	if (stats) {
		ofctl_dump_transaction(c, req);
	} else {
		ofctl_transact(c, req, &reply);
		ofctl_print(stdout, &reply);
	}
	ofctl_close(c);
}

static void parse_port_arg(const char *s, uint16_t *port)
{
	if (!of_parse_port(s, port))
		ofctl_fatal("%s: bad port number", s);
}

static void cmd_show(const char *target)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_FEATURES_REQUEST, 0);
	simple_dump(target, &m, false);
	of_msg_init(&m, OFPT_GET_CONFIG_REQUEST, 0);
	simple_dump(target, &m, false);
}

static void cmd_flow_stats(const char *target, const char *flow, uint16_t type)
{
	static uint8_t acts[OFCTL_MSG_MAX];
	struct of_msg m;
	struct of_flow_stats_request *r = &m.u.stats_request.u.flow;

	stats_request(&m, type);
	of_match_init_catchall(&r->match);
	r->table_id = 0xff;
	r->out_port = OFPP_NONE;
	if (flow) {
		struct of_flow_text ft;
		char err[512];
		enum of_err e = of_parse_flow(flow, OF_PARSE_FILTER, &ft, acts,
					      sizeof(acts), err, sizeof(err));
		if (e != OF_OK)
			ofctl_fatal("%s",
				    e == OF_E_SYNTAX ? err : of_err_str(e));
		r->match = ft.fm.match;
		r->table_id = ft.table_id;
		r->out_port = ft.fm.out_port;
	}
	simple_dump(target, &m, true);
}

static void cmd_dump_ports(const char *target, const char *port)
{
	struct of_msg m;

	stats_request(&m, OFPST_PORT);
	m.u.stats_request.u.port.port_no = OFPP_NONE;
	if (port)
		parse_port_arg(port, &m.u.stats_request.u.port.port_no);
	simple_dump(target, &m, true);
}

static void cmd_queue_stats(const char *target, const char *port,
			    const char *queue)
{
	struct of_msg m;
	struct of_queue_stats_request *r = &m.u.stats_request.u.queue;

	stats_request(&m, OFPST_QUEUE);
	r->port_no = OFPP_ALL;
	r->queue_id = OFPQ_ALL;
	if (port) {
		parse_port_arg(port, &r->port_no);
		if (r->port_no == OFPP_NONE)
			r->port_no = OFPP_ALL; /* OF1.0 spells "any" ALL */
	}
	if (queue && strcasecmp(queue, "all") && strcasecmp(queue, "any")) {
		char *end;
		unsigned long v = strtoul(queue, &end, 10);
		if (!isdigit((unsigned char)queue[0]) || *end ||
		    v > 0xffffffffUL)
			ofctl_fatal("%s: bad queue id", queue);
		r->queue_id = (uint32_t)v;
	}
	simple_dump(target, &m, true);
}

/* Fetches the switch's features on a connection of its own and copies the
 * encoded reply into buf; returns its decoded form in *m. */
static void fetch_features(const char *target, uint8_t *buf, struct of_msg *m)
{
	struct ofctl_conn *c = ofctl_open(target);
	struct of_msg req;

	of_msg_init(&req, OFPT_FEATURES_REQUEST, ofctl_xid());
	ofctl_transact(c, &req, m);
	if (m->h.type != OFPT_FEATURES_REPLY || m->raw)
		ofctl_fatal("%s: bad reply to features request", target);
	memcpy(buf, c->msg, c->msg_size);
	(void)of_decode(buf, c->msg_size, m);
	ofctl_close(c);
}

static void cmd_queue_get_config(const char *target, const char *port)
{
	struct of_msg m, reply;
	uint16_t p = OFPP_NONE;

	if (port)
		parse_port_arg(port, &p);
	if (p == OFPP_NONE || p == OFPP_ALL) {
		/* Every port, as ovs-ofctl does: features on one connection,
		 * the requests on another. */
		static uint8_t feat[OFCTL_MSG_MAX];
		struct ofctl_conn *c = ofctl_open(target);
		struct of_phy_port pp;
		struct of_iter it;

		fetch_features(target, feat, &m);
		it = of_iter_make(m.u.features.ports);
		while (of_phy_port_next(&it, &pp)) {
			struct of_msg req;
			if (pp.port_no >= OFPP_MAX)
				continue;
			of_msg_init(&req, OFPT_QUEUE_GET_CONFIG_REQUEST,
				    ofctl_xid());
			req.u.queue_get_config_request.port = pp.port_no;
			ofctl_transact(c, &req, &reply);
			ofctl_print(stdout, &reply);
		}
		ofctl_close(c);
		return;
	}
	of_msg_init(&m, OFPT_QUEUE_GET_CONFIG_REQUEST, 0);
	m.u.queue_get_config_request.port = p;
	simple_dump(target, &m, false);
}

static void cmd_mod_port(const char *target, const char *port,
			 const char *action)
{
	static const struct {
		const char *name;
		uint32_t bit;
		bool set; /* the plain word sets the bit ("down") */
	} modes[] = {
	    {"up", OFPPC_PORT_DOWN, false},
	    {"down", OFPPC_PORT_DOWN, true},
	    {"stp", OFPPC_NO_STP, false},
	    {"receive", OFPPC_NO_RECV, false},
	    {"receive-stp", OFPPC_NO_RECV_STP, false},
	    {"forward", OFPPC_NO_FWD, false},
	    {"flood", OFPPC_NO_FLOOD, false},
	    {"packet-in", OFPPC_NO_PACKET_IN, false},
	};
	static uint8_t feat[OFCTL_MSG_MAX];
	struct of_msg m, req, reply;
	struct of_phy_port pp;
	struct of_iter it;
	struct ofctl_conn *c;
	uint16_t port_no = 0;
	bool by_number = of_parse_port(port, &port_no), found = false;
	uint32_t bit = 0;
	bool set = false;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *a = action;
		bool neg = false;
		if (!strncasecmp(a, "no-", 3) && strcasecmp(a, modes[i].name)) {
			a += 3;
			neg = true;
		} else if (!strncasecmp(a, "no", 2) &&
			   strcasecmp(a, modes[i].name)) {
			a += 2;
			neg = true;
		}
		if (!strcasecmp(a, modes[i].name) &&
		    (!neg || i > 1 /* no "no-up" */)) {
			bit = modes[i].bit;
			set = modes[i].set != neg;
			break;
		}
	}
	if (!bit)
		ofctl_fatal("unknown mod-port command '%s'", action);

	fetch_features(target, feat, &m);
	it = of_iter_make(m.u.features.ports);
	while (of_phy_port_next(&it, &pp)) {
		char name[OFP_MAX_PORT_NAME_LEN + 1];
		memcpy(name, pp.name, OFP_MAX_PORT_NAME_LEN);
		name[OFP_MAX_PORT_NAME_LEN] = '\0';
		if (by_number ? pp.port_no == port_no : !strcmp(name, port)) {
			found = true;
			break;
		}
	}
	if (!found)
		ofctl_fatal("%s: couldn't find port `%s'", target, port);

	c = ofctl_open(target);
	of_msg_init(&req, OFPT_PORT_MOD, ofctl_xid());
	req.u.port_mod.port_no = pp.port_no;
	memcpy(req.u.port_mod.hw_addr, pp.hw_addr, OFP_ETH_ALEN);
	req.u.port_mod.config = set ? bit : 0;
	req.u.port_mod.mask = bit;
	req.u.port_mod.advertise = 0;
	if (ofctl_transact_noreply(c, &req, &reply)) {
		ofctl_print(stderr, &reply);
		exit(1);
	}
	ofctl_close(c);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Parses hex digit pairs (blanks between pairs allowed) into buf. */
static size_t parse_hex(const char *s, uint8_t *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		int hi, lo;
		s += strspn(s, " \t");
		if (!*s)
			break;
		hi = hexval((unsigned char)s[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (lo < 0)
			ofctl_fatal("Trailing garbage in packet data");
		if (n == size)
			ofctl_fatal("packet too long");
		buf[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return n;
}

static void send_packet_out(struct ofctl_conn *c, uint16_t in_port,
			    const uint8_t *acts, size_t acts_size,
			    const uint8_t *pkt, size_t pkt_size)
{
	struct of_msg m, reply;

	of_msg_init(&m, OFPT_PACKET_OUT, ofctl_xid());
	m.u.packet_out.buffer_id = OFP_NO_BUFFER;
	m.u.packet_out.in_port = in_port;
	m.u.packet_out.actions.p = acts;
	m.u.packet_out.actions.size = acts_size;
	m.u.packet_out.data.p = pkt;
	m.u.packet_out.data.size = pkt_size;
	if (ofctl_transact_noreply(c, &m, &reply)) {
		ofctl_print(stderr, &reply);
		exit(1);
	}
}

static void parse_po_actions(const char *text, uint8_t *buf, size_t size,
			     size_t *len)
{
	char err[512];
	enum of_err e = of_parse_actions(text, OF_ACTX_PACKET_OUT, buf, size,
					 len, err, sizeof(err));
	if (e != OF_OK)
		ofctl_fatal("%s", e == OF_E_SYNTAX ? err : of_err_str(e));
}

/* packet-out SWITCH IN_PORT ACTIONS PACKET... (one PACKET_OUT per packet)
 * or packet-out SWITCH "in_port=P,packet=HEX,actions=A". */
static void cmd_packet_out(const char *target, char **args, int n)
{
	static uint8_t acts[OFCTL_MSG_MAX], pkt[OFCTL_MSG_MAX];
	static uint8_t pkts[OFCTL_MSG_MAX];
	size_t acts_size = 0, pkt_size;
	uint16_t in_port = OFPP_NONE;
	struct ofctl_conn *c;

	if (n == 1) {
		char text[OFCTL_MSG_MAX * 2 + 1024];
		char *p, *a;
		snprintf(text, sizeof(text), "%s", args[0]);
		a = strstr(text, "actions=");
		if (!a)
			ofctl_fatal("must specify actions");
		if (a > text)
			a[-1] = '\0';
		parse_po_actions(a + 8, acts, sizeof(acts), &acts_size);
		pkt_size = 0;
		for (p = a > text ? strtok(text, ",") : NULL; p;
		     p = strtok(NULL, ",")) {
			if (!strncmp(p, "in_port=", 8))
				parse_port_arg(p + 8, &in_port);
			else if (!strncmp(p, "packet=", 7))
				pkt_size = parse_hex(p + 7, pkt, sizeof(pkt));
			else
				ofctl_fatal("%s: unknown packet-out field", p);
		}
		if (!pkt_size)
			ofctl_fatal("must specify packet");
		c = ofctl_open(target);
		send_packet_out(c, in_port, acts, acts_size, pkt, pkt_size);
		ofctl_close(c);
		return;
	}
	if (n < 3)
		ofctl_fatal("'packet-out' command requires at least 3 "
			    "arguments");
	if (!of_parse_port(args[0], &in_port))
		ofctl_fatal("%s: unknown port `%s'", target, args[0]);
	parse_po_actions(args[1], acts, sizeof(acts), &acts_size);
	/* Check every packet before sending any. */
	for (int i = 2; i < n; i++)
		(void)parse_hex(args[i], pkts, sizeof(pkts));
	c = ofctl_open(target);
	for (int i = 2; i < n; i++) {
		pkt_size = parse_hex(args[i], pkt, sizeof(pkt));
		send_packet_out(c, in_port, acts, acts_size, pkt, pkt_size);
	}
	ofctl_close(c);
}

static void cmd_probe(const char *target)
{
	struct ofctl_conn *c = ofctl_open(target);
	struct of_msg m, reply;

	of_msg_init(&m, OFPT_ECHO_REQUEST, ofctl_xid());
	ofctl_transact(c, &m, &reply);
	if (reply.h.type != OFPT_ECHO_REPLY || c->msg_size != 8)
		ofctl_fatal("reply does not match request");
	ofctl_close(c);
}

static void cmd_ping(const char *target, const char *size_arg)
{
	static uint8_t payload[OFCTL_MSG_MAX];
	size_t size = 64;
	struct ofctl_conn *c;

	if (size_arg) {
		char *end;
		unsigned long v = strtoul(size_arg, &end, 10);
		if (!isdigit((unsigned char)size_arg[0]) || *end ||
		    v > 65535 - 8)
			ofctl_fatal("payload must be between 0 and %d bytes",
				    65535 - 8);
		size = v;
	}
	c = ofctl_open(target);
	for (int i = 0; i < 10; i++) {
		struct timeval start, end;
		struct of_msg m, reply;
		for (size_t k = 0; k < size; k++)
			payload[k] = (uint8_t)random();
		of_msg_init(&m, OFPT_ECHO_REQUEST, ofctl_xid());
		m.u.echo.p = payload;
		m.u.echo.size = size;
		gettimeofday(&start, NULL);
		ofctl_transact(c, &m, &reply);
		gettimeofday(&end, NULL);
		if (reply.h.type != OFPT_ECHO_REPLY || reply.raw ||
		    reply.u.echo.size != size ||
		    (size && memcmp(reply.u.echo.p, payload, size))) {
			printf("Reply does not match request.  Request:\n");
			ofctl_print(stdout, &m);
			printf("Reply:\n");
			ofctl_print(stdout, &reply);
		}
		printf("%zu bytes from %s: xid=%08x time=%.1f ms\n", size,
		       target, reply.h.xid,
		       1000.0 * (double)(end.tv_sec - start.tv_sec) +
			   0.001 * (double)(end.tv_usec - start.tv_usec));
		fflush(stdout);
	}
	ofctl_close(c);
}

static void cmd_monitor(const char *target, char **args, int n)
{
	struct ofctl_conn *c;
	struct of_msg m;

	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)args[i][0]))
			ofctl_fatal("%s: unsupported \"monitor\" argument",
				    args[i]);
	c = ofctl_open(target);
	for (int i = 0; i < n; i++) {
		struct of_msg req, reply;
		struct of_switch_config cfg;
		of_msg_init(&req, OFPT_GET_CONFIG_REQUEST, ofctl_xid());
		ofctl_transact(c, &req, &reply);
		if (reply.h.type != OFPT_GET_CONFIG_REPLY || reply.raw)
			ofctl_fatal("%s: bad reply to get-config request",
				    target);
		cfg = reply.u.config;
		cfg.miss_send_len = (uint16_t)atoi(args[i]);
		of_msg_init(&req, OFPT_SET_CONFIG, ofctl_xid());
		req.u.config = cfg;
		if (ofctl_transact_noreply(c, &req, &reply)) {
			ofctl_print(stderr, &reply);
			exit(1);
		}
	}
	c->show_echo = true;
	for (;;) {
		(void)ofctl_recv(c, &m, 0);
		ofctl_print(stdout, &m);
		fflush(stdout);
	}
}

/* Prints every message arriving on the switch's snoop socket: copies of
 * what it exchanges with its controllers, both ways (as ovs-ofctl snoop,
 * echo requests included and not answered). */
static void cmd_snoop(const char *target)
{
	struct ofctl_conn *c = ofctl_open_socket(target, "snoop");
	struct of_msg m;

	c->show_echo = true;
	c->listen_only = true;
	for (;;) {
		(void)ofctl_recv(c, &m, 0);
		ofctl_print(stdout, &m);
		fflush(stdout);
	}
}

/* Checks the argument count of a command: SWITCH plus min..max more. */
static void need_args(const char *cmd, int n, int min, int max)
{
	if (n < min + 1)
		ofctl_fatal("'%s' command requires at least %d arguments", cmd,
			    min + 1);
	if (n > max + 1)
		ofctl_fatal("'%s' command takes at most %d arguments", cmd,
			    max + 1);
}

int main(int argc, char **argv)
{
	char **all = calloc((size_t)argc + 1, sizeof(*all));
	char **args = all;
	const char *cmd, *sw;
	int n;

	if (!all)
		ofctl_fatal("out of memory");
	parse_options(argc, argv, args, &n);
	if (n < 1) {
		usage(stderr);
		free(all);
		return 1;
	}
	cmd = args[0];
	args++;
	n--;
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		free(all);
		return 0;
	}
	if (n < 1)
		ofctl_fatal("'%s' command requires at least 1 arguments", cmd);
	sw = args[0];

	if (!strcmp(cmd, "show")) {
		need_args(cmd, n, 0, 0);
		cmd_show(sw);
	} else if (!strcmp(cmd, "dump-desc") || !strcmp(cmd, "dump-tables")) {
		struct of_msg m;
		need_args(cmd, n, 0, 0);
		stats_request(&m, cmd[5] == 'd' ? OFPST_DESC : OFPST_TABLE);
		simple_dump(sw, &m, true);
	} else if (!strcmp(cmd, "dump-flows") ||
		   !strcmp(cmd, "dump-aggregate")) {
		need_args(cmd, n, 0, 1);
		cmd_flow_stats(sw, n > 1 ? args[1] : NULL,
			       cmd[5] == 'f' ? OFPST_FLOW : OFPST_AGGREGATE);
	} else if (!strcmp(cmd, "dump-ports")) {
		need_args(cmd, n, 0, 1);
		cmd_dump_ports(sw, n > 1 ? args[1] : NULL);
	} else if (!strcmp(cmd, "queue-stats")) {
		need_args(cmd, n, 0, 2);
		cmd_queue_stats(sw, n > 1 ? args[1] : NULL,
				n > 2 ? args[2] : NULL);
	} else if (!strcmp(cmd, "queue-get-config")) {
		need_args(cmd, n, 0, 2);
		cmd_queue_get_config(sw, n > 1 ? args[1] : NULL);
	} else if (!strcmp(cmd, "mod-port")) {
		need_args(cmd, n, 2, 2);
		cmd_mod_port(sw, args[1], args[2]);
	} else if (!strcmp(cmd, "add-flow")) {
		need_args(cmd, n, 1, 1);
		ofctl_flow_mod_cmd(sw, args[1], OFPFC_ADD, false);
	} else if (!strcmp(cmd, "add-flows")) {
		need_args(cmd, n, 1, 1);
		ofctl_add_flows_cmd(sw, args[1]);
	} else if (!strcmp(cmd, "mod-flows")) {
		need_args(cmd, n, 1, 1);
		ofctl_flow_mod_cmd(sw, args[1], OFPFC_MODIFY, opt_strict);
	} else if (!strcmp(cmd, "del-flows")) {
		need_args(cmd, n, 0, 1);
		ofctl_flow_mod_cmd(sw, n > 1 ? args[1] : NULL, OFPFC_DELETE,
				   opt_strict);
	} else if (!strcmp(cmd, "replace-flows")) {
		need_args(cmd, n, 1, 1);
		ofctl_replace_flows_cmd(sw, args[1], opt_readd);
	} else if (!strcmp(cmd, "packet-out")) {
		need_args(cmd, n, 1, n);
		cmd_packet_out(sw, args + 1, n - 1);
	} else if (!strcmp(cmd, "probe")) {
		need_args(cmd, n, 0, 0);
		cmd_probe(sw);
	} else if (!strcmp(cmd, "ping")) {
		need_args(cmd, n, 0, 1);
		cmd_ping(sw, n > 1 ? args[1] : NULL);
	} else if (!strcmp(cmd, "snoop")) {
		need_args(cmd, n, 0, 0);
		cmd_snoop(sw);
	} else if (!strcmp(cmd, "monitor")) {
		cmd_monitor(sw, args + 1, n - 1);
	} else {
		ofctl_fatal("unknown command '%s'; use --help for help", cmd);
	}
	free(all);
	fflush(stdout);
	return ferror(stdout) ? 1 : 0;
}

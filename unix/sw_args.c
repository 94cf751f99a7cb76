/* of-switch's command line (see sw_args.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_unix.h"
#include "sw_args.h"

#define OFPP_MAX_PORT 0xfeff   /* highest data port number */
#define OFPQ_ALL_ID 0xffffffff /* not a queue id */
#define MAX_MIN_RATE 1000      /* 100.0% */
#define NO_MIN_RATE 0xffff
#define MIN_RATE_BPS 1000 /* --max-rate bounds */
#define MAX_RATE_BPS 100000000000ull
#define MAX_FLOWS_LIMIT (16u << 20)
#define MAX_BUFFERS_LIMIT 65536
#define MAX_PROBE_S 86400
#define MAX_BACKOFF_S 3600
#define ERR_SIZE 256

enum {
	OPT_PORT = 256,
	OPT_PORTS,
	OPT_CONTROLLER,
	OPT_LISTEN,
	OPT_DATAPATH_ID,
	OPT_FAIL,
	OPT_MAX_FLOWS,
	OPT_BUFFERS,
	OPT_PROBE_INTERVAL,
	OPT_MAX_BACKOFF,
	OPT_QUEUE,
	OPT_MAX_RATE,
	OPT_SNOOP,
	OPT_DP_DESC,
	OPT_LOG_LEVEL,
	OPT_PIDFILE,
};

static const struct option long_options[] = {
    {"port", required_argument, NULL, OPT_PORT},
    {"ports", required_argument, NULL, OPT_PORTS},
    {"controller", required_argument, NULL, OPT_CONTROLLER},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"snoop", required_argument, NULL, OPT_SNOOP},
    {"private-key", required_argument, NULL, 'p'},
    {"certificate", required_argument, NULL, 'c'},
    {"ca-cert", required_argument, NULL, 'C'},
    {"datapath-id", required_argument, NULL, OPT_DATAPATH_ID},
    {"fail", required_argument, NULL, OPT_FAIL},
    {"max-flows", required_argument, NULL, OPT_MAX_FLOWS},
    {"buffers", required_argument, NULL, OPT_BUFFERS},
    {"probe-interval", required_argument, NULL, OPT_PROBE_INTERVAL},
    {"max-backoff", required_argument, NULL, OPT_MAX_BACKOFF},
    {"queue", required_argument, NULL, OPT_QUEUE},
    {"max-rate", required_argument, NULL, OPT_MAX_RATE},
    {"dp-desc", required_argument, NULL, OPT_DP_DESC},
    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
    {"verbose", no_argument, NULL, 'v'},
    {"pidfile", required_argument, NULL, OPT_PIDFILE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Prints the message and exits 2 (see sw_args.h). */
void ux_sw_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("of-switch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see --help)\n", stderr);
	exit(UX_SW_EXIT_USAGE);
}

static void print_help(void)
{
	printf("Usage: of-switch [OPTIONS]\n"
	       "OpenFlow 1.0 software switch: forwards between Linux "
	       "interfaces (AF_PACKET)\n"
	       "under the control of OpenFlow controllers.\n"
	       "\n"
	       "Ports:\n"
	       "  --port IFNAME[:OFPORT]      add an interface as a port "
	       "(repeatable); OFPORT\n"
	       "                              1..65279 or LOCAL, default the "
	       "lowest free (1, 2, ...)\n"
	       "  --ports IF1,IF2,...         several --port at once\n"
	       "  --queue PORT:QUEUE_ID[:MIN_RATE]\n"
	       "                              a queue on a port (number or "
	       "interface name);\n"
	       "                              MIN_RATE in tenths of a percent "
	       "of the port's\n"
	       "                              rate, 0..1000 (enforced: see "
	       "of-switch(1))\n"
	       "  --max-rate PORT:RATE        shape a port to RATE bit/s "
	       "(suffix k, M, G);\n"
	       "                              default: its link speed\n"
	       "\n"
	       "Controllers and management:\n"
	       "  --controller tcp:IP[:PORT]  connect to a controller "
	       "(repeatable, up to %d;\n"
	       "  --controller ssl:IP[:PORT]  PORT default 6653, IPv6 in "
	       "brackets)\n"
	       "  --listen ptcp:[PORT][:IP]   accept management tools "
	       "(ovs-ofctl, of-ctl);\n"
	       "  --listen pssl:[PORT][:IP]   repeatable, up to %d\n"
	       "  --listen punix:PATH\n"
	       "  --snoop ptcp:PORT[:IP] | pssl:PORT[:IP] | punix:PATH\n"
	       "                              copy every message exchanged "
	       "with the controllers\n"
	       "                              to tools connected here "
	       "(ovs-ofctl/of-ctl snoop);\n"
	       "                              counts in --listen's limit\n"
	       "  -p, --private-key FILE      our private key (PEM), for ssl: "
	       "and pssl:\n"
	       "  -c, --certificate FILE      our certificate (PEM), shown to "
	       "peers\n"
	       "  -C, --ca-cert FILE          CA certificate that must sign "
	       "every peer's certificate\n"
	       "  --fail secure|standalone    without a controller: drop "
	       "table misses (secure)\n"
	       "                              or act as a learning switch "
	       "(standalone, default)\n"
	       "  --probe-interval SECONDS    idle time before an echo probe, "
	       "1..%d (default 5)\n"
	       "  --max-backoff SECONDS       longest wait between connection "
	       "attempts, 1..%d\n"
	       "                              (default 8)\n"
	       "\n"
	       "Datapath:\n"
	       "  --datapath-id DPID          1 to 16 hex digits, optional 0x "
	       "(default: 0000 and\n"
	       "                              the first port's MAC address)\n"
	       "  --max-flows N               flow table size, 1..%u "
	       "(default 65536)\n"
	       "  --buffers N                 packet-in buffers, 1..%u "
	       "(default 256)\n"
	       "  --dp-desc TEXT              DESC stats' datapath description "
	       "(default of-switch)\n"
	       "\n"
	       "Process:\n"
	       "  --log-level LEVEL           err, warn, info or debug "
	       "(default info)\n"
	       "  -v, --verbose               same as --log-level debug\n"
	       "  --pidfile PATH              write our PID there (removed "
	       "at exit)\n"
	       "  -h, --help                  this help\n"
	       "  -V, --version               print the version\n"
	       "\n"
	       "Examples:\n"
	       "  of-switch --ports eth1,eth2 --controller tcp:192.0.2.1\n"
	       "  of-switch --port veth0:1 --port veth1:2 --fail secure "
	       "--listen ptcp:6634:127.0.0.1\n"
	       "  of-switch --ports eth1,eth2 --controller ssl:192.0.2.1:6653 "
	       "\\\n"
	       "      -p sw-privkey.pem -c sw-cert.pem -C "
	       "pki/controllerca/cacert.pem\n"
	       "\n"
	       "Exit status: 0 after SIGINT/SIGTERM, 1 if it cannot run "
	       "(e.g. no permission),\n"
	       "2 for a bad command line (including unknown interfaces).\n",
	       SW_MAX_CONTROLLERS, UX_SW_MAX_LISTEN, MAX_PROBE_S, MAX_BACKOFF_S,
	       MAX_FLOWS_LIMIT, MAX_BUFFERS_LIMIT);
}

/* Parses s[0..n) as digits in `base` (10 or 16) into *v, at most `max`.
 * Returns false for empty text, other characters or overflow. */
static bool parse_uint(const char *s, size_t n, unsigned base, uint64_t max,
		       uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d;
		char ch = s[i];

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return false;
		if (x > (max - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

/* A decimal number lo..hi given to `opt`, or exits. */
static uint64_t number(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
	uint64_t v;

	if (!parse_uint(s, strlen(s), 10, hi, &v) || v < lo)
		ux_sw_usage_error("%s '%s': expected a number %llu..%llu", opt,
				  s, (unsigned long long)lo,
				  (unsigned long long)hi);
	return v;
}

/* Copies an interface name, or exits: 1..15 bytes, no '/', ':', ',' or
 * white space (what the kernel and this command line allow). */
static void ifname_copy(const char *opt, const char *text, const char *s,
			size_t n, char *out)
{
	if (n == 0 || n >= UX_IFNAME_SIZE)
		ux_sw_usage_error("%s '%s': an interface name has 1 to %d "
				  "characters",
				  opt, text, UX_IFNAME_SIZE - 1);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '\n' || (unsigned char)s[i] < 0x20)
			ux_sw_usage_error("%s '%s': '%.*s' is not an interface "
					  "name",
					  opt, text, (int)n, s);
	if ((n == 1 && s[0] == '.') || (n == 2 && !strncmp(s, "..", 2)))
		ux_sw_usage_error("%s '%s': '%.*s' is not an interface name",
				  opt, text, (int)n, s);
	memcpy(out, s, n);
	out[n] = '\0';
}

/* One IFNAME[:OFPORT] of --port or --ports (s[0..n)). */
static void add_port(struct ux_sw_args *a, const char *opt, const char *text,
		     const char *s, size_t n)
{
	struct ux_sw_port_arg *p;
	const char *colon = memchr(s, ':', n);
	size_t name_len = colon ? (size_t)(colon - s) : n;

	if (a->n_ports == SW_MAX_PORTS)
		ux_sw_usage_error("%s '%s': at most %d ports", opt, text,
				  SW_MAX_PORTS);
	p = &a->ports[a->n_ports];
	ifname_copy(opt, text, s, name_len, p->name);
	p->port_no = 0;
	if (colon && n - name_len - 1 == 5 && !memcmp(colon + 1, "LOCAL", 5)) {
		p->port_no = OFPP_LOCAL; /* the switch's local port */
	} else if (colon) {
		uint64_t v;
		size_t num_len = n - name_len - 1;

		if (!parse_uint(colon + 1, num_len, 10, OFPP_MAX_PORT, &v) ||
		    v == 0)
			ux_sw_usage_error("%s '%s': port number '%.*s' is not "
					  "1..%u",
					  opt, text, (int)num_len, colon + 1,
					  OFPP_MAX_PORT);
		p->port_no = (uint16_t)v;
	}
	for (size_t i = 0; i < a->n_ports; i++) {
		if (!strcmp(a->ports[i].name, p->name))
			ux_sw_usage_error("%s '%s': interface %s is already a "
					  "port",
					  opt, text, p->name);
		if (p->port_no && a->ports[i].port_no == p->port_no)
			ux_sw_usage_error("%s '%s': port number %u is already "
					  "%s's",
					  opt, text, p->port_no,
					  a->ports[i].name);
	}
	a->n_ports++;
}

/* Implicit port numbers: the lowest free ones, in command-line order
 * (after every explicit number is known). */
static void assign_port_numbers(struct ux_sw_args *a)
{
	uint16_t next = 1;

	for (size_t i = 0; i < a->n_ports; i++) {
		bool taken;

		if (a->ports[i].port_no)
			continue;
		do {
			taken = false;
			for (size_t j = 0; j < a->n_ports; j++)
				if (a->ports[j].port_no == next) {
					taken = true;
					next++;
					break;
				}
		} while (taken);
		a->ports[i].port_no = next++;
	}
}

/* --queue PORT:QUEUE_ID[:MIN_RATE]; PORT is resolved later. */
static void add_queue(struct ux_sw_args *a, const char *text)
{
	struct ux_sw_queue_arg *q;
	const char *c1 = strchr(text, ':'), *c2, *id;
	uint64_t v;
	size_t id_len;

	if (a->n_queues == UX_SW_MAX_QUEUE_ARGS)
		ux_sw_usage_error("--queue '%s': at most %d queues", text,
				  UX_SW_MAX_QUEUE_ARGS);
	if (!c1 || c1 == text)
		ux_sw_usage_error("--queue '%s': expected "
				  "PORT:QUEUE_ID[:MIN_RATE]",
				  text);
	q = &a->queues[a->n_queues];
	q->text = text;
	q->port_no = 0;
	q->min_rate = NO_MIN_RATE;
	id = c1 + 1;
	c2 = strchr(id, ':');
	id_len = c2 ? (size_t)(c2 - id) : strlen(id);
	if (!parse_uint(id, id_len, 10, OFPQ_ALL_ID - 1, &v))
		ux_sw_usage_error("--queue '%s': queue id '%.*s' is not a "
				  "number 0..%u",
				  text, (int)(id_len > 20 ? 20 : id_len), id,
				  OFPQ_ALL_ID - 1);
	q->queue_id = (uint32_t)v;
	if (c2) {
		if (!parse_uint(c2 + 1, strlen(c2 + 1), 10, MAX_MIN_RATE, &v))
			ux_sw_usage_error("--queue '%s': minimum rate '%s' is "
					  "not 0..%u (tenths of a percent)",
					  text, c2 + 1, MAX_MIN_RATE);
		q->min_rate = (uint16_t)v;
	}
	a->n_queues++;
}

/* The port named by text[0..n) (a number or an interface name), for
 * option `opt` given as `whole`; a usage error if there is none. */
static uint16_t resolve_port(const struct ux_sw_args *a, const char *text,
			     size_t n, const char *opt, const char *whole)
{
	uint64_t v;

	if (parse_uint(text, n, 10, OFPP_MAX_PORT, &v)) {
		for (size_t j = 0; j < a->n_ports; j++)
			if (a->ports[j].port_no == v)
				return (uint16_t)v;
		ux_sw_usage_error("%s '%s': no port number %llu", opt, whole,
				  (unsigned long long)v);
	}
	for (size_t j = 0; j < a->n_ports; j++)
		if (strlen(a->ports[j].name) == n &&
		    !strncmp(a->ports[j].name, text, n))
			return a->ports[j].port_no;
	ux_sw_usage_error("%s '%s': no port '%.*s' (give it with --port)", opt,
			  whole, (int)(n > 16 ? 16 : n), text);
	return 0; /* not reached */
}

/* --max-rate PORT:RATE, RATE a decimal number of bit/s with an optional
 * k, M or G (powers of 1000); PORT is resolved later. */
static void add_rate(struct ux_sw_args *a, const char *text)
{
	const char *c = strrchr(text, ':');
	uint64_t v, mult = 1;
	size_t n;

	if (a->n_rates == SW_MAX_PORTS)
		ux_sw_usage_error("--max-rate '%s': at most %d", text,
				  SW_MAX_PORTS);
	if (!c || c == text || !c[1])
		ux_sw_usage_error("--max-rate '%s': expected PORT:RATE", text);
	n = strlen(c + 1);
	switch (c[n]) {
	case 'k':
		mult = 1000;
		break;
	case 'M':
		mult = 1000000;
		break;
	case 'G':
		mult = 1000000000;
		break;
	default:
		break;
	}
	if (mult != 1)
		n--;
	if (!parse_uint(c + 1, n, 10, MAX_RATE_BPS / mult, &v) ||
	    v * mult < MIN_RATE_BPS)
		ux_sw_usage_error("--max-rate '%s': rate '%s' is not a number "
				  "of bit/s from %u to 100G (suffix k, M or G)",
				  text, c + 1, MIN_RATE_BPS);
	a->rates[a->n_rates].text = text;
	a->rates[a->n_rates].bps = v * mult;
	a->n_rates++;
}

/* Resolves each --max-rate's PORT; one per port. */
static void resolve_rates(struct ux_sw_args *a)
{
	for (size_t i = 0; i < a->n_rates; i++) {
		struct ux_sw_rate_arg *r = &a->rates[i];

		r->port_no = resolve_port(
		    a, r->text, (size_t)(strrchr(r->text, ':') - r->text),
		    "--max-rate", r->text);
		for (size_t j = 0; j < i; j++)
			if (a->rates[j].port_no == r->port_no)
				ux_sw_usage_error("--max-rate '%s': port %u "
						  "already has a rate",
						  r->text, r->port_no);
	}
}

/* Resolves each queue's PORT (a number or an interface name) against
 * the ports, and refuses duplicates and too many queues on a port. */
static void resolve_queues(struct ux_sw_args *a)
{
	for (size_t i = 0; i < a->n_queues; i++) {
		struct ux_sw_queue_arg *q = &a->queues[i];
		size_t n = (size_t)(strchr(q->text, ':') - q->text), per_port;

		q->port_no = resolve_port(a, q->text, n, "--queue", q->text);
		per_port = 0;
		for (size_t j = 0; j < i; j++) {
			if (a->queues[j].port_no != q->port_no)
				continue;
			per_port++;
			if (a->queues[j].queue_id == q->queue_id)
				ux_sw_usage_error("--queue '%s': port %u "
						  "already has queue %u",
						  q->text, q->port_no,
						  q->queue_id);
		}
		if (per_port >= SW_MAX_QUEUES)
			ux_sw_usage_error("--queue '%s': at most %d queues "
					  "per port",
					  q->text, SW_MAX_QUEUES);
	}
}

/* --datapath-id: 1 to 16 hex digits, optional 0x, not 0. */
static uint64_t parse_dpid(const char *s)
{
	const char *p = s;
	uint64_t v;
	size_t n;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	n = strlen(p);
	if (n == 0 || n > 16 || !parse_uint(p, n, 16, UINT64_MAX, &v))
		ux_sw_usage_error("--datapath-id '%s': expected 1 to 16 hex "
				  "digits (optionally after 0x)",
				  s);
	if (v == 0)
		ux_sw_usage_error("--datapath-id '%s': must not be 0", s);
	return v;
}

/* The option as the user wrote it, for "unknown option" messages. */
static const char *option_text(char **argv, int optind_now, char *buf,
			       size_t size)
{
	if (optopt > 0 && optopt < 128) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind_now - 1];
}

static void parse_target(const char *opt, const char *s, unsigned kinds,
			 struct ux_target *t)
{
	char err[ERR_SIZE];

	if (ux_target_parse(s, kinds, t, err, sizeof(err)) < 0)
		ux_sw_usage_error("%s '%s': %s", opt, s, err);
}

/* The TLS files are complete if a target needs them. */
static void check_tls(const struct ux_sw_args *a)
{
	const char *need = NULL;
	char buf[UX_TARGET_STR_SIZE];

	for (size_t i = 0; i < a->n_controllers && !need; i++)
		if (ux_target_is_tls(&a->controllers[i])) {
			ux_target_format(&a->controllers[i], buf, sizeof(buf));
			need = "--controller";
		}
	for (size_t i = 0; i < a->n_listen && !need; i++)
		if (ux_target_is_tls(&a->listen[i])) {
			ux_target_format(&a->listen[i], buf, sizeof(buf));
			need = a->listen_snoop[i] ? "--snoop" : "--listen";
		}
	if (!need || (a->key_file && a->cert_file && a->ca_file))
		return;
	ux_sw_usage_error("%s %s needs --private-key, --certificate and "
			  "--ca-cert (missing:%s%s%s)",
			  need, buf, a->key_file ? "" : " --private-key",
			  a->cert_file ? "" : " --certificate",
			  a->ca_file ? "" : " --ca-cert");
}

/* Parses the command line (see sw_args.h). */
void ux_sw_args_parse(int argc, char **argv, struct ux_sw_args *a)
{
	char buf[8];
	int opt;

	memset(a, 0, sizeof(*a));
	sw_config_default(&a->cfg);
	a->cfg.fail_mode = SW_FAIL_STANDALONE;
	a->log_level = PLAT_LOG_INFO;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:c:C:vhV", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case OPT_PORT:
			add_port(a, "--port", optarg, optarg, strlen(optarg));
			break;
		case OPT_PORTS: {
			const char *s = optarg;

			if (!*s)
				ux_sw_usage_error("--ports '': expected "
						  "IFNAME[,IFNAME]...");
			for (;;) {
				const char *comma = strchr(s, ',');
				size_t n =
				    comma ? (size_t)(comma - s) : strlen(s);

				add_port(a, "--ports", optarg, s, n);
				if (!comma)
					break;
				s = comma + 1;
			}
			break;
		}
		case OPT_CONTROLLER:
			if (a->n_controllers == SW_MAX_CONTROLLERS)
				ux_sw_usage_error("--controller '%s': at most "
						  "%d controllers",
						  optarg, SW_MAX_CONTROLLERS);
			parse_target("--controller", optarg, UX_TARGETS_ACTIVE,
				     &a->controllers[a->n_controllers++]);
			break;
		case OPT_LISTEN:
		case OPT_SNOOP: {
			const char *name =
			    opt == OPT_SNOOP ? "--snoop" : "--listen";

			if (a->n_listen == UX_SW_MAX_LISTEN)
				ux_sw_usage_error("%s '%s': at most %d "
						  "listen and snoop targets",
						  name, optarg,
						  UX_SW_MAX_LISTEN);
			a->listen_snoop[a->n_listen] = opt == OPT_SNOOP;
			parse_target(name, optarg, UX_TARGETS_PASSIVE,
				     &a->listen[a->n_listen++]);
			break;
		}
		case 'p':
			a->key_file = optarg;
			break;
		case 'c':
			a->cert_file = optarg;
			break;
		case 'C':
			a->ca_file = optarg;
			break;
		case OPT_DATAPATH_ID:
			a->cfg.datapath_id = parse_dpid(optarg);
			a->dpid_set = true;
			break;
		case OPT_FAIL:
			if (!strcmp(optarg, "secure"))
				a->cfg.fail_mode = SW_FAIL_SECURE;
			else if (!strcmp(optarg, "standalone"))
				a->cfg.fail_mode = SW_FAIL_STANDALONE;
			else
				ux_sw_usage_error("--fail '%s': expected "
						  "secure or standalone",
						  optarg);
			break;
		case OPT_MAX_FLOWS:
			a->cfg.max_flows = (size_t)number("--max-flows", optarg,
							  1, MAX_FLOWS_LIMIT);
			break;
		case OPT_BUFFERS:
			a->cfg.n_buffers = (unsigned)number(
			    "--buffers", optarg, 1, MAX_BUFFERS_LIMIT);
			break;
		case OPT_PROBE_INTERVAL:
			a->cfg.probe_interval_s = (unsigned)number(
			    "--probe-interval", optarg, 1, MAX_PROBE_S);
			break;
		case OPT_MAX_BACKOFF:
			a->cfg.max_backoff_s = (unsigned)number(
			    "--max-backoff", optarg, 1, MAX_BACKOFF_S);
			break;
		case OPT_MAX_RATE:
			add_rate(a, optarg);
			break;
		case OPT_QUEUE:
			add_queue(a, optarg);
			break;
		case OPT_DP_DESC:
			if (strlen(optarg) >= sizeof(a->cfg.dp_desc))
				ux_sw_usage_error("--dp-desc: at most %zu "
						  "characters",
						  sizeof(a->cfg.dp_desc) - 1);
			snprintf(a->cfg.dp_desc, sizeof(a->cfg.dp_desc), "%s",
				 optarg);
			break;
		case OPT_LOG_LEVEL:
			if (!ux_log_level_parse(optarg, &a->log_level))
				ux_sw_usage_error("--log-level '%s': expected "
						  "err, warn, info or debug",
						  optarg);
			break;
		case 'v':
			a->log_level = PLAT_LOG_DEBUG;
			break;
		case OPT_PIDFILE:
			if (!*optarg)
				ux_sw_usage_error("--pidfile '': expected a "
						  "path");
			a->pidfile = optarg;
			break;
		case 'h':
			print_help();
			exit(UX_SW_EXIT_OK);
		case 'V':
			printf("%s\n", UX_SW_VERSION_LINE);
			exit(UX_SW_EXIT_OK);
		case ':':
			ux_sw_usage_error(
			    "option '%s' needs an argument",
			    option_text(argv, optind, buf, sizeof(buf)));
		default:
			ux_sw_usage_error(
			    "unknown option '%s'",
			    option_text(argv, optind, buf, sizeof(buf)));
		}
	}
	if (optind < argc)
		ux_sw_usage_error("unexpected argument '%s' (interfaces go "
				  "after --port, controllers after "
				  "--controller)",
				  argv[optind]);
	assign_port_numbers(a);
	resolve_queues(a);
	resolve_rates(a);
	check_tls(a);
}

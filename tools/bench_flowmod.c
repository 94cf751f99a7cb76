/* of-bench flow-mods: how fast a switch installs pipelined flow-mods.
 *
 * One connection to the switch's passive listener (as ovs-ofctl makes):
 * HELLO, a DELETE of every flow and a barrier (so that the table starts
 * empty), then the timed part: COUNT distinct ADD flow-mods written back to
 * back as fast as the socket takes them, then one BARRIER_REQUEST; the
 * clock stops at its BARRIER_REPLY. An AGGREGATE stats request then checks
 * that COUNT flows are in the table. ECHO_REQUESTs are answered throughout;
 * OFPT_ERRORs are counted and the first few reported. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "bench_flowmod.h"
#include "of_err.h"
#include "of_framer.h"
#include "of_match.h"
#include "of_msg.h"
#include "ofp.h"

#define EXIT_USAGE 2
#define OUT_SIZE (256 * 1024)
#define IN_SIZE (256 * 1024)
#define XID_CLEAR 0xfffffff0u
#define XID_BARRIER 0xfffffff1u
#define XID_AGGREGATE 0xfffffff2u
#define NS 1000000000ull

struct fm_opts {
	const char *target;
	unsigned long count;
	double timeout;
	bool wildcards; /* match ip,nw_dst=X only instead of all 12 fields */
	bool verify;
	bool clear;
};

struct fm_conn {
	int fd;
	uint64_t deadline;
	struct of_framer framer;
	uint8_t fbuf[65536];
	uint8_t in[IN_SIZE];
	uint8_t out[OUT_SIZE];
	size_t out_len, out_off;
	/* Replies to ECHO_REQUESTs, written between whole messages. */
	uint8_t echo[4096];
	size_t echo_len;
	uint64_t errors;
	bool hello_seen, closed;
	/* Set by the reader. */
	uint32_t barrier_seen; /* xid of the last BARRIER_REPLY */
	bool aggregate_seen;
	uint32_t flow_count;
};

static uint64_t fm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static void fm_usage(FILE *f)
{
	fputs("Usage: of-bench flow-mods [OPTIONS] TARGET\n"
	      "Measures how fast an OpenFlow 1.0 switch installs flows: "
	      "connects to its\npassive listener TARGET (tcp:IP:PORT or "
	      "unix:PATH), empties its flow table,\nsends COUNT distinct ADD "
	      "flow-mods back to back and one BARRIER_REQUEST, and\ntimes "
	      "them up to the BARRIER_REPLY; then checks the flow count "
	      "(AGGREGATE stats).\n"
	      "\n"
	      "  -n, --count N        flow-mods to send, 1..16777216 (default "
	      "100000)\n"
	      "      --wildcards      flows match ip,nw_dst=X (priority 100) "
	      "instead of all\n"
	      "                       12 fields exactly (in_port=1, UDP, "
	      "nw_src=10.0.0.0+i)\n"
	      "      --no-verify      skip the AGGREGATE flow count check\n"
	      "      --no-clear       do not delete every flow first\n"
	      "      --timeout SECS   give up after this long (default 120)\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Output: \"RESULT mode=flow-mods count=SENT done=0|1 seconds= "
	      "flows_per_s=\nflow_count=N|none errors=\". Exit status: 0 "
	      "every flow installed; 1 connection\nfailure, OFPT_ERROR, "
	      "timeout or a flow count that differs; 2 bad command line.\n",
	      f);
}

static void __attribute__((noreturn)) fm_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void fm_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("of-bench flow-mods: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'of-bench flow-mods --help' for more information.\n",
	      stderr);
	exit(EXIT_USAGE);
}

static void fm_parse(int argc, char **argv, struct fm_opts *o)
{
	enum { OPT_WILD = 256, OPT_NO_VERIFY, OPT_NO_CLEAR, OPT_TIMEOUT };
	static const struct option longopts[] = {
	    {"count", required_argument, NULL, 'n'},
	    {"wildcards", no_argument, NULL, OPT_WILD},
	    {"no-verify", no_argument, NULL, OPT_NO_VERIFY},
	    {"no-clear", no_argument, NULL, OPT_NO_CLEAR},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	memset(o, 0, sizeof *o);
	o->count = 100000;
	o->timeout = 120;
	o->verify = true;
	o->clear = true;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			o->count = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || *optarg == '-' ||
			    o->count < 1 || o->count > (1ul << 24))
				fm_usage_error(
				    "invalid value '%s' for --count: "
				    "expected an integer from 1 to "
				    "16777216",
				    optarg);
			break;
		case OPT_WILD:
			o->wildcards = true;
			break;
		case OPT_NO_VERIFY:
			o->verify = false;
			break;
		case OPT_NO_CLEAR:
			o->clear = false;
			break;
		case OPT_TIMEOUT:
			errno = 0;
			o->timeout = strtod(optarg, &end);
			if (errno || *end || !*optarg || !(o->timeout > 0) ||
			    o->timeout > 86400)
				fm_usage_error("invalid value '%s' for "
					       "--timeout: expected seconds "
					       "from 0 to 86400",
					       optarg);
			break;
		case 'h':
			fm_usage(stdout);
			exit(0);
		case ':':
			fm_usage_error("option %s needs a value",
				       argv[optind - 1]);
		default:
			if (optopt)
				fm_usage_error("unknown option -%c", optopt);
			fm_usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		fm_usage_error("missing TARGET (tcp:IP:PORT or unix:PATH)");
	o->target = argv[optind++];
	if (optind < argc)
		fm_usage_error("unexpected argument '%s'", argv[optind]);
	if (strncmp(o->target, "tcp:", 4) && strncmp(o->target, "unix:", 5))
		fm_usage_error("invalid TARGET '%s': expected tcp:IP:PORT or "
			       "unix:PATH",
			       o->target);
}

/* Connects to the target (blocking, bounded by the deadline); returns the
 * descriptor or -1 with a message on stderr. */
static int fm_connect(const char *target, uint64_t deadline)
{
	struct addrinfo hints, *res = NULL;
	char host[256];
	const char *port;
	int fd = -1, rc, one = 1, big = 4 << 20;

	if (!strncmp(target, "unix:", 5)) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		if (strlen(target + 5) >= sizeof sun.sun_path) {
			fprintf(stderr, "of-bench: path too long: %s\n",
				target + 5);
			return -1;
		}
		strcpy(sun.sun_path, target + 5);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 ||
		    connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0) {
			fprintf(stderr, "of-bench: connect to %s: %s\n", target,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		goto connected;
	}
	port = strrchr(target + 4, ':');
	if (!port || port == target + 4 ||
	    (size_t)(port - (target + 4)) >= sizeof host) {
		fprintf(stderr, "of-bench: bad target %s (tcp:IP:PORT)\n",
			target);
		return -1;
	}
	memcpy(host, target + 4, (size_t)(port - (target + 4)));
	host[port - (target + 4)] = '\0';
	port++;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "of-bench: %s: %s\n", target, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd < 0) {
		fprintf(stderr, "of-bench: socket: %s\n", strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	(void)fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, res->ai_addr, res->ai_addrlen) < 0 &&
	    errno != EINPROGRESS) {
		fprintf(stderr, "of-bench: connect to %s: %s\n", target,
			strerror(errno));
		goto fail;
	}
	for (;;) {
		struct pollfd pfd = {fd, POLLOUT, 0};
		uint64_t now = fm_now();
		int err = 0;
		socklen_t len = sizeof err;

		if (now >= deadline) {
			fprintf(stderr, "of-bench: connect to %s: timed out\n",
				target);
			goto fail;
		}
		if (poll(&pfd, 1, (int)((deadline - now) / 1000000 + 1)) <= 0)
			continue;
		(void)getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			fprintf(stderr, "of-bench: connect to %s: %s\n", target,
				strerror(err));
			goto fail;
		}
		break;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	freeaddrinfo(res);
connected:
	(void)fcntl(fd, F_SETFL, O_NONBLOCK);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	return fd;
fail:
	close(fd);
	freeaddrinfo(res);
	return -1;
}

/* Appends message m to the output buffer; false if it does not fit. */
static bool fm_queue(struct fm_conn *c, const struct of_msg *m)
{
	size_t len;

	if (of_encode(m, c->out + c->out_len, OUT_SIZE - c->out_len, &len) !=
	    OF_OK)
		return false;
	c->out_len += len;
	return true;
}

static void fm_handle(struct fm_conn *c, const uint8_t *p, size_t size)
{
	struct of_msg m;
	enum of_err e = of_decode(p, size, &m);

	switch (m.h.type) {
	case OFPT_HELLO:
		c->hello_seen = true;
		break;
	case OFPT_ECHO_REQUEST:
		if (e == OF_OK && c->echo_len + size <= sizeof c->echo) {
			memcpy(c->echo + c->echo_len, p, size);
			c->echo[c->echo_len + 1] = OFPT_ECHO_REPLY;
			c->echo_len += size;
		}
		break;
	case OFPT_ERROR:
		if (c->errors++ < 5) {
			fprintf(
			    stderr,
			    "of-bench: OFPT_ERROR %s/%s (xid %" PRIu32 ")\n",
			    of_error_type_name(m.u.error.type)
				? of_error_type_name(m.u.error.type)
				: "?",
			    of_error_code_name(m.u.error.type, m.u.error.code)
				? of_error_code_name(m.u.error.type,
						     m.u.error.code)
				: "?",
			    m.h.xid);
		}
		break;
	case OFPT_BARRIER_REPLY:
		c->barrier_seen = m.h.xid;
		break;
	case OFPT_STATS_REPLY:
		if (e == OF_OK && m.h.xid == XID_AGGREGATE &&
		    m.u.stats_reply.type == OFPST_AGGREGATE) {
			c->aggregate_seen = true;
			c->flow_count = m.u.stats_reply.u.aggregate.flow_count;
		}
		break;
	default:
		break;
	}
}

/* Reads what is there and handles each message. Returns false if the
 * connection is gone. */
static bool fm_read(struct fm_conn *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->in, sizeof c->in, 0);
		size_t off = 0;

		if (n == 0) {
			fprintf(stderr, "of-bench: the switch closed the "
					"connection\n");
			c->closed = true;
			return false;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			fprintf(stderr, "of-bench: recv: %s\n",
				strerror(errno));
			c->closed = true;
			return false;
		}
		while (off < (size_t)n) {
			const uint8_t *msg;
			size_t used, msg_len;
			enum of_err e = of_framer_input(&c->framer, c->in + off,
							(size_t)n - off, &used,
							&msg, &msg_len);

			off += used;
			if (e == OF_E_TOO_SHORT) {
				fprintf(stderr, "of-bench: the switch sent "
						"a length below 8\n");
				c->closed = true;
				return false;
			}
			if (e == OF_OK && msg)
				fm_handle(c, msg, msg_len);
		}
	}
}

/* Writes pending output (echo replies appended between whole messages);
 * returns false if the connection is gone. */
static bool fm_write(struct fm_conn *c)
{
	/* The buffer holds whole messages: appending keeps them whole. */
	if (c->echo_len && OUT_SIZE - c->out_len >= c->echo_len) {
		memcpy(c->out + c->out_len, c->echo, c->echo_len);
		c->out_len += c->echo_len;
		c->echo_len = 0;
	}
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
				 c->out_len - c->out_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			fprintf(stderr, "of-bench: send: %s\n",
				strerror(errno));
			c->closed = true;
			return false;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	return true;
}

/* One round: waits for the socket (at most 100 ms), reads and writes.
 * Returns false on a lost connection or the deadline. */
static bool fm_step(struct fm_conn *c)
{
	struct pollfd pfd = {c->fd, POLLIN, 0};

	if (c->out_len > c->out_off || c->echo_len)
		pfd.events |= POLLOUT;
	if (fm_now() >= c->deadline) {
		fprintf(stderr, "of-bench: timed out\n");
		return false;
	}
	if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
		return false;
	if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) && !fm_read(c))
		return false;
	return fm_write(c);
}

/* Writes everything queued, then waits for the BARRIER_REPLY to `xid`. */
static bool fm_barrier(struct fm_conn *c, uint32_t xid)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_BARRIER_REQUEST, xid);
	while (!fm_queue(c, &m))
		if (!fm_step(c))
			return false;
	while (c->barrier_seen != xid)
		if (!fm_step(c))
			return false;
	return true;
}

static void fm_make(const struct fm_opts *o, unsigned long i, struct of_msg *m,
		    const uint8_t *action, size_t action_size)
{
	static const uint8_t src[6] = {2, 0, 0, 0, 0, 1};
	static const uint8_t dst[6] = {2, 0, 0, 0, 0, 2};
	struct of_flow_mod *fm = &m->u.flow_mod;

	of_msg_init(m, OFPT_FLOW_MOD, (uint32_t)i);
	fm->command = OFPFC_ADD;
	fm->buffer_id = OFP_NO_BUFFER;
	fm->out_port = OFPP_NONE;
	fm->cookie = i;
	fm->actions.p = action;
	fm->actions.size = action_size;
	if (o->wildcards) {
		of_match_init_catchall(&fm->match);
		fm->match.wildcards &=
		    ~(uint32_t)(OFPFW_DL_TYPE | OFPFW_NW_DST_MASK);
		fm->match.dl_type = 0x0800;
		fm->match.nw_dst = 0x0a000000u + (uint32_t)i;
		fm->priority = 100;
		return;
	}
	fm->priority = 0x8000;
	fm->match.wildcards = 0;
	fm->match.in_port = 1;
	memcpy(fm->match.dl_src, src, 6);
	memcpy(fm->match.dl_dst, dst, 6);
	fm->match.dl_vlan = 0xffff;
	fm->match.dl_type = 0x0800;
	fm->match.nw_proto = 17;
	fm->match.nw_src = 0x0a000000u + (uint32_t)i;
	fm->match.nw_dst = 0x0b000001u;
	fm->match.tp_src = 10000;
	fm->match.tp_dst = 9;
}

/* Runs `of-bench flow-mods` (see bench_flowmod.h). */
int bench_flowmod_main(int argc, char **argv)
{
	static const uint8_t output2[8] = {0, OFPAT_OUTPUT, 0, 8, 0, 2, 0, 0};
	struct fm_opts o;
	struct fm_conn *c;
	struct of_msg m;
	uint64_t t0, t1;
	char count_text[16] = "none";
	unsigned long next = 0;
	int status = 1;
	double secs = 0;
	bool done = false;

	fm_parse(argc, argv, &o);
	c = calloc(1, sizeof *c);
	if (!c) {
		fprintf(stderr, "of-bench: out of memory\n");
		return 1;
	}
	c->deadline = fm_now() + (uint64_t)(o.timeout * 1e9);
	(void)of_framer_init(&c->framer, c->fbuf, sizeof c->fbuf);
	c->fd = fm_connect(o.target, c->deadline);
	if (c->fd < 0)
		goto out;

	of_msg_init(&m, OFPT_HELLO, 1);
	(void)fm_queue(c, &m);
	while (!c->hello_seen)
		if (!fm_step(c))
			goto out;
	if (o.clear) {
		of_msg_init(&m, OFPT_FLOW_MOD, XID_CLEAR);
		of_match_init_catchall(&m.u.flow_mod.match);
		m.u.flow_mod.command = OFPFC_DELETE;
		m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
		m.u.flow_mod.out_port = OFPP_NONE;
		(void)fm_queue(c, &m);
		if (!fm_barrier(c, XID_CLEAR))
			goto out;
	}

	t0 = fm_now();
	while (next < o.count) {
		/* Fill the output buffer, then let the socket take it. */
		while (next < o.count && OUT_SIZE - c->out_len >= 128) {
			fm_make(&o, next, &m, output2, sizeof output2);
			if (!fm_queue(c, &m))
				break;
			next++;
		}
		if (!fm_write(c))
			goto out;
		if (c->out_len > c->out_off && !fm_step(c))
			goto out;
		else if (!(c->out_len > c->out_off) && !fm_read(c))
			goto out;
	}
	if (!fm_barrier(c, XID_BARRIER))
		goto out;
	t1 = fm_now();
	done = true;
	secs = (double)(t1 - t0) / 1e9;
	if (o.verify) {
		of_msg_init(&m, OFPT_STATS_REQUEST, XID_AGGREGATE);
		m.u.stats_request.type = OFPST_AGGREGATE;
		of_match_init_catchall(&m.u.stats_request.u.flow.match);
		m.u.stats_request.u.flow.table_id = 0xff;
		m.u.stats_request.u.flow.out_port = OFPP_NONE;
		(void)fm_queue(c, &m);
		while (!c->aggregate_seen)
			if (!fm_step(c))
				break;
	}
	status = c->errors == 0 && (!o.verify || (c->aggregate_seen &&
						  c->flow_count == o.count))
		     ? 0
		     : 1;
	if (o.verify && c->aggregate_seen && c->flow_count != o.count)
		fprintf(stderr,
			"of-bench: the switch holds %" PRIu32
			" flows after %lu flow-mods\n",
			c->flow_count, o.count);
out:
	if (c->aggregate_seen)
		snprintf(count_text, sizeof count_text, "%" PRIu32,
			 c->flow_count);
	printf("RESULT mode=flow-mods count=%lu done=%d seconds=%.4f "
	       "flows_per_s=%.0f flow_count=%s errors=%" PRIu64 "\n",
	       next, done, secs, done && secs > 0 ? (double)o.count / secs : 0,
	       count_text, c->errors);
	fflush(stdout);
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	return status;
}

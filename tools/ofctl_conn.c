/* of-ctl's connection to a switch: sockets, HELLO, framing, transactions. */
#include "ofctl_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "of_hello.h"
#include "of_print.h"

struct ofctl_opts ofctl_opts = {
    .trace = false,
    .timeout_ms = 0,
    .max_total = (size_t)256 << 20,
};

/* Text of the message being printed; large enough for a full 64 KiB
 * flow-stats reply. */
static char print_buf[1 << 21];

/* Prints "of-ctl: MESSAGE" on stderr (after flushing stdout) and exits 1. */
void ofctl_fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("of-ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Next xid of the one process-wide counter (HELLO of the first connection
 * gets 1, as with ovs-ofctl). */
uint32_t ofctl_xid(void)
{
	static struct of_xid_gen gen;

	return of_xid_next(&gen);
}

/* Prints `m` in ofp-print format plus a newline on `out`. */
void ofctl_print(FILE *out, const struct of_msg *m)
{
	struct of_text t;

	of_text_init(&t, print_buf, sizeof(print_buf));
	of_print_msg(&t, m);
	fputs(print_buf, out);
	fputc('\n', out);
	if (t.truncated)
		fputs("(output truncated)\n", out);
}

static void trace(const char *what, const struct ofctl_conn *c,
		  const uint8_t *buf, size_t size)
{
	struct of_msg m;

	if (!ofctl_opts.trace)
		return;
	(void)of_decode(buf, size, &m);
	fprintf(stderr, "%s: %s: ", c->name, what);
	ofctl_print(stderr, &m);
}

/* Connects a TCP socket to "IP[:PORT]" (port 6653 by default, as
 * ovs-ofctl); IPv6 addresses go in brackets. Returns the fd or -1. */
static int connect_tcp(const char *spec, char *err, size_t err_size)
{
	char host[256];
	const char *port = "6653";
	struct addrinfo hints, *res, *ai;
	int fd = -1, rc;

	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end || (size_t)(end - spec) > sizeof(host)) {
			snprintf(err, err_size, "bad address");
			return -1;
		}
		memcpy(host, spec + 1, (size_t)(end - spec - 1));
		host[end - spec - 1] = '\0';
		if (end[1] == ':')
			port = end + 2;
		else if (end[1]) {
			snprintf(err, err_size, "bad address");
			return -1;
		}
	} else {
		const char *colon = strchr(spec, ':');
		size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
		if (n >= sizeof(host)) {
			snprintf(err, err_size, "bad address");
			return -1;
		}
		memcpy(host, spec, n);
		host[n] = '\0';
		if (colon)
			port = colon + 1;
	}
	if (!host[0] || !port[0]) {
		snprintf(err, err_size, "bad address");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		snprintf(err, err_size, "%s", gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		snprintf(err, err_size, "%s", strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0) {
		int one = 1;
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
				 sizeof(one));
	}
	return fd;
}

static int connect_unix(const char *path, char *err, size_t err_size)
{
	struct sockaddr_un sun;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, err_size, "path too long");
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, err_size, "%s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		snprintf(err, err_size, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Connects to `target`, does the HELLO exchange; exits on failure. The
 * caller owns the result (ofctl_close). */
struct ofctl_conn *ofctl_open(const char *target)
{
	return ofctl_open_socket(target, "mgmt");
}

/* Opens `target`, a bridge name meaning its `kind` socket (see
 * ofctl_conn.h). */
struct ofctl_conn *ofctl_open_socket(const char *target, const char *kind)
{
	struct ofctl_conn *c;
	char err[256] = "unknown error";
	struct of_msg m;
	int fd;

	if (!strncmp(target, "tcp:", 4)) {
		fd = connect_tcp(target + 4, err, sizeof(err));
	} else if (!strncmp(target, "unix:", 5)) {
		fd = connect_unix(target + 5, err, sizeof(err));
	} else if (!strchr(target, ':') && target[0] && !strchr(target, '/')) {
		/* A bridge name, as ovs-ofctl accepts: its management
		 * (or snoop) socket. */
		char path[512];
		const char *dir = getenv("OVS_RUNDIR");
		snprintf(path, sizeof(path), "%s/%s.%s",
			 dir ? dir : "/var/run/openvswitch", target, kind);
		fd = connect_unix(path, err, sizeof(err));
	} else {
		ofctl_fatal("%s: unknown connection type (use tcp:IP[:PORT] "
			    "or unix:PATH)",
			    target);
	}
	if (fd < 0)
		ofctl_fatal("connecting to %s (%s)", target, err);

	c = calloc(1, sizeof(*c));
	if (!c)
		ofctl_fatal("out of memory");
	c->fd = fd;
	snprintf(c->name, sizeof(c->name), "%s", target);
	(void)of_framer_init(&c->fr, c->fbuf, sizeof(c->fbuf));

	of_msg_init(&m, OFPT_HELLO, ofctl_xid());
	ofctl_send(c, &m);
	for (;;) {
		ofctl_recv_or_die(c, &m);
		if (m.h.type == OFPT_HELLO)
			break;
		if (m.h.type == OFPT_ERROR) {
			ofctl_print(stderr, &m);
			ofctl_fatal("%s: the switch refused the connection",
				    target);
		}
		ofctl_fatal("%s: expected HELLO, got message type %u", target,
			    m.h.type);
	}
	if (of_hello_negotiate(&m) != OF_OK)
		ofctl_fatal("%s: version negotiation failed (we support "
			    "version 0x01, peer supports version 0x%02x)",
			    target, m.h.version);
	return c;
}

/* Closes the socket and frees `c`; NULL is a no-op. */
void ofctl_close(struct ofctl_conn *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c);
}

/* Writes all `size` bytes (traced); exits on a socket error. */
void ofctl_send_raw(struct ofctl_conn *c, const uint8_t *buf, size_t size)
{
	size_t off = 0;

	trace("sent", c, buf, size);
	while (off < size) {
		ssize_t n = send(c->fd, buf + off, size - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ofctl_fatal("%s: send failed (%s)", c->name,
				    strerror(errno));
		off += (size_t)n;
	}
}

/* Encodes `m` and writes it; exits if it cannot be encoded or sent. */
void ofctl_send(struct ofctl_conn *c, const struct of_msg *m)
{
	static uint8_t buf[OFCTL_MSG_MAX];
	size_t len;
	enum of_err e = of_encode(m, buf, sizeof(buf), &len);

	if (e != OF_OK)
		ofctl_fatal("%s: cannot encode message (%s)", c->name,
			    of_err_str(e));
	ofctl_send_raw(c, buf, len);
}

/* Frames the buffered input; returns true with c->msg filled when a whole
 * message is ready. */
static bool frame(struct ofctl_conn *c)
{
	while (c->in_off < c->in_len) {
		const uint8_t *msg;
		size_t used, size;
		enum of_err e =
		    of_framer_input(&c->fr, c->in + c->in_off,
				    c->in_len - c->in_off, &used, &msg, &size);
		c->in_off += used;
		if (e == OF_E_TOO_SHORT)
			ofctl_fatal("%s: bad message length from the switch",
				    c->name);
		if (e == OF_E_TOO_LONG)
			continue;
		if (msg) {
			memcpy(c->msg, msg, size);
			c->msg_size = size;
			return true;
		}
	}
	c->in_off = c->in_len = 0;
	return false;
}

/* Next whole message into c->msg, decoded into *m; answers ECHO_REQUESTs.
 * Returns false on timeout; exits on end of stream or a lost stream. */
bool ofctl_recv(struct ofctl_conn *c, struct of_msg *m, int timeout_ms)
{
	for (;;) {
		while (!frame(c)) {
			struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
			int rc =
			    poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : -1);
			ssize_t n;

			if (rc < 0 && errno == EINTR)
				continue;
			if (rc < 0)
				ofctl_fatal("%s: poll failed (%s)", c->name,
					    strerror(errno));
			if (rc == 0)
				return false;
			n = recv(c->fd, c->in, sizeof(c->in), 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				ofctl_fatal("%s: receive failed (%s)", c->name,
					    strerror(errno));
			if (n == 0)
				ofctl_fatal("%s: connection closed by the "
					    "switch",
					    c->name);
			c->in_off = 0;
			c->in_len = (size_t)n;
		}
		trace("received", c, c->msg, c->msg_size);
		(void)of_decode(c->msg, c->msg_size, m);
		if (m->h.type == OFPT_ECHO_REQUEST && !m->raw && c->listen_only)
			return true;
		if (m->h.type == OFPT_ECHO_REQUEST && !m->raw) {
			struct of_msg r;
			of_msg_init(&r, OFPT_ECHO_REPLY, m->h.xid);
			r.u.echo = m->u.echo;
			ofctl_send(c, &r);
			if (!c->show_echo)
				continue;
		}
		return true;
	}
}

/* ofctl_recv() with the global timeout; exits when it expires. */
void ofctl_recv_or_die(struct ofctl_conn *c, struct of_msg *m)
{
	if (!ofctl_recv(c, m, ofctl_opts.timeout_ms))
		ofctl_fatal("%s: timed out waiting for the switch", c->name);
}

/* Request and the reply with the same xid (others skipped). */
void ofctl_transact(struct ofctl_conn *c, const struct of_msg *req,
		    struct of_msg *reply)
{
	ofctl_send(c, req);
	do
		ofctl_recv_or_die(c, reply);
	while (reply->h.xid != req->h.xid);
}

/* Request + barrier; true (reply in *reply, valid until the next call) if
 * the switch answered the request itself (an error) before the barrier. */
bool ofctl_transact_noreply(struct ofctl_conn *c, const struct of_msg *req,
			    struct of_msg *reply)
{
	static uint8_t saved[OFCTL_MSG_MAX];
	size_t saved_size = 0;
	struct of_msg barrier, m;

	ofctl_send(c, req);
	of_msg_init(&barrier, OFPT_BARRIER_REQUEST, ofctl_xid());
	ofctl_send(c, &barrier);
	for (;;) {
		ofctl_recv_or_die(c, &m);
		if (m.h.xid == req->h.xid) {
			memcpy(saved, c->msg, c->msg_size);
			saved_size = c->msg_size;
		} else if (m.h.xid == barrier.h.xid) {
			break;
		}
	}
	if (!saved_size)
		return false;
	(void)of_decode(saved, saved_size, reply);
	return true;
}

/* Stats request; prints every reply part until one without REPLY_MORE or
 * an OFPT_ERROR, capped at ofctl_opts.max_total bytes. */
void ofctl_dump_transaction(struct ofctl_conn *c, const struct of_msg *req)
{
	size_t total = 0;
	struct of_msg m;

	ofctl_send(c, req);
	for (;;) {
		ofctl_recv_or_die(c, &m);
		if (m.h.xid != req->h.xid)
			continue;
		total += c->msg_size;
		if (total > ofctl_opts.max_total)
			ofctl_fatal("%s: replies exceed %zu bytes", c->name,
				    ofctl_opts.max_total);
		ofctl_print(stdout, &m);
		if (m.h.type == OFPT_ERROR)
			return;
		if (m.h.type != OFPT_STATS_REPLY || m.raw)
			ofctl_fatal("%s: received bad reply (type %u)", c->name,
				    m.h.type);
		if (!(m.u.stats_reply.flags & OFPSF_REPLY_MORE))
			return;
	}
}

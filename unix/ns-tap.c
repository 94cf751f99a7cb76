/* ns-tapd: netstack on a Linux tap device, for interop tests against the
 * kernel's own stack. Opens --tap NAME (IFF_TAP|IFF_NO_PI), configures the
 * stack statically (--ip A/N [--gw G]) or by --dhcp, runs a UDP echo
 * service on --udp-echo PORT (default 7) and TCP services on netstack's
 * TCP (ns_tcp.h), and drives the stack from a poll loop:
 *   --tcp-echo PORT   writes every byte read back, reading only as much as
 *                     the send buffer takes (back-pressure);
 *   --tcp-sink PORT   reads everything and, at the peer's FIN, prints
 *                     "ns-tapd: tcp-sink received N bytes crc32 HEX";
 *   --tcp-send IP:PORT:BYTES  connects to IP:PORT once the interface has an
 *                     address, sends BYTES of the pattern byte i = i % 251,
 *                     half-closes, reads until the peer's FIN and prints
 *                     "ns-tapd: tcp-send sent N bytes crc32 HEX" (or
 *                     "ns-tapd: tcp-send failed after N bytes: ERROR").
 *   --no-crc          skip the CRC-32s (benchmarks: they cost more than
 *                     TCP itself); the lines then say "crc32 00000000";
 *   --buf BYTES       TCP send and receive buffer per connection (default
 *                     64 KiB; the receive buffer is the window offered).
 * Servers half-close when the peer has; every connection prints
 * "ns-tapd: tcp-KIND closed: ERROR" (Success for an orderly close of both
 * sides) when netstack is done with it. CRC-32 is zlib's (IEEE).
 * Prints "ns-tapd: address A/N" whenever the address changes and the
 * stack's and TCP's ("tcp_" prefix) non-zero counters on SIGINT/SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ns.h"
#include "ns_stack_tcp.h"
#include "ns_tcp.h"
#include "ns_udp.h"

#define MAX_CONNS 32 /* TCP connection blocks, listeners included */
#define PATTERN 251  /* --tcp-send's pattern period (prime: no alignment) */

static volatile sig_atomic_t stop;
static _Alignas(8) uint8_t stack_mem[1 << 18];
static struct ns_tcp tcp;
static uint32_t crc_table[256];
static int no_crc;

enum conn_kind { CONN_ECHO, CONN_SINK, CONN_SEND };
static const char *const kind_name[] = {"tcp-echo", "tcp-sink", "tcp-send"};

/* One TCP connection's application state. */
struct conn {
	int used;
	enum conn_kind kind;
	int eof;	/* the peer's FIN was read */
	uint64_t bytes; /* echoed, received or sent */
	uint64_t total; /* CONN_SEND: bytes to send */
	uint32_t crc;
};
static struct conn conns[MAX_CONNS];

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

/* zlib's crc32(crc, p, size): start with 0. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t size)
{
	if (no_crc)
		return 0;
	crc = ~crc;
	while (size--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static int tap_tx(void *ctx, const uint8_t *frame, size_t size)
{
	int fd = *(int *)ctx;

	return write(fd, frame, size) == (ssize_t)size ? 0 : -errno;
}

static void on_addr(void *ctx, uint32_t ip, uint8_t prefix, uint32_t gw)
{
	char a[16], g[16];

	(void)ctx;
	printf("ns-tapd: address %s/%u gw %s\n", ns_ip_str(ip, a, sizeof(a)),
	       prefix, ns_ip_str(gw, g, sizeof(g)));
	fflush(stdout);
}

static void echo(void *ctx, struct ns_stack *s, const struct ns_udp_meta *m,
		 const uint8_t *data, size_t size)
{
	(void)ns_udp_sendto(s, *(int *)ctx, m->src, m->sport, data, size);
}

static struct conn *conn_new(enum conn_kind kind)
{
	for (int i = 0; i < MAX_CONNS; i++) {
		if (!conns[i].used) {
			memset(&conns[i], 0, sizeof(conns[i]));
			conns[i].used = 1;
			conns[i].kind = kind;
			return &conns[i];
		}
	}
	return NULL;
}

/* Echo: reads only what the send buffer can take, so a slow reader on the
 * other side closes our receive window instead of growing a queue. */
static void echo_pump(struct conn *c, struct ns_tcp_sock *s)
{
	uint8_t buf[16384];

	while (!c->eof) {
		size_t room = ns_tcp_writable(s);
		long n;

		if (!room) {
			/* A write that does not fit asks for the writable
			 * callback (it accepts nothing). */
			(void)ns_tcp_write(s, buf, 1);
			return;
		}
		n = ns_tcp_read(s, buf,
				room < sizeof(buf) ? room : sizeof(buf));
		if (n < 0)
			return;
		if (n == 0) {
			c->eof = 1;
			(void)ns_tcp_shutdown(s);
			return;
		}
		(void)ns_tcp_write(s, buf, (size_t)n);
		c->bytes += (uint64_t)n;
	}
}

static void sink_read(struct conn *c, struct ns_tcp_sock *s)
{
	uint8_t buf[65536];
	long n;

	while (!c->eof && (n = ns_tcp_read(s, buf, sizeof(buf))) >= 0) {
		if (n == 0) {
			c->eof = 1;
			printf("ns-tapd: tcp-sink received %llu bytes crc32 "
			       "%08x\n",
			       (unsigned long long)c->bytes, c->crc);
			fflush(stdout);
			(void)ns_tcp_shutdown(s);
			return;
		}
		c->crc = crc32_update(c->crc, buf, (size_t)n);
		c->bytes += (uint64_t)n;
	}
}

static void send_pump(struct conn *c, struct ns_tcp_sock *s)
{
	static uint8_t pat[PATTERN + 16384];
	long n;

	if (!pat[1])
		for (size_t i = 0; i < sizeof(pat); i++)
			pat[i] = (uint8_t)(i % PATTERN);
	while (c->bytes < c->total) {
		uint64_t left = c->total - c->bytes;
		const uint8_t *p = pat + c->bytes % PATTERN;

		n = ns_tcp_write(s, p, left < 16384 ? (size_t)left : 16384);
		if (n <= 0)
			return;
		c->crc = crc32_update(c->crc, p, (size_t)n);
		c->bytes += (uint64_t)n;
	}
	(void)ns_tcp_shutdown(s);
}

static void on_readable(void *arg, struct ns_tcp_sock *s)
{
	struct conn *c = arg;
	uint8_t buf[4096];

	switch (c->kind) {
	case CONN_ECHO:
		echo_pump(c, s);
		break;
	case CONN_SINK:
		sink_read(c, s);
		break;
	case CONN_SEND:
		/* Discard whatever the server says; EOF needs nothing. */
		while (ns_tcp_read(s, buf, sizeof(buf)) > 0)
			;
		break;
	}
}

static void on_writable(void *arg, struct ns_tcp_sock *s)
{
	struct conn *c = arg;

	if (c->kind == CONN_ECHO)
		echo_pump(c, s);
	else if (c->kind == CONN_SEND)
		send_pump(c, s);
}

static void on_connected(void *arg, struct ns_tcp_sock *s)
{
	send_pump(arg, s);
}

static void on_closed(void *arg, struct ns_tcp_sock *s, int err)
{
	struct conn *c = arg;
	uint16_t lport, rport;
	uint32_t laddr, raddr;
	char a[16];

	ns_tcp_endpoints(s, &laddr, &lport, &raddr, &rport);
	if (c->kind == CONN_SEND) {
		if (!err && c->bytes == c->total)
			printf("ns-tapd: tcp-send sent %llu bytes crc32 %08x\n",
			       (unsigned long long)c->bytes, c->crc);
		else
			printf("ns-tapd: tcp-send failed after %llu bytes: "
			       "%s\n",
			       (unsigned long long)c->bytes,
			       strerror(err ? -err : EPIPE));
	}
	printf("ns-tapd: %s closed %s:%u (%llu bytes): %s\n",
	       kind_name[c->kind], ns_ip_str(raddr, a, sizeof(a)), rport,
	       (unsigned long long)c->bytes, strerror(-err));
	fflush(stdout);
	c->used = 0;
}

static const struct ns_tcp_callbacks conn_cb = {
    .connected = on_connected,
    .readable = on_readable,
    .writable = on_writable,
    .closed = on_closed,
};

static int on_accept(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *s)
{
	struct conn *c = conn_new((enum conn_kind)(intptr_t)arg);

	(void)l;
	if (!c)
		return -ENOMEM;
	ns_tcp_set_callbacks(s, &conn_cb, c);
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int parse_ip(const char *s, uint32_t *ip)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*ip = ntohl(a.s_addr);
	return 0;
}

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* IP:PORT:BYTES */
static int parse_send(const char *v, uint32_t *ip, uint16_t *port,
		      uint64_t *bytes)
{
	char buf[64], *c1, *c2, *end;

	snprintf(buf, sizeof(buf), "%s", v);
	c1 = strchr(buf, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2)
		return -1;
	*c1 = *c2 = 0;
	if (parse_ip(buf, ip) || parse_port(c1 + 1, port))
		return -1;
	*bytes = strtoull(c2 + 1, &end, 10);
	return *end || c2[1] == 0 ? -1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ns-tapd --tap NAME (--ip A/N [--gw G] | --dhcp)\n"
		"               [--udp-echo PORT] [--mtu N]\n"
		"               [--tcp-echo PORT] [--tcp-sink PORT]\n"
		"               [--tcp-send IP:PORT:BYTES] [--buf BYTES] "
		"[--no-crc]\n"
		"  --udp-echo PORT  UDP echo service (default 7)\n"
		"  --tcp-echo PORT  TCP echo server (back-pressured)\n"
		"  --tcp-sink PORT  TCP server that reads everything and "
		"prints\n"
		"                   the byte count and CRC-32 at the peer's "
		"FIN\n"
		"  --tcp-send IP:PORT:BYTES  connect, send BYTES of the "
		"pattern\n"
		"                   i %% 251, close; print the count and "
		"CRC-32\n"
		"  --buf BYTES      TCP buffers per connection, 4096..16777216 "
		"(default 65536)\n"
		"  --no-crc         skip the CRC-32s (they print as 0)\n");
	exit(2);
}

static void print_counters(const struct ns_stack *s)
{
	uint64_t v;
	const char *name;

	for (size_t i = 0; (name = ns_counter(s, i, &v)); i++)
		if (v)
			printf("%s %llu\n", name, (unsigned long long)v);
	for (size_t i = 0; (name = ns_tcp_counter(&tcp, i, &v)); i++)
		if (v)
			printf("tcp_%s %llu\n", name, (unsigned long long)v);
}

int main(int argc, char **argv)
{
	struct ns_config cfg = {.mac = {0x02, 0x6e, 0x73, 0, 0, 1}};
	struct ns_tcp_config tcfg = {.max_socks = MAX_CONNS};
	const char *tap = NULL;
	struct ns_stack *s;
	struct ns_tcp_sock *ls;
	struct ifreq ifr;
	int fd, sock, rc;
	uint16_t port = 7, echo_port = 0, sink_port = 0, send_port = 0;
	uint32_t send_ip = 0;
	uint64_t send_bytes = 0;
	int send_pending = 0;
	size_t tmem_size;
	void *tmem;
	static uint8_t frame[65536];

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--dhcp")) {
			cfg.dhcp = 1;
			continue;
		}
		if (!strcmp(argv[i], "--no-crc")) {
			no_crc = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(argv[i - 1], "--tap")) {
			tap = v;
		} else if (!strcmp(argv[i - 1], "--ip")) {
			char buf[32], *slash;

			snprintf(buf, sizeof(buf), "%s", v);
			slash = strchr(buf, '/');
			if (!slash)
				usage();
			*slash = 0;
			if (parse_ip(buf, &cfg.ip))
				usage();
			cfg.prefix = (uint8_t)atoi(slash + 1);
		} else if (!strcmp(argv[i - 1], "--gw")) {
			if (parse_ip(v, &cfg.gw))
				usage();
		} else if (!strcmp(argv[i - 1], "--udp-echo")) {
			port = (uint16_t)atoi(v);
		} else if (!strcmp(argv[i - 1], "--mtu")) {
			cfg.mtu = (uint16_t)atoi(v);
		} else if (!strcmp(argv[i - 1], "--tcp-echo")) {
			if (parse_port(v, &echo_port))
				usage();
		} else if (!strcmp(argv[i - 1], "--tcp-sink")) {
			if (parse_port(v, &sink_port))
				usage();
		} else if (!strcmp(argv[i - 1], "--buf")) {
			char *end;
			unsigned long b = strtoul(v, &end, 10);

			if (*end || b < 4096 || b > (1ul << 24))
				usage();
			tcfg.sndbuf_size = tcfg.rcvbuf_size = (uint32_t)b;
		} else if (!strcmp(argv[i - 1], "--tcp-send")) {
			if (parse_send(v, &send_ip, &send_port, &send_bytes))
				usage();
			send_pending = 1;
		} else {
			usage();
		}
	}
	if (!tap || (!cfg.dhcp && !cfg.ip))
		usage();
	crc_init();
	fd = open("/dev/net/tun", O_RDWR);
	if (fd < 0) {
		perror("ns-tapd: /dev/net/tun");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", tap);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("ns-tapd: TUNSETIFF");
		return 1;
	}
	/* Non-blocking: the loop drains every queued frame per wakeup. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		perror("ns-tapd: O_NONBLOCK");
		return 1;
	}
	cfg.tx = tap_tx;
	cfg.on_addr = on_addr;
	cfg.ctx = &fd;
	cfg.seed = (uint32_t)now_ms() ^ (uint32_t)getpid();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (ns_init(stack_mem, sizeof(stack_mem), &cfg, now_ms(), &s) < 0) {
		fprintf(stderr, "ns-tapd: bad configuration\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(tcfg.secret); i++)
		tcfg.secret[i] =
		    (uint8_t)(cfg.seed >> (8 * (i % 4))) ^ (uint8_t)(i * 37);
	{
		FILE *r = fopen("/dev/urandom", "rb");

		if (r) {
			if (fread(tcfg.secret, sizeof(tcfg.secret), 1, r) != 1)
				fprintf(stderr,
					"ns-tapd: short urandom read\n");
			fclose(r);
		}
	}
	tmem_size = ns_tcp_mem_size(&tcfg);
	tmem = malloc(tmem_size);
	if (!tmem) {
		fprintf(stderr, "ns-tapd: out of memory\n");
		return 1;
	}
	rc = ns_stack_tcp_init(s, &tcp, &tcfg, tmem, tmem_size);
	if (rc < 0) {
		fprintf(stderr, "ns-tapd: tcp init: %s\n", strerror(-rc));
		return 1;
	}
	sock = ns_udp_bind(s, port, echo, &sock);
	if (sock < 0) {
		fprintf(stderr, "ns-tapd: udp bind: %s\n", strerror(-sock));
		return 1;
	}
	if (echo_port &&
	    (rc = ns_tcp_listen(&tcp, echo_port, 8, on_accept,
				(void *)(intptr_t)CONN_ECHO, &ls)) < 0) {
		fprintf(stderr, "ns-tapd: tcp-echo listen: %s\n",
			strerror(-rc));
		return 1;
	}
	if (sink_port &&
	    (rc = ns_tcp_listen(&tcp, sink_port, 8, on_accept,
				(void *)(intptr_t)CONN_SINK, &ls)) < 0) {
		fprintf(stderr, "ns-tapd: tcp-sink listen: %s\n",
			strerror(-rc));
		return 1;
	}
	if (!cfg.dhcp)
		on_addr(NULL, cfg.ip, cfg.prefix, cfg.gw);
	while (!stop) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		uint64_t dl = ns_next_deadline(s), now = now_ms();
		int timeout = 1000;

		if (dl != UINT64_MAX)
			timeout = dl <= now	    ? 0
				  : dl - now > 1000 ? 1000
						    : (int)(dl - now);
		if (poll(&p, 1, timeout) > 0 && (p.revents & POLLIN)) {
			for (int k = 0; k < 256; k++) {
				ssize_t n = read(fd, frame, sizeof(frame));

				if (n <= 0)
					break;
				(void)ns_input(s, frame, (size_t)n, now_ms());
			}
		}
		(void)ns_timers(s, now_ms());
		if (send_pending && ns_addr(s)) {
			struct conn *c = conn_new(CONN_SEND);
			struct ns_tcp_sock *cs;

			send_pending = 0;
			if (!c)
				continue; /* not at startup: the pool is free */
			c->total = send_bytes;
			rc = ns_tcp_connect(&tcp, send_ip, send_port, 0,
					    &conn_cb, c, &cs);
			if (rc < 0) {
				printf("ns-tapd: tcp-send failed after 0 "
				       "bytes: %s\n",
				       strerror(-rc));
				fflush(stdout);
				c->used = 0;
			}
		}
	}
	print_counters(s);
	free(tmem);
	return 0;
}

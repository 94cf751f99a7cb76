/* ns-tapd: netstack on a Linux tap device, for interop tests against the
 * kernel's own stack. Opens --tap NAME (IFF_TAP|IFF_NO_PI), configures the
 * stack statically (--ip A/N [--gw G]) or by --dhcp, runs a UDP echo
 * service on --udp-echo PORT (default 7) and drives the stack from a poll
 * loop. Prints "ns-tapd: address A/N" whenever the address changes and the
 * counters on SIGINT/SIGTERM. */
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
#include "ns_udp.h"

static volatile sig_atomic_t stop;
static _Alignas(8) uint8_t stack_mem[1 << 18];

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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

static void usage(void)
{
	fprintf(stderr, "usage: ns-tapd --tap NAME (--ip A/N [--gw G] | "
			"--dhcp) [--udp-echo PORT] [--mtu N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct ns_config cfg = {.mac = {0x02, 0x6e, 0x73, 0, 0, 1}};
	const char *tap = NULL;
	struct ns_stack *s;
	struct ifreq ifr;
	int fd, sock;
	uint16_t port = 7;
	uint8_t frame[65536];

	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--dhcp")) {
			cfg.dhcp = 1;
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
		} else {
			usage();
		}
	}
	if (!tap || (!cfg.dhcp && !cfg.ip))
		usage();
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
	sock = ns_udp_bind(s, port, echo, &sock);
	if (sock < 0) {
		fprintf(stderr, "ns-tapd: udp bind: %s\n", strerror(-sock));
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
			ssize_t n = read(fd, frame, sizeof(frame));

			if (n > 0)
				(void)ns_input(s, frame, (size_t)n, now_ms());
		}
		(void)ns_timers(s, now_ms());
	}
	for (size_t i = 0;; i++) {
		uint64_t v;
		const char *name = ns_counter(s, i, &v);

		if (!name)
			break;
		if (v)
			printf("%s %llu\n", name, (unsigned long long)v);
	}
	return 0;
}

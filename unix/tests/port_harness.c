/* port_harness: drives unix/port_afpacket.c without the switch core, for
 * tests/test-ports.sh and for measuring.
 *
 *   port_harness wire IF1 IF2
 *       opens IF1 and IF2 as ports 1 and 2 of a fake core that forwards
 *       every frame to the other port (unix/tests/port_fake_core.c);
 *       prints "ready" once both are open, one line per port event, a
 *       "rate N" line on stderr each second frames were forwarded, and
 *       every counter when SIGTERM or SIGINT stops it.
 *   port_harness gen IF COUNT SIZE [VID]
 *       sends COUNT broadcast frames of SIZE bytes with ethertype 0x88b5
 *       (802.1Q-tagged with VID if given) as fast as the socket takes
 *       them, and prints the rate.
 *   port_harness sink IF SECONDS [VID]
 *       counts such frames arriving on IF (tagged with VID if given; the
 *       kernel's stripped tag is read from PACKET_AUXDATA) for SECONDS
 *       and prints "received N" and the rate. */
#define _GNU_SOURCE /* sendmmsg, recvmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "port_afpacket.h"
#include "port_fake_core.h"

#define MARK_TYPE 0x88b5
#define BATCH 64

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: port_harness wire IF1 IF2\n"
			"       port_harness gen IF COUNT SIZE [VID]\n"
			"       port_harness sink IF SECONDS [VID]\n");
	return 2;
}

/* ---- wire ---- */

struct wire {
	struct event_base *base;
	struct sw *sw;
	unsigned long long last_fwd, afters;
};

static void after_batch(void *ctx)
{
	struct wire *w = ctx;

	w->afters++;
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct wire *w = arg;

	(void)sig;
	(void)what;
	event_base_loopbreak(w->base);
}

static void on_second(evutil_socket_t fd, short what, void *arg)
{
	struct wire *w = arg;
	unsigned long long f = fake_sw_forwarded(w->sw);

	(void)fd;
	(void)what;
	if (f != w->last_fwd)
		fprintf(stderr, "rate %llu\n", f - w->last_fwd);
	w->last_fwd = f;
}

static int run_wire(const char *if1, const char *if2)
{
	struct wire w = {0};
	struct ux_port *p1 = NULL, *p2 = NULL;
	struct event *s1, *s2, *tick;
	struct timeval sec = {1, 0};
	char err[256];
	int r;

	w.base = event_base_new();
	w.sw = fake_sw_new();
	if (!w.base)
		return 1;
	r = ux_port_open(&p1, w.base, w.sw, if1, 1, after_batch, &w, err,
			 sizeof(err));
	if (r == 0)
		r = ux_port_open(&p2, w.base, w.sw, if2, 0, after_batch, &w,
				 err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "port_harness: %s\n", err);
		ux_port_close(p1);
		fake_sw_free(w.sw);
		event_base_free(w.base);
		return 1;
	}
	printf("ready ports %u %u\n", ux_port_no(p1), ux_port_no(p2));
	fflush(stdout);
	s1 = evsignal_new(w.base, SIGTERM, on_signal, &w);
	s2 = evsignal_new(w.base, SIGINT, on_signal, &w);
	tick = event_new(w.base, -1, EV_PERSIST, on_second, &w);
	event_add(s1, NULL);
	event_add(s2, NULL);
	event_add(tick, &sec);
	event_base_dispatch(w.base);
	ux_port_close(p1);
	ux_port_close(p2);
	fake_sw_print(w.sw, stdout);
	printf("afters %llu\n", w.afters);
	event_free(s1);
	event_free(s2);
	event_free(tick);
	fake_sw_free(w.sw);
	event_base_free(w.base);
	return 0;
}

/* ---- gen / sink ---- */

static int raw_socket(const char *ifname)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL)};
	struct packet_mreq mr = {.mr_type = PACKET_MR_PROMISC};
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), one = 1;

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	mr.mr_ifindex = sll.sll_ifindex;
	if (fd < 0 || sll.sll_ifindex == 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "port_harness: %s: %s\n", ifname,
			strerror(errno));
		exit(1);
	}
	setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr));
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one));
	return fd;
}

static int run_gen(const char *ifname, long count, long size, long vid)
{
	static uint8_t frames[BATCH][9216];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	int fd = raw_socket(ifname), one = 1;
	long sent = 0;
	double t0;

	if (size < 60 || size > 9216)
		return usage();
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	for (int i = 0; i < BATCH; i++) {
		uint8_t *f = frames[i];
		size_t o = 12;

		memset(f, 0xab, (size_t)size);
		memcpy(f, "\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x01",
		       12);
		if (vid >= 0) {
			f[12] = 0x81;
			f[13] = 0x00;
			f[14] = (uint8_t)(vid >> 8 & 0x0f);
			f[15] = (uint8_t)vid;
			o = 16;
		}
		f[o] = MARK_TYPE >> 8;
		f[o + 1] = MARK_TYPE & 0xff;
		iov[i] = (struct iovec){f, (size_t)size};
		memset(&msg[i], 0, sizeof(msg[i]));
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_s();
	while (sent < count) {
		int n = count - sent < BATCH ? (int)(count - sent) : BATCH, r;

		r = sendmmsg(fd, msg, (unsigned)n, 0);
		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN ||
			    errno == EINTR) {
				struct pollfd pf = {fd, POLLOUT, 0};

				poll(&pf, 1, 1);
				continue;
			}
			perror("port_harness: sendmmsg");
			return 1;
		}
		sent += r;
	}
	double dt = now_s() - t0;
	printf("sent %ld in %.3f s (%.0f/s)\n", sent, dt,
	       dt > 0 ? (double)sent / dt : 0.0);
	close(fd);
	return 0;
}

static int run_sink(const char *ifname, double seconds, long vid)
{
	static uint8_t bufs[BATCH][9216];
	static uint8_t ctl[BATCH][CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct sockaddr_ll from[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	int fd = raw_socket(ifname);
	long got = 0, other = 0;
	double t_end = now_s() + seconds, first = 0, last = 0;

	while (now_s() < t_end) {
		struct pollfd pf = {fd, POLLIN, 0};
		int n;

		if (poll(&pf, 1, 50) <= 0)
			continue;
		for (int i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){bufs[i], sizeof(bufs[i])};
			memset(&msg[i], 0, sizeof(msg[i]));
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
			msg[i].msg_hdr.msg_name = &from[i];
			msg[i].msg_hdr.msg_namelen = sizeof(from[i]);
			msg[i].msg_hdr.msg_control = ctl[i];
			msg[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
		}
		n = recvmmsg(fd, msg, BATCH, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			const uint8_t *f = bufs[i];
			size_t len = msg[i].msg_len, o = 12;
			long tag = -1;
			struct cmsghdr *c;

			if (from[i].sll_pkttype == PACKET_OUTGOING || len < 14)
				continue;
			for (c = CMSG_FIRSTHDR(&msg[i].msg_hdr); c;
			     c = CMSG_NXTHDR(&msg[i].msg_hdr, c)) {
				struct tpacket_auxdata aux;

				if (c->cmsg_level != SOL_PACKET ||
				    c->cmsg_type != PACKET_AUXDATA)
					continue;
				memcpy(&aux, CMSG_DATA(c), sizeof(aux));
				if (aux.tp_status & TP_STATUS_VLAN_VALID)
					tag = aux.tp_vlan_tci & 0xfff;
			}
			if (tag < 0 && len >= 18 && f[12] == 0x81 &&
			    f[13] == 0x00) {
				tag = (f[14] & 0x0f) << 8 | f[15];
				o = 16;
			}
			if (((f[o] << 8) | f[o + 1]) != MARK_TYPE ||
			    tag != vid) {
				other++;
				continue;
			}
			if (got++ == 0)
				first = now_s();
			last = now_s();
		}
	}
	printf("received %ld other %ld", got, other);
	if (last > first)
		printf(" (%.0f/s)", (double)(got - 1) / (last - first));
	printf("\n");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "wire"))
		return run_wire(argv[2], argv[3]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "gen"))
		return run_gen(argv[2], atol(argv[3]), atol(argv[4]),
			       argc == 6 ? atol(argv[5]) : -1);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "sink"))
		return run_sink(argv[2], atof(argv[3]),
				argc == 5 ? atol(argv[4]) : -1);
	return usage();
}

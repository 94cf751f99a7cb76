/* Direct mode: netstack over a tap device on a libevent loop (see
 * net_tap.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <event2/event.h>

#include "net_tap.h"
#include "ns_cfg.h"
#include "ns_stack_tcp.h"
#include "ns_tcp.h"
#include "plat_unix.h"

#define FRAME_BUF 65536
#define READ_BUDGET 256 /* frames per read callback */
#define LISTEN_BACKLOG 64
#define NAME_SIZE 160

struct ux_net {
	int fd;
	struct event_base *base;
	struct event *rd_ev, *timer_ev, *wake_ev;
	uint64_t timer_at; /* UINT64_MAX: not armed */
	void *stack_mem, *tcp_mem, *pool_mem;
	struct ns_stack *stack;
	struct ns_tcp tcp;
	struct ns_chan_pool pool;
	int pool_ready, shut;
	char name[NAME_SIZE];
	uint8_t frame[FRAME_BUF];
};

/* ---- the stack on the loop ------------------------------------------- */

static void rearm(struct ux_net *n)
{
	uint64_t dl = ns_next_deadline(n->stack), now = plat_now_ms();
	uint64_t cdl =
	    n->pool_ready ? ns_chan_next_deadline(&n->pool) : UINT64_MAX;
	struct timeval tv;

	if (cdl < dl)
		dl = cdl;
	if (n->pool_ready && ns_chan_pending(&n->pool))
		dl = now;
	if (dl == n->timer_at)
		return;
	n->timer_at = dl;
	if (dl == UINT64_MAX) {
		evtimer_del(n->timer_ev);
		return;
	}
	dl = dl > now ? dl - now : 0;
	tv.tv_sec = (time_t)(dl / 1000);
	tv.tv_usec = (suseconds_t)(dl % 1000) * 1000;
	evtimer_add(n->timer_ev, &tv);
}

/* After frames or timers: TCP's deferred work, then the next deadline. */
static void run(struct ux_net *n)
{
	(void)ns_timers(n->stack, plat_now_ms());
	if (n->pool_ready && !n->shut) {
		ns_chan_service(&n->pool);
		ns_chan_flush(&n->pool);
	}
	rearm(n);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct ux_net *n = arg;

	(void)what;
	for (int k = 0; k < READ_BUDGET; k++) {
		ssize_t got = read(fd, n->frame, sizeof(n->frame));

		if (got <= 0) {
			if (got < 0 && errno != EAGAIN && errno != EINTR)
				ux_log(PLAT_LOG_WARN, "%s: read: %s", n->name,
				       strerror(errno));
			break;
		}
		(void)ns_input(n->stack, n->frame, (size_t)got, plat_now_ms());
	}
	run(n);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct ux_net *n = arg;

	(void)fd;
	(void)what;
	n->timer_at = UINT64_MAX;
	run(n);
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	run(arg);
}

static int tap_tx(void *ctx, const uint8_t *frame, size_t size)
{
	struct ux_net *n = ctx;
	ssize_t w = write(n->fd, frame, size);

	if (w == (ssize_t)size)
		return 0;
	return w < 0 ? -errno : -EIO;
}

static void on_addr(void *ctx, uint32_t ip, uint8_t prefix, uint32_t gw)
{
	struct ux_net *n = ctx;
	char a[16], g[16];

	if (ip)
		ux_log(PLAT_LOG_INFO, "%s: address %s/%u gateway %s", n->name,
		       ns_ip_str(ip, a, sizeof(a)), prefix,
		       gw ? ns_ip_str(gw, g, sizeof(g)) : "none");
	else
		ux_log(PLAT_LOG_WARN, "%s: no address (DHCP lease lost)",
		       n->name);
}

static uint64_t pool_now(void *ctx)
{
	(void)ctx;
	return plat_now_ms();
}

static void pool_wake(void *ctx)
{
	struct ux_net *n = ctx;

	/* Thread-safe (evthread_use_pthreads), harmless if already
	 * active. */
	event_active(n->wake_ev, 0, 0);
}

void ux_net_flush(void *net)
{
	struct ux_net *n = net;

	if (!n->pool_ready || n->shut)
		return;
	ns_chan_flush(&n->pool);
	rearm(n);
}

static void random_bytes(uint8_t *buf, size_t size)
{
	FILE *f = fopen("/dev/urandom", "rb");
	uint64_t t = plat_now_ms() ^ (uint64_t)getpid() << 32;

	for (size_t i = 0; i < size; i++)
		buf[i] = (uint8_t)(t >> (8 * (i % 8))) ^ (uint8_t)(i * 151);
	if (f) {
		if (fread(buf, size, 1, f) != 1)
			ux_log(PLAT_LOG_WARN, "short read of /dev/urandom");
		fclose(f);
	}
}

static int open_tap(const char *name, char *err, size_t err_size)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;

		snprintf(err, err_size, "/dev/net/tun: %s", strerror(e));
		return -e;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;

		snprintf(err, err_size, "tap %s: %s%s", name, strerror(e),
			 e == EPERM ? " (needs CAP_NET_ADMIN)"
			 : e == EBUSY
			     ? " (another program has it open, or it is "
			       "not a tap)"
			     : "");
		close(fd);
		return -e;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		int e = errno;

		snprintf(err, err_size, "tap %s: O_NONBLOCK: %s", name,
			 strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

int ux_net_open(struct ux_net **out, const struct ux_net_spec *spec,
		struct event_base *base, unsigned max_chans,
		const struct ns_chan_upper *up, void *up_ctx, char *err,
		size_t err_size)
{
	struct ux_net *n = calloc(1, sizeof(*n));
	struct ns_config cfg = spec->cfg;
	struct ns_tcp_config tcfg;
	struct ns_chan_config ccfg;
	size_t size;
	char settings[128];
	int rc;

	*out = NULL;
	if (!n) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	n->fd = -1;
	n->base = base;
	n->timer_at = UINT64_MAX;
	snprintf(n->name, sizeof(n->name), "tap:%s,%s", spec->tap,
		 ns_cfg_format(&cfg, settings, sizeof(settings)));
	rc = open_tap(spec->tap, err, err_size);
	if (rc < 0)
		goto fail;
	n->fd = rc;

	cfg.tx = tap_tx;
	cfg.on_addr = on_addr;
	cfg.ctx = n;
	random_bytes((uint8_t *)&cfg.seed, sizeof(cfg.seed));
	size = ns_stack_size();
	n->stack_mem = aligned_alloc(8, (size + 7) & ~(size_t)7);
	memset(&tcfg, 0, sizeof(tcfg));
	/* Room for every channel, its TIME_WAIT successor, listeners. */
	tcfg.max_socks = 2 * max_chans + NS_CHAN_LISTENERS;
	random_bytes(tcfg.secret, sizeof(tcfg.secret));
	size = ns_tcp_mem_size(&tcfg);
	n->tcp_mem = size ? malloc(size) : NULL;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.max_chans = max_chans;
	ccfg.up = up;
	ccfg.up_ctx = up_ctx;
	ccfg.now = pool_now;
	ccfg.wake = pool_wake;
	ccfg.ctx = n;
	size = ns_chan_mem_size(&ccfg);
	n->pool_mem = size ? malloc(size) : NULL;
	if (!n->stack_mem || !n->tcp_mem || !n->pool_mem) {
		snprintf(err, err_size, "out of memory for netstack");
		rc = -ENOMEM;
		goto fail;
	}
	rc = ns_init(n->stack_mem, ns_stack_size(), &cfg, plat_now_ms(),
		     &n->stack);
	if (rc < 0) {
		snprintf(err, err_size, "netstack: bad configuration");
		goto fail;
	}
	rc = ns_stack_tcp_init(n->stack, &n->tcp, &tcfg, n->tcp_mem,
			       ns_tcp_mem_size(&tcfg));
	if (rc == 0)
		rc = ns_chan_init(&n->pool, &ccfg, &n->tcp, n->pool_mem,
				  ns_chan_mem_size(&ccfg));
	if (rc < 0) {
		snprintf(err, err_size, "netstack TCP: %s", strerror(-rc));
		goto fail;
	}
	n->pool_ready = 1;
	n->rd_ev = event_new(base, n->fd, EV_READ | EV_PERSIST, on_read, n);
	n->timer_ev = evtimer_new(base, on_timer, n);
	n->wake_ev = event_new(base, -1, 0, on_wake, n);
	if (!n->rd_ev || !n->timer_ev || !n->wake_ev ||
	    event_add(n->rd_ev, NULL) < 0) {
		snprintf(err, err_size, "out of memory for events");
		rc = -ENOMEM;
		goto fail;
	}
	rearm(n);
	*out = n;
	return 0;
fail:
	ux_net_close(n);
	return rc;
}

int ux_net_listen(struct ux_net *n, uint16_t port, char *err, size_t err_size)
{
	int rc = ns_chan_listen(&n->pool, port, LISTEN_BACKLOG);

	if (rc < 0)
		snprintf(err, err_size, "%s: listen on port %u: %s", n->name,
			 port, strerror(-rc));
	return rc;
}

const char *ux_net_name(const struct ux_net *n)
{
	return n->name;
}

static void log_counters(struct ux_net *n)
{
	const char *name;
	uint64_t v;

	if (!plat_log_enabled(PLAT_LOG_DEBUG))
		return;
	for (size_t i = 0; (name = ns_counter(n->stack, i, &v)); i++)
		if (v)
			ux_log(PLAT_LOG_DEBUG, "%s: %s %llu", n->name, name,
			       (unsigned long long)v);
	for (size_t i = 0; (name = ns_tcp_counter(&n->tcp, i, &v)); i++)
		if (v)
			ux_log(PLAT_LOG_DEBUG, "%s: tcp_%s %llu", n->name, name,
			       (unsigned long long)v);
}

void ux_net_shutdown(void *net)
{
	struct ux_net *n = net;

	if (!n->pool_ready || n->shut)
		return;
	ns_chan_shutdown(&n->pool);
	n->shut = 1;
	ux_log(PLAT_LOG_INFO,
	       "%s: %llu connections, %llu refused (pool "
	       "full)",
	       n->name, (unsigned long long)n->pool.opened,
	       (unsigned long long)n->pool.refused);
	log_counters(n);
}

void ux_net_close(struct ux_net *n)
{
	if (!n)
		return;
	if (n->rd_ev)
		event_free(n->rd_ev);
	if (n->timer_ev)
		event_free(n->timer_ev);
	if (n->wake_ev)
		event_free(n->wake_ev);
	if (n->fd >= 0)
		close(n->fd);
	free(n->pool_mem);
	free(n->tcp_mem);
	free(n->stack_mem);
	free(n);
}

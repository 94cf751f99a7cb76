/* The epoll loop of of-bench; see bench_run.h. */
#include "bench_run.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define RBUF_SIZE (256u * 1024)
#define TICK_NS 10000000ull /* 10 ms */

uint64_t bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int bench_run_init(struct bench_run *r, const char *host, const char *port,
		   struct bench_switch *sw, size_t n, uint64_t connect_delay_ns,
		   unsigned group_size, bool nodelay, char *err,
		   size_t err_size)
{
	struct addrinfo hints, *res = NULL, *ai;
	int rc;

	memset(r, 0, sizeof *r);
	r->ep = -1;
	r->sw = sw;
	r->n = n;
	r->connect_delay_ns = connect_delay_ns;
	r->group_size = group_size ? group_size : 1;
	r->nodelay = nodelay;
	snprintf(r->target, sizeof r->target, "%s:%s", host, port);

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, err_size, "cannot resolve %s: %s", r->target,
			 gai_strerror(rc));
		return -1;
	}
	/* IPv4 first, as cbench (which knows only IPv4), then the rest. */
	for (int pass = 0; pass < 2; pass++)
		for (ai = res; ai && r->n_addrs < BENCH_MAX_ADDRS;
		     ai = ai->ai_next) {
			if ((ai->ai_family == AF_INET) != (pass == 0) ||
			    ai->ai_addrlen > sizeof r->addrs[0])
				continue;
			memcpy(&r->addrs[r->n_addrs], ai->ai_addr,
			       ai->ai_addrlen);
			r->addr_lens[r->n_addrs++] = ai->ai_addrlen;
		}
	freeaddrinfo(res);
	if (r->n_addrs == 0) {
		snprintf(err, err_size, "no usable address for %s", r->target);
		return -1;
	}

	r->ep = epoll_create1(EPOLL_CLOEXEC);
	r->rbuf = malloc(RBUF_SIZE);
	r->events = calloc(n, sizeof(struct epoll_event));
	r->addr_idx = calloc(n, sizeof *r->addr_idx);
	if (r->ep < 0 || !r->rbuf || !r->events || !r->addr_idx) {
		snprintf(err, err_size, "cannot set up the event loop: %s",
			 strerror(errno ? errno : ENOMEM));
		bench_run_fini(r);
		return -1;
	}
	r->next_connect_at = bench_now();
	r->next_tick = r->next_connect_at;
	return 0;
}

void bench_run_fini(struct bench_run *r)
{
	for (size_t i = 0; i < r->n && r->sw; i++)
		if (r->sw[i].fd >= 0) {
			close(r->sw[i].fd);
			r->sw[i].fd = -1;
		}
	if (r->ep >= 0)
		close(r->ep);
	r->ep = -1;
	free(r->rbuf);
	free(r->events);
	free(r->addr_idx);
	r->rbuf = NULL;
	r->events = NULL;
	r->addr_idx = NULL;
}

bool bench_run_all_started(const struct bench_run *r)
{
	return r->next_to_connect >= r->n;
}

size_t bench_run_count(const struct bench_run *r, enum bench_state s)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n; i++)
		k += r->sw[i].state == s;
	return k;
}

/* Reports and closes a switch whose state became BENCH_SW_CLOSED. */
static void reap(struct bench_switch *sw)
{
	if (sw->state != BENCH_SW_CLOSED || sw->reported)
		return;
	sw->reported = true;
	fprintf(stderr, "of-bench: switch %u (dpid 0x%llx): %s\n", sw->index,
		(unsigned long long)sw->dpid, sw->why);
	if (sw->fd < 0)
		return;
	/* Best effort: a HELLO_FAILED or ERROR may still be queued. */
	if (bench_switch_pending(sw))
		(void)send(sw->fd, sw->out + sw->out_head,
			   sw->out_tail - sw->out_head,
			   MSG_NOSIGNAL | MSG_DONTWAIT);
	close(sw->fd);
	sw->fd = -1;
}

static void set_interest(struct bench_run *r, struct bench_switch *sw,
			 bool want_out, int op)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN | (want_out ? EPOLLOUT : 0);
	ev.data.ptr = sw;
	if (epoll_ctl(r->ep, op, sw->fd, &ev) < 0)
		bench_switch_close(sw, "epoll_ctl: %s", strerror(errno));
	sw->want_out = want_out;
}

/* Starts a non-blocking connect of `sw` to its current address, moving on
 * to the next address if this one fails at once. */
static void start_connect(struct bench_run *r, struct bench_switch *sw)
{
	unsigned *a = &r->addr_idx[sw->index - 1];
	int one = 1;

	for (;; ++*a) {
		const struct sockaddr *sa =
		    (const struct sockaddr *)&r->addrs[*a];
		int fd = socket(sa->sa_family,
				SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (fd < 0) {
			bench_switch_close(sw, "socket: %s", strerror(errno));
			return;
		}
		if (r->nodelay)
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
					 sizeof one);
		if (connect(fd, sa, r->addr_lens[*a]) == 0 ||
		    errno == EINPROGRESS) {
			sw->fd = fd;
			/* Completion (or failure) shows as writability. */
			set_interest(r, sw, true, EPOLL_CTL_ADD);
			return;
		}
		int e = errno;

		close(fd);
		if (*a + 1u >= r->n_addrs) {
			bench_switch_close(sw, "connect to %s: %s", r->target,
					   strerror(e));
			return;
		}
	}
}

/* A connect finished: on failure, tries the next address. */
static void connect_done(struct bench_run *r, struct bench_switch *sw)
{
	unsigned *a = &r->addr_idx[sw->index - 1];
	int soerr = 0;
	socklen_t len = sizeof soerr;

	if (getsockopt(sw->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		soerr = errno;
	if (soerr == EINPROGRESS || soerr == EALREADY)
		return;
	if (soerr != 0) {
		close(sw->fd);
		sw->fd = -1;
		if (*a + 1u < r->n_addrs) {
			++*a;
			start_connect(r, sw);
			return;
		}
		bench_switch_close(sw, "connect to %s: %s", r->target,
				   strerror(soerr));
		return;
	}
	if (r->good == 0 && *a > 0)
		r->good = *a;
	bench_switch_connected(sw);
}

/* Writes pending output once and updates the epoll interest. */
static void flush(struct bench_run *r, struct bench_switch *sw)
{
	bool want;

	if (sw->fd < 0 || sw->state == BENCH_SW_CLOSED ||
	    sw->state == BENCH_SW_IDLE)
		return;
	if (bench_switch_pending(sw)) {
		ssize_t k = send(sw->fd, sw->out + sw->out_head,
				 sw->out_tail - sw->out_head,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k > 0) {
			bench_switch_sent(sw, (size_t)k);
		} else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
			   errno != EINTR) {
			bench_switch_close(sw, "send: %s", strerror(errno));
			return;
		}
	}
	/* Throughput mode always has more to send: stay on EPOLLOUT. */
	want = bench_switch_pending(sw) ||
	       (sw->p->mode == BENCH_THROUGHPUT &&
		sw->state == BENCH_SW_RUNNING && sw->active);
	if (want != sw->want_out)
		set_interest(r, sw, want, EPOLL_CTL_MOD);
}

static void service(struct bench_run *r, struct bench_switch *sw, uint64_t now)
{
	bench_switch_tick(sw, now);
	flush(r, sw);
	reap(sw);
}

static void on_readable(struct bench_run *r, struct bench_switch *sw,
			uint64_t now)
{
	ssize_t k = recv(sw->fd, r->rbuf, RBUF_SIZE, MSG_DONTWAIT);

	if (k > 0)
		bench_switch_input(sw, r->rbuf, (size_t)k, now);
	else if (k == 0)
		bench_switch_close(sw, "connection closed by the controller");
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		bench_switch_close(sw, "recv: %s", strerror(errno));
}

static void connect_due(struct bench_run *r, uint64_t now)
{
	while (r->next_to_connect < r->n && now >= r->next_connect_at) {
		for (unsigned g = 0;
		     g < r->group_size && r->next_to_connect < r->n; g++) {
			struct bench_switch *sw = &r->sw[r->next_to_connect++];

			r->addr_idx[sw->index - 1] = (unsigned)r->good;
			start_connect(r, sw);
			reap(sw);
		}
		if (r->connect_delay_ns == 0)
			continue;
		r->next_connect_at += r->connect_delay_ns;
	}
}

void bench_run_kick(struct bench_run *r)
{
	uint64_t now = bench_now();

	for (size_t i = 0; i < r->n; i++)
		service(r, &r->sw[i], now);
}

void bench_run_step(struct bench_run *r, uint64_t until)
{
	struct epoll_event *ev = r->events;
	uint64_t now = bench_now(), wake = until;
	int timeout_ms, k;

	connect_due(r, now);
	if (r->next_tick < wake)
		wake = r->next_tick;
	if (r->next_to_connect < r->n && r->next_connect_at < wake)
		wake = r->next_connect_at;
	timeout_ms = wake > now ? (int)((wake - now + 999999) / 1000000) : 0;

	k = epoll_wait(r->ep, ev, (int)r->n, timeout_ms);
	now = bench_now();
	for (int i = 0; i < k; i++) {
		struct bench_switch *sw = ev[i].data.ptr;

		if (sw->fd < 0)
			continue;
		if (sw->state == BENCH_SW_IDLE) {
			connect_done(r, sw);
			if (sw->state != BENCH_SW_IDLE)
				flush(r, sw);
			reap(sw);
			continue;
		}
		if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			on_readable(r, sw, now);
		/* A fresh clock for what we send: latency probes are timed
		 * from here. */
		service(r, sw, bench_now());
	}
	if (now >= r->next_tick) {
		now = bench_now();
		r->next_tick = now + TICK_NS;
		for (size_t i = 0; i < r->n; i++)
			service(r, &r->sw[i], now);
	}
}

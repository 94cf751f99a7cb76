/* Listeners: bind, accept, hand to workers (see listen.h). */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "listen.h"
#include "plat_unix.h"
#include "worker.h"

#define ACCEPTS_PER_CALLBACK 64
#define LISTEN_BACKLOG 1024
#define RETRY_MS 1000

struct ux_listener {
	struct ux_target t;
	char name[UX_TARGET_STR_SIZE];
	int fd;
	struct event *ev;
	struct event *retry_ev; /* resumes accepting after EMFILE & co. */
	struct ssl_ctx_st *tls;
	struct ux_workers *workers;
};

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct ux_listener *l = arg;
	const char *scheme = l->tls ? "ssl" : "tcp";

	(void)fd;
	(void)what;
	for (int i = 0; i < ACCEPTS_PER_CALLBACK; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char addr[UX_ADDR_STR_SIZE], peer[64];
		int one = 1;
		int s = accept4(l->fd, (struct sockaddr *)&ss, &sl,
				SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (s < 0) {
			struct timeval tv = {RETRY_MS / 1000,
					     (RETRY_MS % 1000) * 1000};

			switch (errno) {
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
				return;
			case EINTR:
			case ECONNABORTED:
			case EPROTO:
				continue;
			case EMFILE:
			case ENFILE:
			case ENOBUFS:
			case ENOMEM:
				/* Level-triggered: retrying now would spin. */
				ux_log(PLAT_LOG_WARN,
				       "%s: accept: %s: not accepting for %d "
				       "ms",
				       l->name, strerror(errno), RETRY_MS);
				event_del(l->ev);
				evtimer_add(l->retry_ev, &tv);
				return;
			default:
				ux_log(PLAT_LOG_WARN, "%s: accept: %s", l->name,
				       strerror(errno));
				return;
			}
		}
		if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) <
		    0)
			ux_log(PLAT_LOG_DEBUG, "%s: TCP_NODELAY: %s", l->name,
			       strerror(errno));
		ux_sockaddr_format((const struct sockaddr *)&ss, addr,
				   sizeof(addr));
		snprintf(peer, sizeof(peer), "%s:%s", scheme, addr);
		ux_workers_submit(l->workers, s, l->tls, peer);
	}
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct ux_listener *l = arg;

	(void)fd;
	(void)what;
	event_add(l->ev, NULL);
}

/* Opens a listener (see listen.h). */
int ux_listener_open(struct ux_listener **out, const struct ux_target *t,
		     struct event_base *base, struct ssl_ctx_st *tls,
		     struct ux_workers *workers, char *err, size_t err_size)
{
	struct ux_listener *l = calloc(1, sizeof(*l));
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int one = 1, e;

	*out = NULL;
	if (!l) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	l->t = *t;
	l->tls = tls;
	l->workers = workers;
	ux_target_format(t, l->name, sizeof(l->name));
	l->fd = socket(t->addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0) {
		e = errno;
		snprintf(err, err_size, "cannot listen on %s: socket: %s",
			 l->name, strerror(e));
		free(l);
		return -e;
	}
	(void)setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (t->addr.ss_family == AF_INET6)
		(void)setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				 sizeof(one));
	if (bind(l->fd, (const struct sockaddr *)&t->addr, t->addr_size) < 0 ||
	    listen(l->fd, LISTEN_BACKLOG) < 0) {
		e = errno;
		snprintf(err, err_size, "cannot listen on %s: %s", l->name,
			 strerror(e));
		close(l->fd);
		free(l);
		return -e;
	}
	if (getsockname(l->fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET)
			l->t.port =
			    ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			l->t.port =
			    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		ux_target_format(&l->t, l->name, sizeof(l->name));
	}
	l->ev = event_new(base, l->fd, EV_READ | EV_PERSIST, on_accept, l);
	l->retry_ev = evtimer_new(base, on_retry, l);
	if (!l->ev || !l->retry_ev || event_add(l->ev, NULL) < 0) {
		snprintf(err, err_size, "cannot listen on %s: event loop",
			 l->name);
		ux_listener_close(l);
		return -ENOMEM;
	}
	*out = l;
	return 0;
}

/* The listener's name (see listen.h). */
const char *ux_listener_name(const struct ux_listener *l)
{
	return l->name;
}

/* Closes a listener (see listen.h). */
void ux_listener_close(struct ux_listener *l)
{
	if (!l)
		return;
	if (l->ev)
		event_free(l->ev);
	if (l->retry_ev)
		event_free(l->retry_ev);
	close(l->fd);
	free(l);
}

/* Listeners: bind, accept, hand to the owner (see listen.h). */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>

#include "listen.h"
#include "plat_unix.h"

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
	ux_accept_fn *accept;
	void *ctx;
	bool unlink_path; /* punix: we created the socket file */
};

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct ux_listener *l = arg;
	const char *scheme = l->tls ? "ssl" : "tcp";
	bool is_unix = l->t.kind == UX_TARGET_PUNIX;

	(void)fd;
	(void)what;
	for (int i = 0; i < ACCEPTS_PER_CALLBACK; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		char addr[UX_ADDR_STR_SIZE], peer[UX_PEER_SIZE];
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
		if (is_unix) {
			/* Unix peers have no address of their own. */
			snprintf(peer, sizeof(peer), "unix:%s", l->t.path);
		} else {
			if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one,
				       sizeof(one)) < 0)
				ux_log(PLAT_LOG_DEBUG, "%s: TCP_NODELAY: %s",
				       l->name, strerror(errno));
			ux_sockaddr_format((const struct sockaddr *)&ss, addr,
					   sizeof(addr));
			snprintf(peer, sizeof(peer), "%s:%s", scheme, addr);
		}
		l->accept(l->ctx, s, l->tls, peer);
	}
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct ux_listener *l = arg;

	(void)fd;
	(void)what;
	event_add(l->ev, NULL);
}

/* A punix: path that exists: removes it if it is a socket nobody
 * listens on any more (a daemon that did not stop cleanly), refuses
 * otherwise. Returns 0 or -errno with a reason in err. */
static int clear_stale_socket(const struct ux_target *t, const char *name,
			      char *err, size_t err_size)
{
	struct stat st;
	int fd, r;

	if (lstat(t->path, &st) < 0)
		return 0; /* nothing there (or bind will say why) */
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, err_size,
			 "cannot listen on %s: the path exists and is not a "
			 "socket",
			 name);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	r = connect(fd, (const struct sockaddr *)&t->addr, t->addr_size);
	close(fd);
	if (r == 0) {
		snprintf(err, err_size,
			 "cannot listen on %s: another program listens on "
			 "it",
			 name);
		return -EADDRINUSE;
	}
	if (errno == ECONNREFUSED && unlink(t->path) == 0)
		ux_log(PLAT_LOG_INFO, "%s: removed a stale socket file", name);
	return 0;
}

/* Opens a listener (see listen.h). */
int ux_listener_open(struct ux_listener **out, const struct ux_target *t,
		     struct event_base *base, struct ssl_ctx_st *tls,
		     ux_accept_fn *accept, void *ctx, char *err,
		     size_t err_size)
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
	l->accept = accept;
	l->ctx = ctx;
	l->fd = -1;
	ux_target_format(t, l->name, sizeof(l->name));
	if (t->kind == UX_TARGET_PUNIX) {
		e = clear_stale_socket(t, l->name, err, err_size);
		if (e < 0) {
			free(l);
			return e;
		}
	}
	l->fd = socket(t->addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd < 0) {
		e = errno;
		snprintf(err, err_size, "cannot listen on %s: socket: %s",
			 l->name, strerror(e));
		free(l);
		return -e;
	}
	if (t->kind != UX_TARGET_PUNIX)
		(void)setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one,
				 sizeof(one));
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
	l->unlink_path = t->kind == UX_TARGET_PUNIX;
	if (t->kind != UX_TARGET_PUNIX &&
	    getsockname(l->fd, (struct sockaddr *)&ss, &sl) == 0) {
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
	if (l->fd >= 0)
		close(l->fd);
	if (l->unlink_path)
		(void)unlink(l->t.path);
	free(l);
}

/* Plain TCP: recv() into the worker's buffer, writev() from the evbuffer
 * (evbuffer_write gathers its chains into one call). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>

#include "chan_tcp.h"

static enum ux_io tcp_read(struct ux_chan *c, uint8_t *buf, size_t size,
			   size_t *got)
{
	for (;;) {
		ssize_t n = recv(c->fd, buf, size, 0);

		if (n > 0) {
			*got = (size_t)n;
			return UX_IO_OK;
		}
		if (n == 0)
			return UX_IO_EOF;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return UX_IO_WANT_READ;
		snprintf(c->why, sizeof(c->why), "read: %s", strerror(errno));
		return UX_IO_ERR;
	}
}

static enum ux_io tcp_write(struct ux_chan *c)
{
	while (evbuffer_get_length(c->out)) {
		int n = evbuffer_write(c->out, c->fd);

		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK)
			return UX_IO_WANT_WRITE;
		snprintf(c->why, sizeof(c->why), "write: %s", strerror(errno));
		return UX_IO_ERR;
	}
	return UX_IO_OK;
}

const struct ux_transport ux_tcp_transport = {
    .name = "tcp",
    .read = tcp_read,
    .write = tcp_write,
};

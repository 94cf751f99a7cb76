/* xenstore client: framing over the shared ring, requests, watch events
 * (see xs.h). Shared with the hostile side: only the backend's indices
 * (req_cons, rsp_prod) are read from the page, each once per pass, and
 * checked before use; our own (req_prod, rsp_cons) are kept here and only
 * written to it. */
#include "xs.h"

#include <errno.h>
#include <string.h>

/* errno values xenstored may name that xen/include/errno.h lacks (Linux's
 * numbers, as everywhere in the suite). */
#ifndef EACCES
#define EACCES 13
#endif
#ifndef EISDIR
#define EISDIR 21
#endif
#ifndef EROFS
#define EROFS 30
#endif
#ifndef ENOTEMPTY
#define ENOTEMPTY 39
#endif
#ifndef EISCONN
#define EISCONN 106
#endif

#define MASK(i) ((i) & (XS_RING_SIZE - 1))

static void barrier(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Attaches (see xs.h). */
void xs_init(struct xs_client *c, volatile struct xs_ring_page *ring,
	     const struct xs_ops *ops, void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->ring = ring;
	c->ops = ops;
	c->ctx = ctx;
	c->next_id = 1;
	/* Start where the page is: the toolstack leaves it empty, but a
	 * kexec'd or restarted image may find it used. */
	c->req_prod = ring->req_prod;
	c->rsp_cons = ring->rsp_cons;
}

static int broken(struct xs_client *c, uint64_t *counter)
{
	(*counter)++;
	c->broken = true;
	return -EPROTO;
}

/* Pushes request bytes (see xs.h). */
int xs_push(struct xs_client *c, const uint8_t *msg, size_t len, size_t *done)
{
	uint32_t cons, used, space, n;

	if (c->broken)
		return -EPROTO;
	cons = c->ring->req_cons;
	barrier();
	used = c->req_prod - cons;
	if (used > XS_RING_SIZE)
		return broken(c, &c->st.bad_indices);
	space = XS_RING_SIZE - used;
	n = len - *done < space ? (uint32_t)(len - *done) : space;
	for (uint32_t i = 0; i < n; i++)
		c->ring->req[MASK(c->req_prod + i)] = msg[*done + i];
	barrier(); /* the bytes before the index */
	c->req_prod += n;
	c->ring->req_prod = c->req_prod;
	*done += n;
	if (n)
		c->ops->notify(c->ctx);
	return 0;
}

/* Pulls a reply or event (see xs.h). */
int xs_pull(struct xs_client *c, struct xs_msg *m)
{
	uint32_t prod, avail, want, n;

	if (c->broken)
		return -EPROTO;
	prod = c->ring->rsp_prod;
	barrier(); /* the index before the bytes */
	avail = prod - c->rsp_cons;
	if (avail > XS_RING_SIZE)
		return broken(c, &c->st.bad_indices);
	for (;;) {
		want = c->in_len < XS_HEADER_LEN
			   ? XS_HEADER_LEN
			   : XS_HEADER_LEN + get32(c->in + 12);
		n = want - (uint32_t)c->in_len;
		if (n > avail)
			n = avail;
		for (uint32_t i = 0; i < n; i++)
			c->in[c->in_len + i] =
			    c->ring->rsp[MASK(c->rsp_cons + i)];
		c->in_len += n;
		avail -= n;
		if (n) {
			barrier(); /* done reading before freeing */
			c->rsp_cons += n;
			c->ring->rsp_cons = c->rsp_cons;
			c->ops->notify(c->ctx);
		}
		if (c->in_len < XS_HEADER_LEN)
			return 0;
		if (c->in_len == XS_HEADER_LEN &&
		    get32(c->in + 12) > XS_PAYLOAD_MAX)
			return broken(c, &c->st.bad_len);
		if (c->in_len == XS_HEADER_LEN + get32(c->in + 12))
			break;
		if (!avail)
			return 0;
	}
	m->type = get32(c->in);
	m->req_id = get32(c->in + 4);
	m->tx_id = get32(c->in + 8);
	m->len = get32(c->in + 12);
	c->in[c->in_len] = 0; /* a guard: payloads may lack their NUL */
	m->payload = c->in + XS_HEADER_LEN;
	c->in_len = 0;
	return 1;
}

/* The length of the NUL-terminated string at p within len bytes, or -1
 * if there is no NUL. */
static long str_in(const uint8_t *p, size_t len)
{
	const uint8_t *z = memchr(p, 0, len);

	return z ? (long)(z - p) : -1;
}

/* Queues a watch event's "path\0token\0" payload. */
static void queue_event(struct xs_client *c, const struct xs_msg *m)
{
	long plen = str_in(m->payload, m->len), tlen;
	struct xs_event *ev;

	c->st.events++;
	if (plen < 0) {
		c->st.bad_payload++;
		return;
	}
	tlen = str_in(m->payload + plen + 1, m->len - (size_t)plen - 1);
	if (tlen < 0 || plen >= XS_EVENT_SIZE ||
	    tlen >= (long)sizeof(ev->token)) {
		c->st.bad_payload++;
		return;
	}
	if (c->ev_count == XS_MAX_EVENTS) {
		c->st.events_dropped++;
		return;
	}
	ev = &c->events[(c->ev_head + c->ev_count) % XS_MAX_EVENTS];
	memcpy(ev->path, m->payload, (size_t)plen + 1);
	memcpy(ev->token, m->payload + plen + 1, (size_t)tlen + 1);
	c->ev_count++;
}

/* Errno names xenstored uses. */
static const struct {
	const char *name;
	int err;
} err_names[] = {
    {"EINVAL", EINVAL}, {"EACCES", EACCES},   {"EEXIST", EEXIST},
    {"EISDIR", EISDIR}, {"ENOENT", ENOENT},   {"ENOMEM", ENOMEM},
    {"ENOSPC", ENOSPC}, {"EIO", EIO},	      {"ENOTEMPTY", ENOTEMPTY},
    {"ENOSYS", ENOSYS}, {"EROFS", EROFS},     {"EBUSY", EBUSY},
    {"EAGAIN", EAGAIN}, {"EISCONN", EISCONN}, {"E2BIG", E2BIG},
    {"EPERM", EPERM},
};

/* Maps an error name (see xs.h). */
int xs_errno(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(err_names) / sizeof(err_names[0]); i++)
		if (strlen(err_names[i].name) == len &&
		    !memcmp(err_names[i].name, name, len))
			return err_names[i].err;
	return EIO;
}

/* Sends the request in c->out[0..len) and waits for its reply in *m.
 * Returns 0, a negative errno from an XS_ERROR reply, -ETIMEDOUT or
 * -EPROTO. */
static int transact(struct xs_client *c, uint32_t type, size_t len,
		    struct xs_msg *m)
{
	uint32_t id = c->next_id++;
	uint64_t deadline = c->ops->now_ms(c->ctx) + XS_DEFAULT_MS;
	size_t done = 0;
	int r;

	if (c->broken)
		return -EPROTO;
	put32(c->out, type);
	put32(c->out + 4, id);
	put32(c->out + 12, (uint32_t)(len - XS_HEADER_LEN));
	c->st.requests++;
	for (;;) {
		uint64_t now;

		if (done < len && (r = xs_push(c, c->out, len, &done)) < 0)
			return r;
		while (done == len && (r = xs_pull(c, m)) != 0) {
			if (r < 0)
				return r;
			if (m->type == XS_WATCH_EVENT) {
				queue_event(c, m);
				continue;
			}
			if (m->req_id != id) {
				c->st.stray_replies++;
				continue;
			}
			c->st.replies++;
			if (m->type == XS_ERROR) {
				long n = str_in(m->payload, m->len);

				c->st.errors++;
				return -xs_errno((const char *)m->payload,
						 n < 0 ? m->len : (size_t)n);
			}
			if (m->type != type) {
				c->st.bad_payload++;
				return -EPROTO;
			}
			return 0;
		}
		now = c->ops->now_ms(c->ctx);
		if (now >= deadline) {
			c->st.timeouts++;
			if (done < len)
				c->broken = true; /* half a request sent */
			return -ETIMEDOUT;
		}
		(void)c->ops->wait(c->ctx, (uint32_t)(deadline - now));
	}
}

/* Lays out the payload "a\0" [b ["\0"]] after the header, for tx; returns
 * the message length, or 0 if it exceeds XS_PAYLOAD_MAX. */
static size_t build(struct xs_client *c, uint32_t tx, const char *a,
		    const char *b, bool b_nul)
{
	size_t la = strlen(a), lb = b ? strlen(b) + (b_nul ? 1 : 0) : 0;
	uint8_t *p = c->out + XS_HEADER_LEN;

	if (la + 1 + lb > XS_PAYLOAD_MAX)
		return 0;
	put32(c->out + 8, tx);
	memcpy(p, a, la + 1);
	if (b)
		memcpy(p + la + 1, b, lb);
	return XS_HEADER_LEN + la + 1 + lb;
}

/* A request whose reply must be "OK". */
static int simple(struct xs_client *c, uint32_t type, size_t len)
{
	struct xs_msg m;
	int r;

	if (!len)
		return -E2BIG;
	r = transact(c, type, len, &m);
	if (r < 0)
		return r;
	if (m.len < 2 || memcmp(m.payload, "OK", 2) ||
	    (m.len > 2 && (m.len != 3 || m.payload[2]))) {
		c->st.bad_payload++;
		return -EPROTO;
	}
	return 0;
}

/* Reads (see xs.h). */
int xs_read(struct xs_client *c, uint32_t tx, const char *path, char *buf,
	    size_t size)
{
	size_t len = build(c, tx, path, NULL, false);
	struct xs_msg m;
	int r;

	if (!len)
		return -E2BIG;
	r = transact(c, XS_READ, len, &m);
	if (r < 0)
		return r;
	if (m.len + 1 > size)
		return -E2BIG;
	if (memchr(m.payload, 0, m.len))
		return -EINVAL;
	memcpy(buf, m.payload, m.len);
	buf[m.len] = '\0';
	return (int)m.len;
}

/* Reads a number (see xs.h). */
int xs_read_uint(struct xs_client *c, uint32_t tx, const char *path,
		 uint64_t max, uint64_t *v)
{
	char buf[24];
	uint64_t x = 0;
	int n = xs_read(c, tx, path, buf, sizeof(buf));

	if (n == -E2BIG)
		return -EINVAL;
	if (n <= 0)
		return n < 0 ? n : -EINVAL;
	for (int i = 0; i < n; i++) {
		unsigned d = (unsigned)(buf[i] - '0');

		if (d > 9 || x > (max - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

/* Writes (see xs.h). */
int xs_write(struct xs_client *c, uint32_t tx, const char *path,
	     const char *value)
{
	return simple(c, XS_WRITE, build(c, tx, path, value, false));
}

/* Removes (see xs.h). */
int xs_rm(struct xs_client *c, uint32_t tx, const char *path)
{
	return simple(c, XS_RM, build(c, tx, path, NULL, false));
}

/* Lists children (see xs.h). */
int xs_directory(struct xs_client *c, uint32_t tx, const char *path, char *buf,
		 size_t size, unsigned *n)
{
	size_t len = build(c, tx, path, NULL, false);
	struct xs_msg m;
	unsigned count = 0;
	int r;

	if (!len)
		return -E2BIG;
	r = transact(c, XS_DIRECTORY, len, &m);
	if (r < 0)
		return r;
	if (m.len && m.payload[m.len - 1]) {
		c->st.bad_payload++;
		return -EPROTO;
	}
	if (m.len > size)
		return -E2BIG;
	for (uint32_t i = 0; i < m.len; i++)
		count += m.payload[i] == 0;
	memcpy(buf, m.payload, m.len);
	*n = count;
	return (int)m.len;
}

/* Watches (see xs.h). */
int xs_watch(struct xs_client *c, const char *path, const char *token)
{
	return simple(c, XS_WATCH, build(c, 0, path, token, true));
}

int xs_unwatch(struct xs_client *c, const char *path, const char *token)
{
	return simple(c, XS_UNWATCH, build(c, 0, path, token, true));
}

/* Starts a transaction (see xs.h). */
int xs_transaction_start(struct xs_client *c, uint32_t *tx)
{
	size_t len = build(c, 0, "", NULL, false);
	struct xs_msg m;
	uint64_t x = 0;
	long n;
	int r = transact(c, XS_TRANSACTION_START, len, &m);

	if (r < 0)
		return r;
	n = str_in(m.payload, m.len);
	if (n < 0)
		n = (long)m.len;
	for (long i = 0; i < n; i++) {
		unsigned d = (unsigned)(m.payload[i] - '0');

		if (d > 9 || x > 0xffffffffu / 10)
			n = 0;
		x = x * 10 + d;
	}
	if (n <= 0 || x == 0 || x > 0xffffffffu) {
		c->st.bad_payload++;
		return -EPROTO;
	}
	*tx = (uint32_t)x;
	return 0;
}

/* Ends a transaction (see xs.h). */
int xs_transaction_end(struct xs_client *c, uint32_t tx, bool commit)
{
	return simple(c, XS_TRANSACTION_END,
		      build(c, tx, commit ? "T" : "F", NULL, false));
}

/* The next watch event (see xs.h). */
int xs_next_event(struct xs_client *c, struct xs_event *ev)
{
	struct xs_msg m;
	int r;

	while ((r = xs_pull(c, &m)) > 0) {
		if (m.type == XS_WATCH_EVENT)
			queue_event(c, &m);
		else
			c->st.stray_replies++;
	}
	if (r < 0 && !c->ev_count)
		return r;
	if (!c->ev_count)
		return 0;
	*ev = c->events[c->ev_head];
	c->ev_head = (c->ev_head + 1) % XS_MAX_EVENTS;
	c->ev_count--;
	return 1;
}

/* Tests of the xenstore client (xen/xs.c) against a fake xenstored that
 * serves the ring page from the client's wait() callback: reads, writes,
 * directories, removal, watches and their events, transactions, errors by
 * name, values larger than the ring (streamed both ways, wrapping), and a
 * hostile backend: impossible indices, oversized lengths, stray replies,
 * wrong reply types, bad event payloads, silence (timeouts on a fake
 * clock). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xs.h"

#define MAX_KEYS 64
#define MAX_WATCHES 8

static struct xs_ring_page page;
static struct xs_client xc;
static uint64_t now;
static unsigned notifies;

/* The fake daemon's state. */
static struct {
	char key[MAX_KEYS][128];
	char val[MAX_KEYS][4096];
	size_t vlen[MAX_KEYS];
	unsigned n;
	char wpath[MAX_WATCHES][128], wtoken[MAX_WATCHES][64];
	unsigned nw;
	uint8_t in[16 + 4096]; /* request being assembled */
	size_t in_len;
	uint8_t out[65536]; /* replies not yet in the ring */
	size_t out_len, out_off;
	/* Misbehaviour. */
	bool silent;	   /* never answers */
	bool stray_first;  /* a reply with another req_id before each */
	bool wrong_type;   /* answers with XS_READ whatever the request */
	uint32_t evil_len; /* if set, the next reply header claims this */
	uint32_t requests; /* requests handled */
} d;

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void reply(uint32_t type, uint32_t id, uint32_t tx, const void *p,
		  size_t len)
{
	uint8_t *o = d.out + d.out_len;

	put32(o, type);
	put32(o + 4, id);
	put32(o + 8, tx);
	put32(o + 12, d.evil_len ? d.evil_len : (uint32_t)len);
	d.evil_len = 0;
	memcpy(o + 16, p, len);
	d.out_len += 16 + len;
}

static void reply_str(uint32_t type, uint32_t id, const char *s)
{
	reply(type, id, 0, s, strlen(s) + 1);
}

static int find(const char *k)
{
	for (unsigned i = 0; i < d.n; i++)
		if (!strcmp(d.key[i], k))
			return (int)i;
	return -1;
}

static void fire(const char *path)
{
	for (unsigned i = 0; i < d.nw; i++) {
		size_t n = strlen(d.wpath[i]);
		uint8_t ev[300];
		size_t pl = strlen(path), tl = strlen(d.wtoken[i]);

		if (strncmp(path, d.wpath[i], n) || (path[n] && path[n] != '/'))
			continue;
		memcpy(ev, path, pl + 1);
		memcpy(ev + pl + 1, d.wtoken[i], tl + 1);
		reply(XS_WATCH_EVENT, 0, 0, ev, pl + tl + 2);
	}
}

static void handle(void)
{
	uint32_t type = get32(d.in), id = get32(d.in + 4),
		 len = get32(d.in + 12);
	char *p = (char *)d.in + 16;
	int k;

	d.requests++;
	if (d.silent)
		return;
	if (d.stray_first)
		reply_str(type, id + 1000, "OK");
	if (d.wrong_type && type != XS_READ) {
		reply(XS_READ, id, 0, "x", 1);
		return;
	}
	switch (type) {
	case XS_READ:
		k = find(p);
		if (k < 0)
			reply_str(XS_ERROR, id, "ENOENT");
		else
			reply(XS_READ, id, 0, d.val[k], d.vlen[k]);
		break;
	case XS_WRITE: {
		size_t kl = strlen(p);

		k = find(p);
		if (k < 0) {
			k = (int)d.n++;
			strcpy(d.key[k], p);
		}
		d.vlen[k] = len - kl - 1;
		memcpy(d.val[k], p + kl + 1, d.vlen[k]);
		reply_str(XS_WRITE, id, "OK");
		fire(p);
		break;
	}
	case XS_RM:
		k = find(p);
		if (k < 0) {
			reply_str(XS_ERROR, id, "ENOENT");
			break;
		}
		d.n--;
		memmove(d.key[k], d.key[d.n], sizeof(d.key[k]));
		memmove(d.val[k], d.val[d.n], d.vlen[d.n]);
		d.vlen[k] = d.vlen[d.n];
		reply_str(XS_RM, id, "OK");
		break;
	case XS_DIRECTORY: {
		uint8_t buf[4096];
		size_t n = 0, pl = strlen(p);

		for (unsigned i = 0; i < d.n; i++) {
			const char *key = d.key[i];

			if (!strncmp(key, p, pl) && key[pl] == '/' &&
			    !strchr(key + pl + 1, '/')) {
				strcpy((char *)buf + n, key + pl + 1);
				n += strlen(key + pl + 1) + 1;
			}
		}
		reply(XS_DIRECTORY, id, 0, buf, n);
		break;
	}
	case XS_WATCH:
		strcpy(d.wpath[d.nw], p);
		strcpy(d.wtoken[d.nw], p + strlen(p) + 1);
		d.nw++;
		reply_str(XS_WATCH, id, "OK");
		fire(p); /* xenstored fires a new watch once */
		break;
	case XS_UNWATCH:
		for (unsigned i = 0; i < d.nw; i++)
			if (!strcmp(d.wpath[i], p)) {
				d.nw--;
				memmove(d.wpath[i], d.wpath[d.nw],
					sizeof(d.wpath[i]));
				memmove(d.wtoken[i], d.wtoken[d.nw],
					sizeof(d.wtoken[i]));
			}
		reply_str(XS_UNWATCH, id, "OK");
		break;
	case XS_TRANSACTION_START:
		reply_str(XS_TRANSACTION_START, id, "42");
		break;
	case XS_TRANSACTION_END:
		if (get32(d.in + 8) != 42)
			reply_str(XS_ERROR, id, "EINVAL");
		else if (p[0] == 'T' && find("conflict") >= 0)
			reply_str(XS_ERROR, id, "EAGAIN");
		else
			reply_str(XS_TRANSACTION_END, id, "OK");
		break;
	default:
		reply_str(XS_ERROR, id, "ENOSYS");
	}
}

/* The daemon's turn: consume requests, produce replies, as ring space
 * allows. */
static void daemon_run(void)
{
	while (page.req_cons != page.req_prod) {
		d.in[d.in_len++] = page.req[page.req_cons++ % XS_RING_SIZE];
		if (d.in_len >= 16 && d.in_len == 16 + get32(d.in + 12)) {
			handle();
			d.in_len = 0;
		}
	}
	while (d.out_off < d.out_len &&
	       page.rsp_prod - page.rsp_cons < XS_RING_SIZE)
		page.rsp[page.rsp_prod++ % XS_RING_SIZE] = d.out[d.out_off++];
	if (d.out_off == d.out_len)
		d.out_off = d.out_len = 0;
}

static void op_notify(void *ctx)
{
	(void)ctx;
	notifies++;
}

static bool op_wait(void *ctx, uint32_t ms)
{
	(void)ctx;
	now += ms < 10 ? ms : 10;
	daemon_run();
	return true;
}

static uint64_t op_now(void *ctx)
{
	(void)ctx;
	return now;
}

static const struct xs_ops ops = {op_notify, op_wait, op_now};

static void reset(void)
{
	memset(&page, 0, sizeof(page));
	memset(&d, 0, sizeof(d));
	xs_init(&xc, &page, &ops, NULL);
}

static void test_basic(void)
{
	char buf[256];
	uint64_t v;
	unsigned n;
	int r;

	reset();
	CHECK_EQ(xs_read(&xc, 0, "device/vif/0/mac", buf, sizeof(buf)),
		 -ENOENT);
	CHECK_EQ(xs_write(&xc, 0, "device/vif/0/mac", "00:16:3e:00:00:20"), 0);
	CHECK_EQ(xs_write(&xc, 0, "device/vif/0/backend-id", "0"), 0);
	CHECK_EQ(xs_write(&xc, 0, "device/vif/1/mac", "x"), 0);
	CHECK_EQ(xs_read(&xc, 0, "device/vif/0/mac", buf, sizeof(buf)), 17);
	CHECK_STR(buf, "00:16:3e:00:00:20");
	CHECK_EQ(xs_read(&xc, 0, "device/vif/0/mac", buf, 17), -E2BIG);
	CHECK_EQ(xs_read_uint(&xc, 0, "device/vif/0/backend-id", 65535, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(xs_write(&xc, 0, "n", "65536"), 0);
	CHECK_EQ(xs_read_uint(&xc, 0, "n", 65535, &v), -EINVAL);
	CHECK_EQ(xs_write(&xc, 0, "n", " 1"), 0);
	CHECK_EQ(xs_read_uint(&xc, 0, "n", 65535, &v), -EINVAL);
	CHECK_EQ(xs_write(&xc, 0, "n", ""), 0);
	CHECK_EQ(xs_read_uint(&xc, 0, "n", 65535, &v), -EINVAL);
	CHECK_EQ(xs_write(&xc, 0, "n", "123456789012345678901234567890"), 0);
	CHECK_EQ(xs_read_uint(&xc, 0, "n", UINT64_MAX, &v), -EINVAL);
	CHECK_EQ(xs_read_uint(&xc, 0, "missing", 5, &v), -ENOENT);
	r = xs_directory(&xc, 0, "device/vif/0", buf, sizeof(buf), &n);
	CHECK_EQ(r, (int)sizeof("mac") + (int)sizeof("backend-id"));
	CHECK_EQ(n, 2);
	CHECK(!memcmp(buf, "mac\0backend-id\0", (size_t)r));
	CHECK_EQ(xs_directory(&xc, 0, "device/vif/0", buf, 5, &n), -E2BIG);
	CHECK_EQ(xs_rm(&xc, 0, "device/vif/1/mac"), 0);
	CHECK_EQ(xs_rm(&xc, 0, "device/vif/1/mac"), -ENOENT);
	/* A value with a NUL in it is refused, not truncated. */
	{
		uint8_t bin[3] = {'a', 0, 'b'};
		int k = (int)d.n++;

		strcpy(d.key[k], "bin");
		memcpy(d.val[k], bin, 3);
		d.vlen[k] = 3;
		CHECK_EQ(xs_read(&xc, 0, "bin", buf, sizeof(buf)), -EINVAL);
	}
	CHECK_EQ(xc.st.bad_indices + xc.st.bad_len + xc.st.stray_replies, 0);
	CHECK(notifies > 0);
	/* Too long to send. */
	{
		static char big[5000];

		memset(big, 'a', sizeof(big) - 1);
		CHECK_EQ(xs_write(&xc, 0, "k", big), -E2BIG);
		CHECK_EQ(xs_read(&xc, 0, big, buf, sizeof(buf)), -E2BIG);
	}
}

/* A 4000-byte value crosses the 1024-byte rings several times each way,
 * and many requests wrap the indices around. */
static void test_large_and_wrap(void)
{
	static char val[4001], back[4096];

	reset();
	for (int i = 0; i < 4000; i++)
		val[i] = (char)('a' + i % 26);
	CHECK_EQ(xs_write(&xc, 0, "big", val), 0);
	CHECK_EQ(xs_read(&xc, 0, "big", back, sizeof(back)), 4000);
	CHECK(!memcmp(back, val, 4000));
	for (int i = 0; i < 500; i++) {
		char v[16];

		snprintf(v, sizeof(v), "%d", i);
		if (xs_write(&xc, 0, "k", v) != 0 ||
		    xs_read(&xc, 0, "k", back, sizeof(back)) !=
			(int)strlen(v) ||
		    strcmp(back, v)) {
			CHECK(0);
			break;
		}
	}
	CHECK(page.req_prod > 3 * XS_RING_SIZE);
	/* Indices near the 32-bit wrap work too. */
	memset(&page, 0, sizeof(page));
	page.req_cons = page.req_prod = 0xfffffff0u;
	page.rsp_cons = page.rsp_prod = 0xfffffff8u;
	memset(&d, 0, sizeof(d));
	xs_init(&xc, &page, &ops, NULL);
	CHECK_EQ(xs_write(&xc, 0, "big", val), 0);
	CHECK_EQ(xs_read(&xc, 0, "big", back, sizeof(back)), 4000);
	CHECK(!memcmp(back, val, 4000));
}

static void test_watches_and_tx(void)
{
	struct xs_event ev;
	uint32_t tx = 0;

	reset();
	CHECK_EQ(xs_next_event(&xc, &ev), 0);
	CHECK_EQ(xs_watch(&xc, "backend/vif", "be"), 0);
	CHECK_EQ(xs_next_event(&xc, &ev), 1); /* the initial firing */
	CHECK_STR(ev.path, "backend/vif");
	CHECK_STR(ev.token, "be");
	CHECK_EQ(xs_write(&xc, 0, "backend/vif/0/state", "4"), 0);
	CHECK_EQ(xs_write(&xc, 0, "other", "1"), 0);
	CHECK_EQ(xs_next_event(&xc, &ev), 1);
	CHECK_STR(ev.path, "backend/vif/0/state");
	CHECK_EQ(xs_next_event(&xc, &ev), 0);
	/* More events than the queue holds while a request waits. */
	for (int i = 0; i < XS_MAX_EVENTS + 3; i++)
		CHECK_EQ(xs_write(&xc, 0, "backend/vif/x", "1"), 0);
	for (int i = 0; i < XS_MAX_EVENTS; i++)
		CHECK_EQ(xs_next_event(&xc, &ev), 1);
	CHECK_EQ(xs_next_event(&xc, &ev), 0);
	/* (The last write's event came after its reply: read, and dropped,
	 * by the first xs_next_event.) */
	CHECK_EQ(xc.st.events_dropped, 3);
	CHECK_EQ(xs_unwatch(&xc, "backend/vif", "be"), 0);
	CHECK_EQ(xs_write(&xc, 0, "backend/vif/0/state", "5"), 0);
	CHECK_EQ(xs_next_event(&xc, &ev), 0);

	CHECK_EQ(xs_transaction_start(&xc, &tx), 0);
	CHECK_EQ(tx, 42);
	CHECK_EQ(xs_transaction_end(&xc, tx, true), 0);
	CHECK_EQ(xs_transaction_end(&xc, 7, true), -EINVAL);
	CHECK_EQ(xs_write(&xc, 0, "conflict", "1"), 0);
	CHECK_EQ(xs_transaction_end(&xc, tx, true), -EAGAIN);
	CHECK_EQ(xs_transaction_end(&xc, tx, false), 0);
	CHECK_EQ(xs_errno("ENOTEMPTY", 9), 39);
	CHECK_EQ(xs_errno("EWHATEVER", 9), EIO);
	CHECK_EQ(xs_errno("ENOENTX", 6), ENOENT);
}

static void test_hostile(void)
{
	char buf[64];
	struct xs_event ev;

	/* Silence: a timeout, then the client still works. */
	reset();
	d.silent = true;
	CHECK_EQ(xs_read(&xc, 0, "a", buf, sizeof(buf)), -ETIMEDOUT);
	CHECK_EQ(xc.st.timeouts, 1);
	d.silent = false;
	CHECK_EQ(xs_write(&xc, 0, "a", "1"), 0);

	/* A reply for another request first: skipped and counted. */
	reset();
	d.stray_first = true;
	CHECK_EQ(xs_write(&xc, 0, "a", "1"), 0);
	CHECK_EQ(xs_read(&xc, 0, "a", buf, sizeof(buf)), 1);
	CHECK_EQ(xc.st.stray_replies, 2);

	/* A reply of the wrong type. */
	reset();
	d.wrong_type = true;
	CHECK_EQ(xs_write(&xc, 0, "a", "1"), -EPROTO);
	CHECK_EQ(xc.st.bad_payload, 1);

	/* A header claiming more than 4096 bytes: the client stops. */
	reset();
	d.evil_len = 5000;
	CHECK_EQ(xs_write(&xc, 0, "a", "1"), -EPROTO);
	CHECK_EQ(xc.st.bad_len, 1);
	CHECK(xc.broken);
	CHECK_EQ(xs_read(&xc, 0, "a", buf, sizeof(buf)), -EPROTO);

	/* A producer index more than a ring ahead. */
	reset();
	page.rsp_prod = page.rsp_cons + XS_RING_SIZE + 1;
	CHECK_EQ(xs_next_event(&xc, &ev), -EPROTO);
	CHECK_EQ(xc.st.bad_indices, 1);
	/* A consumer index that went past what we produced. */
	reset();
	page.req_cons = 5000;
	CHECK_EQ(xs_write(&xc, 0, "a", "1"), -EPROTO);
	CHECK_EQ(xc.st.bad_indices, 1);

	/* Watch events with bad payloads are dropped and counted. */
	reset();
	reply(XS_WATCH_EVENT, 0, 0, "path-without-nul", 16);
	reply(XS_WATCH_EVENT, 0, 0, "path\0", 5); /* no token */
	{
		static char longp[400];

		memset(longp, 'p', 300);
		reply(XS_WATCH_EVENT, 0, 0, longp, 302); /* path too long */
	}
	reply(XS_WATCH_EVENT, 0, 0, "ok\0t\0", 5);
	daemon_run();
	CHECK_EQ(xs_next_event(&xc, &ev), 1);
	CHECK_STR(ev.path, "ok");
	CHECK_EQ(xc.st.bad_payload, 3);
	/* A transaction id that is not a number. */
	reset();
	reply_str(XS_TRANSACTION_START, 1, "4x");
	daemon_run();
	{
		uint32_t tx;

		d.silent = true;
		CHECK_EQ(xs_transaction_start(&xc, &tx), -EPROTO);
	}
	/* An error reply without a NUL, and an "OK" that is not. */
	reset();
	reply(XS_ERROR, 1, 0, "EACCES", 6);
	reply(XS_WRITE, 2, 0, "OKAY", 4);
	daemon_run();
	d.silent = true;
	CHECK_EQ(xs_read(&xc, 0, "a", buf, sizeof(buf)), -13);
	CHECK_EQ(xs_write(&xc, 0, "a", "b"), -EPROTO);
}

int main(void)
{
	test_basic();
	test_large_and_wrap();
	test_watches_and_tx();
	test_hostile();
	return check_summary();
}

/* libFuzzer target for the xenstore client (xen/xs.c): the input plays a
 * hostile xenstored. It is a list of records
 *   op:1 len:1 data:len
 * where op % 8 is: 0 bytes the backend appends to the response stream
 * (moved into the ring, as space allows, each time the client waits),
 * 1 a jump of the backend's rsp_prod by data[0] - 128, 2 a jump of its
 * req_cons likewise, 3 to 7 a client call (read, write, directory,
 * watch, transaction start/end, next event) with paths taken from data.
 * Requests are consumed by the fake backend without being parsed. The
 * clock advances by a second at each wait, so every call ends. Whatever
 * the backend does, the client must not overrun, hang or crash. */
#include <stdint.h>
#include <string.h>

#include "xs.h"

static struct xs_ring_page page;
static struct xs_client xc;
static uint64_t now;
static const uint8_t *stream;
static size_t stream_len, stream_off;

static void op_notify(void *ctx)
{
	(void)ctx;
}

/* The backend's turn: takes every request byte, writes what fits. */
static bool op_wait(void *ctx, uint32_t ms)
{
	(void)ctx;
	(void)ms;
	now += 1000;
	page.req_cons = page.req_prod;
	while (stream_off < stream_len &&
	       (uint32_t)(page.rsp_prod - page.rsp_cons) < XS_RING_SIZE)
		page.rsp[page.rsp_prod++ % XS_RING_SIZE] = stream[stream_off++];
	return true;
}

static uint64_t op_now(void *ctx)
{
	(void)ctx;
	return now;
}

static const struct xs_ops ops = {op_notify, op_wait, op_now};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t backlog[1 << 16];
	char path[64], buf[512];
	size_t off = 0;

	memset(&page, 0, sizeof(page));
	xs_init(&xc, &page, &ops, NULL);
	stream = backlog;
	stream_len = stream_off = 0;
	while (off + 2 <= size) {
		uint8_t op = data[off], len = data[off + 1];
		const uint8_t *p = data + off + 2;
		struct xs_event ev;
		uint64_t v;
		uint32_t tx;
		unsigned n;

		off += 2;
		if (len > size - off)
			len = (uint8_t)(size - off);
		off += len;
		n = len < sizeof(path) - 1 ? len : sizeof(path) - 1;
		memcpy(path, p, n);
		path[n] = '\0';
		switch (op % 8) {
		case 0:
			if (stream_len + len <= sizeof(backlog)) {
				memcpy(backlog + stream_len, p, len);
				stream_len += len;
			}
			break;
		case 1:
			page.rsp_prod += len ? (uint32_t)p[0] - 128 : 0;
			break;
		case 2:
			page.req_cons += len ? (uint32_t)p[0] - 128 : 0;
			break;
		case 3:
			(void)xs_read(&xc, 0, path, buf,
				      op & 8 ? 4 : sizeof(buf));
			(void)xs_read_uint(&xc, 0, path, 65535, &v);
			break;
		case 4:
			(void)xs_write(&xc, op >> 4, path, path);
			(void)xs_rm(&xc, 0, path);
			break;
		case 5:
			(void)xs_directory(&xc, 0, path, buf,
					   op & 8 ? 8 : sizeof(buf), &n);
			break;
		case 6:
			(void)xs_watch(&xc, path, "t");
			(void)xs_unwatch(&xc, path, "t");
			break;
		default:
			if (xs_transaction_start(&xc, &tx) == 0)
				(void)xs_transaction_end(&xc, tx, op & 8);
			while (xs_next_event(&xc, &ev) == 1)
				if (strlen(ev.path) >= sizeof(ev.path) ||
				    strlen(ev.token) >= sizeof(ev.token))
					__builtin_trap();
			break;
		}
	}
	return 0;
}

/* Tests of netfront's rings (xen/netfront.c) against a fake backend that
 * plays netback on the same memory: ring initialisation, transmit and
 * completion, receive with offsets and re-posting, running out of
 * buffers, index wrap-around, notification rules, budgets, and a hostile
 * backend: ids out of range or not in flight, lengths and offsets outside
 * the page, error statuses, flags we never negotiated, response indices
 * ahead of the requests. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "netfront.h"

#define NB 8

static _Alignas(4096) uint8_t tx_ring[NF_PAGE_SIZE], rx_ring[NF_PAGE_SIZE];
static _Alignas(4096) uint8_t tx_pages[NB][NF_PAGE_SIZE],
    rx_pages[NB][NF_PAGE_SIZE];
static struct netfront nf;
static unsigned notified;

/* The fake backend's side. */
static uint32_t be_tx_cons, be_tx_rsp, be_rx_cons, be_rx_rsp;
static uint8_t be_last[2048];
static size_t be_last_len;
static unsigned be_frames;

/* What the guest received. */
static uint8_t got[NF_PAGE_SIZE];
static size_t got_len;
static unsigned got_frames;

static uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void st16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void st32(uint8_t *p, uint32_t v)
{
	st16(p, (uint16_t)v);
	st16(p + 2, (uint16_t)(v >> 16));
}

static uint8_t *slot(uint8_t *ring, uint32_t i, size_t size)
{
	return ring + 64 + (i % NF_RING_SIZE) * size;
}

static void notify(void *ctx)
{
	(void)ctx;
	notified++;
}

static void on_rx(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	memcpy(got, frame, len);
	got_len = len;
	got_frames++;
}

static void setup(void)
{
	struct nf_buf tx[NB], rx[NB];

	for (int i = 0; i < NB; i++) {
		tx[i].page = tx_pages[i];
		tx[i].gref = 100 + (uint32_t)i;
		rx[i].page = rx_pages[i];
		rx[i].gref = 200 + (uint32_t)i;
	}
	be_tx_cons = be_tx_rsp = be_rx_cons = be_rx_rsp = 0;
	be_frames = got_frames = notified = 0;
	nf_init(&nf, tx_ring, rx_ring, tx, NB, rx, NB, notify, NULL);
}

/* netback's transmit side: consumes every request, copies its frame out
 * of the granted page, answers with `status`. */
static void be_tx(int16_t status)
{
	uint32_t prod = ld32(tx_ring);

	while (be_tx_cons != prod) {
		uint8_t *e = slot(tx_ring, be_tx_cons++, 12);
		uint32_t gref = ld32(e);
		uint16_t off = ld16(e + 4), id = ld16(e + 8),
			 size = ld16(e + 10);
		uint8_t *r = slot(tx_ring, be_tx_rsp++, 12);

		CHECK(gref >= 100 && gref < 100 + NB);
		CHECK_EQ(ld16(e + 6), 0);
		memcpy(be_last, tx_pages[gref - 100] + off, size);
		be_last_len = size;
		be_frames++;
		st16(r, id);
		st16(r + 2, (uint16_t)status);
	}
	st32(tx_ring + 8, be_tx_rsp);
}

/* A raw tx response (hostile tests). */
static void be_tx_raw(uint16_t id, int16_t status)
{
	uint8_t *r = slot(tx_ring, be_tx_rsp++, 12);

	st16(r, id);
	st16(r + 2, (uint16_t)status);
	st32(tx_ring + 8, be_tx_rsp);
}

/* netback's receive side: one frame into the next posted buffer at
 * `off`, with the given response fields (id from the request unless
 * id_override >= 0). */
static void be_rx_raw(const uint8_t *frame, size_t len, uint16_t off,
		      uint16_t flags, int16_t status, int id_override)
{
	uint8_t *e = slot(rx_ring, be_rx_cons++, 8);
	uint16_t id = ld16(e);
	uint32_t gref = ld32(e + 4);
	uint8_t *r = slot(rx_ring, be_rx_rsp++, 8);

	CHECK(gref >= 200 && gref < 200 + NB);
	if (frame && off + len <= NF_PAGE_SIZE)
		memcpy(rx_pages[gref - 200] + off, frame, len);
	st16(r, id_override >= 0 ? (uint16_t)id_override : id);
	st16(r + 2, off);
	st16(r + 4, flags);
	st16(r + 6, (uint16_t)status);
	st32(rx_ring + 8, be_rx_rsp);
}

static void be_rx(const uint8_t *frame, size_t len, uint16_t off)
{
	be_rx_raw(frame, len, off, 0, (int16_t)len, -1);
}

static void test_init_and_tx(void)
{
	uint8_t f[1518];

	setup();
	CHECK_EQ(ld32(rx_ring), NB); /* every rx buffer posted */
	CHECK_EQ(ld32(rx_ring + 4), 1);
	CHECK_EQ(ld32(tx_ring + 12), 1);
	for (int i = 0; i < NB; i++) {
		CHECK_EQ(ld16(slot(rx_ring, (uint32_t)i, 8)), i);
		CHECK_EQ(ld32(slot(rx_ring, (uint32_t)i, 8) + 4), 200 + i);
	}
	for (size_t i = 0; i < sizeof(f); i++)
		f[i] = (uint8_t)(i * 7);
	CHECK_EQ(nf_tx_space(&nf), NB);
	CHECK_EQ(nf_tx(&nf, f, 60), 0);
	CHECK_EQ(nf_tx(&nf, f, 1518), 0);
	CHECK_EQ(nf_tx(&nf, f, 1519), -EMSGSIZE);
	CHECK_EQ(nf_tx(&nf, f, 0), -EMSGSIZE);
	CHECK_EQ(ld32(tx_ring), 0); /* not published before the flush */
	nf_flush(&nf);
	CHECK_EQ(ld32(tx_ring), 2);
	CHECK_EQ(notified, 1); /* req_event 1 was crossed */
	be_tx(NF_RSP_OKAY);
	CHECK_EQ(be_frames, 2);
	CHECK_EQ(be_last_len, 1518);
	CHECK(!memcmp(be_last, f, 1518));
	CHECK_EQ(nf_tx_space(&nf), NB - 2);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(nf_tx_space(&nf), NB);
	/* It asked to be told of the next response. */
	CHECK_EQ(ld32(tx_ring + 12), 3);
	/* The backend does not want events (req_event far ahead): no
	 * notify. */
	st32(tx_ring + 4, 1000);
	notified = 0;
	CHECK_EQ(nf_tx(&nf, f, 100), 0);
	nf_flush(&nf);
	CHECK_EQ(notified, 0);
	nf_flush(&nf); /* nothing new: nothing published */
	be_tx(NF_RSP_OKAY);
	/* Every buffer in flight. */
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 1);
	for (int i = 0; i < NB; i++)
		CHECK_EQ(nf_tx(&nf, f, 64), 0);
	CHECK_EQ(nf_tx(&nf, f, 64), -EAGAIN);
	CHECK_EQ(nf.st.tx_full, 1);
	nf_flush(&nf);
	be_tx(NF_RSP_OKAY);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 3), 3); /* the budget */
	CHECK_EQ(nf_tx_space(&nf), 3);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), NB - 3);
	CHECK_EQ(nf_tx_space(&nf), NB);
	/* Errors from the backend free the buffer and are counted. */
	CHECK_EQ(nf_tx(&nf, f, 64), 0);
	CHECK_EQ(nf_tx(&nf, f, 64), 0);
	nf_flush(&nf);
	be_tx(NF_RSP_DROPPED);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(nf.st.tx_errors, 2);
	CHECK_EQ(nf_tx_space(&nf), NB);
}

static void test_rx(void)
{
	uint8_t f[1518];

	setup();
	for (size_t i = 0; i < sizeof(f); i++)
		f[i] = (uint8_t)(i ^ 0x5a);
	be_rx(f, 60, 0);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 1);
	CHECK_EQ(got_frames, 1);
	CHECK_EQ(got_len, 60);
	CHECK(!memcmp(got, f, 60));
	CHECK_EQ(ld32(rx_ring), NB + 1); /* re-posted */
	be_rx(f, 1518, 2048);
	be_rx(f, 100, NF_PAGE_SIZE - 100); /* to the page's last byte */
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(got_frames, 3);
	CHECK_EQ(got_len, 100);
	CHECK(!memcmp(got, f, 100));
	CHECK_EQ(nf.st.rx_bytes, 60 + 1518 + 100);
	/* Thousands of frames each way: the indices wrap the rings many
	 * times. */
	for (int i = 0; i < 3000; i++) {
		f[0] = (uint8_t)i;
		be_rx(f, 64 + (size_t)(i % 1000), (uint16_t)(i % 7));
		if (nf_tx(&nf, f, 64 + (size_t)(i % 1400)) != 0)
			CHECK(0);
		nf_flush(&nf);
		be_tx(NF_RSP_OKAY);
		if (nf_poll(&nf, on_rx, NULL, 64) != 2 || got[0] != f[0] ||
		    got_len != 64 + (size_t)(i % 1000) ||
		    be_last_len != 64 + (size_t)(i % 1400)) {
			CHECK(0);
			break;
		}
	}
	CHECK(ld32(rx_ring) > 10 * NF_RING_SIZE);
	CHECK_EQ(nf.st.rx_bad_id + nf.st.rx_bad_len + nf.st.tx_bad_id, 0);
	CHECK_EQ(nf_tx_space(&nf), NB);
}

static void test_hostile_rx(void)
{
	uint8_t f[200] = {1, 2, 3};
	uint32_t posted;

	setup();
	be_rx_raw(f, 60, 0, 0, 60, NB); /* id out of range */
	be_rx_raw(f, 60, 0, 0, 60, 0xffff);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(nf.st.rx_bad_id, 2);
	CHECK_EQ(got_frames, 0);
	posted = ld32(rx_ring);
	CHECK_EQ(posted, NB); /* nothing re-posted for them */
	/* A buffer comes back twice in one pass: the second time is
	 * refused (it is posted again only after the pass). */
	be_rx_raw(f, 60, 0, 0, 60, 2); /* slot 2: id 2, legit */
	be_rx_raw(f, 60, 0, 0, 60, 2); /* slot 3 answered as id 2 again */
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(got_frames, 1);
	CHECK_EQ(nf.st.rx_bad_id, 3);
	/* Bad lengths, offsets, statuses and flags: dropped, counted, the
	 * buffer posted again. */
	setup();
	posted = ld32(rx_ring);
	be_rx_raw(f, 60, NF_PAGE_SIZE - 59, 0, 60, -1); /* past the page */
	be_rx_raw(f, 60, 0, 0, 0, -1);			/* empty */
	be_rx_raw(f, 60, 0xffff, 0, 0x7fff, -1);	/* both huge */
	be_rx_raw(f, 60, 0, 0, NF_RSP_ERROR, -1);
	be_rx_raw(f, 60, 0, NF_RXF_MORE_DATA, 60, -1);
	be_rx_raw(f, 60, 0, NF_RXF_EXTRA_INFO, 60, -1);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 6);
	CHECK_EQ(got_frames, 0);
	CHECK_EQ(nf.st.rx_bad_len, 3);
	CHECK_EQ(nf.st.rx_bad_id, 0);
	CHECK_EQ(nf.st.rx_errors, 1);
	CHECK_EQ(nf.st.rx_bad_flags, 2);
	CHECK_EQ(ld32(rx_ring), posted + 6);
	/* Checksum flags are fine (the data is complete). */
	be_rx_raw(f, 60, 0, NF_RXF_DATA_VALIDATED | NF_RXF_CSUM_BLANK, 60, -1);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 1);
	CHECK_EQ(got_frames, 1);
	/* More responses than requests: the device stops. */
	st32(rx_ring + 8, be_rx_rsp + 2 * NF_RING_SIZE);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), -EPROTO);
	CHECK_EQ(nf.st.bad_indices, 1);
	CHECK_EQ(nf_tx(&nf, f, 60), -EPROTO);
	CHECK_EQ(nf_tx_space(&nf), 0);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), -EPROTO);
}

static void test_hostile_tx(void)
{
	uint8_t f[64] = {0};

	setup();
	CHECK_EQ(nf_tx(&nf, f, 60), 0);
	nf_flush(&nf);
	/* A response for an id not in flight, one out of range, a NULL
	 * status (extra-info slots we never sent). */
	be_tx_cons = 1;
	be_tx_raw(5, NF_RSP_OKAY);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 1);
	CHECK_EQ(nf.st.tx_bad_id, 1);
	CHECK_EQ(nf_tx_space(&nf), NB - 1);
	/* The ring now has no request left to answer: another response is
	 * beyond what was requested. */
	be_tx_raw(0xffff, NF_RSP_OKAY);
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), -EPROTO);
	CHECK_EQ(nf.st.bad_indices, 1);

	setup();
	CHECK_EQ(nf_tx(&nf, f, 60), 0);
	CHECK_EQ(nf_tx(&nf, f, 60), 0);
	nf_flush(&nf);
	be_tx_cons = 2;
	be_tx_raw(0xffff, NF_RSP_OKAY);
	be_tx_raw(1, NF_RSP_NULL); /* id 1 is in flight, status NULL */
	CHECK_EQ(nf_poll(&nf, on_rx, NULL, 64), 2);
	CHECK_EQ(nf.st.tx_bad_id, 2);
	CHECK_EQ(nf_tx_space(&nf), NB - 2);
}

int main(void)
{
	test_init_and_tx();
	test_rx();
	test_hostile_rx();
	test_hostile_tx();
	return check_summary();
}

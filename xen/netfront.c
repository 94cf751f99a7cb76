/* netfront's rings (see netfront.h). The shared pages are read with
 * single loads: each index once per pass (acquire), each response entry
 * copied out once before it is checked, so that a backend changing them
 * under us cannot make a checked value differ from the one used. */
#include "netfront.h"

#include <errno.h>
#include <string.h>

/* Offsets in a ring page. */
#define REQ_PROD 0
#define REQ_EVENT 4
#define RSP_PROD 8
#define RSP_EVENT 12
#define TX_ENTRY 12
#define RX_ENTRY 8
#define SLOT(i) ((i) & (NF_RING_SIZE - 1))

static uint32_t load_idx(const uint8_t *page, size_t off)
{
	return __atomic_load_n((const uint32_t *)(const void *)(page + off),
			       __ATOMIC_ACQUIRE);
}

static void store_idx(uint8_t *page, size_t off, uint32_t v)
{
	__atomic_store_n((uint32_t *)(void *)(page + off), v, __ATOMIC_RELEASE);
}

static void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Copies the first n bytes of the response in slot i of a ring page of
 * entries of `size` bytes, once. */
static void read_entry(const uint8_t *page, uint32_t i, size_t size,
		       uint8_t *out, size_t n)
{
	const volatile uint8_t *e = page + NF_RING_HEADER + SLOT(i) * size;

	for (size_t k = 0; k < n; k++)
		out[k] = e[k];
}

static uint8_t *entry(uint8_t *page, uint32_t i, size_t size)
{
	return page + NF_RING_HEADER + SLOT(i) * size;
}

static void ring_init(uint8_t *page)
{
	memset(page, 0, NF_PAGE_SIZE);
	store_idx(page, REQ_EVENT, 1);
	store_idx(page, RSP_EVENT, 1);
}

static void post_rx(struct netfront *nf, uint16_t id)
{
	uint8_t *e = entry(nf->rx_ring, nf->rx_req_prod, RX_ENTRY);

	put16(e, id);
	put16(e + 2, 0);
	put32(e + 4, nf->rx[id].gref);
	nf->rx_posted[id] = true;
	nf->rx_req_prod++;
}

/* Publishes req_prod = prod (it was old) and notifies if the backend's
 * req_event lies in (old, prod]. */
static void push(struct netfront *nf, uint8_t *page, uint32_t old,
		 uint32_t prod)
{
	uint32_t ev;

	fence(); /* requests before the index */
	store_idx(page, REQ_PROD, prod);
	fence(); /* the index before reading req_event */
	ev = load_idx(page, REQ_EVENT);
	if ((uint32_t)(prod - ev) < (uint32_t)(prod - old)) {
		nf->st.notifies++;
		nf->notify(nf->ctx);
	}
}

/* Sets up the rings (see netfront.h). */
void nf_init(struct netfront *nf, uint8_t *tx_ring_page, uint8_t *rx_ring_page,
	     const struct nf_buf *tx, unsigned n_tx, const struct nf_buf *rx,
	     unsigned n_rx, void (*notify)(void *ctx), void *ctx)
{
	memset(nf, 0, sizeof(*nf));
	nf->tx_ring = tx_ring_page;
	nf->rx_ring = rx_ring_page;
	nf->n_tx = n_tx < NF_MAX_BUFS ? n_tx : NF_MAX_BUFS;
	nf->n_rx = n_rx < NF_MAX_BUFS ? n_rx : NF_MAX_BUFS;
	memcpy(nf->tx, tx, nf->n_tx * sizeof(*tx));
	memcpy(nf->rx, rx, nf->n_rx * sizeof(*rx));
	nf->notify = notify;
	nf->ctx = ctx;
	ring_init(tx_ring_page);
	ring_init(rx_ring_page);
	for (unsigned i = 0; i < nf->n_tx; i++)
		nf->tx_free[nf->n_tx_free++] = (uint16_t)(nf->n_tx - 1 - i);
	for (unsigned i = 0; i < nf->n_rx; i++)
		post_rx(nf, (uint16_t)i);
	fence();
	store_idx(rx_ring_page, REQ_PROD, nf->rx_req_prod);
}

unsigned nf_tx_space(const struct netfront *nf)
{
	return nf->broken ? 0 : nf->n_tx_free;
}

/* Queues a frame (see netfront.h). */
int nf_tx(struct netfront *nf, const uint8_t *frame, size_t len)
{
	uint16_t id;
	uint8_t *e;

	if (nf->broken)
		return -EPROTO;
	if (!len || len > NF_MAX_FRAME) {
		nf->st.tx_too_big++;
		return -EMSGSIZE;
	}
	if (!nf->n_tx_free) {
		nf->st.tx_full++;
		return -EAGAIN;
	}
	id = nf->tx_free[--nf->n_tx_free];
	nf->tx_busy[id] = true;
	memcpy(nf->tx[id].page, frame, len);
	e = entry(nf->tx_ring, nf->tx_req_prod, TX_ENTRY);
	put32(e, nf->tx[id].gref);
	put16(e + 4, 0); /* offset */
	put16(e + 6, 0); /* flags: the frame is complete, checksums done */
	put16(e + 8, id);
	put16(e + 10, (uint16_t)len);
	nf->tx_req_prod++;
	nf->st.tx_frames++;
	nf->st.tx_bytes += len;
	return 0;
}

/* Publishes queued requests (see netfront.h). */
void nf_flush(struct netfront *nf)
{
	if (nf->broken || nf->tx_req_prod == nf->tx_pushed)
		return;
	push(nf, nf->tx_ring, nf->tx_pushed, nf->tx_req_prod);
	nf->tx_pushed = nf->tx_req_prod;
}

/* Reads the backend's rsp_prod for a ring whose responses we consume
 * from cons and whose requests we produced up to req; false (broken) if
 * it claims more responses than there were requests. */
static bool rsp_prod(struct netfront *nf, const uint8_t *page, uint32_t cons,
		     uint32_t req, uint32_t *prod)
{
	*prod = load_idx(page, RSP_PROD);
	if ((uint32_t)(*prod - cons) > (uint32_t)(req - cons)) {
		nf->st.bad_indices++;
		nf->broken = true;
		return false;
	}
	return true;
}

static unsigned poll_tx(struct netfront *nf, unsigned budget)
{
	unsigned done = 0;
	uint32_t prod;

	for (;;) {
		if (!rsp_prod(nf, nf->tx_ring, nf->tx_rsp_cons, nf->tx_req_prod,
			      &prod))
			return done;
		while (nf->tx_rsp_cons != prod && done < budget) {
			uint8_t r[4];
			uint16_t id;
			int16_t status;

			read_entry(nf->tx_ring, nf->tx_rsp_cons, TX_ENTRY, r,
				   sizeof(r));
			nf->tx_rsp_cons++;
			done++;
			id = get16(r);
			status = (int16_t)get16(r + 2);
			if (id >= nf->n_tx || !nf->tx_busy[id] ||
			    status == NF_RSP_NULL) {
				nf->st.tx_bad_id++;
				continue;
			}
			if (status < 0)
				nf->st.tx_errors++;
			nf->tx_busy[id] = false;
			nf->tx_free[nf->n_tx_free++] = id;
		}
		if (done >= budget)
			return done;
		/* Ask for an event at the next response, then look again:
		 * one may have come before the request was seen. */
		store_idx(nf->tx_ring, RSP_EVENT, nf->tx_rsp_cons + 1);
		fence();
		if (load_idx(nf->tx_ring, RSP_PROD) == nf->tx_rsp_cons)
			return done;
	}
}

/* Handles one rx response; returns the id to post again, or -1. */
static int rx_one(struct netfront *nf, const uint8_t *r, nf_rx_fn *rx,
		  void *ctx)
{
	uint16_t id = get16(r), off = get16(r + 2), flags = get16(r + 4);
	int16_t status = (int16_t)get16(r + 6);

	if (id >= nf->n_rx || !nf->rx_posted[id]) {
		nf->st.rx_bad_id++;
		return -1;
	}
	nf->rx_posted[id] = false;
	if (status < 0)
		nf->st.rx_errors++;
	else if (flags &
		 (NF_RXF_MORE_DATA | NF_RXF_EXTRA_INFO | NF_RXF_GSO_PREFIX))
		nf->st.rx_bad_flags++;
	else if (status == 0 || (uint32_t)off + (uint32_t)status > NF_PAGE_SIZE)
		nf->st.rx_bad_len++;
	else {
		nf->st.rx_frames++;
		nf->st.rx_bytes += (uint32_t)status;
		rx(ctx, nf->rx[id].page + off, (size_t)status);
	}
	return id;
}

/* Buffers are posted again only after the pass, so that a response
 * naming a buffer this pass already took back is refused rather than
 * taken for the re-posted one (which the backend cannot have seen). */
static unsigned poll_rx(struct netfront *nf, nf_rx_fn *rx, void *ctx,
			unsigned budget)
{
	uint16_t again[NF_RING_SIZE];
	unsigned done = 0, n_again = 0;
	uint32_t prod, posted = nf->rx_req_prod;

	if (budget > NF_RING_SIZE)
		budget = NF_RING_SIZE;
	for (;;) {
		if (!rsp_prod(nf, nf->rx_ring, nf->rx_rsp_cons, nf->rx_req_prod,
			      &prod))
			return done;
		while (nf->rx_rsp_cons != prod && done < budget) {
			uint8_t r[RX_ENTRY];
			int id;

			read_entry(nf->rx_ring, nf->rx_rsp_cons, RX_ENTRY, r,
				   sizeof(r));
			nf->rx_rsp_cons++;
			done++;
			id = rx_one(nf, r, rx, ctx);
			if (id >= 0)
				again[n_again++] = (uint16_t)id;
		}
		if (done >= budget)
			break;
		store_idx(nf->rx_ring, RSP_EVENT, nf->rx_rsp_cons + 1);
		fence();
		if (load_idx(nf->rx_ring, RSP_PROD) == nf->rx_rsp_cons)
			break;
	}
	for (unsigned i = 0; i < n_again; i++)
		post_rx(nf, again[i]);
	if (nf->rx_req_prod != posted)
		push(nf, nf->rx_ring, posted, nf->rx_req_prod);
	return done;
}

/* Handles responses (see netfront.h). */
int nf_poll(struct netfront *nf, nf_rx_fn *rx, void *ctx, unsigned budget)
{
	unsigned n;

	if (nf->broken)
		return -EPROTO;
	n = poll_tx(nf, budget);
	if (!nf->broken)
		n += poll_rx(nf, rx, ctx, budget);
	return nf->broken ? -EPROTO : (int)n;
}

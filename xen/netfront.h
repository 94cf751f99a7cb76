/* netfront: the guest side of a Xen virtual interface (vif), sans-I/O.
 * The platform supplies the two shared ring pages and the buffer pages
 * with their grant references (granted once, for the life of the device:
 * rx pages writable and tx pages read-only to the backend, which copies
 * with grant copy: request-rx-copy), and an event-channel notify; this
 * file runs the rings. Everything the backend writes (its ring indices,
 * response ids, statuses, offsets, flags) is checked before use: a bad
 * response is counted and its frame dropped; impossible indices stop the
 * device (nf->broken) rather than let it read or free what it does not
 * own.
 *
 * Ring layout (Xen's io/ring.h and io/netif.h, as facts): a 4096-byte
 * page holding a 64-byte header -- req_prod, req_event, rsp_prod,
 * rsp_event (uint32 each), then padding -- and a power-of-two array of
 * entries, 256 of them here for both rings:
 *   tx request  {gref u32, offset u16, flags u16, id u16, size u16}  12 B
 *   tx response {id u16, status s16}                                  (4)
 *   rx request  {id u16, pad u16, gref u32}                            8 B
 *   rx response {id u16, offset u16, flags u16, status s16}           (8)
 * A tx entry is 12 bytes (the union), an rx entry 8. Host-tested against a
 * fake backend (xen/tests/test_netfront.c) and fuzzed (fuzz/fuzz_nf.c). */
#ifndef XEN_NETFRONT_H
#define XEN_NETFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NF_PAGE_SIZE 4096
#define NF_RING_SIZE 256  /* entries of either ring in one page */
#define NF_MAX_BUFS 256	  /* buffers of either direction */
#define NF_MAX_FRAME 1518 /* 1500-byte MTU, Ethernet + 802.1Q header */
#define NF_RING_HEADER 64

/* Response statuses and request/response flags. */
#define NF_RSP_DROPPED (-2)
#define NF_RSP_ERROR (-1)
#define NF_RSP_OKAY 0
#define NF_RSP_NULL 1
#define NF_TXF_CSUM_BLANK 1u
#define NF_TXF_DATA_VALIDATED 2u
#define NF_TXF_MORE_DATA 4u
#define NF_TXF_EXTRA_INFO 8u
#define NF_RXF_DATA_VALIDATED 1u
#define NF_RXF_CSUM_BLANK 2u
#define NF_RXF_MORE_DATA 4u
#define NF_RXF_EXTRA_INFO 8u
#define NF_RXF_GSO_PREFIX 16u

/* One buffer page and the grant reference the backend knows it by. */
struct nf_buf {
	uint8_t *page; /* NF_PAGE_SIZE bytes */
	uint32_t gref;
};

struct nf_stats {
	uint64_t rx_frames, rx_bytes;
	uint64_t rx_errors;    /* a negative status from the backend */
	uint64_t rx_bad_id;    /* an id not posted, or out of range */
	uint64_t rx_bad_len;   /* offset + length outside the page, or 0 */
	uint64_t rx_bad_flags; /* more_data / extra_info / gso_prefix:
				  features we never asked for */
	uint64_t tx_frames, tx_bytes;
	uint64_t tx_full;     /* nf_tx found no free buffer */
	uint64_t tx_too_big;  /* larger than a page can carry */
	uint64_t tx_errors;   /* ERROR or DROPPED from the backend */
	uint64_t tx_bad_id;   /* a response for no request in flight */
	uint64_t bad_indices; /* rsp_prod beyond what was requested */
	uint64_t notifies;
};

struct netfront {
	uint8_t *tx_ring, *rx_ring; /* the shared pages (volatile use) */
	struct nf_buf tx[NF_MAX_BUFS], rx[NF_MAX_BUFS];
	unsigned n_tx, n_rx;
	void (*notify)(void *ctx);
	void *ctx;
	/* Our indices: never read back from the shared pages. */
	uint32_t tx_req_prod, tx_rsp_cons, rx_req_prod, rx_rsp_cons;
	uint32_t tx_pushed; /* tx_req_prod when last pushed */
	uint16_t tx_free[NF_MAX_BUFS];
	unsigned n_tx_free;
	bool tx_busy[NF_MAX_BUFS], rx_posted[NF_MAX_BUFS];
	bool broken;
	struct nf_stats st;
};

/* Initializes the rings in the two shared pages (zeroed, event indices
 * 1) and posts every rx buffer. n_tx, n_rx: 1..NF_MAX_BUFS buffers each.
 * Call before telling the backend the ring references. */
void nf_init(struct netfront *nf, uint8_t *tx_ring_page, uint8_t *rx_ring_page,
	     const struct nf_buf *tx, unsigned n_tx, const struct nf_buf *rx,
	     unsigned n_rx, void (*notify)(void *ctx), void *ctx);

/* Copies a frame into a free tx buffer and queues its request (sent at
 * nf_flush). csum_blank: the L4 checksum is left to the backend (we never
 * do: netstack computes it). Returns 0, -EAGAIN (every buffer in flight:
 * call nf_poll), -EMSGSIZE (over NF_MAX_FRAME or empty) or -EPROTO
 * (broken). */
int nf_tx(struct netfront *nf, const uint8_t *frame, size_t len);

/* Publishes the queued tx requests; notifies if the backend asked. */
void nf_flush(struct netfront *nf);

/* Frame receiver: `frame` is valid during the call only. */
typedef void nf_rx_fn(void *ctx, const uint8_t *frame, size_t len);

/* Handles up to `budget` responses on each ring: tx completions free
 * their buffers, rx frames go to `rx` and their buffers are posted again.
 * Re-arms the backend's notifications. Returns how many responses were
 * handled (0: nothing new), or -EPROTO once broken. */
int nf_poll(struct netfront *nf, nf_rx_fn *rx, void *ctx, unsigned budget);

/* Buffers free for nf_tx. */
unsigned nf_tx_space(const struct netfront *nf);

#endif

/* xenstore client for the Xen images: the wire protocol over the shared
 * ring page (the "domain interface" the toolstack maps for every guest),
 * sans-I/O. The platform gives it the ring's address, a way to kick the
 * event channel and a way to wait for the next event; everything the
 * backend writes is treated as hostile: ring indices, lengths, the
 * message framing, the strings in payloads are all checked, and a
 * violation is a clear error (-EPROTO), never a crash or an overrun.
 *
 * Wire format (xenstore's xs_wire.h, as facts): a message is a 16-byte
 * header of four little-endian uint32 -- type, req_id, tx_id, len --
 * followed by len (at most 4096) payload bytes. Requests go to req[],
 * replies and watch events come back in rsp[]; both are 1024-byte byte
 * rings with free-running 32-bit producer/consumer indices. Errors come as
 * an XS_ERROR reply whose payload is an errno name ("ENOENT").
 *
 * One request is outstanding at a time (the images are single-threaded);
 * watch events that arrive meanwhile are queued (XS_MAX_EVENTS, then
 * dropped and counted). Host-tested with a fake xenstored
 * (xen/tests/test_xs.c) and fuzzed (fuzz/fuzz_xs.c). */
#ifndef XEN_XS_H
#define XEN_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_RING_SIZE 1024
#define XS_PAYLOAD_MAX 4096
#define XS_HEADER_LEN 16
#define XS_MAX_EVENTS 8	    /* watch events queued while waiting */
#define XS_EVENT_SIZE 256   /* path + token of one queued event */
#define XS_DEFAULT_MS 10000 /* how long a request may take */

/* Message types (xs_wire.h's numbering). */
enum xs_type {
	XS_CONTROL = 0,
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
};

/* The shared page, as laid out by the protocol. */
struct xs_ring_page {
	uint8_t req[XS_RING_SIZE];
	uint8_t rsp[XS_RING_SIZE];
	uint32_t req_cons, req_prod;
	uint32_t rsp_cons, rsp_prod;
	uint32_t server_features, connection, error;
};

/* What the platform provides. */
struct xs_ops {
	/* Tells the backend there is something in the ring (event channel
	 * notify). */
	void (*notify)(void *ctx);
	/* Waits until the backend may have written something, or at most
	 * ms milliseconds; returns false once the time is up (the client
	 * keeps count of its deadline through now_ms). */
	bool (*wait)(void *ctx, uint32_t ms);
	/* Monotonic milliseconds. */
	uint64_t (*now_ms)(void *ctx);
};

/* Counters of what the backend did wrong or the client dropped. */
struct xs_stats {
	uint64_t requests, replies, errors; /* errors: XS_ERROR replies */
	uint64_t events, events_dropped;    /* watch events */
	uint64_t stray_replies;		    /* req_id not the one waited for */
	uint64_t bad_indices, bad_len, bad_payload, timeouts;
};

/* One complete message taken from the ring. `payload` points into the
 * client and stays valid until the next call into it. */
struct xs_msg {
	uint32_t type, req_id, tx_id, len;
	const uint8_t *payload;
};

struct xs_event {
	char path[XS_EVENT_SIZE]; /* NUL-terminated */
	char token[64];
};

struct xs_client {
	volatile struct xs_ring_page *ring;
	const struct xs_ops *ops;
	void *ctx;
	uint32_t next_id;
	uint32_t req_prod, rsp_cons; /* ours: never read back from the page */
	bool broken; /* a protocol violation: every call fails */
	uint8_t out[XS_HEADER_LEN + XS_PAYLOAD_MAX]; /* the request */
	/* The message being assembled from rsp[]. */
	uint8_t in[XS_HEADER_LEN + XS_PAYLOAD_MAX + 1];
	size_t in_len;
	struct xs_event events[XS_MAX_EVENTS];
	unsigned ev_head, ev_count;
	struct xs_stats st;
};

/* Attaches the client to the ring page. */
void xs_init(struct xs_client *c, volatile struct xs_ring_page *ring,
	     const struct xs_ops *ops, void *ctx);

/* ---- the sans-I/O layer ------------------------------------------------ */

/* Copies as much of msg[0..len) as fits into req[] from offset *done,
 * advancing *done; notifies the backend when it wrote something. Returns
 * 0, or -EPROTO if the backend's indices are impossible. */
int xs_push(struct xs_client *c, const uint8_t *msg, size_t len, size_t *done);

/* Takes the next complete message from rsp[] into *m: 1 if there is one,
 * 0 if not yet, -EPROTO (and the client is broken) if the backend's
 * indices or a header's length are impossible. */
int xs_pull(struct xs_client *c, struct xs_msg *m);

/* ---- requests (each waits for its reply) ------------------------------ */

/* Reads `path` (in transaction tx, 0 for none) into buf as a
 * NUL-terminated string. Returns its length, -ENOENT and the other errno
 * names xenstored sends, -E2BIG if it does not fit, -EINVAL if it holds a
 * NUL, -ETIMEDOUT, -EPROTO. */
int xs_read(struct xs_client *c, uint32_t tx, const char *path, char *buf,
	    size_t size);

/* Reads `path` as a decimal number 0..max (leading/trailing blanks not
 * allowed). Returns 0 and *v, -EINVAL if it is not one, or xs_read's
 * errors. */
int xs_read_uint(struct xs_client *c, uint32_t tx, const char *path,
		 uint64_t max, uint64_t *v);

/* Writes `value` at `path`. Returns 0 or a negative errno. */
int xs_write(struct xs_client *c, uint32_t tx, const char *path,
	     const char *value);

/* Lists the children of `path` into buf as NUL-separated names; stores
 * their count in *n. Returns the bytes used or a negative errno (-E2BIG
 * if they do not fit). */
int xs_directory(struct xs_client *c, uint32_t tx, const char *path, char *buf,
		 size_t size, unsigned *n);

/* Removes `path`. */
int xs_rm(struct xs_client *c, uint32_t tx, const char *path);

/* Registers / removes a watch on `path` with `token`. */
int xs_watch(struct xs_client *c, const char *path, const char *token);
int xs_unwatch(struct xs_client *c, const char *path, const char *token);

/* Starts a transaction: *tx gets its id. */
int xs_transaction_start(struct xs_client *c, uint32_t *tx);
/* Ends it: commit (true) or abort. -EAGAIN: it conflicted, start again. */
int xs_transaction_end(struct xs_client *c, uint32_t tx, bool commit);

/* Takes the oldest queued watch event (also reading any that arrived in
 * the ring meanwhile, without waiting). Returns 1 and *ev, 0 if none, or
 * -EPROTO. */
int xs_next_event(struct xs_client *c, struct xs_event *ev);

/* The errno value of a xenstored error name ("ENOENT" -> ENOENT); EIO
 * for names it does not know. */
int xs_errno(const char *name, size_t len);

#endif

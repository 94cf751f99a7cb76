/* A scripted platform for the controller core's tests: a settable clock, a
 * captured log, and fake channels that record what the core sends, so a
 * test plays the switch byte by byte with no sockets. */
#ifndef FAKE_PLAT_H
#define FAKE_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "ctl_plat.h"
#include "of_msg.h"

#define FAKE_OUT_SIZE (4u << 20)

struct fake_chan {
	struct ctl_conn *conn;
	uint8_t *out; /* FAKE_OUT_SIZE bytes */
	size_t out_len, taken;
	size_t cap; /* send refuses beyond this many queued bytes */
	unsigned close_calls;
	bool closed;	     /* ctl_conn_closed was called */
	uint8_t last[65536]; /* the message fake_next returned */
};

extern uint64_t fake_now;

/* Advances the clock and runs the worker's due timers. */
void fake_advance(struct ctl_worker *w, uint64_t ms);
/* True if the captured log contains `s`. */
bool fake_log_has(const char *s);
void fake_log_clear(void);

/* Opens a connection on w through a new fake channel. */
struct fake_chan *fake_open(struct ctl_worker *w, const char *peer);
/* Tells the core the channel is gone and frees it. */
void fake_close(struct fake_chan *ch);
/* Feeds bytes / one encoded message to the core. */
void fake_feed(struct fake_chan *ch, const void *data, size_t size);
void fake_feed_msg(struct fake_chan *ch, const struct of_msg *m);
void fake_feed_hex(struct fake_chan *ch, const char *hex);
/* Takes the next message the core sent; false if none. m's views point
 * into ch->last. *size gets its byte count (may be NULL). */
bool fake_next(struct fake_chan *ch, struct of_msg *m, size_t *size);
/* Drops everything sent so far. */
void fake_drain(struct fake_chan *ch);
/* Number of messages sent and not yet taken. */
size_t fake_pending(const struct fake_chan *ch);
/* Runs HELLO / FEATURES_REPLY with datapath id `dpid` and n_ports ports
 * (numbered 1..n), drains the handshake output. Returns the channel. */
struct fake_chan *fake_switch(struct ctl_worker *w, uint64_t dpid,
			      unsigned n_ports);

#endif

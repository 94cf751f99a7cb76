/* A scripted platform for the switch core's tests (and its fuzz target): a
 * settable clock, a captured log, fake channels that record what the core
 * sends, fake ports that record what it transmits, and fake controllers
 * that record connection attempts. No sockets, no devices. */
#ifndef FAKE_SW_PLAT_H
#define FAKE_SW_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_msg.h"
#include "sw.h"

#define FAKE_OUT_SIZE (4u << 20)
#define FAKE_FRAMES 64
#define FAKE_ATTEMPTS 64
#define FAKE_HEADROOM 64

extern uint64_t fake_now;

/* True if the captured log contains `s`. */
bool fake_log_has(const char *s);
/* Forgets the captured log. */
void fake_log_clear(void);
/* Advances the clock by ms and runs the switch's due work. */
void fake_advance(struct sw *sw, uint64_t ms);

struct fake_chan {
	struct sw_conn *conn;
	uint8_t *out; /* FAKE_OUT_SIZE bytes */
	size_t out_len, taken;
	size_t cap;	    /* send refuses beyond this many queued bytes */
	size_t fake_queued; /* added to what queued() reports */
	unsigned close_calls;
	bool closed;	     /* sw_conn_closed was called */
	uint8_t last[65536]; /* the message fake_next returned */
};

/* A new channel, not yet given to the core. */
struct fake_chan *fake_chan_new(void);
/* A management connection through a new channel (sw_conn_open). */
struct fake_chan *fake_mgmt(struct sw *sw, const char *peer);
/* A snoop connection through a new channel (sw_snoop_open). */
struct fake_chan *fake_snoop(struct sw *sw, const char *peer);
/* Tells the core the channel is gone (once). */
void fake_chan_gone(struct fake_chan *ch);
/* fake_chan_gone if needed, then frees the channel. */
void fake_chan_free(struct fake_chan *ch);
/* Feeds bytes / one encoded message / hex to the core. */
void fake_feed(struct fake_chan *ch, const void *data, size_t size);
void fake_feed_msg(struct fake_chan *ch, const struct of_msg *m);
void fake_feed_hex(struct fake_chan *ch, const char *hex);
/* Feeds a HELLO and drains the output. */
void fake_hello(struct fake_chan *ch);
/* Feeds a FLOW_MOD ADD of `text` (ovs-ofctl flow syntax) with flags,
 * buffer_id and xid; exits on a bad test flow. */
void fake_flow(struct fake_chan *ch, const char *text, uint16_t flags,
	       uint32_t buffer_id, uint32_t xid);
/* Takes the next message the core sent; false if none. m's views point
 * into ch->last; *size gets its byte count (may be NULL). */
bool fake_next(struct fake_chan *ch, struct of_msg *m, size_t *size);
/* Takes messages until one of `type`; false if none. */
bool fake_next_type(struct fake_chan *ch, uint8_t type, struct of_msg *m);
/* Drops everything sent so far. */
void fake_drain(struct fake_chan *ch);
/* Number of messages sent and not yet taken. */
size_t fake_pending(const struct fake_chan *ch);

struct fake_port {
	uint16_t port_no;
	unsigned n_tx; /* frames transmitted */
	unsigned n_flush, n_set_down;
	bool down;	      /* last set_down argument */
	bool tx_refuse;	      /* tx() returns false */
	int set_down_ret;     /* what set_down returns */
	unsigned ring;	      /* if non-zero, tx() takes this many per flush */
	unsigned ring_used;   /* taken since the last flush */
	unsigned by_src[256]; /* frames by the last byte of their source MAC */
	uint8_t frame[FAKE_FRAMES][2048];
	size_t frame_size[FAKE_FRAMES];
	unsigned n_stored; /* of the first FAKE_FRAMES frames */
};

/* Adds a port numbered port_no ("eth<N>", MAC 02:00:00:00:00:<N>, link
 * up, 1GB_FD|COPPER). */
struct fake_port *fake_port_add(struct sw *sw, uint16_t port_no);
/* The port info fake_port_add uses. */
void fake_port_info(uint16_t port_no, struct sw_port_info *info);
/* Forgets the port's recorded frames. */
void fake_port_clear(struct fake_port *p);
/* Receives a frame on port_no (copied with headroom). */
void fake_rx(struct sw *sw, uint16_t port_no, const void *frame, size_t size);

struct fake_ctlr {
	int index;
	unsigned n_attempts;
	uint64_t attempt_at[FAKE_ATTEMPTS];
};

/* Adds a controller; the core makes its first attempt at once. */
struct fake_ctlr *fake_ctlr_add(struct sw *sw, const char *name);
/* The pending attempt succeeds: a new channel (HELLO not yet fed). */
struct fake_chan *fake_ctlr_accept(struct sw *sw, struct fake_ctlr *k);
/* The pending attempt fails. */
void fake_ctlr_fail(struct sw *sw, struct fake_ctlr *k);

/* Builds an Ethernet frame: dst, src (6 bytes each), type, then `payload`
 * bytes (pattern). Returns its size. */
size_t fake_eth(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
		uint16_t type, size_t payload);
/* Builds an IPv4/UDP frame; frag: set MF. Returns its size. */
size_t fake_udp(uint8_t *buf, const uint8_t *dst, const uint8_t *src, bool frag,
		size_t payload);

#endif

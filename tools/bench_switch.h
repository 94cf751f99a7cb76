/* One emulated OpenFlow 1.0 switch of of-bench: the handshake a controller
 * expects (HELLO, FEATURES, GET_CONFIG, ECHO, BARRIER, DESC stats), then a
 * stream of cbench-style PACKET_INs, and the counting of the FLOW_MODs and
 * PACKET_OUTs that answer them.
 *
 * No I/O here: bytes from the controller go in through bench_switch_input(),
 * and what the switch wants to send accumulates in its output buffer
 * (out[out_head..out_tail)), which the caller writes to the socket and
 * consumes with bench_switch_sent(). Times are monotonic nanoseconds passed
 * in by the caller. Nothing allocates after bench_switch_init(). */
#ifndef BENCH_SWITCH_H
#define BENCH_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_framer.h"

enum bench_mode {
	BENCH_LATENCY,	  /* one PACKET_IN outstanding per switch */
	BENCH_THROUGHPUT, /* keep the output full of PACKET_INs */
};

/* Settings shared by every emulated switch. */
struct bench_params {
	enum bench_mode mode;
	uint32_t macs;	     /* source MACs per switch, >= 1 */
	bool learn_dst_macs; /* gratuitous ARP before the first PACKET_IN */
	uint64_t delay_ns;   /* wait after FEATURES_REPLY before sending */
	uint64_t
	    probe_timeout_ns; /* latency mode: give a probe up after this */
	bool debug;	      /* log every control message to stderr */
};

enum bench_state {
	BENCH_SW_IDLE,	   /* not connected yet */
	BENCH_SW_HELLO,	   /* HELLO sent, waiting for the controller's */
	BENCH_SW_FEATURES, /* waiting for FEATURES_REQUEST */
	BENCH_SW_DELAY,	   /* features sent; start delay (-D) running */
	BENCH_SW_RUNNING,  /* handshake done: PACKET_INs may flow */
	BENCH_SW_CLOSED,   /* failed or lost; see `why` */
};

/* What one switch received and sent; the caller takes a snapshot per loop
 * with bench_switch_take(). */
struct bench_counts {
	uint64_t flow_mods;   /* FLOW_MOD ADD or MODIFY_STRICT */
	uint64_t packet_outs; /* PACKET_OUT, except LLDP */
	uint64_t answered;    /* distinct PACKET_INs those refer to */
	uint64_t sent;	      /* PACKET_INs queued for sending */
	uint64_t lat_sum_ns;  /* latency mode: sum of round trips */
	uint64_t lat_n;	      /* ... and their number */
	uint64_t lost;	      /* latency mode: probes given up */
	uint64_t ignored;     /* other FLOW_MODs, LLDP and ARP answers */
	uint64_t malformed;   /* answered with OFPT_ERROR */
};

/* What a FLOW_MOD or PACKET_OUT tells about the PACKET_IN it answers. */
struct bench_ref {
	uint8_t type;	/* OFPT_FLOW_MOD or OFPT_PACKET_OUT; 0: none yet */
	bool seq_known; /* from its buffer_id or the frame it carries */
	bool mac_known; /* from a source MAC of ours */
	uint32_t seq;	/* PACKET_IN sequence number (= buffer_id) */
	uint32_t mac;	/* source MAC index */
};

/* Bytes of one PACKET_IN (cbench's size). */
#define BENCH_PI_SIZE 82

struct bench_switch {
	/* Set by bench_switch_init(). */
	const struct bench_params *p;
	uint64_t dpid;
	unsigned index; /* 1-based, for messages */
	int fd;		/* owned by the caller; -1 when none */
	enum bench_state state;
	bool active;	   /* caller: this switch takes part in the test */
	bool want_out;	   /* caller's record of the epoll interest */
	bool reported;	   /* caller: the close was reported */
	uint64_t start_at; /* BENCH_SW_DELAY: when to start */
	char why[160];	   /* BENCH_SW_CLOSED: the reason */

	struct of_framer fr;
	uint8_t *frbuf; /* 65535 bytes: partial messages */
	uint8_t *out;	/* BENCH_OUT_SIZE bytes */
	size_t out_head, out_tail;

	uint32_t xid;	   /* of our requests and PACKET_INs */
	uint32_t seq;	   /* next PACKET_IN sequence number (buffer_id) */
	uint32_t mac_next; /* source MAC index of the next PACKET_IN */
	uint16_t cfg_flags, miss_send_len; /* from SET_CONFIG */

	/* Latency mode: the PACKET_IN waiting for its answer. */
	bool probe_out;
	uint32_t probe_seq, probe_mac;
	uint64_t probe_t;

	uint8_t pi_tmpl[BENCH_PI_SIZE]; /* our PACKET_IN, patched per copy */
	struct bench_ref last;		/* the previous counted answer */
	struct bench_counts c;		/* since the last bench_switch_take() */
	uint64_t warned_malformed;
};

/* Output buffer size; throughput mode keeps BENCH_FILL_SIZE bytes of it
 * queued, the rest is room for replies to the controller. */
#define BENCH_OUT_SIZE (256u * 1024)
#define BENCH_FILL_SIZE (64u * 1024)

/* Sets up `sw` for switch number `index` (1-based) with datapath id `dpid`
 * and allocates its buffers (freed by bench_switch_free()). `p` must outlive
 * the switch. Returns false if memory ran out. */
bool bench_switch_init(struct bench_switch *sw, const struct bench_params *p,
		       unsigned index, uint64_t dpid);

/* Frees what bench_switch_init() allocated (not the fd). */
void bench_switch_free(struct bench_switch *sw);

/* The TCP connection is up: queues our HELLO. */
void bench_switch_connected(struct bench_switch *sw);

/* Feeds bytes received from the controller; queues the replies. A stream
 * that cannot be framed, a wrong version or an incompatible HELLO close the
 * switch (state BENCH_SW_CLOSED, reason in `why`). */
void bench_switch_input(struct bench_switch *sw, const uint8_t *data,
			size_t size, uint64_t now);

/* Advances timers (start delay, probe timeout) and queues PACKET_INs: one
 * probe in latency mode when none is outstanding, enough to keep
 * BENCH_FILL_SIZE bytes queued in throughput mode. Only a running, active
 * switch sends PACKET_INs. */
void bench_switch_tick(struct bench_switch *sw, uint64_t now);

/* True if the switch has bytes waiting to be written. */
bool bench_switch_pending(const struct bench_switch *sw);

/* Records that `size` bytes from out + out_head were written. */
void bench_switch_sent(struct bench_switch *sw, size_t size);

/* Marks the switch closed with a printf-style reason (the first reason
 * wins). The caller closes the fd. */
void bench_switch_close(struct bench_switch *sw, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Copies the counts since the last call into *out and zeroes them. */
void bench_switch_take(struct bench_switch *sw, struct bench_counts *out);

#endif

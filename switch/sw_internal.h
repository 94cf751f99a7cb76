/* Internal to switch/: the structures behind struct sw and struct sw_conn,
 * shared by the core's files:
 *   sw_core.c    configuration, ports, queues, counters, timers, logging
 *   sw_conn.c    one connection (framing, HELLO, keepalive, dispatch,
 *                error replies) and the controllers' reconnection and
 *                fail modes
 *   sw_handle.c  each controller-to-switch message
 *   sw_stats.c   STATS_REQUEST and multipart replies
 *   sw_dp.c      the receive path and output resolution
 *   sw_buf.c     packet-in buffers
 *   sw_l2.c      the NORMAL MAC-learning switch
 *   sw_sched.c   queue scheduling on shaped ports (min_rate) */
#ifndef SW_INTERNAL_H
#define SW_INTERNAL_H

#include "dp_action.h"
#include "dp_table.h"
#include "of_framer.h"
#include "of_hello.h"
#include "of_msg.h"
#include "sw.h"

#define SW_PEER_SIZE 64
#define SW_NAME_SIZE 96
/* Encode buffer: the largest message plus slack. */
#define SW_SCRATCH_SIZE (65536 + 64)
/* A packet being worked on (packet-out data, a buffered packet): headroom
 * for a tag push, the largest frame a message can carry, tailroom. */
#define SW_PKT_SIZE (DP_HEADROOM + 65536 + 8)
/* Packet-ins to a connection with more than this queued are dropped. */
#define SW_CONGESTED_BYTES (1u << 20)
/* Peer-error log lines per second (the rest are counted and reported). */
#define SW_LOG_PEER_PER_S 20
/* Largest n_buffers: a buffer id is generation << 16 | slot. */
#define SW_MAX_BUFFERS 65536u

/* Per-port backlog limits of the scheduler (sw_sched.c). */
#define SW_SCHED_DEPTH 256	     /* frames waiting in one class */
#define SW_SCHED_BYTES (1u << 20)    /* bytes waiting on one port */
#define SW_SCHED_QUANTUM_PER_RATE 32 /* DRR bytes a round per weight unit */

struct sw_queue {
	uint32_t queue_id;
	uint16_t min_rate; /* tenths of a percent; 0xffff: none */
	uint64_t tx_packets, tx_bytes, tx_errors;
};

/* A frame waiting in a class of a shaped port. */
struct sw_pending {
	struct sw_pending *next;
	size_t size;
	uint8_t data[];
};

/* One FIFO of the scheduler: a queue of the port, or its default class
 * (OUTPUT, FLOOD and the like: no queue). */
struct sw_class {
	struct sw_pending *head, *tail;
	unsigned len;
	uint32_t quantum; /* DRR: bytes added each round */
	uint32_t deficit;
};

/* The port's transmit scheduler (sw_sched.c): on when a queue has a
 * min_rate or the port has a configured rate. */
struct sw_sched {
	bool on;
	uint64_t cfg_bps;  /* sw_port_set_rate (0: the link speed) */
	uint64_t rate_bps; /* in force; 0: not shaped (ring back-pressure) */
	int64_t tokens;	   /* token bucket, in bits */
	int64_t burst;	   /* its depth */
	uint64_t last_ms;  /* last refill */
	uint64_t retry_ms; /* when to drain again (backlog) */
	unsigned backlog;  /* frames waiting */
	size_t backlog_bytes;
	unsigned cur;  /* DRR: the class being served */
	bool credited; /* ... and its quantum for this round was added */
	struct sw_class cls[SW_MAX_QUEUES + 1]; /* queues[i]; last: default */
};

struct sw_port {
	uint16_t port_no;
	struct sw_port_info info;
	const struct sw_port_ops *ops;
	void *impl;
	uint32_t config; /* OFPPC_* */
	bool dirty;	 /* given frames since the last flush */
	struct of_port_stats st;
	struct sw_queue queues[SW_MAX_QUEUES];
	unsigned n_queues;
	struct sw_sched sched;
};

enum sw_conn_state {
	SW_CONN_HELLO_WAIT, /* HELLO sent, the peer's not yet received */
	SW_CONN_UP,
	SW_CONN_CLOSING, /* ops->close called; waiting for sw_conn_closed */
};

#define SW_CONN_MGMT (-1)  /* sw_conn.ctlr of a management connection */
#define SW_CONN_SNOOP (-2) /* ... of a snoop connection */

struct sw_conn {
	struct sw *sw;
	const struct plat_chan_ops *ops;
	void *impl;
	char peer[SW_PEER_SIZE];
	/* controller index, or SW_CONN_MGMT, or SW_CONN_SNOOP */
	int ctlr;
	enum sw_conn_state state;
	struct of_framer fr;
	uint8_t *frbuf;
	struct of_xid_gen xids;
	uint16_t miss_send_len;
	uint64_t last_rx, probe_at;
	bool probe_sent;
	bool counted_up; /* a controller counted in n_ctlrs_up */
};

enum sw_ctlr_state {
	SW_CTLR_BACKOFF,    /* waiting for next_attempt */
	SW_CTLR_CONNECTING, /* ops->connect called, no answer yet */
	SW_CTLR_CONNECTED,  /* conn is open (maybe not past HELLO) */
};

struct sw_ctlr {
	char name[SW_NAME_SIZE];
	const struct sw_ctlr_ops *ops;
	void *impl;
	enum sw_ctlr_state state;
	uint64_t next_attempt; /* in BACKOFF */
	unsigned backoff_s;    /* the wait after the next failure */
	struct sw_conn *conn;  /* in CONNECTED */
};

struct sw_buffer {
	uint8_t *data; /* NULL: free (used, expired or never filled) */
	size_t size;
	uint16_t gen;
	uint16_t in_port;
	uint64_t expires;
};

struct sw_mac {
	uint8_t mac[6];
	uint16_t vlan;
	uint16_t port;
	uint64_t used;
	uint32_t hnext;		     /* bucket chain */
	uint32_t lru_prev, lru_next; /* oldest first */
	bool in_use;
};

struct sw_l2 {
	struct sw_mac *e;
	uint32_t *buckets;
	uint32_t n_buckets; /* power of two */
	uint32_t size, used;
	uint32_t lru_head, lru_tail; /* SW_L2_NIL when empty */
	uint32_t free_head;
};
#define SW_L2_NIL 0xffffffffu

struct sw {
	struct sw_config cfg;
	struct sw_stats stats;
	struct dp_table *table;
	uint16_t frag_flags; /* OFPC_FRAG_NORMAL or OFPC_FRAG_DROP */

	struct sw_port *ports[SW_MAX_PORTS]; /* sorted by port_no */
	unsigned n_ports;

	struct sw_ctlr ctlrs[SW_MAX_CONTROLLERS];
	unsigned n_ctlrs;
	unsigned n_ctlrs_up; /* past HELLO */
	struct sw_conn *conns[SW_MAX_CONNS];
	unsigned n_conns;
	unsigned n_snoops; /* connections of conns[] that are snoops */
	bool shutting_down;
	bool started; /* first sw_run/sw_port_rx/sw_conn_open happened */

	struct sw_buffer *bufs;
	unsigned next_buf; /* where the search for a free slot starts */
	uint64_t buf_next_expiry;

	struct sw_l2 l2;

	/* Rate limit of peer-error log lines. */
	struct plat_log_limit log_limit;

	uint8_t scratch[SW_SCRATCH_SIZE]; /* encoding one message */
	uint8_t mp[SW_SCRATCH_SIZE];	  /* building multipart replies */
	uint8_t pkt[2][SW_PKT_SIZE];	  /* packets the core owns */
};

/* sw_core.c */
/* Logs one line at `level`. */
void sw_log(enum plat_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Logs a peer's bad input, at most SW_LOG_PEER_PER_S lines a second. */
void sw_log_peer(struct sw *sw, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The port numbered port_no, or NULL. */
struct sw_port *sw_port_find(const struct sw *sw, uint16_t port_no);
/* True if p is up: not PORT_DOWN, and its link is up. */
bool sw_port_usable(const struct sw_port *p);
/* The queue queue_id of port p, or NULL. */
struct sw_queue *sw_queue_find(struct sw_port *p, uint32_t queue_id);
/* Fills the wire description of port p (config, state included). */
void sw_port_desc(const struct sw_port *p, struct of_phy_port *out);
/* Sends PORT_STATUS with `reason` for p to every connection that takes
 * asynchronous messages, except `skip` (may be NULL). */
void sw_port_status(struct sw *sw, const struct sw_port *p, uint8_t reason,
		    const struct sw_conn *skip);
/* Installs the "no controller" flow on the first run (see README.md). */
void sw_start(struct sw *sw);

/* sw_conn.c */
/* Sends bytes of whole messages on c; counts refusals. */
void sw_conn_send_raw(struct sw_conn *c, const void *data, size_t size);
/* Encodes and sends m on c. */
void sw_conn_send(struct sw_conn *c, const struct of_msg *m);
/* Answers the message msg[0..len) with error e (type/code, xid, 64 bytes). */
void sw_conn_error(struct sw_conn *c, enum of_err e, const uint8_t *msg,
		   size_t len);
/* Starts closing c with a logged reason (idempotent). */
void sw_conn_fail(struct sw_conn *c, const char *reason);
/* True if c is sent asynchronous messages (PACKET_IN, FLOW_REMOVED,
 * PORT_STATUS): an open controller connection past HELLO, or a
 * management connection that set a non-zero miss_send_len (OVS). */
bool sw_conn_async(const struct sw_conn *c);
/* Deadline of c's keepalive (UINT64_MAX if none). */
uint64_t sw_conn_deadline(const struct sw_conn *c);
/* Runs c's keepalive at now. */
void sw_conn_run(struct sw_conn *c, uint64_t now);
/* Runs controller reconnection at now. */
void sw_ctlrs_run(struct sw *sw, uint64_t now);
/* Earliest reconnection attempt (UINT64_MAX if none). */
uint64_t sw_ctlrs_deadline(const struct sw *sw);
/* Sends FLOW_REMOVED for flow if it asked for one (dp_removed_fn). */
void sw_flow_removed_cb(void *ctx, const struct dp_flow *flow,
			const struct of_flow_removed *fr);

/* sw_handle.c */
/* Handles one decoded message of an UP connection (verdict OF_OK). */
void sw_handle_msg(struct sw_conn *c, const struct of_msg *m,
		   const uint8_t *msg, size_t len);

/* sw_stats.c */
/* Answers a STATS_REQUEST. */
void sw_handle_stats(struct sw_conn *c, const struct of_msg *m,
		     const uint8_t *msg, size_t len);
/* Answers a QUEUE_GET_CONFIG_REQUEST. */
void sw_handle_queue_config(struct sw_conn *c, const struct of_msg *m,
			    const uint8_t *msg, size_t len);

/* sw_dp.c */
/* Looks pkt up in the flow table (counting it) and runs the actions, or
 * handles the miss. in_port is pkt's in_port as the table sees it. */
void sw_dp_process(struct sw *sw, struct dp_packet *pkt);
/* Runs an action list on pkt (packet-out): TABLE allowed. */
void sw_dp_execute(struct sw *sw, struct dp_packet *pkt,
		   struct of_bytes actions);
/* Sends frame[0..size) received on in_port as PACKET_IN with `reason` to
 * every connection that takes it; max_len is the action's (ACTION) or
 * ignored (NO_MATCH: each connection's miss_send_len). */
void sw_dp_packet_in(struct sw *sw, const uint8_t *frame, size_t size,
		     uint16_t in_port, uint8_t reason, uint16_t max_len);
/* Transmits a frame on port p (queue DP_NO_QUEUE or an id), honouring
 * PORT_DOWN, link state and NO_FWD; counts. */
void sw_dp_tx(struct sw *sw, struct sw_port *p, uint32_t queue_id,
	      const uint8_t *frame, size_t size);
/* Floods a frame: every port but in_port, and (flood) not NO_FLOOD ones. */
void sw_dp_flood(struct sw *sw, uint16_t in_port, bool flood,
		 const uint8_t *frame, size_t size);
/* Extra flow-mod / packet-out action checks beyond the codec's: VENDOR
 * actions, ENQUEUE to OFPQ_ALL. Returns OF_OK or the error. */
enum of_err sw_dp_check_actions(struct of_bytes actions);

/* sw_sched.c */
/* Recomputes p's scheduler after its queues, rate or speed changed. */
void sw_sched_config(struct sw_port *p);
/* Transmits (or queues) a frame on p, a shaped port, in queue q (NULL: the
 * default class). The caller checked the port is usable. */
void sw_sched_tx(struct sw_port *p, struct sw_queue *q, const uint8_t *frame,
		 size_t size);
/* Sends what p's scheduler may send now. */
void sw_sched_drain(struct sw_port *p, uint64_t now);
/* When p's scheduler wants to drain again (UINT64_MAX: nothing waits). */
uint64_t sw_sched_deadline(const struct sw_port *p);
/* Drops everything waiting on p (counted as tx_dropped). */
void sw_sched_purge(struct sw_port *p);
/* Hands one frame to p's device and counts it; false if refused. */
bool sw_port_tx_now(struct sw_port *p, struct sw_queue *q, const uint8_t *frame,
		    size_t size);

/* sw_buf.c */
/* Creates the buffer pool. Returns false if out of memory. */
bool sw_buf_init(struct sw *sw);
/* Frees every buffer and the pool. */
void sw_buf_fini(struct sw *sw);
/* Stores a copy of the frame; returns its id, or OFP_NO_BUFFER if no slot
 * is free (or out of memory). */
uint32_t sw_buf_save(struct sw *sw, const uint8_t *frame, size_t size,
		     uint16_t in_port);
/* Takes buffered packet `id` out of the pool: copies it into dst (of
 * dst_size bytes) at DP_HEADROOM and stores its size and in_port. Returns
 * OF_OK, OF_E_BUFFER_UNKNOWN (never issued, or overwritten/expired) or
 * OF_E_BUFFER_EMPTY (already used). */
enum of_err sw_buf_take(struct sw *sw, uint32_t id, uint8_t *dst,
			size_t dst_size, size_t *size, uint16_t *in_port);
/* Frees expired buffers. */
void sw_buf_expire(struct sw *sw, uint64_t now);
/* Earliest expiry (UINT64_MAX if none). */
uint64_t sw_buf_deadline(const struct sw *sw);

/* sw_l2.c */
/* Creates the MAC table. Returns false if out of memory. */
bool sw_l2_init(struct sw_l2 *l2, size_t size);
void sw_l2_fini(struct sw_l2 *l2);
/* NORMAL: learns pkt's source, forwards or floods it. */
void sw_l2_normal(struct sw *sw, const struct dp_packet *pkt,
		  const uint8_t *frame, size_t size);
/* Forgets entries unused for mac_aging_s. */
void sw_l2_expire(struct sw *sw, uint64_t now);
/* Earliest aging deadline (UINT64_MAX if none). */
uint64_t sw_l2_deadline(const struct sw *sw);
/* Forgets every entry on port (it went away). */
void sw_l2_flush_port(struct sw_l2 *l2, uint16_t port);
/* The port (src MAC, VLAN) was learned on, or OFPP_NONE (for tests). */
uint16_t sw_l2_lookup(const struct sw_l2 *l2, const uint8_t mac[6],
		      uint16_t vlan, uint64_t now, unsigned aging_s);

#endif

/* netstack TCP (RFC 9293): a sans-I/O TCP for one IPv4 stack.
 *
 * The stack hands TCP every protocol-6 datagram addressed to it
 * (ns_tcp_input) and the current time; TCP hands segments back through the
 * `output` op given at init, and says when it next wants the time
 * (ns_tcp_next_deadline / ns_tcp_timers). All memory (connection blocks and
 * their send and receive buffers) lives in one caller-provided region sized
 * at init (ns_tcp_mem_size); nothing is allocated later.
 *
 * Sockets are handles (struct ns_tcp_sock *) into that pool. The
 * application learns about progress through callbacks, all made from
 * inside ns_tcp_input, ns_tcp_timers or an API call:
 *   connected  an active open completed (ESTABLISHED);
 *   readable   data (or the peer's FIN: ns_tcp_read returns 0) arrived;
 *   writable   send-buffer space freed after a short ns_tcp_write;
 *   closed     the connection is gone: err 0 after an orderly close by both
 *              sides, else -ECONNREFUSED, -ECONNRESET, -ETIMEDOUT (or the
 *              ICMP error seen during a failed connect). The handle is
 *              invalid after this callback returns.
 * Passive opens: ns_tcp_listen with an accept callback, called for each
 * connection when it reaches ESTABLISHED; it installs the child's
 * callbacks with ns_tcp_set_callbacks (or returns an error to refuse it,
 * which resets the connection).
 * After ns_tcp_close or ns_tcp_abort the application never hears of the
 * socket again; a closed socket lingers in the pool (FIN_WAIT, TIME_WAIT)
 * until the protocol is done with it.
 *
 * Callbacks may call any API function on any socket, including closing or
 * aborting the socket they are told about. Not reentrant otherwise: one
 * instance is used from one thread.
 *
 * Time: ns_tcp_input and ns_tcp_timers take the current time and remember
 * it; the other calls that may send (connect, write, read, shutdown, close)
 * use the remembered time. An event loop that calls them long after the
 * last input or timer run should call ns_tcp_set_time first (or
 * ns_tcp_timers, which is cheap when nothing is due).
 *
 * Addresses and ports are host order throughout. Functions return 0 or a
 * negative errno unless they say otherwise. */
#ifndef NS_TCP_H
#define NS_TCP_H

#include <stddef.h>
#include <stdint.h>

#define NS_TCP_MAX_ADDRS 4 /* local addresses the stack may own at once */

/* Every counter, in the order of struct ns_tcp_counters. drop_* count
 * segments dropped, one counter per reason (see netstack/TCP.md). */
#define NS_TCP_COUNTERS(X)                                                     \
	X(segs_in)                                                             \
	X(segs_out)                                                            \
	X(bytes_in)                                                            \
	X(bytes_out)                                                           \
	X(output_errors)                                                       \
	X(output_deferred)                                                     \
	X(active_opens)                                                        \
	X(passive_opens)                                                       \
	X(accepts)                                                             \
	X(established)                                                         \
	X(conn_refused)                                                        \
	X(conn_reset)                                                          \
	X(conn_timeout)                                                        \
	X(rexmits)                                                             \
	X(rexmit_bytes)                                                        \
	X(timeouts)                                                            \
	X(syn_rexmits)                                                         \
	X(fast_rexmits)                                                        \
	X(partial_acks)                                                        \
	X(recoveries)                                                          \
	X(dup_acks)                                                            \
	X(acks_delayed)                                                        \
	X(acks_sent)                                                           \
	X(window_updates)                                                      \
	X(window_probes)                                                       \
	X(keepalive_probes)                                                    \
	X(keepalive_drops)                                                     \
	X(rst_sent)                                                            \
	X(rst_rcvd)                                                            \
	X(challenge_acks)                                                      \
	X(ooo_segs)                                                            \
	X(dup_segs)                                                            \
	X(timewait_recycled)                                                   \
	X(icmp_errors)                                                         \
	X(drop_short)                                                          \
	X(drop_bad_hlen)                                                       \
	X(drop_bad_csum)                                                       \
	X(drop_bad_options)                                                    \
	X(drop_no_ts)                                                          \
	X(drop_bad_flags)                                                      \
	X(drop_not_local)                                                      \
	X(drop_no_socket)                                                      \
	X(drop_listen)                                                         \
	X(drop_backlog_full)                                                   \
	X(drop_no_mem)                                                         \
	X(drop_syn_sent)                                                       \
	X(drop_out_of_window)                                                  \
	X(drop_bad_rst)                                                        \
	X(drop_syn_in_window)                                                  \
	X(drop_bad_ack)                                                        \
	X(drop_no_ack)                                                         \
	X(drop_ooo_full)                                                       \
	X(drop_after_close)

#define NS_TCP_COUNTER_FIELD(name) uint64_t name;
/* TCP's counters; all only ever increase. */
struct ns_tcp_counters {
	NS_TCP_COUNTERS(NS_TCP_COUNTER_FIELD)
};
#undef NS_TCP_COUNTER_FIELD

/* RFC 9293 states (ns_tcp_state). */
enum ns_tcp_state {
	NS_TCP_CLOSED,
	NS_TCP_LISTEN,
	NS_TCP_SYN_SENT,
	NS_TCP_SYN_RECEIVED,
	NS_TCP_ESTABLISHED,
	NS_TCP_FIN_WAIT_1,
	NS_TCP_FIN_WAIT_2,
	NS_TCP_CLOSE_WAIT,
	NS_TCP_CLOSING,
	NS_TCP_LAST_ACK,
	NS_TCP_TIME_WAIT,
};

/* Sends one TCP segment seg[0..size) (header with checksum filled, then
 * payload) from src to dst; seg is valid during the call only. Returns 0,
 * -EAGAIN (not sent now, e.g. queued behind an ARP request or refused by
 * the driver: counted output_deferred, not an error; TCP treats it as lost
 * and retransmission recovers) or -ENETUNREACH and the like (counted
 * output_errors; same treatment). */
typedef int (*ns_tcp_output_fn)(void *ctx, uint32_t src, uint32_t dst,
				const uint8_t *seg, size_t size);

/* How to build a TCP instance. Zero timer fields take the defaults in
 * brackets (see netstack/TCP.md for why). */
struct ns_tcp_config {
	unsigned max_socks;	 /* connection blocks, listeners included */
	uint32_t sndbuf_size;	 /* send buffer per connection: 0 = 64 KiB */
	uint32_t rcvbuf_size;	 /* receive buffer per connection: 0 = 64 KiB */
	uint16_t mss;		 /* interface MSS (MTU - 40): 0 = 1460 */
	uint8_t secret[16];	 /* keys ISNs and ephemeral ports (RFC 6528,
				 RFC 6056); the stack provides randomness */
	ns_tcp_output_fn output; /* required */
	void *output_ctx;
	uint16_t port_lo, port_hi; /* ephemeral range [49152, 65535] */
	uint32_t rto_init_ms;	   /* [1000] RFC 6298 initial RTO */
	uint32_t rto_min_ms;	   /* [200] (RFC 6298 says 1 s; see TCP.md) */
	uint32_t rto_max_ms;	   /* [60000] */
	uint32_t msl_ms;	   /* [30000]: TIME_WAIT lasts 2 MSL */
	uint32_t delack_ms;	   /* [200] delayed-ACK timeout */
	uint32_t fin_wait2_ms;	   /* [60000] orphaned FIN_WAIT_2 limit */
	uint32_t keep_idle_ms;	   /* [7200000] idle before probing */
	uint32_t keep_intvl_ms;	   /* [75000] between probes */
	uint8_t keep_probes;	   /* [9] unanswered probes -> ETIMEDOUT */
	uint8_t syn_retries;	   /* [6] SYN / SYN-ACK retransmissions */
	uint8_t data_retries;	   /* [12] data retransmissions */
};

struct ns_tcp_sock;

/* The instance. The caller allocates it (any storage) and treats every
 * field as private; ns_tcp_init fills it in. */
struct ns_tcp {
	struct ns_tcp_config cfg; /* with defaults applied */
	struct ns_tcp_counters cnt;
	struct ns_tcp_sock *socks; /* cfg.max_socks blocks */
	uint8_t *bufs;		   /* send then receive buffer per block */
	uint8_t *txbuf;		   /* one outgoing segment (60 + mss) */
	uint32_t addrs[NS_TCP_MAX_ADDRS];
	unsigned naddrs;
	uint64_t now;	    /* last time we were told */
	uint32_t port_next; /* RFC 6056 algorithm 3 counter */
	uint8_t rcv_wscale; /* our window scale shift */
	uint16_t mss_max;   /* the MSS txbuf was sized for */
	unsigned in_use;    /* blocks not free */
};

/* Callbacks of one connection; any may be NULL. `arg` is the pointer given
 * with them. See the top of this file for when each is made. */
struct ns_tcp_callbacks {
	void (*connected)(void *arg, struct ns_tcp_sock *s);
	void (*readable)(void *arg, struct ns_tcp_sock *s);
	void (*writable)(void *arg, struct ns_tcp_sock *s);
	void (*closed)(void *arg, struct ns_tcp_sock *s, int err);
};

/* Called when a connection to a listener reaches ESTABLISHED. `child` is
 * the new socket: install its callbacks with ns_tcp_set_callbacks and
 * return 0 to keep it, or return a negative errno to refuse it (TCP sends
 * a RST and frees it). */
typedef int (*ns_tcp_accept_fn)(void *arg, struct ns_tcp_sock *listener,
				struct ns_tcp_sock *child);

/* Bytes of memory ns_tcp_init needs for cfg (0 if its sizes are invalid).
 * The output op is not looked at: it does not change the size, and
 * ns_stack_tcp_init replaces it anyway. */
size_t ns_tcp_mem_size(const struct ns_tcp_config *cfg);

/* Builds an instance in *t over mem[0..mem_size) (at least
 * ns_tcp_mem_size(cfg) bytes, any alignment; the caller keeps owning it
 * and must keep it alive as long as t). Copies cfg. Returns 0, or -EINVAL
 * (no output op, no sockets, buffer sizes out of range) or -ENOMEM (mem
 * too small). */
int ns_tcp_init(struct ns_tcp *t, const struct ns_tcp_config *cfg, void *mem,
		size_t mem_size);

/* Sets the local addresses (up to NS_TCP_MAX_ADDRS; n 0 = none, e.g. while
 * DHCP has no lease). Segments to other addresses are dropped
 * (drop_not_local); connect uses addrs[0] as source. Existing connections
 * are left alone. Returns 0 or -EINVAL. */
int ns_tcp_set_addrs(struct ns_tcp *t, const uint32_t *addrs, unsigned n);

/* Sets the interface MSS (MTU - 40) for connections opened from now on,
 * e.g. after the MTU changed. Clamped to what init sized the segment
 * buffer for. */
void ns_tcp_set_mss(struct ns_tcp *t, uint16_t mss);

/* Remembers now_ms as the current time for API calls (see the top). */
void ns_tcp_set_time(struct ns_tcp *t, uint64_t now_ms);

/* Processes one TCP segment seg[0..size) from src to dst (validated and
 * reassembled by IP; seg is only read during the call) at time now_ms:
 * verifies the checksum and header, runs the state machine, sends replies
 * and makes callbacks before returning. Bad segments are dropped and
 * counted. */
void ns_tcp_input(struct ns_tcp *t, uint32_t src, uint32_t dst,
		  const uint8_t *seg, size_t size, uint64_t now_ms);

/* The ICMP error hook (matches struct ns_tcp_hook's icmp_error): an ICMP
 * destination-unreachable or time-exceeded (type, code) about a segment
 * we sent from src to dst, whose first inner_size (>= 8) bytes of TCP
 * header are in inner. Checked against the connection's sequence space
 * (RFC 5927); "fragmentation needed" with mtu lowers the MSS, the rest are
 * soft errors (RFC 1122): a connect that then times out reports them. */
void ns_tcp_icmp_error(struct ns_tcp *t, uint8_t type, uint8_t code,
		       uint32_t src, uint32_t dst, const uint8_t *inner,
		       size_t inner_size, uint16_t mtu);

/* The earliest time (ms, same clock as now_ms) at which ns_tcp_timers
 * must be called, or UINT64_MAX if nothing is pending. */
uint64_t ns_tcp_next_deadline(const struct ns_tcp *t);

/* Runs every timer due at now_ms: retransmission, persist (zero-window
 * probes), delayed ACK, keepalive, FIN_WAIT_2 and TIME_WAIT. Calling it
 * early or often is harmless. */
void ns_tcp_timers(struct ns_tcp *t, uint64_t now_ms);

/* Listens on local port `port` (any local address). Up to `backlog`
 * (>= 1) connections may be half-open (SYN_RECEIVED) at once; further
 * SYNs are dropped (drop_backlog_full) so the peer retries. accept is
 * called for each established connection with arg. Stores the listener in
 * *out. Returns 0, -EADDRINUSE, -ENOMEM (no free block) or -EINVAL. */
int ns_tcp_listen(struct ns_tcp *t, uint16_t port, unsigned backlog,
		  ns_tcp_accept_fn accept, void *arg, struct ns_tcp_sock **out);

/* Opens a connection to dst:dport from sport (0: an ephemeral port) on
 * the first local address, with callbacks cb (copied) and arg. Sends the
 * SYN now; the outcome comes through connected or closed. Stores the
 * socket in *out. Returns 0, -EADDRNOTAVAIL (no local address or no free
 * port), -EADDRINUSE (that 4-tuple exists), -ENOMEM (no free block) or
 * -EINVAL. */
int ns_tcp_connect(struct ns_tcp *t, uint32_t dst, uint16_t dport,
		   uint16_t sport, const struct ns_tcp_callbacks *cb, void *arg,
		   struct ns_tcp_sock **out);

/* Installs callbacks cb (copied; NULL clears them) and arg on s (an
 * accepted child, or to change them). */
void ns_tcp_set_callbacks(struct ns_tcp_sock *s,
			  const struct ns_tcp_callbacks *cb, void *arg);

/* Queues up to size bytes of data[0..size) for sending (copied) and sends
 * what the windows allow. Returns the number of bytes accepted (0..size:
 * fewer than size when the send buffer is full; writable is called when
 * space frees; data written during the handshake waits for it), or
 * -ENOTCONN (a listener) or -EPIPE (after shutdown or close). */
long ns_tcp_write(struct ns_tcp_sock *s, const void *data, size_t size);

/* Copies up to size bytes of received data into buf and removes them from
 * the receive buffer, which opens the window (a window update is sent
 * when it opened enough). Returns the bytes copied (> 0), 0 at end of
 * stream (the peer sent FIN and everything was read), -EAGAIN if there is
 * nothing to read yet, -ENOTCONN for a listener or unconnected socket. */
long ns_tcp_read(struct ns_tcp_sock *s, void *buf, size_t size);

/* Bytes ready for ns_tcp_read, and free space for ns_tcp_write. */
size_t ns_tcp_readable(const struct ns_tcp_sock *s);
size_t ns_tcp_writable(const struct ns_tcp_sock *s);

/* Half-closes: a FIN follows the queued data; reading goes on. Returns 0
 * or -ENOTCONN. */
int ns_tcp_shutdown(struct ns_tcp_sock *s);

/* Closes gracefully: shuts down (FIN after queued data) and gives the
 * handle back; data arriving later is acknowledged and discarded. No
 * callback is made for s after this and the handle must not be used. A
 * listener is freed with its half-open children (reset). Returns 0. */
int ns_tcp_close(struct ns_tcp_sock *s);

/* Aborts: sends a RST if synchronized and frees s at once, discarding
 * queued data. No callback is made; the handle must not be used. */
void ns_tcp_abort(struct ns_tcp_sock *s);

/* Turns keepalive on (non-zero) or off for s (off by default, RFC 1122):
 * after keep_idle_ms without input, probes every keep_intvl_ms; after
 * keep_probes unanswered ones the connection closes with -ETIMEDOUT. */
void ns_tcp_set_keepalive(struct ns_tcp_sock *s, int on);

/* The socket's state and addresses (host order). */
enum ns_tcp_state ns_tcp_state(const struct ns_tcp_sock *s);
void ns_tcp_endpoints(const struct ns_tcp_sock *s, uint32_t *laddr,
		      uint16_t *lport, uint32_t *raddr, uint16_t *rport);

/* A snapshot of one connection's sending state, for tests and stats. */
struct ns_tcp_info {
	enum ns_tcp_state state;
	uint32_t mss;	    /* payload per full segment (MSS less options) */
	uint8_t snd_wscale; /* peer's shift (0 if not negotiated) */
	uint8_t rcv_wscale; /* ours (0 if not negotiated) */
	uint8_t wscale_ok;  /* both sides sent the option */
	uint8_t ts_ok;	    /* timestamps in use (RFC 7323) */
	uint8_t sack_ok;    /* we send SACK blocks (RFC 2018) */
	uint32_t ts_recent; /* TS.Recent, the TSval we echo */
	uint32_t cwnd, ssthresh;
	uint32_t snd_wnd; /* peer's window, bytes */
	uint32_t rcv_wnd; /* ours, bytes */
	uint32_t srtt_ms, rttvar_ms, rto_ms;
	uint32_t in_flight;  /* snd_max - snd_una */
	uint32_t unsent;     /* queued, never sent */
	uint8_t in_recovery; /* NewReno fast recovery */
	uint8_t backoff;     /* consecutive RTO expiries */
};

/* Fills *info for s. */
void ns_tcp_info(const struct ns_tcp_sock *s, struct ns_tcp_info *info);

/* The counters (valid while t is). */
const struct ns_tcp_counters *ns_tcp_counters(const struct ns_tcp *t);

/* The name of counter i (0-based, in struct order) and, through *value,
 * its value; NULL when i is past the last. For printing. */
const char *ns_tcp_counter(const struct ns_tcp *t, size_t i, uint64_t *value);

/* The state's RFC name ("ESTABLISHED"), for logs. */
const char *ns_tcp_state_name(enum ns_tcp_state st);

#endif

/* The platform interface of the switch core (of-switch's datapath and
 * agent): what unix/ (AF_PACKET ports, kernel sockets, OpenSSL) and xen/
 * (netfront ports, netstack) implement for it, and the entry points they
 * call. The shared singletons (clock, log) and the channel contract
 * (struct plat_chan_ops) are in plat.h. The core never includes a
 * platform header.
 *
 * Threads: none. The core is one object driven by one event loop; every
 * entry point below is called on that loop's thread, and the core calls
 * the platform's ops only from inside those entry points. No op may call
 * back into the core from inside itself (connect, close and the port ops
 * report later, through the entry points).
 *
 * Three kinds of things exist several at once, so each is a struct of
 * function pointers plus an opaque pointer:
 *  - ports (an AF_PACKET socket, a tap, a netfront vif): frames in and out;
 *  - controllers (an address the core connects to, with reconnection and
 *    backoff decided by the core, the connecting done by the platform);
 *  - connections (struct plat_chan_ops): to a controller, or accepted by
 *    the platform's passive listener (management tools such as of-ctl and
 *    ovs-ofctl). */
#ifndef SW_PLAT_H
#define SW_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_err.h"
#include "plat.h"

struct sw;
struct sw_conn;

/* ---- Ports ----------------------------------------------------------- */

/* What the platform knows about a port; the core reports it in
 * FEATURES_REPLY and PORT_STATUS. */
struct sw_port_info {
	char name[16];	    /* NUL-terminated interface name */
	uint8_t hw_addr[6]; /* the interface's MAC address */
	bool link_up;	    /* carrier present (OFPPS_LINK_DOWN when not) */
	/* OFPPF_* bitmaps (speeds, duplex, medium); 0 when unknown. */
	uint32_t curr, advertised, supported, peer;
};

struct sw_port_ops {
	/* Queues one frame for transmission. `frame` is valid during the
	 * call only: the platform copies it (into its ring). Returns true if
	 * queued, false if it had to be dropped (ring full, frame too big),
	 * which the core counts as tx_dropped. The frame need not leave
	 * before flush() is called. */
	bool (*tx)(void *impl, const uint8_t *frame, size_t size);
	/* Hands everything tx() queued to the device (one system call or
	 * notification for the batch). The core calls it from sw_flush()
	 * for every port that was given frames since the last flush, and
	 * before returning from any entry point other than sw_port_rx(). */
	void (*flush)(void *impl);
	/* Brings the interface administratively down (true) or up (false)
	 * for PORT_MOD's OFPPC_PORT_DOWN. Returns 0 or -errno (the core
	 * then keeps the bit but logs). NULL: not supported, the core only
	 * stops sending and receiving on the port. */
	int (*set_down)(void *impl, bool down);
};

/* Adds a data port. `port_no` is the OpenFlow number to use (1..0xfeff),
 * or 0 for the lowest free one; the number is stored in *assigned. The
 * core copies `info`. Controllers are sent PORT_STATUS/ADD. Returns OF_OK,
 * OF_E_INVALID (number taken or out of range, or SW_MAX_PORTS reached),
 * or OF_E_NOSPACE (out of memory). `impl` is the platform's until
 * sw_port_remove() returns. */
enum of_err sw_port_add(struct sw *sw, uint16_t port_no,
			const struct sw_port_info *info,
			const struct sw_port_ops *ops, void *impl,
			uint16_t *assigned);

/* The port's link state, speeds or address changed: the core stores the
 * new `info` and, if anything it reports changed, sends PORT_STATUS/MODIFY.
 * Unknown port numbers are ignored. */
void sw_port_update(struct sw *sw, uint16_t port_no,
		    const struct sw_port_info *info);

/* Removes a port (the interface went away, or shutdown): controllers are
 * sent PORT_STATUS/DELETE; flows that output to it stay (as in OVS) and
 * output to it becomes a drop. The core no longer uses `impl` after this
 * returns. */
void sw_port_remove(struct sw *sw, uint16_t port_no);

/* One frame received on port `port_no`: `size` bytes at buf + ofs, in a
 * buffer of `buf_size` bytes that the platform owns and the core may
 * modify while it runs (actions rewrite headers in place; leave at least
 * DP_HEADROOM bytes before ofs so that a VLAN tag can be pushed). The
 * platform has already completed checksums left to offload
 * (dp_csum_complete, dp_csum_fill_l4). The core is done with the buffer
 * when this returns (what it keeps, such as a buffered packet-in, it
 * copies). Transmissions it causes are queued with tx() but not flushed:
 * call sw_flush() after a batch of receptions. */
void sw_port_rx(struct sw *sw, uint16_t port_no, uint8_t *buf, size_t buf_size,
		size_t ofs, size_t size);

/* Counts frames the platform dropped before the core saw them: `dropped`
 * (ring overrun, no buffer: rx_dropped) and `errors` (malformed, runt,
 * oversized, a checksum that could not be completed: rx_errors and
 * rx_frame_err). */
void sw_port_rx_lost(struct sw *sw, uint16_t port_no, uint64_t dropped,
		     uint64_t errors);

/* Flushes every port that was given frames since the last flush (ends a
 * batch of sw_port_rx() calls). */
void sw_flush(struct sw *sw);

/* ---- Controllers ------------------------------------------------------ */

struct sw_ctlr_ops {
	/* Starts one connection attempt. The platform later calls
	 * sw_ctlr_connected() with the new channel or sw_ctlr_failed(),
	 * exactly once per attempt (a TLS handshake is part of the attempt).
	 * The core never calls this while an attempt or a connection of the
	 * same controller is in progress. */
	void (*connect)(void *impl);
};

/* Adds controller `name` ("tcp:10.0.0.1:6653", for logs; copied). The
 * core makes the first attempt at once and reconnects with exponential
 * backoff (1 s doubling up to sw_config.max_backoff_s) whenever a
 * connection fails or is lost. Returns the controller's index (0, 1, ...)
 * or -1 if SW_MAX_CONTROLLERS are configured or memory is out. */
int sw_add_controller(struct sw *sw, const char *name,
		      const struct sw_ctlr_ops *ops, void *impl);

/* Attempt of controller `index` succeeded: `ops`/`impl` is the open
 * channel. The core sends HELLO at once. Returns the connection's handle
 * (NULL on allocation failure or SW_MAX_CONNS open connections: the
 * platform then closes the channel itself without calling
 * sw_conn_closed, and the core schedules a retry; also NULL, with nothing
 * scheduled, for an index with no attempt in progress). */
struct sw_conn *sw_ctlr_connected(struct sw *sw, unsigned index,
				  const struct plat_chan_ops *ops, void *impl);

/* Attempt of controller `index` failed (`why` for the log, may be NULL).
 * The core schedules the next attempt. */
void sw_ctlr_failed(struct sw *sw, unsigned index, const char *why);

/* ---- Connections ------------------------------------------------------ */

/* A management connection accepted by the platform's passive listener
 * (`peer` names it in logs, copied). It speaks OpenFlow like a controller
 * connection but does not count as a controller for fail modes, and it is
 * not sent PACKET_IN until it sets a non-zero miss_send_len (as in OVS, so
 * `ovs-ofctl monitor` works). Returns the handle, or NULL on allocation
 * failure or when SW_MAX_CONNS are open (the platform closes the channel
 * itself). */
struct sw_conn *sw_conn_open(struct sw *sw, const struct plat_chan_ops *ops,
			     void *impl, const char *peer);

/* A snoop connection accepted by the platform's snoop listener (OVS's
 * bridge.snoop, which `ovs-ofctl snoop` and `of-ctl snoop` read): after
 * the HELLO exchange it is sent a copy of every message the switch sends
 * to or receives from its controllers, in order. What it sends is ignored
 * (HELLO aside) and it is not probed. A snoop with more than 1 MiB queued
 * misses copies (sw_stats.snoop_dropped). Returns the handle, or NULL as
 * sw_conn_open does. */
struct sw_conn *sw_snoop_open(struct sw *sw, const struct plat_chan_ops *ops,
			      void *impl, const char *peer);

/* Bytes received on a connection. The core frames and handles every whole
 * message (replies go out through ops->send) and keeps a partial one. Bad
 * messages are answered with OFPT_ERROR; a stream that can no longer be
 * framed, a failed handshake or a silent peer makes the core call
 * ops->close. */
void sw_conn_input(struct sw_conn *c, const uint8_t *data, size_t size);

/* The connection is gone (peer closed, error, or after ops->close). The
 * core frees `c` (and, for a controller, schedules reconnection and
 * applies the fail mode if no controller is left); the platform must not
 * use `c` afterwards, and may free `impl` once this returns. */
void sw_conn_closed(struct sw_conn *c);

/* ---- Time ------------------------------------------------------------- */

/* Milliseconds until the core's next deadline (0: now); UINT64_MAX if
 * none. Any entry point may move it earlier, so the platform asks again
 * after each. */
uint64_t sw_next_timeout(const struct sw *sw);

/* Runs what is due at plat_now_ms(): flow expiry (FLOW_REMOVED), buffer
 * expiry, MAC-table aging, echo probes and the inactivity deadline of each
 * connection, reconnection attempts. */
void sw_run(struct sw *sw);

#endif

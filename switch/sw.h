/* sw: the switch core of of-switch: one OpenFlow 1.0 datapath (flow table,
 * packet buffers, ports and their queues, the NORMAL learning switch) and
 * its agent (controller connections with reconnection and fail modes,
 * management connections). Platform-free: the platform drives it through
 * sw_plat.h, this header is what a main() configures it with.
 *
 * Behaviour a user can see (docs/of-switch.md says the same):
 *  - Table misses go to every connected controller as PACKET_IN (reason
 *    NO_MATCH) with the first miss_send_len bytes (default 128) and a
 *    buffer id, or the whole frame with OFP_NO_BUFFER when no buffer is
 *    free or it fits in miss_send_len.
 *  - --fail secure: while no controller is connected, misses are dropped
 *    and installed flows keep working; if EMERG flows were installed, the
 *    switch enters the spec's emergency mode instead (normal flows are
 *    deleted, the emergency table is used) and leaves it when a
 *    controller connects. --fail standalone: while no controller is
 *    connected, every packet goes to the NORMAL learning switch (as OVS's
 *    fail-open mode; the flow table is kept and used again afterwards).
 *  - With no controller configured at all and --fail standalone, the
 *    switch is a plain learning bridge, like an OVS bridge without a
 *    controller: a real flow "priority=0 actions=NORMAL" is installed at
 *    the first sw_run/sw_port_rx/sw_conn_open (so add controllers before
 *    the loop runs) and shows in dump-flows; nothing bypasses the table.
 *  - A controller is lost when its connection closes, or when nothing
 *    arrives for probe_interval_s after an echo request that itself was
 *    sent after probe_interval_s of silence.
 *  - Asynchronous messages (PACKET_IN, FLOW_REMOVED, PORT_STATUS) go to
 *    controllers past HELLO and to management connections that set a
 *    non-zero miss_send_len (as OVS's service connections).
 *  - Queues with a min_rate are enforced: such a port (or one given a rate
 *    with sw_port_set_rate) is shaped to its rate (the configured one,
 *    else its link speed) and its queues share it by deficit round robin
 *    weighted by min_rate, so each gets at least its share when the port
 *    is saturated (sw_sched.c, switch/README.md). ENQUEUE to a queue
 *    without min_rate on an unscheduled port transmits like OUTPUT and
 *    counts in the queue's statistics. */
#ifndef SW_H
#define SW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sw_plat.h"

#define SW_MAX_PORTS 256     /* data ports of one switch */
#define SW_MAX_CONTROLLERS 8 /* --controller targets */
#define SW_MAX_QUEUES 8	     /* queues per port */
#define SW_MAX_CONNS 64	     /* open connections (both kinds) */

enum sw_fail_mode {
	SW_FAIL_SECURE,
	SW_FAIL_STANDALONE,
};

struct sw_config {
	uint64_t datapath_id;
	enum sw_fail_mode fail_mode;
	size_t max_flows;	    /* normal table size (default 65536) */
	size_t max_emerg_flows;	    /* emergency table size (default 1024) */
	unsigned n_buffers;	    /* packet-in buffers (default 256) */
	unsigned buffer_timeout_ms; /* a buffer's lifetime (default 5000) */
	unsigned probe_interval_s;  /* echo after this much silence (5) */
	unsigned max_backoff_s;	    /* reconnection backoff cap (8) */
	size_t mac_table_size;	    /* NORMAL's MAC table (default 2048) */
	unsigned mac_aging_s;	    /* NORMAL's entry lifetime (300) */
	/* DESC stats' dp_desc (NUL-terminated; default "of-switch"). */
	char dp_desc[256];
};

/* Counters for logs and tests (per-port counters are in port stats). */
struct sw_stats {
	uint64_t rx_packets;	    /* frames given to sw_port_rx */
	uint64_t table_misses;	    /* lookups that matched nothing */
	uint64_t packet_in_sent;    /* PACKET_IN messages sent (all conns) */
	uint64_t packet_in_dropped; /* not sent: channel congested */
	uint64_t frag_dropped;	    /* IP fragments dropped (FRAG_DROP) */
	uint64_t action_failed;	    /* dp_execute stopped early */
	uint64_t
	    local_dropped; /* OUTPUT:LOCAL without a LOCAL port, or from it */
	uint64_t send_failed;		/* plat send() refused (NOSPACE) */
	uint64_t peer_errors;		/* OFPT_ERROR replies sent */
	uint64_t snoop_dropped;		/* copies a snoop missed (congested) */
	uint64_t connects, disconnects; /* controller connections */
};

/* Fills *cfg with the defaults above (datapath_id 0: the caller picks
 * one, e.g. from the first port's MAC). */
void sw_config_default(struct sw_config *cfg);

/* Creates a switch with configuration *cfg (copied). Returns NULL on
 * allocation failure or an invalid configuration (sizes or
 * buffer_timeout_ms 0, n_buffers above 65536, mac_table_size above 2^24).
 * max_backoff_s 0 means 1; probe_interval_s 0 disables probes. Free with
 * sw_destroy(). */
struct sw *sw_create(const struct sw_config *cfg);

/* Frees the switch. Call after every connection was reported closed
 * (sw_conn_closed) and every port removed; what remains is freed without
 * callbacks. NULL is a no-op. */
void sw_destroy(struct sw *sw);

/* Adds queue `queue_id` with a minimum rate of `min_rate` tenths of a
 * percent of the port's rate (0xffff: none) to port `port_no`, for
 * ENQUEUE, QUEUE_GET_CONFIG and queue stats; a min_rate makes the port
 * scheduled (see above). Returns OF_OK, OF_E_INVALID (no such port, id
 * taken, OFPQ_ALL, or SW_MAX_QUEUES reached). */
enum of_err sw_port_add_queue(struct sw *sw, uint16_t port_no,
			      uint32_t queue_id, uint16_t min_rate);

/* Shapes port `port_no` to `bps` bits per second (0: back to its link
 * speed, and unscheduled unless a queue has a min_rate), the rate its
 * queues' min_rates are shares of. Returns OF_OK or OF_E_INVALID (no such
 * port). */
enum of_err sw_port_set_rate(struct sw *sw, uint16_t port_no, uint64_t bps);

/* Number of controllers connected (past the HELLO exchange). */
unsigned sw_controllers_connected(const struct sw *sw);

/* Copies the switch's counters into *out. */
void sw_get_stats(const struct sw *sw, struct sw_stats *out);

/* Asks every open connection to close (shutdown); the platform reports
 * each through sw_conn_closed() as usual. No reconnection is attempted
 * afterwards. */
void sw_shutdown(struct sw *sw);

#endif

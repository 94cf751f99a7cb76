/* OpenFlow 1.0 messages: decode whole messages into host-order structs and
 * encode them back.
 *
 * Decoding never allocates: variable-length parts (action lists, port arrays,
 * stats entries, queues, packet data, opaque payloads) are `struct of_bytes`
 * views into the input, valid while the input is, and are walked with the
 * of_*_next() iterators below. A list reachable from a typed (non-raw) message
 * has been checked once and iterates without further checks.
 *
 * Every message decodes to something that re-encodes byte for byte: a message
 * whose body cannot be decoded (unknown type, other version, bad length) is
 * kept "raw" (the body as opaque bytes). Separately, of_decode() returns the
 * verdict: OF_OK, or the protocol error a peer must answer the message with.
 * (An OFPT_ERROR is never answered with another error, whatever its verdict:
 * that is for the channel layer to honour.) */
#ifndef OF_MSG_H
#define OF_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include "of_action.h"
#include "of_err.h"
#include "of_match.h"
#include "of_types.h"
#include "ofbuf.h"
#include "ofp.h"

struct of_header {
	uint8_t version;
	uint8_t type;
	uint16_t length; /* as decoded; encoders compute their own */
	uint32_t xid;
};

struct of_phy_port {
	uint16_t port_no;
	uint8_t hw_addr[OFP_ETH_ALEN];
	char name
	    [OFP_MAX_PORT_NAME_LEN]; /* wire bytes, NUL-padded, maybe unterminated */
	uint32_t config;	     /* OFPPC_* */
	uint32_t state;		     /* OFPPS_* */
	uint32_t curr, advertised, supported, peer; /* OFPPF_* */
};

struct of_error_msg {
	uint16_t type, code;
	struct of_bytes data; /* request prefix, or text for HELLO_FAILED */
};

struct of_vendor_msg {
	uint32_t vendor;
	struct of_bytes data; /* after the vendor id */
};

struct of_features_reply {
	uint64_t datapath_id;
	uint32_t n_buffers;
	uint8_t n_tables;
	uint32_t capabilities; /* OFPC_* */
	uint32_t actions;      /* bitmap of 1 << OFPAT_* */
	struct of_bytes ports; /* n * 48 bytes: of_phy_port_next() */
};

struct of_switch_config {
	uint16_t flags; /* OFPC_FRAG_* */
	uint16_t miss_send_len;
};

struct of_packet_in {
	uint32_t buffer_id;
	uint16_t total_len;
	uint16_t in_port;
	uint8_t reason; /* OFPR_* */
	struct of_bytes data;
};

struct of_flow_removed {
	struct of_match match;
	uint64_t cookie;
	uint16_t priority;
	uint8_t reason; /* OFPRR_* */
	uint32_t duration_sec, duration_nsec;
	uint16_t idle_timeout;
	uint64_t packet_count, byte_count;
};

struct of_port_status {
	uint8_t reason; /* OFPPR_* */
	struct of_phy_port desc;
};

struct of_packet_out {
	uint32_t buffer_id;
	uint16_t in_port;
	struct of_bytes actions; /* of_action_next() */
	struct of_bytes data;
};

struct of_flow_mod {
	struct of_match match;
	uint64_t cookie;
	uint16_t command; /* OFPFC_* */
	uint16_t idle_timeout, hard_timeout;
	uint16_t priority;
	uint32_t buffer_id;
	uint16_t out_port;
	uint16_t flags;		 /* OFPFF_* */
	struct of_bytes actions; /* of_action_next() */
};

struct of_port_mod {
	uint16_t port_no;
	uint8_t hw_addr[OFP_ETH_ALEN];
	uint32_t config, mask, advertise;
};

/* Body of FLOW and AGGREGATE stats requests. */
struct of_flow_stats_request {
	struct of_match match;
	uint8_t table_id; /* 0xff: all tables */
	uint16_t out_port;
};

struct of_port_stats_request {
	uint16_t port_no;
};

struct of_queue_stats_request {
	uint16_t port_no;
	uint32_t queue_id;
};

struct of_vendor_stats {
	uint32_t vendor;
	struct of_bytes body; /* after the vendor id */
};

struct of_stats_request {
	uint16_t type; /* OFPST_* or unknown */
	uint16_t flags;
	union {
		struct of_flow_stats_request flow; /* FLOW, AGGREGATE */
		struct of_port_stats_request port;
		struct of_queue_stats_request queue;
		struct of_vendor_stats vendor;
		struct of_bytes unknown; /* unknown stats type: whole body */
	} u;
};

struct of_desc_stats {
	char mfr_desc[DESC_STR_LEN]; /* wire bytes, NUL-padded */
	char hw_desc[DESC_STR_LEN];
	char sw_desc[DESC_STR_LEN];
	char serial_num[SERIAL_NUM_LEN];
	char dp_desc[DESC_STR_LEN];
};

struct of_flow_stats {
	uint8_t table_id;
	struct of_match match;
	uint32_t duration_sec, duration_nsec;
	uint16_t priority, idle_timeout, hard_timeout;
	uint64_t cookie, packet_count, byte_count;
	struct of_bytes actions; /* of_action_next() */
};

struct of_aggregate_stats {
	uint64_t packet_count, byte_count;
	uint32_t flow_count;
};

struct of_table_stats {
	uint8_t table_id;
	char name[OFP_MAX_TABLE_NAME_LEN]; /* wire bytes, NUL-padded */
	uint32_t wildcards, max_entries, active_count;
	uint64_t lookup_count, matched_count;
};

struct of_port_stats {
	uint16_t port_no;
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
	uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
};

struct of_queue_stats {
	uint16_t port_no;
	uint32_t queue_id;
	uint64_t tx_bytes, tx_packets, tx_errors;
};

struct of_stats_reply {
	uint16_t type;	/* OFPST_* or unknown */
	uint16_t flags; /* OFPSF_REPLY_MORE */
	union {
		struct of_desc_stats desc;
		struct of_aggregate_stats aggregate;
		struct of_vendor_stats vendor;
		/* FLOW, TABLE, PORT, QUEUE: the entries, walked with
		 * of_flow_stats_next() etc.; unknown types: whole body. */
		struct of_bytes entries;
	} u;
};

struct of_queue_get_config_request {
	uint16_t port;
};

struct of_queue_get_config_reply {
	uint16_t port;
	struct of_bytes queues; /* of_packet_queue_next() */
};

struct of_packet_queue {
	uint32_t queue_id;
	struct of_bytes properties; /* of_queue_prop_next() */
};

struct of_queue_prop {
	uint16_t property; /* OFPQT_* or unknown */
	uint16_t rate; /* MIN_RATE: 1/10 of a percent; 0xffff: unconfigured */
	struct of_bytes body; /* unknown properties: after the 8-byte header */
};

struct of_msg {
	struct of_header h;
	/* True when the body is kept as opaque bytes in u.raw (unknown type,
	 * another version, or a body that does not decode). */
	bool raw;
	union {
		struct of_bytes raw;
		struct of_bytes
		    hello; /* HELLO body (elements in later versions) */
		struct of_error_msg error;
		struct of_bytes echo; /* ECHO_REQUEST / ECHO_REPLY payload */
		struct of_vendor_msg vendor;
		struct of_features_reply features;
		struct of_switch_config
		    config; /* GET_CONFIG_REPLY, SET_CONFIG */
		struct of_packet_in packet_in;
		struct of_flow_removed flow_removed;
		struct of_port_status port_status;
		struct of_packet_out packet_out;
		struct of_flow_mod flow_mod;
		struct of_port_mod port_mod;
		struct of_stats_request stats_request;
		struct of_stats_reply stats_reply;
		struct of_queue_get_config_request queue_get_config_request;
		struct of_queue_get_config_reply queue_get_config_reply;
	} u;
};

/* Decodes one whole message of `size` bytes (as the framer hands it out).
 * Always fills `m` so that of_encode() reproduces the input (padding written
 * as zeros), unless size < 8, where m is zeroed and raw. Returns OF_OK or the
 * protocol error (type/code) a peer must answer this message with. */
enum of_err of_decode(const uint8_t *buf, size_t size, struct of_msg *m);

/* Encodes `m` into buf[0..size) and stores the byte count in *len. The header
 * length is computed; m->h.length is ignored. Returns OF_OK, OF_E_NOSPACE
 * (nothing useful in buf) or OF_E_INVALID (a value that cannot be encoded). */
enum of_err of_encode(const struct of_msg *m, uint8_t *buf, size_t size,
		      size_t *len);

/* Zeroes `m` and sets version 1, `type` and `xid`, typed (not raw). */
void of_msg_init(struct of_msg *m, uint8_t type, uint32_t xid);

/* For building messages piece by piece in a writer: of_msg_begin() writes a
 * header with length 0 and returns its offset; of_msg_end() patches the
 * length to cover everything written since. Returns OF_E_NOSPACE if the
 * writer overflowed or the message exceeds 65535 bytes, else OF_OK. */
size_t of_msg_begin(struct of_wbuf *w, uint8_t type, uint32_t xid);
enum of_err of_msg_end(struct of_wbuf *w, size_t start);

/* Reads a header from the first 8 bytes (no checks). Returns false if
 * size < 8. */
bool of_header_peek(const uint8_t *buf, size_t size, struct of_header *h);

/* Spec name of a message type ("FEATURES_REQUEST"), or NULL if unknown. */
const char *of_type_name(uint8_t type);
/* Spec name of a stats type ("DESC", "VENDOR"), or NULL if unknown. */
const char *of_stats_type_name(uint16_t type);

/* Element iterators over lists of a typed message. Each returns false at the
 * end of the list. */
bool of_phy_port_next(struct of_iter *it, struct of_phy_port *p);
bool of_flow_stats_next(struct of_iter *it, struct of_flow_stats *fs);
bool of_table_stats_next(struct of_iter *it, struct of_table_stats *ts);
bool of_port_stats_next(struct of_iter *it, struct of_port_stats *ps);
bool of_queue_stats_next(struct of_iter *it, struct of_queue_stats *qs);
bool of_packet_queue_next(struct of_iter *it, struct of_packet_queue *q);
bool of_queue_prop_next(struct of_iter *it, struct of_queue_prop *p);

/* Element encoders: append one element to a writer (to build the lists that
 * the views above point at, or a message in place between of_msg_begin and
 * of_msg_end). The flow-stats and packet-queue encoders copy the nested
 * list view. Overflow is recorded in the writer. */
void of_phy_port_put(struct of_wbuf *w, const struct of_phy_port *p);
void of_flow_stats_put(struct of_wbuf *w, const struct of_flow_stats *fs);
void of_table_stats_put(struct of_wbuf *w, const struct of_table_stats *ts);
void of_port_stats_put(struct of_wbuf *w, const struct of_port_stats *ps);
void of_queue_stats_put(struct of_wbuf *w, const struct of_queue_stats *qs);
void of_packet_queue_put(struct of_wbuf *w, const struct of_packet_queue *q);
void of_queue_prop_put(struct of_wbuf *w, const struct of_queue_prop *p);

/* Re-encodes a message from its fully decoded form: every list is walked
 * element by element and re-encoded from the element structs, not copied.
 * This is the round-trip check used by of-dump --check, tests and fuzzers.
 * `scratch` holds the rebuilt lists (size it as the message plus one more
 * nested list). Returns OF_OK, OF_E_NOSPACE, or OF_E_INVALID for a typed
 * message built by hand whose lists are not well formed. */
enum of_err of_reencode_deep(const struct of_msg *m, uint8_t *out,
			     size_t out_size, size_t *out_len, uint8_t *scratch,
			     size_t scratch_size);

#endif

/* One emulated switch of of-bench; see bench_switch.h and docs/of-bench.md.
 *
 * The PACKET_IN is cbench's: an 82-byte message carrying a 64-byte
 * Ethernet/IPv4 frame (IP protocol 255) from in_port 1, with
 *   dst MAC 80:00:00:00:00:ID   (ID = low byte of the datapath id), and
 *   src MAC 00:m0:m1:m2:m3:ID   (m = MAC index, little-endian, as cbench),
 * and buffer_id = the PACKET_IN's sequence number. We also write the
 * sequence number into the frame's payload, so that a PACKET_OUT that sends
 * the frame back (instead of a buffer_id) still says which PACKET_IN it
 * answers. Before the first PACKET_IN, a gratuitous ARP from the destination
 * MAC arrives on in_port 2 (cbench's --learn-dst-macs), so a learning
 * controller knows where the destination is and answers every PACKET_IN
 * with a FLOW_MOD. */
#include "bench_switch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_hello.h"
#include "of_msg.h"
#include "ofbuf.h"
#include "ofp.h"

#define FRAME_SIZE 64
#define PI_HDR_SIZE 18 /* ofp_packet_in up to its data */
#define PI_SIZE BENCH_PI_SIZE
#define ARP_FRAME_SIZE 60
#define N_PORTS 4
#define N_BUFFERS 256
#define PROBE_IN_PORT 1
#define LEARN_IN_PORT 2

/* Offsets in the PACKET_IN (template patched per message). */
#define OFF_XID 4
#define OFF_BUFFER_ID 8
#define OFF_FRAME PI_HDR_SIZE
#define FRAME_OFF_SRC_IDX 7 /* src MAC bytes 1..4: MAC index */
#define FRAME_OFF_SEQ 34    /* first payload byte after the IPv4 header */
#define FRAME_OFF_TAG 38
static const uint8_t frame_tag[8] = {'o', 'f', '-', 'b', 'e', 'n', 'c', 'h'};

/* Fixed message offsets read on the hot path. */
#define FM_MIN_SIZE 72
#define FM_OFF_COMMAND 56
#define PO_MIN_SIZE 16

_Static_assert(PI_HDR_SIZE + FRAME_SIZE == PI_SIZE, "cbench's PACKET_IN");
_Static_assert(BENCH_FILL_SIZE + 65536 <= BENCH_OUT_SIZE,
	       "room for the largest reply beside a full fill");

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t ip_checksum(const uint8_t *p, size_t size)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < size; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint8_t sw_id_byte(const struct bench_switch *sw)
{
	return (uint8_t)sw->dpid;
}

/* The MAC every PACKET_IN is addressed to (cbench: 80:00:00:00:00:ID). */
static void learn_mac(const struct bench_switch *sw, uint8_t mac[6])
{
	static const uint8_t base[6] = {0x80, 0, 0, 0, 0, 0};

	memcpy(mac, base, 6);
	mac[5] = sw_id_byte(sw);
}

static uint32_t next_xid(struct bench_switch *sw)
{
	if (++sw->xid == 0)
		sw->xid = 1;
	return sw->xid;
}

static void vlog(const struct bench_switch *sw, const char *fmt, va_list ap)
{
	fprintf(stderr, "of-bench: switch %u (dpid 0x%llx): ", sw->index,
		(unsigned long long)sw->dpid);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void __attribute__((format(printf, 2, 3)))
sw_log(const struct bench_switch *sw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(sw, fmt, ap);
	va_end(ap);
}

void bench_switch_close(struct bench_switch *sw, const char *fmt, ...)
{
	va_list ap;

	if (sw->state == BENCH_SW_CLOSED)
		return;
	va_start(ap, fmt);
	vsnprintf(sw->why, sizeof sw->why, fmt, ap);
	va_end(ap);
	sw->state = BENCH_SW_CLOSED;
	sw->probe_out = false;
}

/* --- output buffer ------------------------------------------------------ */

/* Returns room for at least `need` bytes at out + out_tail (moving pending
 * bytes to the front if that makes room), or NULL after closing the switch
 * when even that is not enough: the controller does not read. */
static uint8_t *out_room(struct bench_switch *sw, size_t need, size_t *room)
{
	if (sw->state == BENCH_SW_CLOSED)
		return NULL;
	if (BENCH_OUT_SIZE - sw->out_tail < need && sw->out_head > 0) {
		size_t pending = sw->out_tail - sw->out_head;

		memmove(sw->out, sw->out + sw->out_head, pending);
		sw->out_head = 0;
		sw->out_tail = pending;
	}
	if (BENCH_OUT_SIZE - sw->out_tail < need) {
		bench_switch_close(sw,
				   "output buffer full (%u KiB): the "
				   "controller does not read",
				   BENCH_OUT_SIZE / 1024);
		return NULL;
	}
	*room = BENCH_OUT_SIZE - sw->out_tail;
	return sw->out + sw->out_tail;
}

/* Encodes `m` at the end of the output buffer; `max` bounds its size. */
static void emit(struct bench_switch *sw, const struct of_msg *m, size_t max)
{
	size_t room, len;
	uint8_t *p = out_room(sw, max, &room);

	if (!p)
		return;
	if (of_encode(m, p, room, &len) != OF_OK) {
		sw_log(sw, "cannot encode %s (internal error)",
		       of_type_name(m->h.type));
		return;
	}
	sw->out_tail += len;
}

bool bench_switch_pending(const struct bench_switch *sw)
{
	return sw->out_tail > sw->out_head;
}

void bench_switch_sent(struct bench_switch *sw, size_t size)
{
	sw->out_head += size;
	if (sw->out_head >= sw->out_tail)
		sw->out_head = sw->out_tail = 0;
}

/* --- set-up --------------------------------------------------------------- */

static void build_probe_frame(const struct bench_switch *sw, uint8_t *f)
{
	uint8_t *ip = f + 14;

	memset(f, 0, FRAME_SIZE);
	learn_mac(sw, f);
	f[11] = sw_id_byte(sw); /* src MAC 00:m0:m1:m2:m3:ID */
	put_be16(f + 12, 0x0800);
	ip[0] = 0x45;
	put_be16(ip + 2, FRAME_SIZE - 14);
	ip[8] = 64;		       /* TTL */
	ip[9] = 0xff;		       /* protocol: reserved, as cbench */
	put_be32(ip + 12, 0xc0a80028); /* 192.168.0.40 */
	put_be32(ip + 16, 0xc0a80128); /* 192.168.1.40 */
	put_be16(ip + 10, ip_checksum(ip, 20));
	memcpy(f + FRAME_OFF_TAG, frame_tag, sizeof frame_tag);
}

static bool build_template(struct bench_switch *sw)
{
	uint8_t frame[FRAME_SIZE];
	struct of_msg m;
	size_t len;

	build_probe_frame(sw, frame);
	of_msg_init(&m, OFPT_PACKET_IN, 0);
	m.u.packet_in.buffer_id = 0;
	m.u.packet_in.total_len = FRAME_SIZE;
	m.u.packet_in.in_port = PROBE_IN_PORT;
	m.u.packet_in.reason = OFPR_NO_MATCH;
	m.u.packet_in.data.p = frame;
	m.u.packet_in.data.size = FRAME_SIZE;
	return of_encode(&m, sw->pi_tmpl, sizeof sw->pi_tmpl, &len) == OF_OK &&
	       len == PI_SIZE;
}

bool bench_switch_init(struct bench_switch *sw, const struct bench_params *p,
		       unsigned index, uint64_t dpid)
{
	_Static_assert(sizeof sw->pi_tmpl == PI_SIZE, "template size");
	memset(sw, 0, sizeof *sw);
	sw->p = p;
	sw->index = index;
	sw->dpid = dpid;
	sw->fd = -1;
	sw->state = BENCH_SW_IDLE;
	sw->seq = 1;
	sw->miss_send_len = 128;
	sw->frbuf = malloc(65535);
	sw->out = malloc(BENCH_OUT_SIZE);
	if (!sw->frbuf || !sw->out ||
	    of_framer_init(&sw->fr, sw->frbuf, 65535) != OF_OK ||
	    !build_template(sw)) {
		bench_switch_free(sw);
		return false;
	}
	return true;
}

void bench_switch_free(struct bench_switch *sw)
{
	free(sw->frbuf);
	free(sw->out);
	sw->frbuf = NULL;
	sw->out = NULL;
}

void bench_switch_connected(struct bench_switch *sw)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_HELLO, next_xid(sw));
	emit(sw, &m, 8);
	sw->state = BENCH_SW_HELLO;
}

/* --- what we send ---------------------------------------------------------- */

static void send_features_reply(struct bench_switch *sw, uint32_t xid)
{
	uint8_t ports[N_PORTS * 48];
	struct of_wbuf w = of_wbuf_make(ports, sizeof ports);
	struct of_msg m;

	for (unsigned i = 1; i <= N_PORTS; i++) {
		struct of_phy_port pp;

		memset(&pp, 0, sizeof pp);
		pp.port_no = (uint16_t)i;
		/* Locally administered, unique per switch and port. */
		pp.hw_addr[0] = 0x02;
		pp.hw_addr[1] = (uint8_t)(sw->dpid >> 24);
		pp.hw_addr[2] = (uint8_t)(sw->dpid >> 16);
		pp.hw_addr[3] = (uint8_t)(sw->dpid >> 8);
		pp.hw_addr[4] = (uint8_t)sw->dpid;
		pp.hw_addr[5] = (uint8_t)i;
		snprintf(pp.name, sizeof pp.name, "b%u-eth%u", sw->index, i);
		pp.curr = OFPPF_1GB_FD | OFPPF_COPPER;
		pp.advertised = pp.supported =
		    OFPPF_1GB_FD | OFPPF_COPPER | OFPPF_AUTONEG;
		of_phy_port_put(&w, &pp);
	}
	of_msg_init(&m, OFPT_FEATURES_REPLY, xid);
	m.u.features.datapath_id = sw->dpid;
	m.u.features.n_buffers = N_BUFFERS;
	m.u.features.n_tables = 1;
	m.u.features.capabilities =
	    OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS;
	m.u.features.actions = (1u << OFPAT_NTYPES) - 1;
	m.u.features.ports.p = ports;
	m.u.features.ports.size = w.pos;
	emit(sw, &m, 32 + sizeof ports);
}

static void send_error(struct bench_switch *sw, enum of_err e,
		       const uint8_t *req, size_t req_size)
{
	size_t room, len;
	uint8_t *p = out_room(sw, 12 + 64, &room);

	if (p &&
	    of_error_reply_encode(e, req, req_size, p, room, &len) == OF_OK)
		sw->out_tail += len;
}

static void send_stats_reply(struct bench_switch *sw, const struct of_msg *req,
			     const uint8_t *msg, size_t len)
{
	const struct of_stats_request *sr = &req->u.stats_request;
	struct of_msg m;

	of_msg_init(&m, OFPT_STATS_REPLY, req->h.xid);
	m.u.stats_reply.type = sr->type;
	switch (sr->type) {
	case OFPST_DESC: {
		struct of_desc_stats *d = &m.u.stats_reply.u.desc;

		snprintf(d->mfr_desc, sizeof d->mfr_desc, "ofsuite");
		snprintf(d->hw_desc, sizeof d->hw_desc,
			 "of-bench emulated switch");
		snprintf(d->sw_desc, sizeof d->sw_desc, "of-bench 0.1");
		snprintf(d->serial_num, sizeof d->serial_num, "none");
		snprintf(d->dp_desc, sizeof d->dp_desc, "of-bench switch %u",
			 sw->index);
		break;
	}
	case OFPST_AGGREGATE:
		break; /* no flows: all zeros */
	case OFPST_FLOW:
	case OFPST_TABLE:
	case OFPST_PORT:
	case OFPST_QUEUE:
		break; /* an empty list */
	case OFPST_VENDOR:
		send_error(sw, OF_E_BAD_VENDOR, msg, len);
		return;
	default:
		return; /* of_decode() already refused it */
	}
	emit(sw, &m, 12 + 1056);
}

/* Appends the gratuitous ARP reply from the destination MAC (in_port 2). */
static void send_learn_arp(struct bench_switch *sw)
{
	uint8_t f[ARP_FRAME_SIZE], mac[6];
	uint8_t *arp = f + 14;
	struct of_msg m;

	learn_mac(sw, mac);
	memset(f, 0, sizeof f);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put_be16(f + 12, 0x0806);
	put_be16(arp, 1); /* Ethernet */
	put_be16(arp + 2, 0x0800);
	arp[4] = 6;
	arp[5] = 4;
	put_be16(arp + 6, 2); /* reply */
	memcpy(arp + 8, mac, 6);
	put_be32(arp + 14, 0xc0a80028 | (uint32_t)sw_id_byte(sw) << 8);
	memcpy(arp + 18, mac, 6);
	put_be32(arp + 24, 0xc0a80028 | (uint32_t)sw_id_byte(sw) << 8);

	of_msg_init(&m, OFPT_PACKET_IN, next_xid(sw));
	m.u.packet_in.buffer_id = OFP_NO_BUFFER;
	m.u.packet_in.total_len = sizeof f;
	m.u.packet_in.in_port = LEARN_IN_PORT;
	m.u.packet_in.reason = OFPR_NO_MATCH;
	m.u.packet_in.data.p = f;
	m.u.packet_in.data.size = sizeof f;
	emit(sw, &m, PI_HDR_SIZE + sizeof f);
}

/* Writes the next PACKET_IN at `p` (PI_SIZE bytes) and advances the
 * sequence and MAC counters. */
static void make_packet_in(struct bench_switch *sw, uint8_t *p)
{
	uint8_t *f = p + OFF_FRAME;
	uint32_t m = sw->mac_next;

	memcpy(p, sw->pi_tmpl, PI_SIZE);
	put_be32(p + OFF_XID, next_xid(sw));
	put_be32(p + OFF_BUFFER_ID, sw->seq);
	f[FRAME_OFF_SRC_IDX] = (uint8_t)m;
	f[FRAME_OFF_SRC_IDX + 1] = (uint8_t)(m >> 8);
	f[FRAME_OFF_SRC_IDX + 2] = (uint8_t)(m >> 16);
	f[FRAME_OFF_SRC_IDX + 3] = (uint8_t)(m >> 24);
	put_be32(f + FRAME_OFF_SEQ, sw->seq);

	if (++sw->seq == OFP_NO_BUFFER)
		sw->seq = 0;
	if (++sw->mac_next >= sw->p->macs)
		sw->mac_next = 0;
	sw->c.sent++;
}

static void send_probe(struct bench_switch *sw, uint64_t now)
{
	size_t room;
	uint8_t *p = out_room(sw, PI_SIZE, &room);

	if (!p)
		return;
	sw->probe_out = true;
	sw->probe_seq = sw->seq;
	sw->probe_mac = sw->mac_next;
	sw->probe_t = now;
	make_packet_in(sw, p);
	sw->out_tail += PI_SIZE;
}

static void fill(struct bench_switch *sw)
{
	size_t pending = sw->out_tail - sw->out_head;
	size_t want, room, n;
	uint8_t *p;

	if (pending + PI_SIZE > BENCH_FILL_SIZE)
		return;
	want = (BENCH_FILL_SIZE - pending) / PI_SIZE;
	p = out_room(sw, want * PI_SIZE, &room);
	if (!p)
		return;
	for (n = 0; n < want; n++, p += PI_SIZE)
		make_packet_in(sw, p);
	sw->out_tail += want * PI_SIZE;
}

void bench_switch_tick(struct bench_switch *sw, uint64_t now)
{
	if (sw->state == BENCH_SW_DELAY && now >= sw->start_at) {
		if (sw->p->learn_dst_macs)
			send_learn_arp(sw);
		if (sw->state != BENCH_SW_CLOSED)
			sw->state = BENCH_SW_RUNNING;
	}
	if (sw->state != BENCH_SW_RUNNING || !sw->active)
		return;
	if (sw->p->mode == BENCH_THROUGHPUT) {
		fill(sw);
		return;
	}
	if (sw->probe_out && now > sw->probe_t &&
	    now - sw->probe_t >= sw->p->probe_timeout_ns) {
		sw->probe_out = false;
		sw->c.lost++;
	}
	if (!sw->probe_out)
		send_probe(sw, now);
}

void bench_switch_take(struct bench_switch *sw, struct bench_counts *out)
{
	*out = sw->c;
	memset(&sw->c, 0, sizeof sw->c);
}

/* --- answers: FLOW_MOD and PACKET_OUT --------------------------------------- */

static void malformed(struct bench_switch *sw, const uint8_t *msg, size_t len,
		      enum of_err e)
{
	sw->c.malformed++;
	if (sw->warned_malformed++ < 3)
		sw_log(sw, "malformed %s (%zu bytes): answered with OFPT_ERROR",
		       of_type_name(msg[1]) ? of_type_name(msg[1]) : "message",
		       len);
	if (of_err_is_protocol(e))
		send_error(sw, e, msg, len);
}

/* Reads a source MAC of ours (00:m0:m1:m2:m3:ID) into *idx. */
static bool our_src_mac(const struct bench_switch *sw, const uint8_t *mac,
			uint32_t *idx)
{
	uint32_t m;

	if (mac[0] != 0 || mac[5] != sw_id_byte(sw))
		return false;
	m = (uint32_t)mac[1] | (uint32_t)mac[2] << 8 | (uint32_t)mac[3] << 16 |
	    (uint32_t)mac[4] << 24;
	if (m >= sw->p->macs)
		return false;
	*idx = m;
	return true;
}

static bool is_learn_mac(const struct bench_switch *sw, const uint8_t *mac)
{
	uint8_t l[6];

	learn_mac(sw, l);
	return memcmp(mac, l, 6) == 0;
}

static bool ref_mac(const struct bench_switch *sw, const struct bench_ref *r,
		    uint32_t *mac)
{
	if (r->mac_known) {
		*mac = r->mac;
		return true;
	}
	if (r->seq_known) {
		/* Sequence numbers start at 1 with MAC index 0. */
		*mac = (r->seq - 1) % sw->p->macs;
		return true;
	}
	return false;
}

/* True if answers `a` and `b` (received one after the other) most likely
 * refer to the same PACKET_IN: the same sequence number, or a FLOW_MOD and a
 * PACKET_OUT about the same source MAC. Two answers of one type without a
 * sequence number are taken for answers to different PACKET_INs. */
static bool same_packet_in(const struct bench_switch *sw,
			   const struct bench_ref *a, const struct bench_ref *b)
{
	uint32_t am, bm;

	if (a->type == 0)
		return false;
	if (a->seq_known && b->seq_known)
		return a->seq == b->seq;
	if (a->type == b->type)
		return false;
	return ref_mac(sw, a, &am) && ref_mac(sw, b, &bm) && am == bm;
}

static bool refers_to_probe(const struct bench_switch *sw,
			    const struct bench_ref *r)
{
	if (r->seq_known)
		return r->seq == sw->probe_seq;
	if (r->mac_known)
		return r->mac == sw->probe_mac;
	return true; /* cannot tell: take it as the answer */
}

static void account(struct bench_switch *sw, const struct bench_ref *r,
		    uint64_t now)
{
	bool same = same_packet_in(sw, &sw->last, r);

	if (r->type == OFPT_FLOW_MOD)
		sw->c.flow_mods++;
	else
		sw->c.packet_outs++;
	sw->last = *r;
	if (same)
		return;
	sw->c.answered++;
	if (sw->probe_out && refers_to_probe(sw, r)) {
		sw->probe_out = false;
		sw->c.lat_sum_ns += now > sw->probe_t ? now - sw->probe_t : 0;
		sw->c.lat_n++;
	}
}

static void on_flow_mod(struct bench_switch *sw, const uint8_t *msg, size_t len,
			uint64_t now)
{
	struct of_rbuf r = of_rbuf_make(msg, len);
	struct bench_ref ref;
	const uint8_t *dl_src;
	uint32_t wildcards, buffer_id;
	uint16_t command;

	if (len < FM_MIN_SIZE) {
		malformed(sw, msg, len, OF_E_BAD_LEN);
		return;
	}
	if (sw->state != BENCH_SW_RUNNING)
		return;
	of_skip(&r, 8);
	wildcards = of_get32(&r);
	of_skip(&r, 2); /* in_port */
	dl_src = of_get_view(&r, 6);
	of_skip(&r, FM_OFF_COMMAND - 20);
	command = of_get16(&r);
	of_skip(&r, 6); /* idle, hard timeouts; priority */
	buffer_id = of_get32(&r);
	if (r.short_read)
		return; /* cannot happen: len >= FM_MIN_SIZE */

	if (command != OFPFC_ADD && command != OFPFC_MODIFY_STRICT) {
		sw->c.ignored++;
		return;
	}
	memset(&ref, 0, sizeof ref);
	ref.type = OFPT_FLOW_MOD;
	if (!(wildcards & OFPFW_DL_SRC)) {
		if (is_learn_mac(sw, dl_src)) {
			sw->c.ignored++; /* about the ARP, not a probe */
			return;
		}
		ref.mac_known = our_src_mac(sw, dl_src, &ref.mac);
	}
	if (buffer_id != OFP_NO_BUFFER) {
		ref.seq_known = true;
		ref.seq = buffer_id;
	}
	account(sw, &ref, now);
}

static bool frame_is_lldp(const uint8_t *f, size_t size)
{
	uint16_t type;

	if (size < 14)
		return false;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == 0x8100 && size >= 18)
		type = (uint16_t)(f[16] << 8 | f[17]);
	return type == 0x88cc;
}

static void on_packet_out(struct bench_switch *sw, const uint8_t *msg,
			  size_t len, uint64_t now)
{
	struct of_rbuf r = of_rbuf_make(msg, len);
	struct bench_ref ref;
	const uint8_t *f;
	uint32_t buffer_id;
	uint16_t actions_len;
	size_t fsize;

	of_skip(&r, 8);
	buffer_id = of_get32(&r);
	of_skip(&r, 2); /* in_port */
	actions_len = of_get16(&r);
	if (r.short_read || actions_len > r.left) {
		malformed(sw, msg, len, OF_E_BAD_LEN);
		return;
	}
	if (sw->state != BENCH_SW_RUNNING)
		return;
	of_skip(&r, actions_len);
	fsize = r.left;
	f = of_get_view(&r, fsize);

	if (frame_is_lldp(f, fsize) ||
	    (fsize >= 12 && is_learn_mac(sw, f + 6))) {
		sw->c.ignored++; /* topology discovery, or the ARP */
		return;
	}
	memset(&ref, 0, sizeof ref);
	ref.type = OFPT_PACKET_OUT;
	if (buffer_id != OFP_NO_BUFFER) {
		ref.seq_known = true;
		ref.seq = buffer_id;
	}
	if (fsize >= 12 && our_src_mac(sw, f + 6, &ref.mac)) {
		ref.mac_known = true;
		if (!ref.seq_known &&
		    fsize >= FRAME_OFF_TAG + sizeof frame_tag &&
		    memcmp(f + FRAME_OFF_TAG, frame_tag, sizeof frame_tag) ==
			0) {
			ref.seq_known = true;
			ref.seq = get_be32(f + FRAME_OFF_SEQ);
		}
	}
	account(sw, &ref, now);
}

/* --- everything else ----------------------------------------------------- */

static void on_hello(struct bench_switch *sw, const uint8_t *msg, size_t len,
		     const struct of_msg *m)
{
	size_t room, n;
	uint8_t *p;

	(void)len;
	if (of_hello_negotiate(m) != OF_OK) {
		p = out_room(sw, 128, &room);
		if (p && of_hello_failed_encode(m, p, room, &n) == OF_OK)
			sw->out_tail += n;
		bench_switch_close(sw,
				   "the controller's HELLO (version 0x%02x) "
				   "does not allow OpenFlow 1.0",
				   msg[0]);
		return;
	}
	if (sw->state == BENCH_SW_HELLO)
		sw->state = BENCH_SW_FEATURES;
}

static void on_control(struct bench_switch *sw, const uint8_t *msg, size_t len,
		       uint64_t now)
{
	struct of_msg m, r;
	enum of_err v = of_decode(msg, len, &m);

	if (sw->p->debug)
		sw_log(sw, "received %s (xid %u, %zu bytes)%s",
		       of_type_name(m.h.type) ? of_type_name(m.h.type)
					      : "unknown type",
		       m.h.xid, len, v == OF_OK ? "" : " (invalid)");
	switch (m.h.type) {
	case OFPT_HELLO:
		on_hello(sw, msg, len, &m);
		return;
	case OFPT_ERROR:
		if (sw->warned_malformed++ < 3)
			sw_log(sw,
			       "the controller sent OFPT_ERROR type %u code %u",
			       m.raw ? 0 : m.u.error.type,
			       m.raw ? 0 : m.u.error.code);
		return;
	default:
		break;
	}
	if (v != OF_OK) {
		malformed(sw, msg, len, v);
		return;
	}
	switch (m.h.type) {
	case OFPT_ECHO_REQUEST:
		of_msg_init(&r, OFPT_ECHO_REPLY, m.h.xid);
		r.u.echo = m.u.echo;
		emit(sw, &r, len);
		break;
	case OFPT_FEATURES_REQUEST:
		send_features_reply(sw, m.h.xid);
		if (sw->state == BENCH_SW_HELLO ||
		    sw->state == BENCH_SW_FEATURES) {
			sw->state = BENCH_SW_DELAY;
			sw->start_at = now + sw->p->delay_ns;
		}
		break;
	case OFPT_GET_CONFIG_REQUEST:
		of_msg_init(&r, OFPT_GET_CONFIG_REPLY, m.h.xid);
		r.u.config.flags = sw->cfg_flags;
		r.u.config.miss_send_len = sw->miss_send_len;
		emit(sw, &r, 12);
		break;
	case OFPT_SET_CONFIG:
		sw->cfg_flags = m.u.config.flags;
		sw->miss_send_len = m.u.config.miss_send_len;
		break;
	case OFPT_BARRIER_REQUEST:
		of_msg_init(&r, OFPT_BARRIER_REPLY, m.h.xid);
		emit(sw, &r, 8);
		break;
	case OFPT_STATS_REQUEST:
		send_stats_reply(sw, &m, msg, len);
		break;
	case OFPT_VENDOR:
		send_error(sw, OF_E_BAD_VENDOR, msg, len);
		break;
	default:
		/* Replies, PORT_MOD, QUEUE_GET_CONFIG...: nothing to do for
		 * a benchmark. */
		break;
	}
}

/* Only OpenFlow 1.0 is spoken after HELLO; anything else is taken for
 * garbage (rather than waiting for the body a random length announces). */
static bool version_ok(struct bench_switch *sw, uint8_t version, uint8_t type)
{
	if (version == OFP_VERSION || type == OFPT_HELLO)
		return true;
	bench_switch_close(sw,
			   "garbage from the controller: a message of version "
			   "0x%02x (type %u)",
			   version, type);
	return false;
}

static void on_message(struct bench_switch *sw, const uint8_t *msg, size_t len,
		       uint64_t now)
{
	if (!version_ok(sw, msg[0], msg[1]))
		return;
	switch (msg[1]) {
	case OFPT_FLOW_MOD:
		on_flow_mod(sw, msg, len, now);
		break;
	case OFPT_PACKET_OUT:
		on_packet_out(sw, msg, len, now);
		break;
	default:
		on_control(sw, msg, len, now);
		break;
	}
}

void bench_switch_input(struct bench_switch *sw, const uint8_t *data,
			size_t size, uint64_t now)
{
	while (size > 0 && sw->state != BENCH_SW_CLOSED) {
		const uint8_t *msg;
		size_t used, len;
		enum of_err e;

		/* Look at a header as soon as it starts, not when the message
		 * it announces is complete. */
		if (!of_framer_pending(&sw->fr) && size >= 2 &&
		    !version_ok(sw, data[0], data[1]))
			return;
		if (sw->fr.have == 1 && sw->fr.discard == 0 &&
		    !version_ok(sw, sw->fr.buf[0], data[0]))
			return;
		e = of_framer_input(&sw->fr, data, size, &used, &msg, &len);

		data += used;
		size -= used;
		if (e == OF_E_TOO_SHORT) {
			bench_switch_close(sw, "garbage from the controller: a "
					       "message length below 8");
			return;
		}
		if (e != OF_OK || !msg) {
			if (used == 0)
				break;
			continue;
		}
		on_message(sw, msg, len, now);
	}
}

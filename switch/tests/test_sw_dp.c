/* Tests of the switch core's datapath glue (sw_dp.c, sw_buf.c, sw_l2.c)
 * over the fake platform: forwarding with flows and every reserved port,
 * port configuration bits, packet-in buffers, fragment policy, counters,
 * link state, malformed frames, the NORMAL learning switch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_sw_plat.h"
#include "of_parse.h"
#include "sw.h"
#include "sw_internal.h"

#define NP 4

static struct sw *sw;
static struct fake_port *port[NP + 1];
static struct fake_chan *ch;
static struct fake_ctlr *ctlr;

static const uint8_t mac_a[6] = {0, 0, 0, 0, 0, 0xa};
static const uint8_t mac_b[6] = {0, 0, 0, 0, 0, 0xb};
static const uint8_t mac_bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t mac_stp[6] = {0x01, 0x80, 0xc2, 0, 0, 0};

static void setup(enum sw_fail_mode mode, unsigned n_buffers)
{
	struct sw_config cfg;

	sw_config_default(&cfg);
	cfg.datapath_id = 1;
	cfg.fail_mode = mode;
	cfg.n_buffers = n_buffers;
	cfg.mac_table_size = 4;
	cfg.mac_aging_s = 10;
	sw = sw_create(&cfg);
	CHECK(sw != NULL);
	for (int i = 1; i <= NP; i++)
		port[i] = fake_port_add(sw, (uint16_t)i);
	ctlr = fake_ctlr_add(sw, "tcp:1");
	ch = fake_ctlr_accept(sw, ctlr);
	fake_hello(ch);
}

static void teardown(void)
{
	fake_chan_free(ch);
	free(ctlr);
	for (int i = 1; i <= NP; i++) {
		sw_port_remove(sw, (uint16_t)i);
		free(port[i]);
	}
	sw_destroy(sw);
}

static void clear_ports(void)
{
	for (int i = 1; i <= NP; i++)
		fake_port_clear(port[i]);
}

/* tx counts of ports 1..4 as "n1 n2 n3 n4". */
static const char *txs(void)
{
	static char s[64];

	snprintf(s, sizeof(s), "%u %u %u %u", port[1]->n_tx, port[2]->n_tx,
		 port[3]->n_tx, port[4]->n_tx);
	return s;
}

static void flow_flags(const char *text, uint16_t flags, uint32_t buffer_id)
{
	fake_flow(ch, text, flags, buffer_id, 99);
}

static void flow(const char *text)
{
	flow_flags(text, 0, OFP_NO_BUFFER);
}

static void del_all(void)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_FLOW_MOD, 98);
	of_match_init_catchall(&m.u.flow_mod.match);
	m.u.flow_mod.command = OFPFC_DELETE;
	m.u.flow_mod.out_port = OFPP_NONE;
	m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
	fake_feed_msg(ch, &m);
}

static void packet_out(uint32_t buffer_id, uint16_t in_port,
		       const char *actions, const uint8_t *data, size_t size,
		       uint32_t xid)
{
	uint8_t acts[256];
	size_t alen;
	char err[100];
	struct of_msg m;

	if (of_parse_actions(actions, OF_ACTX_PACKET_OUT, acts, sizeof(acts),
			     &alen, err, sizeof(err)) != OF_OK) {
		fprintf(stderr, "bad actions %s: %s\n", actions, err);
		exit(2);
	}
	of_msg_init(&m, OFPT_PACKET_OUT, xid);
	m.u.packet_out.buffer_id = buffer_id;
	m.u.packet_out.in_port = in_port;
	m.u.packet_out.actions.p = acts;
	m.u.packet_out.actions.size = alen;
	m.u.packet_out.data.p = data;
	m.u.packet_out.data.size = size;
	fake_feed_msg(ch, &m);
}

static struct of_port_stats port_stats(uint16_t no)
{
	struct of_msg m;
	struct of_port_stats ps;
	struct of_iter it;

	memset(&ps, 0, sizeof(ps));
	fake_drain(ch);
	of_msg_init(&m, OFPT_STATS_REQUEST, 5);
	m.u.stats_request.type = OFPST_PORT;
	m.u.stats_request.u.port.port_no = no;
	fake_feed_msg(ch, &m);
	if (!fake_next(ch, &m, NULL))
		return ps;
	it = of_iter_make(m.u.stats_reply.u.entries);
	(void)of_port_stats_next(&it, &ps);
	return ps;
}

static void port_mod(uint16_t no, uint32_t config, uint32_t mask)
{
	struct of_msg m;
	struct sw_port_info info;

	fake_port_info(no, &info);
	of_msg_init(&m, OFPT_PORT_MOD, 7);
	m.u.port_mod.port_no = no;
	memcpy(m.u.port_mod.hw_addr, info.hw_addr, 6);
	m.u.port_mod.config = config;
	m.u.port_mod.mask = mask;
	fake_feed_msg(ch, &m);
}

static uint8_t fr[2048];

/* The port NORMAL learned an untagged MAC on (OFPP_NONE if none). */
static uint16_t sw_l2_lookup_test(struct sw *s, const uint8_t *mac)
{
	return sw_l2_lookup(&s->l2, mac, OFP_VLAN_NONE, fake_now,
			    s->cfg.mac_aging_s);
}

static void test_outputs(void)
{
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);

	setup(SW_FAIL_SECURE, 16);
	flow("in_port=1,actions=output:2,output:1,output:3");
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 0"); /* own in_port by number: dropped */
	CHECK_MEM(port[2]->frame[0], port[2]->frame_size[0], fr, n);
	clear_ports();
	del_all();
	flow("in_port=1,actions=IN_PORT");
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "1 0 0 0");
	clear_ports();
	del_all();
	flow("actions=FLOOD");
	port_mod(3, OFPPC_NO_FLOOD, OFPPC_NO_FLOOD);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 0 1");
	clear_ports();
	del_all();
	flow("actions=ALL");
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 1"); /* NO_FLOOD does not affect ALL */
	clear_ports();
	del_all();
	port_mod(3, 0, OFPPC_NO_FLOOD);
	/* LOCAL: counted drop; absent port: drop. */
	flow("actions=LOCAL,output:9");
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 0 0 0");
	{
		struct sw_stats st;

		sw_get_stats(sw, &st);
		CHECK_EQ(st.local_dropped, 1);
	}
	del_all();
	/* With a LOCAL port (a platform port numbered OFPP_LOCAL): LOCAL
	 * reaches it, FLOOD includes it, its own frames are not sent back. */
	{
		struct fake_port *local = fake_port_add(sw, OFPP_LOCAL);
		struct sw_stats st;

		CHECK(local != NULL);
		flow("in_port=1,actions=LOCAL");
		fake_rx(sw, 1, fr, n);
		CHECK_EQ(local->n_tx, 1);
		CHECK_MEM(local->frame[0], local->frame_size[0], fr, n);
		del_all();
		flow("actions=FLOOD");
		fake_rx(sw, 1, fr, n);
		CHECK_EQ(local->n_tx, 2);
		CHECK_STR(txs(), "0 1 1 1");
		clear_ports();
		del_all();
		flow("in_port=65534,actions=LOCAL,output:2");
		fake_rx(sw, OFPP_LOCAL, fr, n);
		CHECK_EQ(local->n_tx, 2);
		CHECK_STR(txs(), "0 1 0 0");
		sw_get_stats(sw, &st);
		CHECK_EQ(st.local_dropped, 2);
		clear_ports();
		del_all();
		sw_port_remove(sw, OFPP_LOCAL);
		free(local);
	}
	/* CONTROLLER with max_len: reason ACTION. */
	fake_drain(ch);
	flow("actions=CONTROLLER:20,mod_vlan_vid:5,CONTROLLER:65535");
	fake_rx(sw, 1, fr, n);
	{
		struct of_msg m;

		CHECK(fake_next(ch, &m, NULL));
		CHECK_EQ(m.h.type, OFPT_PACKET_IN);
		CHECK_EQ(m.u.packet_in.reason, OFPR_ACTION);
		CHECK_EQ(m.u.packet_in.data.size, 20);
		CHECK_EQ(m.u.packet_in.in_port, 1);
		CHECK(m.u.packet_in.buffer_id != OFP_NO_BUFFER);
		CHECK(fake_next(ch, &m, NULL));
		CHECK_EQ(m.u.packet_in.data.size, n + 4); /* tagged */
		CHECK_EQ(m.u.packet_in.buffer_id, OFP_NO_BUFFER);
	}
	del_all();
	/* ENQUEUE counts in the queue. */
	CHECK_EQ(sw_port_add_queue(sw, 2, 1, 100), OF_OK);
	flow("actions=enqueue:2:1,enqueue:3:1");
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 0 0"); /* port 3 has no queue 1 */
	{
		struct of_msg m;
		struct of_iter it;
		struct of_queue_stats qs;

		fake_drain(ch);
		of_msg_init(&m, OFPT_STATS_REQUEST, 5);
		m.u.stats_request.type = OFPST_QUEUE;
		m.u.stats_request.u.queue.port_no = 2;
		m.u.stats_request.u.queue.queue_id = 1;
		fake_feed_msg(ch, &m);
		CHECK(fake_next(ch, &m, NULL));
		it = of_iter_make(m.u.stats_reply.u.entries);
		CHECK(of_queue_stats_next(&it, &qs));
		CHECK_EQ(qs.tx_packets, 1);
		CHECK_EQ(qs.tx_bytes, n);
	}
	clear_ports();
	del_all();
	/* Flushing: the ports given frames are flushed at sw_flush. */
	flow("actions=output:4");
	port[4]->n_flush = 0;
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(port[4]->n_flush, 0);
	sw_flush(sw);
	CHECK_EQ(port[4]->n_flush, 1);
	sw_flush(sw);
	CHECK_EQ(port[4]->n_flush, 1);
	teardown();
}

static void test_port_config(void)
{
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	struct of_port_stats ps;
	struct sw_port_info info;

	setup(SW_FAIL_SECURE, 16);
	flow("actions=ALL");
	/* NO_RECV. */
	port_mod(1, OFPPC_NO_RECV, OFPPC_NO_RECV);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 0 0 0");
	port_mod(1, 0, OFPPC_NO_RECV);
	/* NO_RECV_STP: only the STP address. */
	port_mod(1, OFPPC_NO_RECV_STP, OFPPC_NO_RECV_STP);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 1");
	n = fake_eth(fr, mac_stp, mac_a, 0x0026, 46);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 1");
	port_mod(1, 0, OFPPC_NO_RECV_STP);
	clear_ports();
	n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	/* NO_FWD. */
	port_mod(2, OFPPC_NO_FWD, OFPPC_NO_FWD);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 0 1 1");
	port_mod(2, 0, OFPPC_NO_FWD);
	clear_ports();
	/* PORT_DOWN: neither direction; set_down called. */
	port_mod(3, OFPPC_PORT_DOWN, OFPPC_PORT_DOWN);
	CHECK(port[3]->down);
	fake_rx(sw, 1, fr, n);
	fake_rx(sw, 3, fr, n);
	CHECK_STR(txs(), "0 1 0 1");
	ps = port_stats(3);
	CHECK_EQ(ps.rx_dropped, 1);
	CHECK_EQ(ps.tx_dropped, 1);
	port_mod(3, 0, OFPPC_PORT_DOWN);
	CHECK(!port[3]->down);
	clear_ports();
	/* Link down. */
	fake_port_info(4, &info);
	info.link_up = false;
	sw_port_update(sw, 4, &info);
	fake_rx(sw, 1, fr, n);
	fake_rx(sw, 4, fr, n);
	CHECK_STR(txs(), "0 1 1 0");
	info.link_up = true;
	sw_port_update(sw, 4, &info);
	clear_ports();
	/* NO_PACKET_IN: misses from the port not sent. */
	del_all();
	fake_drain(ch);
	port_mod(1, OFPPC_NO_PACKET_IN, OFPPC_NO_PACKET_IN);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(fake_pending(ch), 0);
	fake_rx(sw, 2, fr, n);
	CHECK_EQ(fake_pending(ch), 1);
	/* Counters, runts, platform losses. */
	ps = port_stats(2);
	CHECK_EQ(ps.rx_packets, 1);
	CHECK_EQ(ps.rx_bytes, n);
	CHECK_EQ(ps.tx_packets, 3);
	CHECK_EQ(ps.tx_dropped, 1); /* the NO_FWD one */
	fake_rx(sw, 2, fr, 13);
	sw_port_rx_lost(sw, 2, 3, 4);
	ps = port_stats(2);
	CHECK_EQ(ps.rx_packets, 1);
	CHECK_EQ(ps.rx_errors, 5);
	CHECK_EQ(ps.rx_dropped, 3);
	/* A refused tx counts as tx_dropped. */
	flow("actions=output:3");
	port[3]->tx_refuse = true;
	fake_rx(sw, 2, fr, n);
	ps = port_stats(3);
	CHECK_EQ(ps.tx_dropped, 2);
	port[3]->tx_refuse = false;
	teardown();
}

static void test_buffers(void)
{
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 200);
	struct of_msg m;
	uint32_t id, id2, id3;

	setup(SW_FAIL_SECURE, 2);
	fake_drain(ch);
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(ch, &m, NULL));
	id = m.u.packet_in.buffer_id;
	CHECK(id != OFP_NO_BUFFER);
	CHECK_EQ(m.u.packet_in.data.size, 128);
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(ch, &m, NULL));
	id2 = m.u.packet_in.buffer_id;
	CHECK(id2 != OFP_NO_BUFFER && id2 != id);
	/* Pool full: the whole frame, no buffer. */
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.packet_in.buffer_id, OFP_NO_BUFFER);
	CHECK_EQ(m.u.packet_in.data.size, n);
	/* A frame that fits miss_send_len: no buffer. */
	fake_rx(sw, 1, fr, 60);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.packet_in.buffer_id, OFP_NO_BUFFER);
	CHECK_EQ(m.u.packet_in.data.size, 60);
	/* Flow-mod with the buffer: applied and counted by the new flow. */
	flow_flags("in_port=1,actions=output:2", 0, id);
	CHECK_EQ(fake_pending(ch), 0);
	CHECK_STR(txs(), "0 1 0 0");
	CHECK_MEM(port[2]->frame[0], port[2]->frame_size[0], fr, n);
	/* Used again: BUFFER_EMPTY, the flow-mod still applies. */
	flow_flags("in_port=1,actions=output:3", 0, id);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ERROR);
	CHECK_EQ(m.u.error.code, OFPBRC_BUFFER_EMPTY);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(port[3]->n_tx, 1);
	/* Never issued: BUFFER_UNKNOWN. */
	packet_out(0x12340001, OFPP_NONE, "output:4", NULL, 0, 50);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.error.code, OFPBRC_BUFFER_UNKNOWN);
	CHECK_EQ(m.h.xid, 50);
	/* Packet-out with the second buffer. */
	packet_out(id2, 1, "output:4", NULL, 0, 51);
	CHECK_EQ(fake_pending(ch), 0);
	CHECK_EQ(port[4]->n_tx, 1);
	CHECK_EQ(port[4]->frame_size[0], n);
	/* Expiry: unknown afterwards. */
	del_all();
	fake_drain(ch);
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(ch, &m, NULL));
	id3 = m.u.packet_in.buffer_id;
	CHECK(id3 != OFP_NO_BUFFER);
	CHECK(sw_next_timeout(sw) <= 5000);
	fake_advance(sw, 5000);
	fake_drain(ch);
	packet_out(id3, 1, "output:4", NULL, 0, 52);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.error.code, OFPBRC_BUFFER_UNKNOWN);
	/* Reuse of a slot: the old id is unknown. */
	fake_rx(sw, 1, fr, n);
	fake_rx(sw, 1, fr, n);
	fake_drain(ch);
	packet_out(id, 1, "output:4", NULL, 0, 53);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.error.code, OFPBRC_BUFFER_UNKNOWN);
	teardown();
}

static void test_packet_out(void)
{
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	struct of_msg m;

	setup(SW_FAIL_SECURE, 16);
	fake_drain(ch);
	/* TABLE: through the flow table with the given in_port. */
	flow("in_port=3,actions=output:1");
	packet_out(OFP_NO_BUFFER, 3, "TABLE", fr, n, 60);
	CHECK_STR(txs(), "1 0 0 0");
	/* A TABLE miss goes to the controller as NO_MATCH. */
	packet_out(OFP_NO_BUFFER, OFPP_CONTROLLER, "TABLE", fr, n, 61);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PACKET_IN);
	CHECK_EQ(m.u.packet_in.reason, OFPR_NO_MATCH);
	CHECK_EQ(m.u.packet_in.in_port, OFPP_CONTROLLER);
	/* FLOOD from NONE: every port. */
	clear_ports();
	packet_out(OFP_NO_BUFFER, OFPP_NONE, "FLOOD", fr, n, 62);
	CHECK_STR(txs(), "1 1 1 1");
	/* A bad in_port. */
	packet_out(OFP_NO_BUFFER, OFPP_FLOOD, "output:1", fr, n, 63);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ERROR);
	CHECK_EQ(m.h.xid, 63);
	teardown();
}

static void test_frag(void)
{
	size_t n = fake_udp(fr, mac_b, mac_a, true, 40);
	struct of_msg m;
	struct sw_stats st;

	setup(SW_FAIL_SECURE, 16);
	flow("actions=output:2");
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(port[2]->n_tx, 1);
	of_msg_init(&m, OFPT_SET_CONFIG, 1);
	m.u.config.flags = OFPC_FRAG_DROP;
	m.u.config.miss_send_len = 128;
	fake_feed_msg(ch, &m);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(port[2]->n_tx, 1);
	n = fake_udp(fr, mac_b, mac_a, false, 40);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(port[2]->n_tx, 2);
	sw_get_stats(sw, &st);
	CHECK_EQ(st.frag_dropped, 1);
	teardown();
}

static void test_normal(void)
{
	size_t n;
	uint8_t m3[6] = {0, 0, 0, 0, 0, 3}, m4[6] = {0, 0, 0, 0, 0, 4};
	uint8_t m5[6] = {0, 0, 0, 0, 0, 5}, m6[6] = {0, 0, 0, 0, 0, 6};

	setup(SW_FAIL_SECURE, 16);
	flow("actions=NORMAL");
	/* Unknown destination: flood. */
	n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 1");
	clear_ports();
	/* b answers from 2: a is known on 1. */
	n = fake_eth(fr, mac_a, mac_b, 0x88b5, 46);
	fake_rx(sw, 2, fr, n);
	CHECK_STR(txs(), "1 0 0 0");
	clear_ports();
	n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 0 0");
	clear_ports();
	/* To its own port: dropped. */
	fake_rx(sw, 2, fr, n);
	CHECK_STR(txs(), "0 0 0 0");
	/* Broadcast: flood; broadcast source not learned. */
	n = fake_eth(fr, mac_bc, mac_a, 0x88b5, 46);
	fake_rx(sw, 1, fr, n);
	CHECK_STR(txs(), "0 1 1 1");
	clear_ports();
	n = fake_eth(fr, mac_a, mac_bc, 0x88b5, 46);
	fake_rx(sw, 3, fr, n);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_bc), OFPP_NONE);
	clear_ports();
	/* a moves to 3 (learned from the frame above? no: source was
	 * broadcast). */
	n = fake_eth(fr, mac_b, mac_a, 0x88b5, 46);
	fake_rx(sw, 3, fr, n);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_a), 3);
	clear_ports();
	/* Table of 4: learning m3..m6 evicts the oldest (b, then a). */
	n = fake_eth(fr, mac_bc, m3, 0x88b5, 46);
	fake_rx(sw, 4, fr, n);
	n = fake_eth(fr, mac_bc, m4, 0x88b5, 46);
	fake_rx(sw, 4, fr, n);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_b), 2);
	n = fake_eth(fr, mac_bc, m5, 0x88b5, 46);
	fake_rx(sw, 4, fr, n);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_b), OFPP_NONE);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_a), 3);
	n = fake_eth(fr, mac_bc, m6, 0x88b5, 46);
	fake_rx(sw, 4, fr, n);
	CHECK_EQ(sw_l2_lookup_test(sw, mac_a), OFPP_NONE);
	CHECK_EQ(sw_l2_lookup_test(sw, m6), 4);
	/* Aging: 10 s. */
	fake_advance(sw, 9999);
	CHECK_EQ(sw_l2_lookup_test(sw, m6), 4);
	fake_advance(sw, 1);
	CHECK_EQ(sw_l2_lookup_test(sw, m6), OFPP_NONE);
	teardown();
}

static void test_config_limits(void)
{
	struct sw_config cfg;
	struct sw *s;

	sw_config_default(&cfg);
	cfg.n_buffers = 65536;
	s = sw_create(&cfg);
	CHECK(s != NULL);
	sw_destroy(s);
	cfg.n_buffers = 65537;
	CHECK(sw_create(&cfg) == NULL);
	cfg.n_buffers = 0;
	CHECK(sw_create(&cfg) == NULL);
}

int main(void)
{
	test_config_limits();
	test_outputs();
	test_port_config();
	test_buffers();
	test_packet_out();
	test_frag();
	test_normal();
	return check_summary();
}

/* Tests of the switch core's agent (sw.h, sw_plat.h) over the fake
 * platform: the HELLO exchange, every message type and the errors it can
 * get, keepalive with the fake clock, reconnection backoff, fail modes,
 * emergency mode, management versus controller connections, snoop
 * connections, multipart stats replies, barriers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_sw_plat.h"
#include "of_hello.h"
#include "of_parse.h"
#include "sw.h"

static struct sw *new_sw(enum sw_fail_mode mode)
{
	struct sw_config cfg;
	struct sw *sw;

	sw_config_default(&cfg);
	cfg.datapath_id = 0x1234;
	cfg.fail_mode = mode;
	sw = sw_create(&cfg);
	CHECK(sw != NULL);
	return sw;
}

/* A controller connection past HELLO, output drained. */
static struct fake_chan *ctl_up(struct sw *sw, struct fake_ctlr **kp)
{
	struct fake_ctlr *k = fake_ctlr_add(sw, "tcp:192.0.2.1:6653");
	struct fake_chan *ch = fake_ctlr_accept(sw, k);

	CHECK(ch->conn != NULL);
	fake_hello(ch);
	if (kp)
		*kp = k;
	else
		free(k);
	return ch;
}

static uint8_t act_buf[4096];

static void flow(struct fake_chan *ch, const char *text, uint32_t xid)
{
	fake_flow(ch, text, 0, OFP_NO_BUFFER, xid);
}

static void simple(struct fake_chan *ch, uint8_t type, uint32_t xid)
{
	struct of_msg m;

	of_msg_init(&m, type, xid);
	fake_feed_msg(ch, &m);
}

/* The next message is an ERROR type/code with xid. */
static void expect_error(struct fake_chan *ch, uint16_t type, uint16_t code,
			 uint32_t xid, int line)
{
	struct of_msg m;

	if (!check_record(fake_next(ch, &m, NULL), __FILE__, line,
			  "an error was sent"))
		return;
	check_eq_int(m.h.type, OFPT_ERROR, __FILE__, line, "type ERROR");
	check_eq_int(m.u.error.type, type, __FILE__, line, "error type");
	check_eq_int(m.u.error.code, code, __FILE__, line, "error code");
	check_eq_int(m.h.xid, xid, __FILE__, line, "error xid");
}
#define EXPECT_ERROR(ch, t, c, x) expect_error(ch, t, c, x, __LINE__)

static void test_handshake(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_ctlr *k = fake_ctlr_add(sw, "tcp:1");
	struct fake_chan *ch, *bad;
	struct of_msg m;

	CHECK_EQ(k->n_attempts, 1);
	ch = fake_ctlr_accept(sw, k);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_HELLO);
	CHECK_EQ(m.h.version, 1);
	CHECK_EQ(sw_controllers_connected(sw), 0);
	fake_hello(ch);
	CHECK_EQ(sw_controllers_connected(sw), 1);
	/* Repeated HELLO: ignored. */
	simple(ch, OFPT_HELLO, 9);
	CHECK_EQ(fake_pending(ch), 0);
	/* Other version after HELLO: BAD_VERSION. */
	fake_feed_hex(ch, "04 05 00 08 00 00 00 07");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION, 7);
	fake_chan_free(ch);
	CHECK_EQ(sw_controllers_connected(sw), 0);

	/* A 1.3-only HELLO: HELLO_FAILED and close. */
	bad = fake_mgmt(sw, "mgmt");
	fake_drain(bad);
	fake_feed_hex(bad, "04 00 00 10 00 00 00 05 00 01 00 08 00 00 00 10");
	CHECK(fake_next(bad, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ERROR);
	CHECK_EQ(m.u.error.type, OFPET_HELLO_FAILED);
	CHECK_EQ(bad->close_calls, 1);
	fake_chan_free(bad);

	/* A non-HELLO first message: closed without an answer (as the
	 * controller core and OVS do). */
	bad = fake_mgmt(sw, "mgmt");
	fake_drain(bad);
	simple(bad, OFPT_FEATURES_REQUEST, 3);
	CHECK_EQ(fake_pending(bad), 0);
	CHECK_EQ(bad->close_calls, 1);
	CHECK(fake_log_has("expected HELLO"));
	/* Input after close is ignored. */
	simple(bad, OFPT_HELLO, 3);
	CHECK_EQ(fake_pending(bad), 0);
	fake_chan_free(bad);
	free(k);
	sw_destroy(sw);
}

static void test_basic_messages(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p2 = fake_port_add(sw, 2), *p1 = fake_port_add(sw, 1);
	struct fake_chan *ch = ctl_up(sw, NULL);
	struct of_msg m;
	struct of_iter it;
	struct of_phy_port pp;
	struct sw_port_info info;

	/* Echo. */
	of_msg_init(&m, OFPT_ECHO_REQUEST, 77);
	m.u.echo.p = (const uint8_t *)"abc";
	m.u.echo.size = 3;
	fake_feed_msg(ch, &m);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ECHO_REPLY);
	CHECK_EQ(m.h.xid, 77);
	CHECK_MEM(m.u.echo.p, m.u.echo.size, "abc", 3);

	/* Features: sorted ports, link down state. */
	fake_port_info(2, &info);
	info.link_up = false;
	sw_port_update(sw, 2, &info);
	CHECK(fake_next_type(ch, OFPT_PORT_STATUS, &m));
	CHECK_EQ(m.u.port_status.reason, OFPPR_MODIFY);
	CHECK_EQ(m.u.port_status.desc.state, OFPPS_LINK_DOWN);
	sw_port_update(sw, 2, &info); /* no change: nothing */
	CHECK_EQ(fake_pending(ch), 0);
	simple(ch, OFPT_FEATURES_REQUEST, 5);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FEATURES_REPLY);
	CHECK_EQ(m.h.xid, 5);
	CHECK_EQ(m.u.features.datapath_id, 0x1234);
	CHECK_EQ(m.u.features.n_buffers, 256);
	CHECK_EQ(m.u.features.n_tables, 1);
	CHECK_EQ(m.u.features.capabilities, 0xc7);
	CHECK_EQ(m.u.features.actions, 0xfff);
	it = of_iter_make(m.u.features.ports);
	CHECK(of_phy_port_next(&it, &pp));
	CHECK_EQ(pp.port_no, 1);
	CHECK_STR(pp.name, "eth1");
	CHECK_EQ(pp.state, 0);
	CHECK_EQ(pp.curr, OFPPF_1GB_FD | OFPPF_COPPER);
	CHECK(of_phy_port_next(&it, &pp));
	CHECK_EQ(pp.port_no, 2);
	CHECK_EQ(pp.state, OFPPS_LINK_DOWN);
	CHECK(!of_phy_port_next(&it, &pp));

	/* Config. */
	simple(ch, OFPT_GET_CONFIG_REQUEST, 6);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_GET_CONFIG_REPLY);
	CHECK_EQ(m.u.config.flags, 0);
	CHECK_EQ(m.u.config.miss_send_len, 128);
	of_msg_init(&m, OFPT_SET_CONFIG, 7);
	m.u.config.flags = OFPC_FRAG_REASM;
	m.u.config.miss_send_len = 200;
	fake_feed_msg(ch, &m);
	CHECK(fake_log_has("not supported"));
	simple(ch, OFPT_GET_CONFIG_REQUEST, 8);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.config.flags, OFPC_FRAG_NORMAL);
	CHECK_EQ(m.u.config.miss_send_len, 200);
	of_msg_init(&m, OFPT_SET_CONFIG, 7);
	m.u.config.flags = OFPC_FRAG_DROP;
	m.u.config.miss_send_len = 128;
	fake_feed_msg(ch, &m);
	simple(ch, OFPT_GET_CONFIG_REQUEST, 8);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.config.flags, OFPC_FRAG_DROP);

	/* Switch-only messages, vendor, bad lengths, unknown type. */
	simple(ch, OFPT_BARRIER_REPLY, 10);
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, 10);
	simple(ch, OFPT_GET_CONFIG_REPLY, 11);
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, 11);
	fake_feed_hex(ch, "01 12 00 0a 00 00 00 0b 00 00");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, 11);
	fake_feed_hex(ch, "01 0a 00 12 00 00 00 0c  ff ff ff ff 00 00 00 01"
			  "00 00");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, 12);
	fake_feed_hex(ch, "01 04 00 0c 00 00 00 0d 00 00 23 20");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR, 13);
	fake_feed_hex(ch, "01 30 00 08 00 00 00 0e");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, 14);
	/* An ERROR is never answered, and is logged. */
	fake_feed_hex(ch, "01 01 00 0c 00 00 00 0f 00 01 00 02");
	CHECK_EQ(fake_pending(ch), 0);
	CHECK(fake_log_has("peer reports error BAD_REQUEST/BAD_STAT"));
	/* Too long for the framer? Not possible at 65535; a length below 8
	 * closes. */
	fake_feed_hex(ch, "01 02 00 04 00 00 00 10");
	CHECK_EQ(ch->close_calls, 1);

	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(p1);
	free(p2);
	sw_destroy(sw);
}

static void test_flow_mod_errors(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_chan *ch = ctl_up(sw, NULL);
	struct fake_port *p1 = fake_port_add(sw, 1);
	struct of_msg m;

	fake_drain(ch);
	flow(ch, "priority=5,actions=output:7", 20); /* absent port: ok */
	CHECK_EQ(fake_pending(ch), 0);
	flow(ch, "actions=LOCAL,NORMAL,FLOOD,ALL,CONTROLLER,IN_PORT", 21);
	CHECK_EQ(fake_pending(ch), 0);
	/* TABLE and NONE as outputs of a flow. */
	fake_feed_hex(ch, "01 0e 00 50 00 00 00 16"
			  "00 3f ff ff 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00"
			  "ff ff ff ff ff ff 00 00"
			  "00 00 00 08 ff f9 00 00");
	EXPECT_ERROR(ch, OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT, 22);
	/* Vendor action. */
	fake_feed_hex(ch, "01 0e 00 50 00 00 00 17"
			  "00 3f ff ff 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00"
			  "ff ff ff ff ff ff 00 00"
			  "ff ff 00 08 00 00 23 20");
	EXPECT_ERROR(ch, OFPET_BAD_ACTION, OFPBAC_BAD_VENDOR, 23);
	/* ENQUEUE to OFPQ_ALL. */
	fake_feed_hex(ch, "01 0e 00 58 00 00 00 18"
			  "00 3f ff ff 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00"
			  "ff ff ff ff ff ff 00 00"
			  "00 0b 00 10 00 01 00 00 00 00 00 00 ff ff ff ff");
	EXPECT_ERROR(ch, OFPET_BAD_ACTION, OFPBAC_BAD_QUEUE, 24);
	/* Bad command (from the table). */
	fake_feed_hex(ch, "01 0e 00 48 00 00 00 19"
			  "00 3f ff ff 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 09 00 00 00 00 80 00"
			  "ff ff ff ff ff ff 00 00");
	EXPECT_ERROR(ch, OFPET_FLOW_MOD_FAILED, OFPFMFC_BAD_COMMAND, 25);
	/* Unknown buffer: BUFFER_UNKNOWN, the flow stays. */
	fake_feed_hex(ch, "01 0e 00 50 00 00 00 1a"
			  "00 3f ff fe 00 01 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00"
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00"
			  "00 05 00 03 ff ff 00 00"
			  "00 00 00 08 00 01 00 00");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BUFFER_UNKNOWN, 26);
	of_msg_init(&m, OFPT_STATS_REQUEST, 27);
	m.u.stats_request.type = OFPST_AGGREGATE;
	of_match_init_catchall(&m.u.stats_request.u.flow.match);
	m.u.stats_request.u.flow.table_id = 0xff;
	m.u.stats_request.u.flow.out_port = OFPP_NONE;
	fake_feed_msg(ch, &m);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.aggregate.flow_count, 3);

	/* PORT_MOD errors. */
	of_msg_init(&m, OFPT_PORT_MOD, 30);
	m.u.port_mod.port_no = 9;
	fake_feed_msg(ch, &m);
	EXPECT_ERROR(ch, OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT, 30);
	m.u.port_mod.port_no = 1;
	fake_feed_msg(ch, &m);
	EXPECT_ERROR(ch, OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_HW_ADDR, 30);

	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	free(p1);
	sw_destroy(sw);
}

static void test_port_mod(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p1 = fake_port_add(sw, 1);
	struct fake_chan *a = ctl_up(sw, NULL), *b = ctl_up(sw, NULL);
	struct fake_chan *mg = fake_mgmt(sw, "mgmt");
	struct of_msg m;
	struct sw_port_info info;

	fake_hello(mg);
	fake_port_info(1, &info);
	of_msg_init(&m, OFPT_PORT_MOD, 40);
	m.u.port_mod.port_no = 1;
	memcpy(m.u.port_mod.hw_addr, info.hw_addr, 6);
	m.u.port_mod.config = OFPPC_PORT_DOWN | OFPPC_NO_FLOOD;
	m.u.port_mod.mask = OFPPC_PORT_DOWN | OFPPC_NO_FLOOD;
	m.u.port_mod.advertise = 0x20;
	fake_feed_msg(a, &m);
	CHECK(fake_log_has("advertise 0x20 ignored"));
	CHECK_EQ(p1->n_set_down, 1);
	CHECK(p1->down);
	/* The requester gets no PORT_STATUS (OVS before 1.5); the other
	 * controller does; a management connection with miss_send_len 0
	 * does not. */
	CHECK_EQ(fake_pending(a), 0);
	CHECK(fake_next(b, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PORT_STATUS);
	CHECK_EQ(m.u.port_status.desc.config, OFPPC_PORT_DOWN | OFPPC_NO_FLOOD);
	CHECK_EQ(fake_pending(mg), 0);
	/* Port add/remove: PORT_STATUS ADD and DELETE. */
	{
		struct fake_port *p5 = fake_port_add(sw, 0);

		CHECK_EQ(p5->port_no, 2);
		CHECK(fake_next(b, &m, NULL));
		CHECK_EQ(m.u.port_status.reason, OFPPR_ADD);
		CHECK_EQ(m.u.port_status.desc.port_no, 2);
		sw_port_remove(sw, 2);
		CHECK(fake_next(b, &m, NULL));
		CHECK_EQ(m.u.port_status.reason, OFPPR_DELETE);
		free(p5);
	}
	fake_drain(a);
	fake_chan_free(a);
	fake_chan_free(b);
	fake_chan_free(mg);
	sw_port_remove(sw, 1);
	free(p1);
	sw_destroy(sw);
}

static void test_keepalive(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_chan *ch = ctl_up(sw, NULL);
	struct of_msg m;

	CHECK_EQ(sw_next_timeout(sw), 0); /* not started yet */
	fake_advance(sw, 0);
	CHECK_EQ(sw_next_timeout(sw), 5000);
	fake_advance(sw, 4999);
	CHECK_EQ(fake_pending(ch), 0);
	fake_advance(sw, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ECHO_REQUEST);
	/* An answer keeps it. */
	of_msg_init(&m, OFPT_ECHO_REPLY, m.h.xid);
	fake_feed_msg(ch, &m);
	fake_advance(sw, 4999);
	CHECK_EQ(ch->close_calls, 0);
	fake_advance(sw, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ECHO_REQUEST);
	fake_advance(sw, 4999);
	CHECK_EQ(ch->close_calls, 0);
	fake_advance(sw, 1);
	CHECK_EQ(ch->close_calls, 1);
	CHECK(fake_log_has("no response to inactivity probe"));
	CHECK_EQ(sw_controllers_connected(sw), 0);
	fake_chan_free(ch);
	sw_destroy(sw);
}

static void test_backoff(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_ctlr *k = fake_ctlr_add(sw, "tcp:1");
	uint64_t t0 = fake_now;
	unsigned waits[] = {1, 2, 4, 8, 8};
	struct fake_chan *ch;

	fake_advance(sw, 0);
	CHECK_EQ(k->n_attempts, 1);
	for (unsigned i = 0; i < 5; i++) {
		fake_ctlr_fail(sw, k);
		CHECK_EQ(sw_next_timeout(sw), waits[i] * 1000);
		fake_advance(sw, waits[i] * 1000 - 1);
		CHECK_EQ(k->n_attempts, i + 1);
		fake_advance(sw, 1);
		CHECK_EQ(k->n_attempts, i + 2);
	}
	CHECK_EQ(fake_now - t0, 23000);
	/* Connected past HELLO, then lost: back to 1 s. */
	ch = fake_ctlr_accept(sw, k);
	fake_hello(ch);
	fake_chan_gone(ch);
	fake_advance(sw, 999);
	CHECK_EQ(k->n_attempts, 7 - 1);
	fake_advance(sw, 1);
	CHECK_EQ(k->n_attempts, 7);
	fake_chan_free(ch);
	/* Shutdown: no more attempts. */
	ch = fake_ctlr_accept(sw, k);
	sw_shutdown(sw);
	CHECK_EQ(ch->close_calls, 1);
	fake_chan_gone(ch);
	fake_advance(sw, 100000);
	CHECK_EQ(k->n_attempts, 7);
	fake_chan_free(ch);
	free(k);
	sw_destroy(sw);
}

static const uint8_t mac_a[6] = {0, 0, 0, 0, 0, 0xa};
static const uint8_t mac_b[6] = {0, 0, 0, 0, 0, 0xb};

static void test_fail_modes(void)
{
	struct sw *sw = new_sw(SW_FAIL_STANDALONE);
	struct fake_port *p1 = fake_port_add(sw, 1), *p2 = fake_port_add(sw, 2);
	struct fake_ctlr *k = fake_ctlr_add(sw, "tcp:1");
	struct fake_chan *ch;
	uint8_t fr[128];
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 30);
	struct of_msg m;

	/* Standalone, no controller connected: NORMAL. */
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(p2->n_tx, 1);
	ch = fake_ctlr_accept(sw, k);
	fake_hello(ch);
	/* Connected: table (empty) miss goes to the controller. */
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(p2->n_tx, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PACKET_IN);
	CHECK_EQ(m.u.packet_in.reason, OFPR_NO_MATCH);
	flow(ch, "in_port=1,actions=output:2", 1);
	fake_chan_gone(ch);
	fake_chan_free(ch);
	/* Lost: NORMAL again, the table is kept. */
	fake_rx(sw, 2, fr, n);
	CHECK_EQ(p1->n_tx, 1);
	CHECK(fake_log_has("fail-standalone"));
	free(k);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(p1);
	free(p2);
	sw_destroy(sw);

	/* Secure with emergency flows. */
	sw = new_sw(SW_FAIL_SECURE);
	p1 = fake_port_add(sw, 1);
	p2 = fake_port_add(sw, 2);
	fake_rx(sw, 1, fr, n); /* no controller yet: dropped */
	CHECK_EQ(p2->n_tx, 0);
	ch = ctl_up(sw, &k);
	flow(ch, "in_port=1,actions=output:2", 1);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(p2->n_tx, 1);
	{
		struct of_flow_text ft;
		char err[100];

		CHECK_EQ(of_parse_flow("in_port=2,actions=output:1",
				       OF_PARSE_ADD, &ft, act_buf,
				       sizeof(act_buf), err, sizeof(err)),
			 OF_OK);
		ft.fm.flags |= OFPFF_EMERG;
		of_msg_init(&m, OFPT_FLOW_MOD, 2);
		m.u.flow_mod = ft.fm;
		fake_feed_msg(ch, &m);
	}
	CHECK_EQ(fake_pending(ch), 0);
	fake_chan_gone(ch);
	fake_chan_free(ch);
	CHECK(fake_log_has("entering emergency mode"));
	fake_rx(sw, 1, fr, n); /* the normal flow is gone */
	CHECK_EQ(p2->n_tx, 1);
	fake_rx(sw, 2, fr, n); /* the emergency one works */
	CHECK_EQ(p1->n_tx, 1);
	fake_advance(sw, 1000);
	ch = fake_ctlr_accept(sw, k);
	fake_hello(ch);
	CHECK(fake_log_has("leaving emergency mode"));
	fake_rx(sw, 2, fr, n); /* normal table (empty): packet-in */
	CHECK_EQ(p1->n_tx, 1);
	CHECK(fake_next_type(ch, OFPT_PACKET_IN, &m));
	fake_chan_free(ch);
	free(k);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(p1);
	free(p2);
	sw_destroy(sw);

	/* No controller configured, standalone: a real NORMAL flow. */
	sw = new_sw(SW_FAIL_STANDALONE);
	p1 = fake_port_add(sw, 1);
	p2 = fake_port_add(sw, 2);
	fake_advance(sw, 0);
	ch = fake_mgmt(sw, "mgmt");
	fake_hello(ch);
	of_msg_init(&m, OFPT_STATS_REQUEST, 3);
	m.u.stats_request.type = OFPST_AGGREGATE;
	of_match_init_catchall(&m.u.stats_request.u.flow.match);
	m.u.stats_request.u.flow.table_id = 0xff;
	m.u.stats_request.u.flow.out_port = OFPP_NONE;
	fake_feed_msg(ch, &m);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.aggregate.flow_count, 1);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(p2->n_tx, 1);
	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(p1);
	free(p2);
	sw_destroy(sw);
}

static void test_mgmt_vs_ctlr(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p1 = fake_port_add(sw, 1);
	struct fake_chan *ch = ctl_up(sw, NULL), *mg = fake_mgmt(sw, "mgmt");
	uint8_t fr[400];
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 300);
	struct of_msg m;

	fake_hello(mg);
	CHECK_EQ(sw_controllers_connected(sw), 1);
	simple(mg, OFPT_GET_CONFIG_REQUEST, 1);
	CHECK(fake_next(mg, &m, NULL));
	CHECK_EQ(m.u.config.miss_send_len, 0);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(fake_pending(mg), 0);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.packet_in.data.size, 128);
	CHECK_EQ(m.u.packet_in.total_len, n);
	CHECK(m.u.packet_in.buffer_id != OFP_NO_BUFFER);
	/* The management conn asks for misses. */
	of_msg_init(&m, OFPT_SET_CONFIG, 2);
	m.u.config.miss_send_len = 0xffff;
	fake_feed_msg(mg, &m);
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(mg, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PACKET_IN);
	CHECK_EQ(m.u.packet_in.data.size, n);
	CHECK_EQ(m.u.packet_in.buffer_id, OFP_NO_BUFFER);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.packet_in.data.size, 128);
	/* Congestion: dropped and counted. */
	ch->fake_queued = 2u << 20;
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(fake_pending(ch), 0);
	{
		struct sw_stats st;

		sw_get_stats(sw, &st);
		CHECK_EQ(st.packet_in_dropped, 1);
		CHECK_EQ(st.table_misses, 3);
	}
	fake_chan_free(ch);
	fake_chan_free(mg);
	sw_port_remove(sw, 1);
	free(p1);
	sw_destroy(sw);
}

/* A snoop connection gets a copy of each message exchanged with the
 * controllers (both ways, in order), nothing of management connections',
 * no answer to what it sends, and no probe. */
static void test_snoop(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p1 = fake_port_add(sw, 1);
	struct fake_chan *sn = fake_snoop(sw, "snoop"), *ch, *mg;
	uint8_t fr[200];
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 100);
	struct of_msg m;
	struct sw_stats st;

	CHECK(sn->conn != NULL);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_HELLO);
	fake_hello(sn);
	/* Before HELLO from the snoop nothing is copied; now it is. */
	ch = ctl_up(sw, NULL);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_HELLO); /* the switch's, to the controller */
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_HELLO); /* the controller's */
	fake_drain(sn);
	simple(ch, OFPT_FEATURES_REQUEST, 7);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FEATURES_REQUEST);
	CHECK_EQ(m.h.xid, 7);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FEATURES_REPLY);
	CHECK_EQ(m.h.xid, 7);
	CHECK_EQ(fake_pending(sn), 0);
	/* A bad message and its error. */
	fake_feed_hex(ch, "01 0e 00 08 00 00 00 09");
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FLOW_MOD);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ERROR);
	CHECK_EQ(m.h.xid, 9);
	/* Asynchronous messages to the controller. */
	fake_rx(sw, 1, fr, n);
	CHECK(fake_next(sn, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PACKET_IN);
	/* A management connection's exchange is not copied. */
	mg = fake_mgmt(sw, "mgmt");
	fake_hello(mg);
	simple(mg, OFPT_FEATURES_REQUEST, 8);
	CHECK(fake_next(mg, &m, NULL));
	CHECK_EQ(fake_pending(sn), 0);
	/* What the snoop sends gets no answer, and it is not probed. */
	simple(sn, OFPT_FEATURES_REQUEST, 10);
	simple(sn, OFPT_ECHO_REQUEST, 11);
	fake_feed_hex(sn, "01 0e 00 08 00 00 00 0c");
	CHECK_EQ(fake_pending(sn), 0);
	fake_drain(ch);
	fake_advance(sw, 60000);
	CHECK(!sn->closed && sn->close_calls == 0);
	while (fake_next(sn, &m, NULL))
		CHECK(m.h.type == OFPT_ECHO_REQUEST ||
		      m.h.type == OFPT_ECHO_REPLY);
	/* A congested snoop misses copies, counted. */
	sn->fake_queued = 2u << 20;
	simple(ch, OFPT_BARRIER_REQUEST, 13);
	sw_get_stats(sw, &st);
	CHECK_EQ(st.snoop_dropped, 2);
	CHECK_EQ(fake_pending(sn), 0);
	CHECK_EQ(sw_controllers_connected(sw), 1);
	fake_chan_free(sn);
	fake_chan_free(mg);
	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	free(p1);
	sw_destroy(sw);
}

static void stats_req(struct fake_chan *ch, uint16_t type, uint32_t xid)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_STATS_REQUEST, xid);
	m.u.stats_request.type = type;
	if (type == OFPST_FLOW || type == OFPST_AGGREGATE) {
		of_match_init_catchall(&m.u.stats_request.u.flow.match);
		m.u.stats_request.u.flow.table_id = 0xff;
		m.u.stats_request.u.flow.out_port = OFPP_NONE;
	}
	if (type == OFPST_PORT)
		m.u.stats_request.u.port.port_no = OFPP_NONE;
	if (type == OFPST_QUEUE) {
		m.u.stats_request.u.queue.port_no = OFPP_ALL;
		m.u.stats_request.u.queue.queue_id = OFPQ_ALL;
	}
	fake_feed_msg(ch, &m);
}

static void test_stats(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p1 = fake_port_add(sw, 1);
	struct fake_chan *ch = ctl_up(sw, NULL);
	struct of_msg m;
	size_t size, total = 0, msgs = 0;
	char text[100];

	/* DESC. */
	stats_req(ch, OFPST_DESC, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_STR(m.u.stats_reply.u.desc.mfr_desc, "of-switch project");
	CHECK_STR(m.u.stats_reply.u.desc.hw_desc,
		  "of-switch userspace datapath");
	CHECK(!strncmp(m.u.stats_reply.u.desc.sw_desc, "of-switch ", 10));
	CHECK_STR(m.u.stats_reply.u.desc.serial_num, "None");
	CHECK_STR(m.u.stats_reply.u.desc.dp_desc, "of-switch");
	/* 1000 flows: several replies, REPLY_MORE on all but the last. */
	for (unsigned i = 0; i < 1000; i++) {
		snprintf(text, sizeof(text), "tcp,tp_dst=%u,actions=output:1",
			 i + 1);
		flow(ch, text, 100 + i);
	}
	CHECK_EQ(fake_pending(ch), 0);
	stats_req(ch, OFPST_FLOW, 2);
	while (fake_next(ch, &m, &size)) {
		struct of_iter it = of_iter_make(m.u.stats_reply.u.entries);
		struct of_flow_stats fs;
		bool last;

		CHECK_EQ(m.h.type, OFPT_STATS_REPLY);
		CHECK_EQ(m.h.xid, 2);
		CHECK(size <= 65535);
		msgs++;
		while (of_flow_stats_next(&it, &fs))
			total++;
		last = !(m.u.stats_reply.flags & OFPSF_REPLY_MORE);
		CHECK_EQ(last, fake_pending(ch) == 0);
	}
	CHECK_EQ(total, 1000);
	CHECK(msgs >= 2);
	/* AGGREGATE, TABLE, PORT. */
	stats_req(ch, OFPST_AGGREGATE, 3);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.aggregate.flow_count, 1000);
	stats_req(ch, OFPST_TABLE, 4);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.entries.size, OFP_TABLE_STATS_LEN);
	stats_req(ch, OFPST_PORT, 5);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.entries.size, OFP_PORT_STATS_LEN);
	/* QUEUE ALL/ALL with a port but no queue: an empty reply. */
	stats_req(ch, OFPST_QUEUE, 6);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_STATS_REPLY);
	CHECK_EQ(m.u.stats_reply.u.entries.size, 0);
	CHECK_EQ(sw_port_add_queue(sw, 1, 7, 500), OF_OK);
	CHECK_EQ(sw_port_add_queue(sw, 1, 8, 0xffff), OF_OK);
	CHECK_EQ(sw_port_add_queue(sw, 1, 7, 500), OF_E_INVALID);
	CHECK_EQ(sw_port_add_queue(sw, 3, 7, 500), OF_E_INVALID);
	stats_req(ch, OFPST_QUEUE, 7);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.u.stats_reply.u.entries.size, 2 * OFP_QUEUE_STATS_LEN);
	of_msg_init(&m, OFPT_STATS_REQUEST, 8);
	m.u.stats_request.type = OFPST_QUEUE;
	m.u.stats_request.u.queue.port_no = 5;
	m.u.stats_request.u.queue.queue_id = OFPQ_ALL;
	fake_feed_msg(ch, &m);
	EXPECT_ERROR(ch, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT, 8);
	m.u.stats_request.u.queue.port_no = 1;
	m.u.stats_request.u.queue.queue_id = 9;
	fake_feed_msg(ch, &m);
	EXPECT_ERROR(ch, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_QUEUE, 8);
	/* VENDOR and unknown stats. */
	fake_feed_hex(ch, "01 10 00 10 00 00 00 09 ff ff 00 00 00 00 23 20");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR, 9);
	fake_feed_hex(ch, "01 10 00 0c 00 00 00 0a 00 0d 00 00");
	EXPECT_ERROR(ch, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT, 10);
	/* QUEUE_GET_CONFIG. */
	fake_feed_hex(ch, "01 14 00 0c 00 00 00 0b 00 01 00 00");
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_QUEUE_GET_CONFIG_REPLY);
	{
		struct of_iter it =
		    of_iter_make(m.u.queue_get_config_reply.queues);
		struct of_packet_queue q;
		struct of_queue_prop pr;
		struct of_iter pit;

		CHECK(of_packet_queue_next(&it, &q));
		CHECK_EQ(q.queue_id, 7);
		pit = of_iter_make(q.properties);
		CHECK(of_queue_prop_next(&pit, &pr));
		CHECK_EQ(pr.property, OFPQT_MIN_RATE);
		CHECK_EQ(pr.rate, 500);
		CHECK(of_packet_queue_next(&it, &q));
		CHECK_EQ(q.queue_id, 8);
		CHECK_EQ(q.properties.size, 0);
	}
	fake_feed_hex(ch, "01 14 00 0c 00 00 00 0c 00 02 00 00");
	EXPECT_ERROR(ch, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT, 12);
	fake_feed_hex(ch, "01 14 00 0c 00 00 00 0d ff fc 00 00");
	EXPECT_ERROR(ch, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT, 13);

	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	free(p1);
	sw_destroy(sw);
}

static void test_barrier_and_flow_removed(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_port *p1 = fake_port_add(sw, 1), *p2 = fake_port_add(sw, 2);
	struct fake_chan *ch = ctl_up(sw, NULL);
	struct of_msg m;
	uint8_t fr[64];
	size_t n = fake_eth(fr, mac_b, mac_a, 0x88b5, 30);
	struct of_flow_text ft;
	char err[100];

	/* packet-out then barrier: the frame is flushed before the reply. */
	fake_feed_hex(ch, "01 0d 00 18 00 00 00 01 ff ff ff ff ff ff 00 08"
			  "00 00 00 08 00 02 00 00");
	(void)n;
	p2->n_flush = 0;
	simple(ch, OFPT_BARRIER_REQUEST, 2);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_BARRIER_REPLY);
	CHECK_EQ(m.h.xid, 2);
	CHECK_EQ(p2->n_tx, 1);
	CHECK_EQ(p2->frame_size[0], 0); /* empty packet-out data */
	/* Flow removed by idle timeout, with SEND_FLOW_REM. */
	CHECK_EQ(of_parse_flow("idle_timeout=2,in_port=1,actions=output:2",
			       OF_PARSE_ADD, &ft, act_buf, sizeof(act_buf), err,
			       sizeof(err)),
		 OF_OK);
	ft.fm.flags = OFPFF_SEND_FLOW_REM;
	of_msg_init(&m, OFPT_FLOW_MOD, 3);
	m.u.flow_mod = ft.fm;
	fake_feed_msg(ch, &m);
	fake_rx(sw, 1, fr, n);
	CHECK_EQ(p2->n_tx, 2);
	fake_advance(sw, 2000);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FLOW_REMOVED);
	CHECK_EQ(m.u.flow_removed.reason, OFPRR_IDLE_TIMEOUT);
	CHECK_EQ(m.u.flow_removed.packet_count, 1);
	fake_chan_free(ch);
	sw_port_remove(sw, 1);
	sw_port_remove(sw, 2);
	free(p1);
	free(p2);
	sw_destroy(sw);
}

static void test_log_rate_limit(void)
{
	struct sw *sw = new_sw(SW_FAIL_SECURE);
	struct fake_chan *ch = ctl_up(sw, NULL);

	fake_advance(sw, 1000);
	fake_log_clear();
	for (int i = 0; i < 50; i++)
		fake_feed_hex(ch, "01 04 00 0c 00 00 00 0d 00 00 23 20");
	fake_drain(ch);
	fake_advance(sw, 1000);
	fake_feed_hex(ch, "01 04 00 0c 00 00 00 0d 00 00 23 20");
	CHECK(fake_log_has("(30 similar lines suppressed)"));
	fake_chan_free(ch);
	sw_destroy(sw);
}

int main(void)
{
	test_handshake();
	test_basic_messages();
	test_flow_mod_errors();
	test_port_mod();
	test_keepalive();
	test_backoff();
	test_fail_modes();
	test_mgmt_vs_ctlr();
	test_snoop();
	test_stats();
	test_barrier_and_flow_removed();
	test_log_rate_limit();
	return check_summary();
}

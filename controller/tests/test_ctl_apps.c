/* Tests of the built-in apps (hub, learning, static, monitor) through the
 * core, with a scripted switch (fake_plat.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fake_plat.h"
#include "of_action.h"
#include "of_print.h"

static const uint8_t mac_a[6] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x0a};
static const uint8_t mac_b[6] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x0b};
static const uint8_t mac_c[6] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x0c};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static struct ctl *g_ctl;
static struct ctl_worker *g_w;

static void setup(const char *app1, const char *args1, const char *app2,
		  const char *args2)
{
	struct ctl_config cfg;
	char err[256];

	ctl_config_default(&cfg);
	g_ctl = ctl_create(&cfg);
	if (!CHECK_EQ(ctl_add_app(g_ctl, app1, args1, err, sizeof(err)), OF_OK))
		printf("  %s\n", err);
	if (app2 &&
	    !CHECK_EQ(ctl_add_app(g_ctl, app2, args2, err, sizeof(err)), OF_OK))
		printf("  %s\n", err);
	g_w = ctl_worker_create(g_ctl, 0);
}

static void teardown(void)
{
	ctl_worker_destroy(g_w);
	ctl_destroy(g_ctl);
}

/* A PACKET_IN of an Ethernet frame dst/src (60 bytes, IPv4 type). */
static void packet_in(struct fake_chan *ch, uint32_t buffer_id,
		      uint16_t in_port, const uint8_t *dst, const uint8_t *src)
{
	uint8_t frame[60];
	struct of_msg m;

	memset(frame, 0, sizeof(frame));
	memcpy(frame, dst, 6);
	memcpy(frame + 6, src, 6);
	frame[12] = 0x08;
	of_msg_init(&m, OFPT_PACKET_IN, 0);
	m.u.packet_in.buffer_id = buffer_id;
	m.u.packet_in.total_len = sizeof(frame);
	m.u.packet_in.in_port = in_port;
	m.u.packet_in.reason = OFPR_NO_MATCH;
	m.u.packet_in.data.p = frame;
	m.u.packet_in.data.size = sizeof(frame);
	fake_feed_msg(ch, &m);
}

/* The single action of a list, which must be OUTPUT; returns its port. */
static int only_output(struct of_bytes actions)
{
	struct of_iter it = of_iter_make(actions);
	struct of_action a;

	if (!CHECK_EQ(of_actions_count(actions), 1))
		return -1;
	of_action_next(&it, &a);
	if (!CHECK_EQ(a.type, OFPAT_OUTPUT))
		return -1;
	return a.u.output.port;
}

static void expect_flood(struct fake_chan *ch, uint32_t buffer_id,
			 uint16_t in_port)
{
	struct of_msg m;

	if (!CHECK(fake_next(ch, &m, NULL)))
		return;
	CHECK_EQ(m.h.type, OFPT_PACKET_OUT);
	CHECK_EQ(m.u.packet_out.buffer_id, buffer_id);
	CHECK_EQ(m.u.packet_out.in_port, in_port);
	CHECK_EQ(only_output(m.u.packet_out.actions), OFPP_FLOOD);
	CHECK_EQ(m.u.packet_out.data.size, buffer_id == OFP_NO_BUFFER ? 60 : 0);
}

static void test_hub(void)
{
	struct fake_chan *ch;
	struct of_msg m;

	setup("hub", NULL, NULL, NULL);
	ch = fake_switch(g_w, 1, 3);
	CHECK(!fake_next(ch, &m, NULL));
	packet_in(ch, 77, 2, mac_b, mac_a);
	expect_flood(ch, 77, 2);
	packet_in(ch, OFP_NO_BUFFER, 3, mac_b, mac_a);
	expect_flood(ch, OFP_NO_BUFFER, 3);
	CHECK(!fake_next(ch, &m, NULL));
	fake_close(ch);
	teardown();

	setup("hub", "proactive", NULL, NULL);
	ch = fake_open(g_w, "tcp:192.0.2.9:9");
	fake_close(ch);
	{
		struct fake_chan *sw;

		/* fake_switch drains the flow; check it by hand. */
		sw = fake_open(g_w, "tcp:192.0.2.9:10");
		fake_drain(sw);
		fake_feed_hex(sw, "01 00 0008 00000001");
		uint32_t fxid = 0;
		while (fake_next(sw, &m, NULL))
			if (m.h.type == OFPT_FEATURES_REQUEST)
				fxid = m.h.xid;
		of_msg_init(&m, OFPT_FEATURES_REPLY, fxid);
		m.u.features.datapath_id = 5;
		fake_feed_msg(sw, &m);
		CHECK(fake_next(sw, &m, NULL));
		CHECK_EQ(m.h.type, OFPT_FLOW_MOD);
		CHECK_EQ(m.u.flow_mod.match.wildcards, OFPFW_ALL);
		CHECK_EQ(only_output(m.u.flow_mod.actions), OFPP_FLOOD);
		fake_close(sw);
	}
	teardown();
}

static void expect_flow(struct fake_chan *ch, uint16_t in_port,
			const uint8_t *dst, const uint8_t *src, uint16_t out,
			uint32_t buffer_id, uint16_t idle)
{
	struct of_msg m;
	const struct of_flow_mod *fm = &m.u.flow_mod;

	if (!CHECK(fake_next(ch, &m, NULL)))
		return;
	if (!CHECK_EQ(m.h.type, OFPT_FLOW_MOD))
		return;
	CHECK_EQ(fm->command, OFPFC_ADD);
	CHECK_EQ(fm->match.wildcards,
		 OFPFW_ALL & ~(OFPFW_IN_PORT | OFPFW_DL_SRC | OFPFW_DL_DST));
	CHECK_EQ(fm->match.in_port, in_port);
	CHECK_MEM(fm->match.dl_dst, 6, dst, 6);
	CHECK_MEM(fm->match.dl_src, 6, src, 6);
	CHECK_EQ(fm->idle_timeout, idle);
	CHECK_EQ(fm->hard_timeout, 0);
	CHECK_EQ(fm->priority, OFP_DEFAULT_PRIORITY);
	CHECK_EQ(fm->buffer_id, buffer_id);
	CHECK_EQ(only_output(fm->actions), out);
	if (buffer_id == OFP_NO_BUFFER) {
		CHECK(fake_next(ch, &m, NULL));
		CHECK_EQ(m.h.type, OFPT_PACKET_OUT);
		CHECK_EQ(m.u.packet_out.buffer_id, OFP_NO_BUFFER);
		CHECK_EQ(m.u.packet_out.data.size, 60);
		CHECK_EQ(only_output(m.u.packet_out.actions), out);
	}
}

static void test_learning(void)
{
	struct fake_chan *ch;
	struct of_msg m;
	char err[256];
	struct ctl_config cfg;
	struct ctl *c;

	setup("learning", "idle=7,age=100", NULL, NULL);
	ch = fake_switch(g_w, 1, 4);
	/* a -> b: b unknown, flood; a learnt on 1. */
	packet_in(ch, 100, 1, mac_b, mac_a);
	expect_flood(ch, 100, 1);
	/* b -> a: a on 1, flow for (2, b -> a) with the buffer. */
	packet_in(ch, 101, 2, mac_a, mac_b);
	expect_flow(ch, 2, mac_a, mac_b, 1, 101, 7);
	CHECK(!fake_next(ch, &m, NULL));
	/* a -> b unbuffered: flow-mod plus packet-out with the data. */
	packet_in(ch, OFP_NO_BUFFER, 1, mac_b, mac_a);
	expect_flow(ch, 1, mac_b, mac_a, 2, OFP_NO_BUFFER, 7);
	/* Broadcast is flooded. */
	packet_in(ch, 102, 3, bcast, mac_c);
	expect_flood(ch, 102, 3);
	/* c -> c's own port: dropped, the buffer released. */
	packet_in(ch, 103, 3, mac_c, mac_a);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_PACKET_OUT);
	CHECK_EQ(m.u.packet_out.buffer_id, 103);
	CHECK_EQ(of_actions_count(m.u.packet_out.actions), 0);
	/* a moved to port 3 above (learnt from that packet). */
	packet_in(ch, 104, 2, mac_a, mac_b);
	expect_flow(ch, 2, mac_a, mac_b, 3, 104, 7);
	/* A runt frame: flooded, not parsed. */
	fake_feed_hex(ch,
		      "010a0016 00000000 00000069 0004 0001 00 00 aabbccdd");
	expect_flood(ch, 0x69, 1);

	/* Port 3 goes down: a (on 3) is forgotten. */
	fake_feed_hex(ch, "010c0040 00000000 02 00000000000000"
			  "0003 000000000003 65746833000000000000000000000000"
			  "00000000 00000001 00000000 00000000 00000000 "
			  "00000000");
	packet_in(ch, 105, 2, mac_a, mac_b);
	expect_flood(ch, 105, 2);
	/* Aging: b (seen on 2 just now) is forgotten after 100 s. */
	packet_in(ch, 106, 1, mac_b, mac_a);
	expect_flow(ch, 1, mac_b, mac_a, 2, 106, 7);
	fake_now += 100 * 1000;
	packet_in(ch, 107, 1, mac_b, mac_a);
	expect_flood(ch, 107, 1);
	CHECK(!fake_next(ch, &m, NULL));

	/* Tables are per switch. */
	{
		struct fake_chan *ch2 = fake_switch(g_w, 2, 4);

		packet_in(ch2, 1, 1, mac_a, mac_b);
		expect_flood(ch2, 1, 1);
		fake_close(ch2);
	}
	fake_close(ch);
	teardown();

	/* A bounded table: many MACs on a small table never grow it; the
	 * most recent stay known. */
	setup("learning", "max=8", NULL, NULL);
	ch = fake_switch(g_w, 3, 2);
	for (int i = 0; i < 1000; i++) {
		uint8_t src[6] = {0, 1, 0, 0, (uint8_t)(i >> 8), (uint8_t)i};

		packet_in(ch, OFP_NO_BUFFER, 1, bcast, src);
		fake_drain(ch);
	}
	{
		uint8_t last[6] = {0, 1, 0, 0, 999 >> 8, 999 & 0xff};

		packet_in(ch, 5, 2, last, mac_a);
		expect_flow(ch, 2, last, mac_a, 1, 5, 60);
	}
	fake_close(ch);
	teardown();

	/* Addresses that differ only in their middle bytes (cbench's
	 * 00:m0:m1:m2:m3:ID scheme) spread over the table: 1000 of them all
	 * stay known in the default 4096-entry table. */
	setup("learning", NULL, NULL, NULL);
	ch = fake_switch(g_w, 4, 2);
	for (int i = 0; i < 1000; i++) {
		uint8_t src[6] = {0, (uint8_t)i, (uint8_t)(i >> 8), 0, 0, 1};

		packet_in(ch, OFP_NO_BUFFER, 1, bcast, src);
		fake_drain(ch);
	}
	{
		int known = 0;

		for (int i = 0; i < 1000; i++) {
			uint8_t dst[6] = {0, (uint8_t)i, (uint8_t)(i >> 8),
					  0, 0,		 1};

			packet_in(ch, 7, 2, dst, mac_a);
			if (fake_next(ch, &m, NULL) &&
			    m.h.type == OFPT_FLOW_MOD)
				known++;
			fake_drain(ch);
		}
		CHECK_EQ(known, 1000);
	}
	fake_close(ch);
	teardown();

	/* Bad arguments. */
	ctl_config_default(&cfg);
	c = ctl_create(&cfg);
	CHECK_EQ(ctl_add_app(c, "learning", "idle=70000", err, sizeof(err)),
		 OF_E_INVALID);
	CHECK_STR(err, "learning: idle=70000: expected a number 0 to 65535");
	CHECK_EQ(ctl_add_app(c, "learning", "colour=red", err, sizeof(err)),
		 OF_E_INVALID);
	CHECK(strstr(err, "unknown argument 'colour'") != NULL);
	CHECK_EQ(ctl_add_app(c, "learning", "max=3", err, sizeof(err)),
		 OF_E_INVALID);
	CHECK_EQ(ctl_add_app(c, "hub", "x", err, sizeof(err)), OF_E_INVALID);
	ctl_destroy(c);
}

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "build/tests/%s.%d", name, (int)getpid());
	f = fopen(path, "w");
	if (!f) {
		snprintf(path, sizeof(path), "/tmp/%s.%d", name, (int)getpid());
		f = fopen(path, "w");
	}
	CHECK(f != NULL);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_static(void)
{
	char args[300], err[512], text[512];
	const char *path;
	struct fake_chan *ch;
	struct of_msg m;
	struct ctl_config cfg;
	struct ctl *c;
	struct of_text t;

	path = write_file(
	    "flows-ok", "# proactive flows\n"
			"\n"
			"priority=100,in_port=1,actions=output:2\r\n"
			"  priority=200,tcp,nw_dst=10.0.0.0/8,tp_dst=80,"
			"idle_timeout=10,actions=mod_dl_src:00:11:22:33:44:55,"
			"output:3\n"
			"arp,actions=flood");
	snprintf(args, sizeof(args), "file=%s,clear", path);
	setup("static", args, NULL, NULL);
	CHECK(fake_log_has("static: 3 flows from"));
	ch = fake_switch(g_w, 1, 3);
	fake_close(ch);
	teardown();
	unlink(path);

	/* fake_switch drained the output: replay the handshake by hand. */
	path =
	    write_file("flows-ok2", "priority=100,in_port=1,actions=output:2\n"
				    "tcp,tp_dst=80,actions=drop\n");
	snprintf(args, sizeof(args), "file=%s,clear", path);
	setup("static", args, NULL, NULL);
	ch = fake_open(g_w, "tcp:192.0.2.7:7");
	fake_drain(ch);
	fake_feed_hex(ch, "01 00 0008 00000001");
	uint32_t fxid = 0;
	while (fake_next(ch, &m, NULL))
		if (m.h.type == OFPT_FEATURES_REQUEST)
			fxid = m.h.xid;
	of_msg_init(&m, OFPT_FEATURES_REPLY, fxid);
	m.u.features.datapath_id = 0x77;
	fake_feed_msg(ch, &m);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FLOW_MOD);
	CHECK_EQ(m.u.flow_mod.command, OFPFC_DELETE);
	CHECK_EQ(m.u.flow_mod.match.wildcards, OFPFW_ALL);
	CHECK(fake_next(ch, &m, NULL));
	of_text_init(&t, text, sizeof(text));
	of_print_match(&t, &m.u.flow_mod.match);
	CHECK_STR(text, "in_port=1");
	CHECK_EQ(m.u.flow_mod.priority, 100);
	CHECK_EQ(only_output(m.u.flow_mod.actions), 2);
	CHECK(fake_next(ch, &m, NULL));
	of_text_init(&t, text, sizeof(text));
	of_print_match(&t, &m.u.flow_mod.match);
	CHECK_STR(text, "tcp,tp_dst=80");
	CHECK_EQ(of_actions_count(m.u.flow_mod.actions), 0);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_BARRIER_REQUEST);
	of_msg_init(&m, OFPT_BARRIER_REPLY, m.h.xid);
	fake_feed_msg(ch, &m);
	CHECK(fake_log_has("static: 2 flows installed on 0000000000000077"));
	fake_close(ch);
	teardown();
	unlink(path);

	/* Bad files: line numbers and the parser's message. */
	ctl_config_default(&cfg);
	c = ctl_create(&cfg);
	path = write_file("flows-bad", "in_port=1,actions=output:2\n"
				       "# fine so far\n"
				       "tcp,tp_dst=70000,actions=drop\n");
	snprintf(args, sizeof(args), "file=%s", path);
	CHECK_EQ(ctl_add_app(c, "static", args, err, sizeof(err)),
		 OF_E_INVALID);
	CHECK(strstr(err, ":3: ") != NULL);
	CHECK(strstr(err, "tp_dst=70000") != NULL);
	unlink(path);
	path = write_file("flows-bad2", "in_port=1\n");
	snprintf(args, sizeof(args), "file=%s", path);
	CHECK_EQ(ctl_add_app(c, "static", args, err, sizeof(err)),
		 OF_E_INVALID);
	CHECK(strstr(err, ":1: ") != NULL);
	unlink(path);
	CHECK_EQ(ctl_add_app(c, "static", "file=/nonexistent/flows", err,
			     sizeof(err)),
		 OF_E_INVALID);
	CHECK_STR(err, "static: /nonexistent/flows: No such file or directory");
	CHECK_EQ(ctl_add_app(c, "static", NULL, err, sizeof(err)),
		 OF_E_INVALID);
	CHECK_STR(err, "static: needs file=PATH");
	ctl_destroy(c);
}

static void test_monitor(void)
{
	struct fake_chan *ch;

	fake_log_clear();
	setup("learning", NULL, "monitor", "noecho");
	ch = fake_switch(g_w, 0x99, 2);
	CHECK(fake_log_has("monitor: tcp:192.0.2.1:1 sent: OFPT_HELLO"));
	CHECK(fake_log_has("received: OFPT_FEATURES_REPLY"));
	CHECK(fake_log_has("sent: OFPT_SET_CONFIG"));
	CHECK(fake_log_has("monitor: switch up: dpid 0000000000000099"));
	packet_in(ch, 9, 1, mac_b, mac_a);
	CHECK(fake_log_has("dpid 0000000000000099 tcp:192.0.2.1:1 received: "
			   "OFPT_PACKET_IN"));
	CHECK(fake_log_has("sent: OFPT_PACKET_OUT"));
	fake_log_clear();
	fake_feed_hex(ch, "01 02 0008 00000001");
	CHECK(!fake_log_has("ECHO"));
	fake_feed_hex(ch, "01 33 0008 00000001");
	CHECK(fake_log_has("(invalid: BAD_REQUEST/BAD_TYPE)"));
	CHECK(fake_log_has("sent: OFPT_ERROR"));
	fake_close(ch);
	CHECK(fake_log_has("monitor: switch down: dpid 0000000000000099"));
	teardown();
}

int main(void)
{
	test_hub();
	test_learning();
	test_static();
	test_monitor();
	return check_summary();
}

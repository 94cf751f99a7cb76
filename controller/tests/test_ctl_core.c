/* Controller core tests: the handshake, keepalive, xid matching, error
 * answers, the registry and timers, driven through the platform interface
 * by a scripted switch (fake_plat.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_plat.h"
#include "of_hello.h"

static struct ctl *new_ctl(const char *app)
{
	struct ctl_config cfg;
	struct ctl *ctl;
	char err[256];

	ctl_config_default(&cfg);
	ctl = ctl_create(&cfg);
	CHECK(ctl != NULL);
	if (app)
		CHECK_EQ(ctl_add_app(ctl, app, NULL, err, sizeof(err)), OF_OK);
	return ctl;
}

static void test_handshake(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w = ctl_worker_create(ctl, 0);
	struct fake_chan *ch = fake_open(w, "tcp:192.0.2.1:1");
	struct of_msg m;
	uint32_t fxid;
	size_t size;

	/* HELLO goes out at once. */
	CHECK(fake_next(ch, &m, &size));
	CHECK_EQ(m.h.type, OFPT_HELLO);
	CHECK_EQ(m.h.version, 1);
	CHECK_EQ(size, 8);
	CHECK(!fake_next(ch, &m, NULL));

	/* The switch's HELLO, fed one byte at a time. */
	static const uint8_t hello[8] = {1, 0, 0, 8, 0, 0, 0, 9};
	for (size_t i = 0; i < 8; i++)
		fake_feed(ch, hello + i, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FEATURES_REQUEST);
	fxid = m.h.xid;
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_SET_CONFIG);
	CHECK_EQ(m.u.config.miss_send_len, 128);
	CHECK_EQ(m.u.config.flags, 0);
	CHECK_EQ(ctl_switch_count(ctl), 0);

	/* A packet-in before FEATURES_REPLY is dropped, counted. */
	fake_feed_hex(ch, "010a0014 00000000 ffffffff 0002 0001 00 00 aabb");
	CHECK_EQ(ctl_worker_stats(w)->early_drops, 1);
	CHECK(!fake_next(ch, &m, NULL));

	/* FEATURES_REPLY with another xid does not complete it. */
	of_msg_init(&m, OFPT_FEATURES_REPLY, fxid + 100);
	m.u.features.datapath_id = 0x42;
	fake_feed_msg(ch, &m);
	CHECK_EQ(ctl_switch_count(ctl), 0);
	of_msg_init(&m, OFPT_FEATURES_REPLY, fxid);
	m.u.features.datapath_id = 0x42;
	fake_feed_msg(ch, &m);
	CHECK_EQ(ctl_switch_count(ctl), 1);
	CHECK_EQ(ctl_worker_stats(w)->switches_up, 1);
	CHECK(fake_log_has("switch 0000000000000042 up"));
	CHECK_EQ(ch->close_calls, 0);

	fake_close(ch);
	CHECK_EQ(ctl_switch_count(ctl), 0);
	CHECK_EQ(ctl_worker_stats(w)->switches_down, 1);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

static void test_hello_versions(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w = ctl_worker_create(ctl, 0);
	struct fake_chan *ch;
	struct of_msg m;

	/* 1.3 with a bitmap of 1.3 only: incompatible, HELLO_FAILED in its
	 * version. */
	ch = fake_open(w, "tcp:192.0.2.1:2");
	fake_drain(ch);
	fake_feed_hex(ch, "04 00 0010 00000005 0001 0008 00000010");
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ERROR);
	CHECK_EQ(m.h.xid, 5);
	CHECK_EQ(m.u.error.type, OFPET_HELLO_FAILED);
	CHECK_EQ(m.u.error.code, OFPHFC_INCOMPATIBLE);
	CHECK_EQ(ch->close_calls, 1);
	CHECK(fake_log_has("version negotiation failed"));
	fake_close(ch);

	/* 1.3 with a version bitmap that includes 1.0: accepted. */
	ch = fake_open(w, "tcp:192.0.2.1:3");
	fake_drain(ch);
	fake_feed_hex(ch, "04 00 0010 00000006 0001 0008 00000012");
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_FEATURES_REQUEST);
	CHECK_EQ(m.h.version, 1);
	CHECK_EQ(ch->close_calls, 0);
	fake_close(ch);

	/* A first message that is not HELLO. */
	ch = fake_open(w, "tcp:192.0.2.1:4");
	fake_drain(ch);
	fake_feed_hex(ch, "01 02 0008 00000007");
	CHECK_EQ(ch->close_calls, 1);
	CHECK(fake_log_has("expected HELLO"));
	/* Input after close is ignored. */
	fake_feed_hex(ch, "01 00 0008 00000007");
	CHECK(!fake_next(ch, &m, NULL));
	fake_close(ch);

	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

static void test_echo_and_keepalive(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w = ctl_worker_create(ctl, 0);
	struct fake_chan *ch = fake_switch(w, 1, 2);
	struct of_msg m;

	/* ECHO_REQUEST is answered with the same xid and payload. */
	fake_feed_hex(ch, "01 02 000b 0000004d 616263");
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ECHO_REPLY);
	CHECK_EQ(m.h.xid, 0x4d);
	CHECK_MEM(m.u.echo.p, m.u.echo.size, "abc", 3);

	/* Idle for the probe interval: an ECHO_REQUEST goes out. */
	CHECK_EQ(ctl_worker_next_timeout(w), 5000);
	fake_advance(w, 4999);
	CHECK(!fake_next(ch, &m, NULL));
	fake_advance(w, 1);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_ECHO_REQUEST);
	/* The reply keeps the connection. */
	of_msg_init(&m, OFPT_ECHO_REPLY, m.h.xid);
	fake_feed_msg(ch, &m);
	fake_advance(w, 5000);
	CHECK_EQ(ch->close_calls, 0);
	CHECK(fake_next(ch, &m, NULL)); /* the next probe */
	CHECK_EQ(m.h.type, OFPT_ECHO_REQUEST);
	/* No answer for another interval: dropped. */
	fake_advance(w, 4999);
	CHECK_EQ(ch->close_calls, 0);
	fake_advance(w, 1);
	CHECK_EQ(ch->close_calls, 1);
	CHECK_EQ(ctl_worker_stats(w)->probe_timeouts, 1);
	CHECK(fake_log_has("no response to echo probe"));
	fake_close(ch);

	/* Handshake deadline. */
	ch = fake_open(w, "tcp:192.0.2.1:5");
	fake_advance(w, 9999);
	CHECK_EQ(ch->close_calls, 0);
	fake_advance(w, 1);
	CHECK_EQ(ch->close_calls, 1);
	CHECK_EQ(ctl_worker_stats(w)->handshake_timeouts, 1);
	fake_close(ch);
	CHECK_EQ(ctl_worker_next_timeout(w), UINT64_MAX);

	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

/* Feeds `hex`, expects one OFPT_ERROR with type/code and xid, carrying the
 * request's first bytes, and the connection kept. */
static void expect_error(struct fake_chan *ch, const char *hex, uint16_t type,
			 uint16_t code, const char *what)
{
	uint8_t req[4096];
	size_t n = check_hex(hex, req, sizeof(req));
	struct of_msg m;
	uint32_t xid = (uint32_t)req[4] << 24 | (uint32_t)req[5] << 16 |
		       (uint32_t)req[6] << 8 | req[7];

	fake_feed(ch, req, n);
	if (!CHECK(fake_next(ch, &m, NULL))) {
		printf("  (no reply to %s)\n", what);
		return;
	}
	if (!CHECK_EQ(m.h.type, OFPT_ERROR))
		printf("  (%s)\n", what);
	CHECK_EQ(m.h.version, 1);
	CHECK_EQ(m.h.xid, xid);
	if (!CHECK_EQ(m.u.error.type, type) || !CHECK_EQ(m.u.error.code, code))
		printf("  (%s)\n", what);
	CHECK_MEM(m.u.error.data.p, m.u.error.data.size, req, n < 64 ? n : 64);
	CHECK(!fake_next(ch, &m, NULL));
	CHECK_EQ(ch->close_calls, 0);
}

static void test_bad_input(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w = ctl_worker_create(ctl, 0);
	struct fake_chan *ch = fake_switch(w, 7, 1);
	struct of_msg m;
	char hex[512];

	expect_error(ch, "01 30 0008 00000011", OFPET_BAD_REQUEST,
		     OFPBRC_BAD_TYPE, "unknown type");
	expect_error(ch, "02 02 0008 00000012", OFPET_BAD_REQUEST,
		     OFPBRC_BAD_VERSION, "wrong version mid-session");
	expect_error(ch, "01 0a 000c 00000013 ffffffff", OFPET_BAD_REQUEST,
		     OFPBRC_BAD_LEN, "short packet-in");
	expect_error(ch, "01 05 000c 00000014 00000000", OFPET_BAD_REQUEST,
		     OFPBRC_BAD_LEN, "features request with a body");
	expect_error(ch,
		     "01 0e 0048 00000015" /* flow-mod from a switch */
		     "003fffff 0000 000000000000 000000000000 0000 00 00"
		     " 0000 00 00 0000 00000000 00000000 0000 0000"
		     "0000000000000000 0000 0000 0000 8000 ffffffff"
		     " ffff 0000",
		     OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, "flow-mod");
	expect_error(ch, "01 04 000c 00000016 00002320", OFPET_BAD_REQUEST,
		     OFPBRC_BAD_VENDOR, "vendor");
	/* A packet-in whose length field is longer than the message:
	 * framed as a longer message, so send it whole. */
	expect_error(ch, "01 0d 0010 00000017 ffffffff 0001 0000",
		     OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, "packet-out");
	/* A long bad message: only its first 64 bytes come back. */
	snprintf(hex, sizeof(hex), "01 31 0064 00000018");
	for (int i = 0; i < 92; i++)
		strcat(hex, " ab");
	expect_error(ch, hex, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, "long");
	CHECK(ctl_worker_stats(w)->errors_sent >= 8);

	/* An OFPT_ERROR is never answered, even a malformed one. */
	fake_feed_hex(ch, "01 01 000a 00000019 0001");
	fake_feed_hex(ch, "01 01 0010 0000001a 0001 0006 01020304");
	CHECK(!fake_next(ch, &m, NULL));
	CHECK(fake_log_has("switch reports error BAD_REQUEST/BAD_LEN"));

	/* Many bad messages in one read: each answered, logging limited. */
	fake_log_clear();
	{
		static uint8_t flood[8 * 1000];

		for (int i = 0; i < 1000; i++) {
			uint8_t *p = flood + 8 * i;

			p[0] = 1, p[1] = 0x40, p[2] = 0, p[3] = 8;
			p[4] = p[5] = p[6] = 0, p[7] = (uint8_t)i;
		}
		fake_feed(ch, flood, sizeof(flood));
		CHECK_EQ(fake_pending(ch), 1000);
		fake_drain(ch);
		CHECK(!fake_log_has("similar lines suppressed"));
		fake_now += 1000;
		expect_error(ch, "01 30 0008 00000011", OFPET_BAD_REQUEST,
			     OFPBRC_BAD_TYPE, "after the flood");
		CHECK(fake_log_has("similar lines suppressed"));
	}

	/* A length below 8: the stream is lost, the connection closed. */
	fake_feed_hex(ch, "01 02 0004 00000001");
	CHECK_EQ(ch->close_calls, 1);
	CHECK(fake_log_has("cannot be framed"));
	fake_close(ch);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

struct replies {
	int calls, nulls, errors, parts;
	uint8_t last_type;
};

static void reply_cb(struct ctl_switch *sw, const struct of_msg *m, void *arg)
{
	struct replies *r = arg;

	(void)sw;
	r->calls++;
	if (!m) {
		r->nulls++;
		return;
	}
	r->last_type = m->h.type;
	if (m->h.type == OFPT_ERROR)
		r->errors++;
	if (m->h.type == OFPT_STATS_REPLY)
		r->parts++;
}

/* An app that records the events it sees; `stop` stops propagation. */
struct rec {
	int up, down, pin, frem, pstat, err, reply;
	bool stop;
	struct ctl_switch *sw;
};
static struct rec rec_a, rec_b;

static enum of_err rec_init(struct ctl_app *app, const char *args, char *err,
			    size_t err_size)
{
	(void)err, (void)err_size;
	ctl_app_set_data(app, args && !strcmp(args, "b") ? &rec_b : &rec_a);
	return OF_OK;
}
static enum ctl_verdict rec_up(struct ctl_app *app, struct ctl_switch *sw)
{
	struct rec *r = ctl_app_data(app);

	r->up++;
	r->sw = sw;
	return r->stop ? CTL_STOP : CTL_CONTINUE;
}
static void rec_down(struct ctl_app *app, struct ctl_switch *sw)
{
	struct rec *r = ctl_app_data(app);

	(void)sw;
	r->down++;
}
static enum ctl_verdict rec_pin(struct ctl_app *app, struct ctl_switch *sw,
				const struct of_msg *m)
{
	struct rec *r = ctl_app_data(app);

	(void)sw, (void)m;
	r->pin++;
	return r->stop ? CTL_STOP : CTL_CONTINUE;
}
static enum ctl_verdict rec_frem(struct ctl_app *app, struct ctl_switch *sw,
				 const struct of_msg *m)
{
	struct rec *r = ctl_app_data(app);

	(void)sw, (void)m;
	r->frem++;
	return CTL_CONTINUE;
}
static enum ctl_verdict rec_pstat(struct ctl_app *app, struct ctl_switch *sw,
				  const struct of_msg *m)
{
	struct rec *r = ctl_app_data(app);

	(void)sw, (void)m;
	r->pstat++;
	return CTL_CONTINUE;
}
static enum ctl_verdict rec_err(struct ctl_app *app, struct ctl_switch *sw,
				const struct of_msg *m)
{
	struct rec *r = ctl_app_data(app);

	(void)sw, (void)m;
	r->err++;
	return CTL_CONTINUE;
}
static enum ctl_verdict rec_reply(struct ctl_app *app, struct ctl_switch *sw,
				  const struct of_msg *m)
{
	struct rec *r = ctl_app_data(app);

	(void)sw, (void)m;
	r->reply++;
	return CTL_CONTINUE;
}

static const struct ctl_app_ops rec_ops = {
    .name = "rec",
    .summary = "test recorder",
    .switch_state_size = 24,
    .init = rec_init,
    .switch_up = rec_up,
    .switch_down = rec_down,
    .packet_in = rec_pin,
    .flow_removed = rec_frem,
    .port_status = rec_pstat,
    .error = rec_err,
    .reply = rec_reply,
};

static void test_requests(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w;
	struct fake_chan *ch;
	struct of_stats_request sr;
	struct replies r1 = {0}, r2 = {0}, r3 = {0}, r4 = {0}, r5 = {0};
	struct of_msg m;
	char err[128];
	uint32_t x1, x2, x3;

	memset(&rec_a, 0, sizeof(rec_a));
	CHECK_EQ(ctl_add_app_ops(ctl, &rec_ops, NULL, err, sizeof(err)), OF_OK);
	w = ctl_worker_create(ctl, 0);
	ch = fake_switch(w, 9, 1);
	CHECK_EQ(rec_a.up, 1);
	struct ctl_switch *sw = rec_a.sw;
	struct ctl_app *app = NULL;

	memset(&sr, 0, sizeof(sr));
	sr.type = OFPST_DESC;
	CHECK_EQ(ctl_stats_request(sw, NULL, &sr, reply_cb, &r1), OF_OK);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_STATS_REQUEST);
	x1 = m.h.xid;
	sr.type = OFPST_TABLE;
	CHECK_EQ(ctl_stats_request(sw, NULL, &sr, reply_cb, &r2), OF_OK);
	CHECK(fake_next(ch, &m, NULL));
	x2 = m.h.xid;
	CHECK_EQ(ctl_barrier(sw, NULL, reply_cb, &r3), OF_OK);
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.type, OFPT_BARRIER_REQUEST);
	x3 = m.h.xid;
	CHECK(x1 != x2 && x2 != x3);
	/* No callback and no app reply handler: refused. */
	CHECK_EQ(ctl_barrier(sw, app, NULL, NULL), OF_E_INVALID);

	/* A two-part TABLE reply, then the barrier, then DESC fails. */
	of_msg_init(&m, OFPT_STATS_REPLY, x2);
	m.u.stats_reply.type = OFPST_TABLE;
	m.u.stats_reply.flags = OFPSF_REPLY_MORE;
	fake_feed_msg(ch, &m);
	CHECK_EQ(r2.parts, 1);
	m.u.stats_reply.flags = 0;
	fake_feed_msg(ch, &m);
	CHECK_EQ(r2.parts, 2);
	fake_feed_msg(ch, &m); /* a third, untracked now */
	CHECK_EQ(r2.calls, 2);
	of_msg_init(&m, OFPT_BARRIER_REPLY, x3);
	fake_feed_msg(ch, &m);
	CHECK_EQ(r3.calls, 1);
	CHECK_EQ(r3.last_type, OFPT_BARRIER_REPLY);
	fake_feed_hex(ch, "01 01 0014 00000000 0001 0002 0110000c00000000");
	CHECK_EQ(r1.calls, 0);
	CHECK_EQ(rec_a.err, 1); /* unclaimed error goes to the apps */
	{
		char hex[64];

		snprintf(hex, sizeof(hex), "01 01 000c %08x 0001 0002", x1);
		fake_feed_hex(ch, hex);
	}
	CHECK_EQ(r1.calls, 1);
	CHECK_EQ(r1.errors, 1);
	CHECK_EQ(rec_a.err, 1);

	/* Timeout: the callback gets NULL once. */
	CHECK_EQ(ctl_barrier(sw, NULL, reply_cb, &r4), OF_OK);
	fake_drain(ch);
	for (int i = 0; i < 7; i++) {
		of_msg_init(&m, OFPT_ECHO_REPLY, 1); /* keep it alive */
		fake_feed_msg(ch, &m);
		fake_advance(w, 4999);
		fake_drain(ch);
	}
	CHECK_EQ(r4.calls, 1);
	CHECK_EQ(r4.nulls, 1);
	CHECK(fake_log_has("no reply to BARRIER_REQUEST"));
	CHECK_EQ(ch->close_calls, 0);

	/* Switch down: outstanding requests get NULL. */
	CHECK_EQ(ctl_barrier(sw, NULL, reply_cb, &r5), OF_OK);
	fake_close(ch);
	CHECK_EQ(r5.nulls, 1);
	CHECK_EQ(rec_a.down, 1);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

static void test_chain_and_events(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w;
	struct fake_chan *ch;
	char err[128];

	memset(&rec_a, 0, sizeof(rec_a));
	memset(&rec_b, 0, sizeof(rec_b));
	CHECK_EQ(ctl_add_app_ops(ctl, &rec_ops, "a", err, sizeof(err)), OF_OK);
	CHECK_EQ(ctl_add_app_ops(ctl, &rec_ops, "b", err, sizeof(err)), OF_OK);
	CHECK_EQ(ctl_add_app(ctl, "nosuch", NULL, err, sizeof(err)),
		 OF_E_INVALID);
	CHECK_STR(err, "unknown app 'nosuch'");
	CHECK_EQ(ctl_add_app(ctl, "learning", "idle=abc", err, sizeof(err)),
		 OF_E_INVALID);
	CHECK(strstr(err, "learning: idle=abc") != NULL);
	w = ctl_worker_create(ctl, 0);
	/* After a worker exists the chain is fixed. */
	CHECK_EQ(ctl_add_app(ctl, "hub", NULL, err, sizeof(err)), OF_E_INVALID);

	ch = fake_switch(w, 10, 3);
	CHECK_EQ(rec_a.up, 1);
	CHECK_EQ(rec_b.up, 1);
	CHECK_EQ(ctl_switch_dpid(rec_a.sw), 10);
	CHECK_STR(ctl_switch_peer(rec_a.sw), "tcp:192.0.2.1:1");
	CHECK(ctl_switch_port(rec_a.sw, 2) != NULL);
	CHECK(ctl_switch_port(rec_a.sw, 4) == NULL);
	CHECK_STR(ctl_switch_port(rec_a.sw, 3)->name, "eth3");

	fake_feed_hex(ch, "010a0014 00000000 ffffffff 0002 0001 00 00 aabb");
	CHECK_EQ(rec_a.pin, 1);
	CHECK_EQ(rec_b.pin, 1);
	rec_a.stop = true; /* a stops propagation */
	fake_feed_hex(ch, "010a0014 00000000 ffffffff 0002 0001 00 00 aabb");
	CHECK_EQ(rec_a.pin, 2);
	CHECK_EQ(rec_b.pin, 1);
	CHECK_EQ(ctl_worker_stats(w)->packet_ins, 2);

	/* PORT_STATUS: add port 9, then delete port 2. */
	fake_feed_hex(ch, "010c0040 00000000 00 00000000000000"
			  "0009 000000000009 65746839000000000000000000000000"
			  "00000000 00000000 00000000 00000000 00000000 "
			  "00000000");
	CHECK_EQ(rec_a.pstat, 1);
	CHECK_EQ(rec_b.pstat, 1);
	CHECK(ctl_switch_port(rec_a.sw, 9) != NULL);
	fake_feed_hex(ch, "010c0040 00000000 01 00000000000000"
			  "0002 000000000002 65746832000000000000000000000000"
			  "00000000 00000000 00000000 00000000 00000000 "
			  "00000000");
	CHECK(ctl_switch_port(rec_a.sw, 2) == NULL);
	CHECK_EQ(ctl_switch_ports(rec_a.sw, NULL, 0), 3);

	/* FLOW_REMOVED. */
	fake_feed_hex(ch, "010b0058 00000000"
			  "003fffff 0000 000000000000 000000000000 0000 00 00"
			  " 0000 00 00 0000 00000000 00000000 0000 0000"
			  "0000000000000001 8000 00 00 00000001 00000000"
			  " 000a 0000 0000000000000000 0000000000000000");
	CHECK_EQ(rec_a.frem, 1);
	CHECK_EQ(rec_b.frem, 1);

	fake_close(ch);
	CHECK_EQ(rec_a.down, 1);
	CHECK_EQ(rec_b.down, 1);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

static void test_duplicate_dpid(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w1 = ctl_worker_create(ctl, 0);
	struct ctl_worker *w2 = ctl_worker_create(ctl, 1);
	struct fake_chan *a = fake_switch(w1, 0xabc, 1);
	struct fake_chan *b, *c;

	CHECK_EQ(ctl_switch_count(ctl), 1);
	b = fake_switch(w2, 0xabc, 1);
	CHECK_EQ(a->close_calls, 1);
	CHECK_EQ(b->close_calls, 0);
	CHECK_EQ(ctl_switch_count(ctl), 1);
	CHECK(fake_log_has("dpid 0000000000000abc: new connection"));
	fake_close(a); /* the old one goes: the new stays registered */
	CHECK_EQ(ctl_switch_count(ctl), 1);
	c = fake_switch(w1, 0xabd, 1);
	CHECK_EQ(ctl_switch_count(ctl), 2);
	fake_close(b);
	fake_close(c);
	CHECK_EQ(ctl_switch_count(ctl), 0);
	ctl_worker_destroy(w1);
	ctl_worker_destroy(w2);
	ctl_destroy(ctl);
}

static int fired[4];
static void timer_cb(void *arg)
{
	fired[(int)(intptr_t)arg]++;
}

static void test_timers_and_caps(void)
{
	struct ctl *ctl = new_ctl(NULL);
	struct ctl_worker *w = ctl_worker_create(ctl, 0);
	struct fake_chan *ch = fake_switch(w, 11, 1);
	struct ctl_timer *t0, *t1;
	struct of_msg m;
	char err[64];

	memset(&rec_a, 0, sizeof(rec_a));
	(void)err;
	t0 = ctl_timer_add(w, NULL, 100, timer_cb, (void *)(intptr_t)0);
	t1 = ctl_timer_add(w, NULL, 50, timer_cb, (void *)(intptr_t)1);
	CHECK(ctl_timer_add(w, NULL, 200, timer_cb, (void *)(intptr_t)2));
	CHECK(t0 && t1);
	CHECK_EQ(ctl_worker_next_timeout(w), 50);
	ctl_timer_cancel(w, t0);
	fake_advance(w, 50);
	CHECK_EQ(fired[1], 1);
	fake_advance(w, 100);
	CHECK_EQ(fired[0], 0);
	fake_advance(w, 50);
	CHECK_EQ(fired[2], 1);

	/* Output cap: sends beyond it are refused and counted. */
	fake_drain(ch);
	ch->cap = 12;
	fake_feed_hex(ch, "01 02 0008 00000001");
	fake_feed_hex(ch, "01 02 0008 00000002");
	CHECK(fake_next(ch, &m, NULL));
	CHECK_EQ(m.h.xid, 1);
	CHECK(!fake_next(ch, &m, NULL));
	CHECK_EQ(ctl_worker_stats(w)->dropped_out, 1);
	ch->cap = FAKE_OUT_SIZE;
	fake_close(ch);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
}

int main(void)
{
	test_handshake();
	test_hello_versions();
	test_echo_and_keepalive();
	test_bad_input();
	test_requests();
	test_chain_and_events();
	test_duplicate_dpid();
	test_timers_and_caps();
	return check_summary();
}

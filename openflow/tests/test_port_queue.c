/* Unit tests for ofp_phy_port, PORT_STATUS, PORT_MOD and FEATURES_REPLY
 * ports (of_port.c, of_handshake.c) and the queue configuration messages
 * (of_queue.c). Golden messages are Open vSwitch 3.1 bytes from
 * /work/shared/captures (file named beside each). The captured queue config
 * replies (d01) carry queues without properties, so replies with MIN_RATE
 * properties are hand-built; `ovs-ofctl ofp-print` decodes them as
 * "queue 1: min_rate:30.0%, queue 2: min_rate:10.0%". */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "of_codec.h"

static uint8_t in[4096], out[4096], scratch[4096];

/* Decodes hex, checks verdict and raw-ness, the plain and deep re-encodings,
 * and every prefix with the length patched. Leaves the message in *m. */
static size_t golden(const char *hex, struct of_msg *m, enum of_err want,
		     bool raw)
{
	static uint8_t pfx[4096];
	size_t size = check_hex(hex, in, sizeof(in)), len, cut;
	struct of_msg p;
	int ok = 1;

	CHECK_EQ(of_decode(in, size, m), want);
	CHECK_EQ(m->raw, raw);
	CHECK_EQ(of_encode(m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, in, size);
	CHECK_EQ(of_reencode_deep(m, out, sizeof(out), &len, scratch,
				  sizeof(scratch)),
		 OF_OK);
	CHECK_MEM(out, len, in, size);
	for (cut = 0; cut < size; cut++) {
		memcpy(pfx, in, cut);
		(void)of_decode(pfx, cut, &p);
		if (cut < 8)
			continue;
		pfx[2] = (uint8_t)(cut >> 8);
		pfx[3] = (uint8_t)cut;
		(void)of_decode(pfx, cut, &p);
		if (of_encode(&p, out, sizeof(out), &len) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
		if (of_reencode_deep(&p, out, sizeof(out), &len, scratch,
				     sizeof(scratch)) != OF_OK ||
		    len != cut || memcmp(out, pfx, cut))
			ok = 0;
	}
	CHECK(ok);
	return size;
}

/* a01: FEATURES_REPLY, datapath 1, 254 tables, 5 ports. */
static const char features[] =
    "0106011000000002000000000000000100000000fe000000000000c700000fff0004da"
    "f472375b62703400000000000000000000000000000000000000000000000000c00000"
    "00000000000000000000fffe3eafd176eb446272300000000000000000000000000000"
    "00000100000001000000c000000000000000000000000000018af9730c662e70310000"
    "0000000000000000000000000000000000000000000000c00000000000000000000000"
    "000002ba5b3b4a7a53703200000000000000000000000000000000000000000000000"
    "000c00000000000000000000000000003227c9c6b9999703300000000000000000000"
    "000000000000000000000000000000c0000000000000000000000000";

static void test_features_ports(void)
{
	static const uint16_t nos[] = {4, OFPP_LOCAL, 1, 2, 3};
	static const char *const names[] = {"p4", "br0", "p1", "p2", "p3"};
	static const uint8_t hw_local[] = {0x3e, 0xaf, 0xd1, 0x76, 0xeb, 0x44};
	struct of_msg m;
	struct of_iter it;
	struct of_phy_port p;
	uint8_t buf[300];
	struct of_wbuf w = of_wbuf_make(buf, sizeof(buf));
	unsigned n = 0;

	golden(features, &m, OF_OK, false);
	CHECK_EQ(m.u.features.datapath_id, 1);
	CHECK_EQ(m.u.features.n_buffers, 0);
	CHECK_EQ(m.u.features.n_tables, 254);
	CHECK_EQ(m.u.features.capabilities,
		 OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS |
		     OFPC_QUEUE_STATS | OFPC_ARP_MATCH_IP);
	CHECK_EQ(m.u.features.actions, 0xfff);
	CHECK_EQ(m.u.features.ports.size, 5 * 48);
	it = of_iter_make(m.u.features.ports);
	while (of_phy_port_next(&it, &p)) {
		CHECK_EQ(p.port_no, nos[n]);
		CHECK_STR(p.name, names[n]);
		CHECK_EQ(p.curr, OFPPF_10GB_FD | OFPPF_COPPER);
		CHECK_EQ(p.advertised, 0);
		CHECK_EQ(p.supported, 0);
		CHECK_EQ(p.peer, 0);
		if (p.port_no == OFPP_LOCAL) {
			CHECK_EQ(p.config, OFPPC_PORT_DOWN);
			CHECK_EQ(p.state, OFPPS_LINK_DOWN);
			CHECK(memcmp(p.hw_addr, hw_local, 6) == 0);
		} else {
			CHECK_EQ(p.config, 0);
			CHECK_EQ(p.state, 0);
		}
		of_phy_port_put(&w, &p);
		n++;
	}
	CHECK_EQ(n, 5);
	CHECK_MEM(buf, w.pos, in + 32, (size_t)240);

	/* A partial trailing port ends iteration without reading it. */
	it = of_iter_make((struct of_bytes){in + 32, 47});
	CHECK(!of_phy_port_next(&it, &p));
	it = of_iter_make((struct of_bytes){NULL, 48});
	CHECK(!of_phy_port_next(&it, &p));
}

static void test_phy_port(void)
{
	struct of_phy_port p = {0}, q;
	struct of_rbuf r;
	struct of_wbuf w;
	uint8_t buf[48];
	struct of_iter it;

	/* A 16-byte name with no NUL survives as wire bytes. */
	p.port_no = 0xfeff;
	memset(p.hw_addr, 0xab, 6);
	memcpy(p.name, "0123456789abcdef", 16);
	p.config = 0x7f;
	p.state = OFPPS_STP_BLOCK | OFPPS_LINK_DOWN;
	p.curr = 0xfff;
	p.advertised = 0x1;
	p.supported = 0x80000000u;
	p.peer = 0x12345678;
	w = of_wbuf_make(buf, sizeof(buf));
	of_phy_port_put(&w, &p);
	CHECK(!w.overflow && w.pos == 48);
	CHECK_EQ(buf[0], 0xfe);
	CHECK_EQ(buf[8], '0');
	CHECK_EQ(buf[23], 'f');
	CHECK_EQ(buf[47], 0x78);
	r = of_rbuf_make(buf, sizeof(buf));
	of_phy_port_get(&r, &q);
	CHECK(!r.short_read && r.left == 0);
	CHECK(memcmp(&p, &q, sizeof(p)) == 0);
	it = of_iter_make((struct of_bytes){buf, 48});
	memset(&q, 0, sizeof(q));
	CHECK(of_phy_port_next(&it, &q));
	CHECK(memcmp(&p, &q, sizeof(p)) == 0);
	CHECK(!of_phy_port_next(&it, &q));

	/* Short reads are flagged; short writes overflow. */
	r = of_rbuf_make(buf, 47);
	of_phy_port_get(&r, &q);
	CHECK(r.short_read);
	w = of_wbuf_make(buf, 47);
	of_phy_port_put(&w, &p);
	CHECK(w.overflow);
}

static void test_port_status(void)
{
	struct of_msg m;
	const struct of_phy_port *d = &m.u.port_status.desc;
	static const uint8_t hw[] = {0x8a, 0xf9, 0x73, 0x0c, 0x66, 0x2e};

	/* a07: mod-port 1 noflood -> PORT_STATUS MODIFY. */
	golden("010c004000000000020000000000000000018af9730c662e703100000000"
	       "000000000000000000000000001000000000000000c00000000000000000"
	       "00000000",
	       &m, OF_OK, false);
	CHECK_EQ(m.u.port_status.reason, OFPPR_MODIFY);
	CHECK_EQ(d->port_no, 1);
	CHECK(memcmp(d->hw_addr, hw, 6) == 0);
	CHECK_STR(d->name, "p1");
	CHECK_EQ(d->config, OFPPC_NO_FLOOD);
	CHECK_EQ(d->state, 0);
	CHECK_EQ(d->curr, OFPPF_10GB_FD | OFPPF_COPPER);
	/* b01: ADD and DELETE. */
	golden("010c004000000000000000000000000000045a838a8c1897733170340000"
	       "000000000000000000000000000000000001000000c00000000000000000"
	       "00000000",
	       &m, OF_OK, false);
	CHECK_EQ(m.u.port_status.reason, OFPPR_ADD);
	CHECK_STR(d->name, "s1p4");
	CHECK_EQ(d->state, OFPPS_LINK_DOWN);
	golden("010c004000000000010000000000000000045a838a8c1897733170340000"
	       "000000000000000000000000000000000001000000c00000000000000000"
	       "00000000",
	       &m, OF_OK, false);
	CHECK_EQ(m.u.port_status.reason, OFPPR_DELETE);
}

static void test_port_mod(void)
{
	struct of_msg m, d;
	size_t len;

	/* a07: mod-port 1 noflood. */
	golden("010f00200000000400018af9730c662e0000001000000010000000000000"
	       "0000",
	       &m, OF_OK, false);
	CHECK_EQ(m.u.port_mod.port_no, 1);
	CHECK_EQ(m.u.port_mod.hw_addr[0], 0x8a);
	CHECK_EQ(m.u.port_mod.hw_addr[5], 0x2e);
	CHECK_EQ(m.u.port_mod.config, OFPPC_NO_FLOOD);
	CHECK_EQ(m.u.port_mod.mask, OFPPC_NO_FLOOD);
	CHECK_EQ(m.u.port_mod.advertise, 0);

	/* Built from the struct: the 4 pad bytes are written as zeros. */
	of_msg_init(&m, OFPT_PORT_MOD, 0x11223344);
	m.u.port_mod.port_no = 2;
	m.u.port_mod.config = OFPPC_PORT_DOWN;
	m.u.port_mod.mask = OFPPC_PORT_DOWN | OFPPC_NO_FWD;
	m.u.port_mod.advertise = OFPPF_1GB_FD;
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	check_hex(
	    "010f002011223344000200000000000000000001000000210000002000000000",
	    in, sizeof(in));
	CHECK_MEM(out, len, in, (size_t)32);
	CHECK_EQ(of_decode(out, len, &d), OF_OK);
	CHECK_EQ(d.u.port_mod.advertise, OFPPF_1GB_FD);
	/* Non-zero padding is accepted and written back as zero. */
	out[31] = 0xff;
	CHECK_EQ(of_decode(out, len, &d), OF_OK);
	CHECK_EQ(of_encode(&d, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, in, (size_t)32);
}

static void test_queue_request(void)
{
	struct of_msg m;
	uint8_t buf[12];
	unsigned port;

	/* d01: queue-get-config 1 and 2; a11: port 99 (valid number; the
	 * switch itself reports it missing) and 0xfff0 (reserved). */
	golden("0114000c0000000200010000", &m, OF_OK, false);
	CHECK_EQ(m.u.queue_get_config_request.port, 1);
	golden("0114000c0000000200630000", &m, OF_OK, false);
	CHECK_EQ(m.u.queue_get_config_request.port, 99);
	golden("0114000c000000e7fff00000", &m, OF_E_QUEUE_BAD_PORT, false);
	CHECK_EQ(m.u.queue_get_config_request.port, 0xfff0);

	for (port = 0xfe00; port <= 0xffff; port++) {
		enum of_err want = port >= OFPP_MAX && port != OFPP_ALL
				       ? OF_E_QUEUE_BAD_PORT
				       : OF_OK;
		check_hex("0114000c0000000100000000", buf, sizeof(buf));
		buf[8] = (uint8_t)(port >> 8);
		buf[9] = (uint8_t)port;
		CHECK_EQ(of_decode(buf, sizeof(buf), &m), want);
		CHECK(!m.raw);
		CHECK_EQ(m.u.queue_get_config_request.port, port);
	}
}

/* Two queues with MIN_RATE 30.0% and 10.0% (hand-built, see top). */
static const char reply_min_rate[] =
    "01150040000000090001000000000000"
    "00000001001800000001001000000000012c000000000000"
    "000000020018000000010010000000000064000000000000";

static void test_queue_reply(void)
{
	struct of_msg m;
	struct of_iter it, pit;
	struct of_packet_queue q;
	struct of_queue_prop p;
	uint8_t buf[256];
	struct of_wbuf w;
	size_t len;

	/* d01: port 1 with queues 0 and 1 (no properties), port 2 none. */
	golden(
	    "0115002000000002000100000000000000000000000800000000000100080000",
	    &m, OF_OK, false);
	CHECK_EQ(m.u.queue_get_config_reply.port, 1);
	it = of_iter_make(m.u.queue_get_config_reply.queues);
	CHECK(of_packet_queue_next(&it, &q));
	CHECK_EQ(q.queue_id, 0);
	CHECK_EQ(q.properties.size, 0);
	CHECK(of_packet_queue_next(&it, &q));
	CHECK_EQ(q.queue_id, 1);
	CHECK(!of_packet_queue_next(&it, &q));
	golden("01150010000000030002000000000000", &m, OF_OK, false);
	CHECK_EQ(m.u.queue_get_config_reply.port, 2);
	CHECK_EQ(m.u.queue_get_config_reply.queues.size, 0);

	golden(reply_min_rate, &m, OF_OK, false);
	it = of_iter_make(m.u.queue_get_config_reply.queues);
	CHECK(of_packet_queue_next(&it, &q));
	CHECK_EQ(q.queue_id, 1);
	CHECK_EQ(q.properties.size, 16);
	pit = of_iter_make(q.properties);
	CHECK(of_queue_prop_next(&pit, &p));
	CHECK_EQ(p.property, OFPQT_MIN_RATE);
	CHECK_EQ(p.rate, 300);
	CHECK_EQ(p.body.size, 0);
	CHECK(!of_queue_prop_next(&pit, &p));
	CHECK(of_packet_queue_next(&it, &q));
	CHECK_EQ(q.queue_id, 2);
	pit = of_iter_make(q.properties);
	CHECK(of_queue_prop_next(&pit, &p));
	CHECK_EQ(p.rate, 100);
	CHECK(!of_packet_queue_next(&it, &q));

	/* Build the same reply from structs with the element encoders. */
	{
		uint8_t props[2][16];
		uint8_t queues[64];
		struct of_wbuf qw = of_wbuf_make(queues, sizeof(queues));
		uint16_t rates[2] = {300, 100};
		unsigned i;

		for (i = 0; i < 2; i++) {
			struct of_wbuf pw = of_wbuf_make(props[i], 16);
			struct of_queue_prop mr = {.property = OFPQT_MIN_RATE,
						   .rate = rates[i]};
			struct of_packet_queue pq = {.queue_id = i + 1};

			of_queue_prop_put(&pw, &mr);
			CHECK(!pw.overflow && pw.pos == 16);
			pq.properties.p = props[i];
			pq.properties.size = pw.pos;
			of_packet_queue_put(&qw, &pq);
		}
		CHECK(!qw.overflow && qw.pos == 48);
		of_msg_init(&m, OFPT_QUEUE_GET_CONFIG_REPLY, 9);
		m.u.queue_get_config_reply.port = 1;
		m.u.queue_get_config_reply.queues.p = queues;
		m.u.queue_get_config_reply.queues.size = qw.pos;
		CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
		check_hex(reply_min_rate, in, sizeof(in));
		CHECK_MEM(out, len, in, (size_t)64);
	}

	/* Unknown properties (including NONE) keep their bodies. */
	golden("01150038000000090001000000000000"
	       "000000070028000000000008000000000042001800000000"
	       "0102030405060708090a0b0c0d0e0f10",
	       &m, OF_OK, false);
	it = of_iter_make(m.u.queue_get_config_reply.queues);
	CHECK(of_packet_queue_next(&it, &q));
	CHECK_EQ(q.queue_id, 7);
	pit = of_iter_make(q.properties);
	CHECK(of_queue_prop_next(&pit, &p));
	CHECK_EQ(p.property, OFPQT_NONE);
	CHECK_EQ(p.body.size, 0);
	CHECK(of_queue_prop_next(&pit, &p));
	CHECK_EQ(p.property, 0x42);
	CHECK_EQ(p.rate, 0);
	CHECK_EQ(p.body.size, 16);
	CHECK_EQ(p.body.p[15], 0x10);
	w = of_wbuf_make(buf, sizeof(buf));
	of_queue_prop_put(&w, &p);
	CHECK_MEM(buf, w.pos, q.properties.p + 8, (size_t)24);
	CHECK(!of_queue_prop_next(&pit, &p));

	/* Deep re-encoding rebuilds the queue's properties just past where the
	 * queue will end: 8 + 32 (the queue) + 32 (rebuilt properties). */
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch, 71),
		 OF_E_NOSPACE);
	CHECK_EQ(of_reencode_deep(&m, out, sizeof(out), &len, scratch, 72),
		 OF_OK);
	CHECK_EQ(len, 56);
}

/* Queue lists that do not split make the reply raw with BAD_LEN. */
static void bad_reply(const char *queues_hex)
{
	uint8_t buf[256];
	size_t n = check_hex(queues_hex, buf + 16, sizeof(buf) - 16), len;
	struct of_msg m;

	check_hex("01150000000000090001000000000000", buf, 16);
	buf[3] = (uint8_t)(16 + n);
	if (!CHECK_EQ(of_decode(buf, 16 + n, &m), OF_E_BAD_LEN) ||
	    !CHECK(m.raw))
		fprintf(stderr, "  queues %s\n", queues_hex);
	CHECK_EQ(of_encode(&m, out, sizeof(out), &len), OF_OK);
	CHECK_MEM(out, len, buf, 16 + n);
}

static void test_queue_reply_invalid(void)
{
	bad_reply("00");		       /* partial header */
	bad_reply("00000001000800");	       /* 7 bytes */
	bad_reply("0000000100070000");	       /* len < 8 */
	bad_reply("0000000100000000");	       /* len 0 */
	bad_reply("0000000100100000");	       /* len past the end */
	bad_reply("000000010008000000");       /* trailing byte */
	bad_reply("00000001000c000000010004"); /* partial property */
	bad_reply("0000000100100000"
		  "0001000800000000"); /* MIN_RATE of 8 */
	bad_reply("0000000100200000"
		  "0001001800000000012c0000000000000000000000000000");
	bad_reply("0000000100100000"
		  "0000000400000000"); /* prop len < 8 */
	bad_reply("0000000100100000"
		  "0000001000000000"); /* prop past queue */
	bad_reply("0000000100180000"
		  "00010010000000000064000000000000"
		  "00"); /* queue len 24 with 25 bytes: trailing byte */
}

static void test_queue_put_limits(void)
{
	static uint8_t big[70000], dst[70000];
	struct of_packet_queue q = {.queue_id = 1};
	struct of_queue_prop p = {.property = 5};
	struct of_wbuf w;
	uint8_t buf[16];

	q.properties.p = big;
	q.properties.size = 65535 - 8;
	w = of_wbuf_make(dst, sizeof(dst));
	of_packet_queue_put(&w, &q);
	CHECK(!w.overflow && w.pos == 65535);
	q.properties.size++;
	w = of_wbuf_make(dst, sizeof(dst));
	of_packet_queue_put(&w, &q);
	CHECK(w.overflow);
	p.body.p = big;
	p.body.size = 65536 - 8;
	w = of_wbuf_make(dst, sizeof(dst));
	of_queue_prop_put(&w, &p);
	CHECK(w.overflow);
	p.property = OFPQT_MIN_RATE;
	w = of_wbuf_make(buf, 15);
	of_queue_prop_put(&w, &p);
	CHECK(w.overflow);
}

int main(void)
{
	test_features_ports();
	test_phy_port();
	test_port_status();
	test_port_mod();
	test_queue_request();
	test_queue_reply();
	test_queue_reply_invalid();
	test_queue_put_limits();
	return check_summary();
}

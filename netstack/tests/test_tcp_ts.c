/* TCP timestamps (RFC 7323 3-4): option parsing, negotiation on active
 * and passive opens with and without the peer's option, the TSecr echo
 * rules (TS.Recent and Last.ACK.sent), the MSS given up to the option,
 * RTT samples from TSecr after a retransmission, and the out-of-order
 * table's size. One netstack instance; the peer is played by hand-built
 * segments, and what netstack sends is recorded. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ns_csum.h"
#include "ns_tcp.h"
#include "ns_tcp_int.h"

#define LOCAL 0x0a000002u
#define PEER 0x0a000001u
#define MAXSEG 64

struct seg {
	size_t size;
	uint8_t b[1600];
};
static struct seg outq[MAXSEG];
static int nout;
static struct ns_tcp tcp;
static _Alignas(8) uint8_t mem[1 << 20];
static uint64_t now;

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v & 0xffff);
}

static int out(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
	       size_t size)
{
	(void)ctx, (void)src, (void)dst;
	if (nout < MAXSEG && size <= sizeof(outq[0].b)) {
		memcpy(outq[nout].b, seg, size);
		outq[nout].size = size;
		nout++;
	}
	return 0;
}

/* Fields of recorded segment i. */
static uint32_t o_seq(int i)
{
	return rd32(outq[i].b + 4);
}
static uint32_t o_ack(int i)
{
	return rd32(outq[i].b + 8);
}
static uint8_t o_flags(int i)
{
	return outq[i].b[13];
}
static size_t o_hlen(int i)
{
	return (size_t)(outq[i].b[12] >> 4) * 4;
}
static size_t o_len(int i)
{
	return outq[i].size - o_hlen(i);
}

/* Parses recorded segment i's options with netstack's own parser. */
static struct ns_tcp_seg o_opts(int i)
{
	struct ns_tcp_seg sg;

	memset(&sg, 0, sizeof(sg));
	CHECK_EQ(ns_tcp_parse_options(outq[i].b + 20, o_hlen(i) - 20,
				      o_flags(i) & TH_SYN, &sg),
		 0);
	return sg;
}

/* Feeds a segment peer:sport -> us:dport. ts: a TS option (tsval,
 * tsecr) after the other options; mss/wscale on SYNs when non-zero. */
static int feed_sack_ok; /* SYNs from the peer carry SACK-permitted */

static void feed(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
		 uint8_t flags, uint16_t mss, int wscale, int ts,
		 uint32_t tsval, uint32_t tsecr, const uint8_t *data,
		 size_t size)
{
	uint8_t b[1600];
	size_t o = 20;

	memset(b, 0, sizeof(b));
	wr16(b, sport);
	wr16(b + 2, dport);
	wr32(b + 4, seq);
	wr32(b + 8, ack);
	b[13] = flags;
	wr16(b + 14, 65535);
	if (mss) {
		b[o++] = 2, b[o++] = 4;
		wr16(b + o, mss);
		o += 2;
	}
	if (wscale >= 0) {
		b[o++] = 1, b[o++] = 3, b[o++] = 3;
		b[o++] = (uint8_t)wscale;
	}
	if ((flags & TH_SYN) && feed_sack_ok)
		b[o++] = 1, b[o++] = 1, b[o++] = 4, b[o++] = 2;
	if (ts) {
		b[o++] = 1, b[o++] = 1, b[o++] = 8, b[o++] = 10;
		wr32(b + o, tsval);
		wr32(b + o + 4, tsecr);
		o += 8;
	}
	b[12] = (uint8_t)(o / 4 << 4);
	if (size)
		memcpy(b + o, data, size);
	wr16(b + 16, ns_csum_fold(ns_csum_add(
			 ns_csum_pseudo(PEER, LOCAL, 6, (uint16_t)(o + size)),
			 b, o + size)));
	ns_tcp_input(&tcp, PEER, LOCAL, b, o + size, now);
}

static void setup(void)
{
	struct ns_tcp_config cfg = {
	    .max_socks = 4, .mss = 1460, .output = out, .secret = {7}};
	uint32_t a = LOCAL;

	now = 1000;
	nout = 0;
	CHECK(ns_tcp_mem_size(&cfg) <= sizeof(mem));
	CHECK_EQ(ns_tcp_init(&tcp, &cfg, mem, sizeof(mem)), 0);
	ns_tcp_set_time(&tcp, now);
	ns_tcp_set_addrs(&tcp, &a, 1);
}

static void test_parse(void)
{
	struct ns_tcp_seg sg;
	uint8_t b[64];
	size_t n;

	/* NOP NOP TS: the usual layout. */
	n = check_hex("01 01 08 0a 00 00 00 2a 87 65 43 21", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
	CHECK(sg.ts);
	CHECK_EQ(sg.tsval, 42);
	CHECK_EQ(sg.tsecr, 0x87654321u);
	/* With MSS and window scale on a SYN, TS first. */
	n = check_hex("08 0a 00 00 00 01 00 00 00 00 02 04 05 b4 03 03 07 00",
		      b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, true, &sg), 0);
	CHECK(sg.ts && sg.tsval == 1 && sg.tsecr == 0);
	CHECK_EQ(sg.mss, 1460);
	CHECK_EQ(sg.wscale, 7);
	/* Absent: cleared. */
	sg.ts = true;
	n = check_hex("01 01 01 00", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
	CHECK(!sg.ts && sg.tsval == 0 && sg.tsecr == 0);
	/* After EOL: not an option. */
	n = check_hex("00 08 0a 00 00 00 01 00 00 00 02", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
	CHECK(!sg.ts);
	/* Truncated: the length runs past the header. */
	n = check_hex("01 01 08 0a 00 00 00 01 00 00", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), -EINVAL);
	n = check_hex("01 01 01 08", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), -EINVAL);
	/* Wrong length, shorter and longer (both fit the header). */
	n = check_hex("08 08 00 00 00 01 00 00 01 01", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), -EINVAL);
	n = check_hex("08 0b 00 00 00 01 00 00 00 02 00 01", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), -EINVAL);
	/* Two TS options: the last wins (as BSD and Linux). */
	n = check_hex("08 0a 00 00 00 01 00 00 00 02 "
		      "08 0a 00 00 00 03 00 00 00 04",
		      b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
	CHECK(sg.ts && sg.tsval == 3 && sg.tsecr == 4);
	/* Writers: the 12-byte layout, and a SYN's 20 bytes. */
	CHECK_EQ(ns_tcp_put_ts_option(b, 0x01020304, 0x05060708), 12);
	n = check_hex("01 01 08 0a 01 02 03 04 05 06 07 08", b + 32, 32);
	CHECK_MEM(b, 12, b + 32, n);
	CHECK_EQ(ns_tcp_put_syn_options(b, 1460, 7, false, true, 9, 0), 20);
	n = check_hex("02 04 05 b4 01 03 03 07 01 01 08 0a 00 00 00 09 "
		      "00 00 00 00",
		      b + 32, 32);
	CHECK_MEM(b, 20, b + 32, n);
	CHECK_EQ(ns_tcp_put_syn_options(b, 1460, 7, true, true, 9, 0), 24);
	n = check_hex("02 04 05 b4 01 03 03 07 01 01 04 02 01 01 08 0a "
		      "00 00 00 09 00 00 00 00",
		      b + 32, 32);
	CHECK_MEM(b, 24, b + 32, n);
	CHECK_EQ(ns_tcp_put_syn_options(b, 536, -1, false, false, 9, 0), 4);
	/* SACK-permitted: SYNs only, length 2. */
	n = check_hex("01 01 04 02", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, true, &sg), 0);
	CHECK(sg.sack_ok);
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
	CHECK(!sg.sack_ok);
	n = check_hex("04 03 00 01", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, true, &sg), -EINVAL);
	/* SACK blocks from the peer: skipped by length. */
	n = check_hex("01 01 05 0a 00 00 00 01 00 00 00 02", b, sizeof(b));
	CHECK_EQ(ns_tcp_parse_options(b, n, false, &sg), 0);
}

/* Active open to PEER:80 from port 40000; the peer answers after rtt ms
 * with ISN 5000, with or without TS (TSval peer_ts). Returns the socket;
 * outq[0] is our SYN, outq[1] our ACK. */
static struct ns_tcp_sock *active(int peer_ts, uint32_t peer_tsval,
				  uint32_t rtt)
{
	struct ns_tcp_sock *s;
	struct ns_tcp_seg sg;
	uint32_t our_ts;

	setup();
	CHECK_EQ(ns_tcp_connect(&tcp, PEER, 80, 40000, NULL, NULL, &s), 0);
	CHECK_EQ(nout, 1);
	sg = o_opts(0);
	/* We always offer TS on a SYN, TSecr 0 (no ACK). */
	CHECK(sg.ts);
	CHECK_EQ(sg.tsecr, 0);
	CHECK_EQ(o_hlen(0), 44); /* MSS, WS, SACK-permitted, TS */
	our_ts = sg.tsval;
	now += rtt;
	feed(80, 40000, 5000, o_seq(0) + 1, TH_SYN | TH_ACK, 1460, 7, peer_ts,
	     peer_tsval, our_ts, NULL, 0);
	CHECK_EQ(ns_tcp_state(s), NS_TCP_ESTABLISHED);
	CHECK_EQ(nout, 2);
	return s;
}

static void test_active(void)
{
	struct ns_tcp_info info;
	struct ns_tcp_sock *s;
	struct ns_tcp_seg sg;
	uint8_t buf[100];

	/* The peer agrees: TS in use, MSS less 12, our ACK echoes its
	 * TSval, the SYN's RTT measured from TSecr. */
	s = active(1, 777, 40);
	ns_tcp_info(s, &info);
	CHECK(info.ts_ok);
	CHECK_EQ(info.mss, 1460 - 12);
	CHECK_EQ(info.ts_recent, 777);
	CHECK_EQ(info.srtt_ms, 40);
	sg = o_opts(1);
	CHECK(sg.ts);
	CHECK_EQ(sg.tsecr, 777);
	CHECK_EQ(o_hlen(1), 32);
	/* TSval: the ms clock plus the connection's offset, monotonic. */
	CHECK_EQ(sg.tsval - o_opts(0).tsval, 40);
	/* A segment without TS on it is dropped (RFC 7323 3.2 SHOULD);
	 * a RST without is not. */
	nout = 0;
	feed(80, 40000, 5001, o_seq(0) + 1, TH_ACK, 0, -1, 0, 0, 0,
	     (const uint8_t *)"abc", 3);
	CHECK_EQ(tcp.cnt.drop_no_ts, 1);
	CHECK_EQ(ns_tcp_readable(s), 0);
	feed(80, 40000, 5001, 0, TH_RST, 0, -1, 0, 0, 0, NULL, 0);
	CHECK_EQ(tcp.cnt.conn_reset, 1);

	/* The peer does not: no TS option from us again (RFC 7323 3.2),
	 * the whole MSS for payload, and a TS option arriving later is
	 * ignored while the segment is processed normally. */
	s = active(0, 0, 40);
	ns_tcp_info(s, &info);
	CHECK(!info.ts_ok);
	CHECK_EQ(info.mss, 1460);
	CHECK_EQ(o_hlen(1), 20);
	CHECK_EQ(info.srtt_ms, 40); /* timed the classic way */
	nout = 0;
	feed(80, 40000, 5001, o_seq(0) + 1, TH_ACK | TH_PSH, 0, -1, 1, 99, 1,
	     (const uint8_t *)"abcd", 4);
	CHECK_EQ(ns_tcp_read(s, buf, sizeof(buf)), 4);
	CHECK_EQ(tcp.cnt.drop_no_ts, 0);
	ns_tcp_info(s, &info);
	CHECK(!info.ts_ok);
	CHECK_EQ(ns_tcp_write(s, "hello", 5), 5);
	CHECK(nout >= 1);
	CHECK_EQ(o_hlen(nout - 1), 20);
	CHECK_EQ(o_len(nout - 1), 5);
}

static struct ns_tcp_sock *accepted;

static int on_accept(void *arg, struct ns_tcp_sock *l, struct ns_tcp_sock *c)
{
	(void)arg, (void)l;
	accepted = c;
	return 0;
}

static void test_passive(void)
{
	struct ns_tcp_sock *l;
	struct ns_tcp_info info;
	struct ns_tcp_seg sg;

	/* The peer's SYN carries TS: our SYN-ACK does, echoing it. */
	setup();
	accepted = NULL;
	CHECK_EQ(ns_tcp_listen(&tcp, 80, 4, on_accept, NULL, &l), 0);
	feed(1234, 80, 9000, 0, TH_SYN, 1460, 7, 1, 0xfffffff0u, 0, NULL, 0);
	CHECK_EQ(nout, 1);
	CHECK_EQ(o_flags(0), TH_SYN | TH_ACK);
	sg = o_opts(0);
	CHECK(sg.ts);
	CHECK_EQ(sg.tsecr, 0xfffffff0u);
	CHECK_EQ(sg.wscale, tcp.rcv_wscale);
	now += 25;
	/* TSval wraps past 0: still newer (modular comparison). */
	feed(1234, 80, 9001, o_seq(0) + 1, TH_ACK, 0, -1, 1, 5, sg.tsval, NULL,
	     0);
	CHECK(accepted != NULL);
	ns_tcp_info(accepted, &info);
	CHECK(info.ts_ok);
	CHECK_EQ(info.mss, 1448);
	CHECK_EQ(info.ts_recent, 5);
	CHECK_EQ(info.srtt_ms, 25);

	/* Without: a plain SYN-ACK (MSS and window scale only). */
	setup();
	accepted = NULL;
	CHECK_EQ(ns_tcp_listen(&tcp, 80, 4, on_accept, NULL, &l), 0);
	feed(1234, 80, 9000, 0, TH_SYN, 1460, 7, 0, 0, 0, NULL, 0);
	CHECK_EQ(nout, 1);
	sg = o_opts(0);
	CHECK(!sg.ts);
	CHECK_EQ(o_hlen(0), 28);
	feed(1234, 80, 9001, o_seq(0) + 1, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	CHECK(accepted != NULL);
	ns_tcp_info(accepted, &info);
	CHECK(!info.ts_ok);
	CHECK_EQ(info.mss, 1460);
}

static void test_echo(void)
{
	static uint8_t data[1448 * 4];
	struct ns_tcp_sock *s;
	struct ns_tcp_info info;
	uint32_t ack, seq = 5001;
	const uint32_t m = 1448;

	s = active(1, 100, 10);
	ack = o_seq(0) + 1;
	/* A (TSval 101) in order: delayed ACK, TS.Recent 101. */
	nout = 0;
	feed(80, 40000, seq, ack, TH_ACK, 0, -1, 1, 101, 1, data, m);
	CHECK_EQ(nout, 0);
	/* B (TSval 102): the second segment is ACKed at once, and the ACK
	 * echoes A's time, the segment that covered Last.ACK.sent. */
	feed(80, 40000, seq + m, ack, TH_ACK, 0, -1, 1, 102, 1, data, m);
	CHECK_EQ(nout, 1);
	CHECK_EQ(o_ack(0), seq + 2 * m);
	CHECK_EQ(o_opts(0).tsecr, 101);
	/* D (TSval 104) beyond a hole: a dup ACK, still echoing 101 (B did
	 * not cover Last.ACK.sent; the missing C would have set it). */
	feed(80, 40000, seq + 3 * m, ack, TH_ACK, 0, -1, 1, 104, 1, data, m);
	CHECK_EQ(nout, 2);
	CHECK_EQ(o_ack(1), seq + 2 * m);
	CHECK_EQ(o_opts(1).tsecr, 101);
	CHECK_EQ(o_hlen(1), 32); /* no SACK-permitted from the peer */
	/* C (TSval 105, a retransmission) fills the hole: echoed. */
	feed(80, 40000, seq + 2 * m, ack, TH_ACK, 0, -1, 1, 105, 1, data, m);
	CHECK_EQ(nout, 3);
	CHECK_EQ(o_ack(2), seq + 4 * m);
	CHECK_EQ(o_opts(2).tsecr, 105);
	/* An older TSval at the right place does not move TS.Recent back;
	 * an old duplicate gets an ACK echoing the current one. */
	feed(80, 40000, seq + 4 * m, ack, TH_ACK, 0, -1, 1, 90, 1, NULL, 0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.ts_recent, 105);
	feed(80, 40000, seq, ack, TH_ACK, 0, -1, 1, 106, 1, data, m);
	CHECK_EQ(nout, 4);
	CHECK_EQ(o_opts(3).tsecr, 105);
	CHECK_EQ(tcp.cnt.dup_segs, 1);
	/* Every segment we sent carried TS with our clock. */
	for (int i = 0; i < nout; i++)
		CHECK_EQ(o_opts(i).tsval, o_opts(0).tsval);
}

static void test_mss_and_rtt(void)
{
	static uint8_t data[4000];
	struct ns_tcp_sock *s;
	struct ns_tcp_info info;
	uint32_t una, tsv;
	uint32_t peer_ack;

	/* MSS: full segments carry 1448 bytes behind a 32-byte header. */
	s = active(1, 100, 10);
	peer_ack = 5001;
	una = o_seq(0) + 1;
	nout = 0;
	CHECK_EQ(ns_tcp_write(s, data, 2000), 2000);
	CHECK_EQ(nout, 2);
	CHECK_EQ(o_hlen(0), 32);
	CHECK_EQ(o_len(0), 1448);
	CHECK_EQ(o_len(1), 2000 - 1448);
	CHECK(outq[0].size <= 1500 - 20);
	/* Both lost: the RTO (200 ms floor) resends the first. */
	ns_tcp_info(s, &info);
	CHECK_EQ(info.srtt_ms, 10);
	CHECK_EQ(info.rto_ms, 200);
	nout = 0;
	now += 200;
	ns_tcp_timers(&tcp, now);
	CHECK_EQ(nout, 1);
	CHECK_EQ(o_seq(0), una);
	CHECK_EQ(tcp.cnt.timeouts, 1);
	tsv = o_opts(0).tsval;
	/* Its ACK, 30 ms later, echoes the retransmission's TSval: a valid
	 * sample (Karn's rule does not apply), backoff cleared. */
	now += 30;
	feed(80, 40000, peer_ack, una + 1448, TH_ACK, 0, -1, 1, 101, tsv, NULL,
	     0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.backoff, 0);
	CHECK_EQ(info.srtt_ms, 12); /* 10 + (30 - 10) / 8 */
	/* The rest of the flight: acknowledged, no second sample from it
	 * (one per flight), whatever TSecr says. */
	now += 5;
	feed(80, 40000, peer_ack, una + 2000, TH_ACK, 0, -1, 1, 102, tsv, NULL,
	     0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.in_flight, 0);
	CHECK_EQ(info.srtt_ms, 12);
	/* New data, and an ACK whose TSecr is from the future: no sample. */
	nout = 0;
	CHECK_EQ(ns_tcp_write(s, data, 100), 100);
	CHECK_EQ(nout, 1);
	now += 50;
	feed(80, 40000, peer_ack, una + 2100, TH_ACK, 0, -1, 1, 103,
	     ns_tcp_ts_now(s) + 1000, NULL, 0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.in_flight, 0);
	CHECK_EQ(info.srtt_ms, 12);
	/* The same with a true TSecr: a sample of 50 ms. */
	CHECK_EQ(ns_tcp_write(s, data, 100), 100);
	tsv = o_opts(nout - 1).tsval;
	now += 50;
	feed(80, 40000, peer_ack, una + 2200, TH_ACK, 0, -1, 1, 104, tsv, NULL,
	     0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.srtt_ms, 17); /* 12.5 + (50 - 12.5) / 8 */

	/* Without timestamps, the same ACK gives no sample (Karn). */
	s = active(0, 0, 10);
	una = o_seq(0) + 1;
	nout = 0;
	CHECK_EQ(ns_tcp_write(s, data, 1000), 1000);
	CHECK_EQ(o_hlen(0), 20);
	now += 200;
	ns_tcp_timers(&tcp, now);
	now += 30;
	feed(80, 40000, peer_ack, una + 1000, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.in_flight, 0);
	CHECK_EQ(info.srtt_ms, 10);
}

/* A retransmission arrives but its ACK is lost; the next one is a
 * duplicate, so the peer's ACK echoes the first: 400 ms since it was
 * sent, of which the RTT is a small part. No sample. */
static void test_stale_echo(void)
{
	static uint8_t data[1000];
	struct ns_tcp_sock *s;
	struct ns_tcp_info info;
	uint32_t una, ts1;

	s = active(1, 100, 10);
	una = o_seq(0) + 1;
	nout = 0;
	CHECK_EQ(ns_tcp_write(s, data, sizeof(data)), sizeof(data));
	now += 200;
	ns_tcp_timers(&tcp, now);
	CHECK_EQ(nout, 2);
	ts1 = o_opts(1).tsval;
	now += 400; /* backed off once */
	ns_tcp_timers(&tcp, now);
	CHECK_EQ(nout, 3);
	CHECK_EQ(o_seq(2), una);
	CHECK(o_opts(2).tsval != ts1);
	now += 1;
	feed(80, 40000, 5001, una + 1000, TH_ACK, 0, -1, 1, 101, ts1, NULL, 0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.in_flight, 0);
	CHECK_EQ(info.backoff, 0);
	CHECK_EQ(info.srtt_ms, 10);
	/* The next flight's echo is a sample again. */
	CHECK_EQ(ns_tcp_write(s, data, 100), 100);
	now += 20;
	feed(80, 40000, 5001, una + 1100, TH_ACK, 0, -1, 1, 102,
	     o_opts(nout - 1).tsval, NULL, 0);
	ns_tcp_info(s, &info);
	CHECK_EQ(info.srtt_ms, 11); /* 10 + (20 - 10) / 8 */
}

/* SACK as a data receiver (RFC 2018): blocks for what we hold out of
 * order, the latest first, room taken from the payload. */
static void test_sack(void)
{
	static uint8_t data[4000];
	const uint32_t m = 1448, seq = 5001;
	struct ns_tcp_sock *s, *l;
	struct ns_tcp_info info;
	uint32_t ack;
	const uint8_t *o;

	feed_sack_ok = 1;
	s = active(1, 100, 10);
	ns_tcp_info(s, &info);
	CHECK(info.sack_ok);
	CHECK(info.ts_ok);
	ack = o_seq(0) + 1;
	nout = 0;
	feed(80, 40000, seq + m, ack, TH_ACK, 0, -1, 1, 101, 1, data, m);
	CHECK_EQ(nout, 1);
	CHECK_EQ(o_hlen(0), 44); /* TS 12, SACK 12 */
	o = outq[0].b + 32;
	CHECK(o[0] == 1 && o[1] == 1 && o[2] == 5 && o[3] == 10);
	CHECK_EQ(rd32(o + 4), seq + m);
	CHECK_EQ(rd32(o + 8), seq + 2 * m);
	feed(80, 40000, seq + 3 * m, ack, TH_ACK, 0, -1, 1, 102, 1, data, m);
	CHECK_EQ(nout, 2);
	CHECK_EQ(o_hlen(1), 52);
	o = outq[1].b + 32;
	CHECK_EQ(o[3], 18);
	CHECK_EQ(rd32(o + 4), seq + 3 * m); /* the latest first */
	CHECK_EQ(rd32(o + 12), seq + m);
	/* Data we send meanwhile gives the blocks room: 1448 - 20. */
	CHECK_EQ(ns_tcp_write(s, data, 2000), 2000);
	CHECK_EQ(nout, 4);
	CHECK_EQ(o_hlen(2), 52);
	CHECK_EQ(o_len(2), m - 20);
	CHECK(outq[2].size <= 1480);
	/* The hole filled: one range left, one block. */
	feed(80, 40000, seq, ack, TH_ACK, 0, -1, 1, 103, 1, data, m);
	CHECK_EQ(o_ack(nout - 1), seq + 2 * m);
	CHECK_EQ(o_hlen(nout - 1), 44);
	CHECK_EQ(rd32(outq[nout - 1].b + 36), seq + 3 * m);
	/* And all filled: none. */
	feed(80, 40000, seq + 2 * m, ack, TH_ACK, 0, -1, 1, 104, 1, data, m);
	CHECK_EQ(o_ack(nout - 1), seq + 4 * m);
	CHECK_EQ(o_hlen(nout - 1), 32);

	/* Passive: SACK-permitted answered only when offered. */
	setup();
	CHECK_EQ(ns_tcp_listen(&tcp, 80, 4, on_accept, NULL, &l), 0);
	feed(1234, 80, 9000, 0, TH_SYN, 1460, 7, 1, 1, 0, NULL, 0);
	CHECK_EQ(o_hlen(0), 44);
	CHECK(o_opts(0).sack_ok);
	feed_sack_ok = 0;
	feed(1235, 80, 9000, 0, TH_SYN, 1460, 7, 1, 1, 0, NULL, 0);
	CHECK_EQ(o_hlen(1), 40);
	CHECK(!o_opts(1).sack_ok);
}

/* Limited Transmit (RFC 3042): the first two dup ACKs each send one new
 * segment; the third starts fast retransmit. */
static void test_limited_transmit(void)
{
	static uint8_t data[20000];
	struct ns_tcp_sock *s;
	uint32_t una, max;

	s = active(0, 0, 10);
	una = o_seq(0) + 1;
	/* The window as scaled from now on (a SYN's is never scaled). */
	feed(80, 40000, 5001, una, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	nout = 0;
	CHECK_EQ(ns_tcp_write(s, data, sizeof(data)), sizeof(data));
	CHECK_EQ(nout, 3); /* initial window 4380: three segments */
	max = una + 3 * 1460;
	feed(80, 40000, 5001, una, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	CHECK_EQ(nout, 4);
	CHECK_EQ(o_seq(3), max);
	CHECK_EQ(o_len(3), 1460);
	feed(80, 40000, 5001, una, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	CHECK_EQ(nout, 5);
	CHECK_EQ(o_seq(4), max + 1460);
	CHECK_EQ(tcp.cnt.fast_rexmits, 0);
	feed(80, 40000, 5001, una, TH_ACK, 0, -1, 0, 0, 0, NULL, 0);
	CHECK_EQ(tcp.cnt.fast_rexmits, 1);
	CHECK(nout >= 6);
	CHECK_EQ(o_seq(5), una);
}

/* The out-of-order table scales with the receive buffer: a 64 KiB
 * buffer holds every other 1448-byte segment of its window. */
static void test_ooo(void)
{
	static uint8_t data[1448];
	struct ns_tcp_sock *s;
	uint32_t ack, seq = 5001, i, n = 0;

	s = active(1, 100, 10);
	ack = o_seq(0) + 1;
	CHECK_EQ(s->ooo_max, 65536 / NS_TCP_OOO_BYTES + 1);
	for (i = 1; (i + 1) * 1448 <= 65535; i += 2, n++)
		feed(80, 40000, seq + i * 1448, ack, TH_ACK, 0, -1, 1, 101, 1,
		     data, sizeof(data));
	CHECK_EQ(tcp.cnt.ooo_segs, n);
	CHECK_EQ(tcp.cnt.drop_ooo_full, 0);
	CHECK_EQ(s->nooo, n);
	CHECK(n > NS_TCP_OOO_MIN);
}

int main(void)
{
	test_parse();
	test_active();
	test_passive();
	test_echo();
	test_mss_and_rtt();
	test_stale_echo();
	test_sack();
	test_limited_transmit();
	test_ooo();
	return check_summary();
}

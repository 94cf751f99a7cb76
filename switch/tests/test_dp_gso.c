/* Unit tests for dp_gso.c: TCPv4 (tagged, with options), TCPv6 (with an
 * extension header) and UDP super-frames cut into segments whose IP
 * lengths, identifications, header checksums, TCP sequence numbers and
 * flags, UDP lengths and L4 checksums are each checked against this
 * file's own reference arithmetic; payloads reassemble to the original;
 * edge sizes (exact multiple of the MSS, below it, empty); refused
 * inputs. Exact-size output buffers let ASan catch overruns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dp_gso.h"

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

/* Folded one's complement sum (not complemented), bytes as big-endian
 * words: a region holding its own correct checksum sums to 0xffff. */
static uint16_t ref_sum(const uint8_t *p, size_t n, uint64_t init)
{
	uint64_t s = init;

	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

/* True if the L4 segment at l4 (n bytes) checksums to 0xffff with the
 * pseudo-header of the IP header at ip. */
static bool l4_ok(const uint8_t *ip, bool v6, uint8_t proto, const uint8_t *l4,
		  size_t n)
{
	uint64_t ps;

	if (!v6)
		ps = ref_sum(ip + 12, 8, 0) + (uint64_t)proto + n;
	else
		ps = ref_sum(ip + 8, 32, 0) + (uint64_t)proto + (n >> 16) +
		     (n & 0xffff);
	return ref_sum(l4, n, ps) == 0xffff;
}

struct spec {
	bool v6, vlan, udp, hbh; /* hbh: an 8-byte IPv6 hop-by-hop header */
	size_t tcp_opt;		 /* TCP option bytes (multiple of 4) */
	size_t payload;
	uint8_t flags; /* TCP flags of the super-frame */
};

/* Builds a super-frame as a TSO sender leaves it (IP lengths for the whole
 * thing, L4 checksum field holding junk). Returns its size and the header
 * size in *hdr. */
static size_t build(const struct spec *s, uint8_t *f, size_t *hdr)
{
	size_t o = 12, l3, l4, l4h = s->udp ? 8 : 20 + s->tcp_opt, n;

	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	if (s->vlan) {
		memcpy(f + 12, "\x81\x00\x20\x0a", 4);
		o = 16;
	}
	wr16(f + o, s->v6 ? 0x86dd : 0x0800);
	l3 = o + 2;
	if (!s->v6) {
		memset(f + l3, 0, 20);
		f[l3] = 0x45;
		f[l3 + 1] = 0x02;	  /* ECN ECT(0) */
		wr16(f + l3 + 4, 0xfffe); /* id: wraps over the segments */
		wr16(f + l3 + 6, 0x4000); /* DF */
		f[l3 + 8] = 64;
		f[l3 + 9] = s->udp ? 17 : 6;
		memcpy(f + l3 + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
		l4 = l3 + 20;
	} else {
		memset(f + l3, 0, 40);
		f[l3] = 0x60;
		f[l3 + 6] = s->hbh ? 0 : (s->udp ? 17 : 6);
		f[l3 + 7] = 64;
		for (int i = 0; i < 16; i++) {
			f[l3 + 8 + i] = (uint8_t)(0x20 + i);
			f[l3 + 24 + i] = (uint8_t)(0x40 + i);
		}
		l4 = l3 + 40;
		if (s->hbh) {
			memset(f + l4, 0, 8);
			f[l4] = s->udp ? 17 : 6;
			f[l4 + 2] = 1; /* PadN */
			f[l4 + 3] = 4;
			l4 += 8;
		}
	}
	memset(f + l4, 0, l4h);
	wr16(f + l4, 40000);
	wr16(f + l4 + 2, 5001);
	if (s->udp) {
		wr16(f + l4 + 4, (uint16_t)(8 + s->payload));
		wr16(f + l4 + 6, 0x1234); /* partial-checksum junk */
	} else {
		wr32(f + l4 + 4, 0xfffff000u); /* seq wraps too */
		wr32(f + l4 + 8, 77);
		f[l4 + 12] = (uint8_t)((l4h / 4) << 4);
		f[l4 + 13] = s->flags;
		wr16(f + l4 + 14, 502);
		wr16(f + l4 + 16, 0x1234);
		for (size_t i = 20; i < l4h; i += 4)
			memcpy(f + l4 + i, "\x01\x01\x08\x0a", 4); /* NOPs */
	}
	*hdr = l4 + l4h;
	for (size_t i = 0; i < s->payload; i++)
		f[*hdr + i] = (uint8_t)(i * 7 + (i >> 8));
	n = *hdr + s->payload;
	if (!s->v6)
		wr16(f + l3 + 2, (uint16_t)(n - l3));
	else
		wr16(f + l3 + 4, (uint16_t)(n - l3 - 40));
	return n;
}

/* Cuts the frame of spec *s with `mss` and checks every segment. */
static void run(const char *name, const struct spec *s, size_t mss)
{
	static uint8_t f[70000], re[70000];
	size_t hdr, size = build(s, f, &hdr), nseg, want, got = 0, i;
	enum dp_gso_type t = s->udp  ? DP_GSO_UDP_L4
			     : s->v6 ? DP_GSO_TCPV6
				     : DP_GSO_TCPV4;
	struct dp_gso g;
	size_t l3 = s->vlan ? 18 : 14,
	       l4 = hdr - (s->udp ? 8 : 20 + s->tcp_opt);

	printf("# %s: %zu bytes, mss %zu\n", name, size, mss);
	if (!CHECK(dp_gso_init(&g, f, size, t, mss)))
		return;
	nseg = dp_gso_count(&g);
	want = s->payload ? (s->payload + mss - 1) / mss : 1;
	CHECK_EQ(nseg, want);
	CHECK_EQ(dp_gso_max_size(&g), hdr + mss);
	for (i = 0;; i++) {
		size_t out_size = dp_gso_max_size(&g), n, pl;
		uint8_t *out = malloc(out_size);
		const uint8_t *ip, *th;

		n = dp_gso_next(&g, out, out_size);
		if (n == 0) {
			free(out);
			break;
		}
		pl = n - hdr;
		ip = out + l3;
		th = out + l4;
		CHECK(pl <= mss);
		CHECK(i + 1 == nseg || pl == mss);
		/* Headers before IP are copied unchanged. */
		CHECK_MEM(out, l3, f, l3);
		if (!s->v6) {
			CHECK_EQ(rd16(ip + 2), n - l3);
			CHECK_EQ(rd16(ip + 4), (uint16_t)(0xfffe + i));
			CHECK_EQ(ref_sum(ip, 20, 0), 0xffff);
			CHECK_MEM(ip + 6, 4, f + l3 + 6,
				  4); /* DF, TTL, proto */
			CHECK_EQ(ip[1], 0x02);
		} else {
			CHECK_EQ(rd16(ip + 4), n - l3 - 40);
			CHECK_MEM(ip + 6, 34, f + l3 + 6, 34);
			if (s->hbh)
				CHECK_MEM(ip + 40, 8, f + l3 + 40, 8);
		}
		CHECK(l4_ok(ip, s->v6, s->udp ? 17 : 6, th, n - l4));
		if (s->udp) {
			CHECK_EQ(rd16(th + 4), n - l4);
			CHECK(rd16(th + 6) != 0);
		} else {
			uint8_t fl = f[l4 + 13], want_fl = fl;

			CHECK_EQ(rd32(th + 4),
				 (uint32_t)(0xfffff000u + i * mss));
			CHECK_EQ(rd32(th + 8), 77);
			if (i + 1 < nseg)
				want_fl &= (uint8_t)~0x09; /* FIN, PSH */
			if (i > 0)
				want_fl &= (uint8_t)~0x80; /* CWR */
			CHECK_EQ(th[13], want_fl);
			CHECK_MEM(th + 20, s->tcp_opt, f + l4 + 20, s->tcp_opt);
		}
		if (got + pl <= sizeof(re))
			memcpy(re + got, out + hdr, pl);
		got += pl;
		free(out);
	}
	CHECK_EQ(i, nseg);
	CHECK_EQ(got, s->payload);
	CHECK_MEM(re, got, f + hdr, s->payload);
	/* Done: nothing more comes out. */
	uint8_t tmp[2000];
	CHECK_EQ(dp_gso_next(&g, tmp, sizeof(tmp)), 0);
}

static void test_segments(void)
{
	const uint8_t all =
	    0x80 | 0x40 | 0x10 | 0x08 | 0x01; /* CWR ECE ACK PSH FIN */
	struct spec s;

	s = (struct spec){
	    .flags = all, .payload = 5000, .vlan = true, .tcp_opt = 12};
	run("tcpv4 tagged, options", &s, 1448);
	s = (struct spec){.flags = all, .payload = 65000};
	run("tcpv4 64k", &s, 1460);
	s = (struct spec){.flags = 0x10 | 0x08, .payload = 1448 * 3};
	run("tcpv4 exact multiple", &s, 1448);
	s = (struct spec){.flags = all, .payload = 100};
	run("tcpv4 below mss", &s, 1448);
	s = (struct spec){.flags = 0x10 | 0x01, .payload = 0};
	run("tcpv4 empty", &s, 1448);
	s = (struct spec){
	    .v6 = true, .flags = all, .payload = 9000, .tcp_opt = 12};
	run("tcpv6", &s, 1428);
	s = (struct spec){.v6 = true,
			  .hbh = true,
			  .vlan = true,
			  .flags = all,
			  .payload = 4000};
	run("tcpv6 hop-by-hop tagged", &s, 1000);
	s = (struct spec){.udp = true, .payload = 3000};
	run("udpv4", &s, 1400);
	s = (struct spec){.udp = true, .v6 = true, .payload = 2801};
	run("udpv6", &s, 1400);
}

static void test_refused(void)
{
	static uint8_t f[10000];
	struct spec s = {.payload = 3000, .flags = 0x10};
	struct dp_gso g;
	uint8_t small[100];
	size_t hdr, n = build(&s, f, &hdr);

	CHECK(!dp_gso_init(&g, f, n, DP_GSO_TCPV4, 0));
	CHECK(!dp_gso_init(&g, f, n, DP_GSO_TCPV6, 1448));
	CHECK(!dp_gso_init(&g, f, n, DP_GSO_UDP_L4, 1448));
	CHECK(!dp_gso_init(&g, f, n - 1, DP_GSO_TCPV4, 1448)); /* truncated */
	CHECK(!dp_gso_init(&g, f, 40, DP_GSO_TCPV4, 1448));
	CHECK(!dp_gso_init(&g, f, 0, DP_GSO_TCPV4, 1448));
	CHECK(!dp_gso_init(&g, f, n, DP_GSO_TCPV4, 70000));
	wr16(f + 14 + 6, 0x2000); /* MF: a fragment */
	CHECK(!dp_gso_init(&g, f, n, DP_GSO_TCPV4, 1448));
	wr16(f + 14 + 6, 0x4000);
	CHECK(dp_gso_init(&g, f, n, DP_GSO_TCPV4, 1448));
	CHECK_EQ(dp_gso_next(&g, small, sizeof(small)), 0); /* too small */
	CHECK_EQ(g.index, 0);
	s = (struct spec){.v6 = true, .payload = 100, .flags = 0x10};
	n = build(&s, f, &hdr);
	CHECK(!dp_gso_init(&g, f, n, DP_GSO_TCPV4, 1448));
	CHECK(dp_gso_init(&g, f, n, DP_GSO_TCPV6, 1448));
}

int main(void)
{
	test_segments();
	test_refused();
	return check_summary();
}

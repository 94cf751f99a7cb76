/* TCP options: parsing (bounds-checked; malformed lists drop the segment)
 * and the options we send. We use MSS (RFC 9293 3.7.1), window scale (RFC
 * 7323 2), timestamps (RFC 7323 3) and, as a data receiver only,
 * SACK (RFC 2018): we send SACK blocks but do not act on the peer's.
 * SACK blocks and anything else are skipped by length, which RFC 9293
 * 3.1 requires of unknown options. */
#include "ns_tcp_int.h"

#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3
#define OPT_SACK_OK 4
#define OPT_SACK 5
#define OPT_TS 8

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Parses the option list opt[0..size) into seg->mss, seg->wscale and
 * seg->sack_ok (only honoured on SYNs: RFC 7323 says ignore window scale
 * elsewhere)
 * and seg->ts, tsval, tsecr (any segment; whether they count is the
 * connection's business). A repeated option overwrites the earlier one
 * (the last wins, as in BSD and Linux). Returns 0, or -EINVAL for a
 * malformed list (a length under 2 or running past the header, or a known
 * option with the wrong length). */
int ns_tcp_parse_options(const uint8_t *opt, size_t size, bool syn,
			 struct ns_tcp_seg *seg)
{
	size_t i = 0;

	seg->mss = 0;
	seg->wscale = -1;
	seg->sack_ok = false;
	seg->ts = false;
	seg->tsval = seg->tsecr = 0;
	while (i < size) {
		uint8_t kind = opt[i], len;

		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		if (size - i < 2)
			return -EINVAL;
		len = opt[i + 1];
		if (len < 2 || len > size - i)
			return -EINVAL;
		switch (kind) {
		case OPT_MSS:
			if (len != 4)
				return -EINVAL;
			if (syn)
				seg->mss =
				    (uint16_t)(opt[i + 2] << 8 | opt[i + 3]);
			break;
		case OPT_WSCALE:
			if (len != 3)
				return -EINVAL;
			if (syn) {
				/* RFC 7323 2.3: treat a shift above 14 as
				 * 14 (and log; we count nothing). */
				seg->wscale = opt[i + 2] > NS_TCP_MAX_WSCALE
						  ? NS_TCP_MAX_WSCALE
						  : opt[i + 2];
			}
			break;
		case OPT_SACK_OK:
			if (len != 2)
				return -EINVAL;
			if (syn)
				seg->sack_ok = true;
			break;
		case OPT_TS:
			if (len != 10)
				return -EINVAL;
			seg->ts = true;
			seg->tsval = get32(opt + i + 2);
			seg->tsecr = get32(opt + i + 6);
			break;
		default:
			break;
		}
		i += len;
	}
	return 0;
}

/* Writes NOP, NOP, timestamps (tsval, tsecr) at p: the 12-byte layout of
 * RFC 7323 appendix A. Returns NS_TCP_TS_OPT_SIZE. */
size_t ns_tcp_put_ts_option(uint8_t *p, uint32_t tsval, uint32_t tsecr)
{
	p[0] = OPT_NOP;
	p[1] = OPT_NOP;
	p[2] = OPT_TS;
	p[3] = 10;
	put32(p + 4, tsval);
	put32(p + 8, tsecr);
	return NS_TCP_TS_OPT_SIZE;
}

/* Writes up to max_blocks SACK blocks (RFC 2018 3) for s's out-of-order
 * ranges at p, after two NOPs: first the range holding the latest
 * out-of-order segment (RFC 2018 4 requires it), then the others from
 * the lowest. Returns the bytes written (0 if there are no ranges;
 * otherwise 4 + 8 per block). */
size_t ns_tcp_put_sack_option(uint8_t *p, const struct ns_tcp_sock *s,
			      unsigned max_blocks)
{
	unsigned i, n = 0, first = 0;
	size_t k = 4;

	if (!s->nooo || !max_blocks)
		return 0;
	for (i = 0; i < s->nooo; i++)
		if (SEQ_GEQ(s->sack_last, s->ooo[i].start) &&
		    SEQ_LT(s->sack_last, s->ooo[i].end))
			first = i;
	put32(p + k, s->ooo[first].start);
	put32(p + k + 4, s->ooo[first].end);
	k += 8;
	n++;
	for (i = 0; i < s->nooo && n < max_blocks; i++) {
		if (i == first)
			continue;
		put32(p + k, s->ooo[i].start);
		put32(p + k + 4, s->ooo[i].end);
		k += 8;
		n++;
	}
	p[0] = OPT_NOP;
	p[1] = OPT_NOP;
	p[2] = OPT_SACK;
	p[3] = (uint8_t)(2 + 8 * n);
	return k;
}

/* Writes our SYN options at p (room for 24 bytes): MSS, window scale
 * unless wscale < 0, SACK-permitted if sack, timestamps (tsval, tsecr)
 * if ts. Returns the bytes written (a multiple of 4). */
size_t ns_tcp_put_syn_options(uint8_t *p, uint16_t mss, int wscale, bool sack,
			      bool ts, uint32_t tsval, uint32_t tsecr)
{
	size_t n = 0;

	p[n++] = OPT_MSS;
	p[n++] = 4;
	p[n++] = (uint8_t)(mss >> 8);
	p[n++] = (uint8_t)mss;
	if (wscale >= 0) {
		p[n++] = OPT_NOP;
		p[n++] = OPT_WSCALE;
		p[n++] = 3;
		p[n++] = (uint8_t)wscale;
	}
	if (sack) {
		p[n++] = OPT_NOP;
		p[n++] = OPT_NOP;
		p[n++] = OPT_SACK_OK;
		p[n++] = 2;
	}
	if (ts)
		n += ns_tcp_put_ts_option(p + n, tsval, tsecr);
	return n;
}

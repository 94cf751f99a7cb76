/* TCP options: parsing (bounds-checked; malformed lists drop the segment)
 * and the options of our SYNs. We use MSS (RFC 9293 3.7.1) and window
 * scale (RFC 7323 2); SACK-permitted, timestamps and anything else are
 * skipped by length, which RFC 9293 3.1 requires of unknown options. */
#include "ns_tcp_int.h"

#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3

/* Parses the option list opt[0..size) into seg->mss and seg->wscale
 * (only honoured on SYNs: RFC 7323 says ignore window scale elsewhere).
 * Returns 0, or -EINVAL for a malformed list (a length under 2 or running
 * past the header, or a known option with the wrong length). */
int ns_tcp_parse_options(const uint8_t *opt, size_t size, bool syn,
			 struct ns_tcp_seg *seg)
{
	size_t i = 0;

	seg->mss = 0;
	seg->wscale = -1;
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
		default:
			break;
		}
		i += len;
	}
	return 0;
}

/* Writes our SYN options at p: MSS, and window scale unless wscale < 0.
 * Returns the bytes written (a multiple of 4). */
size_t ns_tcp_put_syn_options(uint8_t *p, uint16_t mss, int wscale)
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
	return n;
}

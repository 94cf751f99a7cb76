/* ICMP: see ns_icmp.h. */
#include "ns_icmp.h"

#include <errno.h>
#include <string.h>

#include "ns_csum.h"
#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_wire.h"

#define ICMP_HDR 8
/* An error datagram stays within 576 bytes (RFC 1812 4.3.2.3). */
#define ICMP_QUOTE_MAX (576 - NS_IP_HDR - ICMP_HDR)

static int is_error_type(uint8_t type)
{
	return type == NS_ICMP_UNREACH || type == 4 || type == 5 ||
	       type == NS_ICMP_TIME_EXCEEDED || type == NS_ICMP_PARAM_PROBLEM;
}

static int echo_reply(struct ns_stack *s, const struct ns_ipdg *d)
{
	uint8_t h[ICMP_HDR];
	uint32_t sum;

	s->c.icmp_echo_rx++;
	/* Like Linux's icmp_echo_ignore_broadcasts: a broadcast ping would
	 * make every host answer at once (smurf amplification). */
	if (d->bcast) {
		s->c.icmp_bcast_ignored++;
		return 0;
	}
	memcpy(h, d->data, ICMP_HDR);
	h[0] = NS_ICMP_ECHO_REPLY;
	h[1] = 0;
	ns_put16(h + 2, 0);
	sum = ns_csum_add(0, h, ICMP_HDR);
	sum = ns_csum_add(sum, d->data + ICMP_HDR, d->size - ICMP_HDR);
	ns_put16(h + 2, ns_csum_fold(sum));
	s->c.icmp_echo_tx++;
	return ns_ip_output(s, d->dst, d->src, NS_PROTO_ICMP, h, ICMP_HDR,
			    d->data + ICMP_HDR, d->size - ICMP_HDR);
}

/* An error about a datagram we sent: hand TCP's to TCP. */
static int error_in(struct ns_stack *s, const struct ns_ipdg *d)
{
	const uint8_t *in = d->data + ICMP_HDR;
	size_t left = d->size - ICMP_HDR, ihl;

	if (d->data[0] == NS_ICMP_UNREACH)
		s->c.icmp_unreach_rx++;
	else
		s->c.icmp_other++;
	if (left < NS_IP_HDR || in[0] >> 4 != 4)
		return -EINVAL;
	ihl = (size_t)(in[0] & 15) * 4;
	/* RFC 792 quotes at least the header and 8 bytes of the payload. */
	if (ihl < NS_IP_HDR || ihl + 8 > left)
		return -EINVAL;
	if (in[9] == NS_PROTO_TCP && s->tcp.icmp_error && !d->bcast)
		s->tcp.icmp_error(s->tcp.ctx, d->data[0], d->data[1],
				  ns_get32(in + 12), ns_get32(in + 16),
				  in + ihl, left - ihl, ns_get16(d->data + 6));
	return 0;
}

int ns_icmp_input(struct ns_stack *s, const struct ns_ipdg *d)
{
	s->c.icmp_rx++;
	if (d->size < ICMP_HDR) {
		s->c.icmp_short++;
		return -EINVAL;
	}
	if (ns_csum_fold(ns_csum_add(0, d->data, d->size)) != 0) {
		s->c.icmp_bad_csum++;
		return -EINVAL;
	}
	switch (d->data[0]) {
	case NS_ICMP_ECHO:
		return echo_reply(s, d);
	case NS_ICMP_UNREACH:
	case NS_ICMP_TIME_EXCEEDED:
	case NS_ICMP_PARAM_PROBLEM:
		return error_in(s, d);
	default:
		s->c.icmp_other++;
		return 0;
	}
}

int ns_icmp_unreach(struct ns_stack *s, const struct ns_ipdg *d, uint8_t code)
{
	uint8_t h[ICMP_HDR + 60];
	size_t quote;
	uint32_t sum;

	/* RFC 1122 3.2.2: never about broadcasts, non-unicast sources,
	 * non-first fragments or ICMP errors. */
	if (d->bcast || !d->src || d->hsize < NS_IP_HDR || d->hsize > 60 ||
	    (ns_get16(d->hdr + 6) & 0x1fff) ||
	    (d->proto == NS_PROTO_ICMP &&
	     (d->size < 1 || is_error_type(d->data[0]))))
		return -EPERM;
	if (s->now - s->icmp.window >= 1000 || s->now < s->icmp.window) {
		s->icmp.window = s->now;
		s->icmp.sent = 0;
	}
	if (s->icmp.sent >= NS_ICMP_ERR_PER_SEC) {
		s->c.icmp_ratelimited++;
		return -EAGAIN;
	}
	s->icmp.sent++;
	h[0] = NS_ICMP_UNREACH;
	h[1] = code;
	memset(h + 2, 0, 6);
	memcpy(h + ICMP_HDR, d->hdr, d->hsize);
	quote = ICMP_QUOTE_MAX - d->hsize;
	if (quote > d->size)
		quote = d->size;
	sum = ns_csum_add(0, h, ICMP_HDR + d->hsize);
	sum = ns_csum_add(sum, d->data, quote);
	ns_put16(h + 2, ns_csum_fold(sum));
	s->c.icmp_unreach_tx++;
	return ns_ip_output(s, 0, d->src, NS_PROTO_ICMP, h, ICMP_HDR + d->hsize,
			    d->data, quote);
}

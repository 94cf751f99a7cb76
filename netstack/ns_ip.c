/* IPv4: see ns_ip.h. A host, not a router: nothing is forwarded, and
 * received TTLs are not checked (RFC 1122 3.2.1.7: a host must not discard
 * a datagram for a TTL below 2). */
#include "ns_ip.h"

#include <errno.h>
#include <string.h>

#include "ns_arp.h"
#include "ns_csum.h"
#include "ns_eth.h"
#include "ns_icmp.h"
#include "ns_ip_frag.h"
#include "ns_stack.h"
#include "ns_udp.h"
#include "ns_wire.h"

#define IP_MF 0x2000
#define IP_OFFMASK 0x1fff

int ns_ip_is_bcast(const struct ns_stack *s, uint32_t dst)
{
	if (dst == NS_IP_BCAST)
		return 1;
	return s->ip && s->prefix < 31 && dst == (s->ip | ~s->mask);
}

static int is_multicast(uint32_t ip)
{
	return (ip >> 28) == 0xe;
}

int ns_ip_input(struct ns_stack *s, const uint8_t *p, size_t size)
{
	struct ns_ipdg d;
	size_t ihl, tot;
	uint16_t frag;

	s->c.ip_rx++;
	if (size < NS_IP_HDR) {
		s->c.ip_short++;
		return -EINVAL;
	}
	if (p[0] >> 4 != 4) {
		s->c.ip_bad_version++;
		return -EINVAL;
	}
	ihl = (size_t)(p[0] & 15) * 4;
	if (ihl < NS_IP_HDR) {
		s->c.ip_bad_ihl++;
		return -EINVAL;
	}
	if (ihl > size) {
		s->c.ip_short++;
		return -EINVAL;
	}
	tot = ns_get16(p + 2);
	/* Shorter than the frame is Ethernet padding; longer is a lie. */
	if (tot < ihl || tot > size) {
		s->c.ip_bad_len++;
		return -EINVAL;
	}
	if (ns_csum_fold(ns_csum_add(0, p, ihl)) != 0) {
		s->c.ip_bad_csum++;
		return -EINVAL;
	}
	if (ihl > NS_IP_HDR)
		s->c.ip_options++; /* none concerns a host: skipped */
	d.src = ns_get32(p + 12);
	d.dst = ns_get32(p + 16);
	d.proto = p[9];
	/* Martian sources: nobody sends from a broadcast, multicast,
	 * loopback or our own address. */
	if (ns_ip_is_bcast(s, d.src) || is_multicast(d.src) ||
	    (d.src >> 24) == 127 || (s->ip && d.src == s->ip)) {
		s->c.ip_bad_src++;
		return -EINVAL;
	}
	d.bcast = (uint8_t)ns_ip_is_bcast(s, d.dst);
	/* Without an address (DHCP in progress) the server may unicast the
	 * offer to the address it offers: take UDP to anything then, and
	 * let UDP keep only port 68. */
	if (!d.bcast && (is_multicast(d.dst) ||
			 (s->ip ? d.dst != s->ip : d.proto != NS_PROTO_UDP))) {
		s->c.ip_not_ours++;
		return -ENOENT;
	}
	d.hdr = p;
	d.hsize = ihl;
	d.data = p + ihl;
	d.size = tot - ihl;
	frag = ns_get16(p + 6);
	if (frag & (IP_MF | IP_OFFMASK))
		return ns_frag_input(s, p, ihl, d.data, d.size, d.bcast);
	return ns_ip_deliver(s, &d);
}

int ns_ip_deliver(struct ns_stack *s, const struct ns_ipdg *d)
{
	if (!s->ip && d->proto != NS_PROTO_UDP) {
		s->c.ip_not_ours++;
		return -ENOENT;
	}
	switch (d->proto) {
	case NS_PROTO_ICMP:
		return ns_icmp_input(s, d);
	case NS_PROTO_UDP:
		return ns_udp_input(s, d);
	case NS_PROTO_TCP:
		if (s->tcp.input && !d->bcast) {
			s->c.tcp_rx++;
			s->tcp.input(s->tcp.ctx, d->src, d->dst, d->data,
				     d->size, s->now);
			return 0;
		}
		s->c.tcp_no_hook++;
		(void)ns_icmp_unreach(s, d, NS_ICMP_UNREACH_PROTO);
		return -EPROTONOSUPPORT;
	default:
		s->c.ip_unknown_proto++;
		(void)ns_icmp_unreach(s, d, NS_ICMP_UNREACH_PROTO);
		return -EPROTONOSUPPORT;
	}
}

/* Copies bytes [off, off + n) of the two-piece payload to out. */
static void gather(uint8_t *out, const uint8_t *hdr, size_t hsize,
		   const uint8_t *data, size_t off, size_t n)
{
	if (off < hsize) {
		size_t k = hsize - off < n ? hsize - off : n;

		memcpy(out, hdr + off, k);
		out += k;
		n -= k;
		off = hsize;
	}
	if (n)
		memcpy(out, data + (off - hsize), n);
}

int ns_ip_output(struct ns_stack *s, uint32_t src, uint32_t dst, uint8_t proto,
		 const uint8_t *hdr, size_t hsize, const uint8_t *data,
		 size_t dsize)
{
	size_t total = hsize + dsize, off = 0;
	size_t room = (size_t)s->mtu - NS_IP_HDR;
	uint32_t nexthop = dst;
	int bcast = ns_ip_is_bcast(s, dst), rc = 0;
	uint16_t id;

	if (total > 65535 - NS_IP_HDR) {
		s->c.ip_too_big++;
		return -EMSGSIZE;
	}
	if (src && src != s->ip)
		return -EADDRNOTAVAIL;
	src = s->ip;
	if (!bcast) {
		/* No address: only DHCP's broadcasts may go out. Nor do we
		 * loop back to ourselves or speak multicast. */
		if (!s->ip || !dst || dst == s->ip || is_multicast(dst)) {
			s->c.ip_no_route++;
			return -ENETUNREACH;
		}
		if (((dst ^ s->ip) & s->mask) != 0) {
			if (!s->gw) {
				s->c.ip_no_route++;
				return -ENETUNREACH;
			}
			nexthop = s->gw;
		}
	}
	id = s->ip_id++;
	do {
		uint8_t *p = ns_tx_ip(s);
		size_t n = total - off;
		uint16_t flags = (uint16_t)(off / 8);
		int r;

		if (n > room) {
			n = room & ~(size_t)7;
			flags |= IP_MF;
		}
		p[0] = 0x45;
		p[1] = 0;
		ns_put16(p + 2, (uint16_t)(NS_IP_HDR + n));
		ns_put16(p + 4, id);
		ns_put16(p + 6, flags);
		p[8] = s->ttl;
		p[9] = proto;
		ns_put16(p + 10, 0);
		ns_put32(p + 12, src);
		ns_put32(p + 16, dst);
		ns_put16(p + 10, ns_csum_fold(ns_csum_add(0, p, NS_IP_HDR)));
		gather(p + NS_IP_HDR, hdr, hsize, data, off, n);
		if (off || (flags & IP_MF))
			s->c.ip_tx_frags++;
		if (bcast)
			r = ns_eth_output(s, ns_eth_bcast, NS_ETHERTYPE_IPV4,
					  NS_IP_HDR + n);
		else
			r = ns_arp_output(s, nexthop, NS_IP_HDR + n);
		if (r && !rc)
			rc = r;
		off += n;
	} while (off < total);
	s->c.ip_tx++;
	return rc;
}

int ns_ip_send(struct ns_stack *s, uint32_t src, uint32_t dst, uint8_t proto,
	       const uint8_t *seg, size_t size)
{
	return ns_ip_output(s, src, dst, proto, seg, size, NULL, 0);
}

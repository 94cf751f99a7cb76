/* UDP: see ns_udp.h. */
#include "ns_udp.h"

#include <errno.h>
#include <string.h>

#include "ns_csum.h"
#include "ns_dhcp.h"
#include "ns_icmp.h"
#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_wire.h"

static struct ns_udp_sock *by_port(struct ns_stack *s, uint16_t port)
{
	for (size_t i = 0; i < NS_UDP_SOCKETS; i++)
		if (s->udp.sk[i].port == port)
			return &s->udp.sk[i];
	return NULL;
}

int ns_udp_bind(struct ns_stack *s, uint16_t port, ns_udp_recv_fn recv,
		void *ctx)
{
	struct ns_udp_sock *free_sk = NULL;

	if (!recv)
		return -EINVAL;
	if (port && by_port(s, port))
		return -EADDRINUSE;
	for (size_t i = 0; i < NS_UDP_SOCKETS && !free_sk; i++)
		if (!s->udp.sk[i].port)
			free_sk = &s->udp.sk[i];
	if (!free_sk)
		return -ENOSPC;
	/* Ephemeral ports go round 49152..65535 (RFC 6335); with at most
	 * NS_UDP_SOCKETS bound, a free one is found quickly. */
	while (!port) {
		uint16_t p = s->udp.next_eph;

		s->udp.next_eph = p >= 65535 ? 49152 : (uint16_t)(p + 1);
		if (p >= 49152 && !by_port(s, p))
			port = p;
	}
	free_sk->port = port;
	free_sk->recv = recv;
	free_sk->ctx = ctx;
	return (int)(free_sk - s->udp.sk);
}

uint16_t ns_udp_port(const struct ns_stack *s, int sock)
{
	if (sock < 0 || sock >= NS_UDP_SOCKETS)
		return 0;
	return s->udp.sk[sock].port;
}

int ns_udp_close(struct ns_stack *s, int sock)
{
	if (sock < 0 || sock >= NS_UDP_SOCKETS || !s->udp.sk[sock].port)
		return -EBADF;
	memset(&s->udp.sk[sock], 0, sizeof(s->udp.sk[sock]));
	return 0;
}

int ns_udp_sendto(struct ns_stack *s, int sock, uint32_t dst, uint16_t dport,
		  const void *data, size_t size)
{
	uint8_t h[NS_UDP_HDR];
	uint32_t sum;
	uint16_t c;

	if (sock < 0 || sock >= NS_UDP_SOCKETS || !s->udp.sk[sock].port)
		return -EBADF;
	if (size > 65535 - NS_IP_HDR - NS_UDP_HDR)
		return -EMSGSIZE;
	ns_put16(h, s->udp.sk[sock].port);
	ns_put16(h + 2, dport);
	ns_put16(h + 4, (uint16_t)(NS_UDP_HDR + size));
	ns_put16(h + 6, 0);
	sum = ns_csum_pseudo(s->ip, dst, NS_PROTO_UDP,
			     (uint16_t)(NS_UDP_HDR + size));
	sum = ns_csum_add(sum, h, NS_UDP_HDR);
	sum = ns_csum_add(sum, data, size);
	c = ns_csum_fold(sum);
	ns_put16(h + 6, c ? c : 0xffff); /* 0 would mean "no checksum" */
	s->c.udp_tx++;
	return ns_ip_output(s, 0, dst, NS_PROTO_UDP, h, NS_UDP_HDR, data, size);
}

int ns_udp_input(struct ns_stack *s, const struct ns_ipdg *d)
{
	struct ns_udp_meta m;
	struct ns_udp_sock *sk;
	size_t len;

	s->c.udp_rx++;
	if (d->size < NS_UDP_HDR) {
		s->c.udp_short++;
		return -EINVAL;
	}
	len = ns_get16(d->data + 4);
	/* Less than the IP payload is allowed (the rest is ignored). */
	if (len < NS_UDP_HDR || len > d->size) {
		s->c.udp_bad_len++;
		return -EINVAL;
	}
	if (ns_get16(d->data + 6) == 0) {
		s->c.udp_no_csum++; /* the sender chose not to: allowed */
	} else {
		uint32_t sum =
		    ns_csum_pseudo(d->src, d->dst, NS_PROTO_UDP, (uint16_t)len);

		if (ns_csum_fold(ns_csum_add(sum, d->data, len)) != 0) {
			s->c.udp_bad_csum++;
			return -EINVAL;
		}
	}
	m.src = d->src;
	m.dst = d->dst;
	m.sport = ns_get16(d->data);
	m.dport = ns_get16(d->data + 2);
	/* With no address only the DHCP client listens. */
	if (!s->ip && m.dport != NS_DHCP_CLIENT_PORT) {
		s->c.ip_not_ours++;
		return -ENOENT;
	}
	sk = m.dport ? by_port(s, m.dport) : NULL;
	if (!sk) {
		s->c.udp_no_port++;
		(void)ns_icmp_unreach(s, d, NS_ICMP_UNREACH_PORT);
		return -ENOENT;
	}
	sk->recv(sk->ctx, s, &m, d->data + NS_UDP_HDR, len - NS_UDP_HDR);
	return 0;
}

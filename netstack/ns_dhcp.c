/* The DHCP client: see ns_dhcp.h. Not implemented: DHCPDECLINE after an
 * ARP probe of the offered address (RFC 2131 2.2 says SHOULD), option
 * overload (52: sname/file carrying options), INIT-REBOOT, DHCPRELEASE. */
#include "ns_dhcp.h"

#include <errno.h>
#include <string.h>

#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_udp.h"
#include "ns_wire.h"

#define BOOTREQUEST 1
#define BOOTREPLY 2
#define DHCP_FIXED 236 /* the BOOTP fields before the magic cookie */
#define DHCP_OPTS (DHCP_FIXED + 4)
#define BOOTP_MIN 300 /* some servers drop shorter requests */
#define INFINITE 0xffffffffu
#define RETRY_MIN_MS 60000 /* RFC 2131 4.4.5: renew retries >= 60 s */

#define OPT_PAD 0
#define OPT_MASK 1
#define OPT_ROUTER 3
#define OPT_HOSTNAME 12
#define OPT_REQ_IP 50
#define OPT_LEASE 51
#define OPT_TYPE 53
#define OPT_SERVER 54
#define OPT_PARAMS 55
#define OPT_MAXSIZE 57
#define OPT_T1 58
#define OPT_T2 59
#define OPT_CLIENT_ID 61
#define OPT_END 255

static const uint8_t cookie[4] = {99, 130, 83, 99};

struct opts {
	uint8_t type;
	uint8_t have_mask, have_router, have_lease, have_server;
	uint8_t prefix;
	uint32_t router, lease, t1, t2, server;
};

static uint32_t rnd(struct ns_dhcp *h)
{
	uint32_t x = h->rng; /* xorshift32: no randomness needed, only spread */

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	h->rng = x;
	return x;
}

/* RFC 2131 4.1: 4 s doubling to 64 s, randomized by +-1 s. */
static uint64_t backoff(struct ns_dhcp *h)
{
	unsigned n = h->tries ? h->tries - 1u : 0u;

	if (n > 4)
		n = 4;
	return (4000u << n) + rnd(h) % 2001u - 1000u;
}

static uint64_t at(const struct ns_dhcp *h, uint32_t secs)
{
	return secs == INFINITE ? UINT64_MAX
				: h->bound_at + (uint64_t)secs * 1000;
}

static uint8_t *put_opt(uint8_t *p, uint8_t code, const void *v, uint8_t n)
{
	p[0] = code;
	p[1] = n;
	memcpy(p + 2, v, n);
	return p + 2 + n;
}

static void send_msg(struct ns_stack *s, uint8_t type)
{
	struct ns_dhcp *h = &s->dhcp;
	static const uint8_t params[] = {
	    OPT_MASK, OPT_ROUTER, 6,	      15,     26,
	    28,	      OPT_LEASE,  OPT_SERVER, OPT_T1, OPT_T2};
	uint8_t *m = h->msg, *p, v[7];
	uint64_t secs = (s->now - h->start) / 1000;
	int renewing =
	    h->state == NS_DHCP_RENEWING || h->state == NS_DHCP_REBINDING;
	size_t size;

	memset(m, 0, sizeof(h->msg));
	m[0] = BOOTREQUEST;
	m[1] = 1;
	m[2] = 6;
	ns_put32(m + 4, h->xid);
	ns_put16(m + 8, (uint16_t)(secs > 65535 ? 65535 : secs));
	if (renewing)
		ns_put32(m + 12, s->ip);
	memcpy(m + 28, s->mac, 6);
	memcpy(m + DHCP_FIXED, cookie, 4);
	p = m + DHCP_OPTS;
	p = put_opt(p, OPT_TYPE, &type, 1);
	v[0] = 1;
	memcpy(v + 1, s->mac, 6);
	p = put_opt(p, OPT_CLIENT_ID, v, 7);
	if (type == NS_DHCPREQUEST && h->state == NS_DHCP_REQUESTING) {
		ns_put32(v, h->offer_ip);
		p = put_opt(p, OPT_REQ_IP, v, 4);
		ns_put32(v, h->server);
		p = put_opt(p, OPT_SERVER, v, 4);
	}
	ns_put16(v, (uint16_t)(s->mtu < 576 ? 576 : s->mtu));
	p = put_opt(p, OPT_MAXSIZE, v, 2);
	p = put_opt(p, OPT_PARAMS, params, sizeof(params));
	if (h->hostname[0])
		p = put_opt(p, OPT_HOSTNAME, h->hostname,
			    (uint8_t)strlen(h->hostname));
	*p++ = OPT_END;
	size = (size_t)(p - m);
	if (size < BOOTP_MIN)
		size = BOOTP_MIN;
	s->c.dhcp_tx++;
	/* Renewal goes to the server that leased; everything else is
	 * broadcast (we may have no address to be answered at). */
	(void)ns_udp_sendto(
	    s, h->sock, h->state == NS_DHCP_RENEWING ? h->server : NS_IP_BCAST,
	    NS_DHCP_SERVER_PORT, m, size);
}

/* Sends the state's message, counting it, and arms the retransmission. */
static void transmit(struct ns_stack *s)
{
	struct ns_dhcp *h = &s->dhcp;

	h->tries++;
	send_msg(s, h->state == NS_DHCP_SELECTING ? NS_DHCPDISCOVER
						  : NS_DHCPREQUEST);
	if (h->state == NS_DHCP_SELECTING || h->state == NS_DHCP_REQUESTING) {
		h->timer = s->now + backoff(h);
	} else {
		/* RFC 2131 4.4.5: half the time left to T2 (renewing) or
		 * to expiry (rebinding), at least 60 s, not past that
		 * point. */
		uint64_t end =
		    at(h, h->state == NS_DHCP_RENEWING ? h->t2_s : h->lease_s);
		uint64_t wait = end > s->now ? (end - s->now) / 2 : 0;

		if (wait < RETRY_MIN_MS)
			wait = RETRY_MIN_MS;
		if (end <= s->now)
			h->timer = s->now;
		else
			h->timer = end - s->now < wait ? end : s->now + wait;
	}
}

static void enter(struct ns_stack *s, uint8_t state)
{
	struct ns_dhcp *h = &s->dhcp;

	h->state = state;
	h->tries = 0;
	if (state != NS_DHCP_REQUESTING) {
		h->xid = rnd(h);
		h->start = s->now;
	}
	if (state != NS_DHCP_BOUND)
		transmit(s);
}

static void restart(struct ns_stack *s)
{
	if (s->ip)
		ns_set_addr(s, 0, 0, 0);
	s->dhcp.offer_ip = 0;
	s->dhcp.server = 0;
	enter(s, NS_DHCP_SELECTING);
}

static int prefix_of(uint32_t mask, uint8_t *prefix)
{
	uint8_t n = 0;

	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	if (n < 32 && (mask << n) != 0)
		return -EINVAL; /* not contiguous */
	*prefix = n;
	return 0;
}

/* Parses the options area p[0..size). Returns 0 or -EINVAL for anything
 * malformed: an option running past the end, a wrong fixed length, a
 * missing END. */
static int parse_opts(const uint8_t *p, size_t size, struct opts *o)
{
	size_t i = 0;

	memset(o, 0, sizeof(*o));
	while (i < size) {
		uint8_t code = p[i], n;
		const uint8_t *v;

		if (code == OPT_PAD) {
			i++;
			continue;
		}
		if (code == OPT_END)
			return o->type ? 0 : -EINVAL;
		if (i + 2 > size || i + 2 + p[i + 1] > size)
			return -EINVAL;
		n = p[i + 1];
		v = p + i + 2;
		switch (code) {
		case OPT_TYPE:
			if (n != 1 || o->type)
				return -EINVAL;
			o->type = v[0];
			break;
		case OPT_MASK:
			if (n != 4 || prefix_of(ns_get32(v), &o->prefix))
				return -EINVAL;
			o->have_mask = 1;
			break;
		case OPT_ROUTER:
			if (n < 4 || n % 4)
				return -EINVAL;
			o->router = ns_get32(v);
			o->have_router = 1;
			break;
		case OPT_LEASE:
		case OPT_T1:
		case OPT_T2:
		case OPT_SERVER:
			if (n != 4)
				return -EINVAL;
			if (code == OPT_LEASE) {
				o->lease = ns_get32(v);
				o->have_lease = 1;
			} else if (code == OPT_T1) {
				o->t1 = ns_get32(v);
			} else if (code == OPT_T2) {
				o->t2 = ns_get32(v);
			} else {
				o->server = ns_get32(v);
				o->have_server = 1;
			}
			break;
		default:
			break; /* not asked for, or not used */
		}
		i += 2u + n;
	}
	return -EINVAL; /* no END */
}

static int unicast_ok(uint32_t ip)
{
	return ip && ip != NS_IP_BCAST && (ip >> 28) < 0xe &&
	       (ip >> 24) != 127 && (ip >> 24) != 0;
}

static void bind_lease(struct ns_stack *s, uint32_t yiaddr,
		       const struct opts *o)
{
	struct ns_dhcp *h = &s->dhcp;
	uint8_t prefix = o->have_mask ? o->prefix : 24;
	uint32_t gw = o->have_router ? o->router : 0;
	uint64_t t1 = o->t1, t2 = o->t2, lease = o->lease;

	s->c.dhcp_acks++;
	/* RFC 2131 4.4.5: T1 = 0.5 and T2 = 0.875 of the lease unless the
	 * server says otherwise sensibly. */
	if (lease != INFINITE && !(t1 && t2 && t1 < t2 && t2 <= lease)) {
		t1 = lease / 2;
		t2 = lease * 7 / 8;
	}
	if (lease == INFINITE)
		t1 = t2 = INFINITE;
	h->lease_s = (uint32_t)lease;
	h->t1_s = (uint32_t)t1;
	h->t2_s = (uint32_t)t2;
	if (o->have_server)
		h->server = o->server;
	h->bound_at = s->now;
	h->offer_ip = yiaddr;
	h->state = NS_DHCP_BOUND;
	h->tries = 0;
	h->timer = at(h, h->t1_s);
	if (s->ip != yiaddr || s->prefix != prefix || s->gw != gw)
		ns_set_addr(s, yiaddr, prefix, gw);
}

static void dhcp_recv(void *ctx, struct ns_stack *s,
		      const struct ns_udp_meta *um, const uint8_t *m,
		      size_t size)
{
	struct ns_dhcp *h = &s->dhcp;
	struct opts o;
	uint32_t yiaddr;

	(void)ctx;
	s->c.dhcp_rx++;
	if (size < DHCP_OPTS || m[0] != BOOTREPLY || m[1] != 1 || m[2] != 6 ||
	    memcmp(m + DHCP_FIXED, cookie, 4) != 0) {
		s->c.dhcp_bad++;
		return;
	}
	if (um->sport != NS_DHCP_SERVER_PORT || ns_get32(m + 4) != h->xid ||
	    memcmp(m + 28, s->mac, 6) != 0) {
		s->c.dhcp_not_ours++;
		return;
	}
	if (parse_opts(m + DHCP_OPTS, size - DHCP_OPTS, &o) < 0) {
		s->c.dhcp_bad_options++;
		return;
	}
	yiaddr = ns_get32(m + 16);
	switch (h->state) {
	case NS_DHCP_SELECTING:
		if (o.type != NS_DHCPOFFER)
			break;
		if (!unicast_ok(yiaddr) || !o.have_server) {
			s->c.dhcp_bad_options++;
			return;
		}
		s->c.dhcp_offers++;
		h->offer_ip = yiaddr;
		h->server = o.server;
		enter(s, NS_DHCP_REQUESTING);
		return;
	case NS_DHCP_REQUESTING:
	case NS_DHCP_RENEWING:
	case NS_DHCP_REBINDING:
		/* In REQUESTING, only the server we chose may answer. */
		if (h->state == NS_DHCP_REQUESTING && o.have_server &&
		    o.server != h->server)
			break;
		if (o.type == NS_DHCPACK) {
			if (!unicast_ok(yiaddr) || !o.have_lease) {
				s->c.dhcp_bad_options++;
				return;
			}
			bind_lease(s, yiaddr, &o);
			return;
		}
		if (o.type == NS_DHCPNAK) {
			s->c.dhcp_naks++;
			restart(s);
			return;
		}
		break;
	default:
		break;
	}
	s->c.dhcp_unexpected++;
}

int ns_dhcp_start(struct ns_stack *s)
{
	struct ns_dhcp *h = &s->dhcp;
	int sock = ns_udp_bind(s, NS_DHCP_CLIENT_PORT, dhcp_recv, NULL);

	if (sock < 0)
		return sock;
	h->sock = sock;
	restart(s);
	return 0;
}

void ns_dhcp_timers(struct ns_stack *s)
{
	struct ns_dhcp *h = &s->dhcp;

	switch (h->state) {
	case NS_DHCP_SELECTING:
		if (s->now >= h->timer)
			transmit(s);
		break;
	case NS_DHCP_REQUESTING:
		if (s->now < h->timer)
			break;
		if (h->tries >= 4)
			restart(s); /* the server went away: start over */
		else
			transmit(s);
		break;
	case NS_DHCP_BOUND:
		if (s->now >= at(h, h->t1_s))
			enter(s, NS_DHCP_RENEWING);
		break;
	case NS_DHCP_RENEWING:
		if (s->now >= at(h, h->t2_s))
			enter(s, NS_DHCP_REBINDING);
		else if (s->now >= h->timer)
			transmit(s);
		break;
	case NS_DHCP_REBINDING:
		if (s->now >= at(h, h->lease_s)) {
			s->c.dhcp_expired++;
			restart(s);
		} else if (s->now >= h->timer) {
			transmit(s);
		}
		break;
	default:
		break;
	}
}

uint64_t ns_dhcp_deadline(const struct ns_stack *s)
{
	const struct ns_dhcp *h = &s->dhcp;
	uint64_t d;

	switch (h->state) {
	case NS_DHCP_SELECTING:
	case NS_DHCP_REQUESTING:
		return h->timer;
	case NS_DHCP_BOUND:
		return at(h, h->t1_s);
	case NS_DHCP_RENEWING:
		d = at(h, h->t2_s);
		return h->timer < d ? h->timer : d;
	case NS_DHCP_REBINDING:
		d = at(h, h->lease_s);
		return h->timer < d ? h->timer : d;
	default:
		return UINT64_MAX;
	}
}

/* The stack object: configuration, the entry points of ns.h, and the
 * timer fan-out to each layer. */
#include "ns_stack.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ns_arp.h"
#include "ns_dhcp.h"
#include "ns_eth.h"
#include "ns_ip.h"
#include "ns_ip_frag.h"

#define NS_MAGIC 0x6e737463u

_Static_assert(NS_MTU_MAX >= 576 && NS_MTU_MAX <= 65535,
	       "NS_MTU_MAX: 576..65535 (every host must take 576)");
_Static_assert(NS_ARP_ENTRIES <= 255, "NS_ARP_ENTRIES: an entry is a byte");
_Static_assert(NS_ARP_QUEUE_PER_ENTRY <= 255, "per-entry queue: a byte");
_Static_assert(NS_UDP_SOCKETS >= 1, "DHCP needs a UDP socket");

size_t ns_stack_size(void)
{
	return sizeof(struct ns_stack);
}

static uint32_t mask_of(uint8_t prefix)
{
	return prefix ? 0xffffffffu << (32 - prefix) : 0;
}

void ns_set_addr(struct ns_stack *s, uint32_t ip, uint8_t prefix, uint32_t gw)
{
	s->ip = ip;
	s->prefix = ip ? prefix : 0;
	s->mask = ip ? mask_of(prefix) : 0;
	s->gw = ip ? gw : 0;
	ns_arp_flush(s);
	ns_arp_announce(s);
	if (s->tcp.addr_changed)
		s->tcp.addr_changed(s->tcp.ctx, s->ip);
	if (s->on_addr)
		s->on_addr(s->ctx, s->ip, s->prefix, s->gw);
}

int ns_init(void *mem, size_t size, const struct ns_config *cfg,
	    uint64_t now_ms, struct ns_stack **out)
{
	struct ns_stack *s = mem;
	uint16_t mtu;

	if (!mem || !cfg || !out || size < sizeof(*s) || ((uintptr_t)mem & 7) ||
	    !cfg->tx || (cfg->mac[0] & 1) || cfg->vlan > 4094 ||
	    (!cfg->dhcp && cfg->prefix > 32))
		return -EINVAL;
	mtu = cfg->mtu ? cfg->mtu : 1500;
	if (mtu < 68 || mtu > NS_MTU_MAX)
		return -EINVAL;
	if (!cfg->dhcp && cfg->ip &&
	    (cfg->ip == 0xffffffffu || (cfg->ip >> 28) >= 0xe))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->magic = NS_MAGIC;
	memcpy(s->mac, cfg->mac, 6);
	s->vlan = cfg->vlan;
	s->l2size = cfg->vlan ? 18 : 14;
	s->mtu = mtu;
	s->ttl = cfg->ttl ? cfg->ttl : 64;
	s->tx = cfg->tx;
	s->on_addr = cfg->on_addr;
	s->ctx = cfg->ctx;
	s->now = now_ms;
	s->udp.next_eph = (uint16_t)(49152 + (cfg->seed % 16384));
	s->ip_id = (uint16_t)(cfg->seed >> 16);
	s->dhcp.rng = cfg->seed ^ ((uint32_t)cfg->mac[2] << 24 |
				   (uint32_t)cfg->mac[3] << 16 |
				   (uint32_t)cfg->mac[4] << 8 | cfg->mac[5]);
	if (!s->dhcp.rng)
		s->dhcp.rng = 0x2545f491u;
	s->dhcp.sock = -1;
	if (cfg->hostname) {
		size_t n = strnlen(cfg->hostname, sizeof(s->dhcp.hostname) - 1);

		memcpy(s->dhcp.hostname, cfg->hostname, n);
	}
	*out = s;
	if (cfg->dhcp)
		return ns_dhcp_start(s);
	if (cfg->ip)
		ns_set_addr(s, cfg->ip, cfg->prefix, cfg->gw);
	return 0;
}

int ns_input(struct ns_stack *s, const uint8_t *frame, size_t size,
	     uint64_t now_ms)
{
	s->now = now_ms;
	s->c.rx_frames++;
	return ns_eth_input(s, frame, size);
}

uint64_t ns_next_deadline(const struct ns_stack *s)
{
	uint64_t d = ns_arp_deadline(s), x;

	x = ns_frag_deadline(s);
	if (x < d)
		d = x;
	x = ns_dhcp_deadline(s);
	if (x < d)
		d = x;
	if (s->tcp.next_deadline) {
		x = s->tcp.next_deadline(s->tcp.ctx);
		if (x < d)
			d = x;
	}
	return d;
}

int ns_timers(struct ns_stack *s, uint64_t now_ms)
{
	s->now = now_ms;
	ns_arp_timers(s);
	ns_frag_timers(s);
	ns_dhcp_timers(s);
	if (s->tcp.timers)
		s->tcp.timers(s->tcp.ctx, now_ms);
	return 0;
}

const struct ns_counters *ns_counters(const struct ns_stack *s)
{
	return &s->c;
}

#define NS_COUNTER_NAME(name) #name,
static const char *const counter_names[] = {NS_COUNTERS(NS_COUNTER_NAME)};
#undef NS_COUNTER_NAME
_Static_assert(sizeof(counter_names) / sizeof(counter_names[0]) ==
		   sizeof(struct ns_counters) / sizeof(uint64_t),
	       "one name per counter");

const char *ns_counter(const struct ns_stack *s, size_t i, uint64_t *value)
{
	const uint64_t *v = (const uint64_t *)&s->c;

	if (i >= sizeof(counter_names) / sizeof(counter_names[0]))
		return NULL;
	if (value)
		*value = v[i];
	return counter_names[i];
}

uint32_t ns_addr(const struct ns_stack *s)
{
	return s->ip;
}

uint8_t ns_prefix(const struct ns_stack *s)
{
	return s->prefix;
}

uint32_t ns_gateway(const struct ns_stack *s)
{
	return s->gw;
}

int ns_is_local(const struct ns_stack *s, uint32_t ip)
{
	return s->ip && ip == s->ip;
}

uint16_t ns_mtu(const struct ns_stack *s)
{
	return s->mtu;
}

uint16_t ns_tcp_mss(const struct ns_stack *s)
{
	return (uint16_t)(s->mtu - 40);
}

void ns_set_tcp_hook(struct ns_stack *s, const struct ns_tcp_hook *hook)
{
	if (hook)
		s->tcp = *hook;
	else
		memset(&s->tcp, 0, sizeof(s->tcp));
	if (s->tcp.addr_changed)
		s->tcp.addr_changed(s->tcp.ctx, s->ip);
}

uint64_t ns_now(const struct ns_stack *s)
{
	return s->now;
}

char *ns_ip_str(uint32_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255,
		 ip >> 8 & 255, ip & 255);
	return buf;
}

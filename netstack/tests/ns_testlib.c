/* Helpers of netstack's unit tests: see ns_testlib.h. */
#include "ns_testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ns_csum.h"
#include "ns_eth.h"
#include "ns_wire.h"

const uint8_t nt_our_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
const uint8_t nt_peer_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
const uint8_t nt_gw_mac[6] = {0x02, 0, 0, 0, 0, 0xfe};

static _Alignas(8) uint8_t stack_mem[1 << 18];

static int fake_tx(void *ctx, const uint8_t *frame, size_t size)
{
	struct nt *t = ctx;

	if (t->tx_rc)
		return t->tx_rc;
	if (t->n >= NT_MAX_FRAMES || size > NS_FRAME_MAX) {
		fprintf(stderr, "nt: too many or too big frames\n");
		abort();
	}
	memcpy(t->frame[t->n], frame, size);
	t->size[t->n++] = size;
	return 0;
}

static void fake_addr(void *ctx, uint32_t ip, uint8_t prefix, uint32_t gw)
{
	struct nt *t = ctx;

	t->addr_ip = ip;
	t->addr_prefix = prefix;
	t->addr_gw = gw;
	t->addr_events++;
}

int nt_init(struct nt *t, struct ns_config *cfg, uint64_t now)
{
	if (ns_stack_size() > sizeof(stack_mem)) {
		fprintf(stderr, "nt: stack needs %zu bytes\n", ns_stack_size());
		abort();
	}
	memset(t, 0, sizeof(*t));
	cfg->tx = fake_tx;
	cfg->on_addr = fake_addr;
	cfg->ctx = t;
	return ns_init(stack_mem, sizeof(stack_mem), cfg, now, &t->s);
}

void nt_init_static(struct nt *t)
{
	struct ns_config cfg = {0};

	memcpy(cfg.mac, nt_our_mac, 6);
	cfg.ip = NT_OUR_IP;
	cfg.prefix = 24;
	cfg.gw = NT_GW_IP;
	if (nt_init(t, &cfg, 1000) != 0) {
		fprintf(stderr, "nt: ns_init failed\n");
		abort();
	}
	nt_clear(t);
}

void nt_clear(struct nt *t)
{
	t->n = 0;
}

int nt_in(struct nt *t, const uint8_t *frame, size_t size, uint64_t now)
{
	return ns_input(t->s, frame, size, now);
}

void nt_learn(struct nt *t, uint32_t ip, const uint8_t mac[6])
{
	uint8_t f[64];
	size_t n = nt_eth(f, ns_eth_bcast, mac, 0x0806);
	int before = t->n;

	n += nt_arp(f + n, 1, mac, ip, (const uint8_t[6]){0}, ns_addr(t->s));
	(void)nt_in(t, f, n, t->s->now);
	t->n = before; /* the reply is not what the test looks at */
}

size_t nt_eth(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
	      uint16_t type)
{
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	ns_put16(buf + 12, type);
	return 14;
}

size_t nt_arp(uint8_t *buf, uint16_t op, const uint8_t sha[6], uint32_t spa,
	      const uint8_t tha[6], uint32_t tpa)
{
	ns_put16(buf, 1);
	ns_put16(buf + 2, 0x0800);
	buf[4] = 6;
	buf[5] = 4;
	ns_put16(buf + 6, op);
	memcpy(buf + 8, sha, 6);
	ns_put32(buf + 14, spa);
	memcpy(buf + 18, tha, 6);
	ns_put32(buf + 24, tpa);
	return 28;
}

void nt_ip_fix_csum(uint8_t *p)
{
	size_t ihl = (size_t)(p[0] & 15) * 4;

	ns_put16(p + 10, 0);
	ns_put16(p + 10, ns_csum_fold(ns_csum_add(0, p, ihl)));
}

size_t nt_ip(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto,
	     uint16_t id, uint16_t frag, const uint8_t *payload, size_t size)
{
	buf[0] = 0x45;
	buf[1] = 0;
	ns_put16(buf + 2, (uint16_t)(20 + size));
	ns_put16(buf + 4, id);
	ns_put16(buf + 6, frag);
	buf[8] = 64;
	buf[9] = proto;
	ns_put32(buf + 12, src);
	ns_put32(buf + 16, dst);
	nt_ip_fix_csum(buf);
	if (size)
		memmove(buf + 20, payload, size);
	return 20 + size;
}

size_t nt_udp(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport,
	      uint16_t dport, const uint8_t *data, size_t size)
{
	uint32_t sum;
	uint16_t c;

	if (size)
		memmove(buf + 8, data, size);
	ns_put16(buf, sport);
	ns_put16(buf + 2, dport);
	ns_put16(buf + 4, (uint16_t)(8 + size));
	ns_put16(buf + 6, 0);
	sum = ns_csum_pseudo(src, dst, 17, (uint16_t)(8 + size));
	c = ns_csum_fold(ns_csum_add(sum, buf, 8 + size));
	ns_put16(buf + 6, c ? c : 0xffff);
	return 8 + size;
}

size_t nt_icmp(uint8_t *buf, uint8_t type, uint8_t code, uint32_t rest,
	       const uint8_t *data, size_t size)
{
	if (size)
		memmove(buf + 8, data, size);
	buf[0] = type;
	buf[1] = code;
	ns_put16(buf + 2, 0);
	ns_put32(buf + 4, rest);
	ns_put16(buf + 2, ns_csum_fold(ns_csum_add(0, buf, 8 + size)));
	return 8 + size;
}

size_t nt_frame_ip(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto,
		   uint16_t id, uint16_t frag, const uint8_t *payload,
		   size_t size)
{
	size_t n = nt_eth(buf, nt_our_mac, nt_peer_mac, 0x0800);

	return n + nt_ip(buf + n, src, dst, proto, id, frag, payload, size);
}

uint16_t nt_type(const struct nt *t, int i)
{
	return ns_get16(t->frame[i] + 12);
}

const uint8_t *nt_l3(const struct nt *t, int i)
{
	return t->frame[i] + 14;
}

int nt_ip_csum_ok(const struct nt *t, int i)
{
	const uint8_t *p = nt_l3(t, i);

	return ns_csum_fold(ns_csum_add(0, p, (size_t)(p[0] & 15) * 4)) == 0;
}

/* Ethernet II and 802.1Q: see ns_eth.h. */
#include "ns_eth.h"

#include <errno.h>
#include <string.h>

#include "ns_arp.h"
#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_wire.h"

const uint8_t ns_eth_bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

int ns_eth_input(struct ns_stack *s, const uint8_t *frame, size_t size)
{
	const uint8_t *dst = frame;
	uint16_t type;
	size_t off = NS_ETH_HDR;
	uint16_t vid = 0;

	if (size < NS_ETH_HDR) {
		s->c.eth_short++;
		return -EINVAL;
	}
	/* Our MAC or broadcast; we join no multicast group. */
	if (memcmp(dst, s->mac, 6) != 0 && memcmp(dst, ns_eth_bcast, 6) != 0) {
		s->c.eth_not_ours++;
		return -ENOENT;
	}
	type = ns_get16(frame + 12);
	if (type == NS_ETHERTYPE_VLAN) {
		if (size < NS_ETH_HDR + NS_VLAN_HDR) {
			s->c.eth_short++;
			return -EINVAL;
		}
		vid = ns_get16(frame + 14) & 0x0fff;
		type = ns_get16(frame + 16);
		off += NS_VLAN_HDR;
	}
	/* VID 0 is a priority tag: it belongs to the untagged interface. A
	 * stacked tag (Q-in-Q) is another VLAN's traffic, not ours. */
	if (vid != s->vlan || (s->vlan && off == NS_ETH_HDR) ||
	    type == NS_ETHERTYPE_VLAN || type == 0x88a8) {
		s->c.eth_vlan_mismatch++;
		return -ENOENT;
	}
	switch (type) {
	case NS_ETHERTYPE_IPV4:
		return ns_ip_input(s, frame + off, size - off);
	case NS_ETHERTYPE_ARP:
		return ns_arp_input(s, frame + off, size - off);
	default:
		s->c.eth_unknown_type++;
		return -EPROTONOSUPPORT;
	}
}

int ns_eth_output(struct ns_stack *s, const uint8_t dst[6], uint16_t type,
		  size_t size)
{
	uint8_t *f = s->tx_buf;
	size_t total = s->l2size + size;
	int rc;

	memcpy(f, dst, 6);
	memcpy(f + 6, s->mac, 6);
	if (s->vlan) {
		ns_put16(f + 12, NS_ETHERTYPE_VLAN);
		ns_put16(f + 14, s->vlan);
		ns_put16(f + 16, type);
	} else {
		ns_put16(f + 12, type);
	}
	if (total < NS_ETH_MIN) {
		memset(f + total, 0, NS_ETH_MIN - total);
		total = NS_ETH_MIN;
	}
	rc = s->tx(s->ctx, f, total);
	if (rc < 0) {
		s->c.tx_errors++;
		return -EAGAIN;
	}
	s->c.tx_frames++;
	return 0;
}

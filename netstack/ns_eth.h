/* Ethernet II with 802.1Q: input demultiplexing by EtherType, output
 * framing (tag, padding to the 60-byte minimum). */
#ifndef NS_ETH_H
#define NS_ETH_H

#include <stddef.h>
#include <stdint.h>

struct ns_stack;

#define NS_ETH_HDR 14
#define NS_VLAN_HDR 4
#define NS_ETH_MIN 60 /* minimum frame without FCS */
#define NS_ETHERTYPE_IPV4 0x0800
#define NS_ETHERTYPE_ARP 0x0806
#define NS_ETHERTYPE_VLAN 0x8100

/* Validates one received frame (size, destination MAC, VLAN tag) and hands
 * its payload to ARP or IPv4. Returns 0 or a negative errno (counted). */
int ns_eth_input(struct ns_stack *s, const uint8_t *frame, size_t size);

/* Sends the frame whose payload (size bytes) is already in the stack's
 * transmit buffer after the link header: writes the header (dst, our MAC,
 * the tag if configured, type), pads and calls tx. Returns 0 or -EAGAIN
 * when the driver refused it (counted tx_errors). */
int ns_eth_output(struct ns_stack *s, const uint8_t dst[6], uint16_t type,
		  size_t size);

/* The broadcast MAC. */
extern const uint8_t ns_eth_bcast[6];

#endif

/* The Internet checksum (RFC 1071) and the IPv4 pseudo-header, shared by
 * every layer of netstack. Sums are accumulated unfolded in 32 bits, so
 * pieces can be added in any order (each piece at an even offset of the
 * whole, except the last) and folded once. */
#ifndef NS_CSUM_H
#define NS_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* Adds the 16-bit big-endian words of data[0..size) to `sum` (an odd last
 * byte is padded with zero). Returns the new unfolded sum. */
uint32_t ns_csum_add(uint32_t sum, const void *data, size_t size);

/* Folds an unfolded sum to 16 bits and complements it: the value to store
 * in a checksum field (host order). A packet whose stored checksum is
 * right folds to 0 when summed whole. */
uint16_t ns_csum_fold(uint32_t sum);

/* The unfolded sum of the IPv4 pseudo-header of a TCP or UDP segment:
 * source and destination address (host order), protocol and the segment's
 * length in bytes (header plus payload). */
uint32_t ns_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
			uint16_t size);

#endif

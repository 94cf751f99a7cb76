/* The Internet checksum: see ns_csum.h. */
#include "ns_csum.h"

uint32_t ns_csum_add(uint32_t sum, const void *data, size_t size)
{
	const uint8_t *p = data;
	uint64_t acc = sum;

	/* Big-endian 32-bit words: 2^16 = 1 in one's complement arithmetic,
	 * so their sum folds to the same checksum as the 16-bit words'. */
	while (size >= 8) {
		acc += (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
		acc += (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
		       (uint32_t)p[6] << 8 | p[7];
		p += 8;
		size -= 8;
	}
	while (size >= 2) {
		acc += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		size -= 2;
	}
	if (size)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t ns_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t ns_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
			uint16_t size)
{
	uint64_t acc = (src >> 16) + (src & 0xffff) + (dst >> 16) +
		       (dst & 0xffff) + proto + size;

	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

/* libFuzzer target: whole Ethernet frames into ns_input, on a statically
 * configured stack and on one with DHCP in progress (first input byte
 * chooses), with timers run between frames. The input is split into
 * frames at each 2-byte big-endian length prefix. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ns.h"
#include "ns_udp.h"

static _Alignas(8) uint8_t mem[1 << 18];

static int tx(void *ctx, const uint8_t *frame, size_t size)
{
	(void)ctx, (void)frame, (void)size;
	return 0;
}

static void echo(void *ctx, struct ns_stack *s, const struct ns_udp_meta *m,
		 const uint8_t *data, size_t size)
{
	(void)ctx;
	(void)ns_udp_sendto(s, 0, m->src, m->sport, data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ns_config cfg = {.mac = {2, 0, 0, 0, 0, 1}, .tx = tx};
	struct ns_stack *s;
	uint64_t now = 1000;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		cfg.dhcp = 1;
	} else {
		cfg.ip = 0x0a000002;
		cfg.prefix = 24;
		cfg.gw = 0x0a0000fe;
	}
	if (ns_init(mem, sizeof(mem), &cfg, now, &s) != 0)
		return 0;
	(void)ns_udp_bind(s, 7, echo, NULL);
	data++;
	size--;
	while (size >= 2) {
		size_t n = (size_t)(data[0] << 8 | data[1]);

		data += 2;
		size -= 2;
		if (n > size)
			n = size;
		(void)ns_input(s, data, n, now);
		now += 700;
		(void)ns_timers(s, now);
		data += n;
		size -= n;
	}
	return 0;
}

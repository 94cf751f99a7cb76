/* libFuzzer target for netfront's rings (xen/netfront.c): the input plays
 * a hostile netback on the shared pages. Records are
 *   op:1 a:2 b:2 c:2
 * and op % 8 is: 0 nf_tx of a % 2000 bytes, 1 nf_flush, 2 a tx response
 * {id a, status b} at the backend's next slot, 3 an rx response {id a,
 * offset b, flags op >> 3, status c}, 4 a jump of a ring's rsp_prod by
 * (int8_t)a (tx if b is odd), 5 nf_poll with budget a % 300, 6 a write of
 * req_event = a on a ring, 7 a raw byte b written at offset a % 4096 of a
 * ring page (requests included). A frame handed to the receiver must lie
 * within one rx buffer page (checked), and is read whole. */
#include <stdint.h>
#include <string.h>

#include "netfront.h"

#define NB 16

static _Alignas(4096) uint8_t tx_ring[NF_PAGE_SIZE], rx_ring[NF_PAGE_SIZE];

static _Alignas(4096) uint8_t page_mem[2 * NB][NF_PAGE_SIZE]; /* tx, rx */
static struct netfront nf;
static uint32_t be_tx_rsp, be_rx_rsp;
static volatile uint8_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void notify(void *ctx)
{
	(void)ctx;
}

static void on_rx(void *ctx, const uint8_t *frame, size_t len)
{
	uint8_t x = 0;
	uintptr_t at = (uintptr_t)frame - (uintptr_t)page_mem;

	if (at < NB * NF_PAGE_SIZE || at >= sizeof(page_mem) ||
	    at % NF_PAGE_SIZE + len > NF_PAGE_SIZE)
		__builtin_trap();
	(void)ctx;
	for (size_t i = 0; i < len; i++)
		x ^= frame[i];
	sink = x;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void st32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[2000];
	struct nf_buf tx[NB], rx[NB];

	for (int i = 0; i < NB; i++) {
		tx[i].page = page_mem[i];
		tx[i].gref = (uint32_t)i;
		rx[i].page = page_mem[NB + i];
		rx[i].gref = (uint32_t)(NB + i);
	}
	be_tx_rsp = be_rx_rsp = 0;
	nf_init(&nf, tx_ring, rx_ring, tx, NB, rx, NB, notify, NULL);
	for (size_t off = 0; off + 7 <= size; off += 7) {
		const uint8_t *p = data + off;
		uint8_t op = p[0];
		uint16_t a = (uint16_t)(p[1] | p[2] << 8);
		uint16_t b = (uint16_t)(p[3] | p[4] << 8);
		uint16_t c = (uint16_t)(p[5] | p[6] << 8);
		uint8_t *e;

		switch (op % 8) {
		case 0:
			(void)nf_tx(&nf, frame, a % sizeof(frame));
			break;
		case 1:
			nf_flush(&nf);
			break;
		case 2:
			e = tx_ring + 64 + (be_tx_rsp++ % NF_RING_SIZE) * 12;
			put16(e, a);
			put16(e + 2, b);
			st32(tx_ring + 8, be_tx_rsp);
			break;
		case 3:
			e = rx_ring + 64 + (be_rx_rsp++ % NF_RING_SIZE) * 8;
			put16(e, a);
			put16(e + 2, b);
			put16(e + 4, (uint16_t)(op >> 3));
			put16(e + 6, c);
			st32(rx_ring + 8, be_rx_rsp);
			break;
		case 4:
			e = b & 1 ? tx_ring : rx_ring;
			st32(e + 8, ld32(e + 8) + (uint32_t)(int8_t)a);
			break;
		case 5:
			(void)nf_poll(&nf, on_rx, NULL, a % 300);
			break;
		case 6:
			st32((b & 1 ? tx_ring : rx_ring) + 4, a);
			break;
		default:
			(b & 0x100 ? tx_ring : rx_ring)[a % NF_PAGE_SIZE] =
			    (uint8_t)b;
			break;
		}
	}

	return 0;
}

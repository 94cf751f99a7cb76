/* Packet-in buffers: cfg.n_buffers slots, each holding a copy of one frame
 * until a FLOW_MOD or PACKET_OUT uses it or buffer_timeout_ms passes.
 *
 * An id is generation << 16 | slot. A slot's generation advances when the
 * slot is filled and when its packet expires, so an id that was never
 * issued, whose packet expired or whose slot was filled again reads as
 * BUFFER_UNKNOWN; an id whose packet was used (and whose slot is not yet
 * reused) reads as BUFFER_EMPTY, as in OVS's pktbuf. Up to 65536 slots;
 * slot 0xffff skips generation 0xffff, so OFP_NO_BUFFER is never an id. */
#include <stdlib.h>
#include <string.h>

#include "sw_internal.h"

/* Advances slot i's generation; 0 is never issued, nor 0xffff for slot
 * 0xffff (that id would be OFP_NO_BUFFER). */
static void gen_next(struct sw_buffer *b, unsigned i)
{
	if (++b->gen == 0 || (b->gen == 0xffff && i == 0xffff))
		b->gen = 1;
}

/* Creates the pool (see sw_internal.h). */
bool sw_buf_init(struct sw *sw)
{
	sw->bufs = calloc(sw->cfg.n_buffers, sizeof(*sw->bufs));
	sw->buf_next_expiry = UINT64_MAX;
	return sw->bufs != NULL;
}

/* Frees the pool (see sw_internal.h). */
void sw_buf_fini(struct sw *sw)
{
	if (!sw->bufs)
		return;
	for (unsigned i = 0; i < sw->cfg.n_buffers; i++)
		free(sw->bufs[i].data);
	free(sw->bufs);
	sw->bufs = NULL;
}

/* Stores a copy of the frame (see sw_internal.h). Slots are handed out
 * round-robin so that a used id stays "empty" as long as possible. */
uint32_t sw_buf_save(struct sw *sw, const uint8_t *frame, size_t size,
		     uint16_t in_port)
{
	unsigned n = sw->cfg.n_buffers;

	for (unsigned k = 0; k < n; k++) {
		unsigned i = (sw->next_buf + k) % n;
		struct sw_buffer *b = &sw->bufs[i];

		if (b->data)
			continue;
		b->data = malloc(size ? size : 1);
		if (!b->data)
			return OFP_NO_BUFFER;
		memcpy(b->data, frame, size);
		b->size = size;
		gen_next(b, i);
		b->in_port = in_port;
		b->expires = plat_now_ms() + sw->cfg.buffer_timeout_ms;
		if (b->expires < sw->buf_next_expiry)
			sw->buf_next_expiry = b->expires;
		sw->next_buf = (i + 1) % n;
		return (uint32_t)b->gen << 16 | i;
	}
	return OFP_NO_BUFFER;
}

/* Takes a buffered packet out (see sw_internal.h). */
enum of_err sw_buf_take(struct sw *sw, uint32_t id, uint8_t *dst,
			size_t dst_size, size_t *size, uint16_t *in_port)
{
	unsigned slot = id & 0xffff;
	struct sw_buffer *b;

	if (slot >= sw->cfg.n_buffers)
		return OF_E_BUFFER_UNKNOWN;
	b = &sw->bufs[slot];
	if (b->gen != (uint16_t)(id >> 16) || (b->gen == 0))
		return OF_E_BUFFER_UNKNOWN;
	if (!b->data)
		return OF_E_BUFFER_EMPTY;
	if (b->size + DP_HEADROOM > dst_size) {
		free(b->data);
		b->data = NULL;
		return OF_E_BUFFER_EMPTY;
	}
	memcpy(dst + DP_HEADROOM, b->data, b->size);
	*size = b->size;
	*in_port = b->in_port;
	free(b->data);
	b->data = NULL;
	return OF_OK;
}

/* Frees expired buffers (see sw_internal.h). */
void sw_buf_expire(struct sw *sw, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	if (now < sw->buf_next_expiry)
		return;
	for (unsigned i = 0; i < sw->cfg.n_buffers; i++) {
		struct sw_buffer *b = &sw->bufs[i];

		if (!b->data)
			continue;
		if (now >= b->expires) {
			free(b->data);
			b->data = NULL;
			gen_next(b, i); /* the id becomes unknown */
			continue;
		}
		if (b->expires < next)
			next = b->expires;
	}
	sw->buf_next_expiry = next;
}

/* Earliest expiry (see sw_internal.h). */
uint64_t sw_buf_deadline(const struct sw *sw)
{
	return sw->buf_next_expiry;
}

/* IPv4 reassembly: see ns_ip_frag.h. A slot is keyed by (src, dst, id,
 * proto) as RFC 791 says. The bitmap has one bit per 8-byte block; only
 * the last fragment may end inside a block, so block granularity is
 * exact for overlap detection. */
#include "ns_ip_frag.h"

#include <errno.h>
#include <string.h>

#include "ns_ip.h"
#include "ns_stack.h"
#include "ns_wire.h"

_Static_assert(NS_FRAG_MAX % 64 == 0, "NS_FRAG_MAX: a multiple of 64");

static int bit(const struct ns_frag *f, size_t b)
{
	return f->map[b / 8] >> (b % 8) & 1;
}

static void drop(struct ns_frag *f)
{
	f->used = 0;
}

static struct ns_frag *lookup(struct ns_stack *s, uint32_t src, uint32_t dst,
			      uint16_t id, uint8_t proto)
{
	struct ns_frag *oldest = NULL;

	for (size_t i = 0; i < NS_FRAG_SLOTS; i++) {
		struct ns_frag *f = &s->frag.f[i];

		if (f->used && f->src == src && f->dst == dst && f->id == id &&
		    f->proto == proto)
			return f;
	}
	for (size_t i = 0; i < NS_FRAG_SLOTS; i++) {
		struct ns_frag *f = &s->frag.f[i];

		if (!f->used) {
			oldest = f;
			break;
		}
		if (!oldest || f->expires < oldest->expires)
			oldest = f;
	}
	/* All slots busy: the oldest reassembly is the likeliest to be
	 * lost already, and evicting it keeps a flood from locking us out
	 * until the timeout. */
	if (oldest->used)
		s->c.frag_evicted++;
	memset(oldest->map, 0, sizeof(oldest->map));
	oldest->used = 1;
	oldest->src = src;
	oldest->dst = dst;
	oldest->id = id;
	oldest->proto = proto;
	oldest->total = 0;
	oldest->have = 0;
	oldest->hsize = 0;
	oldest->bcast = 0;
	oldest->expires = s->now + NS_FRAG_TIMEOUT_MS;
	return oldest;
}

int ns_frag_input(struct ns_stack *s, const uint8_t *hdr, size_t hsize,
		  const uint8_t *data, size_t size, uint8_t bcast)
{
	uint16_t fl = ns_get16(hdr + 6);
	size_t off = (size_t)(fl & 0x1fff) * 8, end = off + size;
	int more = (fl & 0x2000) != 0;
	size_t b0 = off / 8, b1 = (end + 7) / 8, seen = 0;
	struct ns_frag *f;
	struct ns_ipdg d;

	s->c.frag_rx++;
	/* Every fragment but the last carries a multiple of 8 bytes, and
	 * nothing reaches past the 65535-byte datagram. */
	if ((more && (size == 0 || size % 8)) || end + hsize > 65535) {
		s->c.frag_bad++;
		return -EINVAL;
	}
	f = lookup(s, ns_get32(hdr + 12), ns_get32(hdr + 16), ns_get16(hdr + 4),
		   hdr[9]);
	if (end > NS_FRAG_MAX) {
		s->c.frag_too_big++;
		drop(f);
		return -EMSGSIZE;
	}
	if ((f->total && end > f->total) ||
	    (!more && f->total && end != f->total) ||
	    (!more && !f->total && f->have && end < f->have)) {
		/* Contradicts the length we already know. */
		s->c.frag_overlap++;
		drop(f);
		return -EINVAL;
	}
	for (size_t b = b0; b < b1; b++)
		seen += (size_t)bit(f, b);
	if (seen && seen == b1 - b0 && (more || f->total == end)) {
		s->c.frag_dup++;
		return 0;
	}
	if (seen) {
		s->c.frag_overlap++;
		drop(f);
		return -EINVAL;
	}
	if (!more) {
		/* A block past the end already received? */
		for (size_t b = b1; b < NS_FRAG_MAX / 8; b++) {
			if (bit(f, b)) {
				s->c.frag_overlap++;
				drop(f);
				return -EINVAL;
			}
		}
		f->total = (uint32_t)end;
	}
	for (size_t b = b0; b < b1; b++)
		f->map[b / 8] |= (uint8_t)(1u << (b % 8));
	memcpy(f->data + off, data, size);
	f->have += (uint32_t)size;
	f->bcast |= bcast;
	if (off == 0) {
		memcpy(f->hdr, hdr, hsize);
		f->hsize = (uint8_t)hsize;
	}
	if (!f->total || f->have != f->total)
		return 0;
	/* Complete. */
	s->c.frag_reassembled++;
	d.src = f->src;
	d.dst = f->dst;
	d.proto = f->proto;
	d.bcast = f->bcast;
	d.hdr = f->hdr;
	d.hsize = f->hsize;
	d.data = f->data;
	d.size = f->total;
	{
		int rc = ns_ip_deliver(s, &d);

		drop(f);
		return rc;
	}
}

void ns_frag_timers(struct ns_stack *s)
{
	for (size_t i = 0; i < NS_FRAG_SLOTS; i++) {
		struct ns_frag *f = &s->frag.f[i];

		if (f->used && f->expires <= s->now) {
			s->c.frag_timeout++;
			drop(f);
		}
	}
}

uint64_t ns_frag_deadline(const struct ns_stack *s)
{
	uint64_t d = UINT64_MAX;

	for (size_t i = 0; i < NS_FRAG_SLOTS; i++)
		if (s->frag.f[i].used && s->frag.f[i].expires < d)
			d = s->frag.f[i].expires;
	return d;
}

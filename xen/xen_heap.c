/* The bounded heap and malloc/calloc/realloc/free.
 *
 * Layout: [block][block]...[end tag]. Each block starts with a 16-byte
 * header: the size of the block before it (0 for the first) and its own
 * size with bit 0 set when in use. Sizes include the header and are
 * multiples of 16. A free block keeps the free-list links in its payload.
 * The end tag is a header of size 0 marked in use, so that merging never
 * runs past the end. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xen_heap.h"
#include "xen_panic.h"

struct xen_heap_block {
	size_t prev_size;
	size_t size_used; /* size | USED */
	/* Free blocks only: */
	struct xen_heap_block *next, *prev;
};

#define USED ((size_t)1)
#define HDR 16
#define MIN_BLOCK 32
_Static_assert(sizeof(struct xen_heap_block) == MIN_BLOCK, "block");

static size_t bsize(const struct xen_heap_block *b)
{
	return b->size_used & ~USED;
}

static bool bused(const struct xen_heap_block *b)
{
	return b->size_used & USED;
}

static struct xen_heap_block *bnext(const struct xen_heap_block *b)
{
	return (struct xen_heap_block *)(uintptr_t)((uintptr_t)b + bsize(b));
}

static struct xen_heap_block *bprev(const struct xen_heap_block *b)
{
	return (struct xen_heap_block *)(uintptr_t)((uintptr_t)b -
						    b->prev_size);
}

static void *payload(struct xen_heap_block *b)
{
	return (uint8_t *)b + HDR;
}

static void list_push(struct xen_heap *h, struct xen_heap_block *b)
{
	b->prev = NULL;
	b->next = h->free_list;
	if (h->free_list)
		h->free_list->prev = b;
	h->free_list = b;
}

static void list_unlink(struct xen_heap *h, struct xen_heap_block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		h->free_list = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

/* Sets b's size (keeping its used bit) and the next block's back tag. */
static void set_size(struct xen_heap_block *b, size_t size, bool used)
{
	b->size_used = size | (used ? USED : 0);
	bnext(b)->prev_size = size;
}

int xen_heap_init(struct xen_heap *h, void *mem, size_t size)
{
	uintptr_t start = ((uintptr_t)mem + XEN_HEAP_ALIGN - 1) &
			  ~(uintptr_t)(XEN_HEAP_ALIGN - 1);
	uintptr_t end =
	    ((uintptr_t)mem + size) & ~(uintptr_t)(XEN_HEAP_ALIGN - 1);
	struct xen_heap_block *first, *tag;

	memset(h, 0, sizeof(*h));
	if (end < start || end - start < MIN_BLOCK + HDR)
		return -EINVAL;
	h->base = (uint8_t *)start;
	h->end = (uint8_t *)end;
	first = (struct xen_heap_block *)start;
	tag = (struct xen_heap_block *)(end - HDR);
	first->prev_size = 0;
	tag->size_used = USED; /* size 0 */
	set_size(first, (size_t)((uintptr_t)tag - start), false);
	list_push(h, first);
	return 0;
}

/* Block size for a request of `size` bytes, or 0 if it cannot exist. */
static size_t need_for(const struct xen_heap *h, size_t size)
{
	size_t need;

	if (size > (size_t)(h->end - h->base))
		return 0;
	need =
	    (size + HDR + XEN_HEAP_ALIGN - 1) & ~(size_t)(XEN_HEAP_ALIGN - 1);
	return need < MIN_BLOCK ? MIN_BLOCK : need;
}

/* Marks free block b (already unlinked) used with size `need`, returning
 * the rest to the free list when it can form a block. */
static void carve(struct xen_heap *h, struct xen_heap_block *b, size_t need)
{
	size_t size = bsize(b);

	if (size - need >= MIN_BLOCK) {
		struct xen_heap_block *rest;

		set_size(b, need, true);
		rest = bnext(b);
		set_size(rest, size - need, false);
		list_push(h, rest);
	} else {
		set_size(b, size, true);
	}
	h->in_use += bsize(b) - HDR;
	if (h->in_use > h->peak)
		h->peak = h->in_use;
}

void *xen_heap_alloc(struct xen_heap *h, size_t size)
{
	size_t need = need_for(h, size);

	if (need) {
		for (struct xen_heap_block *b = h->free_list; b; b = b->next) {
			if (bsize(b) >= need) {
				list_unlink(h, b);
				carve(h, b, need);
				return payload(b);
			}
		}
	}
	h->failures++;
	return NULL;
}

/* The block of payload p, after checking that it is one of ours. */
static struct xen_heap_block *block_of(const struct xen_heap *h, void *p)
{
	uint8_t *q = p;
	struct xen_heap_block *b;

	if (q < h->base + HDR || q >= h->end ||
	    ((uintptr_t)q & (XEN_HEAP_ALIGN - 1)))
		xen_panic("heap: free/realloc of %p outside the heap", p);
	b = (struct xen_heap_block *)(q - HDR);
	if (!bused(b) || bsize(b) < MIN_BLOCK ||
	    bsize(b) > (size_t)(h->end - q))
		xen_panic("heap: free/realloc of %p: not an allocated block",
			  p);
	return b;
}

void xen_heap_free(struct xen_heap *h, void *p)
{
	struct xen_heap_block *b, *n;
	size_t size;

	if (!p)
		return;
	b = block_of(h, p);
	size = bsize(b);
	h->in_use -= size - HDR;
	n = bnext(b);
	if (!bused(n)) {
		list_unlink(h, n);
		size += bsize(n);
	}
	if ((uint8_t *)b > h->base) {
		struct xen_heap_block *pb = bprev(b);

		if (!bused(pb)) {
			list_unlink(h, pb);
			size += bsize(pb);
			b = pb;
		}
	}
	set_size(b, size, false);
	list_push(h, b);
}

void *xen_heap_realloc(struct xen_heap *h, void *p, size_t size)
{
	struct xen_heap_block *b, *n;
	size_t need, have;
	void *q;

	if (!p)
		return xen_heap_alloc(h, size);
	if (!size) {
		xen_heap_free(h, p);
		return NULL;
	}
	b = block_of(h, p);
	need = need_for(h, size);
	if (!need) {
		h->failures++;
		return NULL;
	}
	have = bsize(b);
	n = bnext(b);
	if (have < need && !bused(n) && have + bsize(n) >= need) {
		list_unlink(h, n);
		have += bsize(n);
	} else if (have < need) {
		q = xen_heap_alloc(h, size);
		if (!q)
			return NULL;
		memcpy(q, p, bsize(b) - HDR);
		xen_heap_free(h, p);
		return q;
	}
	/* In place: b grows to `have` (or stays), then gives back its tail. */
	h->in_use -= bsize(b) - HDR;
	set_size(b, have, false);
	carve(h, b, need);
	/* A freed tail may now sit before a free block: merge them. */
	n = bnext(b);
	if (!bused(n)) {
		struct xen_heap_block *nn = bnext(n);

		if (!bused(nn)) {
			list_unlink(h, n);
			list_unlink(h, nn);
			set_size(n, bsize(n) + bsize(nn), false);
			list_push(h, n);
		}
	}
	return p;
}

bool xen_heap_check(const struct xen_heap *h, struct xen_heap_stats *st)
{
	struct xen_heap_stats s = {0};
	const struct xen_heap_block *b = (const void *)h->base;
	size_t prev = 0, in_use = 0;
	bool prev_free = false;
	unsigned listed = 0;

	s.size = (size_t)(h->end - h->base);
	while ((const uint8_t *)b < h->end - HDR) {
		size_t size = bsize(b);

		if (b->prev_size != prev || size < MIN_BLOCK ||
		    (size & (XEN_HEAP_ALIGN - 1)) ||
		    size > (size_t)(h->end - (const uint8_t *)b) - HDR)
			return false;
		if (bused(b)) {
			s.used_blocks++;
			in_use += size - HDR;
			prev_free = false;
		} else {
			if (prev_free)
				return false;
			s.free_blocks++;
			s.free_bytes += size;
			if (size > s.largest_free)
				s.largest_free = size;
			prev_free = true;
		}
		prev = size;
		b = bnext(b);
	}
	if ((const uint8_t *)b != h->end - HDR || b->size_used != USED ||
	    b->prev_size != prev || in_use != h->in_use)
		return false;
	for (const struct xen_heap_block *f = h->free_list; f; f = f->next) {
		if (bused(f) || ++listed > s.free_blocks ||
		    (f->next && f->next->prev != f))
			return false;
	}
	if (listed != s.free_blocks)
		return false;
	s.in_use = h->in_use;
	s.peak = h->peak;
	s.failures = h->failures;
	if (st)
		*st = s;
	return true;
}

static struct xen_heap *global_heap;

void xen_heap_set_global(struct xen_heap *h)
{
	global_heap = h;
}

struct xen_heap *xen_heap_global(void)
{
	return global_heap;
}

void *malloc(size_t size)
{
	return global_heap ? xen_heap_alloc(global_heap, size) : NULL;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	if (!global_heap)
		return NULL;
	return xen_heap_realloc(global_heap, p, size);
}

void free(void *p)
{
	if (p && global_heap)
		xen_heap_free(global_heap, p);
}

/* A bounded heap: first fit over one contiguous region fixed at boot, with
 * boundary tags so that free() merges neighbours in constant time. The
 * global heap behind malloc/calloc/realloc/free is one of these; tests make
 * their own. Single-threaded, like everything on the unikernel. */
#ifndef XEN_HEAP_H
#define XEN_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XEN_HEAP_ALIGN 16

struct xen_heap_block;

struct xen_heap {
	uint8_t *base, *end; /* blocks live in [base, end) */
	struct xen_heap_block *free_list;
	size_t in_use; /* payload bytes handed out (rounded up) */
	size_t peak;
	uint64_t failures; /* allocations refused */
};

struct xen_heap_stats {
	size_t size, in_use, peak, free_bytes, largest_free;
	unsigned free_blocks, used_blocks;
	uint64_t failures;
};

/* Sets up a heap in [mem, mem + size) (trimmed to alignment). Returns 0, or
 * -EINVAL if the region is too small to hold one block. */
int xen_heap_init(struct xen_heap *h, void *mem, size_t size);

/* Allocates `size` bytes aligned to XEN_HEAP_ALIGN (size 0 allocates a
 * minimal block). Returns NULL when no free block is large enough. */
void *xen_heap_alloc(struct xen_heap *h, size_t size);

/* Returns p (from this heap; NULL is a no-op). A pointer that is not an
 * allocated block of this heap is a programmer error: it panics. */
void xen_heap_free(struct xen_heap *h, void *p);

/* realloc semantics: NULL p allocates; size 0 frees and returns NULL; on
 * failure returns NULL and p is untouched. Grows in place when the next
 * block is free. */
void *xen_heap_realloc(struct xen_heap *h, void *p, size_t size);

/* Walks every block and the free list. Returns true if the heap is
 * consistent (sizes, tags, no two free neighbours, free list matches). */
bool xen_heap_check(const struct xen_heap *h, struct xen_heap_stats *st);

/* Sets the heap behind malloc() and friends (before that they return
 * NULL). */
void xen_heap_set_global(struct xen_heap *h);

/* The heap behind malloc() (NULL before xen_heap_set_global). */
struct xen_heap *xen_heap_global(void);

#endif

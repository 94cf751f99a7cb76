/* The allocator of the Xen images' C library subset: a bounded heap fixed
 * at boot (xen/xen_heap.c). malloc returns NULL when it is full. */
#ifndef XEN_LIBC_STDLIB_H
#define XEN_LIBC_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

#endif

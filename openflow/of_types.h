/* Small value types shared by every part of the codec. */
#ifndef OF_TYPES_H
#define OF_TYPES_H

#include <stddef.h>
#include <stdint.h>

/* A view of bytes owned by someone else ("valid while the input is"). */
struct of_bytes {
	const uint8_t *p;
	size_t size;
};

/* Iterator over a validated list (actions, ports, stats entries, queues). */
struct of_iter {
	const uint8_t *p;
	size_t left;
};

/* Starts an iterator over the bytes of `list`. */
static inline struct of_iter of_iter_make(struct of_bytes list)
{
	struct of_iter it = {list.p, list.p ? list.size : 0};
	return it;
}

#endif

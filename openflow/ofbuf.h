/* Bounds-checked, byte-order-aware cursors over caller-owned buffers.
 *
 * A reader never reads past its end: a read that would returns zeros and sets
 * `short_read`, which decoders check once at the end. A writer never writes
 * past its end: a write that would sets `overflow` and writes nothing; the
 * encoder checks it once at the end. Neither allocates. */
#ifndef OFBUF_H
#define OFBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct of_rbuf {
	const uint8_t *p;
	size_t left;
	bool short_read;
};

struct of_wbuf {
	uint8_t *base;
	size_t size; /* capacity in bytes */
	size_t pos;  /* bytes written so far */
	bool overflow;
};

/* Makes a reader over `size` bytes at `p` (valid while the input is). */
struct of_rbuf of_rbuf_make(const uint8_t *p, size_t size);
/* Reads one byte; past the end returns 0 and sets short_read. */
uint8_t of_get8(struct of_rbuf *b);
/* Reads a big-endian 16-bit value; past the end returns 0 and sets short_read. */
uint16_t of_get16(struct of_rbuf *b);
/* Reads a big-endian 32-bit value; past the end returns 0 and sets short_read. */
uint32_t of_get32(struct of_rbuf *b);
/* Reads a big-endian 64-bit value; past the end returns 0 and sets short_read. */
uint64_t of_get64(struct of_rbuf *b);
/* Copies `size` bytes to `dst`; past the end zero-fills dst and sets short_read. */
void of_get_bytes(struct of_rbuf *b, void *dst, size_t size);
/* Returns a view of the next `size` bytes and advances; past the end returns
 * NULL and sets short_read. */
const uint8_t *of_get_view(struct of_rbuf *b, size_t size);
/* Skips `size` bytes (padding); past the end sets short_read. */
void of_skip(struct of_rbuf *b, size_t size);
/* Splits off the next `size` bytes as a reader of their own. */
struct of_rbuf of_rbuf_sub(struct of_rbuf *b, size_t size);

/* Makes a writer over `size` bytes at `base`. */
struct of_wbuf of_wbuf_make(uint8_t *base, size_t size);
/* Appends one byte. */
void of_put8(struct of_wbuf *b, uint8_t v);
/* Appends a big-endian 16-bit value. */
void of_put16(struct of_wbuf *b, uint16_t v);
/* Appends a big-endian 32-bit value. */
void of_put32(struct of_wbuf *b, uint32_t v);
/* Appends a big-endian 64-bit value. */
void of_put64(struct of_wbuf *b, uint64_t v);
/* Appends `size` bytes from `src` (src may be NULL only when size is 0). */
void of_put_bytes(struct of_wbuf *b, const void *src, size_t size);
/* Appends `size` zero bytes. */
void of_put_zeros(struct of_wbuf *b, size_t size);
/* Overwrites a big-endian 16-bit value at absolute offset `at` (for lengths
 * patched after the body is written); ignored if out of range. */
void of_patch16(struct of_wbuf *b, size_t at, uint16_t v);

/* Writes `s` into a fixed-size wire string field, NUL-padded (truncating). */
void of_put_str(struct of_wbuf *b, const char *s, size_t field_size);

#endif

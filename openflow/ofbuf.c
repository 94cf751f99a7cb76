#include "ofbuf.h"

#include <string.h>

struct of_rbuf of_rbuf_make(const uint8_t *p, size_t size)
{
	struct of_rbuf b = {p, size, false};
	if (!p)
		b.left = 0;
	return b;
}

static const uint8_t *take(struct of_rbuf *b, size_t size)
{
	const uint8_t *p;

	if (b->short_read || size > b->left) {
		b->short_read = true;
		b->left = 0;
		return NULL;
	}
	p = b->p;
	b->p += size;
	b->left -= size;
	return p;
}

uint8_t of_get8(struct of_rbuf *b)
{
	const uint8_t *p = take(b, 1);
	return p ? p[0] : 0;
}

uint16_t of_get16(struct of_rbuf *b)
{
	const uint8_t *p = take(b, 2);
	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

uint32_t of_get32(struct of_rbuf *b)
{
	const uint8_t *p = take(b, 4);
	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3]
		 : 0;
}

uint64_t of_get64(struct of_rbuf *b)
{
	uint64_t hi = of_get32(b);
	uint64_t lo = of_get32(b);
	return b->short_read ? 0 : hi << 32 | lo;
}

void of_get_bytes(struct of_rbuf *b, void *dst, size_t size)
{
	const uint8_t *p = take(b, size);
	if (p)
		memcpy(dst, p, size);
	else if (size)
		memset(dst, 0, size);
}

const uint8_t *of_get_view(struct of_rbuf *b, size_t size)
{
	return take(b, size);
}

void of_skip(struct of_rbuf *b, size_t size)
{
	(void)take(b, size);
}

struct of_rbuf of_rbuf_sub(struct of_rbuf *b, size_t size)
{
	const uint8_t *p = take(b, size);
	struct of_rbuf s = {p, p ? size : 0, p == NULL};
	return s;
}

struct of_wbuf of_wbuf_make(uint8_t *base, size_t size)
{
	struct of_wbuf b = {base, base ? size : 0, 0, false};
	return b;
}

static uint8_t *room(struct of_wbuf *b, size_t size)
{
	uint8_t *p;

	if (b->overflow || size > b->size - b->pos) {
		b->overflow = true;
		return NULL;
	}
	p = b->base + b->pos;
	b->pos += size;
	return p;
}

void of_put8(struct of_wbuf *b, uint8_t v)
{
	uint8_t *p = room(b, 1);
	if (p)
		p[0] = v;
}

void of_put16(struct of_wbuf *b, uint16_t v)
{
	uint8_t *p = room(b, 2);
	if (p) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	}
}

void of_put32(struct of_wbuf *b, uint32_t v)
{
	uint8_t *p = room(b, 4);
	if (p) {
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}

void of_put64(struct of_wbuf *b, uint64_t v)
{
	of_put32(b, (uint32_t)(v >> 32));
	of_put32(b, (uint32_t)v);
}

void of_put_bytes(struct of_wbuf *b, const void *src, size_t size)
{
	uint8_t *p = room(b, size);
	if (p && size)
		memcpy(p, src, size);
}

void of_put_zeros(struct of_wbuf *b, size_t size)
{
	uint8_t *p = room(b, size);
	if (p && size)
		memset(p, 0, size);
}

void of_patch16(struct of_wbuf *b, size_t at, uint16_t v)
{
	if (at + 2 > b->pos || at + 2 < at)
		return;
	b->base[at] = (uint8_t)(v >> 8);
	b->base[at + 1] = (uint8_t)v;
}

void of_put_str(struct of_wbuf *b, const char *s, size_t field_size)
{
	uint8_t *p = room(b, field_size);
	size_t n;

	if (!p)
		return;
	n = s ? strnlen(s, field_size) : 0;
	if (n)
		memcpy(p, s, n);
	memset(p + n, 0, field_size - n);
}

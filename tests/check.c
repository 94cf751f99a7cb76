#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned n_pass, n_fail;

int check_record(int cond, const char *file, int line, const char *what)
{
	if (cond) {
		n_pass++;
	} else {
		n_fail++;
		fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
	}
	return cond;
}

int check_eq_int(long long a, long long b, const char *file, int line,
		 const char *what)
{
	if (a != b)
		fprintf(stderr, "  got %lld (0x%llx), want %lld (0x%llx)\n", a,
			(unsigned long long)a, b, (unsigned long long)b);
	return check_record(a == b, file, line, what);
}

int check_eq_mem(const void *a, size_t asize, const void *b, size_t bsize,
		 const char *file, int line, const char *what)
{
	const uint8_t *x = a, *y = b;
	size_t i, n = asize < bsize ? asize : bsize;

	for (i = 0; i < n && x[i] == y[i]; i++)
		;
	if (i < n || asize != bsize)
		fprintf(stderr,
			"  sizes %zu vs %zu; first difference at byte %zu\n",
			asize, bsize, i);
	return check_record(i == n && asize == bsize, file, line, what);
}

int check_eq_str(const char *a, const char *b, const char *file, int line,
		 const char *what)
{
	int ok = a && b && strcmp(a, b) == 0;
	if (!ok)
		fprintf(stderr, "  got:  \"%s\"\n  want: \"%s\"\n",
			a ? a : "(null)", b ? b : "(null)");
	return check_record(ok, file, line, what);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t check_hex(const char *hex, uint8_t *buf, size_t size)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v = hexval((unsigned char)*hex);
		if (v < 0) {
			if (strchr(" \t\n:", *hex))
				continue;
			fprintf(stderr, "check_hex: bad character '%c'\n",
				*hex);
			abort();
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == size) {
			fprintf(stderr, "check_hex: buffer too small\n");
			abort();
		}
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0) {
		fprintf(stderr, "check_hex: odd number of digits\n");
		abort();
	}
	return n;
}

int check_summary(void)
{
	printf("%u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

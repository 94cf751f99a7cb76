/* String functions of the C library subset that the cores use
 * (tools/check-freestanding.sh lists them). Byte loops, with word copies
 * for the aligned bulk of memcpy/memset; built with
 * -fno-tree-loop-distribute-patterns so that the compiler does not turn
 * these loops back into calls to themselves. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

/* A 64-bit word that may alias any object (the bulk loops below). */
typedef uint64_t __attribute__((may_alias)) word64;

void *memcpy(void *restrict dst, const void *restrict src, size_t size)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; size >= 8; size -= 8, d += 8, s += 8)
			*(word64 *)(void *)d = *(const word64 *)(const void *)s;
	}
	while (size--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t size)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || size == 0)
		return dst;
	if (d < s || d >= s + size) {
		while (size--)
			*d++ = *s++;
	} else {
		d += size;
		s += size;
		while (size--)
			*--d = *--s;
	}
	return dst;
}

void *memset(void *dst, int c, size_t size)
{
	unsigned char *d = dst;
	uint64_t pattern = (unsigned char)c * 0x0101010101010101ull;

	while (size && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		size--;
	}
	for (; size >= 8; size -= 8, d += 8)
		*(word64 *)(void *)d = pattern;
	while (size--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t size)
{
	const unsigned char *x = a, *y = b;

	for (; size; size--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t size)
{
	const unsigned char *p = s;

	for (; size; size--, p++) {
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x > *y) - (*x < *y);
}

int strncmp(const char *a, const char *b, size_t max)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; max; max--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(uintptr_t)last;
	}
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}

int strncasecmp(const char *a, const char *b, size_t max)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; max; max--, x++, y++) {
		int cx = lower(*x), cy = lower(*y);

		if (cx != cy)
			return cx < cy ? -1 : 1;
		if (!cx)
			break;
	}
	return 0;
}

static const struct {
	int err;
	const char *text;
} err_names[] = {
    {EPERM, "Operation not permitted"},
    {ENOENT, "No such file or directory"},
    {EIO, "Input/output error"},
    {E2BIG, "Argument list too long"},
    {EBADF, "Bad file descriptor"},
    {EAGAIN, "Resource temporarily unavailable"},
    {ENOMEM, "Cannot allocate memory"},
    {EFAULT, "Bad address"},
    {EBUSY, "Device or resource busy"},
    {EEXIST, "File exists"},
    {ENODEV, "No such device"},
    {EINVAL, "Invalid argument"},
    {EFBIG, "File too large"},
    {ENOSPC, "No space left on device"},
    {EPIPE, "Broken pipe"},
    {ERANGE, "Numerical result out of range"},
    {ENOSYS, "Function not implemented"},
    {EPROTO, "Protocol error"},
    {EMSGSIZE, "Message too long"},
    {EPROTONOSUPPORT, "Protocol not supported"},
    {EOPNOTSUPP, "Operation not supported"},
    {EADDRINUSE, "Address already in use"},
    {EADDRNOTAVAIL, "Cannot assign requested address"},
    {ENETUNREACH, "Network is unreachable"},
    {ECONNRESET, "Connection reset by peer"},
    {ENOBUFS, "No buffer space available"},
    {ENOTCONN, "Transport endpoint is not connected"},
    {ETIMEDOUT, "Connection timed out"},
    {ECONNREFUSED, "Connection refused"},
    {EHOSTUNREACH, "No route to host"},
};

/* The text for error number `err` (positive); a fixed string for numbers
 * it does not know. The string is static: callers must not modify it. */
char *strerror(int err)
{
	for (size_t i = 0; i < sizeof(err_names) / sizeof(err_names[0]); i++) {
		if (err_names[i].err == err)
			return (char *)(uintptr_t)err_names[i].text;
	}
	return (char *)(uintptr_t) "Unknown error";
}

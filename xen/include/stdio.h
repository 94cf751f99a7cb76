/* The formatter of the Xen images' C library subset (xen/libc_fmt.c): no
 * streams, no floating point. */
#ifndef XEN_LIBC_STDIO_H
#define XEN_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap) __attribute__((format(printf, 3, 0)));

#endif

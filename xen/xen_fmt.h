/* The formatter behind vsnprintf and the console's printf: printf syntax
 * without floating point, writing through a sink so that the console can
 * print lines of any length without a buffer. */
#ifndef XEN_FMT_H
#define XEN_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives `size` bytes of output (not NUL-terminated). */
typedef void (*xen_fmt_sink)(void *ctx, const char *s, size_t size);

/* Formats `fmt` with `ap` into `sink`. Supports the flags "-+ #0", width
 * and precision (numbers or '*'), the length modifiers hh h l ll z j t,
 * and the conversions d i u x X o c s p %; an unknown conversion is
 * printed as written. A NULL %s prints "(null)". Returns the number of
 * bytes produced (__INT_MAX__ at most). */
int xen_vformat(xen_fmt_sink sink, void *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif

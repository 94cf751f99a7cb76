/* snprintf/vsnprintf for the cores and the console's formatter. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xen_fmt.h"

struct spec {
	bool left, plus, space, alt, zero;
	int width;
	int prec; /* -1: none */
};

struct out {
	xen_fmt_sink sink;
	void *ctx;
	size_t count;
};

static void emit(struct out *o, const char *s, size_t size)
{
	if (size) {
		o->sink(o->ctx, s, size);
		o->count += size;
	}
}

static void emit_pad(struct out *o, char c, int n)
{
	char pad[16];

	memset(pad, c, sizeof(pad));
	while (n > 0) {
		int k = n > (int)sizeof(pad) ? (int)sizeof(pad) : n;

		emit(o, pad, (size_t)k);
		n -= k;
	}
}

/* Prints `body` (digits or text) with an optional sign/prefix, applying
 * width, precision zeros and justification. */
static void emit_field(struct out *o, const struct spec *sp, const char *prefix,
		       const char *body, size_t body_size, int zeros)
{
	size_t plen = strlen(prefix);
	int total = (int)(plen + body_size) + zeros;
	int pad = sp->width > total ? sp->width - total : 0;

	if (!sp->left && !(sp->zero && sp->prec < 0))
		emit_pad(o, ' ', pad);
	emit(o, prefix, plen);
	if (!sp->left && sp->zero && sp->prec < 0)
		emit_pad(o, '0', pad);
	emit_pad(o, '0', zeros);
	emit(o, body, body_size);
	if (sp->left)
		emit_pad(o, ' ', pad);
}

static void emit_int(struct out *o, const struct spec *sp, uintmax_t v,
		     bool neg, unsigned base, bool upper, bool is_ptr)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 22 octal digits for 64 bits */
	char *end = buf + sizeof(buf), *p = end;
	const char *prefix = "";
	size_t size;
	int zeros;

	while (v) {
		*--p = digits[v % base];
		v /= base;
	}
	size = (size_t)(end - p);
	if (sp->prec == 0 && size == 0)
		zeros = 0; /* "%.0d" of 0 prints nothing */
	else if (sp->prec > (int)size)
		zeros = sp->prec - (int)size;
	else
		zeros = size == 0 ? 1 : 0;
	if (neg)
		prefix = "-";
	else if (sp->plus && base == 10 && !is_ptr)
		prefix = "+";
	else if (sp->space && base == 10 && !is_ptr)
		prefix = " ";
	else if ((sp->alt || is_ptr) && base == 16 && (size || is_ptr))
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && zeros == 0 && (size == 0 || *p != '0'))
		zeros = 1;
	emit_field(o, sp, prefix, p, size, zeros);
}

/* Reads a decimal number at *fmt, capped so that it cannot overflow. */
static int read_num(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < 100000)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

static intmax_t arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (intmax_t)va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_T:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

int xen_vformat(xen_fmt_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = {sink, ctx, 0};
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		const char *start = fmt;
		struct spec sp = {.prec = -1};
		enum length len = LEN_INT;

		if (*fmt != '%') {
			while (*fmt && *fmt != '%')
				fmt++;
			emit(&o, start, (size_t)(fmt - start));
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = sp.width == (-__INT_MAX__ - 1)
					       ? 0
					       : -sp.width;
			}
			fmt++;
		} else {
			sp.width = read_num(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			} else {
				sp.prec = read_num(&fmt);
			}
		}
		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_HH : LEN_H;
			fmt += len == LEN_HH ? 2 : 1;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LL : LEN_L;
			fmt += len == LEN_LL ? 2 : 1;
			break;
		case 'z':
			len = LEN_Z;
			fmt++;
			break;
		case 'j':
			len = LEN_J;
			fmt++;
			break;
		case 't':
			len = LEN_T;
			fmt++;
			break;
		default:
			break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			intmax_t v = arg_signed(&ap, len);
			uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;

			emit_int(&o, &sp, mag, v < 0, 10, false, false);
			break;
		}
		case 'u':
			emit_int(&o, &sp, arg_unsigned(&ap, len), false, 10,
				 false, false);
			break;
		case 'x':
		case 'X':
			emit_int(&o, &sp, arg_unsigned(&ap, len), false, 16,
				 *fmt == 'X', false);
			break;
		case 'o':
			emit_int(&o, &sp, arg_unsigned(&ap, len), false, 8,
				 false, false);
			break;
		case 'p':
			emit_int(&o, &sp, (uintptr_t)va_arg(ap, void *), false,
				 16, false, true);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			struct spec cs = sp;

			cs.prec = -1;
			cs.zero = false;
			emit_field(&o, &cs, "", &c, 1, 0);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			struct spec ss = sp;

			if (!s)
				s = "(null)";
			ss.zero = false;
			ss.prec = -1;
			emit_field(&o, &ss, "", s,
				   sp.prec >= 0 ? strnlen(s, (size_t)sp.prec)
						: strlen(s),
				   0);
			break;
		}
		case '%':
			emit(&o, "%", 1);
			break;
		default:
			/* Unknown (or a truncated "%" at the end): print the
			 * directive as written. */
			if (*fmt)
				fmt++;
			emit(&o, start, (size_t)(fmt - start));
			continue;
		}
		fmt++;
	}
	va_end(ap);
	return o.count > __INT_MAX__ ? __INT_MAX__ : (int)o.count;
}

struct bufsink {
	char *buf;
	size_t size; /* room for bytes, the NUL excluded */
	size_t used;
};

static void buf_put(void *ctx, const char *s, size_t size)
{
	struct bufsink *b = ctx;
	size_t room = b->size - b->used;

	if (size > room)
		size = room;
	memcpy(b->buf + b->used, s, size);
	b->used += size;
}

/* Formats into buf[0..size), always NUL-terminated when size > 0. Returns
 * the length the whole output would have (so a result >= size means it
 * was truncated). */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	struct bufsink b = {buf, size ? size - 1 : 0, 0};
	int n = xen_vformat(buf_put, &b, fmt, ap);

	if (size)
		buf[b.used] = '\0';
	return n;
}

/* vsnprintf with its arguments inline. */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

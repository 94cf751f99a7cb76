/* The argument helpers apps share (see ctl.h). */
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

/* Splits "key=value,..." (see ctl.h). */
bool ctl_args_next(const char **args, char *key, size_t key_size, char *val,
		   size_t val_size)
{
	const char *p = *args, *end, *eq;
	size_t klen, vlen;

	if (!p)
		return false;
	while (*p == ',')
		p++;
	if (!*p) {
		*args = p;
		return false;
	}
	end = strchr(p, ',');
	if (!end)
		end = p + strlen(p);
	eq = memchr(p, '=', (size_t)(end - p));
	klen = (size_t)((eq ? eq : end) - p);
	vlen = eq ? (size_t)(end - eq - 1) : 0;
	if (klen >= key_size || vlen >= val_size) {
		*args = p;
		return false;
	}
	memcpy(key, p, klen);
	key[klen] = '\0';
	if (eq)
		memcpy(val, eq + 1, vlen);
	val[vlen] = '\0';
	*args = end;
	return true;
}

/* Parses a decimal 0..max (see ctl.h). */
bool ctl_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

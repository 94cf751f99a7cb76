/* Reads OpenFlow messages as hex, one per line on stdin, and prints
 * of_print_msg() of each followed by a line "----". Used by
 * tests/test-print-vs-ovs.sh to compare our text with `ovs-ofctl ofp-print`.
 * A line that is not valid hex prints "ERROR: bad hex" in place of a
 * message, so outputs stay aligned with inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_print.h"

#define MAX_MSG 65536
#define TEXT_SIZE (8u << 20)

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

/* Parses hex digits (whitespace ignored) into buf; returns the byte count
 * or -1 on bad input. */
static long parse_hex(const char *s, unsigned char *buf, size_t size)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		v = hexval((unsigned char)*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == size)
			return -1;
		buf[n++] = (unsigned char)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

int main(void)
{
	static unsigned char msg[MAX_MSG];
	char *line = NULL, *text = malloc(TEXT_SIZE);
	size_t cap = 0;

	if (!text)
		return 1;
	while (getline(&line, &cap, stdin) != -1) {
		long n = parse_hex(line, msg, sizeof(msg));
		struct of_text t;
		struct of_msg m;

		if (n < 0) {
			printf("ERROR: bad hex\n----\n");
			continue;
		}
		of_decode(msg, (size_t)n, &m);
		of_text_init(&t, text, TEXT_SIZE);
		of_print_msg(&t, &m);
		printf("%s%s\n----\n", text,
		       t.truncated ? "\nERROR: output truncated" : "");
	}
	free(line);
	free(text);
	return 0;
}

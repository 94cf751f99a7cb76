/* A minimal assertion library for unit tests. Each test program calls
 * CHECK*() as often as it likes and ends with `return check_summary();`,
 * which prints the suite's standard last line "N passed, N failed" and
 * returns non-zero if anything failed. */
#ifndef CHECK_H
#define CHECK_H

#include <stddef.h>
#include <stdint.h>

/* Records one assertion; prints file:line and `what` when it fails.
 * Returns cond so callers can stop early. */
int check_record(int cond, const char *file, int line, const char *what);
/* Records an equality of two integers, printing both on failure. */
int check_eq_int(long long a, long long b, const char *file, int line,
		 const char *what);
/* Records equality of two byte strings, printing the first difference. */
int check_eq_mem(const void *a, size_t asize, const void *b, size_t bsize,
		 const char *file, int line, const char *what);
/* Records equality of two C strings, printing both on failure. */
int check_eq_str(const char *a, const char *b, const char *file, int line,
		 const char *what);
/* Parses hex ("01 00 00 08 ..."; spaces, newlines and ':' ignored) into buf;
 * returns the byte count. Aborts the test on bad hex or overflow. */
size_t check_hex(const char *hex, uint8_t *buf, size_t size);
/* Prints "N passed, N failed" and returns 0 if nothing failed, else 1. */
int check_summary(void);

#define CHECK(c) check_record(!!(c), __FILE__, __LINE__, #c)
#define CHECK_EQ(a, b)                                                         \
	check_eq_int((long long)(a), (long long)(b), __FILE__, __LINE__,       \
		     #a " == " #b)
#define CHECK_MEM(a, as, b, bs)                                                \
	check_eq_mem(a, as, b, bs, __FILE__, __LINE__, #a " == " #b)
#define CHECK_STR(a, b) check_eq_str(a, b, __FILE__, __LINE__, #a " == " #b)

#endif

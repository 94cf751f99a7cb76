/* The string functions of the Xen images' C library subset (xen/libc_string.c). */
#ifndef XEN_LIBC_STRING_H
#define XEN_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t size);
void *memmove(void *dst, const void *src, size_t size);
void *memset(void *dst, int c, size_t size);
int memcmp(const void *a, const void *b, size_t size);
void *memchr(const void *s, int c, size_t size);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t max);
char *strerror(int err);

#endif

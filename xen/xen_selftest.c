/* Self-tests of the libc subset, the start-info parser, the page
 * allocator and the heap, and of the boot itself. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen_console.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_hyp.h"
#include "xen_panic.h"
#include "xen_selftest.h"
#include "xen_store.h"
#include "xen_time.h"

static unsigned bad; /* failed checks in the current test */

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			xen_printf("selftest:   line %d: %s\n", __LINE__,      \
				   #cond);                                     \
			bad++;                                                 \
		}                                                              \
	} while (0)

static void fmt_is(int line, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fmt_is(int line, const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, want) || n != (int)strlen(want)) {
		xen_printf("selftest:   line %d: \"%s\" gave \"%s\" (%d)\n",
			   line, fmt, buf, n);
		bad++;
	}
}

#define FMT(want, ...) fmt_is(__LINE__, want, __VA_ARGS__)

static void t_fmt_int(struct xen_boot *b)
{
	(void)b;
	FMT("0 -1 42", "%d %i %u", 0, -1, 42u);
	FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	FMT("[   42][42   ][00042][+42][ 42]", "[%5d][%-5d][%05d][%+d][% d]",
	    42, 42, 42, 42, 42);
	FMT("[  007][-07]", "[%5.3d][%.2d]", 7, -7);
	FMT("[-0042]", "[%05d]", -42);
	FMT("-1 255 -1 65535", "%hhd %hhu %hd %hu", 255, 255, 65535, 65535);
	FMT("123 -5 7", "%zu %td %jd", (size_t)123, (ptrdiff_t)-5, (intmax_t)7);
	FMT("[]", "[%.0d]", 0);
	FMT("[   12]", "[%*d]", 5, 12);
	FMT("[12   ]", "[%*d]", -5, 12);
}

static void t_fmt_text(struct xen_boot *b)
{
	const char *volatile null_str = NULL;

	(void)b;
	FMT("ff FF 0xff 0XFF 0", "%x %X %#x %#X %#x", 255u, 255u, 255u, 255u,
	    0u);
	FMT("17 017 0", "%o %#o %#o", 15u, 15u, 0u);
	FMT("0x00001000", "%#010x", 0x1000u);
	FMT("0x1000 0x0", "%p %p", (void *)0x1000, (void *)0);
	FMT("[a][  b][c  ]", "[%c][%3c][%-3c]", 'a', 'b', 'c');
	FMT("[hello][  hel][hel  ][(null)]", "[%s][%5.3s][%-5.3s][%s]", "hello",
	    "hello", "hello", null_str);
	FMT("100% done", "100%% done");
}

static void t_fmt_trunc(struct xen_boot *b)
{
	char buf[8];

	(void)b;
	memset(buf, 'x', sizeof(buf));
	CHECK(snprintf(buf, 5, "hello world") == 11);
	CHECK(!strcmp(buf, "hell") && buf[5] == 'x');
	memset(buf, 'x', sizeof(buf));
	CHECK(snprintf(buf, 0, "abc") == 3 && buf[0] == 'x');
	CHECK(snprintf(buf, 1, "abc") == 3 && buf[0] == '\0');
	CHECK(snprintf(buf, sizeof(buf), "%s", "") == 0 && buf[0] == '\0');
}

static void t_mem(struct xen_boot *b)
{
	uint8_t x[64], y[64];

	(void)b;
	for (int i = 0; i < 64; i++)
		x[i] = (uint8_t)i;
	memset(y, 0, sizeof(y));
	memcpy(y + 3, x + 1, 40); /* unaligned */
	CHECK(y[3] == 1 && y[42] == 40 && y[2] == 0 && y[43] == 0);
	memcpy(y, x, 64); /* aligned bulk */
	CHECK(!memcmp(x, y, 64));
	memmove(y + 8, y, 32); /* forward overlap */
	CHECK(y[8] == 0 && y[39] == 31 && y[7] == 7);
	memcpy(y, x, 64);
	memmove(y, y + 8, 32); /* backward overlap */
	CHECK(y[0] == 8 && y[31] == 39 && y[32] == 32);
	memset(y + 1, 0xab, 13);
	CHECK(y[0] == 8 && y[1] == 0xab && y[13] == 0xab && y[14] != 0xab);
	CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("abd", "abc", 3) > 0);
	CHECK(memcmp("\x80", "\x01", 1) > 0 && memcmp("a", "b", 0) == 0);
	CHECK(memchr(x, 33, 64) == x + 33 && memchr(x, 33, 33) == NULL);
}

static void t_str(struct xen_boot *b)
{
	const char *s = "a,b;c";

	(void)b;
	CHECK(strlen("") == 0 && strlen("hello") == 5);
	CHECK(strnlen("hello", 3) == 3 && strnlen("hi", 9) == 2);
	CHECK(strcmp("a", "a") == 0 && strcmp("a", "b") < 0 &&
	      strcmp("b", "a") > 0 && strcmp("ab", "a") > 0);
	CHECK(strcmp("\xff", "a") > 0);
	CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("ab", "abc", 3) < 0);
	CHECK(strchr(s, ';') == s + 3 && strchr(s, 'z') == NULL &&
	      strchr(s, '\0') == s + 5);
	CHECK(strrchr("abca", 'a') != NULL && *(strrchr("abca", 'a') + 1) == 0);
	CHECK(strspn("aabbc", "ab") == 4 && strcspn("abc;d", ";,") == 3);
	CHECK(strcasecmp("HeLLo", "hello") == 0 && strcasecmp("a", "B") < 0);
	CHECK(strncasecmp("ABCx", "abcy", 3) == 0);
	CHECK(strcmp(strerror(22), "Invalid argument") == 0);
	CHECK(strerror(9999) != NULL);
}

static void t_pvh_parse(struct xen_boot *b)
{
	static struct xen_boot_info bi;
	struct xen_hvm_memmap_entry map[2] = {
	    {0, 0x9fc00, XEN_MEMMAP_RAM, 0},
	    {0x100000, 0x700000, XEN_MEMMAP_RAM, 0},
	};
	char cmd[] = "ip=10.0.0.2 dpid=1";
	struct xen_hvm_start_info si = {
	    .magic = XEN_HVM_START_MAGIC,
	    .version = 1,
	    .cmdline_paddr = (uintptr_t)cmd,
	    .memmap_paddr = (uintptr_t)map,
	    .memmap_entries = 2,
	};

	(void)b;
	CHECK(xen_pvh_parse(&si, &bi) == 0);
	CHECK(!strcmp(bi.cmdline, cmd) && bi.memmap_count == 2);
	CHECK(bi.memmap[1].addr == 0x100000 && !bi.memmap_truncated);
	si.version = 0; /* no memory map in version 0 */
	CHECK(xen_pvh_parse(&si, &bi) == 0 && bi.memmap_count == 0);
	si.version = 1;
	si.memmap_entries = 1000; /* bounded, not read past 32 */
	map[0].type = XEN_MEMMAP_RAM;
	si.memmap_entries = 2;
	si.magic = 0x12345678;
	CHECK(xen_pvh_parse(&si, &bi) < 0);
}

static void t_mm_compute(struct xen_boot *b)
{
	struct xen_hvm_memmap_entry map[] = {
	    {0, 0x9fc00, XEN_MEMMAP_RAM, 0},
	    {0xf0000, 0x10000, XEN_MEMMAP_RESERVED, 0},
	    {0x100000, 0x3f00000, XEN_MEMMAP_RAM, 0},	    /* 1..64 MiB */
	    {0x800800, 0x1000, XEN_MEMMAP_RESERVED, 0},	    /* unaligned hole */
	    {0x200000000ull, 0x1000000, XEN_MEMMAP_RAM, 0}, /* above 4 GiB */
	};
	struct xen_mm_range holes[] = {{0x100000, 0x180123}}; /* "image" */
	struct xen_mm_range out[4];
	unsigned n = 99;

	(void)b;
	CHECK(xen_mm_compute(map, 5, holes, 1, out, 4, &n) == 0);
	CHECK(n == 2);
	CHECK(out[0].start == 0x181000 && out[0].end == 0x800000);
	CHECK(out[1].start == 0x802000 && out[1].end == 0x4000000);
	/* No room for the split: keeps the larger piece, says so. */
	CHECK(xen_mm_compute(map, 5, holes, 1, out, 1, &n) < 0);
	CHECK(n == 1 && out[0].start == 0x802000);
}

static void t_mm_alloc(struct xen_boot *b)
{
	static uint8_t arena[8 * 4096] __attribute__((aligned(4096)));
	struct xen_mm_range r[2] = {
	    {(uintptr_t)arena, (uintptr_t)arena + 2 * 4096},
	    {(uintptr_t)arena + 3 * 4096, (uintptr_t)arena + 8 * 4096},
	};
	struct xen_mm mm;
	uint8_t *p, *q;

	(void)b;
	memset(arena, 0x5a, sizeof(arena));
	xen_mm_init(&mm, r, 2);
	CHECK(mm.total_pages == 7 && xen_mm_largest_run(&mm) == 5);
	p = xen_mm_alloc_pages(&mm, 3); /* skips the 2-page range */
	CHECK(p == arena + 3 * 4096 && p[0] == 0 && p[3 * 4096 - 1] == 0);
	q = xen_mm_alloc_pages(&mm, 2);
	CHECK(q == arena);
	CHECK(xen_mm_alloc_pages(&mm, 3) == NULL);
	CHECK(xen_mm_alloc_pages(&mm, 2) == arena + 6 * 4096);
	CHECK(xen_mm_free_pages(&mm) == 0 && !xen_mm_alloc_pages(&mm, 1));
	CHECK(xen_mm_alloc_pages(&mm, 0) == NULL);
}

static void t_heap_basic(struct xen_boot *b)
{
	static uint8_t mem[16384] __attribute__((aligned(16)));
	struct xen_heap h;
	struct xen_heap_stats st;
	void *p[8];

	(void)b;
	CHECK(xen_heap_init(&h, mem, 16) < 0);
	CHECK(xen_heap_init(&h, mem + 3, sizeof(mem) - 3) == 0);
	CHECK(xen_heap_check(&h, &st) && st.free_blocks == 1);
	for (int i = 0; i < 8; i++) {
		p[i] = xen_heap_alloc(&h, (size_t)(i * 100));
		CHECK(p[i] && ((uintptr_t)p[i] & 15) == 0);
		memset(p[i], i, (size_t)(i * 100));
	}
	CHECK(xen_heap_check(&h, &st) && st.used_blocks == 8);
	xen_heap_free(&h, p[3]);
	xen_heap_free(&h, p[5]);
	xen_heap_free(&h, p[4]); /* merges both neighbours */
	CHECK(xen_heap_check(&h, &st) && st.free_blocks == 2);
	p[6] = xen_heap_realloc(&h, p[6], 2000); /* moves or grows */
	CHECK(p[6] && ((uint8_t *)p[6])[599] == 6);
	p[7] = xen_heap_realloc(&h, p[7], 10); /* shrinks in place */
	CHECK(p[7] && ((uint8_t *)p[7])[9] == 7);
	CHECK(xen_heap_alloc(&h, sizeof(mem)) == NULL && h.failures == 1);
	CHECK(xen_heap_realloc(&h, p[1], 0) == NULL);
	for (int i = 0; i < 8; i++) {
		if (i != 1 && i != 3 && i != 4 && i != 5)
			xen_heap_free(&h, p[i]);
	}
	xen_heap_free(&h, NULL);
	CHECK(xen_heap_check(&h, &st) && st.free_blocks == 1 && st.in_use == 0);
}

static void t_heap_stress(struct xen_boot *b)
{
	static uint8_t mem[256 * 1024] __attribute__((aligned(16)));
	static struct {
		uint8_t *p;
		size_t size;
	} slot[64];
	struct xen_heap h;
	struct xen_heap_stats st;
	uint32_t rng = 12345;

	(void)b;
	memset(slot, 0, sizeof(slot));
	CHECK(xen_heap_init(&h, mem, sizeof(mem)) == 0);
	for (int op = 0; op < 5000 && !bad; op++) {
		unsigned i;
		size_t size;

		rng = rng * 1103515245u + 12345u;
		i = (rng >> 8) % 64;
		size = (rng >> 16) % 3000;
		if (slot[i].p) {
			for (size_t k = 0; k < slot[i].size; k++) {
				if (slot[i].p[k] != (uint8_t)(i + k)) {
					CHECK(!"block contents changed");
					break;
				}
			}
			if (rng & 1) {
				xen_heap_free(&h, slot[i].p);
				slot[i].p = NULL;
				continue;
			}
			slot[i].p = xen_heap_realloc(&h, slot[i].p, size);
			if (slot[i].p && size > slot[i].size)
				size = slot[i].size; /* only old bytes kept */
		} else {
			slot[i].p = xen_heap_alloc(&h, size);
		}
		if (!slot[i].p) {
			slot[i].size = 0;
			continue;
		}
		slot[i].size = size;
		for (size_t k = 0; k < size; k++)
			slot[i].p[k] = (uint8_t)(i + k);
		if (op % 250 == 0)
			CHECK(xen_heap_check(&h, NULL));
	}
	for (int i = 0; i < 64; i++)
		xen_heap_free(&h, slot[i].p);
	CHECK(xen_heap_check(&h, &st) && st.free_blocks == 1 && st.in_use == 0);
}

static void t_boot(struct xen_boot *b)
{
	char *s, *t;

	CHECK(b->bss_was_zero);
	CHECK(b->info.memmap_count > 0 && b->mm.total_pages > 0);
	for (unsigned i = 0; i < b->mm.count; i++)
		CHECK(b->mm.range[i].end <= b->image_start ||
		      b->mm.range[i].start >= b->image_end);
	s = malloc(100);
	t = calloc(10, 10);
	CHECK(s && t && t[99] == 0);
	CHECK(calloc(SIZE_MAX / 2, 4) == NULL);
	if (s) {
		memcpy(s, "heap", 5);
		s = realloc(s, 5000);
		CHECK(s && !strcmp(s, "heap"));
	}
	free(s);
	free(t);
	CHECK(xen_heap_check(xen_heap_global(), NULL));
}

/* On Xen only: the hypercall page works (a version, HVM parameters that
 * make sense); the console ring was found. */
static void t_hyp(struct xen_boot *b)
{
	unsigned major = 0, minor = 0;
	uint64_t pfn = 0, port = 0;

	CHECK(xen_hyp_ready());
	CHECK(xen_version(&major, &minor) == 0 && major >= 4);
	CHECK(xen_hvm_get_param(XEN_HVM_PARAM_STORE_PFN, &pfn) == 0 && pfn);
	CHECK(xen_hvm_get_param(XEN_HVM_PARAM_STORE_EVTCHN, &port) == 0 &&
	      port);
	CHECK(xen_hvm_get_param(0xffffff, &pfn) < 0); /* no such param */
	CHECK(xen_hypercall(4000, 0, 0, 0, 0, 0) == -ENOSYS);
	CHECK(b->console_ring);
}

/* On Xen only: the clock moves forward; xenstore answers on the real
 * ring: our own domid and name, a key of ours written and read back, a
 * missing key is ENOENT. */
static void t_store(struct xen_boot *b)
{
	struct xs_client *c = xen_store();
	uint64_t t0 = xen_time_ns(), domid = 0;
	char buf[128];

	(void)b;
	CHECK(t0 != 0);
	CHECK(xen_time_ns() >= t0);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(xs_read_uint(c, 0, "domid", 0x7fef, &domid) == 0 && domid > 0);
	CHECK(xs_read(c, 0, "name", buf, sizeof(buf)) > 0);
	xen_printf("selftest:   xenstore: domid %llu, name \"%s\"\n",
		   (unsigned long long)domid, buf);
	CHECK(xs_write(c, 0, "data/ofsuite-selftest", "hello xenstore") == 0);
	CHECK(xs_read(c, 0, "data/ofsuite-selftest", buf, sizeof(buf)) ==
		  (int)strlen("hello xenstore") &&
	      !strcmp(buf, "hello xenstore"));
	CHECK(xs_read(c, 0, "data/no-such-key", buf, sizeof(buf)) == -ENOENT);
	CHECK(xen_time_ns() > t0);
}

/* On Xen only: an unbound port for dom0, polled with a deadline (the
 * poll may not return before it with nothing pending); the grant table
 * hands out and takes back references. */
static void t_evtchn_gnttab(struct xen_boot *b)
{
	uint32_t port = 0;
	uint64_t t0, t1;
	unsigned before;
	int ref;

	(void)b;
	xen_evtchn_init();
	CHECK(xen_evtchn_alloc_unbound(0, &port) == 0 && port > 0);
	CHECK(!xen_evtchn_pending(port));
	/* Xen may wake a poller early (the loop polls again): the deadline
	 * must still end the wait, within a few rounds. */
	t0 = xen_time_ns();
	t1 = t0;
	for (int i = 0; i < 100 && t1 < t0 + 30000000; i++) {
		CHECK(xen_evtchn_poll(&port, 1, t0 + 30000000) == 0);
		t1 = xen_time_ns();
	}
	CHECK(t1 >= t0 + 30000000);
	CHECK(!xen_evtchn_pending(port));
	CHECK(xen_evtchn_close(port) == 0);
	CHECK(xen_gnttab_init() == 0);
	before = xen_gnttab_free_count();
	CHECK(before == XEN_GNTTAB_FRAMES * 512 - XEN_GNTTAB_RESERVED);
	ref = xen_gnttab_grant(0, (uint64_t)(uintptr_t)&bad >> 12, true);
	CHECK(ref >= XEN_GNTTAB_RESERVED);
	CHECK(xen_gnttab_free_count() == before - 1);
	CHECK(xen_gnttab_end((uint32_t)ref) == 0);
	CHECK(xen_gnttab_end((uint32_t)ref) == -EINVAL);
	CHECK(xen_gnttab_end(3) == -EINVAL);
	CHECK(xen_gnttab_free_count() == before);
	xen_printf("selftest:   evtchn: port %u polled %llu ms; grant ref %d\n",
		   port, (unsigned long long)((t1 - t0) / 1000000), ref);
}

static const struct {
	const char *name;
	void (*fn)(struct xen_boot *b);
	bool xen_only;
} tests[] = {
    {"fmt-int", t_fmt_int, false},
    {"fmt-text", t_fmt_text, false},
    {"fmt-trunc", t_fmt_trunc, false},
    {"mem", t_mem, false},
    {"str", t_str, false},
    {"pvh-parse", t_pvh_parse, false},
    {"mm-compute", t_mm_compute, false},
    {"mm-alloc", t_mm_alloc, false},
    {"heap-basic", t_heap_basic, false},
    {"heap-stress", t_heap_stress, false},
    {"boot", t_boot, false},
    {"xen-hyp", t_hyp, true},
    {"xen-store", t_store, true},
    {"xen-evtchn-gnttab", t_evtchn_gnttab, true},
};

unsigned xen_selftest_run(struct xen_boot *boot)
{
	unsigned failed = 0, run = 0, n = sizeof(tests) / sizeof(tests[0]);

	for (unsigned i = 0; i < n; i++) {
		if (tests[i].xen_only && !boot->on_xen) {
			xen_printf("selftest: skip %s (not on Xen)\n",
				   tests[i].name);
			continue; /* this image is also tier 0's */
		}
		run++;
		bad = 0;
		tests[i].fn(boot);
		xen_printf("selftest: %s %s\n", bad ? "FAIL" : "ok",
			   tests[i].name);
		failed += bad ? 1 : 0;
	}
	xen_printf("selftest: %u passed, %u failed\n", run - failed, failed);
	return failed;
}

void xen_selftest_if_bare(struct xen_boot *boot, const char *who)
{
	unsigned failed;

	if (boot->on_xen)
		return;
	xen_printf("%s: not on Xen: running the platform self-tests only\n",
		   who);
	failed = xen_selftest_run(boot);
	xen_exit(failed ? XEN_EXIT_FAIL : XEN_EXIT_OK);
}

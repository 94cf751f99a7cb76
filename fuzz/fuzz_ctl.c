/* libFuzzer target for the controller core's input path: arbitrary bytes
 * from a switch, in arbitrary chunks, with the clock moving, through the
 * learning and monitor apps. Half the inputs first complete a valid
 * handshake so that the post-handshake paths are reached. Checks that the
 * core never crashes or leaks, and that every message it sends frames and
 * decodes as valid OpenFlow 1.0 (errors answering other versions
 * excepted). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_plat.h"
#include "of_msg.h"

static uint64_t now_ms = 1000;
static bool chan_closed;

uint64_t plat_now_ms(void)
{
	return now_ms;
}

bool plat_log_enabled(enum plat_log_level level)
{
	(void)level;
	return true; /* format every line: the monitor's printer is fuzzed */
}

void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
{
	char line[512];

	(void)level;
	vsnprintf(line, sizeof(line), fmt, ap);
}

void plat_lock(void)
{
}

void plat_unlock(void)
{
}

int plat_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	(void)path, (void)buf, (void)size, (void)len;
	return -38; /* ENOSYS */
}

/* Every message the core sends must frame and decode. */
static enum of_err f_send(void *impl, const void *data, size_t size)
{
	const uint8_t *p = data;

	(void)impl;
	while (size) {
		struct of_msg m;
		size_t len;
		enum of_err v;

		if (size < 8)
			abort();
		len = (size_t)p[2] << 8 | p[3];
		if (len < 8 || len > size)
			abort();
		v = of_decode(p, len, &m);
		if (v != OF_OK && !(p[0] != 1 && p[1] == OFPT_ERROR))
			abort();
		p += len;
		size -= len;
	}
	return OF_OK;
}

static size_t f_queued(void *impl)
{
	(void)impl;
	return 0;
}

static void f_close(void *impl)
{
	(void)impl;
	chan_closed = true;
}

static const struct plat_chan_ops ops = {f_send, f_queued, f_close};

static const uint8_t handshake[] = {
    1, 0, 0, 8,	      0,    0,	  0, 1, /* HELLO */
    1, 6, 0, 32 + 48, 0,    0,	  0, 2, /* FEATURES_REPLY to xid 2 */
    0, 0, 0, 0,	      0,    0,	  0, 1, 0, 0, 1, 0, 1, 0, 0,   0,   0,	 0,
    0, 0, 0, 0,	      0x0f, 0xff, 0, 1, 0, 0, 0, 0, 0, 1, 'e', 't', 'h', '1',
    0, 0, 0, 0,	      0,    0,	  0, 0, 0, 0, 0, 0, 0, 0, 0,   0,   0,	 0,
    0, 0, 0, 0,	      0,    0,	  0, 0, 0, 0, 0, 0, 0, 0, 0,   0,   0,	 0,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctl *ctl;
	static struct ctl_worker *w;
	struct ctl_conn *c;
	size_t pos = 1;

	if (!ctl) {
		struct ctl_config cfg;
		char err[128];

		ctl_config_default(&cfg);
		cfg.log_errors_per_s = 1000000;
		ctl = ctl_create(&cfg);
		if (ctl_add_app(ctl, "learning", "max=8", err, sizeof(err)) ||
		    ctl_add_app(ctl, "monitor", NULL, err, sizeof(err)))
			abort();
		w = ctl_worker_create(ctl, 0);
	}
	if (!size)
		return 0;
	chan_closed = false;
	c = ctl_conn_open(w, &ops, NULL, "fuzz");
	if (data[0] & 1)
		ctl_conn_input(c, handshake, sizeof(handshake));
	/* Chunks: a size byte, then that many bytes (1..64), with the clock
	 * advanced by bits of the size byte. */
	while (pos < size && !chan_closed) {
		size_t chunk = (data[pos] & 0x3f) + 1;

		if (data[pos] & 0x40) {
			now_ms += (data[pos] & 0x80) ? 6000 : 1000;
			ctl_worker_run(w);
		}
		pos++;
		if (chunk > size - pos)
			chunk = size - pos;
		if (data[0] & 2)
			chunk = size - pos; /* all at once */
		ctl_conn_input(c, data + pos, chunk);
		pos += chunk;
	}
	ctl_conn_closed(c);
	return 0;
}

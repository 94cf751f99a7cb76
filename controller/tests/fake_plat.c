/* The scripted platform of fake_plat.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_plat.h"

uint64_t fake_now = 1000000;
static char log_buf[1 << 20];
static size_t log_len;
static int lock_depth;

uint64_t plat_now_ms(void)
{
	return fake_now;
}

bool plat_log_enabled(enum plat_log_level level)
{
	(void)level;
	return true;
}

void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
{
	char line[4096];
	int n;

	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	if (getenv("FAKE_VERBOSE"))
		fprintf(stderr, "[%d] %s\n", (int)level, line);
	if (log_len + strlen(line) + 2 >= sizeof(log_buf))
		log_len = 0;
	memcpy(log_buf + log_len, line, strlen(line));
	log_len += strlen(line);
	log_buf[log_len++] = '\n';
	log_buf[log_len] = '\0';
}

void plat_lock(void)
{
	CHECK(lock_depth == 0);
	lock_depth++;
}

void plat_unlock(void)
{
	lock_depth--;
	CHECK(lock_depth == 0);
}

int plat_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, size, f);
	if (n == size && fgetc(f) != EOF) {
		fclose(f);
		return -EFBIG;
	}
	fclose(f);
	*len = n;
	return 0;
}

bool fake_log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

void fake_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

void fake_advance(struct ctl_worker *w, uint64_t ms)
{
	fake_now += ms;
	ctl_worker_run(w);
}

static enum of_err fc_send(void *impl, const void *data, size_t size)
{
	struct fake_chan *ch = impl;

	if (ch->out_len - ch->taken + size > ch->cap ||
	    ch->out_len + size > FAKE_OUT_SIZE)
		return OF_E_NOSPACE;
	memcpy(ch->out + ch->out_len, data, size);
	ch->out_len += size;
	return OF_OK;
}

static size_t fc_queued(void *impl)
{
	struct fake_chan *ch = impl;

	return ch->out_len - ch->taken;
}

static void fc_close(void *impl)
{
	struct fake_chan *ch = impl;

	ch->close_calls++;
}

static const struct plat_chan_ops fake_ops = {
    .send = fc_send,
    .queued = fc_queued,
    .close = fc_close,
};

struct fake_chan *fake_open(struct ctl_worker *w, const char *peer)
{
	struct fake_chan *ch = calloc(1, sizeof(*ch));

	ch->out = malloc(FAKE_OUT_SIZE);
	ch->cap = FAKE_OUT_SIZE;
	ch->conn = ctl_conn_open(w, &fake_ops, ch, peer);
	CHECK(ch->conn != NULL);
	return ch;
}

void fake_close(struct fake_chan *ch)
{
	if (!ch->closed)
		ctl_conn_closed(ch->conn);
	free(ch->out);
	free(ch);
}

void fake_feed(struct fake_chan *ch, const void *data, size_t size)
{
	ctl_conn_input(ch->conn, data, size);
}

void fake_feed_msg(struct fake_chan *ch, const struct of_msg *m)
{
	static uint8_t buf[65536];
	size_t len;

	CHECK_EQ(of_encode(m, buf, sizeof(buf), &len), OF_OK);
	fake_feed(ch, buf, len);
}

void fake_feed_hex(struct fake_chan *ch, const char *hex)
{
	static uint8_t buf[65536];
	size_t n = check_hex(hex, buf, sizeof(buf));

	fake_feed(ch, buf, n);
}

bool fake_next(struct fake_chan *ch, struct of_msg *m, size_t *size)
{
	size_t left = ch->out_len - ch->taken, len;
	const uint8_t *p = ch->out + ch->taken;

	if (left < 8)
		return false;
	len = (size_t)p[2] << 8 | p[3];
	if (len < 8 || len > left) {
		CHECK(!"core sent a message that does not frame");
		return false;
	}
	memcpy(ch->last, p, len);
	ch->taken += len;
	(void)of_decode(ch->last, len, m);
	if (size)
		*size = len;
	return true;
}

void fake_drain(struct fake_chan *ch)
{
	ch->taken = ch->out_len;
}

size_t fake_pending(const struct fake_chan *ch)
{
	size_t n = 0;

	for (size_t off = ch->taken; off + 8 <= ch->out_len;) {
		size_t len = (size_t)ch->out[off + 2] << 8 | ch->out[off + 3];

		if (len < 8)
			break;
		off += len;
		n++;
	}
	return n;
}

struct fake_chan *fake_switch(struct ctl_worker *w, uint64_t dpid,
			      unsigned n_ports)
{
	struct fake_chan *ch = fake_open(w, "tcp:192.0.2.1:1");
	uint8_t ports[48 * 64];
	struct of_wbuf pw = of_wbuf_make(ports, sizeof(ports));
	struct of_msg m;
	uint32_t fxid = 0;

	of_msg_init(&m, OFPT_HELLO, 1);
	fake_feed_msg(ch, &m);
	while (fake_next(ch, &m, NULL))
		if (m.h.type == OFPT_FEATURES_REQUEST)
			fxid = m.h.xid;
	CHECK(fxid != 0);
	for (unsigned i = 1; i <= n_ports && i <= 64; i++) {
		struct of_phy_port p;

		memset(&p, 0, sizeof(p));
		p.port_no = (uint16_t)i;
		p.hw_addr[5] = (uint8_t)i;
		snprintf(p.name, sizeof(p.name), "eth%u", i);
		of_phy_port_put(&pw, &p);
	}
	of_msg_init(&m, OFPT_FEATURES_REPLY, fxid);
	m.u.features.datapath_id = dpid;
	m.u.features.n_buffers = 256;
	m.u.features.n_tables = 1;
	m.u.features.ports.p = ports;
	m.u.features.ports.size = pw.pos;
	fake_feed_msg(ch, &m);
	fake_drain(ch);
	return ch;
}

/* The scripted platform of fake_sw_plat.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sw_plat.h"
#include "of_parse.h"
#include "sw_plat.h"

uint64_t fake_now = 1000000;
static char log_buf[1 << 20];
static size_t log_len;

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
	size_t n;

	if (vsnprintf(line, sizeof(line), fmt, ap) < 0)
		return;
	if (getenv("FAKE_VERBOSE"))
		fprintf(stderr, "[%d] %s\n", (int)level, line);
	n = strlen(line);
	if (log_len + n + 2 >= sizeof(log_buf))
		log_len = 0;
	memcpy(log_buf + log_len, line, n);
	log_len += n;
	log_buf[log_len++] = '\n';
	log_buf[log_len] = '\0';
}

int plat_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	(void)path;
	(void)buf;
	(void)size;
	(void)len;
	return -ENOSYS;
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

void fake_advance(struct sw *sw, uint64_t ms)
{
	fake_now += ms;
	sw_run(sw);
}

/* ---- channels --------------------------------------------------------- */

static enum of_err fc_send(void *impl, const void *data, size_t size)
{
	struct fake_chan *ch = impl;

	if (ch->out_len - ch->taken + size > ch->cap)
		return OF_E_NOSPACE;
	if (ch->out_len + size > FAKE_OUT_SIZE) {
		/* Compact: keep what is not taken yet. */
		memmove(ch->out, ch->out + ch->taken, ch->out_len - ch->taken);
		ch->out_len -= ch->taken;
		ch->taken = 0;
		if (ch->out_len + size > FAKE_OUT_SIZE)
			return OF_E_NOSPACE;
	}
	memcpy(ch->out + ch->out_len, data, size);
	ch->out_len += size;
	return OF_OK;
}

static size_t fc_queued(void *impl)
{
	struct fake_chan *ch = impl;

	return ch->out_len - ch->taken + ch->fake_queued;
}

static void fc_close(void *impl)
{
	struct fake_chan *ch = impl;

	ch->close_calls++;
}

static const struct plat_chan_ops fake_chan_ops = {
    .send = fc_send,
    .queued = fc_queued,
    .close = fc_close,
};

struct fake_chan *fake_chan_new(void)
{
	struct fake_chan *ch = calloc(1, sizeof(*ch));

	if (!ch)
		abort();
	ch->out = malloc(FAKE_OUT_SIZE);
	if (!ch->out)
		abort();
	ch->cap = FAKE_OUT_SIZE;
	return ch;
}

struct fake_chan *fake_mgmt(struct sw *sw, const char *peer)
{
	struct fake_chan *ch = fake_chan_new();

	ch->conn = sw_conn_open(sw, &fake_chan_ops, ch, peer);
	return ch;
}

struct fake_chan *fake_snoop(struct sw *sw, const char *peer)
{
	struct fake_chan *ch = fake_chan_new();

	ch->conn = sw_snoop_open(sw, &fake_chan_ops, ch, peer);
	return ch;
}

void fake_flow(struct fake_chan *ch, const char *text, uint16_t flags,
	       uint32_t buffer_id, uint32_t xid)
{
	static uint8_t acts[4096];
	struct of_flow_text ft;
	struct of_msg m;
	char err[200];

	if (of_parse_flow(text, OF_PARSE_ADD, &ft, acts, sizeof(acts), err,
			  sizeof(err)) != OF_OK) {
		fprintf(stderr, "bad test flow %s: %s\n", text, err);
		exit(2);
	}
	ft.fm.flags = flags;
	ft.fm.buffer_id = buffer_id;
	of_msg_init(&m, OFPT_FLOW_MOD, xid);
	m.u.flow_mod = ft.fm;
	fake_feed_msg(ch, &m);
}

void fake_chan_gone(struct fake_chan *ch)
{
	if (ch->closed || !ch->conn)
		return;
	ch->closed = true;
	sw_conn_closed(ch->conn);
}

void fake_chan_free(struct fake_chan *ch)
{
	if (!ch)
		return;
	fake_chan_gone(ch);
	free(ch->out);
	free(ch);
}

void fake_feed(struct fake_chan *ch, const void *data, size_t size)
{
	if (!ch->closed && ch->conn)
		sw_conn_input(ch->conn, data, size);
}

void fake_feed_msg(struct fake_chan *ch, const struct of_msg *m)
{
	static uint8_t buf[65536];
	size_t len;

	if (of_encode(m, buf, sizeof(buf), &len) != OF_OK)
		abort();
	fake_feed(ch, buf, len);
}

void fake_feed_hex(struct fake_chan *ch, const char *hex)
{
	static uint8_t buf[65536];
	size_t n = 0;
	int hi = -1;

	for (const char *p = hex; *p && n < sizeof(buf); p++) {
		int v;

		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			v = *p - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			buf[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	fake_feed(ch, buf, n);
}

void fake_hello(struct fake_chan *ch)
{
	struct of_msg m;

	of_msg_init(&m, OFPT_HELLO, 1);
	fake_feed_msg(ch, &m);
	fake_drain(ch);
}

bool fake_next(struct fake_chan *ch, struct of_msg *m, size_t *size)
{
	size_t left = ch->out_len - ch->taken, len;
	const uint8_t *p = ch->out + ch->taken;

	if (left < 8)
		return false;
	len = (size_t)p[2] << 8 | p[3];
	if (len < 8 || len > left) {
		fprintf(stderr, "fake_next: the core sent a message that "
				"does not frame\n");
		abort();
	}
	memcpy(ch->last, p, len);
	ch->taken += len;
	(void)of_decode(ch->last, len, m);
	if (size)
		*size = len;
	return true;
}

bool fake_next_type(struct fake_chan *ch, uint8_t type, struct of_msg *m)
{
	while (fake_next(ch, m, NULL))
		if (m->h.type == type)
			return true;
	return false;
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

/* ---- ports ------------------------------------------------------------ */

static bool fp_tx(void *impl, const uint8_t *frame, size_t size)
{
	struct fake_port *p = impl;

	if (p->tx_refuse || (p->ring && p->ring_used >= p->ring))
		return false;
	p->ring_used++;
	if (size >= 12)
		p->by_src[frame[11]]++;
	if (p->n_stored < FAKE_FRAMES) {
		size_t n =
		    size < sizeof(p->frame[0]) ? size : sizeof(p->frame[0]);

		memcpy(p->frame[p->n_stored], frame, n);
		p->frame_size[p->n_stored] = size;
		p->n_stored++;
	}
	p->n_tx++;
	return true;
}

static void fp_flush(void *impl)
{
	struct fake_port *p = impl;

	p->n_flush++;
	p->ring_used = 0;
}

static int fp_set_down(void *impl, bool down)
{
	struct fake_port *p = impl;

	p->n_set_down++;
	p->down = down;
	return p->set_down_ret;
}

static const struct sw_port_ops fake_port_ops = {
    .tx = fp_tx,
    .flush = fp_flush,
    .set_down = fp_set_down,
};

void fake_port_info(uint16_t port_no, struct sw_port_info *info)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "eth%u", port_no);
	info->hw_addr[0] = 0x02;
	info->hw_addr[4] = (uint8_t)(port_no >> 8);
	info->hw_addr[5] = (uint8_t)port_no;
	info->link_up = true;
	info->curr = OFPPF_1GB_FD | OFPPF_COPPER;
	info->advertised = info->curr;
	info->supported = info->curr;
}

struct fake_port *fake_port_add(struct sw *sw, uint16_t port_no)
{
	struct fake_port *p = calloc(1, sizeof(*p));
	struct sw_port_info info;
	uint16_t got = 0;

	if (!p)
		abort();
	fake_port_info(port_no, &info);
	if (sw_port_add(sw, port_no, &info, &fake_port_ops, p, &got) != OF_OK) {
		free(p);
		return NULL;
	}
	p->port_no = got;
	return p;
}

void fake_port_clear(struct fake_port *p)
{
	p->n_tx = 0;
	p->n_stored = 0;
	memset(p->by_src, 0, sizeof(p->by_src));
}

void fake_rx(struct sw *sw, uint16_t port_no, const void *frame, size_t size)
{
	static uint8_t buf[FAKE_HEADROOM + 70000];

	if (size > sizeof(buf) - FAKE_HEADROOM)
		abort();
	memcpy(buf + FAKE_HEADROOM, frame, size);
	sw_port_rx(sw, port_no, buf, sizeof(buf), FAKE_HEADROOM, size);
}

/* ---- controllers ------------------------------------------------------ */

static void fk_connect(void *impl)
{
	struct fake_ctlr *k = impl;

	if (k->n_attempts < FAKE_ATTEMPTS)
		k->attempt_at[k->n_attempts] = fake_now;
	k->n_attempts++;
}

static const struct sw_ctlr_ops fake_ctlr_ops = {.connect = fk_connect};

struct fake_ctlr *fake_ctlr_add(struct sw *sw, const char *name)
{
	struct fake_ctlr *k = calloc(1, sizeof(*k));

	if (!k)
		abort();
	k->index = sw_add_controller(sw, name, &fake_ctlr_ops, k);
	return k;
}

struct fake_chan *fake_ctlr_accept(struct sw *sw, struct fake_ctlr *k)
{
	struct fake_chan *ch = fake_chan_new();

	ch->conn =
	    sw_ctlr_connected(sw, (unsigned)k->index, &fake_chan_ops, ch);
	return ch;
}

void fake_ctlr_fail(struct sw *sw, struct fake_ctlr *k)
{
	sw_ctlr_failed(sw, (unsigned)k->index, "connection refused");
}

/* ---- frames ----------------------------------------------------------- */

size_t fake_eth(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
		uint16_t type, size_t payload)
{
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = (uint8_t)(type >> 8);
	buf[13] = (uint8_t)type;
	for (size_t i = 0; i < payload; i++)
		buf[14 + i] = (uint8_t)i;
	return 14 + payload;
}

size_t fake_udp(uint8_t *buf, const uint8_t *dst, const uint8_t *src, bool frag,
		size_t payload)
{
	size_t ip_len = 20 + 8 + payload;
	uint8_t *ip = buf + 14;

	fake_eth(buf, dst, src, 0x0800, ip_len);
	memset(ip, 0, 28);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8);
	ip[3] = (uint8_t)ip_len;
	if (frag)
		ip[6] = 0x20; /* MF */
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 10, ip[15] = 1;
	ip[16] = 10, ip[19] = 2;
	ip[20] = 0x30, ip[21] = 0x39; /* 12345 */
	ip[22] = 0, ip[23] = 53;
	ip[24] = (uint8_t)((8 + payload) >> 8);
	ip[25] = (uint8_t)(8 + payload);
	return 14 + ip_len;
}

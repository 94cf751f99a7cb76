/* The fake switch core of port_harness (see port_fake_core.h). Besides
 * forwarding, it checks what a real core relies on: DP_HEADROOM writable
 * bytes before each frame (written to, so ASan sees an overrun), no
 * frame larger than the wire allows (GSO super-frames must have been cut),
 * and every TCP/UDP checksum of an IPv4/IPv6 frame correct (partial
 * checksums must have been completed). It also provides the log
 * singleton the port code calls. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dp_action.h"
#include "of_pkt.h"
#include "port_fake_core.h"
#include "sw_plat.h"

#define FAKE_PORTS 2
#define WIRE_MAX 1518 /* 1500-byte MTU, Ethernet header, one tag */

struct fport {
	bool used;
	struct sw_port_info info;
	const struct sw_port_ops *ops;
	void *impl;
	bool dirty;
	uint64_t rx, rx_bytes, rx_tagged, rx_oversize, rx_max;
	uint64_t csum_checked, csum_bad;
	uint64_t tx, tx_dropped, lost_dropped, lost_errors, updates;
};

struct sw {
	struct fport port[FAKE_PORTS + 1];
	double first_rx, last_rx;
	bool no_check; /* FAKE_NO_CHECK set: measuring, skip checksums */
	uint64_t flushes;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Log lines of the port code go to stderr. */
void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
{
	(void)level;
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Everything is logged. */
bool plat_log_enabled(enum plat_log_level level)
{
	(void)level;
	return true;
}

/* Allocates a zeroed fake switch. */
struct sw *fake_sw_new(void)
{
	struct sw *sw = calloc(1, sizeof(*sw));

	if (!sw)
		abort();
	sw->no_check = getenv("FAKE_NO_CHECK") != NULL;
	return sw;
}

/* Frees it. */
void fake_sw_free(struct sw *sw)
{
	free(sw);
}

static void print_info(const char *what, uint16_t no,
		       const struct sw_port_info *i)
{
	printf("%s port %u %s mac %02x:%02x:%02x:%02x:%02x:%02x link %s "
	       "curr %#x advertised %#x supported %#x peer %#x\n",
	       what, no, i->name, i->hw_addr[0], i->hw_addr[1], i->hw_addr[2],
	       i->hw_addr[3], i->hw_addr[4], i->hw_addr[5],
	       i->link_up ? "up" : "down", (unsigned)i->curr,
	       (unsigned)i->advertised, (unsigned)i->supported,
	       (unsigned)i->peer);
	fflush(stdout);
}

/* Takes port numbers 1 and 2 only. */
enum of_err sw_port_add(struct sw *sw, uint16_t port_no,
			const struct sw_port_info *info,
			const struct sw_port_ops *ops, void *impl,
			uint16_t *assigned)
{
	if (port_no == 0)
		for (port_no = 1; port_no <= FAKE_PORTS; port_no++)
			if (!sw->port[port_no].used)
				break;
	if (port_no < 1 || port_no > FAKE_PORTS || sw->port[port_no].used)
		return OF_E_INVALID;
	memset(&sw->port[port_no], 0, sizeof(sw->port[port_no]));
	sw->port[port_no].used = true;
	sw->port[port_no].info = *info;
	sw->port[port_no].ops = ops;
	sw->port[port_no].impl = impl;
	*assigned = port_no;
	print_info("add", port_no, info);
	return OF_OK;
}

/* Prints the new state. */
void sw_port_update(struct sw *sw, uint16_t port_no,
		    const struct sw_port_info *info)
{
	if (port_no < 1 || port_no > FAKE_PORTS || !sw->port[port_no].used)
		return;
	sw->port[port_no].info = *info;
	sw->port[port_no].updates++;
	print_info("update", port_no, info);
}

/* Forgets the port (its counters stay for fake_sw_print). */
void sw_port_remove(struct sw *sw, uint16_t port_no)
{
	if (port_no < 1 || port_no > FAKE_PORTS)
		return;
	sw->port[port_no].used = false;
	sw->port[port_no].ops = NULL;
	printf("remove port %u\n", port_no);
	fflush(stdout);
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Folded one's complement sum of n bytes (not complemented). */
static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return s;
}

/* Checks the TCP/UDP checksum of an IPv4/IPv6 frame, if it has one. */
static void check_csum(struct fport *fp, const uint8_t *f, size_t size)
{
	struct of_match key;
	struct of_pkt_layout lay;
	const uint8_t *ip;
	size_t l4, n;
	uint32_t s;

	of_pkt_extract(f, size, 0, &key, &lay);
	if ((lay.l3 != OF_PKT_L3_IPV4 && lay.l3 != OF_PKT_L3_IPV6) ||
	    lay.is_frag || !lay.has_l4 ||
	    (lay.l4_proto != OF_IPPROTO_TCP && lay.l4_proto != OF_IPPROTO_UDP))
		return;
	ip = f + lay.l3_ofs;
	l4 = lay.l4_ofs;
	n = lay.l3_end - l4;
	if (lay.l4_proto == OF_IPPROTO_UDP && rd16(f + l4 + 6) == 0)
		return; /* no checksum */
	if (lay.l3 == OF_PKT_L3_IPV4)
		s = sum(ip + 12, 8, 0);
	else
		s = sum(ip + 8, 32, 0);
	s += lay.l4_proto + (uint32_t)(n >> 16) + (uint32_t)(n & 0xffff);
	fp->csum_checked++;
	if (sum(f + l4, n, s) != 0xffff)
		fp->csum_bad++;
}

/* Checks the frame and sends it out of the other port. */
void sw_port_rx(struct sw *sw, uint16_t port_no, uint8_t *buf, size_t buf_size,
		size_t ofs, size_t size)
{
	struct fport *in, *out;
	uint8_t *f = buf + ofs;

	if (port_no < 1 || port_no > FAKE_PORTS || ofs < DP_HEADROOM ||
	    ofs + size > buf_size)
		abort(); /* the port code broke the contract */
	in = &sw->port[port_no];
	out = &sw->port[FAKE_PORTS + 1 - port_no];
	if (sw->first_rx == 0)
		sw->first_rx = now_s();
	in->rx++;
	in->rx_bytes += size;
	if (size > in->rx_max)
		in->rx_max = size;
	if (size > WIRE_MAX)
		in->rx_oversize++;
	if (size >= 14 && (rd16(f + 12) == 0x8100 || rd16(f + 12) == 0x88a8))
		in->rx_tagged++;
	if (!sw->no_check)
		check_csum(in, f, size);
	/* The headroom and tailroom are the core's to write. */
	f[-DP_HEADROOM] = 0xee;
	buf[buf_size - 1] = buf[buf_size - 1];
	if (!out->used)
		return;
	if (out->ops->tx(out->impl, f, size))
		out->tx++;
	else
		out->tx_dropped++;
	out->dirty = true;
	sw->last_rx = now_s();
}

/* Counts what the platform lost. */
void sw_port_rx_lost(struct sw *sw, uint16_t port_no, uint64_t dropped,
		     uint64_t errors)
{
	if (port_no < 1 || port_no > FAKE_PORTS)
		return;
	sw->port[port_no].lost_dropped += dropped;
	sw->port[port_no].lost_errors += errors;
}

/* Flushes the ports given frames. */
void sw_flush(struct sw *sw)
{
	sw->flushes++;
	for (int i = 1; i <= FAKE_PORTS; i++) {
		struct fport *fp = &sw->port[i];

		if (fp->used && fp->dirty) {
			fp->dirty = false;
			fp->ops->flush(fp->impl);
		}
	}
}

/* Prints "portN.counter value" lines and the forwarding rate. */
void fake_sw_print(const struct sw *sw, FILE *f)
{
	uint64_t fwd = 0;

	for (int i = 1; i <= FAKE_PORTS; i++) {
		const struct fport *p = &sw->port[i];

		fprintf(f,
			"port%d.rx %llu\nport%d.rx_bytes %llu\n"
			"port%d.rx_max %llu\nport%d.rx_oversize %llu\n"
			"port%d.rx_tagged %llu\nport%d.csum_checked %llu\n"
			"port%d.csum_bad %llu\nport%d.tx %llu\n"
			"port%d.tx_dropped %llu\nport%d.lost_dropped %llu\n"
			"port%d.lost_errors %llu\nport%d.updates %llu\n",
			i, (unsigned long long)p->rx, i,
			(unsigned long long)p->rx_bytes, i,
			(unsigned long long)p->rx_max, i,
			(unsigned long long)p->rx_oversize, i,
			(unsigned long long)p->rx_tagged, i,
			(unsigned long long)p->csum_checked, i,
			(unsigned long long)p->csum_bad, i,
			(unsigned long long)p->tx, i,
			(unsigned long long)p->tx_dropped, i,
			(unsigned long long)p->lost_dropped, i,
			(unsigned long long)p->lost_errors, i,
			(unsigned long long)p->updates);
		fwd += p->tx;
	}
	fprintf(f, "flushes %llu\n", (unsigned long long)sw->flushes);
	if (sw->last_rx > sw->first_rx)
		fprintf(f, "forward_rate %.0f\n",
			(double)fwd / (sw->last_rx - sw->first_rx));
}

/* Frames sent out of either port. */
unsigned long long fake_sw_forwarded(const struct sw *sw)
{
	return (unsigned long long)(sw->port[1].tx + sw->port[2].tx);
}

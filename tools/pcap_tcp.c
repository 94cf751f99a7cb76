/* TCP stream reassembly from capture files; see pcap_tcp.h. */
#include "pcap_tcp.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define DEFAULT_MAX_CONNS 1024
#define DEFAULT_MAX_HELD (4u << 20)
#define MAX_HELD_SEGS 4096	   /* per direction: insertion is linear */
#define MAX_HELD_TOTAL (64u << 20) /* all directions together */
#define HASH_BUCKETS 1024
#define MAX_IPV6_EXT 8

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04

/* A segment held until the bytes before it arrive. */
struct seg {
	struct seg *next;
	uint32_t seq;
	size_t size;
	uint8_t data[];
};

struct half {
	struct pcap_tcp_dir pub;
	bool started; /* nxt is meaningful */
	bool done;    /* END delivered */
	bool fin;
	uint32_t isn;
	uint32_t nxt; /* sequence number of the next byte to hand out */
	uint32_t fin_seq;
	struct seg *held; /* sorted by sequence number from nxt */
	size_t held_bytes, held_segs;
};

struct conn {
	struct conn *hnext;	  /* hash chain */
	struct conn *prev, *next; /* open connections, oldest first */
	int family;		  /* AF_INET or AF_INET6 */
	uint8_t addr[2][16];	  /* [0]: sender of the first segment */
	uint16_t port[2];
	struct half h[2];
	uint64_t shared;
};

/* One parsed TCP segment. */
struct segment {
	int family;
	const uint8_t *src, *dst; /* 4 or 16 bytes */
	uint16_t sport, dport;
	uint32_t seq;
	uint8_t flags;
	const uint8_t *payload;
	size_t size;
};

struct reader {
	const struct pcap_tcp_opts *opts;
	size_t max_conns, max_held;
	pcap_tcp_cb cb;
	void *ctx;
	struct pcap_tcp_stats *stats;
	struct conn *buckets[HASH_BUCKETS];
	struct conn *first, *last;
	size_t n_open;
	size_t held_total;
	unsigned next_id;
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static size_t addr_size(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Symmetric in the two endpoints, so both directions hash alike. */
static unsigned conn_hash(int family, const uint8_t *a, uint16_t pa,
			  const uint8_t *b, uint16_t pb)
{
	size_t n = addr_size(family), i;
	unsigned ha = 2166136261u, hb = 2166136261u;

	for (i = 0; i < n; i++) {
		ha = (ha ^ a[i]) * 16777619u;
		hb = (hb ^ b[i]) * 16777619u;
	}
	ha = (ha ^ pa) * 16777619u;
	hb = (hb ^ pb) * 16777619u;
	return (ha ^ hb) % HASH_BUCKETS;
}

static void format_endpoint(char *out, size_t size, int family,
			    const uint8_t *addr, uint16_t port)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, addr, ip, sizeof ip))
		snprintf(ip, sizeof ip, "?");
	if (family == AF_INET6)
		snprintf(out, size, "[%s]:%u", ip, port);
	else
		snprintf(out, size, "%s:%u", ip, port);
}

/* Finds the connection of `s` and the direction it travels in. */
static struct conn *conn_find(struct reader *r, const struct segment *s,
			      int *dir)
{
	size_t n = addr_size(s->family);
	struct conn *c;

	c = r->buckets[conn_hash(s->family, s->src, s->sport, s->dst,
				 s->dport)];
	for (; c; c = c->hnext) {
		if (c->family != s->family)
			continue;
		if (c->port[0] == s->sport && c->port[1] == s->dport &&
		    !memcmp(c->addr[0], s->src, n) &&
		    !memcmp(c->addr[1], s->dst, n)) {
			*dir = 0;
			return c;
		}
		if (c->port[1] == s->sport && c->port[0] == s->dport &&
		    !memcmp(c->addr[1], s->src, n) &&
		    !memcmp(c->addr[0], s->dst, n)) {
			*dir = 1;
			return c;
		}
	}
	return NULL;
}

static struct conn *conn_new(struct reader *r, const struct segment *s)
{
	size_t n = addr_size(s->family);
	char a[56], b[56]; /* "[IPv6]:port" is at most 53 */
	struct conn *c;
	unsigned hash;
	int d;

	if (r->n_open >= r->max_conns) {
		r->stats->conns_dropped++;
		return NULL;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		r->stats->conns_dropped++;
		return NULL;
	}
	c->family = s->family;
	memcpy(c->addr[0], s->src, n);
	memcpy(c->addr[1], s->dst, n);
	c->port[0] = s->sport;
	c->port[1] = s->dport;
	r->next_id++;
	for (d = 0; d < 2; d++) {
		format_endpoint(a, sizeof a, c->family, c->addr[d], c->port[d]);
		format_endpoint(b, sizeof b, c->family, c->addr[!d],
				c->port[!d]);
		snprintf(c->h[d].pub.name, sizeof c->h[d].pub.name, "%s > %s",
			 a, b);
		c->h[d].pub.conn_id = r->next_id;
		c->h[d].pub.index = d;
		c->h[d].pub.shared = &c->shared;
	}
	hash = conn_hash(c->family, c->addr[0], c->port[0], c->addr[1],
			 c->port[1]);
	c->hnext = r->buckets[hash];
	r->buckets[hash] = c;
	c->prev = r->last;
	if (r->last)
		r->last->next = c;
	else
		r->first = c;
	r->last = c;
	r->n_open++;
	r->stats->conns++;
	return c;
}

/* Unlinks and frees a connection whose halves have both ended. */
static void conn_free(struct reader *r, struct conn *c)
{
	struct conn **pp;
	int d;

	pp = &r->buckets[conn_hash(c->family, c->addr[0], c->port[0],
				   c->addr[1], c->port[1])];
	while (*pp && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = c->hnext;
	if (c->prev)
		c->prev->next = c->next;
	else
		r->first = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		r->last = c->prev;
	r->n_open--;
	for (d = 0; d < 2; d++) {
		while (c->h[d].held) {
			struct seg *sg = c->h[d].held;

			c->h[d].held = sg->next;
			r->held_total -= sg->size;
			free(sg);
		}
	}
	free(c);
}

/* Hands out the part of [seq, seq+size) beyond h->nxt, if any. */
static void deliver(struct reader *r, struct half *h, uint32_t seq,
		    const uint8_t *data, size_t size)
{
	int32_t rel = (int32_t)(seq - h->nxt);
	size_t skip;

	if (rel > 0)
		return; /* caller's bug: there is a hole before seq */
	skip = (size_t) - (int64_t)rel;
	if (skip >= size)
		return;
	data += skip;
	size -= skip;
	h->nxt += (uint32_t)size;
	h->pub.offset += size;
	r->cb(r->ctx, &h->pub, PCAP_TCP_DATA, data, size);
}

/* Hands out every held segment that now follows on. */
static void drain(struct reader *r, struct half *h)
{
	while (h->held && (int32_t)(h->held->seq - h->nxt) <= 0) {
		struct seg *sg = h->held;

		h->held = sg->next;
		h->held_bytes -= sg->size;
		h->held_segs--;
		r->held_total -= sg->size;
		deliver(r, h, sg->seq, sg->data, sg->size);
		free(sg);
	}
}

/* Gives up on the hole before the first held segment: reports the lost
 * bytes and carries on after them. */
static void skip_hole(struct reader *r, struct half *h)
{
	uint32_t lost;

	if (!h->held)
		return;
	lost = h->held->seq - h->nxt;
	if ((int32_t)lost > 0) {
		h->nxt = h->held->seq;
		h->pub.offset += lost;
		r->cb(r->ctx, &h->pub, PCAP_TCP_GAP, NULL, lost);
	}
	drain(r, h);
}

static void hold(struct reader *r, struct half *h, uint32_t seq,
		 const uint8_t *data, size_t size)
{
	struct seg *sg, **pp;
	int32_t rel = (int32_t)(seq - h->nxt);

	sg = malloc(sizeof *sg + size);
	if (!sg) {
		/* Treat as never captured: it becomes a gap. */
		return;
	}
	sg->seq = seq;
	sg->size = size;
	memcpy(sg->data, data, size);
	pp = &h->held;
	while (*pp && (int32_t)((*pp)->seq - h->nxt) <= rel)
		pp = &(*pp)->next;
	sg->next = *pp;
	*pp = sg;
	h->held_bytes += size;
	h->held_segs++;
	r->held_total += size;
	r->stats->out_of_order++;
	while (h->held &&
	       (h->held_bytes > r->max_held || h->held_segs > MAX_HELD_SEGS ||
		r->held_total > MAX_HELD_TOTAL))
		skip_hole(r, h);
}

/* Ends one half: everything held is handed out (with gaps), then END. */
static void half_end(struct reader *r, struct half *h, enum pcap_tcp_end why)
{
	if (!h->started || h->done)
		return;
	while (h->held)
		skip_hole(r, h);
	if (why == PCAP_TCP_END_CAPTURE && h->fin && h->nxt == h->fin_seq)
		why = PCAP_TCP_END_FIN;
	h->done = true;
	r->cb(r->ctx, &h->pub, PCAP_TCP_END, NULL, why);
}

static void conn_end(struct reader *r, struct conn *c, enum pcap_tcp_end why)
{
	half_end(r, &c->h[0], why);
	half_end(r, &c->h[1], why);
	conn_free(r, c);
}

/* Once every byte before the FIN is out, the half is over. */
static void check_fin(struct reader *r, struct conn *c, struct half *h)
{
	if (h->fin && !h->done && h->nxt == h->fin_seq)
		half_end(r, h, PCAP_TCP_END_FIN);
	if ((c->h[0].done || !c->h[0].started) &&
	    (c->h[1].done || !c->h[1].started) &&
	    (c->h[0].done || c->h[1].done))
		conn_free(r, c);
}

static void segment_in(struct reader *r, const struct segment *s)
{
	struct conn *c;
	struct half *h;
	uint32_t seq;
	int32_t rel;
	int d = 0;

	r->stats->segments++;
	c = conn_find(r, s, &d);
	if (c && (s->flags & TH_SYN)) {
		h = &c->h[d];
		/* A SYN with a new ISN on a known 4-tuple: the port was
		 * reused, the old connection is over. */
		if (h->started && !(h->pub.syn_seen && s->seq == h->isn)) {
			conn_end(r, c, PCAP_TCP_END_CAPTURE);
			c = NULL;
		}
	}
	if (!c) {
		/* Bare ACKs, FINs and RSTs of unknown or finished
		 * connections carry nothing to decode. */
		if (!(s->flags & TH_SYN) && s->size == 0)
			return;
		c = conn_new(r, s);
		if (!c)
			return;
		d = 0;
	}
	h = &c->h[d];
	if (h->done) {
		if (s->size || (s->flags & TH_FIN))
			r->stats->retransmitted++;
		return;
	}
	seq = s->seq;
	if (s->flags & TH_SYN) {
		if (h->pub.syn_seen) {
			r->stats->retransmitted++;
		} else {
			h->pub.syn_seen = true;
			h->isn = seq;
			h->nxt = seq + 1;
			h->started = true;
		}
		seq++;
	} else if (!h->started) {
		h->nxt = seq; /* joined mid-stream */
		h->started = true;
	}
	if ((s->flags & TH_FIN) && !h->fin) {
		h->fin = true;
		h->fin_seq = seq + (uint32_t)s->size;
	}
	if (s->size) {
		rel = (int32_t)(seq - h->nxt);
		if (rel <= 0) {
			if ((int64_t)rel + (int64_t)s->size <= 0)
				r->stats->retransmitted++;
			deliver(r, h, seq, s->payload, s->size);
			drain(r, h);
		} else {
			hold(r, h, seq, s->payload, s->size);
		}
	}
	if (s->flags & TH_RST) {
		conn_end(r, c, PCAP_TCP_END_RST);
		return;
	}
	check_fin(r, c, h);
}

static bool port_selected(const struct reader *r, uint16_t port)
{
	size_t i;

	for (i = 0; i < r->opts->n_ports; i++)
		if (r->opts->ports[i] == port)
			return true;
	return false;
}

/* Parses TCP in p[0..size) (the IP payload, already bounded by the IP
 * length). */
static void tcp_in(struct reader *r, struct segment *s, const uint8_t *p,
		   size_t size)
{
	size_t doff;

	if (size < 20) {
		r->stats->malformed++;
		return;
	}
	doff = (size_t)(p[12] >> 4) * 4;
	if (doff < 20 || doff > size) {
		r->stats->malformed++;
		return;
	}
	s->sport = rd16(p);
	s->dport = rd16(p + 2);
	if (!port_selected(r, s->sport) && !port_selected(r, s->dport)) {
		r->stats->skipped++;
		return;
	}
	s->seq = rd32(p + 4);
	s->flags = p[13];
	s->payload = p + doff;
	s->size = size - doff;
	segment_in(r, s);
}

static void ipv4_in(struct reader *r, const uint8_t *p, size_t size)
{
	struct segment s = {0};
	size_t ihl, total;

	if (size < 20 || p[0] >> 4 != 4) {
		r->stats->malformed++;
		return;
	}
	ihl = (size_t)(p[0] & 15) * 4;
	total = rd16(p + 2);
	if (ihl < 20 || ihl > size || total < ihl) {
		r->stats->malformed++;
		return;
	}
	/* Past the IP length is link padding; short of it, the snap length
	 * cut the record and the missing bytes will show as a gap. */
	if (total < size)
		size = total;
	if (p[9] != 6 || (rd16(p + 6) & 0x3fff)) {
		r->stats->skipped++; /* not TCP, or a fragment */
		return;
	}
	s.family = AF_INET;
	s.src = p + 12;
	s.dst = p + 16;
	tcp_in(r, &s, p + ihl, size - ihl);
}

static void ipv6_in(struct reader *r, const uint8_t *p, size_t size)
{
	struct segment s = {0};
	size_t plen, off = 40, ext;
	uint8_t next;
	int i;

	if (size < 40 || p[0] >> 4 != 6) {
		r->stats->malformed++;
		return;
	}
	plen = rd16(p + 4);
	if (40 + plen < size)
		size = 40 + plen;
	next = p[6];
	for (i = 0; i < MAX_IPV6_EXT && next != 6; i++) {
		if (next != 0 && next != 43 && next != 60 && next != 51) {
			r->stats->skipped++; /* not TCP, or a fragment */
			return;
		}
		if (off + 8 > size) {
			r->stats->malformed++;
			return;
		}
		ext = next == 51 ? ((size_t)p[off + 1] + 2) * 4
				 : ((size_t)p[off + 1] + 1) * 8;
		next = p[off];
		off += ext;
	}
	if (next != 6 || off > size) {
		r->stats->skipped++;
		return;
	}
	s.family = AF_INET6;
	s.src = p + 8;
	s.dst = p + 24;
	tcp_in(r, &s, p + off, size - off);
}

static void ip_in(struct reader *r, const uint8_t *p, size_t size)
{
	if (size < 1)
		r->stats->malformed++;
	else if (p[0] >> 4 == 4)
		ipv4_in(r, p, size);
	else if (p[0] >> 4 == 6)
		ipv6_in(r, p, size);
	else
		r->stats->skipped++;
}

static void ethertype_in(struct reader *r, uint16_t type, const uint8_t *p,
			 size_t size)
{
	if (type == 0x0800)
		ipv4_in(r, p, size);
	else if (type == 0x86dd)
		ipv6_in(r, p, size);
	else
		r->stats->skipped++;
}

/* BSD loopback: the address family in the capturing host's byte order. */
static void null_in(struct reader *r, const uint8_t *p, size_t size, bool net)
{
	uint32_t be, le;

	if (size < 4) {
		r->stats->malformed++;
		return;
	}
	be = rd32(p);
	le = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 |
	     p[0];
	if (be == 2 || (!net && le == 2))
		ipv4_in(r, p + 4, size - 4);
	else if (be == 10 || be == 24 || be == 28 || be == 30 ||
		 (!net && (le == 10 || le == 24 || le == 28 || le == 30)))
		ipv6_in(r, p + 4, size - 4);
	else
		r->stats->skipped++;
}

static void frame_in(struct reader *r, int linktype, const uint8_t *p,
		     size_t size)
{
	size_t off;
	uint16_t type;

	switch (linktype) {
	case DLT_EN10MB:
		if (size < 14) {
			r->stats->malformed++;
			return;
		}
		type = rd16(p + 12);
		off = 14;
		while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
			if (off + 4 > size) {
				r->stats->malformed++;
				return;
			}
			type = rd16(p + off + 2);
			off += 4;
		}
		ethertype_in(r, type, p + off, size - off);
		break;
	case DLT_LINUX_SLL:
		if (size < 16) {
			r->stats->malformed++;
			return;
		}
		ethertype_in(r, rd16(p + 14), p + 16, size - 16);
		break;
	case DLT_LINUX_SLL2:
		if (size < 20) {
			r->stats->malformed++;
			return;
		}
		ethertype_in(r, rd16(p), p + 20, size - 20);
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		ip_in(r, p, size);
		break;
	case DLT_NULL:
		null_in(r, p, size, false);
		break;
	case DLT_LOOP:
		null_in(r, p, size, true);
		break;
	default:
		r->stats->skipped++;
		break;
	}
}

static bool linktype_supported(int lt)
{
	return lt == DLT_EN10MB || lt == DLT_LINUX_SLL ||
	       lt == DLT_LINUX_SLL2 || lt == DLT_RAW || lt == DLT_IPV4 ||
	       lt == DLT_IPV6 || lt == DLT_NULL || lt == DLT_LOOP;
}

int pcap_tcp_read(const char *path, const struct pcap_tcp_opts *opts,
		  pcap_tcp_cb cb, void *ctx, struct pcap_tcp_stats *stats,
		  char *err, size_t err_size)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *hdr;
	const u_char *data;
	struct reader *r;
	pcap_t *pc;
	int rc, ret = 0;

	memset(stats, 0, sizeof *stats);
	if (err_size)
		err[0] = '\0';
	pc = pcap_open_offline(path, errbuf);
	if (!pc) {
		const char *why = errbuf[0] ? errbuf : "unknown error";
		size_t n = strlen(path);

		/* libpcap names the file in some messages, not others. */
		if (!strncmp(why, path, n) && !strncmp(why + n, ": ", 2))
			why += n + 2;
		snprintf(err, err_size, "%s: cannot read capture: %s", path,
			 why);
		return -1;
	}
	stats->linktype = pcap_datalink(pc);
	if (!linktype_supported(stats->linktype)) {
		const char *name = pcap_datalink_val_to_name(stats->linktype);

		snprintf(err, err_size,
			 "%s: unsupported link type %d (%s); supported: "
			 "EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, "
			 "NULL, LOOP",
			 path, stats->linktype, name ? name : "unknown");
		pcap_close(pc);
		return -1;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, err_size, "%s: out of memory", path);
		pcap_close(pc);
		return -1;
	}
	r->opts = opts;
	r->max_conns = opts->max_conns ? opts->max_conns : DEFAULT_MAX_CONNS;
	r->max_held =
	    opts->max_held_bytes ? opts->max_held_bytes : DEFAULT_MAX_HELD;
	r->cb = cb;
	r->ctx = ctx;
	r->stats = stats;

	while ((rc = pcap_next_ex(pc, &hdr, &data)) == 1) {
		stats->packets++;
		/* A record cut by the snap length is parsed as far as it
		 * goes; the bytes it lacks show up as a gap. */
		frame_in(r, stats->linktype, data, hdr->caplen);
	}
	if (rc != PCAP_ERROR_BREAK) {
		snprintf(err, err_size,
			 "%s: capture is damaged after %llu packets: %s", path,
			 (unsigned long long)stats->packets, pcap_geterr(pc));
		ret = -1;
	}
	while (r->first)
		conn_end(r, r->first, PCAP_TCP_END_CAPTURE);
	free(r);
	pcap_close(pc);
	return ret;
}

/* TCP stream reassembly from capture files, for of-dump.
 *
 * pcap_tcp_read() walks a capture (pcap or pcapng, through libpcap), picks
 * the TCP segments to or from a set of ports (IPv4 and IPv6 over Ethernet,
 * 802.1Q, Linux cooked v1/v2, raw IP, BSD loopback), and puts each direction
 * of each connection back in sequence order: out-of-order segments are held
 * (with a bound), retransmitted and overlapping bytes are dropped, SYN and FIN
 * delimit a stream and a reused 4-tuple after a close starts a new one. The
 * consumer sees, per direction, the in-order payload bytes, the holes it
 * could not fill (gaps), and the end of the stream. */
#ifndef PCAP_TCP_H
#define PCAP_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCAP_TCP_MAX_PORTS 64

/* "[2001:db8::1]:65535 > [2001:db8::2]:65535" fits comfortably. */
#define PCAP_TCP_NAME_SIZE 128

/* One direction of a connection, as the consumer sees it. */
struct pcap_tcp_dir {
	char name[PCAP_TCP_NAME_SIZE]; /* "10.0.0.1:43210 > 10.0.0.2:6634" */
	unsigned conn_id;	       /* 1, 2, ... in order of appearance */
	int index;		       /* 0: direction seen first, 1: reply */
	bool syn_seen;		       /* false: capture joined mid-stream */
	uint64_t offset;	       /* stream bytes handed out (or lost) */
	uint64_t *shared; /* a counter shared by both directions of the
			   * connection, free for the consumer's use */
	void *user;	  /* consumer state, NULL at the start */
};

enum pcap_tcp_event {
	PCAP_TCP_DATA, /* data[0..size): the next bytes of the stream */
	PCAP_TCP_GAP,  /* size bytes were never captured (data is NULL) */
	PCAP_TCP_END,  /* stream over (see `end`); last event for `dir` */
};

enum pcap_tcp_end {
	PCAP_TCP_END_FIN,     /* every byte up to the FIN was seen */
	PCAP_TCP_END_RST,     /* reset */
	PCAP_TCP_END_CAPTURE, /* the capture ended with the stream open */
};

/* Callback for every event. For END, data is NULL and size is an enum
 * pcap_tcp_end; the consumer must free dir->user then. */
typedef void (*pcap_tcp_cb)(void *ctx, struct pcap_tcp_dir *dir,
			    enum pcap_tcp_event ev, const uint8_t *data,
			    size_t size);

struct pcap_tcp_opts {
	uint16_t ports[PCAP_TCP_MAX_PORTS]; /* segments to/from these ports */
	size_t n_ports;
	size_t max_conns;      /* open connections at once (0: 1024) */
	size_t max_held_bytes; /* out-of-order bytes held per direction
				* (0: 4 MiB); beyond, the hole is a gap */
};

/* What the reader saw, besides what it handed to the callback. */
struct pcap_tcp_stats {
	uint64_t packets;	/* records in the file */
	uint64_t segments;	/* TCP segments on a selected port */
	uint64_t retransmitted; /* segments whose bytes were all seen */
	uint64_t out_of_order;	/* segments held for later */
	uint64_t skipped;	/* not IP/TCP, other ports, fragments */
	uint64_t malformed;	/* bad IP/TCP headers, truncated records */
	uint64_t conns;		/* connections seen */
	uint64_t conns_dropped; /* ignored: too many open at once */
	int linktype;		/* DLT_* of the file */
};

/* Reads the whole capture `path`, calling cb(ctx, ...) for every event in
 * capture order, then ends every stream still open (flushing held segments,
 * with a GAP before any that do not follow on). Returns 0, or -1 when the
 * file cannot be read as a capture or is cut short (err[0..err_size) says
 * why, naming the file; events already delivered stand, and every open
 * stream has still been ended). */
int pcap_tcp_read(const char *path, const struct pcap_tcp_opts *opts,
		  pcap_tcp_cb cb, void *ctx, struct pcap_tcp_stats *stats,
		  char *err, size_t err_size);

#endif

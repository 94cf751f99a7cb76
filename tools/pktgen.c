/* of-pktgen: a packet generator and a sink for the switch benchmark (see
 * docs/of-bench.md, "The switch benchmark").
 *
 * The generator writes UDP/IPv4 frames of one size into an AF_PACKET
 * memory-mapped TX ring (TPACKET_V2, PACKET_QDISC_BYPASS), for a count or
 * a time, at full speed or at a given rate. The frames cycle over K flows
 * (UDP source ports BASE..BASE+K-1, everything else fixed), so that K exact
 * flows are each hit in turn; the payload carries a magic, a run id and a
 * 64-bit sequence number.
 *
 * The sink reads an AF_PACKET RX ring (TPACKET_V2, frames cut to their first
 * bytes), counts the frames of its run id and ignores all others, and
 * reports what it received, the rate over a measuring window that starts a
 * warm-up after the first frame, the loss in that window (by sequence
 * numbers), duplicates and reordering.
 *
 * Both print one machine-readable line of key=value pairs on stdout. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VERSION_TEXT "of-pktgen (ofsuite) 0.1"
#define EXIT_USAGE 2

#define MIN_SIZE 60   /* Ethernet minimum without FCS */
#define MAX_SIZE 1514 /* Ethernet maximum without FCS */
#define HDRS_SIZE 42  /* Ethernet + IPv4 (no options) + UDP */
#define PAYLOAD_OFF HDRS_SIZE
#define MAGIC 0x4f465047u /* "OFPG" */

/* TX ring: 1024 frames of 2 KiB (each holds a 1514-byte frame). */
#define TX_FRAME_SIZE 2048
#define TX_BLOCK_SIZE (64 * 1024)
#define TX_BLOCKS 32
/* RX ring: frames cut to what fits 256 bytes; 128 Ki frames (32 MiB), a
 * fifth of a second at 600 kpps, so that the sink is not the bottleneck. */
#define RX_FRAME_SIZE 256
#define RX_BLOCK_SIZE (64 * 1024)
#define RX_BLOCKS 512
/* Sequence numbers below this are checked for duplicates (a bitmap of
 * 8 MiB, touched only where used). */
#define DUP_SEQS (1ull << 26)

#define NS 1000000000ull

struct options {
	bool sink;
	const char *ifname;
	unsigned size;
	unsigned flows;
	uint64_t count;	 /* 0: no limit */
	double duration; /* seconds; 0: no limit */
	double rate;	 /* frames/s; 0: full speed */
	uint32_t run_id;
	uint8_t src_mac[6], dst_mac[6];
	struct in_addr src_ip, dst_ip;
	unsigned sport, dport;
	unsigned batch;
	/* sink */
	double warmup;
	double idle;	/* seconds without a frame of the run that end it */
	double timeout; /* hard limit, seconds */
	double wait;	/* for the first frame */
	uint64_t expect;
	bool expect_set;
	const char *ready_file;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

static void usage(FILE *f)
{
	fputs(
	    "Usage: of-pktgen gen -i IFNAME [OPTIONS]\n"
	    "       of-pktgen sink -i IFNAME [OPTIONS]\n"
	    "A packet generator and a sink for the switch benchmark: UDP/IPv4 "
	    "frames over\nAF_PACKET memory-mapped rings, with a run id and a "
	    "sequence number in each.\n"
	    "\n"
	    "Both:\n"
	    "  -i, --interface IFNAME   interface to send on or receive from "
	    "(required)\n"
	    "      --run-id N           run id, 0..4294967295 (default: "
	    "random; the sink\n"
	    "                           counts only frames of its run id)\n"
	    "  -n, --count N            gen: frames to send; sink: stop after "
	    "N frames\n"
	    "  -d, --duration SECONDS   gen: send for this long; sink: length "
	    "of the measuring\n"
	    "                           window (default: until --count or "
	    "--idle)\n"
	    "  -h, --help               this help\n"
	    "  -V, --version            print the version\n"
	    "\n"
	    "Generator:\n"
	    "  -s, --size BYTES         frame size without FCS, 60..1514 "
	    "(default 64)\n"
	    "  -f, --flows K            cycle over K flows (UDP source ports "
	    "--sport..+K-1),\n"
	    "                           1..65535 (default 1)\n"
	    "  -r, --rate PPS           frames per second (default 0: as fast "
	    "as possible)\n"
	    "      --src-mac MAC        (default 02:00:00:00:00:01)\n"
	    "      --dst-mac MAC        (default 02:00:00:00:00:02)\n"
	    "      --src-ip IP          (default 10.1.0.1)\n"
	    "      --dst-ip IP          (default 10.1.0.2)\n"
	    "      --sport PORT         first UDP source port (default "
	    "10000)\n"
	    "      --dport PORT         UDP destination port (default 9)\n"
	    "      --batch N            frames per send() call, 1..1024 "
	    "(default 256)\n"
	    "\n"
	    "Sink:\n"
	    "  -w, --warmup SECONDS     the window starts this long after the "
	    "first frame\n"
	    "                           (default 0)\n"
	    "      --idle SECONDS       stop when no frame of the run came "
	    "for this long\n"
	    "                           (after the window, if any; default "
	    "0.5)\n"
	    "      --wait SECONDS       give up if no frame of the run came "
	    "in this time\n"
	    "                           (default 10)\n"
	    "      --timeout SECONDS    stop after this long in any case "
	    "(default 120)\n"
	    "      --expect N           the generator sent N frames: report "
	    "loss=\n"
	    "      --ready-file PATH    write \"ready\" there once the ring "
	    "is set up\n"
	    "\n"
	    "Output, one line on stdout:\n"
	    "  gen run_id= size= flows= sent= seconds= pps= mbps= tx_busy=\n"
	    "  sink run_id= received= other= ring_drops= dups= reordered= "
	    "first_seq= last_seq=\n"
	    "       window_s= window_received= pps= offered_pps= "
	    "window_loss= [expected= loss=]\n"
	    "window_loss is 1 - received/(last-first+1) over the sequence "
	    "numbers of the\nwindow; loss (with --expect) is 1 - received/N. "
	    "SIGINT or SIGTERM stops either\nand prints the line.\n"
	    "\n"
	    "Exit status: 0 done; 1 system error (interface, socket), or the "
	    "sink saw no frame\nof its run; 2 bad command line.\n",
	    f);
}

static void __attribute__((noreturn)) usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("of-pktgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'of-pktgen --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn)) fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("of-pktgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t parse_u64(const char *name, const char *s, uint64_t lo,
			  uint64_t hi)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("invalid value '%s' for %s: expected an integer "
			    "from %" PRIu64 " to %" PRIu64,
			    s, name, lo, hi);
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		usage_error("invalid value '%s' for %s: expected an integer "
			    "from %" PRIu64 " to %" PRIu64,
			    s, name, lo, hi);
	return v;
}

static double parse_secs(const char *name, const char *s, double hi)
{
	double v;
	char *end;

	errno = 0;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("invalid value '%s' for %s: expected a number of "
			    "seconds from 0 to %g",
			    s, name, hi);
	v = strtod(s, &end);
	if (errno || *end || !(v >= 0 && v <= hi))
		usage_error("invalid value '%s' for %s: expected a number of "
			    "seconds from 0 to %g",
			    s, name, hi);
	return v;
}

static void parse_mac(const char *name, const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &tail) != 6)
		usage_error("invalid value '%s' for %s: expected a MAC "
			    "address like 02:00:00:00:00:01",
			    s, name);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
}

static void parse_ip(const char *name, const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1)
		usage_error("invalid value '%s' for %s: expected an IPv4 "
			    "address",
			    s, name);
}

enum long_only {
	OPT_RUN_ID = 256,
	OPT_SRC_MAC,
	OPT_DST_MAC,
	OPT_SRC_IP,
	OPT_DST_IP,
	OPT_SPORT,
	OPT_DPORT,
	OPT_BATCH,
	OPT_IDLE,
	OPT_WAIT,
	OPT_TIMEOUT,
	OPT_EXPECT,
	OPT_READY_FILE,
};

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"interface", required_argument, NULL, 'i'},
	    {"run-id", required_argument, NULL, OPT_RUN_ID},
	    {"count", required_argument, NULL, 'n'},
	    {"duration", required_argument, NULL, 'd'},
	    {"size", required_argument, NULL, 's'},
	    {"flows", required_argument, NULL, 'f'},
	    {"rate", required_argument, NULL, 'r'},
	    {"src-mac", required_argument, NULL, OPT_SRC_MAC},
	    {"dst-mac", required_argument, NULL, OPT_DST_MAC},
	    {"src-ip", required_argument, NULL, OPT_SRC_IP},
	    {"dst-ip", required_argument, NULL, OPT_DST_IP},
	    {"sport", required_argument, NULL, OPT_SPORT},
	    {"dport", required_argument, NULL, OPT_DPORT},
	    {"batch", required_argument, NULL, OPT_BATCH},
	    {"warmup", required_argument, NULL, 'w'},
	    {"idle", required_argument, NULL, OPT_IDLE},
	    {"wait", required_argument, NULL, OPT_WAIT},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"expect", required_argument, NULL, OPT_EXPECT},
	    {"ready-file", required_argument, NULL, OPT_READY_FILE},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	static const uint8_t src_mac[6] = {2, 0, 0, 0, 0, 1};
	static const uint8_t dst_mac[6] = {2, 0, 0, 0, 0, 2};
	bool gen_only = false, sink_only = false;
	const char *gen_opt = NULL, *sink_opt = NULL;
	int c;

	memset(o, 0, sizeof *o);
	o->size = 64;
	o->flows = 1;
	memcpy(o->src_mac, src_mac, 6);
	memcpy(o->dst_mac, dst_mac, 6);
	o->src_ip.s_addr = htonl(0x0a010001);
	o->dst_ip.s_addr = htonl(0x0a010002);
	o->sport = 10000;
	o->dport = 9;
	o->batch = 256;
	o->idle = 0.5;
	o->wait = 10;
	o->timeout = 120;
	o->run_id = (uint32_t)getpid() * 2654435761u ^ (uint32_t)now_ns();

	/* The mode comes first, except for --help and --version. */
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		exit(0);
	}
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		puts(VERSION_TEXT);
		exit(0);
	}
	if (argc < 2)
		usage_error("missing mode: gen or sink");
	if (!strcmp(argv[1], "sink"))
		o->sink = true;
	else if (strcmp(argv[1], "gen"))
		usage_error("unknown mode '%s': expected gen or sink", argv[1]);

	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":i:n:d:s:f:r:w:hV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!*optarg || strlen(optarg) >= IFNAMSIZ)
				usage_error("invalid interface name '%s'",
					    optarg);
			o->ifname = optarg;
			break;
		case OPT_RUN_ID:
			o->run_id = (uint32_t)parse_u64("--run-id", optarg, 0,
							UINT32_MAX);
			break;
		case 'n':
			o->count =
			    parse_u64("--count", optarg, 1, UINT64_MAX / 2);
			break;
		case 'd':
			o->duration = parse_secs("--duration", optarg, 86400);
			if (o->duration <= 0)
				usage_error("--duration must be more than 0");
			break;
		case 's':
			o->size = (unsigned)parse_u64("--size", optarg,
						      MIN_SIZE, MAX_SIZE);
			gen_only = true, gen_opt = "--size";
			break;
		case 'f':
			o->flows =
			    (unsigned)parse_u64("--flows", optarg, 1, 65535);
			gen_only = true, gen_opt = "--flows";
			break;
		case 'r':
			o->rate =
			    (double)parse_u64("--rate", optarg, 0, 100000000);
			gen_only = true, gen_opt = "--rate";
			break;
		case OPT_SRC_MAC:
			parse_mac("--src-mac", optarg, o->src_mac);
			gen_only = true, gen_opt = "--src-mac";
			break;
		case OPT_DST_MAC:
			parse_mac("--dst-mac", optarg, o->dst_mac);
			gen_only = true, gen_opt = "--dst-mac";
			break;
		case OPT_SRC_IP:
			parse_ip("--src-ip", optarg, &o->src_ip);
			gen_only = true, gen_opt = "--src-ip";
			break;
		case OPT_DST_IP:
			parse_ip("--dst-ip", optarg, &o->dst_ip);
			gen_only = true, gen_opt = "--dst-ip";
			break;
		case OPT_SPORT:
			o->sport =
			    (unsigned)parse_u64("--sport", optarg, 0, 65535);
			gen_only = true, gen_opt = "--sport";
			break;
		case OPT_DPORT:
			o->dport =
			    (unsigned)parse_u64("--dport", optarg, 0, 65535);
			gen_only = true, gen_opt = "--dport";
			break;
		case OPT_BATCH:
			o->batch =
			    (unsigned)parse_u64("--batch", optarg, 1, 1024);
			gen_only = true, gen_opt = "--batch";
			break;
		case 'w':
			o->warmup = parse_secs("--warmup", optarg, 86400);
			sink_only = true, sink_opt = "--warmup";
			break;
		case OPT_IDLE:
			o->idle = parse_secs("--idle", optarg, 86400);
			sink_only = true, sink_opt = "--idle";
			break;
		case OPT_WAIT:
			o->wait = parse_secs("--wait", optarg, 86400);
			sink_only = true, sink_opt = "--wait";
			break;
		case OPT_TIMEOUT:
			o->timeout = parse_secs("--timeout", optarg, 86400);
			sink_only = true, sink_opt = "--timeout";
			break;
		case OPT_EXPECT:
			o->expect =
			    parse_u64("--expect", optarg, 0, UINT64_MAX / 2);
			o->expect_set = true;
			sink_only = true, sink_opt = "--expect";
			break;
		case OPT_READY_FILE:
			if (!*optarg)
				usage_error("--ready-file needs a path");
			o->ready_file = optarg;
			sink_only = true, sink_opt = "--ready-file";
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			puts(VERSION_TEXT);
			exit(0);
		case ':':
			if (!strncmp(argv[optind - 1], "--", 2))
				usage_error("option %s needs a value",
					    argv[optind - 1]);
			usage_error("option -%c needs a value", optopt);
		default:
			if (optopt)
				usage_error("unknown option -%c", optopt);
			usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->ifname)
		usage_error("%s needs --interface IFNAME", argv[1]);
	if (o->sink && gen_only)
		usage_error("%s is a generator option, not for sink", gen_opt);
	if (!o->sink && sink_only)
		usage_error("%s is a sink option, not for gen", sink_opt);
	if (!o->sink && !o->count && o->duration <= 0)
		usage_error("gen needs --count or --duration (or both)");
	if (o->sink && o->timeout <= 0)
		usage_error("--timeout must be more than 0");
}

/* Opens an AF_PACKET socket of `protocol` (network order) bound to the
 * interface, with TPACKET_V2 set; exits on failure. */
static int open_packet_socket(const char *ifname, uint16_t protocol)
{
	struct sockaddr_ll sll;
	int fd, v = TPACKET_V2;
	unsigned ifindex = if_nametoindex(ifname);

	if (!ifindex)
		fatal("interface %s: %s", ifname, strerror(errno));
	fd = socket(AF_PACKET, SOCK_RAW, protocol);
	if (fd < 0)
		fatal("AF_PACKET socket: %s (needs root or CAP_NET_RAW)",
		      strerror(errno));
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0)
		fatal("PACKET_VERSION TPACKET_V2: %s", strerror(errno));
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = protocol;
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		fatal("bind to %s: %s", ifname, strerror(errno));
	return fd;
}

static uint8_t *map_ring(int fd, int opt, const struct tpacket_req *req)
{
	size_t size = (size_t)req->tp_block_size * req->tp_block_nr;
	void *p;

	if (setsockopt(fd, SOL_PACKET, opt, req, sizeof *req) < 0)
		fatal("%s: %s",
		      opt == PACKET_TX_RING ? "PACKET_TX_RING"
					    : "PACKET_RX_RING",
		      strerror(errno));
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		fatal("mmap of the packet ring: %s", strerror(errno));
	return p;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* Writes the frame template: Ethernet, IPv4 (checksummed), UDP without a
 * checksum, the magic and run id; the source port and sequence number are
 * patched per frame. */
static void build_template(const struct options *o, uint8_t *f)
{
	uint8_t *ip = f + 14, *udp = f + 34;
	uint32_t sum = 0;

	memset(f, 0, o->size);
	memcpy(f, o->dst_mac, 6);
	memcpy(f + 6, o->src_mac, 6);
	put16(f + 12, ETHERTYPE_IP);
	ip[0] = 0x45;
	put16(ip + 2, o->size - 14);
	put16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &o->src_ip, 4);
	memcpy(ip + 16, &o->dst_ip, 4);
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, ~sum & 0xffff);
	put16(udp, o->sport);
	put16(udp + 2, o->dport);
	put16(udp + 4, o->size - 34);
	put32(f + PAYLOAD_OFF, MAGIC);
	put32(f + PAYLOAD_OFF + 4, o->run_id);
}

static void patch_frame(const struct options *o, uint8_t *f, uint64_t seq)
{
	put16(f + 34, (o->sport + (unsigned)(seq % o->flows)) & 0xffff);
	put64(f + PAYLOAD_OFF + 8, seq);
}

/* Sends what the ring holds; counts a full socket send buffer in *busy
 * (those frames stay queued and go with the next call). Returns false on
 * a hard error. */
static bool flush_tx(int fd, uint64_t *busy)
{
	for (;;) {
		if (send(fd, NULL, 0, MSG_DONTWAIT) >= 0)
			return true;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == ENOBUFS) {
			(*busy)++;
			return true;
		}
		fprintf(stderr, "of-pktgen: send: %s\n", strerror(errno));
		return false;
	}
}

static int run_gen(const struct options *o)
{
	struct tpacket_req req = {
	    .tp_block_size = TX_BLOCK_SIZE,
	    .tp_block_nr = TX_BLOCKS,
	    .tp_frame_size = TX_FRAME_SIZE,
	    .tp_frame_nr = TX_BLOCKS * (TX_BLOCK_SIZE / TX_FRAME_SIZE),
	};
	const size_t data_off = TPACKET2_HDRLEN - sizeof(struct sockaddr_ll);
	int fd = open_packet_socket(o->ifname, 0), one = 1, sndbuf = 64 << 20;
	uint8_t *ring;
	uint64_t seq = 0, busy = 0, start, end = 0, now, t;
	unsigned idx = 0, nframes = req.tp_frame_nr;
	bool ok = true;
	double secs;

	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) <
	    0)
		fatal("PACKET_QDISC_BYPASS: %s", strerror(errno));
	/* Room for the whole ring in flight (root may exceed wmem_max). */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf))
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf,
				 sizeof sndbuf);
	ring = map_ring(fd, PACKET_TX_RING, &req);
	for (unsigned i = 0; i < nframes; i++)
		build_template(o, ring + (size_t)i * TX_FRAME_SIZE + data_off);

	start = now_ns();
	if (o->duration > 0)
		end = start + (uint64_t)(o->duration * 1e9);
	while (!stop_requested && ok) {
		unsigned n = o->batch, queued = 0;

		now = now_ns();
		if (end && now >= end)
			break;
		if (o->count && o->count - seq < n)
			n = (unsigned)(o->count - seq);
		if (n == 0)
			break;
		if (o->rate > 0) {
			/* Frames due by now, at most one batch: a pacing
			 * granularity of a batch or a millisecond. */
			uint64_t due =
			    (uint64_t)((double)(now - start) * o->rate / 1e9) +
			    1;

			if (due <= seq) {
				t = start +
				    (uint64_t)((double)seq * 1e9 / o->rate);
				if (t > now + 50000) {
					struct timespec ts = {
					    0, (long)(t - now - 20000)};
					nanosleep(&ts, NULL);
				}
				continue;
			}
			if (due - seq < n)
				n = (unsigned)(due - seq);
		}
		while (queued < n) {
			struct tpacket2_hdr *h =
			    (void *)(ring + (size_t)idx * TX_FRAME_SIZE);

			if (h->tp_status == TP_STATUS_WRONG_FORMAT) {
				fprintf(stderr, "of-pktgen: the kernel "
						"refused a frame "
						"(TP_STATUS_WRONG_FORMAT)\n");
				ok = false;
				break;
			}
			if (h->tp_status != TP_STATUS_AVAILABLE) {
				/* The ring is full: send what is queued,
				 * wait for room. */
				struct pollfd pfd = {fd, POLLOUT, 0};

				if (!flush_tx(fd, &busy)) {
					ok = false;
					break;
				}
				if (h->tp_status != TP_STATUS_AVAILABLE)
					(void)poll(&pfd, 1, 1);
				if (stop_requested)
					break;
				continue;
			}
			patch_frame(o, (uint8_t *)h + data_off, seq + queued);
			h->tp_len = o->size;
			__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
					 __ATOMIC_RELEASE);
			idx = (idx + 1) % nframes;
			queued++;
		}
		seq += queued;
		if (queued && !flush_tx(fd, &busy))
			ok = false;
	}
	/* Let the last frames go out before the count is final. */
	for (int i = 0; i < 1000 && ok; i++) {
		bool pending = false;

		for (unsigned j = 0; j < nframes && !pending; j++) {
			struct tpacket2_hdr *h =
			    (void *)(ring + (size_t)j * TX_FRAME_SIZE);

			pending = h->tp_status == TP_STATUS_SEND_REQUEST ||
				  h->tp_status == TP_STATUS_SENDING;
		}
		if (!pending)
			break;
		(void)flush_tx(fd, &busy);
		usleep(1000);
	}
	secs = (double)(now_ns() - start) / 1e9;
	printf("gen run_id=%" PRIu32 " size=%u flows=%u sent=%" PRIu64
	       " seconds=%.3f pps=%.0f mbps=%.1f tx_busy=%" PRIu64 "\n",
	       o->run_id, o->size, o->flows, seq, secs,
	       secs > 0 ? (double)seq / secs : 0.0,
	       secs > 0 ? (double)seq * o->size * 8 / secs / 1e6 : 0.0, busy);
	fflush(stdout);
	close(fd);
	return ok ? 0 : 1;
}

struct sink_state {
	uint64_t received, other, dups, reordered;
	uint64_t first_seq, last_seq, max_seq;
	uint64_t win_received, win_min, win_max;
	uint64_t first_ns, win_start, win_end;
	uint64_t last_rx_ns;
	uint8_t *seen; /* DUP_SEQS bits */
};

static void sink_frame(const struct options *o, struct sink_state *s,
		       const uint8_t *f, unsigned snap, uint64_t now)
{
	uint64_t seq;

	if (snap < PAYLOAD_OFF + 16 || f[12] != 0x08 || f[13] != 0x00 ||
	    f[14] != 0x45 || f[23] != IPPROTO_UDP ||
	    get32(f + PAYLOAD_OFF) != MAGIC ||
	    get32(f + PAYLOAD_OFF + 4) != o->run_id) {
		s->other++;
		return;
	}
	seq = get64(f + PAYLOAD_OFF + 8);
	if (seq < DUP_SEQS && s->seen) {
		uint8_t bit = (uint8_t)(1u << (seq & 7));

		if (s->seen[seq >> 3] & bit) {
			s->dups++;
			return;
		}
		s->seen[seq >> 3] |= bit;
	}
	if (s->received == 0) {
		s->first_ns = now;
		s->first_seq = seq;
		s->win_start = now + (uint64_t)(o->warmup * 1e9);
		s->win_end = o->duration > 0
				 ? s->win_start + (uint64_t)(o->duration * 1e9)
				 : UINT64_MAX;
	} else if (seq < s->max_seq) {
		s->reordered++;
	}
	if (s->received == 0 || seq > s->max_seq)
		s->max_seq = seq;
	s->last_seq = seq;
	s->received++;
	s->last_rx_ns = now;
	if (now >= s->win_start && now < s->win_end) {
		if (s->win_received == 0 || seq < s->win_min)
			s->win_min = seq;
		if (s->win_received == 0 || seq > s->win_max)
			s->win_max = seq;
		s->win_received++;
	}
}

static int run_sink(const struct options *o)
{
	struct tpacket_req req = {
	    .tp_block_size = RX_BLOCK_SIZE,
	    .tp_block_nr = RX_BLOCKS,
	    .tp_frame_size = RX_FRAME_SIZE,
	    .tp_frame_nr = RX_BLOCKS * (RX_BLOCK_SIZE / RX_FRAME_SIZE),
	};
	struct tpacket_stats st;
	socklen_t stlen = sizeof st;
	struct sink_state s;
	int fd = open_packet_socket(o->ifname, htons(ETH_P_ALL)), one = 1;
	unsigned idx = 0, nframes = req.tp_frame_nr;
	uint64_t start, now, ring_drops = 0, win_ns;
	uint8_t *ring;
	double win_s;

	memset(&s, 0, sizeof s);
	/* Ignore what this host sends on the interface (kernel >= 4.20). */
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			 sizeof one);
	ring = map_ring(fd, PACKET_RX_RING, &req);
	s.seen = calloc(DUP_SEQS / 8, 1);
	(void)getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen);
	if (o->ready_file) {
		FILE *f = fopen(o->ready_file, "w");

		if (!f || fputs("ready\n", f) < 0 || fclose(f) != 0)
			fatal("cannot write %s: %s", o->ready_file,
			      strerror(errno));
	}

	start = now_ns();
	for (;;) {
		struct tpacket2_hdr *h =
		    (void *)(ring + (size_t)idx * RX_FRAME_SIZE);
		unsigned batch = 0;

		now = now_ns();
		while (batch < 4096 &&
		       (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
			TP_STATUS_USER)) {
			sink_frame(o, &s, (uint8_t *)h + h->tp_mac,
				   h->tp_snaplen, now);
			__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL,
					 __ATOMIC_RELEASE);
			idx = (idx + 1) % nframes;
			h = (void *)(ring + (size_t)idx * RX_FRAME_SIZE);
			if (o->count && s.received >= o->count)
				break;
			if ((++batch & 255) == 0)
				now = now_ns();
		}
		if (stop_requested || (o->count && s.received >= o->count))
			break;
		if (now - start >= (uint64_t)(o->timeout * 1e9))
			break;
		if (s.received == 0) {
			if (now - start >= (uint64_t)(o->wait * 1e9))
				break;
		} else if (now >= s.win_end || o->duration <= 0) {
			if (now - s.last_rx_ns >= (uint64_t)(o->idle * 1e9))
				break;
		}
		if (batch == 0) {
			struct pollfd pfd = {fd, POLLIN, 0};

			(void)poll(&pfd, 1, 20);
		}
	}
	stlen = sizeof st;
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen) == 0)
		ring_drops = st.tp_drops;

	/* The window ends at its end or, if frames stopped before, at the
	 * last frame. */
	win_ns = 0;
	if (s.win_received) {
		uint64_t e =
		    s.last_rx_ns < s.win_end ? s.last_rx_ns : s.win_end;

		win_ns = e > s.win_start ? e - s.win_start : 0;
	}
	win_s = (double)win_ns / 1e9;
	printf("sink run_id=%" PRIu32 " received=%" PRIu64 " other=%" PRIu64
	       " ring_drops=%" PRIu64 " dups=%" PRIu64 " reordered=%" PRIu64
	       " first_seq=%" PRIu64 " last_seq=%" PRIu64
	       " window_s=%.3f window_received=%" PRIu64
	       " pps=%.0f offered_pps=%.0f window_loss=%.4f",
	       o->run_id, s.received, s.other, ring_drops, s.dups, s.reordered,
	       s.first_seq, s.last_seq, win_s, s.win_received,
	       win_s > 0 ? (double)s.win_received / win_s : 0.0,
	       win_s > 0 && s.win_received
		   ? (double)(s.win_max - s.win_min + 1) / win_s
		   : 0.0,
	       s.win_received ? 1.0 - (double)s.win_received /
					  (double)(s.win_max - s.win_min + 1)
			      : 0.0);
	if (o->expect_set)
		printf(" expected=%" PRIu64 " loss=%.4f", o->expect,
		       o->expect ? 1.0 - (double)s.received / (double)o->expect
				 : 0.0);
	printf("\n");
	fflush(stdout);
	free(s.seen);
	close(fd);
	if (s.received == 0) {
		fprintf(stderr,
			"of-pktgen: no frame of run %" PRIu32
			" arrived on %s\n",
			o->run_id, o->ifname);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct sigaction sa;

	parse_options(argc, argv, &o);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return o.sink ? run_sink(&o) : run_gen(&o);
}

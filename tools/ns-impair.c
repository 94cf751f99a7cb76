/* ns-impair: a deterministic impairment relay between two Linux interfaces,
 * for testing TCP under loss where the kernel has no netem.
 *
 * Bridges every frame received on interface A out of interface B and vice
 * versa (AF_PACKET sockets bound to each), impairing each direction on its
 * own: loss, duplication, reordering (a frame is held back and sent after
 * the next one) and a fixed delay with optional jitter. The decisions come
 * from a splitmix64 generator per direction seeded from --seed, so that
 * the same seed and the same frame sequence give the same decisions.
 * Delayed frames keep their order (jitter never reorders them): only
 * --reorder reorders, so its counter means what it says.
 *
 * Frames the relay itself sent (PACKET_OUTGOING) are ignored, or the two
 * sockets would feed each other. Frames the kernel hands over with a
 * checksum still to be filled in (TP_STATUS_CSUMNOTREADY: checksum offload
 * on veth) get their IPv4 TCP or UDP checksum computed here.
 *
 * Prints "ns-impair: ready" once both sockets are bound and, on SIGINT or
 * SIGTERM, its counters as "DIR_NAME VALUE" lines (DIR is ab for A -> B,
 * ba for B -> A). --dry-run N runs the decisions on N made-up frames per
 * direction without any interface and prints the same counters. */
#define _GNU_SOURCE /* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define FRAME_MAX 2048	    /* largest frame relayed (MTU 1500 + headers) */
#define QUEUE_FRAMES 8192   /* per direction */
#define RX_BATCH 64	    /* frames read per socket per wakeup */
#define PPM 1000000u	    /* percentages are kept in parts per million */
#define MS_MAX 60000u	    /* bound on --delay, --jitter, --hold */
#define DEFAULT_HOLD_MS 20u /* a reordered frame waits at most this long */
#define SOCK_BUF (8u << 20) /* socket buffers: bursts must not overflow */

/* One direction's impairments. */
struct impair {
	uint32_t loss, dup, reorder; /* parts per million */
	uint32_t delay_ms, jitter_ms, hold_ms;
};

/* One direction's counters, in print order. */
#define DIR_COUNTERS(X)                                                        \
	X(rx)                                                                  \
	X(forwarded)                                                           \
	X(dropped)                                                             \
	X(duplicated)                                                          \
	X(reordered)                                                           \
	X(delayed)                                                             \
	X(queue_full)                                                          \
	X(oversize)                                                            \
	X(tx_errors)                                                           \
	X(csum_fixed)                                                          \
	X(pending)

#define COUNTER_FIELD(name) uint64_t name;
struct dir_counters {
	DIR_COUNTERS(COUNTER_FIELD)
};
#undef COUNTER_FIELD

struct qframe {
	uint64_t due_us;
	uint16_t size;
	uint8_t data[FRAME_MAX];
};

/* One direction: frames read from in_fd go out of out_fd. */
struct dir {
	const char *name; /* "ab" or "ba" */
	int in_fd, out_fd;
	struct impair im;
	uint64_t rng;
	struct qframe *q; /* FIFO of QUEUE_FRAMES, due times non-decreasing */
	unsigned qhead, qlen;
	uint64_t last_due_us;
	bool held;	      /* a frame waits for the next one (reorder) */
	uint64_t held_until;  /* ... at most until then */
	struct qframe hframe; /* that frame */
	struct dir_counters c;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* splitmix64 (Steele, Lea, Flood): small, fast and good enough here. */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* True with probability ppm / 1e6. Draws a number even at 0 ppm so that
 * changing one impairment does not shift the others' decisions. */
static bool chance(uint64_t *rng, uint32_t ppm)
{
	return rng_next(rng) % PPM < ppm;
}

/* ---- argument parsing ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ns-impair --a IF --b IF [options]\n"
		"       ns-impair --dry-run N [options]\n"
		"Relays Ethernet frames between interfaces A and B, impairing "
		"each\n"
		"direction deterministically (same --seed, same decisions).\n"
		"  --a IF, --b IF     the two interfaces (AF_PACKET, root)\n"
		"  --seed N           generator seed (default 1)\n"
		"  --dir ab|ba|both   which direction the impairment options "
		"after it\n"
		"                     apply to (default both; ab is A -> B)\n"
		"  --loss PCT         drop this share of frames (0..100, "
		"e.g. 0.5)\n"
		"  --dup PCT          send this share of frames twice\n"
		"  --reorder PCT      hold this share of frames back behind "
		"the next one\n"
		"  --hold MS          longest a held frame waits for a "
		"next one (default %u)\n"
		"  --delay MS         delay every frame by MS milliseconds\n"
		"  --jitter MS        plus a uniform 0..MS (order is kept)\n"
		"  --dry-run N        no interfaces: decide for N frames per "
		"direction,\n"
		"                     print the counters and exit\n"
		"  --help             this text\n"
		"Counters (\"ab_dropped 12\" lines) are printed on "
		"SIGINT/SIGTERM.\n",
		DEFAULT_HOLD_MS);
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "ns-impair: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see ns-impair --help)\n");
	exit(EXIT_USAGE);
}

/* A decimal integer in [0, max], digits only. */
static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* A percentage "D[.D...]" in [0, 100] to parts per million (digits past
 * the fourth decimal must be zero: no silent rounding). */
static int parse_pct(const char *s, uint32_t *ppm)
{
	uint64_t whole = 0, frac = 0, scale = 10000;
	const char *p = s;
	int digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > 100)
			return -1;
	}
	if (*p == '.') {
		int fd = 0;

		for (p++; *p >= '0' && *p <= '9'; p++, fd++) {
			if (scale == 1) { /* past the fourth decimal */
				if (*p != '0')
					return -1;
				continue;
			}
			scale /= 10;
			frac += (uint64_t)(*p - '0') * scale;
		}
		if (!fd)
			return -1;
	}
	if (*p || !digits)
		return -1;
	if (whole * 10000 + frac > 100 * 10000)
		return -1;
	*ppm = (uint32_t)(whole * 10000 + frac);
	return 0;
}

struct options {
	const char *ifname[2];
	uint64_t seed;
	uint64_t dry_run; /* 0: off */
	struct impair im[2];
};

static void parse_args(int argc, char **argv, struct options *o)
{
	bool dirs[2] = {true, true};

	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->im[0].hold_ms = o->im[1].hold_ms = DEFAULT_HOLD_MS;
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *v;
		uint32_t pct = 0;
		uint64_t n = 0;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			exit(0);
		}
		if (strncmp(opt, "--", 2))
			die_usage("unexpected argument '%s'", opt);
		if (i + 1 >= argc)
			die_usage("%s needs a value", opt);
		v = argv[++i];
		if (!strcmp(opt, "--a") || !strcmp(opt, "--b")) {
			int k = opt[2] == 'b';

			if (!*v || strlen(v) >= IFNAMSIZ)
				die_usage("bad interface name '%s'", v);
			o->ifname[k] = v;
		} else if (!strcmp(opt, "--seed")) {
			if (parse_uint(v, UINT64_MAX, &o->seed))
				die_usage("bad --seed '%s' (an unsigned "
					  "integer)",
					  v);
		} else if (!strcmp(opt, "--dry-run")) {
			if (parse_uint(v, 100000000, &o->dry_run) ||
			    !o->dry_run)
				die_usage("bad --dry-run '%s' (1..100000000 "
					  "frames)",
					  v);
		} else if (!strcmp(opt, "--dir")) {
			if (!strcmp(v, "ab"))
				dirs[0] = true, dirs[1] = false;
			else if (!strcmp(v, "ba"))
				dirs[0] = false, dirs[1] = true;
			else if (!strcmp(v, "both"))
				dirs[0] = dirs[1] = true;
			else
				die_usage("bad --dir '%s' (ab, ba or both)", v);
		} else if (!strcmp(opt, "--loss") || !strcmp(opt, "--dup") ||
			   !strcmp(opt, "--reorder")) {
			if (parse_pct(v, &pct))
				die_usage("bad percentage '%s' (0..100, at "
					  "most 4 decimals)",
					  v);
			for (int k = 0; k < 2; k++) {
				if (!dirs[k])
					continue;
				if (opt[2] == 'l')
					o->im[k].loss = pct;
				else if (opt[2] == 'd')
					o->im[k].dup = pct;
				else
					o->im[k].reorder = pct;
			}
		} else if (!strcmp(opt, "--delay") ||
			   !strcmp(opt, "--jitter") || !strcmp(opt, "--hold")) {
			if (parse_uint(v, MS_MAX, &n))
				die_usage("bad milliseconds '%s' (0..60000)",
					  v);
			for (int k = 0; k < 2; k++) {
				if (!dirs[k])
					continue;
				if (opt[2] == 'd')
					o->im[k].delay_ms = (uint32_t)n;
				else if (opt[2] == 'j')
					o->im[k].jitter_ms = (uint32_t)n;
				else
					o->im[k].hold_ms = (uint32_t)n;
			}
		} else {
			die_usage("unknown option '%s'", opt);
		}
	}
	if (o->dry_run) {
		if (o->ifname[0] || o->ifname[1])
			die_usage("%s", "--dry-run takes no interfaces");
		return;
	}
	if (!o->ifname[0] || !o->ifname[1])
		die_usage("%s", "--a IF and --b IF are required");
	if (!strcmp(o->ifname[0], o->ifname[1]))
		die_usage("--a and --b are both '%s'", o->ifname[0]);
}

/* ---- checksums ---- */

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t size)
{
	for (; size > 1; p += 2, size -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (size)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Fills in the TCP or UDP checksum of an untagged IPv4 frame whose
 * checksum the kernel left for the (absent) hardware. Returns true if it
 * did. */
static bool fix_csum(uint8_t *f, size_t size)
{
	size_t ihl, tot, l4, off;
	uint32_t sum;
	uint16_t c;
	uint8_t proto;

	if (size < 14 + 20 || f[12] != 0x08 || f[13] != 0x00)
		return false;
	ihl = (size_t)(f[14] & 0x0f) * 4;
	tot = (size_t)f[16] << 8 | f[17];
	if ((f[14] >> 4) != 4 || ihl < 20 || tot < ihl || 14 + tot > size)
		return false;
	if ((f[20] & 0x3f) || f[21]) /* a fragment: no whole L4 here */
		return false;
	proto = f[23];
	if (proto == 6)
		off = 16;
	else if (proto == 17)
		off = 6;
	else
		return false;
	l4 = tot - ihl;
	if (l4 < off + 2)
		return false;
	f[14 + ihl + off] = f[14 + ihl + off + 1] = 0;
	sum = csum_add(0, f + 26, 8); /* source and destination */
	sum += proto + (uint32_t)l4;
	sum = csum_add(sum, f + 14 + ihl, l4);
	c = csum_fold(sum);
	if (proto == 17 && !c)
		c = 0xffff;
	f[14 + ihl + off] = (uint8_t)(c >> 8);
	f[14 + ihl + off + 1] = (uint8_t)c;
	return true;
}

/* ---- the relay ---- */

static struct qframe *q_slot(struct dir *d, unsigned i)
{
	return &d->q[(d->qhead + i) % QUEUE_FRAMES];
}

static void q_push(struct dir *d, const uint8_t *data, size_t size,
		   uint64_t due)
{
	struct qframe *f;

	if (d->qlen == QUEUE_FRAMES) {
		d->c.queue_full++;
		return;
	}
	/* FIFO: never due before the frame ahead of it. */
	if (due < d->last_due_us)
		due = d->last_due_us;
	d->last_due_us = due;
	f = q_slot(d, d->qlen++);
	f->due_us = due;
	f->size = (uint16_t)size;
	memcpy(f->data, data, size);
}

/* Decides the fate of one frame read at time now and queues it. */
static void impair_frame(struct dir *d, const uint8_t *data, size_t size,
			 uint64_t now)
{
	const struct impair *im = &d->im;
	uint64_t due = now + (uint64_t)im->delay_ms * 1000;
	bool lose, dup, hold;
	uint64_t jit;

	/* Always four draws per frame, in a fixed order: the decisions of
	 * frame n depend only on the seed and n. */
	lose = chance(&d->rng, im->loss);
	dup = chance(&d->rng, im->dup);
	hold = chance(&d->rng, im->reorder);
	jit = rng_next(&d->rng);
	d->c.rx++;
	if (size > FRAME_MAX) {
		d->c.oversize++;
		return;
	}
	if (lose) {
		d->c.dropped++;
		return;
	}
	if (im->jitter_ms)
		due += jit % ((uint64_t)im->jitter_ms * 1000 + 1);
	if (due > now)
		d->c.delayed++;
	if (hold && !d->held) {
		/* Wait for the next frame to overtake it. */
		d->held = true;
		d->held_until = now + (uint64_t)im->hold_ms * 1000;
		d->hframe.size = (uint16_t)size;
		memcpy(d->hframe.data, data, size);
		if (dup) {
			d->c.duplicated++;
			q_push(d, data, size, due);
		}
		return;
	}
	q_push(d, data, size, due);
	if (dup) {
		d->c.duplicated++;
		q_push(d, data, size, due);
	}
	if (d->held) {
		d->held = false;
		d->c.reordered++;
		q_push(d, d->hframe.data, d->hframe.size, due);
	}
}

/* Releases a held frame nothing overtook in time. */
static void release_held(struct dir *d, uint64_t now)
{
	if (d->held && now >= d->held_until) {
		d->held = false;
		q_push(d, d->hframe.data, d->hframe.size,
		       now + (uint64_t)d->im.delay_ms * 1000);
	}
}

/* Sends every queued frame that is due. */
static void flush_due(struct dir *d, uint64_t now)
{
	while (d->qlen && q_slot(d, 0)->due_us <= now) {
		struct qframe *f = q_slot(d, 0);

		if (d->out_fd >= 0 &&
		    send(d->out_fd, f->data, f->size, 0) != (ssize_t)f->size)
			d->c.tx_errors++;
		else
			d->c.forwarded++;
		d->qhead = (d->qhead + 1) % QUEUE_FRAMES;
		d->qlen--;
	}
}

/* Earliest time (us) something in d needs doing, or UINT64_MAX. */
static uint64_t next_event(const struct dir *d)
{
	uint64_t t = UINT64_MAX;

	if (d->qlen)
		t = d->q[d->qhead].due_us;
	if (d->held && d->held_until < t)
		t = d->held_until;
	return t;
}

/* Reads up to RX_BATCH frames from d->in_fd and impairs them. */
static void read_frames(struct dir *d, uint8_t *buf)
{
	for (int k = 0; k < RX_BATCH; k++) {
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		} ctl;
		struct sockaddr_ll from;
		struct iovec iov = {.iov_base = buf, .iov_len = 65536};
		struct msghdr m = {
		    .msg_name = &from,
		    .msg_namelen = sizeof(from),
		    .msg_iov = &iov,
		    .msg_iovlen = 1,
		    .msg_control = &ctl,
		    .msg_controllen = sizeof(ctl),
		};
		struct cmsghdr *c;
		ssize_t n = recvmsg(d->in_fd, &m, MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0)
			return;
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue; /* our own transmission, seen again */
		if (n > 65536)
			n = 65536 + 1; /* truncated: oversize anyway */
		for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
			struct tpacket_auxdata aux;

			if (c->cmsg_level != SOL_PACKET ||
			    c->cmsg_type != PACKET_AUXDATA)
				continue;
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if ((aux.tp_status & TP_STATUS_CSUMNOTREADY) &&
			    n <= FRAME_MAX && fix_csum(buf, (size_t)n))
				d->c.csum_fixed++;
		}
		impair_frame(d, buf, (size_t)n, now_us());
	}
}

static int open_if(const char *name)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET};
	struct packet_mreq mr = {.mr_type = PACKET_MR_PROMISC};
	int fd, one = 1, bufsz = (int)SOCK_BUF;
	unsigned idx = if_nametoindex(name);

	if (!idx) {
		fprintf(stderr, "ns-impair: no interface '%s'\n", name);
		return -1;
	}
	/* Protocol 0: nothing is queued until bind names the interface. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("ns-impair: socket(AF_PACKET)");
		return -1;
	}
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)idx;
	mr.mr_ifindex = (int)idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) <
		0) {
		fprintf(stderr, "ns-impair: %s: %s\n", name, strerror(errno));
		close(fd);
		return -1;
	}
	/* Bigger buffers than the default (root may force them); failure
	 * only makes kernel drops likelier, and those are reported. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsz, sizeof(bufsz)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz,
				 sizeof(bufsz));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bufsz, sizeof(bufsz)))
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufsz,
				 sizeof(bufsz));
	return fd;
}

/* Frames the kernel dropped on fd because its buffer was full. */
static uint64_t kernel_drops(int fd)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	if (fd < 0 || getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len))
		return 0;
	return st.tp_drops;
}

static void print_counters(struct dir *dirs, uint64_t kd[2])
{
#define PRINT_COUNTER(f) printf("%s_" #f " %" PRIu64 "\n", d->name, d->c.f);
	for (int k = 0; k < 2; k++) {
		struct dir *d = &dirs[k];

		d->c.pending = d->qlen + (d->held ? 1 : 0);
		DIR_COUNTERS(PRINT_COUNTER)
	}
#undef PRINT_COUNTER
	printf("a_kernel_drops %" PRIu64 "\nb_kernel_drops %" PRIu64 "\n",
	       kd[0], kd[1]);
	fflush(stdout);
}

/* --dry-run: N frames of 100 bytes per direction, 1 ms apart, through the
 * same decisions; nothing is sent. */
static void dry_run(struct dir *dirs, uint64_t n)
{
	uint8_t frame[100] = {0};
	uint64_t kd[2] = {0, 0}, t = 0;

	for (uint64_t i = 0; i < n; i++, t += 1000) {
		for (int k = 0; k < 2; k++) {
			release_held(&dirs[k], t);
			impair_frame(&dirs[k], frame, sizeof(frame), t);
			flush_due(&dirs[k], t);
		}
	}
	for (int k = 0; k < 2; k++) {
		t += (uint64_t)(dirs[k].im.hold_ms + dirs[k].im.delay_ms +
				dirs[k].im.jitter_ms) *
		     1000;
	}
	for (int k = 0; k < 2; k++) {
		release_held(&dirs[k], t);
		flush_due(&dirs[k], t);
	}
	print_counters(dirs, kd);
}

int main(int argc, char **argv)
{
	static struct dir dirs[2];
	static uint8_t buf[65536 + 1];
	struct options o;
	int fd[2] = {-1, -1};
	uint64_t kd[2];

	parse_args(argc, argv, &o);
	for (int k = 0; k < 2; k++) {
		struct dir *d = &dirs[k];

		d->name = k ? "ba" : "ab";
		d->im = o.im[k];
		/* Separate streams: one direction's traffic does not move
		 * the other's decisions. */
		d->rng = o.seed ^ (k ? 0x6261626162616261ull : 0);
		(void)rng_next(&d->rng);
		d->q = calloc(QUEUE_FRAMES, sizeof(*d->q));
		if (!d->q) {
			fprintf(stderr, "ns-impair: out of memory\n");
			return 1;
		}
		d->in_fd = d->out_fd = -1;
	}
	if (o.dry_run) {
		dry_run(dirs, o.dry_run);
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		fd[k] = open_if(o.ifname[k]);
		if (fd[k] < 0)
			return 1;
	}
	dirs[0].in_fd = dirs[1].out_fd = fd[0];
	dirs[1].in_fd = dirs[0].out_fd = fd[1];
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("ns-impair: ready\n");
	fflush(stdout);
	while (!stop) {
		struct pollfd p[2] = {{.fd = fd[0], .events = POLLIN},
				      {.fd = fd[1], .events = POLLIN}};
		uint64_t next = next_event(&dirs[0]), now = now_us();
		struct timespec ts = {.tv_sec = 1};

		if (next_event(&dirs[1]) < next)
			next = next_event(&dirs[1]);
		if (next != UINT64_MAX) {
			uint64_t wait = next > now ? next - now : 0;

			if (wait < 1000000) {
				ts.tv_sec = 0;
				ts.tv_nsec = (long)(wait * 1000);
			}
		}
		if (ppoll(p, 2, &ts, NULL) < 0 && errno != EINTR) {
			perror("ns-impair: ppoll");
			break;
		}
		for (int k = 0; k < 2; k++)
			if (p[k].revents & POLLIN)
				read_frames(&dirs[k], buf);
		now = now_us();
		for (int k = 0; k < 2; k++) {
			release_held(&dirs[k], now);
			flush_due(&dirs[k], now);
		}
	}
	kd[0] = kernel_drops(fd[0]);
	kd[1] = kernel_drops(fd[1]);
	print_counters(dirs, kd);
	close(fd[0]);
	close(fd[1]);
	free(dirs[0].q);
	free(dirs[1].q);
	return 0;
}

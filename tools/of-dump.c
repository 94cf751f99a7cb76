/* of-dump: decodes the OpenFlow messages in the TCP streams of captures and
 * prints them in the ovs-ofctl text format; with --check, also re-encodes
 * each one and compares bytes. See docs/of-dump.md. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "of_err.h"
#include "of_framer.h"
#include "of_msg.h"
#include "of_print.h"
#include "pcap_tcp.h"

#ifndef OF_SUITE_VERSION
#define OF_SUITE_VERSION "0.1.0"
#endif

#define FRAME_BUF_SIZE 65535
#define REENC_BUF_SIZE 65536
#define SCRATCH_SIZE (2 * 65536)
#define TEXT_SIZE (2u << 20) /* a 64 KiB packet hex dump fits */
#define MAX_NOTES 1000
#define NOTE_SIZE 320
#define MAX_OTHER_TYPES 64
#define INDENT "    "

enum exit_status {
	EXIT_OK = 0,
	EXIT_CHECK = 1,
	EXIT_USAGE = 2,
};

struct options {
	uint16_t ports[PCAP_TCP_MAX_PORTS];
	size_t n_ports;
	bool check;
	bool quiet;
};

/* Per-direction state, hung off pcap_tcp_dir.user. */
struct dir_state {
	struct of_framer fr;
	uint8_t *buf;
	uint64_t offset;  /* stream offset of the next byte to frame */
	uint64_t ignored; /* bytes after the stream was lost */
	bool broken;	  /* cannot be framed any more */
};

enum note_kind { NOTE_INVALID, NOTE_MISMATCH, NOTE_FRAMING, NOTE_KINDS };

/* Problems are kept (up to MAX_NOTES) for the summary. */
struct note {
	enum note_kind kind;
	char text[NOTE_SIZE];
};

struct other_count {
	uint8_t version, type;
	uint64_t count;
};

/* Everything about one capture file. */
struct dump {
	const struct options *o;
	const char *path;
	uint64_t messages;
	uint64_t directions; /* with at least one byte */
	uint64_t v1_types[256];
	struct other_count other[MAX_OTHER_TYPES];
	size_t n_other;
	uint64_t other_overflow;
	uint64_t n_notes[NOTE_KINDS];
	struct note *notes;
	size_t notes_kept;
	bool out_of_memory;
	/* Scratch, shared by every message. */
	char *text;
	uint8_t *reenc, *scratch;
};

static const char *const note_titles[NOTE_KINDS] = {
    [NOTE_INVALID] = "invalid messages (a peer answers with OFPT_ERROR)",
    [NOTE_MISMATCH] = "re-encoding mismatches",
    [NOTE_FRAMING] = "framing errors",
};

/* Records a problem for the summary (the first MAX_NOTES are kept) and,
 * unless quiet, prints it where it happens. */
__attribute__((format(printf, 3, 4))) static void
add_note(struct dump *d, enum note_kind kind, const char *fmt, ...)
{
	struct note *n;
	va_list ap;
	char line[NOTE_SIZE];

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	d->n_notes[kind]++;
	if (!d->o->quiet)
		printf("%s\n", line);
	if (d->notes_kept < MAX_NOTES) {
		n = &d->notes[d->notes_kept++];
		n->kind = kind;
		memcpy(n->text, line, sizeof n->text);
	}
}

/* "FEATURES_REQUEST", "UNKNOWN_48", "v4 HELLO", "v3 type 14". */
static void type_label(char *buf, size_t size, uint8_t version, uint8_t type)
{
	const char *name = NULL;

	if (version == OFP_VERSION) {
		name = of_type_name(type);
		if (name)
			snprintf(buf, size, "%s", name);
		else
			snprintf(buf, size, "UNKNOWN_%u", type);
		return;
	}
	/* These codes mean the same in every version. */
	if (type <= OFPT_ECHO_REPLY || type == OFPT_FEATURES_REQUEST)
		name = of_type_name(type);
	if (name)
		snprintf(buf, size, "v%u %s", version, name);
	else
		snprintf(buf, size, "v%u type %u", version, type);
}

static void count_type(struct dump *d, uint8_t version, uint8_t type)
{
	size_t i;

	if (version == OFP_VERSION) {
		d->v1_types[type]++;
		return;
	}
	for (i = 0; i < d->n_other; i++) {
		if (d->other[i].version == version &&
		    d->other[i].type == type) {
			d->other[i].count++;
			return;
		}
	}
	if (d->n_other == MAX_OTHER_TYPES) {
		d->other_overflow++;
		return;
	}
	d->other[d->n_other].version = version;
	d->other[d->n_other].type = type;
	d->other[d->n_other].count = 1;
	d->n_other++;
}

static void verdict_str(char *buf, size_t size, enum of_err v)
{
	const char *t, *c;

	if (!of_err_is_protocol(v)) {
		snprintf(buf, size, "%s", of_err_str(v));
		return;
	}
	t = of_error_type_name(of_err_type(v));
	c = of_error_code_name(of_err_type(v), of_err_code(v));
	if (t && c)
		snprintf(buf, size, "%s/%s", t, c);
	else
		snprintf(buf, size, "type %u/code %u", of_err_type(v),
			 of_err_code(v));
}

/* Prints the decoded message: the first line after the prefix, the others
 * indented. */
static void print_msg(struct dump *d, const char *prefix,
		      const struct of_msg *m, const char *verdict)
{
	struct of_text t;
	const char *line, *nl;

	of_text_init(&t, d->text, TEXT_SIZE);
	of_print_msg(&t, m);
	line = d->text;
	printf("%s ", prefix);
	for (;;) {
		nl = strchr(line, '\n');
		if (!nl) {
			printf("%s\n", line);
			break;
		}
		printf("%.*s\n", (int)(nl - line), line);
		line = nl + 1;
		if (!*line)
			break; /* a trailing newline adds no line */
		printf(INDENT);
	}
	if (t.truncated)
		printf(INDENT "... (text truncated at %zu bytes)\n", t.len);
	if (verdict)
		printf(INDENT "invalid: %s\n", verdict);
}

static void hex_window(char *buf, size_t size, const uint8_t *p, size_t len,
		       size_t at)
{
	size_t i, end = at + 8 < len ? at + 8 : len, used = 0;

	buf[0] = '\0';
	for (i = at; i < end && used + 3 < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%02x", p[i]);
	if (at >= len)
		snprintf(buf, size, "(end)");
}

/* Re-encodes m deeply and compares with the bytes it came from. */
static void check_reencode(struct dump *d, const char *prefix,
			   const struct of_msg *m, const uint8_t *msg,
			   size_t len)
{
	char a[24], b[24];
	size_t out_len = 0, i;
	enum of_err e;

	e = of_reencode_deep(m, d->reenc, REENC_BUF_SIZE, &out_len, d->scratch,
			     SCRATCH_SIZE);
	if (e != OF_OK) {
		add_note(d, NOTE_MISMATCH, "%s: re-encoding failed: %s", prefix,
			 of_err_str(e));
		return;
	}
	if (out_len == len && !memcmp(d->reenc, msg, len))
		return;
	for (i = 0; i < len && i < out_len && d->reenc[i] == msg[i]; i++)
		;
	hex_window(a, sizeof a, msg, len, i);
	hex_window(b, sizeof b, d->reenc, out_len, i);
	add_note(d, NOTE_MISMATCH,
		 "%s: re-encoding differs: %zu bytes in, %zu out; at offset "
		 "%zu in %s, out %s",
		 prefix, len, out_len, i, a, b);
}

static void message_in(struct dump *d, struct pcap_tcp_dir *dir,
		       const uint8_t *msg, size_t len)
{
	char prefix[PCAP_TCP_NAME_SIZE + 96], label[32], verdict[64];
	struct of_msg m;
	enum of_err v;
	uint64_t n;

	v = of_decode(msg, len, &m);
	n = ++*dir->shared;
	d->messages++;
	count_type(d, msg[0], msg[1]);
	type_label(label, sizeof label, msg[0], msg[1]);
	snprintf(prefix, sizeof prefix, "%s #%llu", dir->name,
		 (unsigned long long)n);
	if (v != OF_OK)
		verdict_str(verdict, sizeof verdict, v);
	if (!d->o->quiet)
		print_msg(d, prefix, &m, v != OF_OK ? verdict : NULL);
	/* Notes name the message by type and xid, as the summary lists them
	 * without the decoded text. */
	snprintf(prefix, sizeof prefix, "%s #%llu %s (xid=0x%x)", dir->name,
		 (unsigned long long)n, label, (unsigned)m.h.xid);
	if (v != OF_OK) {
		d->n_notes[NOTE_INVALID]++;
		if (d->notes_kept < MAX_NOTES) {
			struct note *note = &d->notes[d->notes_kept++];

			note->kind = NOTE_INVALID;
			snprintf(note->text, sizeof note->text,
				 "%s: invalid: %s", prefix, verdict);
		}
	}
	if (d->o->check)
		check_reencode(d, prefix, &m, msg, len);
}

static void data_in(struct dump *d, struct pcap_tcp_dir *dir,
		    struct dir_state *st, const uint8_t *data, size_t size)
{
	const uint8_t *msg;
	size_t used, msg_len;
	enum of_err e;
	size_t had;

	while (size > 0 && !st->broken) {
		had = st->fr.have; /* header bytes already buffered */
		e = of_framer_input(&st->fr, data, size, &used, &msg, &msg_len);
		if (e == OF_E_TOO_SHORT) {
			add_note(d, NOTE_FRAMING,
				 "%s: framing error: message header at stream "
				 "offset %llu announces a length below 8; the "
				 "rest of the stream cannot be framed",
				 dir->name,
				 (unsigned long long)(st->offset - had));
			st->broken = true;
			break;
		}
		st->offset += used;
		data += used;
		size -= used;
		if (msg && e == OF_OK)
			message_in(d, dir, msg, msg_len);
		else if (e != OF_OK || used == 0)
			break; /* cannot happen with a 64 KiB buffer */
	}
	st->ignored += size;
}

static void stream_end(struct dump *d, struct pcap_tcp_dir *dir,
		       struct dir_state *st, enum pcap_tcp_end why)
{
	static const char *const whys[] = {
	    [PCAP_TCP_END_FIN] = "FIN",
	    [PCAP_TCP_END_RST] = "RST",
	    [PCAP_TCP_END_CAPTURE] = "end of capture",
	};

	if (!st->broken && of_framer_pending(&st->fr))
		add_note(d, NOTE_FRAMING,
			 "%s: framing error: stream ends (%s) in the middle "
			 "of a message (%zu bytes of it seen)",
			 dir->name, whys[why], st->fr.have);
	if (st->ignored && !d->o->quiet)
		printf("%s: %llu bytes after the framing error ignored\n",
		       dir->name, (unsigned long long)st->ignored);
}

static void on_event(void *ctx, struct pcap_tcp_dir *dir,
		     enum pcap_tcp_event ev, const uint8_t *data, size_t size)
{
	struct dump *d = ctx;
	struct dir_state *st = dir->user;

	if (!st && ev != PCAP_TCP_END) {
		st = calloc(1, sizeof *st);
		if (st)
			st->buf = malloc(FRAME_BUF_SIZE);
		if (!st || !st->buf) {
			free(st);
			if (!d->out_of_memory)
				fprintf(stderr, "of-dump: %s: out of memory\n",
					d->path);
			d->out_of_memory = true;
			return;
		}
		of_framer_init(&st->fr, st->buf, FRAME_BUF_SIZE);
		dir->user = st;
		d->directions++;
		if (!dir->syn_seen && !d->o->quiet)
			printf("%s: capture starts mid-stream (no SYN seen)\n",
			       dir->name);
	}
	if (!st)
		return;
	switch (ev) {
	case PCAP_TCP_DATA:
		if (st->broken)
			st->ignored += size;
		else
			data_in(d, dir, st, data, size);
		break;
	case PCAP_TCP_GAP:
		if (!st->broken)
			add_note(d, NOTE_FRAMING,
				 "%s: framing error: %zu bytes missing from "
				 "the capture at stream offset %llu; the rest "
				 "of the stream cannot be framed",
				 dir->name, size,
				 (unsigned long long)st->offset);
		st->broken = true;
		break;
	case PCAP_TCP_END:
		stream_end(d, dir, st, (enum pcap_tcp_end)size);
		free(st->buf);
		free(st);
		dir->user = NULL;
		break;
	}
}

static bool check_failed(const struct dump *d, const struct pcap_tcp_stats *s)
{
	return d->n_notes[NOTE_MISMATCH] || d->n_notes[NOTE_FRAMING] ||
	       s->conns_dropped || d->out_of_memory;
}

static void print_summary(const struct dump *d, const struct pcap_tcp_stats *s)
{
	char label[32];
	size_t i;
	int k;

	printf("%s: %llu messages in %llu TCP connections (%llu directions "
	       "with data), %llu packets\n",
	       d->path, (unsigned long long)d->messages,
	       (unsigned long long)s->conns, (unsigned long long)d->directions,
	       (unsigned long long)s->packets);
	if (s->retransmitted || s->out_of_order)
		printf("tcp: %llu retransmitted and %llu out-of-order "
		       "segments reassembled\n",
		       (unsigned long long)s->retransmitted,
		       (unsigned long long)s->out_of_order);
	if (s->malformed)
		printf("tcp: %llu malformed IP/TCP packets skipped\n",
		       (unsigned long long)s->malformed);
	if (s->conns_dropped)
		printf("tcp: %llu connections ignored (too many open at "
		       "once)\n",
		       (unsigned long long)s->conns_dropped);
	printf("messages by type:\n");
	for (i = 0; i < 256; i++) {
		if (!d->v1_types[i])
			continue;
		type_label(label, sizeof label, OFP_VERSION, (uint8_t)i);
		printf("%8llu %s\n", (unsigned long long)d->v1_types[i], label);
	}
	for (i = 0; i < d->n_other; i++) {
		type_label(label, sizeof label, d->other[i].version,
			   d->other[i].type);
		printf("%8llu %s\n", (unsigned long long)d->other[i].count,
		       label);
	}
	if (d->other_overflow)
		printf("%8llu (other versions and types)\n",
		       (unsigned long long)d->other_overflow);
	for (k = 0; k < NOTE_KINDS; k++) {
		if (k == NOTE_MISMATCH && !d->o->check)
			continue;
		printf("%s: %llu\n", note_titles[k],
		       (unsigned long long)d->n_notes[k]);
		for (i = 0; i < d->notes_kept; i++)
			if (d->notes[i].kind == (enum note_kind)k)
				printf("  %s\n", d->notes[i].text);
	}
	if (d->notes_kept == MAX_NOTES)
		printf("(only the first %d problems are listed)\n", MAX_NOTES);
	if (d->o->check)
		printf("check: %s\n", check_failed(d, s) ? "FAILED" : "passed");
}

/* Decodes one capture. Returns an exit status. */
static int dump_file(const struct options *o, const char *path, bool header)
{
	struct pcap_tcp_opts topts = {0};
	struct pcap_tcp_stats stats;
	struct dump *d;
	char err[512];
	int rc, status = EXIT_OK;

	d = calloc(1, sizeof *d);
	if (d) {
		d->notes = calloc(MAX_NOTES, sizeof *d->notes);
		d->text = malloc(TEXT_SIZE);
		d->reenc = malloc(REENC_BUF_SIZE);
		d->scratch = malloc(SCRATCH_SIZE);
	}
	if (!d || !d->notes || !d->text || !d->reenc || !d->scratch) {
		fprintf(stderr, "of-dump: %s: out of memory\n", path);
		status = EXIT_USAGE;
		goto out;
	}
	d->o = o;
	d->path = path;
	memcpy(topts.ports, o->ports, sizeof topts.ports);
	topts.n_ports = o->n_ports;

	if (header)
		printf("==> %s <==\n", path);
	rc = pcap_tcp_read(path, &topts, on_event, d, &stats, err, sizeof err);
	if (rc == 0 || stats.packets > 0) {
		if (o->check || o->quiet)
			print_summary(d, &stats);
	}
	fflush(stdout);
	if (rc != 0) {
		fprintf(stderr, "of-dump: %s\n", err);
		status = EXIT_USAGE;
	} else if (check_failed(d, &stats)) {
		status = EXIT_CHECK;
	}
out:
	if (d) {
		free(d->notes);
		free(d->text);
		free(d->reenc);
		free(d->scratch);
	}
	free(d);
	return status;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: of-dump [OPTION]... FILE...\n"
		"Decode every OpenFlow message in the TCP streams of pcap or "
		"pcapng captures\nand print each in the ovs-ofctl ofp-print "
		"text format, prefixed with the\nstream, direction and message "
		"number within the connection:\n"
		"  127.0.0.1:43210 > 127.0.0.1:6634 #3 OFPT_FLOW_MOD "
		"(xid=0x2): ADD ...\n"
		"FILE may be - for standard input.\n"
		"\n"
		"Options:\n"
		"  -p, --port N   also decode TCP port N (repeatable; ports "
		"6633, 6634 and\n"
		"                 6653 are always decoded)\n"
		"  -c, --check    re-encode every message and compare bytes; "
		"print a summary\n"
		"                 (messages per type, invalid messages with "
		"the error a peer\n"
		"                 answers them with, mismatches, framing "
		"errors)\n"
		"  -q, --quiet    print only the summary, not the messages\n"
		"  -h, --help     show this help and exit\n"
		"  -V, --version  show the version and exit\n"
		"\n"
		"Link types: Ethernet (with 802.1Q), Linux cooked (SLL, "
		"SLL2), raw IP, BSD\nloopback; IPv4 and IPv6. TCP segments are "
		"reassembled by sequence number\n(out-of-order, retransmitted "
		"and overlapping segments, SYN/FIN/RST).\n"
		"\n"
		"A message that breaks the specification is printed with "
		"\"invalid: TYPE/CODE\"\n(the OFPT_ERROR a peer must answer it "
		"with); that alone does not fail.\n"
		"\n"
		"Exit status: 0 ok; 1 a stream could not be framed (length "
		"below 8, bytes\nmissing from the capture, stream ends "
		"mid-message) or, with --check, a\nmessage did not re-encode "
		"to the same bytes; 2 usage error or a file that\ncannot be "
		"read as a capture.\n");
}

static bool parse_port(const char *s, uint16_t *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static bool add_port(struct options *o, uint16_t port)
{
	size_t i;

	for (i = 0; i < o->n_ports; i++)
		if (o->ports[i] == port)
			return true;
	if (o->n_ports == PCAP_TCP_MAX_PORTS)
		return false;
	o->ports[o->n_ports++] = port;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"port", required_argument, NULL, 'p'},
	    {"check", no_argument, NULL, 'c'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct options o = {0};
	uint16_t port;
	int c, i, st, status = EXIT_OK;

	add_port(&o, 6633);
	add_port(&o, 6634);
	add_port(&o, 6653);
	while ((c = getopt_long(argc, argv, "p:cqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!parse_port(optarg, &port)) {
				fprintf(stderr,
					"of-dump: bad port '%s' (1..65535)\n",
					optarg);
				return EXIT_USAGE;
			}
			if (!add_port(&o, port)) {
				fprintf(stderr,
					"of-dump: too many ports (at most "
					"%d)\n",
					PCAP_TCP_MAX_PORTS);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			o.check = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("of-dump %s (OpenFlow 1.0)\n", OF_SUITE_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr,
				"Try 'of-dump --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "of-dump: no capture file given\n");
		fprintf(stderr, "Try 'of-dump --help' for more information.\n");
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		st = dump_file(&o, argv[i], argc - optind > 1);
		if (st > status)
			status = st;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "of-dump: error writing output: %s\n",
			strerror(errno));
		return EXIT_USAGE;
	}
	return status;
}

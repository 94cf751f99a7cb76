/* of-bench: a cbench-compatible OpenFlow 1.0 controller benchmark. Emulates
 * N switches, each sending PACKET_INs from M source MACs, and counts the
 * FLOW_MODs and PACKET_OUTs the controller answers with, per loop, in
 * latency mode (one PACKET_IN outstanding per switch) or throughput mode
 * (the sockets kept full). See docs/of-bench.md. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "bench_flowmod.h"
#include "bench_run.h"
#include "bench_switch.h"

#define VERSION_TEXT "of-bench (ofsuite) 0.1"
#define MAX_SWITCHES 10000
#define EXIT_USAGE 2
#define MS 1000000ull /* ns */

struct options {
	const char *host;
	const char *port;
	unsigned long switches;
	unsigned long macs;
	unsigned long loops, warmup, cooldown;
	unsigned long ms;
	unsigned long delay_ms;
	unsigned long connect_delay_ms, group_size;
	unsigned long long dpid_offset;
	unsigned long handshake_ms;
	unsigned long probe_timeout_ms;
	bool throughput;
	bool learn;
	bool ranged;
	bool debug;
};

/* Results of one loop, over every switch. */
struct loop_result {
	double seconds;
	struct bench_counts sum;
};

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: of-bench [OPTIONS]\n"
	    "       of-bench flow-mods [OPTIONS] TARGET\n"
	    "Benchmarks an OpenFlow 1.0 controller the way cbench does: "
	    "emulated switches send\nPACKET_INs and count the FLOW_MODs "
	    "and PACKET_OUTs that come back. With flow-mods,\nmeasures a "
	    "switch's flow-mod installation rate instead (see 'of-bench "
	    "flow-mods\n--help').\n"
	    "\n"
	    "Target:\n"
	    "  -c, --controller HOST      controller host name or address "
	    "(default localhost)\n"
	    "  -p, --port PORT            controller TCP port (default "
	    "6653)\n"
	    "\n"
	    "Load:\n"
	    "  -s, --switches N           emulated switches, 1..%d "
	    "(default 16)\n"
	    "  -M, --macs N               source MACs per switch, "
	    "1..4294967295 (default 100000);\n"
	    "                             also --mac-addresses\n"
	    "  -t, --throughput           throughput mode: keep every "
	    "socket full of PACKET_INs\n"
	    "      --latency              latency mode: one PACKET_IN "
	    "outstanding per switch (default)\n"
	    "  -L, --learn-dst-macs[=on|off]\n"
	    "                             send a gratuitous ARP from the "
	    "destination MAC before\n"
	    "                             testing, so a learning controller "
	    "answers with FLOW_MODs\n"
	    "                             (default on)\n"
	    "      --no-learn-dst-macs    the same as "
	    "--learn-dst-macs=off\n"
	    "  -o, --dpid-offset N        datapath id of the first switch "
	    "(default 1)\n"
	    "\n"
	    "Timing:\n"
	    "  -l, --loops N              loops in all, warm-up and "
	    "cool-down included (default 16)\n"
	    "  -m, --ms-per-test MS       length of one loop in ms (default "
	    "1000)\n"
	    "  -w, --warmup N             first loops left out of the "
	    "results (default 1)\n"
	    "  -C, --cooldown N           last loops left out of the "
	    "results (default 0)\n"
	    "  -D, --delay MS             wait after FEATURES_REPLY before "
	    "sending (default 0)\n"
	    "  -i, --connect-delay MS     pause between groups of "
	    "connecting switches (default 0)\n"
	    "  -I, --connect-group-size N switches per connection group "
	    "(default 1)\n"
	    "      --handshake-timeout MS give up on switches not through "
	    "the handshake after MS\n"
	    "                             (default 10000)\n"
	    "      --probe-timeout MS     latency mode: give up on a "
	    "PACKET_IN unanswered for MS\n"
	    "                             and send the next (default "
	    "1000)\n"
	    "  -r, --ranged-test          test 1, 2, 4, ... switches up to "
	    "--switches\n"
	    "\n"
	    "Other:\n"
	    "  -d, --debug                log every control message "
	    "received to stderr\n"
	    "  -h, --help                 this help\n"
	    "  -V, --version              print the version\n"
	    "\n"
	    "Output: a cbench line per loop (\"total = X per ms\"), a "
	    "detail line per loop,\n"
	    "the cbench summary (\"RESULT: N switches ...\") and a "
	    "machine-readable line\n"
	    "\"RESULT mode=... avg=... min=... max=... stddev=... "
	    "answered=... flow_mods=...\n"
	    "packet_outs=...\" per tested switch count. Responses are "
	    "FLOW_MODs (ADD or\n"
	    "MODIFY_STRICT) and PACKET_OUTs (not LLDP).\n"
	    "\n"
	    "Exit status: 0 success; 1 a switch could not connect, failed "
	    "the handshake or\n"
	    "was lost; 2 bad command line.\n",
	    MAX_SWITCHES);
}

static void __attribute__((noreturn)) usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("of-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'of-bench --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* Parses a decimal integer in [lo, hi] for option `name`, or exits 2. */
static unsigned long long parse_num(const char *name, const char *s,
				    unsigned long long lo,
				    unsigned long long hi)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("invalid value '%s' for %s: expected an integer "
			    "from %llu to %llu",
			    s ? s : "", name, lo, hi);
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		usage_error("invalid value '%s' for %s: expected an integer "
			    "from %llu to %llu",
			    s, name, lo, hi);
	return v;
}

static bool parse_onoff(const char *s)
{
	if (!strcasecmp(s, "on") || !strcasecmp(s, "true") ||
	    !strcasecmp(s, "yes") || !strcmp(s, "1"))
		return true;
	if (!strcasecmp(s, "off") || !strcasecmp(s, "false") ||
	    !strcasecmp(s, "no") || !strcmp(s, "0"))
		return false;
	usage_error("invalid value '%s' for --learn-dst-macs: expected on or "
		    "off",
		    s);
}

enum long_only {
	OPT_LATENCY = 256,
	OPT_NO_LEARN,
	OPT_HANDSHAKE_TIMEOUT,
	OPT_PROBE_TIMEOUT,
};

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"controller", required_argument, NULL, 'c'},
	    {"port", required_argument, NULL, 'p'},
	    {"switches", required_argument, NULL, 's'},
	    {"macs", required_argument, NULL, 'M'},
	    {"mac-addresses", required_argument, NULL, 'M'},
	    {"throughput", no_argument, NULL, 't'},
	    {"latency", no_argument, NULL, OPT_LATENCY},
	    {"learn-dst-macs", optional_argument, NULL, 'L'},
	    {"no-learn-dst-macs", no_argument, NULL, OPT_NO_LEARN},
	    {"dpid-offset", required_argument, NULL, 'o'},
	    {"loops", required_argument, NULL, 'l'},
	    {"ms-per-test", required_argument, NULL, 'm'},
	    {"warmup", required_argument, NULL, 'w'},
	    {"cooldown", required_argument, NULL, 'C'},
	    {"delay", required_argument, NULL, 'D'},
	    {"connect-delay", required_argument, NULL, 'i'},
	    {"connect-group-size", required_argument, NULL, 'I'},
	    {"handshake-timeout", required_argument, NULL,
	     OPT_HANDSHAKE_TIMEOUT},
	    {"probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT},
	    {"ranged-test", no_argument, NULL, 'r'},
	    {"debug", no_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof *o);
	o->host = "localhost";
	o->port = "6653";
	o->switches = 16;
	o->macs = 100000;
	o->loops = 16;
	o->warmup = 1;
	o->ms = 1000;
	o->group_size = 1;
	o->dpid_offset = 1;
	o->handshake_ms = 10000;
	o->probe_timeout_ms = 1000;
	o->learn = true;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:p:s:M:tLo:l:m:w:C:D:i:I:rdhV",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (!*optarg)
				usage_error("--controller needs a host name");
			o->host = optarg;
			break;
		case 'p':
			(void)parse_num("--port", optarg, 1, 65535);
			o->port = optarg;
			break;
		case 's':
			o->switches =
			    parse_num("--switches", optarg, 1, MAX_SWITCHES);
			break;
		case 'M':
			o->macs = parse_num("--macs", optarg, 1, UINT32_MAX);
			break;
		case 't':
			o->throughput = true;
			break;
		case OPT_LATENCY:
			o->throughput = false;
			break;
		case 'L':
			o->learn = optarg ? parse_onoff(optarg) : true;
			break;
		case OPT_NO_LEARN:
			o->learn = false;
			break;
		case 'o':
			o->dpid_offset =
			    parse_num("--dpid-offset", optarg, 0, UINT64_MAX);
			break;
		case 'l':
			o->loops = parse_num("--loops", optarg, 1, 1000000);
			break;
		case 'm':
			o->ms = parse_num("--ms-per-test", optarg, 1, 3600000);
			break;
		case 'w':
			o->warmup = parse_num("--warmup", optarg, 0, 1000000);
			break;
		case 'C':
			o->cooldown =
			    parse_num("--cooldown", optarg, 0, 1000000);
			break;
		case 'D':
			o->delay_ms = parse_num("--delay", optarg, 0, 3600000);
			break;
		case 'i':
			o->connect_delay_ms =
			    parse_num("--connect-delay", optarg, 0, 3600000);
			break;
		case 'I':
			o->group_size = parse_num("--connect-group-size",
						  optarg, 1, MAX_SWITCHES);
			break;
		case OPT_HANDSHAKE_TIMEOUT:
			o->handshake_ms = parse_num("--handshake-timeout",
						    optarg, 1, 3600000);
			break;
		case OPT_PROBE_TIMEOUT:
			o->probe_timeout_ms =
			    parse_num("--probe-timeout", optarg, 1, 3600000);
			break;
		case 'r':
			o->ranged = true;
			break;
		case 'd':
			o->debug = true;
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
	if (o->warmup + o->cooldown >= o->loops)
		usage_error("--warmup (%lu) + --cooldown (%lu) must be fewer "
			    "than --loops (%lu)",
			    o->warmup, o->cooldown, o->loops);
	if (o->dpid_offset > UINT64_MAX - (o->switches - 1))
		usage_error("--dpid-offset %llu + %lu switches overflows the "
			    "64-bit datapath id",
			    o->dpid_offset, o->switches);
}

/* Makes room for one descriptor per switch, or exits. */
static void raise_fd_limit(size_t n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < n + 32) {
		rl.rlim_cur = rl.rlim_max < n + 32 ? rl.rlim_max : n + 32;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur < n + 8) {
		fprintf(stderr,
			"of-bench: %zu switches need %zu file descriptors; the "
			"limit is %llu (ulimit -n)\n",
			n, n + 8, (unsigned long long)rl.rlim_cur);
		exit(1);
	}
}

static void print_banner(const struct options *o)
{
	fprintf(
	    stderr,
	    "of-bench: cbench-compatible controller benchmark\n"
	    "   running in mode '%s'\n"
	    "   connecting to controller at %s:%s\n"
	    "   faking%s %lu switches offset %llu :: %lu tests each; %lu ms "
	    "per test\n"
	    "   with %lu unique source MACs per switch\n"
	    "   %s destination mac addresses before the test\n"
	    "   starting test with %lu ms delay after features_reply\n"
	    "   ignoring first %lu \"warmup\" and last %lu \"cooldown\" "
	    "loops\n"
	    "   connection delay of %lums per %lu switch(es)\n"
	    "   debugging info is %s\n",
	    o->throughput ? "throughput" : "latency", o->host, o->port,
	    o->ranged ? " from 1 to" : "", o->switches, o->dpid_offset,
	    o->loops, o->ms, o->macs, o->learn ? "learning" : "NOT learning",
	    o->delay_ms, o->warmup, o->cooldown, o->connect_delay_ms,
	    o->group_size, o->debug ? "on" : "off");
}

/* Waits until every switch is through the handshake (or closed), at most
 * `timeout_ns` after the last one was given a connection attempt; closes
 * the rest. Returns the number of running switches. */
static size_t handshake(struct bench_run *run, uint64_t timeout_ns)
{
	uint64_t deadline = 0;

	for (;;) {
		uint64_t now = bench_now();
		size_t done = bench_run_count(run, BENCH_SW_RUNNING) +
			      bench_run_count(run, BENCH_SW_CLOSED);

		if (bench_run_all_started(run) && done == run->n)
			break;
		if (bench_run_all_started(run) && deadline == 0)
			deadline = now + timeout_ns;
		if (deadline && now >= deadline)
			break;
		bench_run_step(run, deadline ? deadline : now + 10 * MS);
	}
	for (size_t i = 0; i < run->n; i++) {
		struct bench_switch *sw = &run->sw[i];
		static const char *const waiting[] = {
		    [BENCH_SW_IDLE] = "the TCP connection",
		    [BENCH_SW_HELLO] = "the controller's HELLO",
		    [BENCH_SW_FEATURES] = "a FEATURES_REQUEST",
		    [BENCH_SW_DELAY] = "the end of the start delay",
		};

		if (sw->state <= BENCH_SW_DELAY) {
			bench_switch_close(
			    sw,
			    "handshake not done after %llu ms: "
			    "still waiting for %s",
			    (unsigned long long)(timeout_ns / MS),
			    waiting[sw->state]);
		}
	}
	bench_run_kick(run); /* reports and closes those */
	return bench_run_count(run, BENCH_SW_RUNNING);
}

static void add_counts(struct bench_counts *a, const struct bench_counts *b)
{
	a->flow_mods += b->flow_mods;
	a->packet_outs += b->packet_outs;
	a->answered += b->answered;
	a->sent += b->sent;
	a->lat_sum_ns += b->lat_sum_ns;
	a->lat_n += b->lat_n;
	a->lost += b->lost;
	a->ignored += b->ignored;
	a->malformed += b->malformed;
}

/* Discards what every switch counted so far. */
static void reset_counts(struct bench_run *run)
{
	struct bench_counts junk;

	for (size_t i = 0; i < run->n; i++)
		bench_switch_take(&run->sw[i], &junk);
}

/* Runs one loop of `ms` milliseconds with the first `k` switches active and
 * prints the cbench line and our detail line. */
static void run_loop(struct bench_run *run, const struct options *o, size_t k,
		     unsigned long j, struct loop_result *res)
{
	uint64_t start = bench_now(), end = start + o->ms * MS, now;
	struct timeval tv;
	struct tm tm;
	time_t t;
	double per_s;
	bool counted = j >= o->warmup && j < o->loops - o->cooldown;

	bench_run_kick(run);
	while ((now = bench_now()) < end) {
		bench_run_step(run, end);
		if (bench_run_count(run, BENCH_SW_RUNNING) == 0)
			break;
	}
	now = bench_now();
	res->seconds = (double)(now - start) / 1e9;
	memset(&res->sum, 0, sizeof res->sum);

	gettimeofday(&tv, NULL);
	t = tv.tv_sec;
	localtime_r(&t, &tm);
	printf("%02d:%02d:%02d.%03d %-3zu switches: flows/sec:  ", tm.tm_hour,
	       tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000), k);
	for (size_t i = 0; i < k; i++) {
		struct bench_counts c;

		bench_switch_take(&run->sw[i], &c);
		printf("%" PRIu64 "  ", c.flow_mods + c.packet_outs);
		add_counts(&res->sum, &c);
	}
	per_s =
	    (double)(res->sum.flow_mods + res->sum.packet_outs) / res->seconds;
	printf(" total = %f per ms \n", per_s / 1000.0);
	printf("    loop %lu/%lu%s: %.0f responses/s (%" PRIu64
	       " flow_mods, %" PRIu64 " packet_outs), %.0f packet-ins "
	       "answered/s, %.0f sent/s",
	       j + 1, o->loops,
	       j < o->warmup ? " (warm-up)" : (counted ? "" : " (cool-down)"),
	       per_s, res->sum.flow_mods, res->sum.packet_outs,
	       (double)res->sum.answered / res->seconds,
	       (double)res->sum.sent / res->seconds);
	if (!o->throughput && res->sum.lat_n)
		printf(", latency %.1f us", (double)res->sum.lat_sum_ns /
						(double)res->sum.lat_n / 1e3);
	if (res->sum.lost)
		printf(", %" PRIu64 " probes lost", res->sum.lost);
	if (res->sum.malformed)
		printf(", %" PRIu64 " malformed", res->sum.malformed);
	printf("\n");
	fflush(stdout);
}

/* Runs all loops with `k` active switches and prints the summaries.
 * Returns false if every switch was lost. */
static bool run_test(struct bench_run *run, const struct options *o, size_t k)
{
	unsigned long counted = o->loops - o->warmup - o->cooldown, n = 0;
	struct loop_result *res = calloc(o->loops, sizeof *res);
	struct bench_counts tot;
	double sum = 0, min = 0, max = 0, avg, var = 0, secs = 0;
	size_t lost_switches;

	if (!res) {
		fprintf(stderr, "of-bench: out of memory\n");
		return false;
	}
	for (size_t i = 0; i < run->n; i++)
		run->sw[i].active = i < k;
	reset_counts(run);
	for (unsigned long j = 0; j < o->loops; j++) {
		run_loop(run, o, k, j, &res[j]);
		if (bench_run_count(run, BENCH_SW_RUNNING) == 0) {
			fprintf(stderr, "of-bench: every switch was lost; "
					"stopping\n");
			free(res);
			return false;
		}
	}
	memset(&tot, 0, sizeof tot);
	for (unsigned long j = o->warmup; j < o->loops - o->cooldown; j++) {
		double v =
		    (double)(res[j].sum.flow_mods + res[j].sum.packet_outs) /
		    res[j].seconds;

		if (n == 0 || v < min)
			min = v;
		if (n == 0 || v > max)
			max = v;
		sum += v;
		n++;
		secs += res[j].seconds;
		add_counts(&tot, &res[j].sum);
	}
	avg = sum / (double)counted;
	for (unsigned long j = o->warmup; j < o->loops - o->cooldown; j++) {
		double v =
		    (double)(res[j].sum.flow_mods + res[j].sum.packet_outs) /
		    res[j].seconds;

		var += (v - avg) * (v - avg);
	}
	var /= (double)counted;
	lost_switches = run->n - bench_run_count(run, BENCH_SW_RUNNING);

	printf("RESULT: %zu switches %lu tests min/max/avg/stdev = "
	       "%.2f/%.2f/%.2f/%.2f responses/s\n",
	       k, counted, min, max, avg, sqrt(var));
	printf("of-bench: %s mode, %zu switches x %lu MACs, %lu loops of %lu "
	       "ms counted\n",
	       o->throughput ? "throughput" : "latency", k, o->macs, counted,
	       o->ms);
	printf("  responses/s:           avg %.0f  min %.0f  max %.0f  "
	       "stddev %.0f\n",
	       avg, min, max, sqrt(var));
	printf("  packet-ins answered/s: %.0f\n", (double)tot.answered / secs);
	printf("  flow_mods:             %" PRIu64 " (%.0f/s)\n", tot.flow_mods,
	       (double)tot.flow_mods / secs);
	printf("  packet_outs:           %" PRIu64 " (%.0f/s)\n",
	       tot.packet_outs, (double)tot.packet_outs / secs);
	printf("  packet-ins sent:       %" PRIu64 " (%.0f/s)\n", tot.sent,
	       (double)tot.sent / secs);
	if (!o->throughput)
		printf("  latency:               %.1f us average round trip "
		       "(%" PRIu64 " probes lost)\n",
		       tot.lat_n
			   ? (double)tot.lat_sum_ns / (double)tot.lat_n / 1e3
			   : 0.0,
		       tot.lost);
	if (tot.ignored || tot.malformed)
		printf("  not counted:           %" PRIu64 " other answers "
		       "(FLOW_MOD commands, LLDP, ARP), %" PRIu64
		       " malformed\n",
		       tot.ignored, tot.malformed);
	printf("RESULT mode=%s switches=%zu macs=%lu loops=%lu ms=%lu "
	       "avg=%.2f min=%.2f max=%.2f stddev=%.2f answered=%.2f "
	       "flow_mods=%" PRIu64 " packet_outs=%" PRIu64 " sent=%" PRIu64
	       " latency_us=%.2f lost_switches=%zu\n",
	       o->throughput ? "throughput" : "latency", k, o->macs, counted,
	       o->ms, avg, min, max, sqrt(var), (double)tot.answered / secs,
	       tot.flow_mods, tot.packet_outs, tot.sent,
	       tot.lat_n ? (double)tot.lat_sum_ns / (double)tot.lat_n / 1e3
			 : 0.0,
	       lost_switches);
	fflush(stdout);
	free(res);
	return true;
}

int main(int argc, char **argv)
{
	struct options o;
	struct bench_params params;
	struct bench_switch *sw;
	struct bench_run run;
	char err[400];
	size_t running;
	int status = 0;

	if (argc >= 2 && !strcmp(argv[1], "flow-mods"))
		return bench_flowmod_main(argc - 1, argv + 1);
	parse_options(argc, argv, &o);
	raise_fd_limit(o.switches);
	print_banner(&o);

	memset(&params, 0, sizeof params);
	params.mode = o.throughput ? BENCH_THROUGHPUT : BENCH_LATENCY;
	params.macs = (uint32_t)o.macs;
	params.learn_dst_macs = o.learn;
	params.delay_ns = o.delay_ms * MS;
	params.probe_timeout_ns = o.probe_timeout_ms * MS;
	params.debug = o.debug;

	sw = calloc(o.switches, sizeof *sw);
	if (!sw) {
		fprintf(stderr, "of-bench: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < o.switches; i++)
		if (!bench_switch_init(&sw[i], &params, (unsigned)i + 1,
				       o.dpid_offset + i)) {
			fprintf(stderr, "of-bench: out of memory\n");
			return 1;
		}
	if (bench_run_init(&run, o.host, o.port, sw, o.switches,
			   o.connect_delay_ms * MS, (unsigned)o.group_size,
			   !o.throughput, err, sizeof err) != 0) {
		fprintf(stderr, "of-bench: %s\n", err);
		return 1;
	}

	running = handshake(&run, (o.handshake_ms + o.delay_ms) * MS);
	if (running == 0) {
		fprintf(stderr,
			"of-bench: no switch completed the handshake "
			"with %s:%s\n",
			o.host, o.port);
		status = 1;
	} else {
		if (running < o.switches) {
			fprintf(stderr,
				"of-bench: %zu of %lu switches completed the "
				"handshake; testing with those\n",
				running, o.switches);
			status = 1;
		}
		bool alive = true;

		for (size_t k = 1; o.ranged && k < o.switches && alive; k *= 2)
			alive = run_test(&run, &o, k);
		if (alive)
			alive = run_test(&run, &o, o.switches);
		if (!alive)
			status = 1;
		if (bench_run_count(&run, BENCH_SW_RUNNING) < running)
			status = 1; /* lost during the test: reported above */
	}
	bench_run_fini(&run);
	for (size_t i = 0; i < o.switches; i++)
		bench_switch_free(&sw[i]);
	free(sw);
	return status;
}

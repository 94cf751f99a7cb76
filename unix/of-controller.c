/* of-controller: the OpenFlow 1.0 controller daemon. Parses the command
 * line, builds the core (controller + app chain), starts one event loop
 * per worker thread, listens on TCP and TLS, and shuts down cleanly on
 * SIGINT/SIGTERM. See docs/of-controller.md. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "chan_tls.h"
#include "ctl.h"
#include "listen.h"
#include "net_tap.h"
#include "plat_unix.h"
#include "target.h"
#include "worker.h"

#define VERSION_LINE "of-controller (ofsuite) 0.1"
#define MAX_LISTEN 32
#define MAX_APP_SPECS 32
#define MAX_THREADS 64
#define APP_NAME_SIZE 64
#define ERR_SIZE 512
#define NET_MAX_CHANS 256 /* direct mode: switches at once */

enum exit_status {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1, /* cannot listen, out of memory */
	EXIT_USAGE = 2,	  /* bad command line or configuration */
};

struct app_spec {
	char name[APP_NAME_SIZE];
	const char *args; /* into argv; NULL without ':' */
};

struct options {
	struct ux_target listen[MAX_LISTEN];
	const char *listen_text[MAX_LISTEN];
	size_t n_listen;
	struct app_spec apps[MAX_APP_SPECS];
	size_t n_apps;
	unsigned threads;
	bool threads_set;
	bool net_set; /* --net: direct mode */
	struct ux_net_spec net;
	bool miss_send_len_set;
	uint16_t miss_send_len;
	uint32_t probe_ms; /* 0: the core's default */
	const char *key_file, *cert_file, *ca_file;
	enum plat_log_level log_level;
};

enum {
	OPT_LISTEN = 256,
	OPT_APP,
	OPT_THREADS,
	OPT_MISS_SEND_LEN,
	OPT_PROBE_INTERVAL,
	OPT_LOG_LEVEL,
	OPT_NET,
};

static const struct option long_options[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"app", required_argument, NULL, OPT_APP},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"net", required_argument, NULL, OPT_NET},
    {"miss-send-len", required_argument, NULL, OPT_MISS_SEND_LEN},
    {"probe-interval", required_argument, NULL, OPT_PROBE_INTERVAL},
    {"private-key", required_argument, NULL, 'p'},
    {"certificate", required_argument, NULL, 'c'},
    {"ca-cert", required_argument, NULL, 'C'},
    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Prints "of-controller: <message>" to stderr and exits with status 2. */
__attribute__((format(printf, 1, 2), noreturn)) static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("of-controller: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see --help)\n", stderr);
	exit(EXIT_USAGE);
}

static void print_help(void)
{
	printf("Usage: of-controller [OPTIONS]\n"
	       "OpenFlow 1.0 controller: accepts switches over TCP and TLS "
	       "and runs a chain of apps.\n"
	       "\n"
	       "Listening:\n"
	       "  --listen ptcp:[PORT][:IP]  accept plain TCP (repeatable; "
	       "default ptcp:6653)\n"
	       "  --listen pssl:[PORT][:IP]  accept TLS; needs the three "
	       "files below\n"
	       "  -p, --private-key FILE     our private key (PEM)\n"
	       "  -c, --certificate FILE     our certificate (PEM), shown "
	       "to switches\n"
	       "  -C, --ca-cert FILE         CA certificate that must sign "
	       "every switch's certificate\n"
	       "  --net tap:NAME,ip=A.B.C.D/N[,gw=G][,mac=M][,mtu=N][,vlan=N]\n"
	       "  --net tap:NAME,dhcp[,mac=M][,mtu=N][,vlan=N]\n"
	       "                             direct mode: listen on our own "
	       "TCP/IP stack (netstack)\n"
	       "                             over tap NAME instead of kernel "
	       "sockets (ptcp: only,\n"
	       "                             one worker thread; the Xen "
	       "image's network path)\n"
	       "\n"
	       "Behaviour:\n"
	       "  --app NAME[:ARGS]          add an app to the chain "
	       "(repeatable, in order; default learning)\n"
	       "  --threads N                worker threads, 1..%d "
	       "(default: online cores)\n"
	       "  --miss-send-len N          bytes of each missed packet "
	       "sent to us, 0..65535 (default 128)\n"
	       "  --probe-interval SECONDS   idle time before an echo "
	       "probe, 1..86400 (default 5)\n"
	       "\n"
	       "Logging (to stderr):\n"
	       "  --log-level LEVEL          err, warn, info or debug "
	       "(default info)\n"
	       "  -v, --verbose              same as --log-level debug\n"
	       "\n"
	       "  -h, --help                 this help\n"
	       "  -V, --version              print the version\n"
	       "\n"
	       "Apps (ARGS are key=value,... separated by commas):\n",
	       MAX_THREADS);
	for (size_t i = 0; ctl_builtin_apps[i]; i++) {
		const struct ctl_app_ops *a = ctl_builtin_apps[i];

		printf("  %-12s %s\n", a->name, a->summary ? a->summary : "");
		if (a->usage)
			printf("  %-12s args: %s\n", "", a->usage);
	}
	printf("\nExamples:\n"
	       "  of-controller\n"
	       "  of-controller --listen ptcp:6653 --listen ptcp:6633 "
	       "--app learning\n"
	       "  of-controller --listen pssl:6653 -p ctl-privkey.pem -c "
	       "ctl-cert.pem -C pki/switchca/cacert.pem\n"
	       "\n"
	       "Exit status: 0 after SIGINT/SIGTERM, 1 if it cannot run "
	       "(e.g. a port in use), 2 for a bad command line.\n");
}

/* Parses a decimal number lo..hi given to `opt`, or exits. */
static unsigned long parse_number(const char *opt, const char *s,
				  unsigned long lo, unsigned long hi)
{
	unsigned long v;

	if (!ctl_parse_uint(s, hi, &v) || v < lo)
		usage_error("%s '%s': expected a number %lu..%lu", opt, s, lo,
			    hi);
	return v;
}

/* The option as the user wrote it, for "unknown option" messages. */
static const char *option_text(char **argv, int optind_now, char *buf,
			       size_t size)
{
	if (optopt > 0 && optopt < 128) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind_now - 1];
}

static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

/* Direct mode's limits: one worker (netstack is single-threaded) and
 * plain TCP on the stack's own address. */
static void check_direct(struct options *o)
{
	if (o->threads_set && o->threads != 1)
		usage_error("--net runs one worker thread: drop --threads %u",
			    o->threads);
	o->threads = 1;
	for (size_t i = 0; i < o->n_listen; i++) {
		const struct ux_target *t = &o->listen[i];
		const struct sockaddr_in *sin = (const void *)&t->addr;

		if (t->kind != UX_TARGET_PTCP)
			usage_error("--listen %s: with --net only ptcp: "
				    "listeners (TLS needs kernel sockets)",
				    o->listen_text[i]);
		if (t->addr.ss_family != AF_INET ||
		    (sin->sin_addr.s_addr != 0 &&
		     (o->net.cfg.dhcp ||
		      ntohl(sin->sin_addr.s_addr) != o->net.cfg.ip)))
			usage_error("--listen %s: with --net the address "
				    "must be 0.0.0.0 or the --net address",
				    o->listen_text[i]);
	}
}

static void parse_args(int argc, char **argv, struct options *o)
{
	char err[ERR_SIZE], buf[8];
	int opt;

	memset(o, 0, sizeof(*o));
	o->threads = default_threads();
	o->log_level = PLAT_LOG_INFO;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:c:C:vhV", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case OPT_LISTEN:
			if (o->n_listen == MAX_LISTEN)
				usage_error("--listen %s: at most %d listen "
					    "targets",
					    optarg, MAX_LISTEN);
			if (ux_target_parse(optarg, UX_TARGETS_PASSIVE_NET,
					    &o->listen[o->n_listen], err,
					    sizeof(err)) < 0)
				usage_error("--listen '%s': %s", optarg, err);
			o->listen_text[o->n_listen++] = optarg;
			break;
		case OPT_APP: {
			struct app_spec *a = &o->apps[o->n_apps];
			const char *colon = strchr(optarg, ':');
			size_t n =
			    colon ? (size_t)(colon - optarg) : strlen(optarg);

			if (o->n_apps == MAX_APP_SPECS)
				usage_error("--app %s: at most %d apps", optarg,
					    MAX_APP_SPECS);
			if (n == 0 || n >= sizeof(a->name))
				usage_error("--app '%s': expected "
					    "NAME[:ARGS]",
					    optarg);
			memcpy(a->name, optarg, n);
			a->name[n] = '\0';
			a->args = colon ? colon + 1 : NULL;
			o->n_apps++;
			break;
		}
		case OPT_THREADS:
			o->threads = (unsigned)parse_number("--threads", optarg,
							    1, MAX_THREADS);
			o->threads_set = true;
			break;
		case OPT_NET:
			if (o->net_set)
				usage_error("--net %s: only one --net", optarg);
			if (ux_net_parse(optarg, &o->net, err, sizeof(err)) < 0)
				usage_error("--net '%s': %s", optarg, err);
			o->net_set = true;
			break;
		case OPT_MISS_SEND_LEN:
			o->miss_send_len = (uint16_t)parse_number(
			    "--miss-send-len", optarg, 0, 65535);
			o->miss_send_len_set = true;
			break;
		case OPT_PROBE_INTERVAL:
			o->probe_ms = (uint32_t)parse_number("--probe-interval",
							     optarg, 1, 86400) *
				      1000;
			break;
		case 'p':
			o->key_file = optarg;
			break;
		case 'c':
			o->cert_file = optarg;
			break;
		case 'C':
			o->ca_file = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (!ux_log_level_parse(optarg, &o->log_level))
				usage_error("--log-level '%s': expected err, "
					    "warn, info or debug",
					    optarg);
			break;
		case 'v':
			o->log_level = PLAT_LOG_DEBUG;
			break;
		case 'h':
			print_help();
			exit(EXIT_OK);
		case 'V':
			printf("%s\n", VERSION_LINE);
			exit(EXIT_OK);
		case ':':
			usage_error(
			    "option '%s' needs an argument",
			    option_text(argv, optind, buf, sizeof(buf)));
		default:
			usage_error(
			    "unknown option '%s'",
			    option_text(argv, optind, buf, sizeof(buf)));
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s' (listen targets go "
			    "after --listen)",
			    argv[optind]);
	if (o->n_listen == 0) {
		o->listen_text[0] = "ptcp:6653";
		(void)ux_target_parse("ptcp:6653", UX_TARGETS_PASSIVE_NET,
				      &o->listen[0], err, sizeof(err));
		o->n_listen = 1;
	}
	if (o->n_apps == 0) {
		snprintf(o->apps[0].name, sizeof(o->apps[0].name), "learning");
		o->n_apps = 1;
	}
	if (o->net_set)
		check_direct(o);
	for (size_t i = 0; i < o->n_listen; i++) {
		if (o->listen[i].kind != UX_TARGET_PSSL)
			continue;
		if (!o->key_file || !o->cert_file || !o->ca_file)
			usage_error(
			    "--listen %s needs --private-key, "
			    "--certificate and --ca-cert (missing:%s%s%s)",
			    o->listen_text[i],
			    o->key_file ? "" : " --private-key",
			    o->cert_file ? "" : " --certificate",
			    o->ca_file ? "" : " --ca-cert");
	}
}

/* Many switches mean many sockets: use the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct event_base *base = arg;

	(void)what;
	ux_log(PLAT_LOG_INFO, "caught %s: shutting down",
	       sig == SIGINT ? "SIGINT" : "SIGTERM");
	event_base_loopbreak(base);
}

/* Listeners' accept callback: sockets go to the workers in turn. */
static void accept_to_workers(void *ctx, int fd, struct ssl_ctx_st *tls,
			      const char *peer)
{
	ux_workers_submit(ctx, fd, tls, peer);
}

/* Everything main() builds, torn down in reverse by cleanup(). */
struct daemon {
	struct ssl_ctx_st *tls;
	struct ctl *ctl;
	struct event_base *base;
	struct ux_workers workers;
	bool workers_made;
	struct ux_listener *listeners[MAX_LISTEN];
	size_t n_listeners;
	struct ux_net *net; /* direct mode */
	struct event *sig_int, *sig_term;
};

static void cleanup(struct daemon *d)
{
	for (size_t i = 0; i < d->n_listeners; i++)
		ux_listener_close(d->listeners[i]);
	d->n_listeners = 0;
	if (d->workers_made) {
		ux_workers_stop(&d->workers);
		ux_net_close(d->net); /* its events are on worker 0's loop */
		d->net = NULL;
		ux_workers_destroy(&d->workers);
		d->workers_made = false;
	}
	ctl_destroy(d->ctl);
	ux_tls_ctx_free(d->tls);
	if (d->sig_int)
		event_free(d->sig_int);
	if (d->sig_term)
		event_free(d->sig_term);
	if (d->base)
		event_base_free(d->base);
	libevent_global_shutdown();
}

/* The upper layer of direct mode's channels: worker 0's (the same entry
 * points as its kernel sockets'). */
static struct ns_chan_upper net_upper;

/* Direct mode: netstack on the tap, on worker 0's loop, listening on
 * every --listen port. */
static int open_direct(struct daemon *d, const struct options *o, char *err,
		       size_t err_size)
{
	struct ux_worker *w = d->workers.w[0];
	int rc;

	net_upper.opened = ux_worker_upper.opened;
	net_upper.input = ux_worker_upper.input;
	net_upper.closed = ux_worker_upper.closed;
	net_upper.after = ux_worker_upper.after;
	rc = ux_net_open(&d->net, &o->net, w->base, NET_MAX_CHANS, &net_upper,
			 w, err, err_size);
	if (rc < 0)
		return rc;
	w->ext_done = ux_net_flush;
	w->ext_stop = ux_net_shutdown;
	w->ext_arg = d->net;
	for (size_t i = 0; i < o->n_listen; i++) {
		rc = ux_net_listen(d->net, o->listen[i].port, err, err_size);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Logs the configuration once everything is up. */
static void log_startup(const struct daemon *d, const struct options *o)
{
	char listening[MAX_LISTEN * UX_TARGET_STR_SIZE] = "";
	char apps[MAX_APP_SPECS * (APP_NAME_SIZE + 2)] = "";
	size_t n = 0;

	for (size_t i = 0; i < d->n_listeners && n < sizeof(listening); i++)
		n += (size_t)snprintf(listening + n, sizeof(listening) - n,
				      "%s%s", i ? " " : "",
				      ux_listener_name(d->listeners[i]));
	for (size_t i = 0; d->net && i < o->n_listen && n < sizeof(listening);
	     i++)
		n +=
		    (size_t)snprintf(listening + n, sizeof(listening) - n,
				     "%sptcp:%u (netstack on %s)", i ? " " : "",
				     o->listen[i].port, ux_net_name(d->net));
	n = 0;
	for (size_t i = 0; i < o->n_apps && n < sizeof(apps); i++)
		n += (size_t)snprintf(apps + n, sizeof(apps) - n, "%s%s",
				      i ? " " : "", o->apps[i].name);
	ux_log(PLAT_LOG_INFO,
	       "%s started: listening on %s; apps: %s; %u worker thread%s",
	       VERSION_LINE, listening, apps, o->threads,
	       o->threads == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	struct options o;
	struct daemon d;
	struct ctl_config cfg;
	char err[ERR_SIZE];
	bool need_tls = false;

	parse_args(argc, argv, &o);
	memset(&d, 0, sizeof(d));
	ux_log_set_tag("main");
	ux_log_set_level(o.log_level);
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	/* Output buffers are freed and allocated again for every chunk of
	 * input; without this, glibc hands the memory back to the kernel
	 * (madvise) each time. */
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);

	for (size_t i = 0; i < o.n_listen; i++)
		need_tls |= o.listen[i].kind == UX_TARGET_PSSL;
	if (need_tls) {
		d.tls = ux_tls_ctx_new(UX_TLS_SERVER, o.key_file, o.cert_file,
				       o.ca_file, err, sizeof(err));
		if (!d.tls) {
			fprintf(stderr, "of-controller: %s\n", err);
			cleanup(&d);
			return EXIT_USAGE;
		}
	} else if (o.key_file || o.cert_file || o.ca_file) {
		ux_log(PLAT_LOG_WARN, "TLS files given but no pssl: listener: "
				      "they are not used");
	}

	ctl_config_default(&cfg);
	if (o.miss_send_len_set)
		cfg.miss_send_len = o.miss_send_len;
	if (o.probe_ms)
		cfg.probe_ms = o.probe_ms;
	d.ctl = ctl_create(&cfg);
	if (!d.ctl) {
		fprintf(stderr, "of-controller: out of memory\n");
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < o.n_apps; i++) {
		if (ctl_add_app(d.ctl, o.apps[i].name, o.apps[i].args, err,
				sizeof(err)) != OF_OK) {
			fprintf(stderr, "of-controller: --app %s%s%s: %s\n",
				o.apps[i].name, o.apps[i].args ? ":" : "",
				o.apps[i].args ? o.apps[i].args : "", err);
			cleanup(&d);
			return EXIT_USAGE;
		}
	}

	if (evthread_use_pthreads() < 0) {
		fprintf(stderr, "of-controller: libevent has no thread "
				"support\n");
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	d.base = event_base_new();
	if (!d.base) {
		fprintf(stderr, "of-controller: cannot create an event loop\n");
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	if (ux_workers_create(&d.workers, d.ctl, o.threads, err, sizeof(err)) <
	    0) {
		fprintf(stderr, "of-controller: %s\n", err);
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	d.workers_made = true;
	if (o.net_set) {
		if (open_direct(&d, &o, err, sizeof(err)) < 0) {
			fprintf(stderr, "of-controller: %s\n", err);
			cleanup(&d);
			return EXIT_RUNTIME;
		}
	}
	for (size_t i = 0; !o.net_set && i < o.n_listen; i++) {
		const struct ux_target *t = &o.listen[i];

		if (ux_listener_open(&d.listeners[d.n_listeners], t, d.base,
				     t->kind == UX_TARGET_PSSL ? d.tls : NULL,
				     accept_to_workers, &d.workers, err,
				     sizeof(err)) < 0) {
			fprintf(stderr, "of-controller: %s\n", err);
			cleanup(&d);
			return EXIT_RUNTIME;
		}
		d.n_listeners++;
	}
	d.sig_int = evsignal_new(d.base, SIGINT, on_signal, d.base);
	d.sig_term = evsignal_new(d.base, SIGTERM, on_signal, d.base);
	if (!d.sig_int || !d.sig_term || evsignal_add(d.sig_int, NULL) < 0 ||
	    evsignal_add(d.sig_term, NULL) < 0) {
		fprintf(stderr, "of-controller: cannot handle signals\n");
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	if (ux_workers_start(&d.workers, err, sizeof(err)) < 0) {
		fprintf(stderr, "of-controller: %s\n", err);
		cleanup(&d);
		return EXIT_RUNTIME;
	}
	log_startup(&d, &o);

	event_base_dispatch(d.base);

	cleanup(&d);
	ux_log(PLAT_LOG_INFO, "stopped");
	return EXIT_OK;
}

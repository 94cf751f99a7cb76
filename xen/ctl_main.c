/* of-controller.xen: the controller core and its built-in apps on
 * netstack, on the guest's first vif; switches connect to it over TCP.
 * The command line (xl's extra=) is space-separated KEY=VALUE words:
 *   net=SETTINGS     netstack's ns_cfg.h syntax (ip=A.B.C.D/N[,gw=G] or
 *                    dhcp; the MAC is always the vif's), required
 *   port=N           the OpenFlow port to listen on (default 6653)
 *   app=NAME[:ARGS]  an app of the chain, repeatable (default learning)
 *   log=LEVEL        err, warn, info (default) or debug
 *   secs=N           power off after N seconds (default: run for ever)
 * A bad word stops the image with a clear reason (a panic: the domain
 * crashes, which xl reports). One event loop: netfront, netstack, the
 * channels and the core's timers, sleeping in SCHEDOP_poll until the next
 * deadline. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_plat.h"
#include "ns.h"
#include "ns_stack_tcp.h"
#include "ns_tcp.h"
#include "ns_tcp_chan.h"
#include "xen_boot.h"
#include "xen_console.h"
#include "xen_net.h"
#include "xen_panic.h"
#include "xen_plat.h"
#include "xen_time.h"

#define MAX_CHANS 16 /* switches at once */
#define MAX_APPS 8
#define WORD_MAX 200

struct options {
	char net[WORD_MAX];
	uint16_t port;
	char apps[MAX_APPS][WORD_MAX];
	unsigned n_apps;
	enum plat_log_level level;
	unsigned secs;
};

static struct xen_net net;
static struct ns_tcp tcp;
static struct ns_chan_pool pool;
static struct ctl_worker *worker;
static uint64_t boot_ms; /* xen_boot's start_ms */
static bool first_conn = true;

static void *up_opened(void *ctx, const struct plat_chan_ops *ops, void *impl,
		       const char *peer)
{
	(void)ctx;
	if (first_conn) {
		/* The boot-time figure: our HELLO goes out in this call. */
		first_conn = false;
		xen_printf("of-controller: first switch connection (%s) %llu "
			   "ms after boot\n",
			   peer, (unsigned long long)(xen_time_ms() - boot_ms));
	}
	return ctl_conn_open(worker, ops, impl, peer);
}

static void up_input(void *handle, const uint8_t *data, size_t size)
{
	ctl_conn_input(handle, data, size);
}

static void up_closed(void *handle)
{
	ctl_conn_closed(handle);
}

static const struct ns_chan_upper upper = {
    .opened = up_opened,
    .input = up_input,
    .closed = up_closed,
};

static uint64_t pool_now(void *ctx)
{
	(void)ctx;
	return xen_time_ms();
}

/* A decimal lo..hi. */
static int number(const char *s, unsigned long lo, unsigned long hi,
		  unsigned long *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 10)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

static void parse_cmdline(const char *line, struct options *o)
{
	const char *p = line;

	memset(o, 0, sizeof(*o));
	o->port = 6653;
	o->level = PLAT_LOG_INFO;
	while (*p) {
		char word[WORD_MAX];
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		char *eq;
		unsigned long v;

		if (n == 0) {
			p++;
			continue;
		}
		if (n >= sizeof(word))
			xen_panic("of-controller: command line word too long "
				  "(%u bytes at most)",
				  WORD_MAX - 1);
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		eq = strchr(word, '=');
		if (!eq)
			xen_panic("of-controller: \"%s\": expected KEY=VALUE "
				  "(net=, port=, app=, log=, secs=)",
				  word);
		*eq = '\0';
		if (!strcmp(word, "net")) {
			memcpy(o->net, eq + 1, strlen(eq + 1) + 1);
		} else if (!strcmp(word, "port")) {
			if (number(eq + 1, 1, 65535, &v) < 0)
				xen_panic("of-controller: port=%s: expected "
					  "1..65535",
					  eq + 1);
			o->port = (uint16_t)v;
		} else if (!strcmp(word, "app")) {
			if (o->n_apps == MAX_APPS)
				xen_panic("of-controller: at most %d apps",
					  MAX_APPS);
			memcpy(o->apps[o->n_apps++], eq + 1,
			       strlen(eq + 1) + 1);
		} else if (!strcmp(word, "log")) {
			static const char *const names[] = {"err", "warn",
							    "info", "debug"};
			unsigned i;

			for (i = 0; i < 4 && strcmp(eq + 1, names[i]); i++)
				;
			if (i == 4)
				xen_panic("of-controller: log=%s: expected "
					  "err, warn, info or debug",
					  eq + 1);
			o->level = (enum plat_log_level)i;
		} else if (!strcmp(word, "secs")) {
			if (number(eq + 1, 1, 86400 * 365, &v) < 0)
				xen_panic("of-controller: secs=%s: expected "
					  "a number of seconds",
					  eq + 1);
			o->secs = (unsigned)v;
		} else {
			xen_panic("of-controller: unknown setting \"%s=\" "
				  "(net=, port=, app=, log=, secs=)",
				  word);
		}
	}
	if (!o->net[0])
		xen_panic("of-controller: no net= on the command line (e.g. "
			  "net=ip=10.0.0.2/24,gw=10.0.0.1)");
	if (!o->n_apps) {
		memcpy(o->apps[0], "learning", 9);
		o->n_apps = 1;
	}
}

static void start_net(struct xen_boot *boot, const struct options *o)
{
	struct ns_tcp_config tcfg;
	struct ns_chan_config ccfg;
	size_t size;
	void *mem;
	int rc;

	xen_net_up(&net, boot, o->net, "of-controller");
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.max_socks = 2 * MAX_CHANS + NS_CHAN_LISTENERS;
	for (size_t i = 0; i < sizeof(tcfg.secret); i++)
		tcfg.secret[i] = (uint8_t)(xen_time_ns() >> (i % 8 * 8)) ^
				 net.vif.mac[i % 6];
	size = ns_tcp_mem_size(&tcfg);
	mem = malloc(size);
	if (!mem || ns_stack_tcp_init(net.stack, &tcp, &tcfg, mem, size) < 0)
		xen_panic("of-controller: netstack TCP does not start");
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.max_chans = MAX_CHANS;
	ccfg.outq_size = 64u << 10;
	ccfg.up = &upper;
	ccfg.now = pool_now;
	size = ns_chan_mem_size(&ccfg);
	mem = malloc(size);
	if (!mem || ns_chan_init(&pool, &ccfg, &tcp, mem, size) < 0)
		xen_panic("of-controller: out of memory for channels");
	rc = ns_chan_listen(&pool, o->port, 16);
	if (rc < 0)
		xen_panic("of-controller: listen on port %u: error %d", o->port,
			  rc);
}

void xen_main(struct xen_boot *boot)
{
	struct options o;
	struct ctl_config cc;
	struct ctl *ctl;
	char err[160], a[16];
	uint64_t end;

	boot_ms = boot->start_ms;
	parse_cmdline(boot->info.cmdline, &o);
	xen_plat_set_log_level(o.level);
	ctl_config_default(&cc);
	ctl = ctl_create(&cc);
	if (!ctl)
		xen_panic("of-controller: out of memory");
	for (unsigned i = 0; i < o.n_apps; i++) {
		char *colon = strchr(o.apps[i], ':');

		if (colon)
			*colon = '\0';
		if (ctl_add_app(ctl, o.apps[i], colon ? colon + 1 : NULL, err,
				sizeof(err)) != OF_OK)
			xen_panic("of-controller: app=%s: %s", o.apps[i], err);
	}
	worker = ctl_worker_create(ctl, 0);
	if (!worker)
		xen_panic("of-controller: out of memory");
	start_net(boot, &o);
	xen_printf("of-controller: listening on %s:%u (netstack on vif %u, "
		   "mac %02x:%02x:%02x:%02x:%02x:%02x); apps:",
		   ns_ip_str(ns_addr(net.stack), a, sizeof(a)), o.port,
		   net.vif.id, net.vif.mac[0], net.vif.mac[1], net.vif.mac[2],
		   net.vif.mac[3], net.vif.mac[4], net.vif.mac[5]);
	for (unsigned i = 0; i < o.n_apps; i++)
		xen_printf(" %s", o.apps[i]);
	xen_printf(" (%llu ms after boot, %llu KiB of pages free)\n",
		   (unsigned long long)(xen_time_ms() - boot_ms),
		   (unsigned long long)(xen_mm_free_pages(&boot->mm) * 4));
	end = o.secs ? xen_time_ms() + (uint64_t)o.secs * 1000 : UINT64_MAX;
	while (xen_time_ms() < end) {
		int got = xen_net_poll(&net, "of-controller");
		uint64_t until, t;

		if (ns_chan_pending(&pool) ||
		    ns_chan_next_deadline(&pool) <= xen_time_ms())
			ns_chan_service(&pool);
		if (ctl_worker_next_timeout(worker) == 0)
			ctl_worker_run(worker);
		ns_chan_flush(&pool);
		xen_net_flush(&net);
		if (got > 0 || ns_chan_pending(&pool))
			continue;
		until = ns_chan_next_deadline(&pool);
		t = ctl_worker_next_timeout(worker);
		if (t != UINT64_MAX && xen_time_ms() + t < until)
			until = xen_time_ms() + t;
		xen_net_sleep(&net, until < end ? until : end);
	}
	ns_chan_shutdown(&pool);
	xen_printf("of-controller: %llu connections; stopped\n",
		   (unsigned long long)pool.opened);
	xen_exit(XEN_EXIT_OK);
}

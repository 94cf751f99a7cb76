/* of-switch: the OpenFlow 1.0 software switch daemon. Parses the command
 * line, builds the switch core, opens the ports (AF_PACKET), connects to
 * the controllers, listens for management tools, and runs everything on
 * one libevent loop until SIGINT/SIGTERM. See docs/of-switch.md. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "agent.h"
#include "chan_tls.h"
#include "listen.h"
#include "plat_unix.h"
#include "port_afpacket.h"
#include "sw.h"
#include "sw_args.h"

#define ERR_SIZE 512
#define SHUTDOWN_MS 3000 /* connections get this long to flush at exit */

/* Everything main() builds, torn down in reverse by cleanup(). */
struct daemon {
	struct ssl_ctx_st *tls_client, *tls_server;
	struct event_base *base;
	struct sw *sw;
	struct ux_agent agent;
	bool agent_made;
	struct ux_port *ports[SW_MAX_PORTS];
	size_t n_ports;
	struct ux_listener *listeners[UX_SW_MAX_LISTEN];
	size_t n_listeners;
	struct event *sig_int, *sig_term;
	const char *pidfile; /* written by us: removed at exit */
};

static struct ux_sw_args args;

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct event_base *base = arg;

	(void)what;
	ux_log(PLAT_LOG_INFO, "caught %s: shutting down",
	       sig == SIGINT ? "SIGINT" : "SIGTERM");
	event_base_loopbreak(base);
}

static void cleanup(struct daemon *d)
{
	for (size_t i = 0; i < d->n_listeners; i++)
		ux_listener_close(d->listeners[i]);
	d->n_listeners = 0;
	if (d->agent_made)
		ux_agent_shutdown(&d->agent, SHUTDOWN_MS);
	for (size_t i = d->n_ports; i-- > 0;)
		ux_port_close(d->ports[i]);
	d->n_ports = 0;
	if (d->agent_made)
		ux_agent_fini(&d->agent);
	d->agent_made = false;
	sw_destroy(d->sw);
	d->sw = NULL;
	ux_tls_ctx_free(d->tls_client);
	ux_tls_ctx_free(d->tls_server);
	if (d->sig_int)
		event_free(d->sig_int);
	if (d->sig_term)
		event_free(d->sig_term);
	if (d->base)
		event_base_free(d->base);
	if (d->pidfile)
		(void)unlink(d->pidfile);
	libevent_global_shutdown();
}

/* Exits after cleanup with `status`, printing "of-switch: <err>". */
__attribute__((noreturn)) static void die(struct daemon *d, int status,
					  const char *err)
{
	fprintf(stderr, "of-switch: %s\n", err);
	cleanup(d);
	exit(status);
}

/* The default datapath id, as Open vSwitch derives it: 0000 and the
 * first port's MAC address; without ports (or if it cannot be read), a
 * random locally administered address. */
static uint64_t default_dpid(const struct ux_sw_args *a)
{
	uint8_t mac[6] = {0};
	bool have = false;
	uint64_t dpid = 0;

	if (a->n_ports) {
		struct ifreq ifr;
		int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s",
			 a->ports[0].name);
		if (fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
			memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
			have =
			    mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5];
		}
		if (fd >= 0)
			close(fd);
	}
	if (!have) {
		if (getrandom(mac, sizeof(mac), 0) != (ssize_t)sizeof(mac)) {
			uint64_t t = plat_now_ms() ^ (uint64_t)getpid() << 24;

			memcpy(mac, &t, sizeof(mac));
		}
		mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
	}
	for (int i = 0; i < 6; i++)
		dpid = dpid << 8 | mac[i];
	return dpid;
}

static void write_pidfile(struct daemon *d, const char *path)
{
	char buf[32], err[ERR_SIZE];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (fd < 0 || write(fd, buf, (size_t)n) != n) {
		snprintf(err, sizeof(err), "--pidfile %s: %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		die(d, UX_SW_EXIT_USAGE, err);
	}
	close(fd);
	d->pidfile = path;
}

/* Loads the TLS contexts the targets need. */
static void load_tls(struct daemon *d, const struct ux_sw_args *a)
{
	bool client = false, server = false;
	char err[ERR_SIZE];

	for (size_t i = 0; i < a->n_controllers; i++)
		client |= ux_target_is_tls(&a->controllers[i]);
	for (size_t i = 0; i < a->n_listen; i++)
		server |= ux_target_is_tls(&a->listen[i]);
	if (!client && !server) {
		if (a->key_file || a->cert_file || a->ca_file)
			ux_log(PLAT_LOG_WARN, "TLS files given but no ssl: "
					      "controller or pssl: listener: "
					      "they are not used");
		return;
	}
	if (client) {
		d->tls_client =
		    ux_tls_ctx_new(UX_TLS_CLIENT, a->key_file, a->cert_file,
				   a->ca_file, err, sizeof(err));
		if (!d->tls_client)
			die(d, UX_SW_EXIT_USAGE, err);
	}
	if (server) {
		d->tls_server =
		    ux_tls_ctx_new(UX_TLS_SERVER, a->key_file, a->cert_file,
				   a->ca_file, err, sizeof(err));
		if (!d->tls_server)
			die(d, UX_SW_EXIT_USAGE, err);
	}
}

static void open_ports(struct daemon *d, const struct ux_sw_args *a)
{
	char err[ERR_SIZE], msg[ERR_SIZE + 64];

	for (size_t i = 0; i < a->n_ports; i++) {
		const struct ux_sw_port_arg *p = &a->ports[i];
		int r = ux_port_open(&d->ports[d->n_ports], d->base, d->sw,
				     p->name, p->port_no, ux_agent_after,
				     &d->agent, err, sizeof(err));

		if (r < 0) {
			snprintf(msg, sizeof(msg), "--port %s: %s", p->name,
				 err);
			/* A missing or unusable interface is a bad value;
			 * permissions and memory are not. */
			die(d,
			    r == -ENODEV || r == -ENXIO || r == -EINVAL ||
				    r == -EEXIST || r == -ENOENT
				? UX_SW_EXIT_USAGE
				: UX_SW_EXIT_RUNTIME,
			    msg);
		}
		d->n_ports++;
	}
	for (size_t i = 0; i < a->n_queues; i++) {
		const struct ux_sw_queue_arg *q = &a->queues[i];

		if (sw_port_add_queue(d->sw, q->port_no, q->queue_id,
				      q->min_rate) != OF_OK) {
			snprintf(msg, sizeof(msg),
				 "--queue %s: the switch refused the queue",
				 q->text);
			die(d, UX_SW_EXIT_USAGE, msg);
		}
	}
	for (size_t i = 0; i < a->n_rates; i++)
		if (sw_port_set_rate(d->sw, a->rates[i].port_no,
				     a->rates[i].bps) != OF_OK) {
			snprintf(msg, sizeof(msg),
				 "--max-rate %s: the switch refused the rate",
				 a->rates[i].text);
			die(d, UX_SW_EXIT_USAGE, msg);
		}
}

static void open_listeners(struct daemon *d, const struct ux_sw_args *a)
{
	char err[ERR_SIZE];

	for (size_t i = 0; i < a->n_listen; i++) {
		const struct ux_target *t = &a->listen[i];

		if (ux_listener_open(&d->listeners[d->n_listeners], t, d->base,
				     ux_target_is_tls(t) ? d->tls_server : NULL,
				     a->listen_snoop[i] ? ux_agent_accept_snoop
							: ux_agent_accept,
				     &d->agent, err, sizeof(err)) < 0)
			die(d, UX_SW_EXIT_RUNTIME, err);
		d->n_listeners++;
	}
}

static void add_controllers(struct daemon *d, const struct ux_sw_args *a)
{
	char err[ERR_SIZE], msg[ERR_SIZE + UX_TARGET_STR_SIZE + 32];
	char name[UX_TARGET_STR_SIZE];

	for (size_t i = 0; i < a->n_controllers; i++) {
		const struct ux_target *t = &a->controllers[i];

		if (ux_agent_add_controller(&d->agent, t,
					    ux_target_is_tls(t) ? d->tls_client
								: NULL,
					    err, sizeof(err)) < 0) {
			ux_target_format(t, name, sizeof(name));
			snprintf(msg, sizeof(msg), "--controller %s: %s", name,
				 err);
			die(d, UX_SW_EXIT_RUNTIME, msg);
		}
	}
}

/* Appends " NAME" for each item to buf (bounded). */
static size_t append(char *buf, size_t size, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t append(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (n >= size)
		return n;
	va_start(ap, fmt);
	r = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return n;
	return n + (size_t)r < size ? n + (size_t)r : size;
}

static void log_startup(const struct daemon *d, const struct ux_sw_args *a)
{
	char ports[1024] = "", ctlrs[1024] = "", listening[1024] = "";
	char name[UX_TARGET_STR_SIZE];
	size_t n = 0;

	for (size_t i = 0; i < d->n_ports; i++)
		n = append(ports, sizeof(ports), n, "%s%s(%u)", i ? " " : "",
			   a->ports[i].name, ux_port_no(d->ports[i]));
	n = 0;
	for (size_t i = 0; i < a->n_controllers; i++) {
		ux_target_format(&a->controllers[i], name, sizeof(name));
		n = append(ctlrs, sizeof(ctlrs), n, "%s%s", i ? " " : "", name);
	}
	n = 0;
	for (size_t i = 0; i < d->n_listeners; i++)
		n = append(listening, sizeof(listening), n, "%s%s%s",
			   i ? " " : "", a->listen_snoop[i] ? "(snoop) " : "",
			   ux_listener_name(d->listeners[i]));
	ux_log(PLAT_LOG_INFO,
	       "%s started: datapath %016llx; ports: %s; controllers: %s; "
	       "listening on %s; fail %s",
	       UX_SW_VERSION_LINE, (unsigned long long)a->cfg.datapath_id,
	       ports[0] ? ports : "-", ctlrs[0] ? ctlrs : "-",
	       listening[0] ? listening : "-",
	       a->cfg.fail_mode == SW_FAIL_SECURE ? "secure" : "standalone");
}

int main(int argc, char **argv)
{
	struct daemon d;

	ux_sw_args_parse(argc, argv, &args);
	memset(&d, 0, sizeof(d));
	ux_log_set_tag("main");
	ux_log_set_level(args.log_level);
	signal(SIGPIPE, SIG_IGN);

	load_tls(&d, &args);
	if (!args.dpid_set)
		args.cfg.datapath_id = default_dpid(&args);
	d.sw = sw_create(&args.cfg);
	if (!d.sw)
		die(&d, UX_SW_EXIT_RUNTIME,
		    "cannot create the switch (out of "
		    "memory)");
	d.base = event_base_new();
	if (!d.base)
		die(&d, UX_SW_EXIT_RUNTIME, "cannot create an event loop");
	if (ux_agent_init(&d.agent, d.base, d.sw) < 0)
		die(&d, UX_SW_EXIT_RUNTIME, "out of memory");
	d.agent_made = true;
	if (args.pidfile)
		write_pidfile(&d, args.pidfile);
	open_ports(&d, &args);
	open_listeners(&d, &args);
	d.sig_int = evsignal_new(d.base, SIGINT, on_signal, d.base);
	d.sig_term = evsignal_new(d.base, SIGTERM, on_signal, d.base);
	if (!d.sig_int || !d.sig_term || evsignal_add(d.sig_int, NULL) < 0 ||
	    evsignal_add(d.sig_term, NULL) < 0)
		die(&d, UX_SW_EXIT_RUNTIME, "cannot handle signals");
	add_controllers(&d, &args);
	log_startup(&d, &args);
	ux_agent_after(&d.agent);

	event_base_dispatch(d.base);

	cleanup(&d);
	ux_log(PLAT_LOG_INFO, "stopped");
	return UX_SW_EXIT_OK;
}

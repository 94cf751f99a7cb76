/* monitor: logs every message received from and sent to every switch in the
 * ovs-ofctl text format, and every switch event, for teaching and
 * debugging. Put it last in the chain to see what the other apps sent.
 * `noecho` hides keepalive echoes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_apps.h"
#include "of_print.h"

#define MONITOR_TEXT (64 * 1024)

struct monitor_cfg {
	bool noecho;
};

static enum of_err monitor_init(struct ctl_app *app, const char *args,
				char *err, size_t err_size)
{
	struct monitor_cfg *cfg = calloc(1, sizeof(*cfg));
	char key[32], val[32];

	if (!cfg) {
		snprintf(err, err_size, "out of memory");
		return OF_E_INVALID;
	}
	while (ctl_args_next(&args, key, sizeof(key), val, sizeof(val))) {
		if (!strcmp(key, "noecho") && !val[0]) {
			cfg->noecho = true;
		} else {
			snprintf(err, err_size,
				 "unknown argument '%s' (noecho)", key);
			free(cfg);
			return OF_E_INVALID;
		}
	}
	if (args && *args) {
		snprintf(err, err_size, "bad argument '%.40s'", args);
		free(cfg);
		return OF_E_INVALID;
	}
	ctl_app_set_data(app, cfg);
	return OF_OK;
}

static void monitor_fini(struct ctl_app *app)
{
	free(ctl_app_data(app));
}

/* "dpid 0000000000000001 tcp:1.2.3.4:5" or just the peer before the
 * handshake completed. */
static void who(char *buf, size_t size, struct ctl_switch *sw, const char *peer)
{
	if (sw)
		snprintf(buf, size, "dpid %016llx %s",
			 (unsigned long long)ctl_switch_dpid(sw), peer);
	else
		snprintf(buf, size, "%s", peer);
}

static void monitor_trace(struct ctl_app *app, struct ctl_switch *sw,
			  const char *peer, bool received, const uint8_t *data,
			  size_t size)
{
	const struct monitor_cfg *cfg = ctl_app_data(app);
	char name[96], *text;
	struct of_text t;
	struct of_msg m;
	enum of_err verdict;

	if (!plat_log_enabled(PLAT_LOG_INFO))
		return;
	if (cfg->noecho && size >= 2 &&
	    (data[1] == OFPT_ECHO_REQUEST || data[1] == OFPT_ECHO_REPLY))
		return;
	text = malloc(MONITOR_TEXT);
	if (!text)
		return;
	verdict = of_decode(data, size, &m);
	of_text_init(&t, text, MONITOR_TEXT);
	of_print_msg(&t, &m);
	if (t.truncated)
		of_text_puts(&t, " ...");
	who(name, sizeof(name), sw, peer);
	if (verdict != OF_OK && received)
		ctl_log(PLAT_LOG_INFO, "monitor: %s %s (invalid: %s): %s", name,
			received ? "received" : "sent", of_err_str(verdict),
			text);
	else
		ctl_log(PLAT_LOG_INFO, "monitor: %s %s: %s", name,
			received ? "received" : "sent", text);
	free(text);
}

static enum ctl_verdict monitor_up(struct ctl_app *app, struct ctl_switch *sw)
{
	const struct of_features_reply *f = ctl_switch_features(sw);

	(void)app;
	ctl_log(PLAT_LOG_INFO,
		"monitor: switch up: dpid %016llx %s, %u buffers, %u tables, "
		"%zu ports",
		(unsigned long long)f->datapath_id, ctl_switch_peer(sw),
		f->n_buffers, f->n_tables, ctl_switch_ports(sw, NULL, 0));
	return CTL_CONTINUE;
}

static void monitor_down(struct ctl_app *app, struct ctl_switch *sw)
{
	(void)app;
	ctl_log(PLAT_LOG_INFO, "monitor: switch down: dpid %016llx %s",
		(unsigned long long)ctl_switch_dpid(sw), ctl_switch_peer(sw));
}

static void monitor_conn_event(struct ctl_app *app, struct ctl_switch *sw,
			       const char *peer, const char *what)
{
	char name[96];

	(void)app;
	who(name, sizeof(name), sw, peer);
	ctl_log(PLAT_LOG_INFO, "monitor: %s: %s", name, what);
}

const struct ctl_app_ops ctl_app_monitor = {
    .name = "monitor",
    .summary = "log every message and event (ovs-ofctl text format)",
    .usage = "noecho (hide echo keepalives)",
    .init = monitor_init,
    .fini = monitor_fini,
    .switch_up = monitor_up,
    .switch_down = monitor_down,
    .trace = monitor_trace,
    .conn_event = monitor_conn_event,
};

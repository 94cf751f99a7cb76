/* The controller: configuration, the app chain and event dispatch, the
 * registry of up switches by datapath id, workers, and logging. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_internal.h"

/* Fills cfg with the defaults documented in ctl.h. */
void ctl_config_default(struct ctl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
	cfg->probe_ms = 5000;
	cfg->handshake_ms = 10000;
	cfg->request_ms = 30000;
	cfg->max_pending = 1024;
	cfg->log_errors_per_s = 10;
}

/* Creates a controller (see ctl.h). */
struct ctl *ctl_create(const struct ctl_config *cfg)
{
	struct ctl *ctl = calloc(1, sizeof(*ctl));

	if (!ctl)
		return NULL;
	ctl->cfg = *cfg;
	if (!ctl->cfg.max_pending)
		ctl->cfg.max_pending = 1;
	return ctl;
}

/* Destroys a controller: runs each app's fini. */
void ctl_destroy(struct ctl *ctl)
{
	if (!ctl)
		return;
	for (size_t i = ctl->n_apps; i-- > 0;)
		if (ctl->apps[i].ops->fini)
			ctl->apps[i].ops->fini(&ctl->apps[i]);
	free(ctl);
}

/* Appends a built-in app to the chain (see ctl.h). */
enum of_err ctl_add_app(struct ctl *ctl, const char *name, const char *args,
			char *err, size_t err_size)
{
	const struct ctl_app_ops *ops = ctl_app_find(name);

	if (!ops) {
		snprintf(err, err_size, "unknown app '%s'", name);
		return OF_E_INVALID;
	}
	return ctl_add_app_ops(ctl, ops, args, err, err_size);
}

/* Appends an app by its ops (see ctl.h). */
enum of_err ctl_add_app_ops(struct ctl *ctl, const struct ctl_app_ops *ops,
			    const char *args, char *err, size_t err_size)
{
	const char *name = ops->name;
	struct ctl_app *app;
	enum of_err e;

	if (ctl->started || ctl->n_apps == CTL_MAX_APPS) {
		snprintf(err, err_size, "%s: at most %d apps", name,
			 CTL_MAX_APPS);
		return OF_E_INVALID;
	}
	app = &ctl->apps[ctl->n_apps];
	memset(app, 0, sizeof(*app));
	app->ops = ops;
	app->index = (unsigned)ctl->n_apps;
	if (ops->init) {
		char msg[256] = "";

		e = ops->init(app, args, msg, sizeof(msg));
		if (e != OF_OK) {
			snprintf(err, err_size, "%s: %s", name,
				 msg[0] ? msg : "bad arguments");
			return OF_E_INVALID;
		}
	} else if (args && args[0]) {
		snprintf(err, err_size, "%s: takes no arguments", name);
		return OF_E_INVALID;
	}
	app->state_off = ctl->state_size;
	ctl->state_size += (ops->switch_state_size + 15) & ~(size_t)15;
	if (ops->trace)
		ctl->tracing = true;
	ctl->n_apps++;
	return OF_OK;
}

/* Number of up switches (see ctl.h). */
size_t ctl_switch_count(struct ctl *ctl)
{
	size_t n;

	plat_lock();
	n = ctl->n_up;
	plat_unlock();
	return n;
}

/* ---- app accessors --------------------------------------------------- */

void *ctl_app_data(const struct ctl_app *app)
{
	return app->data;
}

void ctl_app_set_data(struct ctl_app *app, void *data)
{
	app->data = data;
}

const char *ctl_app_name(const struct ctl_app *app)
{
	return app->ops->name;
}

/* The built-in app called name, or NULL. */
const struct ctl_app_ops *ctl_app_find(const char *name)
{
	for (size_t i = 0; ctl_builtin_apps[i]; i++)
		if (!strcmp(ctl_builtin_apps[i]->name, name))
			return ctl_builtin_apps[i];
	return NULL;
}

/* ---- switch accessors ------------------------------------------------ */

void *ctl_switch_state(struct ctl_switch *sw, const struct ctl_app *app)
{
	if (!app->ops->switch_state_size || !sw->app_state)
		return NULL;
	return sw->app_state + app->state_off;
}

uint64_t ctl_switch_dpid(const struct ctl_switch *sw)
{
	return sw->features.datapath_id;
}

const char *ctl_switch_peer(const struct ctl_switch *sw)
{
	return sw->peer;
}

const struct of_features_reply *ctl_switch_features(const struct ctl_switch *sw)
{
	return &sw->features;
}

const struct of_phy_port *ctl_switch_port(const struct ctl_switch *sw,
					  uint16_t port_no)
{
	for (size_t i = 0; i < sw->n_ports; i++)
		if (sw->ports[i].port_no == port_no)
			return &sw->ports[i];
	return NULL;
}

size_t ctl_switch_ports(const struct ctl_switch *sw,
			const struct of_phy_port **out, size_t max)
{
	for (size_t i = 0; i < sw->n_ports && i < max; i++)
		out[i] = &sw->ports[i];
	return sw->n_ports;
}

struct ctl_worker *ctl_switch_worker(const struct ctl_switch *sw)
{
	return sw->w;
}

/* ---- workers --------------------------------------------------------- */

/* Creates a worker (see ctl_plat.h); fixes the app chain. */
struct ctl_worker *ctl_worker_create(struct ctl *ctl, unsigned index)
{
	struct ctl_worker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->ctl = ctl;
	w->index = index;
	w->log_limit.tokens = ctl->cfg.log_errors_per_s;
	plat_lock();
	ctl->started = true;
	plat_unlock();
	return w;
}

/* Destroys a worker whose connections are all closed. App timers still
 * queued are freed without firing. */
void ctl_worker_destroy(struct ctl_worker *w)
{
	if (!w)
		return;
	if (w->n_conns)
		ctl_log(PLAT_LOG_WARN,
			"worker %u destroyed with %zu open "
			"connections",
			w->index, w->n_conns);
	for (size_t i = 0; i < w->heap_len; i++)
		if (!w->heap[i]->embedded)
			free(w->heap[i]);
	free(w->heap);
	free(w);
}

const struct ctl_stats *ctl_worker_stats(const struct ctl_worker *w)
{
	return &w->stats;
}

/* ---- logging --------------------------------------------------------- */

/* Logs through the platform (see ctl.h). */
void ctl_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!plat_log_enabled(level))
		return;
	va_start(ap, fmt);
	plat_vlog(level, fmt, ap);
	va_end(ap);
}

/* Logs a peer error at most log_errors_per_s times a second per worker;
 * the next line that gets through says how many were suppressed. */
void ctl_log_peer(struct ctl_worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plat_vlog_limited(&w->log_limit, w->ctl->cfg.log_errors_per_s, fmt, ap);
	va_end(ap);
}

/* ---- registry -------------------------------------------------------- */

static size_t reg_bucket(uint64_t dpid)
{
	return (size_t)((dpid * 0x9e3779b97f4a7c15ull) >> 56) % CTL_REG_BUCKETS;
}

/* Registers an up switch; an older connection of the same datapath id is
 * unlinked and asked to close (its worker frees it later: it takes the lock
 * in ctl_registry_remove, so it stays valid while we hold it here). */
void ctl_registry_add(struct ctl_switch *sw)
{
	struct ctl *ctl = sw->w->ctl;
	size_t b = reg_bucket(sw->features.datapath_id);
	struct ctl_switch **pp, *old = NULL;
	char old_peer[CTL_PEER_SIZE] = "";

	plat_lock();
	for (pp = &ctl->reg[b]; *pp; pp = &(*pp)->reg_next) {
		if ((*pp)->features.datapath_id == sw->features.datapath_id) {
			old = *pp;
			*pp = old->reg_next;
			old->reg_next = NULL;
			ctl->n_up--;
			memcpy(old_peer, old->peer, sizeof(old_peer));
			old->ops->close(old->impl);
			break;
		}
	}
	sw->reg_next = ctl->reg[b];
	ctl->reg[b] = sw;
	sw->registered = true;
	ctl->n_up++;
	plat_unlock();
	if (old)
		ctl_log(PLAT_LOG_WARN,
			"dpid %016llx: new connection %s replaces %s, which is "
			"closed",
			(unsigned long long)sw->features.datapath_id, sw->peer,
			old_peer);
}

/* Unregisters a switch if it is still the registry's entry for its id. */
void ctl_registry_remove(struct ctl_switch *sw)
{
	struct ctl *ctl = sw->w->ctl;
	size_t b = reg_bucket(sw->features.datapath_id);

	if (!sw->registered)
		return;
	plat_lock();
	for (struct ctl_switch **pp = &ctl->reg[b]; *pp;
	     pp = &(*pp)->reg_next) {
		if (*pp == sw) {
			*pp = sw->reg_next;
			ctl->n_up--;
			break;
		}
	}
	plat_unlock();
	sw->registered = false;
}

/* ---- dispatch -------------------------------------------------------- */

/* switch_up along the chain until an app stops it. */
void ctl_dispatch_switch_up(struct ctl_switch *sw)
{
	struct ctl *ctl = sw->w->ctl;

	for (size_t i = 0; i < ctl->n_apps; i++) {
		struct ctl_app *app = &ctl->apps[i];

		if (app->ops->switch_up &&
		    app->ops->switch_up(app, sw) == CTL_STOP)
			break;
		if (sw->state == CTL_CLOSING)
			break;
	}
}

/* switch_down to every app, last first (teardown order). */
void ctl_dispatch_switch_down(struct ctl_switch *sw)
{
	struct ctl *ctl = sw->w->ctl;

	for (size_t i = ctl->n_apps; i-- > 0;) {
		struct ctl_app *app = &ctl->apps[i];

		if (app->ops->switch_down)
			app->ops->switch_down(app, sw);
	}
}

/* An asynchronous message to the chain, by type. */
void ctl_dispatch_msg(struct ctl_switch *sw, const struct of_msg *m)
{
	struct ctl *ctl = sw->w->ctl;

	for (size_t i = 0; i < ctl->n_apps; i++) {
		struct ctl_app *app = &ctl->apps[i];
		const struct ctl_app_ops *o = app->ops;
		enum ctl_verdict v = CTL_CONTINUE;

		switch (m->h.type) {
		case OFPT_PACKET_IN:
			if (o->packet_in)
				v = o->packet_in(app, sw, m);
			break;
		case OFPT_FLOW_REMOVED:
			if (o->flow_removed)
				v = o->flow_removed(app, sw, m);
			break;
		case OFPT_PORT_STATUS:
			if (o->port_status)
				v = o->port_status(app, sw, m);
			break;
		case OFPT_ERROR:
			if (o->error)
				v = o->error(app, sw, m);
			break;
		default:
			break;
		}
		if (v == CTL_STOP || sw->state == CTL_CLOSING)
			break;
	}
}

/* Every app's trace hook. */
void ctl_dispatch_trace(struct ctl_switch *sw, bool received,
			const uint8_t *data, size_t size)
{
	struct ctl *ctl = sw->w->ctl;

	for (size_t i = 0; i < ctl->n_apps; i++) {
		struct ctl_app *app = &ctl->apps[i];

		if (app->ops->trace)
			app->ops->trace(app, sw->was_up ? sw : NULL, sw->peer,
					received, data, size);
	}
}

/* Every app's conn_event hook. */
void ctl_dispatch_conn_event(struct ctl_switch *sw, const char *what)
{
	struct ctl *ctl = sw->w->ctl;

	for (size_t i = 0; i < ctl->n_apps; i++) {
		struct ctl_app *app = &ctl->apps[i];

		if (app->ops->conn_event)
			app->ops->conn_event(app, sw->was_up ? sw : NULL,
					     sw->peer, what);
	}
}

/* static: proactive flows from a file in the ovs-ofctl flow syntax (one
 * flow per line, as for `ovs-ofctl add-flows`; '#' starts a comment line),
 * installed on every switch when it comes up, so a switch that reconnects
 * gets them again. With `clear`, all flows are deleted first. The file is
 * parsed once at start; any bad line stops the controller from starting,
 * with the line number and the parser's message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_apps.h"
#include "of_parse.h"

#define STATIC_FILE_MAX (1u << 20)
#define STATIC_LINE_MAX 4096

struct static_flow {
	struct of_flow_mod fm;
	uint8_t *actions; /* fm.actions points here */
};

struct static_cfg {
	struct static_flow *flows;
	size_t n_flows;
	bool clear;
	char path[256];
};

static void static_free(struct static_cfg *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_flows; i++)
		free(cfg->flows[i].actions);
	free(cfg->flows);
	free(cfg);
}

/* Parses one line into cfg; returns false with err set. */
static bool static_line(struct static_cfg *cfg, const char *line, size_t lineno,
			char *err, size_t err_size)
{
	uint8_t act[4096];
	char msg[256];
	struct of_flow_text ft;
	struct static_flow *f;
	enum of_err e;

	e = of_parse_flow(line, OF_PARSE_ADD, &ft, act, sizeof(act), msg,
			  sizeof(msg));
	if (e == OF_E_NOSPACE)
		snprintf(msg, sizeof(msg), "too many actions");
	if (e == OF_OK && ft.table_given && ft.table_id != 0 &&
	    ft.table_id != 0xff) {
		snprintf(msg, sizeof(msg),
			 "table=%u: an OpenFlow 1.0 switch has one table "
			 "for flow-mods",
			 ft.table_id);
		e = OF_E_SYNTAX;
	}
	if (e != OF_OK) {
		snprintf(err, err_size, "%s:%zu: %s", cfg->path, lineno, msg);
		return false;
	}
	f = realloc(cfg->flows, (cfg->n_flows + 1) * sizeof(*f));
	if (!f) {
		snprintf(err, err_size, "out of memory");
		return false;
	}
	cfg->flows = f;
	f = &cfg->flows[cfg->n_flows];
	f->fm = ft.fm;
	f->actions = NULL;
	if (ft.fm.actions.size) {
		f->actions = malloc(ft.fm.actions.size);
		if (!f->actions) {
			snprintf(err, err_size, "out of memory");
			return false;
		}
		memcpy(f->actions, ft.fm.actions.p, ft.fm.actions.size);
	}
	f->fm.actions.p = f->actions;
	cfg->n_flows++;
	return true;
}

/* Splits the file into lines and parses each. */
static bool static_parse(struct static_cfg *cfg, const char *text, size_t size,
			 char *err, size_t err_size)
{
	char line[STATIC_LINE_MAX];
	size_t lineno = 0, pos = 0;

	while (pos < size) {
		const char *nl = memchr(text + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - text) : size, len = end - pos;
		const char *p;

		lineno++;
		if (len >= sizeof(line)) {
			snprintf(err, err_size, "%s:%zu: line too long",
				 cfg->path, lineno);
			return false;
		}
		if (memchr(text + pos, '\0', len)) {
			snprintf(err, err_size, "%s:%zu: NUL byte in line",
				 cfg->path, lineno);
			return false;
		}
		memcpy(line, text + pos, len);
		line[len] = '\0';
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		pos = end + 1;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (!*p || *p == '#')
			continue;
		if (!static_line(cfg, p, lineno, err, err_size))
			return false;
	}
	return true;
}

static enum of_err static_init(struct ctl_app *app, const char *args, char *err,
			       size_t err_size)
{
	struct static_cfg *cfg = calloc(1, sizeof(*cfg));
	char key[32], val[256], *text = NULL;
	size_t size;
	int rc;

	if (!cfg) {
		snprintf(err, err_size, "out of memory");
		return OF_E_INVALID;
	}
	while (ctl_args_next(&args, key, sizeof(key), val, sizeof(val))) {
		if (!strcmp(key, "file") && val[0]) {
			snprintf(cfg->path, sizeof(cfg->path), "%s", val);
		} else if (!strcmp(key, "clear") && !val[0]) {
			cfg->clear = true;
		} else {
			snprintf(err, err_size,
				 "bad argument '%s' (file=PATH, clear)", key);
			goto bad;
		}
	}
	if (args && *args) {
		snprintf(err, err_size, "bad argument '%.60s'", args);
		goto bad;
	}
	if (!cfg->path[0]) {
		snprintf(err, err_size, "needs file=PATH");
		goto bad;
	}
	text = malloc(STATIC_FILE_MAX);
	if (!text) {
		snprintf(err, err_size, "out of memory");
		goto bad;
	}
	rc = plat_read_file(cfg->path, text, STATIC_FILE_MAX, &size);
	if (rc) {
		snprintf(err, err_size, "%s: %s", cfg->path,
			 rc == -EFBIG ? "file too large (1 MiB at most)"
				      : strerror(-rc));
		goto bad;
	}
	if (!static_parse(cfg, text, size, err, err_size))
		goto bad;
	free(text);
	ctl_log(PLAT_LOG_INFO, "static: %zu flows from %s", cfg->n_flows,
		cfg->path);
	ctl_app_set_data(app, cfg);
	return OF_OK;
bad:
	free(text);
	static_free(cfg);
	return OF_E_INVALID;
}

static void static_fini(struct ctl_app *app)
{
	static_free(ctl_app_data(app));
}

static void static_done(struct ctl_switch *sw, const struct of_msg *m,
			void *arg)
{
	const struct static_cfg *cfg = arg;

	if (m && m->h.type == OFPT_BARRIER_REPLY)
		ctl_log(PLAT_LOG_INFO, "static: %zu flows installed on %016llx",
			cfg->n_flows, (unsigned long long)ctl_switch_dpid(sw));
}

static enum ctl_verdict static_up(struct ctl_app *app, struct ctl_switch *sw)
{
	struct static_cfg *cfg = ctl_app_data(app);

	if (cfg->clear) {
		struct of_flow_mod del;

		memset(&del, 0, sizeof(del));
		of_match_init_catchall(&del.match);
		del.command = OFPFC_DELETE;
		del.buffer_id = OFP_NO_BUFFER;
		del.out_port = OFPP_NONE;
		(void)ctl_flow_mod(sw, &del);
	}
	for (size_t i = 0; i < cfg->n_flows; i++)
		(void)ctl_flow_mod(sw, &cfg->flows[i].fm);
	(void)ctl_barrier(sw, app, static_done, cfg);
	return CTL_CONTINUE;
}

const struct ctl_app_ops ctl_app_static = {
    .name = "static",
    .summary = "install flows from a file (ovs-ofctl syntax) at switch-up",
    .usage = "file=PATH (one flow per line), clear (delete all flows "
	     "first)",
    .init = static_init,
    .fini = static_fini,
    .switch_up = static_up,
};

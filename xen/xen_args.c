/* The images' boot lines (see xen_args.h). */
#include <stdio.h>
#include <string.h>

#include "ns.h"
#include "ns_cfg.h"
#include "xen_args.h"

/* One word's KEY and VALUE, split at the first '='. */
struct word {
	char key[XA_WORD_MAX];
	const char *val;
};

/* The next word of *p into *w. Returns 1, 0 at the end, -1 on error. */
static int next_word(const char **p, struct word *w, char *err, size_t err_size)
{
	const char *s = *p;
	size_t n;
	char *eq;

	while (*s == ' ')
		s++;
	if (!*s)
		return 0;
	for (n = 0; s[n] && s[n] != ' '; n++)
		;
	*p = s + n;
	if (n >= sizeof(w->key)) {
		snprintf(err, err_size, "a word of %zu bytes: %d at most", n,
			 XA_WORD_MAX - 1);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			snprintf(err, err_size,
				 "a control byte (0x%02x) in the boot line", c);
			return -1;
		}
	}
	memcpy(w->key, s, n);
	w->key[n] = '\0';
	eq = strchr(w->key, '=');
	if (!eq || eq == w->key) {
		snprintf(err, err_size, "\"%s\": expected KEY=VALUE", w->key);
		return -1;
	}
	*eq = '\0';
	w->val = eq + 1;
	return 1;
}

static int bad(char *err, size_t err_size, const struct word *w,
	       const char *what)
{
	snprintf(err, err_size, "%s=%s: %s", w->key, w->val, what);
	return -1;
}

static int number(const struct word *w, unsigned long lo, unsigned long hi,
		  unsigned long *out)
{
	return ns_cfg_parse_num(w->val, strlen(w->val), lo, hi, out);
}

/* The keys both images take. Returns 1 (handled), 0 (not one of them) or
 * -1 (error). */
static int common_key(const struct word *w, char net[XA_WORD_MAX],
		      enum plat_log_level *level, unsigned *secs, char *err,
		      size_t err_size)
{
	unsigned long v;

	if (!strcmp(w->key, "net")) {
		struct ns_config cfg;
		char why[120];

		memset(&cfg, 0, sizeof(cfg));
		if (ns_cfg_parse(w->val, &cfg, why, sizeof(why)) < 0)
			return bad(err, err_size, w, why);
		memcpy(net, w->val, strlen(w->val) + 1);
		return 1;
	}
	if (!strcmp(w->key, "log")) {
		static const char *const names[] = {"err", "warn", "info",
						    "debug"};
		unsigned i;

		for (i = 0; i < 4 && strcmp(w->val, names[i]); i++)
			;
		if (i == 4)
			return bad(err, err_size, w,
				   "expected err, warn, info or debug");
		*level = (enum plat_log_level)i;
		return 1;
	}
	if (!strcmp(w->key, "secs")) {
		if (number(w, 1, 86400UL * 365, &v) < 0)
			return bad(err, err_size, w,
				   "expected 1..31536000 seconds");
		*secs = (unsigned)v;
		return 1;
	}
	return 0;
}

int xa_ctl_parse(const char *line, struct xa_ctl *o, char *err, size_t err_size)
{
	struct word w;
	unsigned long v;
	int rc;

	memset(o, 0, sizeof(*o));
	o->port = 6653;
	o->level = PLAT_LOG_INFO;
	while ((rc = next_word(&line, &w, err, err_size)) > 0) {
		rc = common_key(&w, o->net, &o->level, &o->secs, err, err_size);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (!strcmp(w.key, "port")) {
			if (number(&w, 1, 65535, &v) < 0)
				return bad(err, err_size, &w,
					   "expected 1..65535");
			o->port = (uint16_t)v;
		} else if (!strcmp(w.key, "app")) {
			if (o->n_apps == XA_MAX_APPS)
				return bad(err, err_size, &w,
					   "too many apps (8 at most)");
			if (!w.val[0] || w.val[0] == ':')
				return bad(err, err_size, &w,
					   "expected NAME[:ARGS]");
			memcpy(o->apps[o->n_apps++], w.val, strlen(w.val) + 1);
		} else {
			snprintf(err, err_size,
				 "unknown setting \"%s=\" (net=, port=, app=, "
				 "log=, secs=)",
				 w.key);
			return -1;
		}
	}
	if (rc < 0)
		return -1;
	if (!o->net[0]) {
		snprintf(err, err_size,
			 "no net= (e.g. net=ip=10.0.0.2/24,gw=10.0.0.1 or "
			 "net=dhcp)");
		return -1;
	}
	if (!o->n_apps) {
		memcpy(o->apps[0], "learning", sizeof("learning"));
		o->n_apps = 1;
	}
	return 0;
}

/* tcp:A.B.C.D[:PORT] */
static int target(const char *s, struct xa_target *t)
{
	const char *colon;
	unsigned long port = 6653;

	if (strncmp(s, "tcp:", 4))
		return -1;
	s += 4;
	colon = strchr(s, ':');
	if (ns_cfg_parse_ip(s, colon ? (size_t)(colon - s) : strlen(s),
			    &t->ip) < 0 ||
	    t->ip == 0 || t->ip >= 0xe0000000u)
		return -1;
	if (colon &&
	    ns_cfg_parse_num(colon + 1, strlen(colon + 1), 1, 65535, &port) < 0)
		return -1;
	t->port = (uint16_t)port;
	return 0;
}

static int hex64(const char *s, uint64_t *out)
{
	size_t n = strlen(s);
	uint64_t v = 0;

	if (n == 0 || n > 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

int xa_sw_parse(const char *line, struct xa_sw *o, char *err, size_t err_size)
{
	bool listen_set = false;
	struct word w;
	unsigned long v;
	int rc;

	memset(o, 0, sizeof(*o));
	o->level = PLAT_LOG_INFO;
	while ((rc = next_word(&line, &w, err, err_size)) > 0) {
		rc = common_key(&w, o->net, &o->level, &o->secs, err, err_size);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (!strcmp(w.key, "ctl")) {
			if (o->n_ctlrs == XA_MAX_CTLRS)
				return bad(err, err_size, &w,
					   "too many controllers (4 at most)");
			if (target(w.val, &o->ctlrs[o->n_ctlrs]) < 0)
				return bad(err, err_size, &w,
					   "expected tcp:A.B.C.D[:PORT]");
			o->n_ctlrs++;
		} else if (!strcmp(w.key, "listen")) {
			listen_set = true;
			if (!strcmp(w.val, "off"))
				o->listen = 0;
			else if (number(&w, 1, 65535, &v) < 0)
				return bad(err, err_size, &w,
					   "expected 1..65535 or off");
			else
				o->listen = (uint16_t)v;
		} else if (!strcmp(w.key, "ctl-vif")) {
			if (number(&w, 0, 65535, &v) < 0)
				return bad(err, err_size, &w,
					   "expected a vif number");
			o->ctl_vif = (unsigned)v;
			o->ctl_vif_set = true;
		} else if (!strcmp(w.key, "dpid")) {
			if (hex64(w.val, &o->dpid) < 0)
				return bad(err, err_size, &w,
					   "expected 1 to 16 hex digits");
			o->dpid_set = true;
		} else if (!strcmp(w.key, "fail")) {
			if (!strcmp(w.val, "secure"))
				o->standalone = false;
			else if (!strcmp(w.val, "standalone"))
				o->standalone = true;
			else
				return bad(err, err_size, &w,
					   "expected secure or standalone");
		} else {
			snprintf(
			    err, err_size,
			    "unknown setting \"%s=\" (net=, ctl=, listen=, "
			    "ctl-vif=, dpid=, fail=, log=, secs=)",
			    w.key);
			return -1;
		}
	}
	if (rc < 0)
		return -1;
	if (!o->net[0]) {
		if (o->n_ctlrs || (listen_set && o->listen) || o->ctl_vif_set) {
			snprintf(err, err_size,
				 "ctl=, listen= and ctl-vif= need net= (the "
				 "control vif's address)");
			return -1;
		}
	} else if (!listen_set) {
		o->listen = XA_DEFAULT_LISTEN;
	}
	return 0;
}

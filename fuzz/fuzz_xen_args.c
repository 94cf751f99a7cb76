/* libFuzzer target for the Xen images' boot lines (xen/xen_args.c): any
 * text is either parsed into settings that hold their invariants (a net=
 * that netstack takes, ports in range, at least one app) or refused with a
 * non-empty one-line reason. Both images' parsers see every input. */
#include <stdlib.h>
#include <string.h>

#include "ns.h"
#include "ns_cfg.h"
#include "xen_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void net_ok(const char *net)
{
	struct ns_config cfg;
	char err[160];

	memset(&cfg, 0, sizeof(cfg));
	if (ns_cfg_parse(net, &cfg, err, sizeof(err)) != 0)
		abort();
}

static void refusal_ok(const char *err)
{
	if (!err[0] || strchr(err, '\n'))
		abort(); /* a refusal always says why, on one line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[1024], err[256];
	struct xa_ctl c;
	struct xa_sw s;

	if (size >= sizeof(line))
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	err[0] = '\0';
	if (xa_ctl_parse(line, &c, err, sizeof(err)) == 0) {
		net_ok(c.net);
		if (!c.port || c.n_apps < 1 || c.n_apps > XA_MAX_APPS)
			abort();
		for (unsigned i = 0; i < c.n_apps; i++)
			if (!c.apps[i][0] || c.apps[i][0] == ':')
				abort();
	} else {
		refusal_ok(err);
	}
	err[0] = '\0';
	if (xa_sw_parse(line, &s, err, sizeof(err)) == 0) {
		if (s.net[0])
			net_ok(s.net);
		else if (s.n_ctlrs || s.listen || s.ctl_vif_set)
			abort();
		if (s.n_ctlrs > XA_MAX_CTLRS)
			abort();
		for (unsigned i = 0; i < s.n_ctlrs; i++)
			if (!s.ctlrs[i].ip || !s.ctlrs[i].port)
				abort();
	} else {
		refusal_ok(err);
	}
	return 0;
}

/* The example app of docs/controller-api.md: counts packet-ins per switch,
 * logs every thousandth, and lets the next app handle them. Built and run
 * by controller/tests/test_ctl_example.c, so the documented example keeps
 * compiling and working. */
#include "ctl.h"

struct count {
	unsigned long n;
};

static enum ctl_verdict count_pin(struct ctl_app *app, struct ctl_switch *sw,
				  const struct of_msg *m)
{
	struct count *c = ctl_switch_state(sw, app);

	if (++c->n % 1000 == 0)
		ctl_log(PLAT_LOG_INFO,
			"%016llx: %lu packet-ins (last on port %u)",
			(unsigned long long)ctl_switch_dpid(sw), c->n,
			m->u.packet_in.in_port);
	return CTL_CONTINUE;
}

const struct ctl_app_ops count_app = {
    .name = "count",
    .summary = "count packet-ins",
    .switch_state_size = sizeof(struct count),
    .packet_in = count_pin,
};

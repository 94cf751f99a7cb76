/* The documented example app (examples/app_count.c) chained before the
 * learning app: it counts and logs, and learning still answers. */
#include <string.h>

#include "check.h"
#include "fake_plat.h"

extern const struct ctl_app_ops count_app;

int main(void)
{
	struct ctl_config cfg;
	struct ctl *ctl;
	struct ctl_worker *w;
	struct fake_chan *ch;
	char err[128];
	size_t answers = 0;
	struct of_msg m;

	ctl_config_default(&cfg);
	ctl = ctl_create(&cfg);
	CHECK_EQ(ctl_add_app_ops(ctl, &count_app, NULL, err, sizeof(err)),
		 OF_OK);
	CHECK_EQ(ctl_add_app(ctl, "learning", NULL, err, sizeof(err)), OF_OK);
	w = ctl_worker_create(ctl, 0);
	ch = fake_switch(w, 0x2a, 2);
	for (int i = 0; i < 1000; i++) {
		fake_feed_hex(ch, "010a004e 00000000 ffffffff 003c 0002 00 00"
				  "ffffffffffff 00000000000a 0800"
				  "000000000000000000000000000000000000000000"
				  "000000000000000000000000000000000000000000"
				  "00000000");
		while (fake_next(ch, &m, NULL))
			answers += m.h.type == OFPT_PACKET_OUT;
	}
	CHECK_EQ(answers, 1000);
	CHECK(fake_log_has("000000000000002a: 1000 packet-ins (last on port "
			   "2)"));
	fake_close(ch);
	ctl_worker_destroy(w);
	ctl_destroy(ctl);
	return check_summary();
}

/* Direct mode's `tap:NAME,SETTINGS` (unix/net_spec.c); the settings
 * themselves are netstack/tests/test_ns_cfg.c's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "net_spec.h"

static struct ux_net_spec spec;
static char err[200];

static void bad(const char *s, const char *why)
{
	CHECK_EQ(ux_net_parse(s, &spec, err, sizeof(err)), -EINVAL);
	if (!strstr(err, why)) {
		printf("# %s: reason '%s' lacks '%s'\n", s, err, why);
		CHECK(0);
	}
}

int main(void)
{
	CHECK_EQ(ux_net_parse("tap:ctl0,ip=10.0.0.2/24,gw=10.0.0.1", &spec, err,
			      sizeof(err)),
		 0);
	CHECK_STR(spec.tap, "ctl0");
	CHECK_EQ(spec.cfg.ip, 0x0a000002);
	CHECK_EQ(spec.cfg.gw, 0x0a000001);
	CHECK_EQ(ux_net_parse("tap:A-b_c.9,dhcp", &spec, err, sizeof(err)), 0);
	CHECK_STR(spec.tap, "A-b_c.9");
	CHECK_EQ(spec.cfg.dhcp, 1);
	CHECK_EQ(
	    ux_net_parse("tap:abcdefghijklmno,dhcp", &spec, err, sizeof(err)),
	    0); /* 15 characters: the most a Linux name has */

	bad("", "expected tap:NAME");
	bad("tap", "expected tap:NAME");
	bad("tun:x,dhcp", "expected tap:NAME");
	bad("TAP:x,dhcp", "expected tap:NAME");
	bad("tap:", "1..15");
	bad("tap:,dhcp", "1..15");
	bad("tap:abcdefghijklmnop,dhcp", "1..15");
	bad("tap:a b,dhcp", "letters, digits");
	bad("tap:a/b,dhcp", "letters, digits");
	bad("tap:a:b,dhcp", "letters, digits");
	bad("tap:ctl0", "no address after the tap's name");
	bad("tap:ctl0,", "empty");
	bad("tap:ctl0,ip=10.0.0.2", "prefix length is required");
	bad("tap:ctl0,bogus", "unknown setting");
	return check_summary();
}

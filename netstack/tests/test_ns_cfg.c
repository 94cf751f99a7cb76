/* ns_cfg_parse: every accepted form, every refusal with its reason, and
 * the round trip through ns_cfg_format. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ns_cfg.h"

static struct ns_config cfg;
static char err[160];

static int parse(const char *s)
{
	memset(&cfg, 0xa5, sizeof(cfg));
	return ns_cfg_parse(s, &cfg, err, sizeof(err));
}

/* Refused, with `why` in the reason. */
static void bad(const char *s, const char *why)
{
	int rc = parse(s);

	CHECK_EQ(rc, -EINVAL);
	if (!strstr(err, why)) {
		printf("# %s: reason '%s' lacks '%s'\n", s, err, why);
		CHECK(0);
	}
}

static void roundtrip(const char *s)
{
	struct ns_config a;
	char buf[160];

	CHECK_EQ(parse(s), 0);
	a = cfg;
	ns_cfg_format(&a, buf, sizeof(buf));
	CHECK_EQ(parse(buf), 0);
	CHECK_MEM(a.mac, 6, cfg.mac, 6);
	CHECK_EQ(a.ip, cfg.ip);
	CHECK_EQ(a.prefix, cfg.prefix);
	CHECK_EQ(a.gw, cfg.gw);
	CHECK_EQ(a.dhcp, cfg.dhcp);
	CHECK_EQ(a.mtu, cfg.mtu);
	CHECK_EQ(a.vlan, cfg.vlan);
}

int main(void)
{
	static const uint8_t mac_ip[6] = {2, 0, 10, 0, 0, 2};
	static const uint8_t mac_dhcp[6] = {2, 0, 0, 0, 0, 1};
	static const uint8_t mac_set[6] = {0x52, 0x54, 0, 0xab, 0xcd, 0xef};
	char buf[160];

	/* Static, with the defaults filled in. */
	CHECK_EQ(parse("ip=10.0.0.2/24"), 0);
	CHECK_EQ(cfg.ip, 0x0a000002);
	CHECK_EQ(cfg.prefix, 24);
	CHECK_EQ(cfg.gw, 0);
	CHECK_EQ(cfg.dhcp, 0);
	CHECK_EQ(cfg.mtu, 0);
	CHECK_EQ(cfg.vlan, 0);
	CHECK_MEM(cfg.mac, 6, mac_ip, 6);
	CHECK_EQ(parse("ip=10.0.0.2/24,gw=10.0.0.1"), 0);
	CHECK_EQ(cfg.gw, 0x0a000001);
	CHECK_EQ(parse("gw=192.168.7.254,ip=192.168.7.9/24"), 0);
	CHECK_EQ(cfg.gw, 0xc0a807fe);
	CHECK_EQ(parse("ip=10.1.2.3/32"), 0);
	CHECK_EQ(parse("ip=10.1.2.0/31"), 0); /* RFC 3021: both are hosts */
	CHECK_EQ(parse("ip=10.0.0.2/8,mac=52:54:00:AB:cd:ef,mtu=1400,"
		       "vlan=4094"),
		 0);
	CHECK_MEM(cfg.mac, 6, mac_set, 6);
	CHECK_EQ(cfg.mtu, 1400);
	CHECK_EQ(cfg.vlan, 4094);
	CHECK_EQ(parse("mtu=68,ip=10.0.0.2/24"), 0);
	CHECK_EQ(parse("ip=10.0.0.2/24,mtu=1500"), 0);
	/* DHCP. */
	CHECK_EQ(parse("dhcp"), 0);
	CHECK_EQ(cfg.dhcp, 1);
	CHECK_EQ(cfg.ip, 0);
	CHECK_MEM(cfg.mac, 6, mac_dhcp, 6);
	CHECK_EQ(parse("dhcp,vlan=1,mac=52:54:00:ab:cd:ef"), 0);
	CHECK_EQ(cfg.vlan, 1);

	/* Refusals. */
	bad("", "empty");
	bad(",", "empty item");
	bad("ip=10.0.0.2/24,", "empty item");
	bad(",ip=10.0.0.2/24", "empty item");
	bad("ip=10.0.0.2/24,,mtu=1400", "empty item");
	bad("mtu=1400", "no address");
	bad("ip=10.0.0.2/24,dhcp", "give one of them");
	bad("ip", "needs a value");
	bad("ip=", "needs a value");
	bad("dhcp=1", "takes no value");
	bad("ip=10.0.0.2", "prefix length is required");
	bad("ip=10.0.0.2/", "prefix length must be 1..32");
	bad("ip=10.0.0.2/0", "prefix length must be 1..32");
	bad("ip=10.0.0.2/33", "prefix length must be 1..32");
	bad("ip=10.0.0.2/024", "prefix length must be 1..32");
	bad("ip=10.0.0.2/2x", "prefix length must be 1..32");
	bad("ip=10.0.0.300/24", "not an IPv4 address");
	bad("ip=10.0.0/24", "not an IPv4 address");
	bad("ip=10.0.0.2.5/24", "not an IPv4 address");
	bad("ip=10..0.2/24", "not an IPv4 address");
	bad("ip=010.0.0.2/24", "not an IPv4 address");
	bad("ip=-1.0.0.2/24", "not an IPv4 address");
	bad("ip= 10.0.0.2/24", "not an IPv4 address");
	bad("ip=0.0.0.0/24", "not a host address");
	bad("ip=0.1.2.3/8", "not a host address");
	bad("ip=127.0.0.1/8", "loopback");
	bad("ip=224.0.0.1/24", "multicast");
	bad("ip=255.255.255.255/24", "broadcast");
	bad("ip=10.0.0.0/24", "subnet's own address");
	bad("ip=10.0.0.255/24", "subnet's broadcast");
	bad("ip=10.0.0.2/24,gw=10.0.1.1", "subnet");
	bad("ip=10.0.0.2/24,gw=10.0.0.2", "subnet");
	bad("ip=10.0.0.2/32,gw=10.0.0.1", "subnet");
	bad("ip=10.0.0.2/24,gw=x", "not an IPv4 address");
	bad("ip=10.0.0.2/24,gw=224.0.0.1", "multicast");
	bad("dhcp,gw=10.0.0.1", "from the server");
	bad("ip=10.0.0.2/24,ip=10.0.0.3/24", "given twice");
	bad("dhcp,dhcp", "given twice");
	bad("ip=10.0.0.2/24,mac=52:54:00:ab:cd", "expected mac=");
	bad("ip=10.0.0.2/24,mac=52:54:00:ab:cd:eg", "expected mac=");
	bad("ip=10.0.0.2/24,mac=52-54-00-ab-cd-ef", "expected mac=");
	bad("ip=10.0.0.2/24,mac=52:54:00:ab:cd:ef:", "expected mac=");
	bad("ip=10.0.0.2/24,mac=01:00:5e:00:00:01", "multicast MAC");
	bad("ip=10.0.0.2/24,mac=ff:ff:ff:ff:ff:ff", "multicast MAC");
	bad("ip=10.0.0.2/24,mac=00:00:00:00:00:00", "all-zero");
	bad("ip=10.0.0.2/24,mtu=67", "68..");
	bad("ip=10.0.0.2/24,mtu=1501", "68..");
	bad("ip=10.0.0.2/24,mtu=99999999999", "68..");
	bad("ip=10.0.0.2/24,mtu=", "needs a value");
	bad("ip=10.0.0.2/24,vlan=0", "1..4094");
	bad("ip=10.0.0.2/24,vlan=4095", "1..4094");
	bad("ip=10.0.0.2/24,speed=10", "unknown setting");
	bad("IP=10.0.0.2/24", "unknown setting");
	bad("ip=10.0.0.2/24 ", "prefix length");
	/* A long item is cut in the reason, which stays one line. */
	memset(buf, 'x', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	bad(buf, "unknown setting");
	CHECK(strlen(err) < sizeof(err) - 1);
	CHECK(strchr(err, '\n') == NULL);
	/* Control bytes in the input do not reach the reason. */
	bad("ip=10.0.0.2/24,dh\ncp", "dh?cp: unknown setting");
	/* A short err buffer is not overrun. */
	{
		char small[8];

		memset(small, 'Z', sizeof(small));
		CHECK_EQ(ns_cfg_parse("bogus", &cfg, small, 4), -EINVAL);
		CHECK_EQ(small[3], '\0');
		CHECK_EQ(small[4], 'Z');
	}

	/* Round trips. */
	roundtrip("ip=10.0.0.2/24");
	roundtrip("ip=10.0.0.2/24,gw=10.0.0.1,mtu=1400,vlan=7");
	roundtrip("dhcp,mac=52:54:00:ab:cd:ef,vlan=100");
	CHECK_EQ(parse("ip=10.0.0.2/24,gw=10.0.0.1"), 0);
	CHECK_STR(ns_cfg_format(&cfg, buf, sizeof(buf)),
		  "ip=10.0.0.2/24,gw=10.0.0.1,mac=02:00:0a:00:00:02");
	return check_summary();
}

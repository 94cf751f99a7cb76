/* Tests of the images' boot-line parsers (xen/xen_args.c): defaults,
 * every key of both images, repeats and limits, and refusals, each with a
 * one-line reason naming the word. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "xen_args.h"

static char err[256];

static int ctl(const char *line, struct xa_ctl *o)
{
	err[0] = '\0';
	return xa_ctl_parse(line, o, err, sizeof(err));
}

static int sw(const char *line, struct xa_sw *o)
{
	err[0] = '\0';
	return xa_sw_parse(line, o, err, sizeof(err));
}

/* Refused, with a one-line reason containing `want`. */
static void ctl_bad(const char *line, const char *want)
{
	struct xa_ctl o;

	CHECK_EQ(ctl(line, &o), -1);
	if (!CHECK(strstr(err, want) != NULL))
		fprintf(stderr, "  \"%s\": \"%s\", wanted \"%s\"\n", line, err,
			want);
	CHECK(!strchr(err, '\n'));
}

static void sw_bad(const char *line, const char *want)
{
	struct xa_sw o;

	CHECK_EQ(sw(line, &o), -1);
	if (!CHECK(strstr(err, want) != NULL))
		fprintf(stderr, "  \"%s\": \"%s\", wanted \"%s\"\n", line, err,
			want);
	CHECK(!strchr(err, '\n'));
}

static void test_ctl(void)
{
	struct xa_ctl o;
	char line[600];

	CHECK_EQ(ctl("net=ip=10.0.0.2/24", &o), 0);
	CHECK_STR(o.net, "ip=10.0.0.2/24");
	CHECK_EQ(o.port, 6653);
	CHECK_EQ(o.n_apps, 1);
	CHECK_STR(o.apps[0], "learning");
	CHECK_EQ(o.level, PLAT_LOG_INFO);
	CHECK_EQ(o.secs, 0);
	CHECK_EQ(ctl("  net=dhcp   port=6633 app=hub app=firewall:x.conf "
		     "log=debug secs=30  ",
		     &o),
		 0);
	CHECK_STR(o.net, "dhcp");
	CHECK_EQ(o.port, 6633);
	CHECK_EQ(o.n_apps, 2);
	CHECK_STR(o.apps[1], "firewall:x.conf");
	CHECK_EQ(o.level, PLAT_LOG_DEBUG);
	CHECK_EQ(o.secs, 30);
	CHECK_EQ(ctl("net=dhcp log=err", &o), 0);
	CHECK_EQ(o.level, PLAT_LOG_ERR);

	ctl_bad("", "no net=");
	ctl_bad("port=6653", "no net=");
	ctl_bad("net=ip=10.0.0.300/24", "net=ip=10.0.0.300/24: ");
	ctl_bad("net=dhcp port=0", "port=0: expected 1..65535");
	ctl_bad("net=dhcp port=65536", "port=65536");
	ctl_bad("net=dhcp port=06653", "port=06653");
	ctl_bad("net=dhcp port=", "port=: expected");
	ctl_bad("net=dhcp log=loud", "log=loud: expected err, warn, info");
	ctl_bad("net=dhcp secs=0", "secs=0");
	ctl_bad("net=dhcp secs=-1", "secs=-1");
	ctl_bad("net=dhcp app=", "app=: expected NAME");
	ctl_bad("net=dhcp app=:x", "app=:x");
	ctl_bad("net=dhcp bogus=1", "unknown setting \"bogus=\"");
	ctl_bad("net=dhcp word", "\"word\": expected KEY=VALUE");
	ctl_bad("net=dhcp =x", "\"=x\": expected KEY=VALUE");
	ctl_bad("net=dhcp app=a\nb", "a control byte (0x0a)");
	ctl_bad("net=dhcp\tport=1", "a control byte (0x09)");
	strcpy(line, "net=dhcp");
	for (int i = 0; i < 9; i++)
		strcat(line, " app=hub");
	ctl_bad(line, "too many apps");
	memset(line, 'a', 300);
	memcpy(line, "app=", 4);
	line[300] = '\0';
	ctl_bad(line, "a word of 300 bytes");
	/* One byte under the limit is a word. */
	memset(line, 'a', XA_WORD_MAX - 1);
	memcpy(line, "app=", 4);
	line[XA_WORD_MAX - 1] = '\0';
	CHECK_EQ(ctl(line, &o), -1);
	CHECK(strstr(err, "no net=") != NULL);
}

static void test_sw(void)
{
	struct xa_sw o;

	CHECK_EQ(sw("", &o), 0);
	CHECK_STR(o.net, "");
	CHECK_EQ(o.n_ctlrs, 0);
	CHECK_EQ(o.listen, 0);
	CHECK(!o.standalone && !o.dpid_set && !o.ctl_vif_set);
	CHECK_EQ(sw("fail=standalone", &o), 0);
	CHECK(o.standalone);
	CHECK_EQ(sw("net=ip=10.0.0.3/24", &o), 0);
	CHECK_EQ(o.listen, XA_DEFAULT_LISTEN);
	CHECK_EQ(sw("net=dhcp ctl=tcp:10.0.0.2 ctl=tcp:10.0.0.9:6633 "
		    "listen=off ctl-vif=2 dpid=00000000DeadBeef fail=secure "
		    "log=warn secs=5",
		    &o),
		 0);
	CHECK_EQ(o.n_ctlrs, 2);
	CHECK_EQ(o.ctlrs[0].ip, 0x0a000002);
	CHECK_EQ(o.ctlrs[0].port, 6653);
	CHECK_EQ(o.ctlrs[1].ip, 0x0a000009);
	CHECK_EQ(o.ctlrs[1].port, 6633);
	CHECK_EQ(o.listen, 0);
	CHECK(o.ctl_vif_set);
	CHECK_EQ(o.ctl_vif, 2);
	CHECK(o.dpid_set);
	CHECK_EQ(o.dpid, 0xdeadbeef);
	CHECK(!o.standalone);
	CHECK_EQ(o.level, PLAT_LOG_WARN);
	CHECK_EQ(o.secs, 5);
	CHECK_EQ(sw("net=dhcp listen=7000 dpid=ffffffffffffffff", &o), 0);
	CHECK_EQ(o.listen, 7000);
	CHECK(o.dpid == UINT64_MAX);

	sw_bad("ctl=tcp:10.0.0.2", "need net=");
	sw_bad("listen=6634", "need net=");
	sw_bad("ctl-vif=1", "need net=");
	sw_bad("net=dhcp ctl=udp:10.0.0.2",
	       "ctl=udp:10.0.0.2: expected tcp:A.B.C.D[:PORT]");
	sw_bad("net=dhcp ctl=tcp:10.0.0", "ctl=tcp:10.0.0:");
	sw_bad("net=dhcp ctl=tcp:0.0.0.0", "ctl=tcp:0.0.0.0:");
	sw_bad("net=dhcp ctl=tcp:224.0.0.1", "ctl=tcp:224.0.0.1:");
	sw_bad("net=dhcp ctl=tcp:10.0.0.2:0", "ctl=tcp:10.0.0.2:0:");
	sw_bad("net=dhcp ctl=tcp:10.0.0.2:", "ctl=tcp:10.0.0.2::");
	sw_bad("net=dhcp ctl=tcp:10.0.0.2:6653:1", "ctl=tcp:10.0.0.2:6653:1");
	sw_bad("net=dhcp ctl=tcp:1.1.1.1 ctl=tcp:1.1.1.2 ctl=tcp:1.1.1.3 "
	       "ctl=tcp:1.1.1.4 ctl=tcp:1.1.1.5",
	       "too many controllers");
	sw_bad("net=dhcp listen=0", "listen=0: expected 1..65535 or off");
	sw_bad("net=dhcp ctl-vif=x", "ctl-vif=x: expected a vif number");
	sw_bad("dpid=", "dpid=: expected 1 to 16 hex digits");
	sw_bad("dpid=12345678901234567", "dpid=12345678901234567");
	sw_bad("dpid=0x5a", "dpid=0x5a");
	sw_bad("fail=open", "fail=open: expected secure or standalone");
	sw_bad("net=", "net=: ");
	sw_bad("port=1", "unknown setting \"port=\"");
	sw_bad("log=", "log=: expected");
}

int main(void)
{
	test_ctl();
	test_sw();
	return check_summary();
}

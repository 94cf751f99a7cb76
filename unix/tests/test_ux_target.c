/* Listen target parsing and printing (unix/target.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "target.h"

/* Parses `s`, expecting success, and compares the canonical form. */
static void ok(const char *s, const char *canonical)
{
	struct ux_target t;
	char err[160] = "", buf[UX_TARGET_STR_SIZE];

	if (!CHECK_EQ(ux_target_parse(s, &t, err, sizeof(err)), 0))
		return;
	ux_target_format(&t, buf, sizeof(buf));
	CHECK_STR(buf, canonical);
}

/* Parses `s`, expecting -EINVAL with a reason containing `why`. */
static void bad(const char *s, const char *why)
{
	struct ux_target t;
	char err[160] = "";

	CHECK_EQ(ux_target_parse(s, &t, err, sizeof(err)), -EINVAL);
	if (!CHECK(strstr(err, why) != NULL))
		CHECK_STR(err, why);
}

static void test_good(void)
{
	ok("ptcp:6653", "ptcp:6653:0.0.0.0");
	ok("ptcp:6633:127.0.0.1", "ptcp:6633:127.0.0.1");
	ok("pssl:6654:10.1.2.3", "pssl:6654:10.1.2.3");
	ok("ptcp", "ptcp:6653:0.0.0.0");
	ok("ptcp:", "ptcp:6653:0.0.0.0");
	ok("ptcp::127.0.0.1", "ptcp:6653:127.0.0.1");
	ok("ptcp:0", "ptcp:0:0.0.0.0");
	ok("ptcp:65535", "ptcp:65535:0.0.0.0");
	ok("ptcp:6653:[::1]", "ptcp:6653:[::1]");
	ok("pssl:6653:::", "pssl:6653:[::]");
	ok("ptcp:6653:fe80::1", "ptcp:6653:[fe80::1]");
}

static void test_bad(void)
{
	bad("tcp:x", "unknown target type");
	bad("tcp:127.0.0.1:6653", "unknown target type");
	bad("ssl:6653", "unknown target type");
	bad("ptcpx:6653", "unknown target type");
	bad("", "unknown target type");
	bad("ptcp:65536", "port '65536'");
	bad("ptcp:123456", "port '123456'");
	bad("ptcp:-1", "port '-1'");
	bad("ptcp:66x", "port '66x'");
	bad("ptcp: 6653", "port ' 6653'");
	bad("ptcp:6653:localhost", "'localhost' is not an IPv4 or IPv6");
	bad("ptcp:6653:", "'' is not an IPv4");
	bad("ptcp:6653:1.2.3", "is not an IPv4");
	bad("ptcp:6653:[1.2.3.4]", "is not an IPv4");
	bad("ptcp:6653:[::1", "is not an IPv4");
	bad("ptcp:6653:[]", "is not an IPv4");
}

/* The bind address carries the family and the port in network order. */
static void test_sockaddr(void)
{
	struct ux_target t;
	char err[160], buf[UX_ADDR_STR_SIZE];
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&t.addr;

	CHECK_EQ(ux_target_parse("ptcp:6633:192.168.1.2", &t, err, sizeof(err)),
		 0);
	CHECK_EQ(t.kind, UX_TARGET_PTCP);
	CHECK_EQ(t.port, 6633);
	CHECK_EQ(t.addr.ss_family, AF_INET);
	CHECK_EQ(t.addr_size, sizeof(struct sockaddr_in));
	CHECK_EQ(ntohs(sin->sin_port), 6633);
	ux_sockaddr_format((const struct sockaddr *)&t.addr, buf, sizeof(buf));
	CHECK_STR(buf, "192.168.1.2:6633");

	CHECK_EQ(ux_target_parse("pssl:1:[2001:db8::ff]", &t, err, sizeof(err)),
		 0);
	CHECK_EQ(t.kind, UX_TARGET_PSSL);
	CHECK_EQ(t.addr.ss_family, AF_INET6);
	CHECK_EQ(t.addr_size, sizeof(struct sockaddr_in6));
	ux_sockaddr_format((const struct sockaddr *)&t.addr, buf, sizeof(buf));
	CHECK_STR(buf, "[2001:db8::ff]:1");
}

/* A long garbage target still gives a bounded, terminated message. */
static void test_long(void)
{
	char s[400], err[64];
	struct ux_target t;

	memset(s, '9', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	memcpy(s, "ptcp:", 5);
	CHECK_EQ(ux_target_parse(s, &t, err, sizeof(err)), -EINVAL);
	CHECK(strlen(err) < sizeof(err));
	memcpy(s, "ptcp:1:", 7);
	CHECK_EQ(ux_target_parse(s, &t, err, sizeof(err)), -EINVAL);
	CHECK(strlen(err) < sizeof(err));
}

int main(void)
{
	test_good();
	test_bad();
	test_sockaddr();
	test_long();
	return check_summary();
}

/* Connection target parsing and printing (unix/target.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "target.h"

/* Parses `s` as one of `kinds`, expecting success, and compares the
 * canonical form, which must parse back to the same target. */
static void ok_k(unsigned kinds, const char *s, const char *canonical)
{
	struct ux_target t, t2;
	char err[200] = "", buf[UX_TARGET_STR_SIZE];

	if (!CHECK_EQ(ux_target_parse(s, kinds, &t, err, sizeof(err)), 0)) {
		CHECK_STR(err, "");
		return;
	}
	ux_target_format(&t, buf, sizeof(buf));
	CHECK_STR(buf, canonical);
	if (!CHECK_EQ(ux_target_parse(buf, kinds, &t2, err, sizeof(err)), 0))
		return;
	CHECK_EQ(t2.kind, t.kind);
	CHECK_EQ(t2.port, t.port);
	CHECK_EQ(t2.addr_size, t.addr_size);
	CHECK(memcmp(&t2.addr, &t.addr, t.addr_size) == 0);
}

/* Parses `s` as one of `kinds`, expecting -EINVAL with a reason
 * containing `why`. */
static void bad_k(unsigned kinds, const char *s, const char *why)
{
	struct ux_target t;
	char err[200] = "";

	CHECK_EQ(ux_target_parse(s, kinds, &t, err, sizeof(err)), -EINVAL);
	if (!CHECK(strstr(err, why) != NULL))
		CHECK_STR(err, why);
}

/* The controller's listen targets. */
static void ok(const char *s, const char *canonical)
{
	ok_k(UX_TARGETS_PASSIVE_NET, s, canonical);
}

static void bad(const char *s, const char *why)
{
	bad_k(UX_TARGETS_PASSIVE_NET, s, why);
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
	bad("punix:/tmp/x", "expected ptcp:[PORT][:IP] or pssl:[PORT][:IP])");
}

/* of-switch's listeners: punix too. */
static void test_punix(void)
{
	const unsigned k = UX_TARGETS_PASSIVE;
	struct ux_target t;
	char err[200], path[200];
	const struct sockaddr_un *sun = (const struct sockaddr_un *)&t.addr;

	ok_k(k, "punix:/tmp/sw.mgmt", "punix:/tmp/sw.mgmt");
	ok_k(k, "punix:rel/a:b", "punix:rel/a:b");
	ok_k(k, "ptcp:0:127.0.0.1", "ptcp:0:127.0.0.1");
	bad_k(k, "punix:", "expected punix:PATH");
	bad_k(k, "punix", "expected punix:PATH");
	bad_k(k, "unix:/tmp/x",
	      "expected ptcp:[PORT][:IP], pssl:[PORT][:IP] "
	      "or punix:PATH)");
	bad_k(k, "tcp:127.0.0.1", "unknown target type");

	CHECK_EQ(ux_target_parse("punix:/run/x", k, &t, err, sizeof(err)), 0);
	CHECK_EQ(t.kind, UX_TARGET_PUNIX);
	CHECK_STR(t.path, "/run/x");
	CHECK_EQ(sun->sun_family, AF_UNIX);
	CHECK_STR(sun->sun_path, "/run/x");

	/* The longest path that fits, and one byte more. */
	memcpy(path, "punix:", 6);
	memset(path + 6, 'a', UX_PATH_MAX);
	path[6 + UX_PATH_MAX] = '\0';
	CHECK_EQ(ux_target_parse(path, k, &t, err, sizeof(err)), 0);
	CHECK_EQ(strlen(t.path), UX_PATH_MAX);
	path[6 + UX_PATH_MAX] = 'a';
	path[7 + UX_PATH_MAX] = '\0';
	bad_k(k, path, "longer than 107 bytes");
}

/* of-switch's controllers. */
static void test_active(void)
{
	const unsigned k = UX_TARGETS_ACTIVE;
	struct ux_target t;
	char err[200];
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&t.addr;

	ok_k(k, "tcp:127.0.0.1", "tcp:127.0.0.1:6653");
	ok_k(k, "tcp:10.0.0.1:6633", "tcp:10.0.0.1:6633");
	ok_k(k, "ssl:192.0.2.1:65535", "ssl:192.0.2.1:65535");
	ok_k(k, "tcp:[::1]", "tcp:[::1]:6653");
	ok_k(k, "tcp:[::1]:6654", "tcp:[::1]:6654");
	ok_k(k, "ssl:[2001:db8::1]:1", "ssl:[2001:db8::1]:1");
	ok_k(k, "tcp:::1", "tcp:[::1]:6653");
	ok_k(k, "tcp:fe80::2", "tcp:[fe80::2]:6653");

	bad_k(k, "tcp:", "expected an IP address");
	bad_k(k, "tcp", "expected an IP address");
	bad_k(k, "tcp::6653", "expected an IP address");
	bad_k(k, "tcp:127.0.0.1:", "port '' is not a number 1..65535");
	bad_k(k, "tcp:127.0.0.1:0", "port '0' is not a number 1..65535");
	bad_k(k, "tcp:127.0.0.1:65536", "port '65536'");
	bad_k(k, "tcp:127.0.0.1:x", "port 'x'");
	bad_k(k, "tcp:localhost:6653", "'localhost' is not an IPv4 or IPv6");
	bad_k(k, "tcp:[127.0.0.1]:6653", "is not an IPv4");
	bad_k(k, "tcp:[::1:6653", "is not an IPv4");
	bad_k(k, "tcp:[::1]x", "is not an IPv4");
	bad_k(k, "tcp:[]:1", "is not an IPv4");
	bad_k(k, "ptcp:6653",
	      "unknown target type (expected tcp:IP[:PORT] or "
	      "ssl:IP[:PORT])");
	bad_k(k, "tls:1.2.3.4", "unknown target type");

	CHECK_EQ(ux_target_parse("ssl:10.1.2.3:6699", k, &t, err, sizeof(err)),
		 0);
	CHECK_EQ(t.kind, UX_TARGET_SSL);
	CHECK(ux_target_is_tls(&t));
	CHECK_EQ(t.port, 6699);
	CHECK_EQ(sin->sin_family, AF_INET);
	CHECK_EQ(ntohs(sin->sin_port), 6699);
	CHECK_EQ(ux_target_parse("tcp:10.1.2.3", k, &t, err, sizeof(err)), 0);
	CHECK(!ux_target_is_tls(&t));
}

/* The bind address carries the family and the port in network order. */
static void test_sockaddr(void)
{
	struct ux_target t;
	char err[160], buf[UX_ADDR_STR_SIZE];
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&t.addr;

	CHECK_EQ(ux_target_parse("ptcp:6633:192.168.1.2",
				 UX_TARGETS_PASSIVE_NET, &t, err, sizeof(err)),
		 0);
	CHECK_EQ(t.kind, UX_TARGET_PTCP);
	CHECK_EQ(t.port, 6633);
	CHECK_EQ(t.addr.ss_family, AF_INET);
	CHECK_EQ(t.addr_size, sizeof(struct sockaddr_in));
	CHECK_EQ(ntohs(sin->sin_port), 6633);
	ux_sockaddr_format((const struct sockaddr *)&t.addr, buf, sizeof(buf));
	CHECK_STR(buf, "192.168.1.2:6633");

	CHECK_EQ(ux_target_parse("pssl:1:[2001:db8::ff]",
				 UX_TARGETS_PASSIVE_NET, &t, err, sizeof(err)),
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
	CHECK_EQ(ux_target_parse(s, UX_TARGETS_ALL, &t, err, sizeof(err)),
		 -EINVAL);
	CHECK(strlen(err) < sizeof(err));
	memcpy(s, "ptcp:1:", 7);
	CHECK_EQ(ux_target_parse(s, UX_TARGETS_ALL, &t, err, sizeof(err)),
		 -EINVAL);
	CHECK(strlen(err) < sizeof(err));
}

int main(void)
{
	test_good();
	test_bad();
	test_punix();
	test_active();
	test_sockaddr();
	test_long();
	return check_summary();
}

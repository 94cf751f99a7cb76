/* Parsing and printing of connection targets (see target.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "target.h"

#define IP_TEXT_SIZE 64

struct scheme {
	const char *name;
	enum ux_target_kind kind;
	const char *syntax;
};

static const struct scheme schemes[] = {
    {"ptcp", UX_TARGET_PTCP, "ptcp:[PORT][:IP]"},
    {"pssl", UX_TARGET_PSSL, "pssl:[PORT][:IP]"},
    {"punix", UX_TARGET_PUNIX, "punix:PATH"},
    {"tcp", UX_TARGET_TCP, "tcp:IP[:PORT]"},
    {"ssl", UX_TARGET_SSL, "ssl:IP[:PORT]"},
};

#define N_SCHEMES (sizeof(schemes) / sizeof(schemes[0]))

/* Parses a decimal port; empty means the default. */
static int parse_port(const char *s, size_t n, uint16_t *port)
{
	unsigned long v = 0;

	if (n == 0) {
		*port = UX_DEFAULT_PORT;
		return 0;
	}
	if (n > 5)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > 65535)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* Parses the IPv4 or IPv6 literal s[0..n) (brackets optional for IPv6)
 * into the target's address, with t->port. */
static int parse_ip(const char *s, size_t n, struct ux_target *t)
{
	char ip[IP_TEXT_SIZE];
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t->addr;
	int bracketed = n >= 2 && s[0] == '[' && s[n - 1] == ']';

	if (bracketed) {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(ip))
		return -EINVAL;
	memcpy(ip, s, n);
	ip[n] = '\0';
	memset(&t->addr, 0, sizeof(t->addr));
	if (!bracketed && inet_pton(AF_INET, ip, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(t->port);
		t->addr_size = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, ip, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(t->port);
		t->addr_size = sizeof(*sin6);
		return 0;
	}
	return -EINVAL;
}

/* "unknown target type (expected A, B or C)", for the kinds accepted. */
static void unknown_kind(unsigned kinds, char *err, size_t err_size)
{
	size_t n = 0, count = 0, seen = 0;
	int r;

	for (size_t i = 0; i < N_SCHEMES; i++)
		count += (kinds & UX_TARGET_BIT(schemes[i].kind)) != 0;
	r = snprintf(err, err_size, "unknown target type (expected ");
	for (size_t i = 0; i < N_SCHEMES && r >= 0; i++) {
		const char *sep;

		if (!(kinds & UX_TARGET_BIT(schemes[i].kind)))
			continue;
		n += (size_t)r;
		if (n >= err_size)
			return;
		sep = seen == 0 ? "" : seen + 1 == count ? " or " : ", ";
		r = snprintf(err + n, err_size - n, "%s%s", sep,
			     schemes[i].syntax);
		seen++;
	}
	if (r < 0)
		return;
	n += (size_t)r;
	if (n < err_size)
		snprintf(err + n, err_size - n, ")");
}

/* "punix:PATH". */
static int parse_unix(const char *rest, struct ux_target *t, char *err,
		      size_t err_size)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&t->addr;
	size_t n = strlen(rest);

	if (n == 0) {
		snprintf(err, err_size, "expected punix:PATH");
		return -EINVAL;
	}
	if (n > UX_PATH_MAX) {
		snprintf(err, err_size,
			 "the path is longer than %zu bytes (the limit of a "
			 "Unix socket address)",
			 (size_t)UX_PATH_MAX);
		return -EINVAL;
	}
	memcpy(t->path, rest, n + 1);
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, rest, n + 1);
	t->addr_size =
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

/* "[PORT][:IP]" of ptcp: and pssl:. */
static int parse_passive(const char *rest, struct ux_target *t, char *err,
			 size_t err_size)
{
	const char *colon = strchr(rest, ':');
	size_t port_len = colon ? (size_t)(colon - rest) : strlen(rest);
	const char *ip = colon ? colon + 1 : "0.0.0.0";

	if (parse_port(rest, port_len, &t->port) < 0) {
		snprintf(err, err_size, "port '%.*s' is not a number 0..65535",
			 (int)(port_len > 20 ? 20 : port_len), rest);
		return -EINVAL;
	}
	if (parse_ip(ip, strlen(ip), t) < 0) {
		snprintf(err, err_size,
			 "'%.64s' is not an IPv4 or IPv6 address (names are "
			 "not resolved)",
			 ip);
		return -EINVAL;
	}
	return 0;
}

/* "IP[:PORT]" of tcp: and ssl: (IPv6 in brackets, or bare without a
 * port). */
static int parse_active(const char *rest, struct ux_target *t, char *err,
			size_t err_size)
{
	size_t ip_len, n = strlen(rest);
	const char *port = NULL;

	if (rest[0] == '[') {
		const char *close = strchr(rest, ']');

		ip_len = close ? (size_t)(close - rest) + 1 : n;
		if (close && close[1] == ':')
			port = close + 2;
		else if (close && close[1] != '\0')
			ip_len = n; /* garbage after ']': refused below */
	} else {
		const char *colon = strchr(rest, ':');

		if (colon && strchr(colon + 1, ':')) {
			ip_len = n; /* bare IPv6, no port */
		} else {
			ip_len = colon ? (size_t)(colon - rest) : n;
			port = colon ? colon + 1 : NULL;
		}
	}
	if (port) {
		size_t port_len = strlen(port);

		if (parse_port(port, port_len, &t->port) < 0 || port_len == 0 ||
		    t->port == 0) {
			snprintf(err, err_size,
				 "port '%.*s' is not a number 1..65535",
				 (int)(port_len > 20 ? 20 : port_len), port);
			return -EINVAL;
		}
	} else {
		t->port = UX_DEFAULT_PORT;
	}
	if (ip_len == 0) {
		snprintf(err, err_size,
			 "expected an IP address (tcp:IP[:PORT], IPv6 in "
			 "brackets)");
		return -EINVAL;
	}
	if (parse_ip(rest, ip_len, t) < 0) {
		snprintf(err, err_size,
			 "'%.*s' is not an IPv4 or IPv6 address (names are "
			 "not resolved; IPv6 with a port goes in brackets)",
			 (int)(ip_len > 64 ? 64 : ip_len), rest);
		return -EINVAL;
	}
	return 0;
}

/* Parses a target (see target.h). */
int ux_target_parse(const char *s, unsigned kinds, struct ux_target *t,
		    char *err, size_t err_size)
{
	const struct scheme *sc = NULL;
	const char *rest = NULL;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < N_SCHEMES; i++) {
		size_t n = strlen(schemes[i].name);

		if (!(kinds & UX_TARGET_BIT(schemes[i].kind)) ||
		    strncmp(s, schemes[i].name, n) != 0)
			continue;
		if (s[n] != '\0' && s[n] != ':')
			continue;
		sc = &schemes[i];
		rest = s[n] == ':' ? s + n + 1 : s + n;
		break;
	}
	if (!sc) {
		unknown_kind(kinds, err, err_size);
		return -EINVAL;
	}
	t->kind = sc->kind;
	switch (sc->kind) {
	case UX_TARGET_PUNIX:
		return parse_unix(rest, t, err, err_size);
	case UX_TARGET_PTCP:
	case UX_TARGET_PSSL:
		return parse_passive(rest, t, err, err_size);
	case UX_TARGET_TCP:
	case UX_TARGET_SSL:
		return parse_active(rest, t, err, err_size);
	}
	return -EINVAL;
}

/* True for TLS kinds (see target.h). */
bool ux_target_is_tls(const struct ux_target *t)
{
	return t->kind == UX_TARGET_PSSL || t->kind == UX_TARGET_SSL;
}

/* Writes "IP:PORT" (see target.h). */
void ux_sockaddr_format(const struct sockaddr *sa, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
	} else {
		snprintf(buf, size, "?");
	}
}

/* Writes the canonical form of a target (see target.h). */
void ux_target_format(const struct ux_target *t, char *buf, size_t size)
{
	const char *scheme = "?";
	char addr[UX_ADDR_STR_SIZE];

	for (size_t i = 0; i < N_SCHEMES; i++)
		if (schemes[i].kind == t->kind)
			scheme = schemes[i].name;
	if (t->kind == UX_TARGET_PUNIX) {
		snprintf(buf, size, "punix:%s", t->path);
		return;
	}
	if (t->kind == UX_TARGET_TCP || t->kind == UX_TARGET_SSL) {
		ux_sockaddr_format((const struct sockaddr *)&t->addr, addr,
				   sizeof(addr));
		snprintf(buf, size, "%s:%s", scheme, addr);
		return;
	}
	if (t->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)&t->addr;
		char ip[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u:[%s]", scheme, t->port, ip);
	} else {
		const struct sockaddr_in *sin =
		    (const struct sockaddr_in *)&t->addr;
		char ip[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u:%s", scheme, t->port, ip);
	}
}

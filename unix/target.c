/* Parsing and printing of listen targets (see target.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "target.h"

#define IP_TEXT_SIZE 64

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

/* Parses an IPv4 or IPv6 literal (brackets optional for IPv6) into the
 * target's bind address. */
static int parse_ip(const char *s, struct ux_target *t)
{
	char ip[IP_TEXT_SIZE];
	size_t n = strlen(s);
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t->addr;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
		if (n == 0 || n >= sizeof(ip))
			return -EINVAL;
		memcpy(ip, s, n);
		ip[n] = '\0';
		memset(&t->addr, 0, sizeof(t->addr));
		if (inet_pton(AF_INET6, ip, &sin6->sin6_addr) != 1)
			return -EINVAL;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(t->port);
		t->addr_size = sizeof(*sin6);
		return 0;
	}
	if (n == 0 || n >= sizeof(ip))
		return -EINVAL;
	memcpy(ip, s, n + 1);
	memset(&t->addr, 0, sizeof(t->addr));
	if (inet_pton(AF_INET, ip, &sin->sin_addr) == 1) {
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

/* Parses a target (see target.h). */
int ux_target_parse(const char *s, struct ux_target *t, char *err,
		    size_t err_size)
{
	const char *rest, *colon;
	size_t port_len;

	memset(t, 0, sizeof(*t));
	if (!strncmp(s, "ptcp", 4)) {
		t->kind = UX_TARGET_PTCP;
	} else if (!strncmp(s, "pssl", 4)) {
		t->kind = UX_TARGET_PSSL;
	} else {
		snprintf(err, err_size,
			 "unknown target type (expected ptcp:[PORT][:IP] or "
			 "pssl:[PORT][:IP])");
		return -EINVAL;
	}
	rest = s + 4;
	if (*rest != '\0' && *rest != ':') {
		snprintf(err, err_size,
			 "unknown target type (expected ptcp:[PORT][:IP] or "
			 "pssl:[PORT][:IP])");
		return -EINVAL;
	}
	if (*rest == ':')
		rest++;
	colon = strchr(rest, ':');
	port_len = colon ? (size_t)(colon - rest) : strlen(rest);
	if (parse_port(rest, port_len, &t->port) < 0) {
		snprintf(err, err_size, "port '%.*s' is not a number 0..65535",
			 (int)(port_len > 20 ? 20 : port_len), rest);
		return -EINVAL;
	}
	if (parse_ip(colon ? colon + 1 : "0.0.0.0", t) < 0) {
		snprintf(err, err_size,
			 "'%.64s' is not an IPv4 or IPv6 address (names are "
			 "not resolved)",
			 colon + 1);
		return -EINVAL;
	}
	return 0;
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
	const char *scheme = t->kind == UX_TARGET_PSSL ? "pssl" : "ptcp";
	char ip[INET6_ADDRSTRLEN];

	if (t->addr.ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)&t->addr;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u:[%s]", scheme, t->port, ip);
	} else {
		const struct sockaddr_in *sin =
		    (const struct sockaddr_in *)&t->addr;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u:%s", scheme, t->port, ip);
	}
}

/* Connection targets, Open vSwitch style.
 *
 * Passive (listeners): "ptcp:[PORT][:IP]", "pssl:[PORT][:IP]" and
 * "punix:PATH". PORT defaults to 6653 and IP to 0.0.0.0; an IPv6 address
 * may be written in brackets ("ptcp:6653:[::1]").
 *
 * Active (of-switch's controllers): "tcp:IP[:PORT]" and "ssl:IP[:PORT]",
 * PORT 1..65535 defaulting to 6653; an IPv6 address must be in brackets
 * ("tcp:[::1]:6653"), and may be written bare only without a port.
 *
 * Names are not resolved: a listener binds exactly the address given and
 * a connection goes exactly there. */
#ifndef UX_TARGET_H
#define UX_TARGET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#define UX_DEFAULT_PORT 6653
/* Enough for "pssl:65535:[ffff:...:255.255.255.255]" and for "punix:"
 * with the longest path a Unix socket address holds. */
#define UX_TARGET_STR_SIZE 128
/* Enough for "[ffff:...:255.255.255.255]:65535". */
#define UX_ADDR_STR_SIZE 56
/* A connection's name in logs: "tcp:" + an address, or "unix:" + a path. */
#define UX_PEER_SIZE 128
/* Longest punix: path (sun_path less its NUL). */
#define UX_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

enum ux_target_kind {
	UX_TARGET_PTCP,
	UX_TARGET_PSSL,
	UX_TARGET_PUNIX,
	UX_TARGET_TCP,
	UX_TARGET_SSL,
};

/* Sets of kinds a caller accepts (ux_target_parse's `kinds`). */
#define UX_TARGET_BIT(k) (1u << (k))
#define UX_TARGETS_PASSIVE_NET                                                 \
	(UX_TARGET_BIT(UX_TARGET_PTCP) | UX_TARGET_BIT(UX_TARGET_PSSL))
#define UX_TARGETS_PASSIVE                                                     \
	(UX_TARGETS_PASSIVE_NET | UX_TARGET_BIT(UX_TARGET_PUNIX))
#define UX_TARGETS_ACTIVE                                                      \
	(UX_TARGET_BIT(UX_TARGET_TCP) | UX_TARGET_BIT(UX_TARGET_SSL))
#define UX_TARGETS_ALL (UX_TARGETS_PASSIVE | UX_TARGETS_ACTIVE)

struct ux_target {
	enum ux_target_kind kind;
	uint16_t port;		      /* 0 for punix */
	struct sockaddr_storage addr; /* to bind or connect to */
	socklen_t addr_size;
	char path[UX_PATH_MAX + 1]; /* punix: the socket file; else "" */
};

/* Parses `s` into *t, accepting only the kinds in the set `kinds`
 * (UX_TARGETS_...). Returns 0, or -EINVAL with a one-line reason in
 * err[0..err_size) (which does not repeat `s`, and for an unaccepted kind
 * lists the accepted syntaxes). */
int ux_target_parse(const char *s, unsigned kinds, struct ux_target *t,
		    char *err, size_t err_size);

/* True for the kinds that need TLS files (pssl, ssl). */
bool ux_target_is_tls(const struct ux_target *t);

/* Writes the canonical form ("ptcp:6653:0.0.0.0", "pssl:6654:[::1]",
 * "punix:/run/sw.mgmt", "tcp:10.0.0.1:6653", "ssl:[::1]:6653") into
 * buf. */
void ux_target_format(const struct ux_target *t, char *buf, size_t size);

/* Writes "IP:PORT" ("10.0.0.1:40000", "[::1]:40000") of an address into
 * buf. */
void ux_sockaddr_format(const struct sockaddr *sa, char *buf, size_t size);

#endif

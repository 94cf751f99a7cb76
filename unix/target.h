/* Listen targets, Open vSwitch style: "ptcp:[PORT][:IP]" and
 * "pssl:[PORT][:IP]". PORT defaults to 6653 and IP to 0.0.0.0; an IPv6
 * address may be written in brackets ("ptcp:6653:[::1]"). Names are not
 * resolved: the listener binds exactly the address given. */
#ifndef UX_TARGET_H
#define UX_TARGET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define UX_DEFAULT_PORT 6653
/* Enough for "pssl:65535:[ffff:...:255.255.255.255]". */
#define UX_TARGET_STR_SIZE 80
/* Enough for "[ffff:...:255.255.255.255]:65535". */
#define UX_ADDR_STR_SIZE 56

enum ux_target_kind {
	UX_TARGET_PTCP,
	UX_TARGET_PSSL,
};

struct ux_target {
	enum ux_target_kind kind;
	uint16_t port;
	struct sockaddr_storage addr; /* family, address and port to bind */
	socklen_t addr_size;
};

/* Parses `s` into *t. Returns 0, or -EINVAL with a one-line reason in
 * err[0..err_size) (which does not repeat `s`). */
int ux_target_parse(const char *s, struct ux_target *t, char *err,
		    size_t err_size);

/* Writes the canonical form ("ptcp:6653:0.0.0.0", "pssl:6654:[::1]") into
 * buf. */
void ux_target_format(const struct ux_target *t, char *buf, size_t size);

/* Writes "IP:PORT" ("10.0.0.1:40000", "[::1]:40000") of an address into
 * buf. */
void ux_sockaddr_format(const struct sockaddr *sa, char *buf, size_t size);

#endif

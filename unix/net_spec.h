/* Direct mode's command-line value, `tap:NAME,SETTINGS` (unix/net_tap.h;
 * SETTINGS as netstack/ns_cfg.h). */
#ifndef UX_NET_SPEC_H
#define UX_NET_SPEC_H

#include <stddef.h>

#include "ns.h"

#define UX_TAP_NAME_SIZE 16 /* IFNAMSIZ */

/* A parsed `tap:NAME,SETTINGS`. */
struct ux_net_spec {
	char tap[UX_TAP_NAME_SIZE];
	struct ns_config cfg; /* the address fields (ns_cfg_parse) */
};

/* Parses `tap:NAME,SETTINGS` strictly: NAME is 1..15 of [A-Za-z0-9_.-],
 * SETTINGS as ns_cfg_parse. Returns 0, or -EINVAL with a one-line reason
 * in err. */
int ux_net_parse(const char *text, struct ux_net_spec *out, char *err,
		 size_t err_size);

#endif

/* Direct mode's `tap:NAME,SETTINGS` (see net_spec.h). Apart from
 * net_tap.c so that its unit test and fuzz target need no libevent. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net_spec.h"
#include "ns_cfg.h"

int ux_net_parse(const char *text, struct ux_net_spec *out, char *err,
		 size_t err_size)
{
	const char *name, *comma;
	size_t n;
	char why[160];

	memset(out, 0, sizeof(*out));
	if (strncmp(text, "tap:", 4) != 0) {
		snprintf(err, err_size,
			 "expected tap:NAME,ip=A.B.C.D/N[,gw=G] or "
			 "tap:NAME,dhcp");
		return -EINVAL;
	}
	name = text + 4;
	comma = strchr(name, ',');
	n = comma ? (size_t)(comma - name) : strlen(name);
	if (n == 0 || n >= UX_TAP_NAME_SIZE) {
		snprintf(err, err_size,
			 "the tap's name must be 1..%d characters",
			 UX_TAP_NAME_SIZE - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-')) {
			snprintf(err, err_size,
				 "the tap's name may only have letters, "
				 "digits, '_', '.' and '-'");
			return -EINVAL;
		}
	}
	if (!comma) {
		snprintf(err, err_size,
			 "no address after the tap's name: add ,ip=A.B.C.D/N "
			 "or ,dhcp");
		return -EINVAL;
	}
	memcpy(out->tap, name, n);
	out->tap[n] = '\0';
	if (ns_cfg_parse(comma + 1, &out->cfg, why, sizeof(why)) < 0) {
		snprintf(err, err_size, "%s", why);
		return -EINVAL;
	}
	return 0;
}

/* libFuzzer target for direct mode's `--net tap:NAME,SETTINGS`
 * (unix/net_spec.c over netstack/ns_cfg.c): any text either parses, and
 * the settings' canonical form (ns_cfg_format) parses back to the same
 * configuration, or is refused with a one-line reason. */
#include <stdlib.h>
#include <string.h>

#include "net_spec.h"
#include "ns_cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[256], err[256], canon[160];
	struct ux_net_spec a, b;

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	if (ux_net_parse(text, &a, err, sizeof(err)) != 0) {
		if (!err[0] || strchr(err, '\n'))
			abort(); /* a refusal always says why, on one line */
		return 0;
	}
	ns_cfg_format(&a.cfg, canon, sizeof(canon));
	memset(&b, 0, sizeof(b));
	if (ns_cfg_parse(canon, &b.cfg, err, sizeof(err)) != 0)
		abort();
	if (memcmp(a.cfg.mac, b.cfg.mac, 6) || a.cfg.ip != b.cfg.ip ||
	    a.cfg.prefix != b.cfg.prefix || a.cfg.gw != b.cfg.gw ||
	    a.cfg.dhcp != b.cfg.dhcp || a.cfg.mtu != b.cfg.mtu ||
	    a.cfg.vlan != b.cfg.vlan)
		abort();
	return 0;
}

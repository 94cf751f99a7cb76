/* The text form of an interface's configuration (see ns_cfg.h). Written
 * without strtol and friends: netstack has only the libc subset xen/
 * provides. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ns_cfg.h"

#define ITEM_MAX 64 /* longest "key=value" we show in a reason */

enum {
	K_IP = 1 << 0,
	K_GW = 1 << 1,
	K_DHCP = 1 << 2,
	K_MAC = 1 << 3,
	K_MTU = 1 << 4,
	K_VLAN = 1 << 5,
};

int ns_cfg_parse_num(const char *s, size_t n, unsigned long lo,
		     unsigned long hi, unsigned long *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (n > 1 && s[0] == '0')
		return -1; /* no leading zeros: 010 is not 8 or 10 */
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int ns_cfg_parse_ip(const char *s, size_t n, uint32_t *out)
{
	uint32_t ip = 0;
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t start = i;
		unsigned long v;

		while (i < n && s[i] != '.')
			i++;
		if (ns_cfg_parse_num(s + start, i - start, 0, 255, &v) < 0)
			return -1;
		ip = ip << 8 | (uint32_t)v;
		if (part < 3) {
			if (i == n)
				return -1;
			i++; /* the dot */
		}
	}
	if (i != n)
		return -1;
	*out = ip;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ns_cfg_parse_mac(const char *s, size_t n, uint8_t mac[6])
{
	if (n != 17)
		return -1;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static uint32_t mask_of(uint8_t prefix)
{
	return prefix ? ~(uint32_t)0 << (32 - prefix) : 0;
}

/* Why ip cannot be an interface address, or NULL. */
static const char *bad_host(uint32_t ip)
{
	if (ip == 0 || ip >> 24 == 0)
		return "not a host address (0.x.x.x)";
	if (ip >> 24 == 127)
		return "a loopback address";
	if (ip >> 28 == 0xe)
		return "a multicast address";
	if (ip >> 28 == 0xf)
		return "a reserved or broadcast address";
	return NULL;
}

/* The reason names the item, cut to ITEM_MAX and with control and
 * non-ASCII bytes shown as '?', so that it stays one printable line. */
static int fail(char *err, size_t err_size, const char *item, size_t n,
		const char *why)
{
	char shown[ITEM_MAX + 1];
	size_t k = n > ITEM_MAX ? ITEM_MAX : n;

	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)item[i];

		shown[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	shown[k] = '\0';
	snprintf(err, err_size, "%s%s: %s", shown, n > k ? "..." : "", why);
	return -EINVAL;
}

int ns_cfg_parse(const char *text, struct ns_config *cfg, char *err,
		 size_t err_size)
{
	unsigned seen = 0;
	const char *p = text;
	uint8_t mac[6] = {0};
	uint32_t ip = 0, gw = 0;
	unsigned long prefix = 0, mtu = 0, vlan = 0;
	const char *gw_item = NULL;
	size_t gw_n = 0;

	if (err_size)
		err[0] = '\0';
	if (!*p) {
		snprintf(err, err_size, "empty: expected ip=A.B.C.D/N or dhcp");
		return -EINVAL;
	}
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		size_t kn = eq ? (size_t)(eq - p) : n;
		const char *v = eq ? eq + 1 : NULL;
		size_t vn = eq ? n - kn - 1 : 0;
		unsigned key;

		if (n == 0)
			return fail(err, err_size, text, strlen(text),
				    "empty item (two commas, or a comma at "
				    "an end)");
		if (kn == 2 && !memcmp(p, "ip", 2))
			key = K_IP;
		else if (kn == 2 && !memcmp(p, "gw", 2))
			key = K_GW;
		else if (kn == 4 && !memcmp(p, "dhcp", 4))
			key = K_DHCP;
		else if (kn == 3 && !memcmp(p, "mac", 3))
			key = K_MAC;
		else if (kn == 3 && !memcmp(p, "mtu", 3))
			key = K_MTU;
		else if (kn == 4 && !memcmp(p, "vlan", 4))
			key = K_VLAN;
		else
			return fail(err, err_size, p, n,
				    "unknown setting (ip=, gw=, dhcp, mac=, "
				    "mtu=, vlan=)");
		if (seen & key)
			return fail(err, err_size, p, n, "given twice");
		seen |= key;
		if (key == K_DHCP) {
			if (eq)
				return fail(err, err_size, p, n,
					    "dhcp takes no value");
		} else if (!eq || vn == 0) {
			return fail(err, err_size, p, n, "needs a value");
		}
		switch (key) {
		case K_IP: {
			const char *slash = memchr(v, '/', vn);
			const char *why;

			if (!slash)
				return fail(err, err_size, p, n,
					    "expected ip=A.B.C.D/N (the "
					    "prefix length is required)");
			if (ns_cfg_parse_ip(v, (size_t)(slash - v), &ip) < 0)
				return fail(err, err_size, p, n,
					    "not an IPv4 address");
			if (ns_cfg_parse_num(slash + 1,
					     vn - (size_t)(slash + 1 - v), 1,
					     32, &prefix) < 0)
				return fail(err, err_size, p, n,
					    "prefix length must be 1..32");
			why = bad_host(ip);
			if (why)
				return fail(err, err_size, p, n, why);
			if (prefix <= 30) {
				uint32_t m = mask_of((uint8_t)prefix);

				if ((ip & ~m) == 0)
					return fail(err, err_size, p, n,
						    "the subnet's own "
						    "address, not a host's");
				if ((ip & ~m) == ~m)
					return fail(err, err_size, p, n,
						    "the subnet's broadcast "
						    "address");
			}
			break;
		}
		case K_GW: {
			const char *why;

			if (ns_cfg_parse_ip(v, vn, &gw) < 0)
				return fail(err, err_size, p, n,
					    "not an IPv4 address");
			why = bad_host(gw);
			if (why)
				return fail(err, err_size, p, n, why);
			gw_item = p;
			gw_n = n;
			break;
		}
		case K_MAC:
			if (ns_cfg_parse_mac(v, vn, mac) < 0)
				return fail(err, err_size, p, n,
					    "expected mac=XX:XX:XX:XX:XX:XX");
			if (mac[0] & 1)
				return fail(err, err_size, p, n,
					    "a multicast MAC (the first "
					    "byte is odd)");
			if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
			      mac[5]))
				return fail(err, err_size, p, n,
					    "the all-zero MAC");
			break;
		case K_MTU:
			if (ns_cfg_parse_num(v, vn, 68, NS_MTU_MAX, &mtu) < 0) {
				char why[40];

				snprintf(why, sizeof(why),
					 "must be a number 68..%u",
					 (unsigned)NS_MTU_MAX);
				return fail(err, err_size, p, n, why);
			}
			break;
		case K_VLAN:
			if (ns_cfg_parse_num(v, vn, 1, 4094, &vlan) < 0)
				return fail(err, err_size, p, n,
					    "must be a number 1..4094");
			break;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if ((seen & K_IP) && (seen & K_DHCP)) {
		snprintf(err, err_size, "ip= and dhcp: give one of them");
		return -EINVAL;
	}
	if (!(seen & (K_IP | K_DHCP))) {
		snprintf(err, err_size,
			 "no address: give ip=A.B.C.D/N or dhcp");
		return -EINVAL;
	}
	if (seen & K_GW) {
		uint32_t m = mask_of((uint8_t)prefix);

		if (seen & K_DHCP)
			return fail(err, err_size, gw_item, gw_n,
				    "with dhcp the gateway comes from the "
				    "server");
		if ((gw & m) != (ip & m) || gw == ip || prefix == 32)
			return fail(err, err_size, gw_item, gw_n,
				    "not another address on ip='s subnet");
	}
	if (!(seen & K_MAC)) {
		mac[0] = 0x02;
		mac[1] = 0x00;
		if (seen & K_IP) {
			mac[2] = (uint8_t)(ip >> 24);
			mac[3] = (uint8_t)(ip >> 16);
			mac[4] = (uint8_t)(ip >> 8);
			mac[5] = (uint8_t)ip;
		} else {
			mac[5] = 1;
		}
	}
	memcpy(cfg->mac, mac, 6);
	cfg->mtu = (uint16_t)mtu;
	cfg->vlan = (uint16_t)vlan;
	cfg->dhcp = (seen & K_DHCP) != 0;
	cfg->ip = ip;
	cfg->prefix = (uint8_t)prefix;
	cfg->gw = gw;
	return 0;
}

char *ns_cfg_format(const struct ns_config *cfg, char *buf, size_t size)
{
	char a[16], g[16];
	size_t n;

	if (cfg->dhcp)
		n = (size_t)snprintf(buf, size, "dhcp");
	else
		n = (size_t)snprintf(buf, size, "ip=%s/%u",
				     ns_ip_str(cfg->ip, a, sizeof(a)),
				     cfg->prefix);
	if (!cfg->dhcp && cfg->gw && n < size)
		n += (size_t)snprintf(buf + n, size - n, ",gw=%s",
				      ns_ip_str(cfg->gw, g, sizeof(g)));
	if (n < size)
		n += (size_t)snprintf(buf + n, size - n,
				      ",mac=%02x:%02x:%02x:%02x:%02x:%02x",
				      cfg->mac[0], cfg->mac[1], cfg->mac[2],
				      cfg->mac[3], cfg->mac[4], cfg->mac[5]);
	if (cfg->mtu && n < size)
		n += (size_t)snprintf(buf + n, size - n, ",mtu=%u", cfg->mtu);
	if (cfg->vlan && n < size)
		(void)snprintf(buf + n, size - n, ",vlan=%u", cfg->vlan);
	return buf;
}

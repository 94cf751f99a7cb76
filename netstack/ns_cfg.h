/* The text form of an interface's configuration, shared by every program
 * that brings netstack up from a command line (unix/'s direct mode,
 * `--net tap:NAME,SETTINGS`) or a guest's boot line (xen/):
 *
 *   ip=A.B.C.D/N[,gw=A.B.C.D]   static address, prefix length, gateway
 *   dhcp                        ask a DHCP server instead
 *   mac=XX:XX:XX:XX:XX:XX       the interface's MAC (default: 02:00 and
 *                               the four bytes of the static address;
 *                               with dhcp, 02:00:00:00:00:01)
 *   mtu=N                       68..NS_MTU_MAX (default 1500)
 *   vlan=N                      send and accept 802.1Q tag N, 1..4094
 *
 * separated by commas, each at most once. The parser is strict: unknown
 * keys, repeats, empty items, numbers out of range, ip together with
 * dhcp, a gateway off the address's subnet, and addresses that cannot be
 * an interface's (0, broadcast, multicast, the subnet's own or broadcast
 * address) are errors, with a one-line reason. */
#ifndef NS_CFG_H
#define NS_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "ns.h"

/* Parses text (NUL-terminated) into the address fields of *cfg (mac, mtu,
 * vlan, dhcp, ip, prefix, gw; the rest is left alone). Returns 0, or
 * -EINVAL with a reason in err[0..err_size) ("ip=10.0.0.300/24: not an
 * IPv4 address"). */
int ns_cfg_parse(const char *text, struct ns_config *cfg, char *err,
		 size_t err_size);

/* A decimal number lo..hi from s[0..n), without leading zeros (010 is
 * neither 8 nor 10). Returns 0 or -1. */
int ns_cfg_parse_num(const char *s, size_t n, unsigned long lo,
		     unsigned long hi, unsigned long *out);

/* A dotted quad from s[0..n), in host order. Returns 0 or -1. */
int ns_cfg_parse_ip(const char *s, size_t n, uint32_t *ip);

/* Parses a MAC written XX:XX:XX:XX:XX:XX (hex, either case) from
 * s[0..n). Returns 0 or -1. Shared with xen/vif.c (xenstore's "mac"). */
int ns_cfg_parse_mac(const char *s, size_t n, uint8_t mac[6]);

/* Formats cfg's address fields back in the same form (for logs), into
 * buf[0..size). Returns buf. */
char *ns_cfg_format(const struct ns_config *cfg, char *buf, size_t size);

#endif

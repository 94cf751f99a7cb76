/* The images' boot lines (xl's extra=, the PVH start info's cmdline):
 * words separated by spaces, each KEY=VALUE, parsed in full before
 * anything starts. A mistake is reported on one line naming the word (the
 * image then powers off: xen_refuse). Pure text handling: host-tested
 * (xen/tests/test_xen_args.c) and fuzzed (fuzz/fuzz_xen_args.c).
 *
 * Both images:
 *   net=SETTINGS     netstack's ns_cfg.h syntax (ip=A.B.C.D/N[,gw=G] or
 *                    dhcp, mtu=, vlan=; the MAC is always the vif's)
 *   log=LEVEL        err, warn, info (default) or debug
 *   secs=N           power off after N seconds (default: run for ever)
 * of-controller.xen (net= required):
 *   port=N           the OpenFlow port to listen on (default 6653)
 *   app=NAME[:ARGS]  an app of the chain, repeatable (default learning)
 * of-switch.xen:
 *   ctl=tcp:A.B.C.D[:PORT]  a controller (port 6653 by default),
 *                    repeatable up to XA_MAX_CTLRS
 *   listen=PORT|off  the passive listener for of-ctl and ovs-ofctl
 *                    (default 6634 when net= is given)
 *   ctl-vif=N        the vif that carries net= (default: the first one);
 *                    every other vif is a data port
 *   dpid=HEX         the datapath id, 1..16 hex digits (default: from the
 *                    first data port's MAC)
 *   fail=secure|standalone  with no controller connected (default secure)
 * Without net=, of-switch.xen has no control vif: every vif is a data
 * port, and ctl= and listen= are errors. */
#ifndef XEN_ARGS_H
#define XEN_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plat.h"

#define XA_WORD_MAX 200 /* bytes of one word, NUL included */
#define XA_MAX_APPS 8
#define XA_MAX_CTLRS 4
#define XA_DEFAULT_LISTEN 6634

struct xa_ctl {
	char net[XA_WORD_MAX];
	uint16_t port;
	char apps[XA_MAX_APPS][XA_WORD_MAX]; /* NAME[:ARGS] as given */
	unsigned n_apps;		     /* at least 1 after parsing */
	enum plat_log_level level;
	unsigned secs; /* 0: for ever */
};

struct xa_target {
	uint32_t ip; /* host order */
	uint16_t port;
};

struct xa_sw {
	char net[XA_WORD_MAX]; /* "" if not given */
	struct xa_target ctlrs[XA_MAX_CTLRS];
	unsigned n_ctlrs;
	uint16_t listen; /* 0: none */
	bool ctl_vif_set;
	unsigned ctl_vif;
	bool dpid_set;
	uint64_t dpid;
	bool standalone; /* fail=standalone */
	enum plat_log_level level;
	unsigned secs;
};

/* Parse `line` into *o (defaults first). Return 0, or -1 with a one-line
 * reason in err[0..err_size) ("port=0: expected 1..65535"). */
int xa_ctl_parse(const char *line, struct xa_ctl *o, char *err,
		 size_t err_size);
int xa_sw_parse(const char *line, struct xa_sw *o, char *err, size_t err_size);

#endif

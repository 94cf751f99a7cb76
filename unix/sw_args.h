/* of-switch's command line (docs/of-switch.md, docs/of-switch.1): parsed
 * and checked in full before anything is opened, so that every mistake
 * is reported on one line naming the option, with exit status 2. */
#ifndef UX_SW_ARGS_H
#define UX_SW_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plat.h"
#include "sw.h"
#include "target.h"

#define UX_SW_VERSION_LINE "of-switch (ofsuite) 0.1"
#define UX_SW_MAX_LISTEN 16
#define UX_SW_MAX_QUEUE_ARGS 256
#define UX_IFNAME_SIZE 16 /* IFNAMSIZ */

enum ux_sw_exit {
	UX_SW_EXIT_OK = 0,
	UX_SW_EXIT_RUNTIME = 1, /* cannot run: out of memory, no permission */
	UX_SW_EXIT_USAGE = 2,	/* bad command line or configuration */
};

struct ux_sw_port_arg {
	char name[UX_IFNAME_SIZE];
	uint16_t port_no; /* always set after parsing: given or assigned */
};

struct ux_sw_queue_arg {
	uint16_t port_no; /* resolved from a number or an interface name */
	uint32_t queue_id;
	uint16_t min_rate; /* tenths of a percent; 0xffff: none */
	const char *text;  /* as given, for messages (into argv) */
};

struct ux_sw_rate_arg {
	uint16_t port_no; /* resolved from a number or an interface name */
	uint64_t bps;	  /* bits per second */
	const char *text; /* as given, for messages (into argv) */
};

struct ux_sw_args {
	struct ux_sw_port_arg ports[SW_MAX_PORTS];
	size_t n_ports;
	struct ux_target controllers[SW_MAX_CONTROLLERS];
	size_t n_controllers;
	struct ux_target listen[UX_SW_MAX_LISTEN]; /* --listen and --snoop */
	bool listen_snoop[UX_SW_MAX_LISTEN];	   /* this one is --snoop */
	size_t n_listen;
	struct ux_sw_queue_arg queues[UX_SW_MAX_QUEUE_ARGS];
	size_t n_queues;
	struct ux_sw_rate_arg rates[SW_MAX_PORTS]; /* --max-rate */
	size_t n_rates;
	const char *key_file, *cert_file, *ca_file; /* NULL: not given */
	const char *pidfile;			    /* NULL: none */
	bool dpid_set;				    /* else from the MAC */
	struct sw_config cfg; /* the core's defaults, overridden by options */
	enum plat_log_level log_level;
};

/* Parses argv into *a (after sw_config_default for a->cfg). --help and
 * --version print to stdout and exit 0; any mistake prints one line
 * "of-switch: ..." to stderr and exits 2. Strings point into argv. */
void ux_sw_args_parse(int argc, char **argv, struct ux_sw_args *a);

/* Prints "of-switch: <message> (see --help)" to stderr and exits 2. */
void ux_sw_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif

/* Exercise 3: a firewall. Edit this file, then `make check-firewall`.
 *
 * The lab chains it before the built-in learning switch:
 *   --app my-firewall:rules=FILE --app learning
 * The rule file (rules.txt in this folder) is already parsed for you into
 * fw->rules (struct rule below):
 *   mac MAC1 MAC2     block all frames between two hosts, both directions
 *   ip IP1 IP2        block all IPv4 packets between two hosts, both ways
 *   tcp IP PORT       block TCP to IP port PORT (any source)
 *   udp IP PORT       block UDP to IP port PORT
 * What is missing: when a switch comes up (switch_up), turn every rule
 * into drop flows (a FLOW_MOD with no actions), proactively, at a
 * priority above the learning app's flows (32768), or a flow it learns
 * for a pair of hosts will carry blocked packets too.
 *
 * Useful: of_match_init_catchall(&m), then clear the wildcard bits of the
 * fields you set (OFPFW_DL_SRC, OFPFW_DL_DST, OFPFW_DL_TYPE,
 * OFPFW_NW_PROTO, OFPFW_NW_SRC_MASK, OFPFW_NW_DST_MASK, OFPFW_TP_DST);
 * IP matches need dl_type OF_ETH_TYPE_IP, port matches also nw_proto
 * (OF_IPPROTO_TCP / OF_IPPROTO_UDP); addresses are in host byte order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutorial.h"

#define MAX_RULES 64
#define RULES_FILE_MAX (64 * 1024)
#define FIREWALL_PRIORITY 40000

enum rule_kind { RULE_MAC, RULE_IP, RULE_TCP, RULE_UDP };

struct rule {
	enum rule_kind kind;
	uint8_t mac[2][6];
	uint32_t ip[2]; /* host byte order; RULE_TCP/UDP: ip[0] */
	uint16_t port;
};

struct firewall {
	struct rule rules[MAX_RULES];
	size_t n;
};

static bool parse_mac(const char *s, uint8_t *mac)
{
	unsigned b[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return true;
}

static bool parse_ip(const char *s, uint32_t *ip)
{
	unsigned a, b, c, d;
	char end;

	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) != 4 || a > 255 ||
	    b > 255 || c > 255 || d > 255)
		return false;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return true;
}

/* Parses one line (comments already cut) into *r. Returns false with a
 * message in err. An empty line gives kind -1. */
static bool parse_line(char *line, struct rule *r, bool *empty, char *err,
		       size_t err_size)
{
	char kind[8], a[32], b[32], extra[2];
	unsigned long port;
	int n = sscanf(line, "%7s %31s %31s %1s", kind, a, b, extra);

	*empty = n <= 0;
	if (*empty)
		return true;
	memset(r, 0, sizeof(*r));
	if (n != 3) {
		snprintf(err, err_size, "want 'KIND A B', got '%.40s'", line);
		return false;
	}
	if (!strcmp(kind, "mac")) {
		r->kind = RULE_MAC;
		if (parse_mac(a, r->mac[0]) && parse_mac(b, r->mac[1]))
			return true;
		snprintf(err, err_size, "bad MAC address in '%.40s'", line);
	} else if (!strcmp(kind, "ip")) {
		r->kind = RULE_IP;
		if (parse_ip(a, &r->ip[0]) && parse_ip(b, &r->ip[1]))
			return true;
		snprintf(err, err_size, "bad IPv4 address in '%.40s'", line);
	} else if (!strcmp(kind, "tcp") || !strcmp(kind, "udp")) {
		r->kind = kind[0] == 't' ? RULE_TCP : RULE_UDP;
		if (parse_ip(a, &r->ip[0]) && ctl_parse_uint(b, 65535, &port)) {
			r->port = (uint16_t)port;
			return true;
		}
		snprintf(err, err_size, "bad address or port in '%.40s'", line);
	} else {
		snprintf(err, err_size,
			 "unknown rule '%s' (mac, ip, tcp or udp)", kind);
	}
	return false;
}

static bool parse_rules(struct firewall *fw, char *text, char *err,
			size_t err_size)
{
	unsigned lineno = 0;
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#');
		char msg[160];
		bool empty;

		lineno++;
		if (hash)
			*hash = '\0';
		if (fw->n == MAX_RULES) {
			snprintf(err, err_size, "more than %d rules",
				 MAX_RULES);
			return false;
		}
		if (!parse_line(line, &fw->rules[fw->n], &empty, msg,
				sizeof(msg))) {
			snprintf(err, err_size, "line %u: %s", lineno, msg);
			return false;
		}
		if (!empty)
			fw->n++;
	}
	return true;
}

static enum of_err fw_init(struct ctl_app *app, const char *args, char *err,
			   size_t err_size)
{
	char key[32], path[256];
	struct firewall *fw;
	char *text;
	size_t size;
	int rc;

	path[0] = '\0';
	while (ctl_args_next(&args, key, sizeof(key), path, sizeof(path)))
		if (strcmp(key, "rules") || !path[0]) {
			snprintf(err, err_size,
				 "bad argument '%s' (rules=FILE)", key);
			return OF_E_INVALID;
		}
	if (!path[0]) {
		snprintf(err, err_size, "needs rules=FILE");
		return OF_E_INVALID;
	}
	fw = calloc(1, sizeof(*fw));
	text = malloc(RULES_FILE_MAX + 1);
	if (!fw || !text) {
		free(fw);
		free(text);
		snprintf(err, err_size, "out of memory");
		return OF_E_INVALID;
	}
	rc = plat_read_file(path, text, RULES_FILE_MAX, &size);
	if (rc) {
		snprintf(err, err_size, "%s: cannot read (%s)", path,
			 strerror(-rc));
	} else {
		char msg[200];

		text[size] = '\0';
		if (parse_rules(fw, text, msg, sizeof(msg))) {
			free(text);
			ctl_log(PLAT_LOG_INFO, "firewall: %zu rules from %s",
				fw->n, path);
			ctl_app_set_data(app, fw);
			return OF_OK;
		}
		snprintf(err, err_size, "%s: %s", path, msg);
	}
	free(text);
	free(fw);
	return OF_E_INVALID;
}

static void fw_fini(struct ctl_app *app)
{
	free(ctl_app_data(app));
}

/* Installs the drop flows of rule `r` on switch `sw`. */
static void install(struct ctl_switch *sw, const struct rule *r)
{
	(void)sw;
	/* TODO: build a struct of_match for the rule (both directions for
	 * mac and ip rules) and send a struct of_flow_mod with command
	 * OFPFC_ADD, priority FIREWALL_PRIORITY, buffer_id OFP_NO_BUFFER,
	 * out_port OFPP_NONE and no actions with ctl_flow_mod(). */
	ctl_log(PLAT_LOG_INFO, "firewall: rule kind %d not installed (TODO)",
		(int)r->kind);
}

static enum ctl_verdict fw_switch_up(struct ctl_app *app, struct ctl_switch *sw)
{
	const struct firewall *fw = ctl_app_data(app);

	for (size_t i = 0; i < fw->n; i++)
		install(sw, &fw->rules[i]);
	ctl_log(PLAT_LOG_INFO, "firewall: %016llx: %zu rules installed",
		(unsigned long long)ctl_switch_dpid(sw), fw->n);
	return CTL_CONTINUE;
}

const struct ctl_app_ops tutorial_app = {
    .name = "my-firewall",
    .summary = "tutorial exercise 3: firewall (proactive drop flows)",
    .usage = "rules=FILE (mac/ip/tcp/udp rules; chain a forwarding app "
	     "after it)",
    .init = fw_init,
    .fini = fw_fini,
    .switch_up = fw_switch_up,
};

/* Text format compatible with ovs-ofctl for OpenFlow 1.0: matches, actions,
 * flows and whole messages print as `ovs-ofctl ofp-print` and
 * `ovs-ofctl dump-flows` print them. Output goes to a caller-provided
 * buffer through `struct of_text`; nothing is allocated. */
#ifndef OF_PRINT_H
#define OF_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_msg.h"

/* An append-only text buffer. When full, further output is dropped and
 * `truncated` is set; buf stays NUL-terminated (if size > 0). */
struct of_text {
	char *buf;
	size_t size;
	size_t len;
	bool truncated;
};

/* Starts an empty text in buf[0..size). */
void of_text_init(struct of_text *t, char *buf, size_t size);
/* Appends formatted text (vsnprintf rules). */
void of_text_printf(struct of_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends a string. */
void of_text_puts(struct of_text *t, const char *s);

/* Prints a port number as ovs-ofctl does ("1", "LOCAL", "CONTROLLER", ...). */
void of_print_port(struct of_text *t, uint16_t port);
/* Prints a match in ovs-ofctl flow syntax, without priority:
 * "tcp,in_port=1,nw_src=10.0.0.0/8,tp_dst=80" (empty for match-all). */
void of_print_match(struct of_text *t, const struct of_match *m);
/* Prints a structurally valid action list as ovs-ofctl does after
 * "actions=": "output:2,mod_vlan_vid:3" or "drop" for an empty list. */
void of_print_actions(struct of_text *t, struct of_bytes actions);
/* Prints one flow-stats entry as one line of `ovs-ofctl dump-flows`. */
void of_print_flow_stats(struct of_text *t, const struct of_flow_stats *fs);
/* Prints a whole message as `ovs-ofctl ofp-print` does (several lines for
 * some types, separated by '\n', no trailing newline). Raw messages print
 * their header and a hex dump of the body. */
void of_print_msg(struct of_text *t, const struct of_msg *m);

#endif

/* Plugs netstack's TCP module (ns_tcp.h) into the stack: the stack
 * initialises TCP with its IP output op and MSS, keeps TCP's local
 * address in step with the interface's (static or DHCP), delivers
 * protocol-6 datagrams and ICMP errors to it, and runs its timers from
 * ns_next_deadline/ns_timers. */
#ifndef NS_STACK_TCP_H
#define NS_STACK_TCP_H

#include <stddef.h>

#include "ns.h"
#include "ns_tcp.h"

/* Initialises TCP instance *t over mem[0..mem_size) (sized with
 * ns_tcp_mem_size(cfg)) for stack s, with cfg's output op and MSS
 * replaced by the stack's (cfg is otherwise the caller's: buffer sizes,
 * secret, timers) and installs it as s's TCP hook. The caller owns t and
 * mem and keeps them alive as long as s. Returns 0 or ns_tcp_init's
 * -EINVAL/-ENOMEM. */
int ns_stack_tcp_init(struct ns_stack *s, struct ns_tcp *t,
		      const struct ns_tcp_config *cfg, void *mem,
		      size_t mem_size);

#endif

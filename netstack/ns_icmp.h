/* ICMP (RFC 792, RFC 1122): echo replies, destination unreachable out
 * (rate-limited, never about broadcasts, fragments or ICMP errors) and in
 * (passed on to TCP). */
#ifndef NS_ICMP_H
#define NS_ICMP_H

#include <stddef.h>
#include <stdint.h>

struct ns_stack;
struct ns_ipdg;

#define NS_ICMP_ECHO_REPLY 0
#define NS_ICMP_UNREACH 3
#define NS_ICMP_ECHO 8
#define NS_ICMP_TIME_EXCEEDED 11
#define NS_ICMP_PARAM_PROBLEM 12
#define NS_ICMP_UNREACH_PROTO 2
#define NS_ICMP_UNREACH_PORT 3
#define NS_ICMP_UNREACH_NEEDFRAG 4

struct ns_icmp {
	uint64_t window; /* start of the current rate-limit second */
	uint32_t sent;	 /* errors sent in it */
};

/* Processes one ICMP message (a delivered datagram). Returns 0 or -errno
 * (counted). */
int ns_icmp_input(struct ns_stack *s, const struct ns_ipdg *d);

/* Sends destination unreachable with `code` about datagram d, unless the
 * rules forbid answering it (broadcast, non-unicast source, non-first
 * fragment, an ICMP error) or the rate limit is reached. Returns 0 if sent
 * or -errno. */
int ns_icmp_unreach(struct ns_stack *s, const struct ns_ipdg *d, uint8_t code);

#endif

/* The TCP module behind the stack's TCP hook: see ns_stack_tcp.h. */
#include "ns_stack_tcp.h"

#include "ns_ip.h"
#include "ns_stack.h"

static int tcp_output(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
		      size_t size)
{
	return ns_ip_send(ctx, src, dst, NS_PROTO_TCP, seg, size);
}

static void tcp_input(void *ctx, uint32_t src, uint32_t dst, const uint8_t *seg,
		      size_t size, uint64_t now_ms)
{
	ns_tcp_input(ctx, src, dst, seg, size, now_ms);
}

static uint64_t tcp_deadline(void *ctx)
{
	return ns_tcp_next_deadline(ctx);
}

static void tcp_timers(void *ctx, uint64_t now_ms)
{
	ns_tcp_timers(ctx, now_ms);
}

static void tcp_icmp(void *ctx, uint8_t type, uint8_t code, uint32_t src,
		     uint32_t dst, const uint8_t *inner, size_t inner_size,
		     uint16_t mtu)
{
	ns_tcp_icmp_error(ctx, type, code, src, dst, inner, inner_size, mtu);
}

static void tcp_addr(void *ctx, uint32_t ip)
{
	(void)ns_tcp_set_addrs(ctx, &ip, ip ? 1 : 0);
}

int ns_stack_tcp_init(struct ns_stack *s, struct ns_tcp *t,
		      const struct ns_tcp_config *cfg, void *mem,
		      size_t mem_size)
{
	struct ns_tcp_config c = *cfg;
	struct ns_tcp_hook h = {
	    .ctx = t,
	    .input = tcp_input,
	    .next_deadline = tcp_deadline,
	    .timers = tcp_timers,
	    .icmp_error = tcp_icmp,
	    .addr_changed = tcp_addr,
	};
	int rc;

	c.output = tcp_output;
	c.output_ctx = s;
	c.mss = ns_tcp_mss(s);
	rc = ns_tcp_init(t, &c, mem, mem_size);
	if (rc < 0)
		return rc;
	ns_tcp_set_time(t, ns_now(s));
	ns_set_tcp_hook(s, &h); /* also tells TCP the current address */
	return 0;
}

/* port_afpacket: of-switch's data ports on Linux. Each port is an
 * AF_PACKET socket bound to one interface (all protocols, promiscuous)
 * with memory-mapped TPACKET_V2 receive and transmit rings, registered
 * with the switch core through sw_port_add() (sw_plat.h). Receptions are
 * drained in batches on the caller's libevent loop; transmissions are
 * copied into the transmit ring by the core's tx() and kicked with one
 * send() per flush. Link state, MTU, address and name changes are
 * followed through one rtnetlink socket shared by all ports and reported
 * with sw_port_update(). docs/of-switch.md ("Ports") describes the ring layout,
 * the checksum and GSO handling and measured rates.
 *
 * All ports of a process must use the same event_base, and every call
 * must come from the thread running it. */
#ifndef PORT_AFPACKET_H
#define PORT_AFPACKET_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct sw;
struct ux_port;

/* Opens Linux interface `ifname` as OpenFlow port `port_no` (0: next free)
 * of switch `sw`: AF_PACKET rings, registered with sw_port_add(), receive
 * events on `base`. After each batch of receptions (and after reporting a
 * link change) it calls sw_flush(sw) and then after(after_ctx) (the
 * daemon re-arms its timer there; `after` may be NULL and must not close
 * the port). Returns 0 and the port in *out (free with ux_port_close), or
 * -errno with a one-line reason in err[0..err_size). */
int ux_port_open(struct ux_port **out, struct event_base *base, struct sw *sw,
		 const char *ifname, uint16_t port_no, void (*after)(void *ctx),
		 void *after_ctx, char *err, size_t err_size);

/* The OpenFlow number the port got. */
uint16_t ux_port_no(const struct ux_port *p);

/* sw_port_remove()s the port, closes it and frees it; NULL is a no-op. */
void ux_port_close(struct ux_port *p);

#endif

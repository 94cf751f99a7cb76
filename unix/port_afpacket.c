/* AF_PACKET data ports with TPACKET_V2 rings (see port_afpacket.h and
 * docs/of-switch.md, "Ports").
 *
 * Receive slots hold a whole 64 KiB GSO super-frame, because a veth peer
 * with TSO on (Mininet's default) hands the packet socket frames far
 * larger than the MTU; PACKET_VNET_HDR gives each one a virtio_net_hdr
 * (gso_type, gso_size, csum_start, csum_offset) just before the frame. A
 * slot's layout as the kernel fills it:
 *
 *   0   struct tpacket2_hdr (32)      tp_status, tp_len, tp_snaplen, ...
 *   32  struct sockaddr_ll (20)       sll_pkttype (PACKET_OUTGOING ...)
 *   52  free (14)
 *   66  struct virtio_net_hdr (10)
 *   76  the frame (tp_mac), VLAN tag stripped into tp_vlan_tci
 *
 * Once the header fields are read, bytes 32..76 are ours: the stripped
 * tag is put back in place by moving the MAC addresses 4 bytes down, and
 * the core gets the slot from byte 32 on as its buffer (at least 40 bytes
 * of headroom, more than DP_HEADROOM). Super-frames are cut by dp_gso
 * into a per-port bounce buffer, partial checksums completed in place. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#include "dp_action.h"
#include "dp_gso.h"
#include "ofp.h"
#include "port_afpacket.h"
#include "sw_plat.h"

/* Ring geometry. Receive: slots of 64 KiB + headers, 15 to a 1 MiB block
 * (a block must be a power-of-two number of pages and hold whole
 * slots). Transmit: slots sized for the MTU at open time. Overridable
 * with -D for measurements. */
#ifndef UX_RX_FRAME_SIZE
#define UX_RX_FRAME_SIZE (65536 + 128)
#endif
#ifndef UX_RX_BLOCK_SIZE
#define UX_RX_BLOCK_SIZE (1u << 20)
#endif
#ifndef UX_RX_BLOCKS
#define UX_RX_BLOCKS 16
#endif
#ifndef UX_TX_FRAMES
#define UX_TX_FRAMES 1024
#endif
#ifndef UX_RX_BUDGET
#define UX_RX_BUDGET 256 /* frames per readiness event */
#endif
#ifndef UX_QDISC_BYPASS
#define UX_QDISC_BYPASS 1
#endif

#define VNET_SIZE sizeof(struct virtio_net_hdr)
/* Where a transmit slot's data starts (the kernel's rule for TPACKET_V2
 * without PACKET_TX_HAS_OFF). */
#define TX_DATA_OFS (TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))
/* Where the core's receive buffer starts in a slot (after tpacket2_hdr). */
#define RX_BUF_OFS TPACKET_ALIGN(sizeof(struct tpacket2_hdr))
#define SEG_BUF_SIZE (DP_HEADROOM + 65536 + 256)
#define ETH_HDR 14
#define VLAN_HDR 4

struct ring {
	uint8_t *base;
	unsigned frames, frame_size, frames_per_block, block_size;
	unsigned head;
};

struct ux_port {
	struct sw *sw;
	struct event_base *base;
	struct event *rx_ev;
	struct event *kick_ev;	/* retries a send() that found no room */
	struct event *drops_ev; /* reads the ring's overruns every second */
	int fd;
	int ifindex;
	uint16_t port_no;
	bool registered; /* sw_port_add succeeded */
	bool gone;	 /* the interface was deleted */
	bool up;	 /* IFF_UP */
	void (*after)(void *ctx);
	void *after_ctx;
	struct sw_port_info info;
	unsigned mtu;
	uint8_t *map;
	size_t map_size;
	struct ring rx, tx;
	unsigned tx_pending; /* slots marked SEND_REQUEST since the kick */
	uint8_t *seg;	     /* SEG_BUF_SIZE bytes for GSO segments */
	struct ux_port *next;
};

/* The rtnetlink socket all ports share. */
static struct {
	int fd;
	struct event *ev;
	struct ux_port *ports;
} nl = {.fd = -1};

static void port_log(enum plat_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void port_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plat_vlog(level, fmt, ap);
	va_end(ap);
}

static struct tpacket2_hdr *slot(const struct ring *r, unsigned i)
{
	return (
	    struct tpacket2_hdr *)(void *)(r->base +
					   (size_t)(i / r->frames_per_block) *
					       r->block_size +
					   (size_t)(i % r->frames_per_block) *
					       r->frame_size);
}

static uint32_t status_load(const struct tpacket2_hdr *h)
{
	return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
}

static void status_store(struct tpacket2_hdr *h, uint32_t v)
{
	__atomic_store_n(&h->tp_status, v, __ATOMIC_RELEASE);
}

/* ---- Interface facts -------------------------------------------------- */

static int ifreq_ioctl(int fd, const char *name, unsigned long req,
		       struct ifreq *ifr)
{
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	return ioctl(fd, req, ifr) < 0 ? -errno : 0;
}

static bool mask_bit(const uint32_t *mask, unsigned nwords, unsigned bit)
{
	return bit / 32 < nwords && (mask[bit / 32] >> (bit % 32) & 1);
}

/* ethtool link modes -> OFPPF_* bits (1.0 knows speeds up to 10G). */
static uint32_t modes_to_ofppf(const uint32_t *mask, unsigned nwords)
{
	static const struct {
		unsigned bit;
		uint32_t ofppf;
	} map[] = {
	    {ETHTOOL_LINK_MODE_10baseT_Half_BIT, OFPPF_10MB_HD},
	    {ETHTOOL_LINK_MODE_10baseT_Full_BIT, OFPPF_10MB_FD},
	    {ETHTOOL_LINK_MODE_100baseT_Half_BIT, OFPPF_100MB_HD},
	    {ETHTOOL_LINK_MODE_100baseT_Full_BIT, OFPPF_100MB_FD},
	    {ETHTOOL_LINK_MODE_1000baseT_Half_BIT, OFPPF_1GB_HD},
	    {ETHTOOL_LINK_MODE_1000baseT_Full_BIT, OFPPF_1GB_FD},
	    {ETHTOOL_LINK_MODE_1000baseKX_Full_BIT, OFPPF_1GB_FD},
	    {ETHTOOL_LINK_MODE_1000baseX_Full_BIT, OFPPF_1GB_FD},
	    {ETHTOOL_LINK_MODE_10000baseT_Full_BIT, OFPPF_10GB_FD},
	    {ETHTOOL_LINK_MODE_10000baseKX4_Full_BIT, OFPPF_10GB_FD},
	    {ETHTOOL_LINK_MODE_10000baseKR_Full_BIT, OFPPF_10GB_FD},
	    {ETHTOOL_LINK_MODE_10000baseSR_Full_BIT, OFPPF_10GB_FD},
	    {ETHTOOL_LINK_MODE_10000baseLR_Full_BIT, OFPPF_10GB_FD},
	    {ETHTOOL_LINK_MODE_TP_BIT, OFPPF_COPPER},
	    {ETHTOOL_LINK_MODE_FIBRE_BIT, OFPPF_FIBER},
	    {ETHTOOL_LINK_MODE_Autoneg_BIT, OFPPF_AUTONEG},
	    {ETHTOOL_LINK_MODE_Pause_BIT, OFPPF_PAUSE},
	    {ETHTOOL_LINK_MODE_Asym_Pause_BIT, OFPPF_PAUSE_ASYM},
	};
	uint32_t f = 0;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (mask_bit(mask, nwords, map[i].bit))
			f |= map[i].ofppf;
	return f;
}

/* The current speed, duplex and medium as OFPPF_* bits. */
static uint32_t curr_to_ofppf(uint32_t speed, uint8_t duplex, uint8_t port,
			      uint8_t autoneg)
{
	bool full = duplex == DUPLEX_FULL;
	uint32_t f = 0;

	if (speed == SPEED_10)
		f = full ? OFPPF_10MB_FD : OFPPF_10MB_HD;
	else if (speed == SPEED_100)
		f = full ? OFPPF_100MB_FD : OFPPF_100MB_HD;
	else if (speed == SPEED_1000)
		f = full ? OFPPF_1GB_FD : OFPPF_1GB_HD;
	else if (speed == SPEED_10000 && full)
		f = OFPPF_10GB_FD;
	if (port == PORT_TP)
		f |= OFPPF_COPPER;
	else if (port == PORT_FIBRE)
		f |= OFPPF_FIBER;
	if (autoneg == AUTONEG_ENABLE)
		f |= OFPPF_AUTONEG;
	return f;
}

/* Fills the speed bitmaps of *info with ETHTOOL_GLINKSETTINGS, falling
 * back to the older ETHTOOL_GSET; leaves them 0 if neither works. */
static void read_speeds(int fd, const char *name, struct sw_port_info *info)
{
	struct {
		struct ethtool_link_settings s;
		uint32_t masks[3 * 127];
	} ls;
	struct ethtool_cmd cmd;
	struct ifreq ifr;
	int nw;

	info->curr = info->advertised = info->supported = info->peer = 0;
	memset(&ls, 0, sizeof(ls));
	ls.s.cmd = ETHTOOL_GLINKSETTINGS;
	ifr.ifr_data = (void *)&ls;
	/* The first call tells how many mask words the kernel has
	 * (negated); the second fetches them. */
	if (ifreq_ioctl(fd, name, SIOCETHTOOL, &ifr) == 0 &&
	    ls.s.link_mode_masks_nwords < 0 &&
	    -ls.s.link_mode_masks_nwords <= 127) {
		nw = -ls.s.link_mode_masks_nwords;
		memset(&ls, 0, sizeof(ls));
		ls.s.cmd = ETHTOOL_GLINKSETTINGS;
		ls.s.link_mode_masks_nwords = (int8_t)nw;
		ifr.ifr_data = (void *)&ls;
		if (ifreq_ioctl(fd, name, SIOCETHTOOL, &ifr) == 0) {
			const uint32_t *m = ls.s.link_mode_masks;

			info->supported = modes_to_ofppf(m, (unsigned)nw);
			info->advertised = modes_to_ofppf(m + nw, (unsigned)nw);
			info->peer = modes_to_ofppf(m + 2 * nw, (unsigned)nw);
			info->curr = curr_to_ofppf(ls.s.speed, ls.s.duplex,
						   ls.s.port, ls.s.autoneg);
			return;
		}
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.cmd = ETHTOOL_GSET;
	ifr.ifr_data = (void *)&cmd;
	if (ifreq_ioctl(fd, name, SIOCETHTOOL, &ifr) == 0) {
		uint32_t sup = cmd.supported, adv = cmd.advertising,
			 lp = cmd.lp_advertising;

		info->supported = modes_to_ofppf(&sup, 1);
		info->advertised = modes_to_ofppf(&adv, 1);
		info->peer = modes_to_ofppf(&lp, 1);
		info->curr = curr_to_ofppf(ethtool_cmd_speed(&cmd), cmd.duplex,
					   cmd.port, cmd.autoneg);
	}
}

/* Reads name-keyed facts (address, flags, MTU, speeds) into p. */
static int read_info(struct ux_port *p)
{
	struct ifreq ifr;
	int r;

	if ((r = ifreq_ioctl(p->fd, p->info.name, SIOCGIFHWADDR, &ifr)) < 0)
		return r;
	memcpy(p->info.hw_addr, ifr.ifr_hwaddr.sa_data, 6);
	if ((r = ifreq_ioctl(p->fd, p->info.name, SIOCGIFFLAGS, &ifr)) < 0)
		return r;
	p->up = (ifr.ifr_flags & IFF_UP) != 0;
	p->info.link_up = (ifr.ifr_flags & IFF_RUNNING) != 0;
	if ((r = ifreq_ioctl(p->fd, p->info.name, SIOCGIFMTU, &ifr)) < 0)
		return r;
	p->mtu = (unsigned)ifr.ifr_mtu;
	read_speeds(p->fd, p->info.name, &p->info);
	return 0;
}

/* ---- Receiving -------------------------------------------------------- */

/* Reports ring overruns (PACKET_STATISTICS, which resets on reading). */
static void report_drops(struct ux_port *p)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	if (getsockopt(p->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0 &&
	    st.tp_drops)
		sw_port_rx_lost(p->sw, p->port_no, st.tp_drops, 0);
}

/* The kernel marks the first frame after an overrun TP_STATUS_LOSING,
 * which rx_ready() notices; when the overrun ended a burst no such frame
 * comes, so the count is also read every second (port stats then tell
 * the truth within a second). */
static void drops_due(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	report_drops(arg);
}

/* Cuts a GSO super-frame and hands each segment to the core. Returns
 * the number of segments, or -1 if it could not (the caller counts an
 * error). */
static int rx_gso(struct ux_port *p, const uint8_t *frame, size_t size,
		  const struct virtio_net_hdr *vh)
{
	enum dp_gso_type type;
	struct dp_gso g;
	size_t n;

	switch (vh->gso_type & ~VIRTIO_NET_HDR_GSO_ECN) {
	case VIRTIO_NET_HDR_GSO_TCPV4:
		type = DP_GSO_TCPV4;
		break;
	case VIRTIO_NET_HDR_GSO_TCPV6:
		type = DP_GSO_TCPV6;
		break;
#ifdef VIRTIO_NET_HDR_GSO_UDP_L4
	case VIRTIO_NET_HDR_GSO_UDP_L4:
		type = DP_GSO_UDP_L4;
		break;
#endif
	default:
		return -1;
	}
	if (!dp_gso_init(&g, frame, size, type, vh->gso_size) ||
	    dp_gso_max_size(&g) > SEG_BUF_SIZE - DP_HEADROOM)
		return -1;
	while ((n = dp_gso_next(&g, p->seg + DP_HEADROOM,
				SEG_BUF_SIZE - DP_HEADROOM)) > 0)
		sw_port_rx(p->sw, p->port_no, p->seg, SEG_BUF_SIZE, DP_HEADROOM,
			   n);
	return (int)g.index;
}

/* Handles one filled receive slot; returns the number of frames given to
 * the core (0 for a skipped one), or -1 for a frame to count as an
 * error. */
static int rx_one(struct ux_port *p, struct tpacket2_hdr *h, uint32_t st)
{
	const struct sockaddr_ll *sll =
	    (const struct sockaddr_ll *)(const void *)((uint8_t *)h +
						       RX_BUF_OFS);
	uint8_t *buf = (uint8_t *)h + RX_BUF_OFS, *frame;
	size_t buf_size = p->rx.frame_size - RX_BUF_OFS, size;
	struct virtio_net_hdr vh;
	size_t csum_start;

	if (sll->sll_pkttype == PACKET_OUTGOING)
		return 0; /* what this host sends, not what arrives */
	if (h->tp_snaplen < h->tp_len || h->tp_snaplen < ETH_HDR ||
	    h->tp_mac < RX_BUF_OFS + VNET_SIZE + VLAN_HDR ||
	    h->tp_mac + (size_t)h->tp_snaplen > p->rx.frame_size)
		return -1;
	frame = (uint8_t *)h + h->tp_mac;
	size = h->tp_snaplen;
	memcpy(&vh, frame - VNET_SIZE, VNET_SIZE);
	csum_start = vh.csum_start; /* little-endian: PACKET_VNET_HDR uses
				     * the host's order on LE machines */
	if ((st & TP_STATUS_VLAN_VALID) || h->tp_vlan_tci) {
		uint16_t tpid = (st & TP_STATUS_VLAN_TPID_VALID)
				    ? h->tp_vlan_tpid
				    : ETHERTYPE_VLAN;

		memmove(frame - VLAN_HDR, frame, 12);
		frame -= VLAN_HDR;
		frame[12] = (uint8_t)(tpid >> 8);
		frame[13] = (uint8_t)tpid;
		frame[14] = (uint8_t)(h->tp_vlan_tci >> 8);
		frame[15] = (uint8_t)h->tp_vlan_tci;
		size += VLAN_HDR;
		csum_start += VLAN_HDR;
	}
	if (vh.gso_type != VIRTIO_NET_HDR_GSO_NONE)
		return rx_gso(p, frame, size, &vh);
	if (vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		if (!dp_csum_complete(frame, size, csum_start, vh.csum_offset))
			return -1;
	} else if (st & TP_STATUS_CSUMNOTREADY) {
		struct of_match key;
		struct of_pkt_layout lay;

		of_pkt_extract(frame, size, p->port_no, &key, &lay);
		if (!dp_csum_fill_l4(frame, size, &lay))
			return -1;
	}
	sw_port_rx(p->sw, p->port_no, buf, buf_size, (size_t)(frame - buf),
		   size);
	return 1;
}

static void rx_ready(evutil_socket_t fd, short what, void *arg)
{
	struct ux_port *p = arg;
	uint64_t errors = 0;
	bool losing = false;
	unsigned n = 0, work = 0;

	(void)fd;
	(void)what;
	/* The budget counts frames given to the core (a super-frame counts
	 * its segments), so that one port's TCP burst cannot starve the
	 * other ports' rings. */
	while (work < UX_RX_BUDGET) {
		struct tpacket2_hdr *h = slot(&p->rx, p->rx.head);
		uint32_t st = status_load(h);
		int r;

		if (!(st & TP_STATUS_USER))
			break;
		if (st & TP_STATUS_LOSING)
			losing = true;
		r = rx_one(p, h, st);
		if (r < 0)
			errors++;
		work += r > 0 ? (unsigned)r : 1;
		n++;
		status_store(h, TP_STATUS_KERNEL);
		p->rx.head = (p->rx.head + 1) % p->rx.frames;
	}
	if (errors)
		sw_port_rx_lost(p->sw, p->port_no, 0, errors);
	if (losing)
		report_drops(p);
	if (n == 0) {
		/* Woken with nothing to read: a pending socket error
		 * (ENETDOWN when the interface goes down or away). Reading
		 * SO_ERROR clears it, so poll stops reporting it. */
		int e = 0;
		socklen_t len = sizeof(e);

		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &e, &len);
		return;
	}
	sw_flush(p->sw);
	if (p->after)
		p->after(p->after_ctx);
}

/* ---- Transmitting ----------------------------------------------------- */

static bool port_tx(void *impl, const uint8_t *frame, size_t size)
{
	struct ux_port *p = impl;
	struct tpacket2_hdr *h;
	size_t limit = p->mtu + ETH_HDR;
	uint32_t st;
	uint8_t *data;

	if (size >= 16 && frame[12] == 0x81 && frame[13] == 0x00)
		limit += VLAN_HDR; /* the kernel allows a tag on top */
	if (p->gone || !p->up || size < ETH_HDR || size > limit ||
	    TX_DATA_OFS + VNET_SIZE + size > p->tx.frame_size)
		return false;
	h = slot(&p->tx, p->tx.head);
	st = status_load(h);
	if (st != TP_STATUS_AVAILABLE && !(st & TP_STATUS_WRONG_FORMAT) &&
	    p->tx_pending) {
		/* Full: kick what is queued now (one segmented super-frame
		 * alone can fill the ring) and look again. */
		send(p->fd, NULL, 0, MSG_DONTWAIT);
		p->tx_pending = 0;
		st = status_load(h);
	}
	if (st != TP_STATUS_AVAILABLE && !(st & TP_STATUS_WRONG_FORMAT))
		return false; /* ring full: the kernel still owns the slot */
	data = (uint8_t *)h + TX_DATA_OFS;
	memset(data, 0, VNET_SIZE); /* no offload asked for */
	memcpy(data + VNET_SIZE, frame, size);
	h->tp_len = (uint32_t)(VNET_SIZE + size);
	status_store(h, TP_STATUS_SEND_REQUEST);
	p->tx.head = (p->tx.head + 1) % p->tx.frames;
	p->tx_pending++;
	return true;
}

static void port_flush(void *impl)
{
	struct ux_port *p = impl;
	struct timeval retry = {0, 1000};

	if (p->tx_pending == 0)
		return;
	p->tx_pending = 0;
	if (send(p->fd, NULL, 0, MSG_DONTWAIT) < 0 &&
	    (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)) {
		/* Slots stay SEND_REQUEST; kick again shortly even if no
		 * new frame comes to flush them. */
		p->tx_pending = 1;
		event_add(p->kick_ev, &retry);
	}
}

static void kick_due(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	port_flush(arg);
}

static int port_set_down(void *impl, bool down)
{
	struct ux_port *p = impl;
	struct ifreq ifr;
	int r;

	if ((r = ifreq_ioctl(p->fd, p->info.name, SIOCGIFFLAGS, &ifr)) < 0)
		return r;
	if (down)
		ifr.ifr_flags &= (short)~IFF_UP;
	else
		ifr.ifr_flags |= IFF_UP;
	return ifreq_ioctl(p->fd, p->info.name, SIOCSIFFLAGS, &ifr);
}

static const struct sw_port_ops port_ops = {
    .tx = port_tx,
    .flush = port_flush,
    .set_down = port_set_down,
};

/* ---- Link changes (rtnetlink) ------------------------------------------ */

/* Stores the new facts of p and tells the core if any it reports
 * changed. */
static void port_changed(struct ux_port *p, const struct sw_port_info *info)
{
	if (!memcmp(info, &p->info, sizeof(*info)))
		return;
	p->info = *info;
	if (!p->registered)
		return;
	sw_port_update(p->sw, p->port_no, &p->info);
	sw_flush(p->sw);
	if (p->after)
		p->after(p->after_ctx);
}

static void link_msg(const struct nlmsghdr *nh)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int len = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

	if (len < 0)
		return;
	for (struct ux_port *p = nl.ports; p; p = p->next) {
		struct sw_port_info info;
		const struct rtattr *a;
		int left = len;

		if (p->ifindex != ifi->ifi_index || p->gone)
			continue;
		info = p->info;
		if (nh->nlmsg_type == RTM_DELLINK) {
			/* The port stays (link down) until closed: a new
			 * interface of the same name is not picked up. */
			p->gone = true;
			event_del(p->rx_ev);
			info.link_up = false;
			port_log(PLAT_LOG_WARN,
				 "port %u (%s): interface removed", p->port_no,
				 p->info.name);
			port_changed(p, &info);
			continue;
		}
		p->up = (ifi->ifi_flags & IFF_UP) != 0;
		info.link_up = (ifi->ifi_flags & IFF_RUNNING) != 0;
		for (a = IFLA_RTA(ifi); RTA_OK(a, left);
		     a = RTA_NEXT(a, left)) {
			size_t n = RTA_PAYLOAD(a);

			if (a->rta_type == IFLA_MTU && n >= 4)
				memcpy(&p->mtu, RTA_DATA(a), 4);
			else if (a->rta_type == IFLA_ADDRESS && n == 6)
				memcpy(info.hw_addr, RTA_DATA(a), 6);
			else if (a->rta_type == IFLA_IFNAME && n > 0)
				snprintf(info.name, sizeof(info.name), "%.*s",
					 (int)n, (const char *)RTA_DATA(a));
		}
		if (info.link_up != p->info.link_up)
			read_speeds(p->fd, info.name, &info);
		port_changed(p, &info);
	}
}

/* After a netlink overrun: re-reads every port's facts by name. */
static void resync_all(void)
{
	for (struct ux_port *p = nl.ports; p; p = p->next) {
		struct sw_port_info old = p->info;

		if (p->gone || read_info(p) < 0)
			continue;
		struct sw_port_info info = p->info;
		p->info = old;
		port_changed(p, &info);
	}
}

static void nl_ready(evutil_socket_t fd, short what, void *arg)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));

	(void)what;
	(void)arg;
	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		int left;

		if (n < 0) {
			if (errno == ENOBUFS)
				resync_all();
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			return;
		}
		left = (int)n;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)(void *)buf;
		     NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left))
			if (nh->nlmsg_type == RTM_NEWLINK ||
			    nh->nlmsg_type == RTM_DELLINK)
				link_msg(nh);
	}
}

/* Opens the shared socket if this is the first port. */
static int nl_attach(struct ux_port *p, char *err, size_t err_size)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK,
				 .nl_groups = RTMGRP_LINK};

	if (nl.fd < 0) {
		nl.fd =
		    socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			   NETLINK_ROUTE);
		if (nl.fd < 0 ||
		    bind(nl.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			int e = -errno;

			snprintf(err, err_size, "rtnetlink socket: %s",
				 strerror(-e));
			if (nl.fd >= 0)
				close(nl.fd);
			nl.fd = -1;
			return e;
		}
		nl.ev = event_new(p->base, nl.fd, EV_READ | EV_PERSIST,
				  nl_ready, NULL);
		if (!nl.ev || event_add(nl.ev, NULL) < 0) {
			snprintf(err, err_size, "rtnetlink event: no memory");
			event_free(nl.ev);
			nl.ev = NULL;
			close(nl.fd);
			nl.fd = -1;
			return -ENOMEM;
		}
	}
	p->next = nl.ports;
	nl.ports = p;
	return 0;
}

static void nl_detach(struct ux_port *p)
{
	for (struct ux_port **pp = &nl.ports; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	if (nl.ports == NULL && nl.fd >= 0) {
		event_free(nl.ev);
		nl.ev = NULL;
		close(nl.fd);
		nl.fd = -1;
	}
}

/* ---- Opening and closing ----------------------------------------------- */

/* Frees what open set up (the core registration aside). */
static void port_free(struct ux_port *p)
{
	if (p->rx_ev)
		event_free(p->rx_ev);
	if (p->kick_ev)
		event_free(p->kick_ev);
	if (p->drops_ev)
		event_free(p->drops_ev);
	if (p->map)
		munmap(p->map, p->map_size);
	if (p->fd >= 0)
		close(p->fd);
	free(p->seg);
	free(p);
}

static int sockopt(struct ux_port *p, int opt, const void *v, socklen_t len,
		   const char *what, char *err, size_t err_size)
{
	if (setsockopt(p->fd, SOL_PACKET, opt, v, len) == 0)
		return 0;
	snprintf(err, err_size, "%s: %s: %s", p->info.name, what,
		 strerror(errno));
	return -errno;
}

/* Sets up the socket, its rings and the mapping. */
static int open_rings(struct ux_port *p, char *err, size_t err_size)
{
	struct tpacket_req rreq, treq;
	int v2 = TPACKET_V2, one = 1, r;
	unsigned tx_frame;

	if ((r = sockopt(p, PACKET_VERSION, &v2, sizeof(v2), "TPACKET_V2", err,
			 err_size)) < 0 ||
	    (r = sockopt(p, PACKET_VNET_HDR, &one, sizeof(one),
			 "PACKET_VNET_HDR", err, err_size)) < 0 ||
	    (r = sockopt(p, PACKET_LOSS, &one, sizeof(one), "PACKET_LOSS", err,
			 err_size)) < 0)
		return r;
		/* Optional: fewer wasted slots, fewer checks, faster sends. */
#ifdef PACKET_IGNORE_OUTGOING
	setsockopt(p->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		   sizeof(one));
#endif
	if (UX_QDISC_BYPASS)
		setsockopt(p->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			   sizeof(one));

	rreq = (struct tpacket_req){
	    .tp_block_size = UX_RX_BLOCK_SIZE,
	    .tp_block_nr = UX_RX_BLOCKS,
	    .tp_frame_size = UX_RX_FRAME_SIZE,
	    .tp_frame_nr = (UX_RX_BLOCK_SIZE / UX_RX_FRAME_SIZE) * UX_RX_BLOCKS,
	};
	/* Transmit slots: header, vnet header, the largest tagged frame the
	 * MTU allows; a power of two, at least 2 KiB. */
	tx_frame = 2048;
	while (tx_frame < TX_DATA_OFS + VNET_SIZE + p->mtu + ETH_HDR + VLAN_HDR)
		tx_frame *= 2;
	treq = (struct tpacket_req){
	    .tp_block_size = tx_frame > 65536 ? tx_frame : 65536,
	    .tp_frame_size = tx_frame,
	};
	treq.tp_frame_nr = UX_TX_FRAMES;
	treq.tp_block_nr =
	    UX_TX_FRAMES / (treq.tp_block_size / tx_frame) +
	    (UX_TX_FRAMES % (treq.tp_block_size / tx_frame) != 0);
	treq.tp_frame_nr = treq.tp_block_nr * (treq.tp_block_size / tx_frame);
	if ((r = sockopt(p, PACKET_RX_RING, &rreq, sizeof(rreq), "rx ring", err,
			 err_size)) < 0 ||
	    (r = sockopt(p, PACKET_TX_RING, &treq, sizeof(treq), "tx ring", err,
			 err_size)) < 0)
		return r;
	p->map_size = (size_t)rreq.tp_block_size * rreq.tp_block_nr +
		      (size_t)treq.tp_block_size * treq.tp_block_nr;
	p->map = mmap(NULL, p->map_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, p->fd, 0);
	if (p->map == MAP_FAILED) {
		p->map = NULL;
		snprintf(err, err_size, "%s: mmap rings: %s", p->info.name,
			 strerror(errno));
		return -errno;
	}
	p->rx = (struct ring){
	    .base = p->map,
	    .frames = rreq.tp_frame_nr,
	    .frame_size = rreq.tp_frame_size,
	    .frames_per_block = rreq.tp_block_size / rreq.tp_frame_size,
	    .block_size = rreq.tp_block_size,
	};
	p->tx = (struct ring){
	    .base = p->map + (size_t)rreq.tp_block_size * rreq.tp_block_nr,
	    .frames = treq.tp_frame_nr,
	    .frame_size = treq.tp_frame_size,
	    .frames_per_block = treq.tp_block_size / treq.tp_frame_size,
	    .block_size = treq.tp_block_size,
	};
	return 0;
}

/* Opens and registers a port; see port_afpacket.h. */
int ux_port_open(struct ux_port **out, struct event_base *base, struct sw *sw,
		 const char *ifname, uint16_t port_no, void (*after)(void *ctx),
		 void *after_ctx, char *err, size_t err_size)
{
	struct ux_port *p;
	struct packet_mreq mr;
	struct sockaddr_ll sll;
	enum of_err oe;
	int r;

	*out = NULL;
	if (strlen(ifname) >= sizeof(p->info.name)) {
		snprintf(err, err_size, "%s: interface name too long", ifname);
		return -EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p || !(p->seg = malloc(SEG_BUF_SIZE))) {
		free(p);
		snprintf(err, err_size, "%s: no memory", ifname);
		return -ENOMEM;
	}
	p->sw = sw;
	p->base = base;
	p->after = after;
	p->after_ctx = after_ctx;
	snprintf(p->info.name, sizeof(p->info.name), "%s", ifname);
	/* Protocol 0 until bound: no frames of other interfaces meanwhile. */
	p->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		r = -errno;
		snprintf(err, err_size, "%s: AF_PACKET socket: %s", ifname,
			 strerror(errno));
		goto fail;
	}
	p->ifindex = (int)if_nametoindex(ifname);
	if (p->ifindex == 0) {
		r = -errno;
		snprintf(err, err_size, "%s: no such interface", ifname);
		goto fail;
	}
	if ((r = read_info(p)) < 0) {
		snprintf(err, err_size, "%s: reading interface: %s", ifname,
			 strerror(-r));
		goto fail;
	}
	if ((r = open_rings(p, err, err_size)) < 0)
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = p->ifindex;
	if (bind(p->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		r = -errno;
		snprintf(err, err_size, "%s: bind: %s", ifname,
			 strerror(errno));
		goto fail;
	}
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = p->ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if ((r = sockopt(p, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr),
			 "promiscuous mode", err, err_size)) < 0)
		goto fail;
	p->rx_ev = event_new(base, p->fd, EV_READ | EV_PERSIST, rx_ready, p);
	p->kick_ev = evtimer_new(base, kick_due, p);
	p->drops_ev = event_new(base, -1, EV_PERSIST, drops_due, p);
	if (!p->rx_ev || !p->kick_ev || !p->drops_ev) {
		r = -ENOMEM;
		snprintf(err, err_size, "%s: no memory", ifname);
		goto fail;
	}
	if ((r = nl_attach(p, err, err_size)) < 0)
		goto fail;
	oe = sw_port_add(sw, port_no, &p->info, &port_ops, p, &p->port_no);
	if (oe != OF_OK) {
		nl_detach(p);
		r = oe == OF_E_NOSPACE ? -ENOMEM : -EINVAL;
		snprintf(err, err_size, "%s: switch refused port %u: %s",
			 ifname, port_no,
			 r == -ENOMEM ? "no memory"
				      : "number taken or invalid");
		goto fail;
	}
	p->registered = true;
	if (event_add(p->rx_ev, NULL) < 0 ||
	    event_add(p->drops_ev, &(struct timeval){1, 0}) < 0) {
		ux_port_close(p);
		snprintf(err, err_size, "%s: event_add failed", ifname);
		return -ENOMEM;
	}
	*out = p;
	return 0;
fail:
	port_free(p);
	return r;
}

/* The assigned OpenFlow port number. */
uint16_t ux_port_no(const struct ux_port *p)
{
	return p->port_no;
}

/* Unregisters and frees the port; see port_afpacket.h. */
void ux_port_close(struct ux_port *p)
{
	if (!p)
		return;
	if (p->registered)
		sw_port_remove(p->sw, p->port_no);
	nl_detach(p);
	port_free(p);
}

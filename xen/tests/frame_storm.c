/* frame_storm: sends malformed and hostile Ethernet frames to one MAC
 * through an interface (AF_PACKET), for the tier-2 robustness test of the
 * images: built static on the host and run in dom0 on the guest's bridge.
 *
 *   frame_storm IFACE DST_MAC DST_IP COUNT SEED
 *
 * Frames, chosen by a seeded generator: runts (0..13 bytes), random bytes,
 * 802.1Q and Q-in-Q tags, ARP with bad lengths and opcodes, IPv4 with bad
 * versions, IHLs, total lengths, checksums, options and fragment offsets
 * (overlapping, past 64 KiB), ICMP with bad checksums and lengths, UDP with
 * bad lengths, and TCP to port 6653 with random flags, sequence numbers,
 * data offsets and options (including truncated and oversized ones).
 * Checksums are right half of the time so that frames reach deep layers.
 * Prints "frame_storm: sent N frames (M refused by the kernel)" at the
 * end (the kernel refuses some runts). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint64_t rng;

static uint32_t next(void)
{
	rng += 0x9e3779b97f4a7c15ull;
	uint64_t z = rng;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)(z ^ (z >> 31));
}

static uint16_t csum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* An IPv4 packet of protocol `proto` with `l4` bytes of payload at
 * f+14+20 (already written), then damaged in one of many ways. Returns
 * the frame size. */
static size_t ipv4(uint8_t *f, const uint8_t dst[6], const uint8_t src[6],
		   uint32_t sip, uint32_t dip, uint8_t proto, size_t l4)
{
	uint8_t *ip = f + 14;
	size_t size = 14 + 20 + l4;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, (uint16_t)(20 + l4));
	put16(ip + 4, (uint16_t)next());
	put16(ip + 6, 0);
	ip[8] = 64;
	ip[9] = proto;
	put16(ip + 10, 0);
	put32(ip + 12, sip);
	put32(ip + 16, dip);
	switch (next() % 10) {
	case 0:
		ip[0] = (uint8_t)(next() & 0xff); /* version, IHL */
		break;
	case 1:
		put16(ip + 2, (uint16_t)next()); /* total length */
		break;
	case 2: /* fragments: offsets, MF */
		put16(ip + 6, (uint16_t)(next() & 0x3fff));
		break;
	case 3:
		ip[0] = (uint8_t)(0x40 | (5 + next() % 11)); /* options */
		break;
	case 4:
		size = 14 + next() % 40; /* cut short */
		break;
	default:
		break;
	}
	put16(ip + 10, csum(ip, 20, 0));
	if (next() % 4 == 0)
		put16(ip + 10, (uint16_t)next()); /* bad checksum */
	return size < 14 ? 14 : size;
}

int main(int argc, char **argv)
{
	static uint8_t f[2048];
	uint8_t dst[6], src[6] = {0x02, 0x66, 0x72, 0, 0, 1};
	struct sockaddr_ll sa;
	unsigned m[6];
	struct in_addr a;
	uint32_t dip, sip = 0x0a000263;
	unsigned long count, sent = 0, refused = 0;
	int fd;

	if (argc != 6 ||
	    sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) != 6 ||
	    inet_pton(AF_INET, argv[3], &a) != 1) {
		fprintf(stderr, "usage: frame_storm IFACE DST_MAC DST_IP COUNT "
				"SEED\n");
		return 2;
	}
	for (int i = 0; i < 6; i++)
		dst[i] = (uint8_t)m[i];
	dip = ntohl(a.s_addr);
	count = strtoul(argv[4], NULL, 10);
	rng = strtoull(argv[5], NULL, 10);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0) {
		perror("frame_storm: socket");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sll_family = AF_PACKET;
	sa.sll_ifindex = (int)if_nametoindex(argv[1]);
	sa.sll_halen = 6;
	memcpy(sa.sll_addr, dst, 6);
	if (!sa.sll_ifindex) {
		perror("frame_storm: interface");
		return 1;
	}
	for (unsigned long i = 0; i < count; i++) {
		size_t size = 0;
		uint8_t *l4 = f + 34;

		memset(f, 0, sizeof(f));
		switch (next() % 12) {
		case 0: /* a runt */
			size = next() % 14;
			memcpy(f, dst, size < 6 ? size : 6);
			break;
		case 1: /* random bytes */
			size = 14 + next() % 1500;
			for (size_t k = 0; k < size; k++)
				f[k] = (uint8_t)next();
			memcpy(f, dst, 6);
			break;
		case 2: /* VLAN tags, one or two */
			memcpy(f, dst, 6);
			memcpy(f + 6, src, 6);
			put16(f + 12, next() % 2 ? 0x8100 : 0x88a8);
			put16(f + 14, (uint16_t)next());
			put16(f + 16, next() % 2 ? 0x8100 : 0x0800);
			size = 18 + next() % 100;
			break;
		case 3: /* ARP */
			memcpy(f, dst, 6);
			memcpy(f + 6, src, 6);
			put16(f + 12, 0x0806);
			put16(f + 14, next() % 3 ? 1 : (uint16_t)next());
			put16(f + 16, next() % 3 ? 0x0800 : (uint16_t)next());
			f[18] = next() % 3 ? 6 : (uint8_t)next();
			f[19] = next() % 3 ? 4 : (uint8_t)next();
			put16(f + 20, (uint16_t)(next() % 4));
			memcpy(f + 22, src, 6);
			put32(f + 28, next() % 2 ? sip : next());
			put32(f + 38, next() % 2 ? dip : next());
			size = 14 + next() % 40;
			break;
		case 4:
		case 5: { /* ICMP echo, bad lengths and checksums */
			size_t n = 8 + next() % 1400;

			l4[0] = next() % 2 ? 8 : (uint8_t)next();
			for (size_t k = 8; k < n; k++)
				l4[k] = (uint8_t)k;
			put16(l4 + 2, csum(l4, n, 0));
			if (next() % 3 == 0)
				put16(l4 + 2, (uint16_t)next());
			size = ipv4(f, dst, src, sip, dip, 1, n);
			break;
		}
		case 6: { /* UDP, lengths that lie */
			size_t n = 8 + next() % 200;

			put16(l4, (uint16_t)next());
			put16(l4 + 2, next() % 2 ? 7 : (uint16_t)next());
			put16(l4 + 4,
			      next() % 2 ? (uint16_t)n : (uint16_t)next());
			size = ipv4(f, dst, src, sip, dip, 17, n);
			break;
		}
		default: { /* TCP to the controller's port, hostile headers */
			size_t opt = (next() % 11) * 4,
			       n = 20 + opt + next() % 64;
			uint32_t sum;

			put16(l4, (uint16_t)(40000 + next() % 100));
			put16(l4 + 2, next() % 4 ? 6653 : (uint16_t)next());
			put32(l4 + 4, next());
			put32(l4 + 8, next());
			l4[12] = next() % 4 ? (uint8_t)((20 + opt) / 4 << 4)
					    : (uint8_t)next();
			l4[13] = (uint8_t)next(); /* any flags */
			put16(l4 + 14, (uint16_t)next());
			for (size_t k = 20; k < 20 + opt; k++)
				l4[k] =
				    (uint8_t)(next() % 3 ? next() % 9 : next());
			sum = (sip >> 16) + (sip & 0xffff) + (dip >> 16) +
			      (dip & 0xffff) + 6 + (uint32_t)n;
			put16(l4 + 16, csum(l4, n, sum));
			if (next() % 4 == 0)
				put16(l4 + 16, (uint16_t)next());
			size = ipv4(f, dst, src, sip, dip, 6, n);
			break;
		}
		}
		if (size < 60)
			size = next() % 8 ? 60 : size; /* runts too */
		if (size > 1514)
			size = 1514;
		for (int tries = 0;; tries++) {
			if (sendto(fd, f, size, 0, (struct sockaddr *)&sa,
				   sizeof(sa)) >= 0) {
				sent++;
				break;
			}
			if ((errno != ENOBUFS && errno != EAGAIN) ||
			    tries == 100) {
				refused++; /* e.g. a runt the kernel rejects */
				break;
			}
			usleep(1000);
		}
		if (i % 64 == 63)
			usleep(1000); /* let the backend keep up */
	}
	printf("frame_storm: sent %lu frames (%lu refused by the kernel)\n",
	       sent, refused);
	return 0;
}

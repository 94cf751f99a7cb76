/* The ovs-ofctl flow syntax, OpenFlow 1.0 subset, parsed the way
 * `ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names` 3.1 parses it
 * (lib/ofp-flow.c parse_ofp_str__, lib/meta-flow.c, lib/ofp-actions.c).
 *
 * OVS first parses into its generic match (values plus masks, the VLAN as a
 * TCI) and only then converts to the 40-byte ofp_match; several quirks of the
 * text syntax come from that (dl_vlan_pcp=9 matches PCP 1, vlan_vid=5 means
 * "no VLAN", nw_tos keeps only the DSCP bits, values wider than the field are
 * truncated by the scanf-style address parsers). We model the same state so
 * that what ovs-ofctl accepts we encode byte for byte, and what it rejects
 * (including what only NXM/OpenFlow 1.1+ could express) we reject with a
 * message that quotes the offending field.
 *
 * Everything works on (pointer, length) slices of the caller's text: nothing
 * is copied or allocated. */
#include "of_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Slices, errors. */

struct slice {
	const char *p;
	size_t n;
};

struct pctx {
	char *err;
	size_t err_size;
	bool failed;
};

static void fail(struct pctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records the first error only: later ones are consequences. */
static void fail(struct pctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	if (!c->err || !c->err_size)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, c->err_size, fmt, ap);
	va_end(ap);
}

static bool sl_eq(struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && !memcmp(s.p, lit, n);
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

static bool sl_caseeq(struct slice s, const char *lit)
{
	size_t i, n = strlen(lit);

	if (s.n != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s.p[i]) !=
		    lower((unsigned char)lit[i]))
			return false;
	return true;
}

static const char *sl_find(struct slice s, const char *lit)
{
	size_t i, n = strlen(lit);

	for (i = 0; n <= s.n && i <= s.n - n; i++)
		if (!memcmp(s.p + i, lit, n))
			return s.p + i;
	return NULL;
}

static const char *sl_chr(struct slice s, char ch)
{
	return s.n ? memchr(s.p, ch, s.n) : NULL;
}

static bool in_set(char ch, const char *set)
{
	return ch && strchr(set, ch);
}

/* Length of the printable quote of a slice in messages. */
#define Q(s) (int)((s).n > 200 ? 200 : (s).n), (s).p

/* ------------------------------------------------------------------------ */
/* Numbers, with the C library semantics OVS relies on (strtoull, strtoll,
 * strtoimax: leading white space, a sign, 0x / 0 prefixes for base 0). */

static int digit_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (lower((unsigned char)ch) >= 'a' && lower((unsigned char)ch) <= 'z')
		return lower((unsigned char)ch) - 'a' + 10;
	return 99;
}

static bool is_cspace(char ch)
{
	return in_set(ch, " \t\n\v\f\r");
}

struct cnum {
	uint64_t mag;
	bool neg;
	bool ovf;
	size_t used; /* chars consumed; 0 means no conversion */
};

static struct cnum scan_num(struct slice s, int base)
{
	struct cnum r = {0, false, false, 0};
	size_t i = 0, start;

	while (i < s.n && is_cspace(s.p[i]))
		i++;
	if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
		r.neg = s.p[i++] == '-';
	if ((base == 0 || base == 16) && i + 2 < s.n && s.p[i] == '0' &&
	    lower((unsigned char)s.p[i + 1]) == 'x' &&
	    digit_value(s.p[i + 2]) < 16) {
		i += 2;
		base = 16;
	} else if (base == 0) {
		base = i < s.n && s.p[i] == '0' ? 8 : 10;
	}
	start = i;
	for (; i < s.n; i++) {
		unsigned d = (unsigned)digit_value(s.p[i]);

		if (d >= (unsigned)base)
			break;
		if (r.ovf || r.mag > (UINT64_MAX - d) / (unsigned)base) {
			r.ovf = true;
			r.mag = UINT64_MAX;
		} else {
			r.mag = r.mag * (unsigned)base + d;
		}
	}
	r.used = i == start ? 0 : i;
	return r;
}

/* strtoll(): false on no conversion or ERANGE. */
static bool cnum_to_ll(struct cnum r, int64_t *v)
{
	if (!r.used || r.ovf)
		return false;
	if (r.neg) {
		if (r.mag > (uint64_t)INT64_MAX + 1)
			return false;
		*v = r.mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						      : -(int64_t)r.mag;
	} else {
		if (r.mag > (uint64_t)INT64_MAX)
			return false;
		*v = (int64_t)r.mag;
	}
	return true;
}

/* OVS str_to_llong(): the whole string must convert. */
static bool str_to_llong(struct slice s, int base, int64_t *v)
{
	struct cnum r = scan_num(s, base);
	return r.used == s.n && cnum_to_ll(r, v);
}

/* OVS str_to_u16()/str_to_u8(): str_to_int(base 0), then a range check. */
static bool str_to_uint_range(struct slice s, uint32_t max, uint32_t *v)
{
	int64_t ll;

	if (!str_to_llong(s, 0, &ll) || ll < 0 || ll > (int64_t)max)
		return false;
	*v = (uint32_t)ll;
	return true;
}

/* OVS str_to_u64()/str_to_u32(): strtoull(base 0), whole string. Returns
 * NULL or what is wrong. */
static const char *str_to_u64(struct slice s, uint64_t *v)
{
	struct cnum r;

	if (!s.n)
		return "missing numeric value";
	r = scan_num(s, 0);
	if (r.ovf || r.used != s.n)
		return "invalid number";
	*v = r.neg ? 0 - r.mag : r.mag;
	return NULL;
}

enum int_err { INT_OK, INT_SYNTAX, INT_RANGE };

/* OVS parse_int_string(): an arbitrarily long 0x hex number whose
 * significant digits fit `width` bytes, or a strtoull(base 0) number that
 * fits `width` bytes. *used is set to the characters consumed. */
static enum int_err parse_int_string(struct slice s, unsigned width,
				     uint64_t *v, size_t *used)
{
	if (s.n >= 2 && s.p[0] == '0' && lower((unsigned char)s.p[1]) == 'x') {
		size_t i = 2, first;
		uint64_t val = 0;

		while (i < s.n && digit_value(s.p[i]) < 16)
			i++;
		if (i == 2)
			return INT_SYNTAX;
		*used = i;
		for (first = 2; first < i && s.p[first] == '0'; first++)
			;
		if (i - first > 2 * width)
			return INT_RANGE;
		for (; first < i; first++)
			val = val << 4 | (unsigned)digit_value(s.p[first]);
		*v = val;
		return INT_OK;
	} else {
		struct cnum r = scan_num(s, 0);
		uint64_t val;

		if (!r.used)
			return INT_SYNTAX;
		*used = r.used;
		if (r.ovf)
			return INT_RANGE;
		val = r.neg ? 0 - r.mag : r.mag;
		if (width < 8 && val >> (8 * width))
			return INT_RANGE;
		*v = val;
		return INT_OK;
	}
}

/* ovs_scan()'s integer conversions: skip white space, strtoimax() in
 * `base`, keep the low bits. Advances *pos; false if nothing converts. */
static bool scan_imax(struct slice s, size_t *pos, int base, int64_t *v)
{
	struct slice rest = {s.p + *pos, s.n - *pos};
	struct cnum r = scan_num(rest, base);

	if (!cnum_to_ll(r, v))
		return false;
	*pos += r.used;
	return true;
}

static bool scan_lit(struct slice s, size_t *pos, char ch)
{
	if (*pos < s.n && s.p[*pos] == ch) {
		(*pos)++;
		return true;
	}
	return false;
}

/* ETH_ADDR_SCAN_FMT: six %hhx separated by ':'. */
static bool scan_mac(struct slice s, size_t *pos, uint8_t mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		int64_t v;

		if (i && !scan_lit(s, pos, ':'))
			return false;
		if (!scan_imax(s, pos, 16, &v))
			return false;
		mac[i] = (uint8_t)v;
	}
	return true;
}

/* IP_SCAN_FMT: four %hhu separated by '.'. */
static bool scan_ip(struct slice s, size_t *pos, uint32_t *ip)
{
	int i;

	*ip = 0;
	for (i = 0; i < 4; i++) {
		int64_t v;

		if (i && !scan_lit(s, pos, '.'))
			return false;
		if (!scan_imax(s, pos, 10, &v))
			return false;
		*ip = *ip << 8 | (uint8_t)v;
	}
	return true;
}

/* inet_pton(AF_INET): exactly four decimal octets 0..255, no leading
 * zeros, nothing else. */
static bool inet_pton4(struct slice s, uint32_t *ip)
{
	size_t i = 0;
	int octets = 0;

	*ip = 0;
	while (octets < 4) {
		unsigned v = 0, digits = 0;

		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
			if (digits && v == 0)
				return false;
			v = v * 10 + (unsigned)(s.p[i] - '0');
			if (v > 255)
				return false;
			digits++;
			i++;
		}
		if (!digits)
			return false;
		*ip = *ip << 8 | v;
		if (++octets < 4 && !scan_lit(s, &i, '.'))
			return false;
	}
	return i == s.n;
}

static bool is_cidr(uint32_t mask)
{
	uint32_t inv = ~mask;
	return !(inv & (inv + 1));
}

static unsigned cidr_len(uint32_t mask)
{
	unsigned n = 0;

	while (n < 32 && mask & (0x80000000u >> n))
		n++;
	return n;
}

/* ------------------------------------------------------------------------ */
/* Ports and tables. */

static const struct {
	const char *name;
	uint16_t port;
} port_names[] = {
    {"IN_PORT", OFPP_IN_PORT}, {"TABLE", OFPP_TABLE},
    {"NORMAL", OFPP_NORMAL},   {"FLOOD", OFPP_FLOOD},
    {"ALL", OFPP_ALL},	       {"CONTROLLER", OFPP_CONTROLLER},
    {"LOCAL", OFPP_LOCAL},     {"ANY", OFPP_NONE},
    {"UNSET", 0xfff7},	       {"NONE", OFPP_NONE},
};

/* OVS str_to_uint(s, 10): decimal, the whole string, 0..UINT_MAX. */
static bool str_to_uint10(struct slice s, uint32_t *v)
{
	int64_t ll;

	if (!str_to_llong(s, 10, &ll) || ll < 0 || ll > (int64_t)UINT32_MAX)
		return false;
	*v = (uint32_t)ll;
	return true;
}

/* ofputil_port_from_string() without a port map. */
static bool parse_port(struct slice s, uint16_t *port)
{
	uint32_t v;
	size_t i;

	if (s.n && s.p[0] == '-')
		return false;
	if (str_to_uint10(s, &v)) {
		if (v <= 0xffff) {
			*port = (uint16_t)v;
			return true;
		}
		if (v < 0xffffff00u)
			return false;
		/* OpenFlow 1.1 numbers of the reserved ports. */
		*port = (uint16_t)(v - 0xffff0000u);
		return true;
	}
	for (i = 0; i < sizeof(port_names) / sizeof(port_names[0]); i++) {
		if (sl_caseeq(s, port_names[i].name)) {
			*port = port_names[i].port;
			return true;
		}
	}
	return false;
}

/* Parses a port name or number as ovs-ofctl does: decimal numbers (0..65535,
 * and the OpenFlow 1.1 numbers 0xffffff00..0xffffffff of the reserved ports,
 * given in decimal), or a reserved port name in any case (IN_PORT, TABLE,
 * NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, NONE, ANY). Returns false if `s` is
 * none of these; like ovs-ofctl, hex is not accepted. */
bool of_parse_port(const char *s, uint16_t *port)
{
	struct slice sl = {s, s ? strlen(s) : 0};
	uint16_t p;

	if (!s || !parse_port(sl, &p))
		return false;
	*port = p;
	return true;
}

/* ofputil_table_from_string() without a table map. */
static bool parse_table(struct slice s, uint8_t *table)
{
	uint32_t v;

	if (s.n && s.p[0] == '-')
		return false;
	if (!str_to_uint10(s, &v) || v > 255)
		return false;
	*table = (uint8_t)v;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Tokens: ofputil_parse_key_value(). */

struct kv {
	struct slice key, val, tok;
};

/* Length of a value up to one of `delims` (or the end), skipping over
 * balanced parentheses. */
static size_t value_len(struct slice s, const char *delims)
{
	size_t n = 0;

	while (n < s.n && !in_set(s.p[n], delims)) {
		if (s.p[n] == '(') {
			int level = 0;

			do {
				if (n >= s.n)
					return n;
				if (s.p[n] == '(')
					level++;
				else if (s.p[n] == ')')
					level--;
				n++;
			} while (level > 0);
		} else {
			n++;
		}
	}
	return n;
}

static bool next_kv(struct slice *s, struct kv *kv)
{
	const char *delims;
	size_t i = 0, klen;
	char kdelim;

	while (i < s->n && in_set(s->p[i], ", \t\r\n"))
		i++;
	s->p += i;
	s->n -= i;
	if (!s->n)
		return false;

	for (klen = 0; klen < s->n && !in_set(s->p[klen], ":=(, \t\r\n");
	     klen++)
		;
	kv->key.p = s->p;
	kv->key.n = klen;
	kv->tok = kv->key;
	kdelim = klen < s->n ? s->p[klen] : '\0';
	s->p += klen + (kdelim != '\0');
	s->n -= klen + (kdelim != '\0');

	if (kdelim == ':' || kdelim == '=')
		delims = ", \t\r\n";
	else if (kdelim == '(')
		delims = ")";
	else {
		kv->val.p = kv->key.p + klen;
		kv->val.n = 0;
		return true;
	}
	kv->val.p = s->p;
	kv->val.n = value_len(*s, delims);
	kv->tok.n = (size_t)(kv->val.p + kv->val.n - kv->tok.p);
	if (kv->val.n < s->n) {
		if (kdelim == '(' && s->p[kv->val.n] == ')')
			kv->tok.n++;
		s->p += kv->val.n + 1;
		s->n -= kv->val.n + 1;
	} else {
		s->p += s->n;
		s->n = 0;
	}
	return true;
}

/* ------------------------------------------------------------------------ */
/* The match, as OVS holds it before converting to OpenFlow 1.0. Values of
 * wildcarded fields are zero. */

#define VLAN_CFI 0x1000
#define VLAN_VID_MASK 0x0fff
#define VLAN_PCP_MASK 0xe000
#define IP_DSCP_MASK 0xfc

struct pmatch {
	uint16_t in_port;
	bool in_port_m;
	uint8_t dl_src[6], dl_dst[6];
	bool dl_src_m, dl_dst_m;
	uint16_t dl_type;
	bool dl_type_m;
	uint16_t tci, tci_mask;
	uint8_t nw_proto;
	bool nw_proto_m;
	uint8_t nw_tos; /* DSCP bits only */
	bool nw_tos_m;
	uint32_t nw_src, nw_src_mask, nw_dst, nw_dst_mask;
	uint16_t tp_src, tp_dst;
	bool tp_src_m, tp_dst_m;

	/* First field that only NXM or OpenFlow 1.1+ could express; the
	 * parse goes on (as in OVS) and fails at the end. */
	bool needs_nxm;
	char nxm_why[160];
};

static void nxm_needed(struct pmatch *m, struct slice tok, const char *why)
{
	if (m->needs_nxm)
		return;
	m->needs_nxm = true;
	snprintf(m->nxm_why, sizeof(m->nxm_why), "%.*s: %s", Q(tok), why);
}

/* match_set_dl_vlan(). */
static void set_dl_vlan(struct pmatch *m, uint16_t vid)
{
	if (vid == OFP_VLAN_NONE) {
		m->tci = 0;
		m->tci_mask = 0xffff;
	} else {
		m->tci = (uint16_t)((m->tci & ~VLAN_VID_MASK) | VLAN_CFI |
				    (vid & VLAN_VID_MASK));
		m->tci_mask |= VLAN_VID_MASK | VLAN_CFI;
	}
}

/* match_set_dl_vlan_pcp(). */
static void set_vlan_pcp(struct pmatch *m, uint8_t pcp)
{
	m->tci =
	    (uint16_t)((m->tci & ~VLAN_PCP_MASK) | (pcp & 7) << 13 | VLAN_CFI);
	m->tci_mask |= VLAN_PCP_MASK | VLAN_CFI;
}

/* match_set_vlan_vid_masked(). */
static void set_vlan_vid(struct pmatch *m, uint16_t vid, uint16_t mask)
{
	mask &= VLAN_VID_MASK | VLAN_CFI;
	m->tci =
	    (uint16_t)((m->tci & ~(VLAN_VID_MASK | VLAN_CFI)) | (vid & mask));
	m->tci_mask = (uint16_t)(mask | (m->tci_mask & VLAN_PCP_MASK));
}

/* match_set_any_vid(). */
static void any_vid(struct pmatch *m)
{
	if (m->tci_mask & VLAN_PCP_MASK) {
		m->tci_mask &= (uint16_t)~VLAN_VID_MASK;
		m->tci &= (uint16_t)~VLAN_VID_MASK;
	} else {
		m->tci = m->tci_mask = 0;
	}
}

/* match_set_any_pcp(). */
static void any_pcp(struct pmatch *m)
{
	if (m->tci_mask & VLAN_VID_MASK) {
		m->tci_mask &= (uint16_t)~VLAN_PCP_MASK;
		m->tci &= (uint16_t)~VLAN_PCP_MASK;
	} else {
		m->tci = m->tci_mask = 0;
	}
}

/* ofputil_match_to_ofp10_match(). */
static void pmatch_to_ofp10(const struct pmatch *m, struct of_match *o)
{
	uint32_t w = 0;

	memset(o, 0, sizeof(*o));
	if (!m->in_port_m)
		w |= OFPFW_IN_PORT;
	if (!m->dl_type_m)
		w |= OFPFW_DL_TYPE;
	if (!m->nw_proto_m)
		w |= OFPFW_NW_PROTO;
	w |= (32 - cidr_len(m->nw_src_mask)) << OFPFW_NW_SRC_SHIFT;
	w |= (32 - cidr_len(m->nw_dst_mask)) << OFPFW_NW_DST_SHIFT;
	if (!m->nw_tos_m)
		w |= OFPFW_NW_TOS;
	if (!m->tp_src_m)
		w |= OFPFW_TP_SRC;
	if (!m->tp_dst_m)
		w |= OFPFW_TP_DST;
	if (!m->dl_src_m)
		w |= OFPFW_DL_SRC;
	if (!m->dl_dst_m)
		w |= OFPFW_DL_DST;

	if (!m->tci_mask) {
		w |= OFPFW_DL_VLAN | OFPFW_DL_VLAN_PCP;
	} else if (m->tci_mask & VLAN_CFI && !(m->tci & VLAN_CFI)) {
		o->dl_vlan = OFP_VLAN_NONE;
	} else {
		if (!(m->tci_mask & VLAN_VID_MASK))
			w |= OFPFW_DL_VLAN;
		else
			o->dl_vlan = m->tci & VLAN_VID_MASK;
		if (!(m->tci_mask & VLAN_PCP_MASK))
			w |= OFPFW_DL_VLAN_PCP;
		else
			o->dl_vlan_pcp = (uint8_t)(m->tci >> 13);
	}

	o->wildcards = w;
	o->in_port = m->in_port;
	memcpy(o->dl_src, m->dl_src, 6);
	memcpy(o->dl_dst, m->dl_dst, 6);
	o->dl_type = m->dl_type;
	o->nw_src = m->nw_src;
	o->nw_dst = m->nw_dst;
	o->nw_tos = m->nw_tos & IP_DSCP_MASK;
	o->nw_proto = m->nw_proto;
	o->tp_src = m->tp_src;
	o->tp_dst = m->tp_dst;
}

/* ------------------------------------------------------------------------ */
/* Match fields (the meta-flow fields OpenFlow 1.0 can express). */

enum fid {
	FID_IN_PORT,
	FID_ETH_SRC,
	FID_ETH_DST,
	FID_ETH_TYPE,
	FID_VLAN_TCI,
	FID_DL_VLAN,
	FID_VLAN_VID,
	FID_DL_VLAN_PCP,
	FID_VLAN_PCP,
	FID_IPV4_SRC,
	FID_IPV4_DST,
	FID_IP_PROTO,
	FID_IP_DSCP,	     /* "nw_tos" */
	FID_IP_DSCP_SHIFTED, /* "ip_dscp" */
	FID_ARP_OP,
	FID_ARP_SPA,
	FID_ARP_TPA,
	FID_TCP_SRC,
	FID_TCP_DST,
	FID_UDP_SRC,
	FID_UDP_DST,
	FID_ICMP_TYPE,
	FID_ICMP_CODE,
};

enum fkind { FK_PORT, FK_MAC, FK_IP, FK_INT };

/* Prerequisites, for set_field (mf_are_prereqs_ok()). */
enum fprereq { PR_NONE, PR_VLAN, PR_IPV4, PR_IP_ANY, PR_TCP, PR_UDP };

struct field {
	const char *name;
	enum fid id;
	uint8_t kind;
	uint8_t width; /* bytes */
	bool maskable;
	bool settable; /* set_field maps to a standard 1.0 action */
	uint8_t prereq;
};

static const struct field fields[] = {
    {"in_port", FID_IN_PORT, FK_PORT, 2, false, false, PR_NONE},
    {"eth_src", FID_ETH_SRC, FK_MAC, 6, true, true, PR_NONE},
    {"dl_src", FID_ETH_SRC, FK_MAC, 6, true, true, PR_NONE},
    {"eth_dst", FID_ETH_DST, FK_MAC, 6, true, true, PR_NONE},
    {"dl_dst", FID_ETH_DST, FK_MAC, 6, true, true, PR_NONE},
    {"eth_type", FID_ETH_TYPE, FK_INT, 2, false, false, PR_NONE},
    {"dl_type", FID_ETH_TYPE, FK_INT, 2, false, false, PR_NONE},
    {"vlan_tci", FID_VLAN_TCI, FK_INT, 2, true, true, PR_NONE},
    {"dl_vlan", FID_DL_VLAN, FK_INT, 2, false, false, PR_NONE},
    {"vlan_vid", FID_VLAN_VID, FK_INT, 2, true, true, PR_VLAN},
    {"dl_vlan_pcp", FID_DL_VLAN_PCP, FK_INT, 1, false, false, PR_NONE},
    {"vlan_pcp", FID_VLAN_PCP, FK_INT, 1, false, true, PR_VLAN},
    {"ip_src", FID_IPV4_SRC, FK_IP, 4, true, true, PR_IPV4},
    {"nw_src", FID_IPV4_SRC, FK_IP, 4, true, true, PR_IPV4},
    {"ip_dst", FID_IPV4_DST, FK_IP, 4, true, true, PR_IPV4},
    {"nw_dst", FID_IPV4_DST, FK_IP, 4, true, true, PR_IPV4},
    {"nw_proto", FID_IP_PROTO, FK_INT, 1, false, false, PR_NONE},
    {"ip_proto", FID_IP_PROTO, FK_INT, 1, false, false, PR_NONE},
    {"nw_tos", FID_IP_DSCP, FK_INT, 1, false, true, PR_IP_ANY},
    {"ip_dscp", FID_IP_DSCP_SHIFTED, FK_INT, 1, false, true, PR_IP_ANY},
    {"arp_op", FID_ARP_OP, FK_INT, 2, false, false, PR_NONE},
    {"arp_spa", FID_ARP_SPA, FK_IP, 4, true, false, PR_NONE},
    {"arp_tpa", FID_ARP_TPA, FK_IP, 4, true, false, PR_NONE},
    {"tcp_src", FID_TCP_SRC, FK_INT, 2, true, true, PR_TCP},
    {"tp_src", FID_TCP_SRC, FK_INT, 2, true, true, PR_TCP},
    {"tcp_dst", FID_TCP_DST, FK_INT, 2, true, true, PR_TCP},
    {"tp_dst", FID_TCP_DST, FK_INT, 2, true, true, PR_TCP},
    {"udp_src", FID_UDP_SRC, FK_INT, 2, true, true, PR_UDP},
    {"udp_dst", FID_UDP_DST, FK_INT, 2, true, true, PR_UDP},
    {"icmp_type", FID_ICMP_TYPE, FK_INT, 1, false, false, PR_NONE},
    {"icmp_code", FID_ICMP_CODE, FK_INT, 1, false, false, PR_NONE},
};

static const struct field *field_by_name(struct slice name)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (sl_eq(name, fields[i].name))
			return &fields[i];
	return NULL;
}

/* A parsed field value: integers in `v`/`mask`, addresses in `mac`. */
struct fval {
	uint64_t v, mask;
	uint8_t mac[6], mac_mask[6];
};

static uint64_t width_ones(unsigned width)
{
	return width >= 8 ? UINT64_MAX : (1ull << (8 * width)) - 1;
}

/* mf_parse(): `text` is the value after "field=". Fills *fv (all-zero mask
 * for "*"). `tok` is quoted in errors. */
static bool field_parse(struct pctx *c, const struct field *f,
			struct slice text, struct slice tok, struct fval *fv)
{
	static const struct slice zero = {"0/0", 3};
	size_t pos = 0;

	memset(fv, 0, sizeof(*fv));
	if (sl_eq(text, "*"))
		return true;
	if (!text.n)
		text = zero; /* OVS: match on the field's existence */

	switch (f->kind) {
	case FK_PORT: {
		uint16_t port;

		if (!parse_port(text, &port)) {
			fail(c, "%.*s: invalid or unknown port", Q(tok));
			return false;
		}
		fv->v = port;
		fv->mask = 0xffff;
		return true;
	}
	case FK_MAC:
		if (scan_mac(text, &pos, fv->mac) && pos == text.n) {
			memset(fv->mac_mask, 0xff, 6);
			return true;
		}
		pos = 0;
		if (scan_mac(text, &pos, fv->mac) &&
		    scan_lit(text, &pos, '/') &&
		    scan_mac(text, &pos, fv->mac_mask) && pos == text.n)
			return true;
		fail(c, "%.*s: invalid Ethernet address", Q(tok));
		return false;
	case FK_IP: {
		uint32_t ip, mask;
		int64_t prefix;

		if (scan_ip(text, &pos, &ip) && scan_lit(text, &pos, '/') &&
		    scan_ip(text, &pos, &mask)) {
			/* address/netmask */
		} else if (pos = 0, scan_ip(text, &pos, &ip) &&
					scan_lit(text, &pos, '/') &&
					scan_imax(text, &pos, 10, &prefix)) {
			int32_t p = (int32_t)(uint32_t)prefix;

			if (p < 0 || p > 32) {
				fail(c,
				     "%.*s: prefix length out of range (0 to "
				     "32)",
				     Q(tok));
				return false;
			}
			mask = p ? ~0u << (32 - p) : 0;
		} else if (pos = 0, scan_ip(text, &pos, &ip)) {
			mask = ~0u;
		} else {
			pos = text.n + 1;
		}
		if (pos != text.n) {
			fail(c, "%.*s: invalid IP address", Q(tok));
			return false;
		}
		fv->v = ip;
		fv->mask = mask;
		return true;
	}
	default: {
		enum int_err e;
		size_t used = 0;
		uint64_t ones = width_ones(f->width);

		e = parse_int_string(text, f->width, &fv->v, &used);
		if (e == INT_OK && used < text.n && text.p[used] != '/')
			e = INT_SYNTAX;
		if (e == INT_OK && used < text.n) {
			struct slice m = {text.p + used + 1, text.n - used - 1};
			size_t mused = 0;

			e = parse_int_string(m, f->width, &fv->mask, &mused);
			if (e == INT_OK && mused != m.n)
				e = INT_SYNTAX;
		} else {
			fv->mask = ones;
		}
		if (e == INT_RANGE) {
			fail(c, "%.*s: value out of range (0 to %llu)", Q(tok),
			     (unsigned long long)ones);
			return false;
		}
		if (e != INT_OK) {
			fail(c, "%.*s: invalid number", Q(tok));
			return false;
		}
		if (!f->maskable && fv->mask && fv->mask != ones) {
			fail(c, "%.*s: invalid mask (%s cannot be masked)",
			     Q(tok), f->name);
			return false;
		}
		return true;
	}
	}
}

static bool all_ones6(const uint8_t *b)
{
	static const uint8_t ones[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	return !memcmp(b, ones, 6);
}

static bool all_zeros6(const uint8_t *b)
{
	static const uint8_t zeros[6];
	return !memcmp(b, zeros, 6);
}

static void set_ip(struct pmatch *m, bool dst, uint32_t ip, uint32_t mask)
{
	if (dst) {
		m->nw_dst = ip & mask;
		m->nw_dst_mask = mask;
	} else {
		m->nw_src = ip & mask;
		m->nw_src_mask = mask;
	}
}

/* mf_set(): applies a parsed value to the match. Exact matches and full
 * wildcards are what OpenFlow 1.0 can say, plus CIDR masks on IPv4
 * addresses; anything else is remembered as needing NXM. */
static void field_apply(struct pmatch *m, const struct field *f,
			const struct fval *fv, struct slice tok)
{
	bool exact, wild;

	if (f->kind == FK_MAC) {
		exact = all_ones6(fv->mac_mask);
		wild = all_zeros6(fv->mac_mask);
	} else {
		exact = fv->mask == width_ones(f->width);
		wild = !fv->mask;
	}
	if (!exact && !wild) {
		if (f->kind == FK_IP) {
			uint32_t mask = (uint32_t)fv->mask;

			if (!is_cidr(mask))
				nxm_needed(m, tok,
					   "only CIDR masks (a.b.c.d/N) can be "
					   "expressed in OpenFlow 1.0");
			set_ip(m, f->id == FID_IPV4_DST || f->id == FID_ARP_TPA,
			       (uint32_t)fv->v, mask);
		} else {
			nxm_needed(m, tok,
				   "masked match cannot be expressed in "
				   "OpenFlow 1.0");
			if (f->id == FID_VLAN_TCI) {
				m->tci = (uint16_t)(fv->v & fv->mask);
				m->tci_mask = (uint16_t)fv->mask;
			} else if (f->id == FID_VLAN_VID) {
				set_vlan_vid(m, (uint16_t)fv->v,
					     (uint16_t)fv->mask);
			}
		}
		return;
	}

	switch (f->id) {
	case FID_IN_PORT:
		m->in_port = exact ? (uint16_t)fv->v : 0;
		m->in_port_m = exact;
		break;
	case FID_ETH_SRC:
		memset(m->dl_src, 0, 6);
		if (exact)
			memcpy(m->dl_src, fv->mac, 6);
		m->dl_src_m = exact;
		break;
	case FID_ETH_DST:
		memset(m->dl_dst, 0, 6);
		if (exact)
			memcpy(m->dl_dst, fv->mac, 6);
		m->dl_dst_m = exact;
		break;
	case FID_ETH_TYPE:
		m->dl_type = exact ? (uint16_t)fv->v : 0;
		m->dl_type_m = exact;
		break;
	case FID_VLAN_TCI:
		m->tci = exact ? (uint16_t)fv->v : 0;
		m->tci_mask = exact ? 0xffff : 0;
		break;
	case FID_DL_VLAN:
		if (exact)
			set_dl_vlan(m, (uint16_t)fv->v);
		else
			any_vid(m);
		break;
	case FID_VLAN_VID:
		if (exact)
			set_vlan_vid(m, (uint16_t)fv->v, 0xffff);
		else
			any_vid(m);
		break;
	case FID_DL_VLAN_PCP:
	case FID_VLAN_PCP:
		if (exact)
			set_vlan_pcp(m, (uint8_t)fv->v);
		else
			any_pcp(m);
		break;
	case FID_IPV4_SRC:
	case FID_ARP_SPA:
		set_ip(m, false, (uint32_t)fv->v, exact ? ~0u : 0);
		break;
	case FID_IPV4_DST:
	case FID_ARP_TPA:
		set_ip(m, true, (uint32_t)fv->v, exact ? ~0u : 0);
		break;
	case FID_IP_PROTO:
	case FID_ARP_OP: /* OpenFlow 1.0 keeps the low 8 bits in nw_proto */
		m->nw_proto = exact ? (uint8_t)fv->v : 0;
		m->nw_proto_m = exact;
		break;
	case FID_IP_DSCP:
		m->nw_tos = exact ? (uint8_t)(fv->v & IP_DSCP_MASK) : 0;
		m->nw_tos_m = exact;
		break;
	case FID_IP_DSCP_SHIFTED:
		m->nw_tos = exact ? (uint8_t)((fv->v << 2) & IP_DSCP_MASK) : 0;
		m->nw_tos_m = exact;
		break;
	case FID_TCP_SRC:
	case FID_UDP_SRC:
	case FID_ICMP_TYPE:
		m->tp_src = exact ? (uint16_t)fv->v : 0;
		m->tp_src_m = exact;
		break;
	case FID_TCP_DST:
	case FID_UDP_DST:
	case FID_ICMP_CODE:
		m->tp_dst = exact ? (uint16_t)fv->v : 0;
		m->tp_dst_m = exact;
		break;
	}
}

/* ------------------------------------------------------------------------ */
/* Actions (ofpacts_parse__() and ofpacts_check() for the actions that
 * OpenFlow 1.0 can carry, plus the Nicira resubmit and note actions). */

#define NX_VENDOR_ID 0x00002320
#define NXAST_NOTE 8
#define NXAST_RESUBMIT_TABLE 14
#define OFP_MAX_ACTIONS_SIZE (65535 - OFP_FLOW_MOD_LEN)

struct actx {
	struct pctx *c;
	struct of_wbuf w;
	enum of_action_ctx ctx;
	/* What the match says, for set_field prerequisites; the VLAN TCI is
	 * updated as VLAN actions are checked, as OVS does. */
	uint16_t dl_type;
	uint8_t nw_proto;
	uint16_t tci;
};

static void put_action(struct actx *a, const struct of_action *act)
{
	if (of_action_put(&a->w, act) == OF_E_INVALID)
		fail(a->c, "internal error encoding an action");
}

static void put_simple(struct actx *a, uint16_t type)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = type;
	put_action(a, &act);
}

static void put_output(struct actx *a, uint16_t port, uint16_t max_len)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = OFPAT_OUTPUT;
	act.u.output.port = port;
	act.u.output.max_len = max_len;
	put_action(a, &act);
}

/* ofpact_check_output_port() with max_ports = OFPP_MAX; TABLE only where
 * the context allows it (packet-out). */
static bool output_port_ok(const struct actx *a, uint16_t port)
{
	switch (port) {
	case OFPP_TABLE:
		return a->ctx == OF_ACTX_PACKET_OUT;
	case OFPP_IN_PORT:
	case OFPP_NORMAL:
	case OFPP_FLOOD:
	case OFPP_ALL:
	case OFPP_CONTROLLER:
	case OFPP_LOCAL:
		return true;
	default:
		return port < OFPP_MAX;
	}
}

static void act_output_port(struct actx *a, struct slice tok, uint16_t port,
			    uint16_t max_len)
{
	if (!output_port_ok(a, port)) {
		if (port == OFPP_TABLE)
			fail(a->c,
			     "%.*s: output to TABLE is only valid in a "
			     "packet-out",
			     Q(tok));
		else
			fail(a->c, "%.*s: invalid output port", Q(tok));
		return;
	}
	put_output(a, port, max_len);
}

static void act_output(struct actx *a, struct kv *kv)
{
	uint16_t port;

	if (sl_find(kv->val, "port") && sl_find(kv->val, "max_len")) {
		fail(a->c,
		     "%.*s: output with max_len (truncation) is not an "
		     "OpenFlow 1.0 action",
		     Q(kv->tok));
		return;
	}
	if (sl_chr(kv->val, '[')) {
		fail(a->c,
		     "%.*s: output to a field is not an OpenFlow 1.0 action",
		     Q(kv->tok));
		return;
	}
	if (!parse_port(kv->val, &port)) {
		fail(a->c, "%.*s: output to unknown port", Q(kv->tok));
		return;
	}
	act_output_port(a, kv->tok, port, port == OFPP_CONTROLLER ? 0xffff : 0);
}

static void act_controller(struct actx *a, struct kv *kv)
{
	uint32_t max_len = 0xffff, v;
	struct slice s = kv->val;
	struct kv sub;
	size_t i;

	for (i = 0; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		;
	if (!s.n) {
		/* defaults */
	} else if (i == s.n) {
		if (!str_to_uint_range(s, 0xffff, &max_len)) {
			fail(a->c, "%.*s: invalid max_len (0 to 65535)",
			     Q(kv->tok));
			return;
		}
	} else {
		while (next_kv(&s, &sub)) {
			if (sl_eq(sub.key, "max_len")) {
				if (!str_to_uint_range(sub.val, 0xffff,
						       &max_len)) {
					fail(a->c,
					     "%.*s: invalid max_len (0 to "
					     "65535)",
					     Q(kv->tok));
					return;
				}
			} else if (sl_eq(sub.key, "reason") &&
				   sl_eq(sub.val, "action")) {
				/* the default */
			} else if (sl_eq(sub.key, "id") &&
				   str_to_uint_range(sub.val, 0xffff, &v) &&
				   !v) {
				/* the default */
			} else if (sl_eq(sub.key, "reason") ||
				   sl_eq(sub.key, "id") ||
				   sl_eq(sub.key, "userdata") ||
				   sl_eq(sub.key, "pause") ||
				   sl_eq(sub.key, "meter_id")) {
				fail(a->c,
				     "%.*s: %.*s needs a Nicira extension, "
				     "not an OpenFlow 1.0 action",
				     Q(kv->tok), Q(sub.tok));
				return;
			} else {
				fail(a->c,
				     "%.*s: unknown key \"%.*s\" in controller "
				     "action",
				     Q(kv->tok), Q(sub.key));
				return;
			}
		}
	}
	put_output(a, OFPP_CONTROLLER, (uint16_t)max_len);
}

static void act_enqueue(struct actx *a, struct kv *kv)
{
	struct slice s = kv->val, port_s, queue_s;
	struct of_action act;
	uint16_t port;
	uint64_t queue;
	size_t i = 0, j;

	/* strtok_r(arg, ":q,") then the rest after one delimiter. */
	while (i < s.n && in_set(s.p[i], ":q,"))
		i++;
	for (j = i; j < s.n && !in_set(s.p[j], ":q,"); j++)
		;
	port_s.p = s.p + i;
	port_s.n = j - i;
	if (!port_s.n || j >= s.n) {
		fail(a->c,
		     "%.*s: syntax is enqueue:PORT:QUEUE or "
		     "enqueue(PORT,QUEUE)",
		     Q(kv->tok));
		return;
	}
	queue_s.p = s.p + j + 1;
	queue_s.n = s.n - j - 1;
	if (!parse_port(port_s, &port)) {
		fail(a->c, "%.*s: enqueue to unknown port", Q(kv->tok));
		return;
	}
	if (str_to_u64(queue_s, &queue)) {
		fail(a->c, "%.*s: invalid queue id", Q(kv->tok));
		return;
	}
	if (port >= OFPP_MAX && port != OFPP_IN_PORT && port != OFPP_LOCAL) {
		fail(a->c, "%.*s: invalid enqueue port", Q(kv->tok));
		return;
	}
	memset(&act, 0, sizeof(act));
	act.type = OFPAT_ENQUEUE;
	act.u.enqueue.port = port;
	act.u.enqueue.queue_id = (uint32_t)queue;
	put_action(a, &act);
}

static void put_vlan_vid(struct actx *a, uint16_t vid)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = OFPAT_SET_VLAN_VID;
	act.u.vlan_vid = vid;
	put_action(a, &act);
	a->tci |= VLAN_CFI;
}

static void put_vlan_pcp(struct actx *a, uint8_t pcp)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = OFPAT_SET_VLAN_PCP;
	act.u.vlan_pcp = pcp;
	put_action(a, &act);
	a->tci |= VLAN_CFI;
}

static void put_strip_vlan(struct actx *a)
{
	put_simple(a, OFPAT_STRIP_VLAN);
	a->tci = 0;
}

static void put_dl_addr(struct actx *a, uint16_t type, const uint8_t *mac)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = type;
	memcpy(act.u.dl_addr, mac, 6);
	put_action(a, &act);
}

static void put_nw_addr(struct actx *a, uint16_t type, uint32_t ip)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = type;
	act.u.nw_addr = ip;
	put_action(a, &act);
}

static void put_nw_tos(struct actx *a, uint8_t tos)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = OFPAT_SET_NW_TOS;
	act.u.nw_tos = tos;
	put_action(a, &act);
}

static void put_tp_port(struct actx *a, uint16_t type, uint16_t port)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = type;
	act.u.tp_port = port;
	put_action(a, &act);
}

static bool prereqs_ok(const struct actx *a, uint8_t prereq)
{
	bool ip = a->dl_type == 0x0800, ip6 = a->dl_type == 0x86dd;

	switch (prereq) {
	case PR_VLAN:
		return a->tci & VLAN_CFI;
	case PR_IPV4:
		return ip;
	case PR_IP_ANY:
		return ip || ip6;
	case PR_TCP:
		return (ip || ip6) && a->nw_proto == 6;
	case PR_UDP:
		return (ip || ip6) && a->nw_proto == 17;
	default:
		return true;
	}
}

/* set_field:VALUE->FIELD. In OpenFlow 1.0, OVS turns it into the standard
 * action for the field (any mask is dropped); fields without one would need
 * a Nicira action, which we do not produce. */
static void act_set_field(struct actx *a, struct kv *kv)
{
	const char *arrow = sl_find(kv->val, "->");
	const struct field *f;
	struct slice value, name;
	struct fval fv;
	uint64_t v;

	if (!arrow) {
		fail(a->c, "%.*s: missing `->'", Q(kv->tok));
		return;
	}
	value.p = kv->val.p;
	value.n = (size_t)(arrow - kv->val.p);
	name.p = arrow + 2;
	name.n = kv->val.n - value.n - 2;
	if (!name.n) {
		fail(a->c, "%.*s: missing field name following `->'",
		     Q(kv->tok));
		return;
	}
	f = field_by_name(name);
	if (!f || !f->settable) {
		fail(a->c,
		     "%.*s: setting %.*s is not expressible as an OpenFlow "
		     "1.0 action",
		     Q(kv->tok), Q(name));
		return;
	}
	if (!field_parse(a->c, f, value, kv->tok, &fv))
		return;
	v = fv.v;
	if ((f->id == FID_VLAN_VID && v & ~0x1fffull) ||
	    (f->id == FID_VLAN_PCP && v > 7) ||
	    (f->id == FID_IP_DSCP && v & ~(uint64_t)IP_DSCP_MASK) ||
	    (f->id == FID_IP_DSCP_SHIFTED && v > 63)) {
		fail(a->c, "%.*s: not a valid value for %s", Q(kv->tok),
		     f->name);
		return;
	}
	if (!prereqs_ok(a, f->prereq)) {
		fail(a->c,
		     "%.*s: the match does not meet the prerequisites of %s "
		     "(%s)",
		     Q(kv->tok), f->name,
		     f->prereq == PR_VLAN     ? "a VLAN header, e.g. dl_vlan=N"
		     : f->prereq == PR_IPV4   ? "ip"
		     : f->prereq == PR_IP_ANY ? "ip"
		     : f->prereq == PR_TCP    ? "tcp"
					      : "udp");
		return;
	}
	switch (f->id) {
	case FID_ETH_SRC:
		put_dl_addr(a, OFPAT_SET_DL_SRC, fv.mac);
		break;
	case FID_ETH_DST:
		put_dl_addr(a, OFPAT_SET_DL_DST, fv.mac);
		break;
	case FID_VLAN_TCI:
		if (v & VLAN_CFI) {
			put_vlan_vid(a, (uint16_t)(v & VLAN_VID_MASK));
			put_vlan_pcp(a, (uint8_t)(v >> 13));
		} else {
			put_strip_vlan(a);
		}
		a->tci = (uint16_t)v;
		break;
	case FID_VLAN_VID:
		put_vlan_vid(a, (uint16_t)(v & VLAN_VID_MASK));
		break;
	case FID_VLAN_PCP:
		put_vlan_pcp(a, (uint8_t)v);
		break;
	case FID_IPV4_SRC:
		put_nw_addr(a, OFPAT_SET_NW_SRC, (uint32_t)v);
		break;
	case FID_IPV4_DST:
		put_nw_addr(a, OFPAT_SET_NW_DST, (uint32_t)v);
		break;
	case FID_IP_DSCP:
		put_nw_tos(a, (uint8_t)v);
		break;
	case FID_IP_DSCP_SHIFTED:
		put_nw_tos(a, (uint8_t)(v << 2));
		break;
	case FID_TCP_SRC:
	case FID_UDP_SRC:
		put_tp_port(a, OFPAT_SET_TP_SRC, (uint16_t)v);
		break;
	case FID_TCP_DST:
	case FID_UDP_DST:
		put_tp_port(a, OFPAT_SET_TP_DST, (uint16_t)v);
		break;
	default:
		break;
	}
}

static void put_vendor(struct actx *a, const uint8_t *body, size_t size)
{
	struct of_action act;

	memset(&act, 0, sizeof(act));
	act.type = OFPAT_VENDOR;
	act.u.vendor.vendor = NX_VENDOR_ID;
	act.u.vendor.body.p = body;
	act.u.vendor.body.size = size;
	put_action(a, &act);
}

/* resubmit:PORT, resubmit(PORT,TABLE): NXAST_RESUBMIT_TABLE, as OVS
 * encodes it. */
static void act_resubmit(struct actx *a, struct kv *kv)
{
	struct slice s = kv->val, part[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
	uint16_t port = OFPP_IN_PORT;
	uint8_t table = 0xff, body[8];
	size_t i, k = 0, start = 0;

	for (i = 0; i <= s.n && k < 3; i++) {
		if (i == s.n || s.p[i] == ',') {
			part[k].p = s.p + start;
			part[k].n = i - start;
			k++;
			start = i + 1;
		}
	}
	if (part[0].n && !parse_port(part[0], &port)) {
		fail(a->c, "%.*s: resubmit to unknown port", Q(kv->tok));
		return;
	}
	if (part[1].n && !parse_table(part[1], &table)) {
		fail(a->c, "%.*s: resubmit to unknown table", Q(kv->tok));
		return;
	}
	if (part[2].n) {
		fail(a->c, "%.*s: resubmit with \"%.*s\" is not supported",
		     Q(kv->tok), Q(part[2]));
		return;
	}
	if (port == OFPP_IN_PORT && table == 0xff) {
		fail(a->c,
		     "%.*s: at least one \"in_port\" or \"table\" must be "
		     "specified on resubmit",
		     Q(kv->tok));
		return;
	}
	memset(body, 0, sizeof(body));
	body[1] = NXAST_RESUBMIT_TABLE;
	body[2] = (uint8_t)(port >> 8);
	body[3] = (uint8_t)port;
	body[4] = table;
	put_vendor(a, body, sizeof(body));
}

/* note:HEX: NXAST_NOTE with the bytes (ofpbuf_put_hex() syntax: pairs of
 * hex digits, with ' ', '.' and line breaks between pairs ignored), padded
 * to a multiple of 8. */
static void act_note(struct actx *a, struct kv *kv)
{
	struct slice s = kv->val;
	size_t i = 0, n = 0, k, total;

	for (;;) {
		while (i < s.n && in_set(s.p[i], " .\t\r\n"))
			i++;
		if (i + 1 >= s.n || digit_value(s.p[i]) >= 16 ||
		    digit_value(s.p[i + 1]) >= 16)
			break;
		i += 2;
		n++;
	}
	if (i < s.n) {
		fail(a->c, "%.*s: bad hex digit in note", Q(kv->tok));
		return;
	}
	/* vendor header (8) + subtype (2) + data, padded to 8 */
	total = (8 + 2 + n + 7) / 8 * 8;
	if (total > 0xfff8) {
		fail(a->c, "%.*s: note too long", Q(kv->tok));
		return;
	}
	of_put16(&a->w, OFPAT_VENDOR);
	of_put16(&a->w, (uint16_t)total);
	of_put32(&a->w, NX_VENDOR_ID);
	of_put16(&a->w, NXAST_NOTE);
	for (i = 0, k = 0; k < n; k++) {
		while (in_set(s.p[i], " .\t\r\n"))
			i++;
		of_put8(&a->w, (uint8_t)(digit_value(s.p[i]) << 4 |
					 digit_value(s.p[i + 1])));
		i += 2;
	}
	of_put_zeros(&a->w, total - 10 - n);
}

static void act_mod_vlan_vid(struct actx *a, struct kv *kv)
{
	uint32_t v;

	if (!str_to_uint_range(kv->val, 0xffff, &v)) {
		fail(a->c, "%.*s: invalid VLAN VID", Q(kv->tok));
		return;
	}
	if (v > VLAN_VID_MASK) {
		fail(a->c, "%.*s: not a valid VLAN VID (0 to 4095)",
		     Q(kv->tok));
		return;
	}
	put_vlan_vid(a, (uint16_t)v);
}

static void act_mod_vlan_pcp(struct actx *a, struct kv *kv)
{
	uint32_t v;

	if (!str_to_uint_range(kv->val, 0xff, &v)) {
		fail(a->c, "%.*s: invalid VLAN PCP", Q(kv->tok));
		return;
	}
	if (v > 7) {
		fail(a->c, "%.*s: not a valid VLAN PCP (0 to 7)", Q(kv->tok));
		return;
	}
	put_vlan_pcp(a, (uint8_t)v);
}

static void act_mod_dl(struct actx *a, struct kv *kv, uint16_t type)
{
	uint8_t mac[6];
	size_t pos = 0;

	/* str_to_mac(): ovs_scan() without %n, so trailing text is ignored. */
	if (!scan_mac(kv->val, &pos, mac)) {
		fail(a->c, "%.*s: invalid MAC address", Q(kv->tok));
		return;
	}
	put_dl_addr(a, type, mac);
}

static void act_mod_nw(struct actx *a, struct kv *kv, uint16_t type)
{
	uint32_t ip;

	if (!inet_pton4(kv->val, &ip)) {
		fail(a->c, "%.*s: invalid IP address", Q(kv->tok));
		return;
	}
	put_nw_addr(a, type, ip);
}

static void act_mod_tos(struct actx *a, struct kv *kv)
{
	uint32_t v;

	if (!str_to_uint_range(kv->val, 0xff, &v)) {
		fail(a->c, "%.*s: invalid TOS", Q(kv->tok));
		return;
	}
	if (v & ~(uint32_t)IP_DSCP_MASK) {
		fail(a->c, "%.*s: not a valid TOS (a multiple of 4, 0 to 252)",
		     Q(kv->tok));
		return;
	}
	put_nw_tos(a, (uint8_t)v);
}

static void act_mod_tp(struct actx *a, struct kv *kv, uint16_t type)
{
	uint32_t v;

	if (!str_to_uint_range(kv->val, 0xffff, &v)) {
		fail(a->c, "%.*s: invalid port (0 to 65535)", Q(kv->tok));
		return;
	}
	put_tp_port(a, type, (uint16_t)v);
}

/* Action names of Open vSwitch that OpenFlow 1.0 cannot carry as standard
 * actions, for a clearer message than "unknown action". */
static const char *const ovs_only_actions[] = {
    "group",
    "output_reg",
    "bundle",
    "bundle_load",
    "push_vlan",
    "mod_nw_ecn",
    "mod_nw_ttl",
    "set_nw_ttl",
    "move",
    "push",
    "pop",
    "dec_ttl",
    "set_mpls_label",
    "set_mpls_tc",
    "set_mpls_ttl",
    "dec_mpls_ttl",
    "push_mpls",
    "pop_mpls",
    "set_tunnel",
    "set_tunnel64",
    "set_queue",
    "pop_queue",
    "fin_timeout",
    "learn",
    "conjunction",
    "multipath",
    "exit",
    "sample",
    "ct",
    "ct_clear",
    "nat",
    "clone",
    "load",
    "meter",
    "clear_actions",
    "write_actions",
    "write_metadata",
    "goto_table",
    "encap",
    "decap",
    "check_pkt_larger",
    "dec_nsh_ttl",
    "apply_actions",
    "delete_field",
};

/* Parses an action list into a->w; returns with a->c->failed set on a
 * syntax error (the writer's overflow is checked by the caller). */
static void parse_actions_into(struct actx *a, struct slice s)
{
	bool drop = false;
	struct kv kv;
	size_t i;

	while (!a->c->failed && next_kv(&s, &kv)) {
		struct slice k = kv.key;
		uint16_t port;

		if (sl_caseeq(k, "output"))
			act_output(a, &kv);
		else if (sl_caseeq(k, "controller"))
			act_controller(a, &kv);
		else if (sl_caseeq(k, "enqueue"))
			act_enqueue(a, &kv);
		else if (sl_caseeq(k, "set_vlan_vid") ||
			 sl_caseeq(k, "mod_vlan_vid"))
			act_mod_vlan_vid(a, &kv);
		else if (sl_caseeq(k, "set_vlan_pcp") ||
			 sl_caseeq(k, "mod_vlan_pcp"))
			act_mod_vlan_pcp(a, &kv);
		else if (sl_caseeq(k, "strip_vlan") || sl_caseeq(k, "pop_vlan"))
			put_strip_vlan(a);
		else if (sl_caseeq(k, "mod_dl_src"))
			act_mod_dl(a, &kv, OFPAT_SET_DL_SRC);
		else if (sl_caseeq(k, "mod_dl_dst"))
			act_mod_dl(a, &kv, OFPAT_SET_DL_DST);
		else if (sl_caseeq(k, "mod_nw_src"))
			act_mod_nw(a, &kv, OFPAT_SET_NW_SRC);
		else if (sl_caseeq(k, "mod_nw_dst"))
			act_mod_nw(a, &kv, OFPAT_SET_NW_DST);
		else if (sl_caseeq(k, "mod_nw_tos"))
			act_mod_tos(a, &kv);
		else if (sl_caseeq(k, "mod_tp_src"))
			act_mod_tp(a, &kv, OFPAT_SET_TP_SRC);
		else if (sl_caseeq(k, "mod_tp_dst"))
			act_mod_tp(a, &kv, OFPAT_SET_TP_DST);
		else if (sl_caseeq(k, "set_field"))
			act_set_field(a, &kv);
		else if (sl_caseeq(k, "resubmit"))
			act_resubmit(a, &kv);
		else if (sl_caseeq(k, "note"))
			act_note(a, &kv);
		else if (sl_caseeq(k, "drop"))
			drop = true;
		else if (parse_port(k, &port))
			act_output_port(a, kv.tok, port, 0);
		else {
			for (i = 0; i < sizeof(ovs_only_actions) /
					    sizeof(ovs_only_actions[0]);
			     i++)
				if (sl_caseeq(k, ovs_only_actions[i]))
					break;
			if (i < sizeof(ovs_only_actions) /
				    sizeof(ovs_only_actions[0]))
				fail(a->c,
				     "%.*s: not an OpenFlow 1.0 action "
				     "(Open vSwitch extension)",
				     Q(kv.tok));
			else
				fail(a->c, "%.*s: unknown action", Q(kv.tok));
		}
	}
	if (!a->c->failed && drop && a->w.pos)
		fail(a->c, "\"drop\" must not be accompanied by any other "
			   "action");
}

/* Parses actions after the caller set up a (context and match facts). */
static enum of_err run_actions(struct actx *a, struct slice s, uint8_t *buf,
			       size_t size, size_t *len)
{
	if (size > OFP_MAX_ACTIONS_SIZE)
		size = OFP_MAX_ACTIONS_SIZE;
	a->w = of_wbuf_make(buf, size);
	parse_actions_into(a, s);
	if (a->c->failed)
		return OF_E_SYNTAX;
	if (a->w.overflow)
		return OF_E_NOSPACE;
	*len = a->w.pos;
	return OF_OK;
}

/* Parses an action list in ovs-ofctl syntax into buf[0..size) (OpenFlow 1.0
 * wire format) and sets *len. Set_field prerequisites are checked against a
 * match-all flow, as ovs-ofctl does for packet-out. Returns OF_OK,
 * OF_E_SYNTAX with a message in err, or OF_E_NOSPACE. */
enum of_err of_parse_actions(const char *text, enum of_action_ctx ctx,
			     uint8_t *buf, size_t size, size_t *len, char *err,
			     size_t err_size)
{
	struct pctx c = {err, err_size, false};
	struct actx a;
	struct slice s = {text, text ? strlen(text) : 0};

	if (err && err_size)
		err[0] = '\0';
	*len = 0;
	memset(&a, 0, sizeof(a));
	a.c = &c;
	a.ctx = ctx;
	return run_actions(&a, s, buf, size, len);
}

/* ------------------------------------------------------------------------ */
/* Flows: parse_ofp_str__(). */

enum {
	K_OUT_PORT = 1 << 0,
	K_ACTIONS = 1 << 1,
	K_IMPORTANCE = 1 << 2,
	K_TIMEOUT = 1 << 3,
	K_PRIORITY = 1 << 4,
	K_FLAGS = 1 << 5,
};

static const char *use_name(enum of_parse_use use)
{
	switch (use) {
	case OF_PARSE_ADD:
		return "add-flow";
	case OF_PARSE_MODIFY:
		return "mod-flows";
	case OF_PARSE_MODIFY_STRICT:
		return "mod-flows --strict";
	case OF_PARSE_DELETE:
		return "del-flows";
	case OF_PARSE_DELETE_STRICT:
		return "del-flows --strict";
	default:
		return "dump-flows";
	}
}

static const struct {
	const char *name;
	uint16_t dl_type;
	uint8_t nw_proto;
} protocols[] = {
    {"ip", 0x0800, 0},	    {"ipv4", 0x0800, 0},    {"ip4", 0x0800, 0},
    {"arp", 0x0806, 0},	    {"rarp", 0x8035, 0},    {"tcp", 0x0800, 6},
    {"tcp4", 0x0800, 6},    {"udp", 0x0800, 17},    {"udp4", 0x0800, 17},
    {"sctp", 0x0800, 132},  {"sctp4", 0x0800, 132}, {"icmp", 0x0800, 1},
    {"icmp4", 0x0800, 1},   {"ipv6", 0x86dd, 0},    {"ip6", 0x86dd, 0},
    {"icmp6", 0x86dd, 58},  {"tcp6", 0x86dd, 6},    {"udp6", 0x86dd, 17},
    {"sctp6", 0x86dd, 132}, {"mpls", 0x8847, 0},    {"mplsm", 0x8848, 0},
};

struct fstate {
	struct pctx *c;
	enum of_parse_use use;
	unsigned keys; /* K_* allowed */
	struct pmatch m;
	struct of_flow_text *out;
	bool cookie_set; /* new cookie given (add/modify) */
	uint64_t cookie_mask;
	struct slice cookie_mask_tok;
	struct slice ipv6_tok; /* what made dl_type IPv6, for messages */
};

static bool parse_u16_key(struct fstate *st, struct kv *kv, uint16_t *v)
{
	uint32_t x;

	if (!str_to_uint_range(kv->val, 0xffff, &x)) {
		fail(st->c, "%.*s: invalid value (a number 0 to 65535)",
		     Q(kv->tok));
		return false;
	}
	*v = (uint16_t)x;
	return true;
}

static void parse_cookie(struct fstate *st, struct kv *kv)
{
	const char *slash = sl_chr(kv->val, '/');
	struct of_flow_mod *fm = &st->out->fm;
	uint64_t v, mask;

	if (slash) {
		struct slice vs = {kv->val.p, (size_t)(slash - kv->val.p)};
		struct slice ms = {slash + 1, kv->val.n - vs.n - 1};

		if (st->use == OF_PARSE_ADD) {
			fail(st->c, "%.*s: add-flow cannot use a cookie mask",
			     Q(kv->tok));
			return;
		}
		if (str_to_u64(vs, &v) || str_to_u64(ms, &mask)) {
			fail(st->c,
			     "%.*s: invalid cookie (a number, 0x for hex)",
			     Q(kv->tok));
			return;
		}
		st->cookie_mask = mask;
		if (mask && !st->cookie_mask_tok.n)
			st->cookie_mask_tok = kv->tok;
		return;
	}
	if (st->use != OF_PARSE_ADD && st->use != OF_PARSE_MODIFY &&
	    st->use != OF_PARSE_MODIFY_STRICT) {
		fail(st->c,
		     "%.*s: cannot set a cookie in %s (to match on a cookie, "
		     "give a mask, e.g. cookie=5/-1)",
		     Q(kv->tok), use_name(st->use));
		return;
	}
	if (str_to_u64(kv->val, &v)) {
		fail(st->c, "%.*s: invalid cookie (a number, 0x for hex)",
		     Q(kv->tok));
		return;
	}
	fm->cookie = v;
	st->cookie_set = true;
}

static bool is_known_key(struct slice k)
{
	static const char *const keys[] = {
	    "out_port",	      "priority",     "idle_timeout",
	    "hard_timeout",   "importance",   "send_flow_rem",
	    "check_overlap",  "reset_counts", "no_packet_counts",
	    "no_byte_counts", "out_group",    "actions",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (sl_eq(k, keys[i]))
			return true;
	return false;
}

static void unknown_key(struct fstate *st, struct kv *kv)
{
	if (sl_eq(kv->key, "emerg"))
		fail(st->c,
		     "%.*s: not supported (ovs-ofctl has no emergency-flow "
		     "flag)",
		     Q(kv->tok));
	else if (sl_eq(kv->key, "buffer_id"))
		fail(st->c,
		     "%.*s: not supported in flow syntax (flows are sent "
		     "with no buffer)",
		     Q(kv->tok));
	else
		fail(st->c,
		     "%.*s: unknown field, or one OpenFlow 1.0 cannot match",
		     Q(kv->tok));
}

/* Whether a non-match keyword takes a value in this use. */
static bool key_allowed(const struct fstate *st, struct slice k)
{
	return (st->keys & K_OUT_PORT && sl_eq(k, "out_port")) ||
	       (st->keys & K_PRIORITY && sl_eq(k, "priority")) ||
	       (st->keys & K_TIMEOUT &&
		(sl_eq(k, "idle_timeout") || sl_eq(k, "hard_timeout"))) ||
	       (st->keys & K_IMPORTANCE && sl_eq(k, "importance"));
}

static void parse_match_kv(struct fstate *st, struct kv *kv)
{
	struct of_flow_mod *fm = &st->out->fm;
	const struct field *f;
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (sl_eq(kv->key, protocols[i].name)) {
			st->m.dl_type = protocols[i].dl_type;
			st->m.dl_type_m = true;
			if (protocols[i].nw_proto) {
				st->m.nw_proto = protocols[i].nw_proto;
				st->m.nw_proto_m = true;
			}
			if (protocols[i].dl_type == 0x86dd)
				st->ipv6_tok = kv->tok;
			return;
		}
	}
	if (sl_eq(kv->key, "eth"))
		return; /* the default packet type */
	if (st->keys & K_FLAGS) {
		if (sl_eq(kv->key, "send_flow_rem")) {
			fm->flags |= OFPFF_SEND_FLOW_REM;
			return;
		}
		if (sl_eq(kv->key, "check_overlap")) {
			fm->flags |= OFPFF_CHECK_OVERLAP;
			return;
		}
		if (sl_eq(kv->key, "reset_counts") ||
		    sl_eq(kv->key, "no_packet_counts") ||
		    sl_eq(kv->key, "no_byte_counts")) {
			nxm_needed(&st->m, kv->tok,
				   "flag not available in OpenFlow 1.0");
			return;
		}
	}
	if (sl_eq(kv->key, "no_readonly_table") ||
	    sl_eq(kv->key, "allow_hidden_fields"))
		return;
	f = field_by_name(kv->key);
	if (f) {
		struct fval fv;

		if (field_parse(st->c, f, kv->val, kv->tok, &fv)) {
			field_apply(&st->m, f, &fv, kv->tok);
			if (f->id == FID_ETH_TYPE && st->m.dl_type == 0x86dd)
				st->ipv6_tok = kv->tok;
		}
		return;
	}
	if (sl_chr(kv->key, '[')) {
		fail(st->c,
		     "%.*s: subfield matches are not expressible in OpenFlow "
		     "1.0",
		     Q(kv->tok));
		return;
	}
	if (!kv->val.n) {
		if (sl_eq(kv->key, "table") || sl_eq(kv->key, "cookie") ||
		    key_allowed(st, kv->key))
			fail(st->c, "%.*s: missing value", Q(kv->tok));
		else if (is_known_key(kv->key))
			fail(st->c, "%.*s: not allowed in %s", Q(kv->tok),
			     use_name(st->use));
		else
			unknown_key(st, kv);
		return;
	}

	if (sl_eq(kv->key, "table")) {
		if (!parse_table(kv->val, &st->out->table_id)) {
			fail(st->c, "%.*s: unknown table (0 to 255)",
			     Q(kv->tok));
			return;
		}
		st->out->table_given = true;
	} else if (st->keys & K_OUT_PORT && sl_eq(kv->key, "out_port")) {
		if (!parse_port(kv->val, &fm->out_port))
			fail(st->c, "%.*s: not a valid OpenFlow port",
			     Q(kv->tok));
	} else if (st->keys & K_OUT_PORT && sl_eq(kv->key, "out_group")) {
		fail(st->c, "%.*s: groups need OpenFlow 1.1 or later",
		     Q(kv->tok));
	} else if (st->keys & K_PRIORITY && sl_eq(kv->key, "priority")) {
		parse_u16_key(st, kv, &fm->priority);
	} else if (st->keys & K_TIMEOUT && sl_eq(kv->key, "idle_timeout")) {
		parse_u16_key(st, kv, &fm->idle_timeout);
	} else if (st->keys & K_TIMEOUT && sl_eq(kv->key, "hard_timeout")) {
		parse_u16_key(st, kv, &fm->hard_timeout);
	} else if (st->keys & K_IMPORTANCE && sl_eq(kv->key, "importance")) {
		uint16_t ignored; /* OpenFlow 1.4+; not sent in 1.0 */
		parse_u16_key(st, kv, &ignored);
	} else if (sl_eq(kv->key, "cookie")) {
		parse_cookie(st, kv);
	} else if (sl_eq(kv->key, "duration") || sl_eq(kv->key, "n_packets") ||
		   sl_eq(kv->key, "n_bytes") || sl_eq(kv->key, "idle_age") ||
		   sl_eq(kv->key, "hard_age")) {
		/* dump-flows output fed back in */
	} else if (is_known_key(kv->key)) {
		fail(st->c, "%.*s: not allowed in %s", Q(kv->tok),
		     use_name(st->use));
	} else {
		unknown_key(st, kv);
	}
}

/* Parses one flow in ovs-ofctl syntax for `use` (see of_parse.h). The
 * FLOW_MOD in out->fm has the plain OFPFC_* command; when table_given and
 * table_id != 0xff, ovs-ofctl enables NXT_FLOW_MOD_TABLE_ID and sends
 * command | table_id << 8, which is the caller's business. */
enum of_err of_parse_flow(const char *text, enum of_parse_use use,
			  struct of_flow_text *out, uint8_t *act_buf,
			  size_t act_size, char *err, size_t err_size)
{
	static const unsigned keys_for[] = {
	    [OF_PARSE_ADD] =
		K_ACTIONS | K_TIMEOUT | K_PRIORITY | K_FLAGS | K_IMPORTANCE,
	    [OF_PARSE_MODIFY] = K_ACTIONS | K_TIMEOUT | K_PRIORITY | K_FLAGS,
	    [OF_PARSE_MODIFY_STRICT] =
		K_ACTIONS | K_TIMEOUT | K_PRIORITY | K_FLAGS,
	    [OF_PARSE_DELETE] = K_OUT_PORT,
	    [OF_PARSE_DELETE_STRICT] = K_OUT_PORT | K_PRIORITY,
	    [OF_PARSE_FILTER] = K_OUT_PORT,
	};
	static const uint16_t command_for[] = {
	    [OF_PARSE_ADD] = OFPFC_ADD,
	    [OF_PARSE_MODIFY] = OFPFC_MODIFY,
	    [OF_PARSE_MODIFY_STRICT] = OFPFC_MODIFY_STRICT,
	    [OF_PARSE_DELETE] = OFPFC_DELETE,
	    [OF_PARSE_DELETE_STRICT] = OFPFC_DELETE_STRICT,
	    [OF_PARSE_FILTER] = OFPFC_ADD, /* unused */
	};
	struct pctx c = {err, err_size, false};
	struct slice all = {text, text ? strlen(text) : 0}, match = all;
	struct slice acts = {NULL, 0};
	struct fstate st;
	struct kv kv;
	struct of_flow_mod *fm = &out->fm;
	enum of_err e = OF_OK;

	if (err && err_size)
		err[0] = '\0';
	memset(out, 0, sizeof(*out));
	fm->command = command_for[use <= OF_PARSE_FILTER ? use : 0];
	fm->priority = OFP_DEFAULT_PRIORITY;
	fm->buffer_id = OFP_NO_BUFFER;
	fm->out_port = OFPP_NONE;
	out->table_id = 0xff;
	of_match_init_catchall(&fm->match);
	if ((unsigned)use > OF_PARSE_FILTER || !text) {
		fail(&c, "invalid arguments");
		return OF_E_SYNTAX;
	}

	memset(&st, 0, sizeof(st));
	st.c = &c;
	st.use = use;
	st.keys = keys_for[use];
	st.out = out;

	if (st.keys & K_ACTIONS) {
		/* ofp_extract_actions(): the first "action" ends the match;
		 * the actions follow the next '='. */
		const char *p = sl_find(all, "action");
		const char *eq = NULL;

		if (p) {
			struct slice rest = {p + 1,
					     (size_t)(all.p + all.n - p - 1)};
			eq = sl_chr(rest, '=');
			match.n = (size_t)(p - all.p);
		}
		if (!eq) {
			fail(&c, "%s needs actions (e.g. actions=drop)",
			     use_name(use));
			return OF_E_SYNTAX;
		}
		acts.p = eq + 1;
		acts.n = (size_t)(all.p + all.n - acts.p);
	}

	while (!c.failed && next_kv(&match, &kv)) {
		if (!(st.keys & K_ACTIONS) && sl_eq(kv.key, "actions")) {
			fail(&c, "%.*s: actions are not allowed in %s",
			     Q(kv.tok), use_name(use));
			break;
		}
		parse_match_kv(&st, &kv);
	}
	if (c.failed)
		return OF_E_SYNTAX;

	if (st.m.dl_type == 0x86dd && (st.m.nw_proto_m || st.m.nw_tos_m ||
				       st.m.tp_src_m || st.m.tp_dst_m))
		nxm_needed(&st.m, st.ipv6_tok,
			   "IPv6 with nw_proto, nw_tos or transport ports "
			   "cannot be expressed in OpenFlow 1.0");
	if (st.cookie_mask)
		nxm_needed(&st.m, st.cookie_mask_tok,
			   "matching on the cookie needs NXM or OpenFlow 1.1+, "
			   "not expressible in OpenFlow 1.0");
	if (!st.cookie_set)
		fm->cookie = 0;

	pmatch_to_ofp10(&st.m, &fm->match);

	if (st.keys & K_ACTIONS) {
		struct actx a;
		size_t len = 0;

		memset(&a, 0, sizeof(a));
		a.c = &c;
		a.ctx = OF_ACTX_FLOW;
		a.dl_type = st.m.dl_type;
		a.nw_proto = st.m.nw_proto;
		a.tci = st.m.tci;
		e = run_actions(&a, acts, act_buf, act_size, &len);
		if (e == OF_E_SYNTAX)
			return e;
		if (e == OF_OK) {
			fm->actions.p = len ? act_buf : NULL;
			fm->actions.size = len;
		}
	}
	if (st.m.needs_nxm) {
		fail(&c, "%s", st.m.nxm_why);
		return OF_E_SYNTAX;
	}
	return e;
}

/* Randomized differential test of the flow table: a naive reference (an
 * array scanned linearly, every rule written field by field on struct
 * of_match straight from the spec and OVS's OF1.0 rules, sharing no code
 * with dp_key.c) against dp_table, on many thousands of random flow-mods,
 * lookups, clock steps, expiries, stats requests, port deletions and
 * emergency-mode switches, with fixed seeds. Every result is compared:
 * error codes, looked-up entries, removal callbacks, stats, counters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dp_table.h"
#include "of_action.h"

/* ---- deterministic random numbers (xorshift64*) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static bool chance(unsigned percent)
{
	return below(100) < percent;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

/* ---- the reference: field-by-field OpenFlow 1.0 ---- */

#define REF_MAX 256
#define ACT_MAX 48

struct ref_entry {
	struct of_match m; /* canonical */
	bool eth;	   /* OVS's hidden packet-type match (see ref_eth) */
	uint16_t prio;
	bool exact, emerg;
	uint64_t cookie;
	uint16_t idle, hard, flags;
	uint8_t acts[ACT_MAX];
	size_t acts_size;
	uint64_t packets, bytes, created, modified, used;
};

struct ref {
	struct ref_entry e[REF_MAX]; /* creation order */
	int n;
	size_t max_normal, max_emerg;
	bool emergency;
	uint64_t lookups, matched;
};

/* One removal as both sides report it. */
struct removal {
	struct of_flow_removed fr;
	uint16_t flags;
};

struct removals {
	struct removal r[REF_MAX * 2];
	int n;
};

static unsigned wild_bits(uint32_t w, unsigned shift)
{
	unsigned n = (w >> shift) & 63;
	return n > 32 ? 32 : n;
}

static uint32_t prefix_mask(unsigned wild)
{
	return wild >= 32 ? 0 : 0xffffffffu << wild;
}

static bool is_ip(uint16_t t)
{
	return t == 0x0800;
}

/* OVS's OF1.0 reading of a match, field by field: zero what is
 * wildcarded, drop ECN bits, cut VID/PCP, "no VLAN"
 * makes the PCP meaningless (and reads back matched as 0), and with
 * `normalize` wildcard what dl_type/nw_proto make meaningless. */
static void ref_canon(const struct of_match *in, bool normalize,
		      struct of_match *out)
{
	uint32_t w = in->wildcards & OFPFW_ALL;
	unsigned sw = wild_bits(w, OFPFW_NW_SRC_SHIFT);
	unsigned dw = wild_bits(w, OFPFW_NW_DST_SHIFT);

	memset(out, 0, sizeof(*out));
	if (!(w & OFPFW_IN_PORT))
		out->in_port = in->in_port;
	if (!(w & OFPFW_DL_SRC))
		memcpy(out->dl_src, in->dl_src, 6);
	if (!(w & OFPFW_DL_DST))
		memcpy(out->dl_dst, in->dl_dst, 6);
	if (!(w & OFPFW_DL_TYPE))
		out->dl_type = in->dl_type;
	if (!(w & OFPFW_NW_TOS))
		out->nw_tos = in->nw_tos & 0xfc;
	if (!(w & OFPFW_NW_PROTO))
		out->nw_proto = in->nw_proto;
	if (!(w & OFPFW_TP_SRC))
		out->tp_src = in->tp_src;
	if (!(w & OFPFW_TP_DST))
		out->tp_dst = in->tp_dst;
	out->nw_src = in->nw_src & prefix_mask(sw);
	out->nw_dst = in->nw_dst & prefix_mask(dw);
	if (!(w & OFPFW_DL_VLAN) && in->dl_vlan == 0xffff) {
		out->dl_vlan = 0xffff;
		w &= ~(uint32_t)OFPFW_DL_VLAN_PCP;
	} else {
		if (!(w & OFPFW_DL_VLAN))
			out->dl_vlan = in->dl_vlan & 0xfff;
		if (!(w & OFPFW_DL_VLAN_PCP))
			out->dl_vlan_pcp = in->dl_vlan_pcp & 7;
	}

	if (normalize) {
		uint16_t t = out->dl_type; /* 0 when wildcarded */
		uint8_t p = out->nw_proto;
		bool addr = false, proto = false, tos = false, tp = false;

		if (is_ip(t)) {
			addr = proto = tos = true;
			tp = p == 1 || p == 6 || p == 17 || p == 132;
		} else if (t == 0x86dd) {
			proto = tos = true;
			tp = p == 6 || p == 17 || p == 132 || p == 58;
		} else if (t == 0x0806 || t == 0x8035) {
			addr = proto = true;
		}
		if (!addr) {
			sw = dw = 32;
			out->nw_src = out->nw_dst = 0;
		}
		if (!proto) {
			w |= OFPFW_NW_PROTO;
			out->nw_proto = 0;
		}
		if (!tos) {
			w |= OFPFW_NW_TOS;
			out->nw_tos = 0;
		}
		if (!tp) {
			w |= OFPFW_TP_SRC | OFPFW_TP_DST;
			out->tp_src = out->tp_dst = 0;
		}
	}
	w &= ~(uint32_t)(OFPFW_NW_SRC_MASK | OFPFW_NW_DST_MASK);
	w |= sw << OFPFW_NW_SRC_SHIFT | dw << OFPFW_NW_DST_SHIFT;
	out->wildcards = w;
}

/* OVS matches the packet type as soon as the wire match gives any field
 * but in_port, whatever normalisation later drops. */
static bool ref_eth(const struct of_match *wire)
{
	uint32_t w = wire->wildcards;
	return !(w & OFPFW_DL_VLAN) || !(w & OFPFW_DL_VLAN_PCP) ||
	       !(w & OFPFW_DL_SRC) || !(w & OFPFW_DL_DST) ||
	       !(w & OFPFW_DL_TYPE) || !(w & OFPFW_NW_TOS) ||
	       !(w & OFPFW_NW_PROTO) || !(w & OFPFW_TP_SRC) ||
	       !(w & OFPFW_TP_DST) || wild_bits(w, OFPFW_NW_SRC_SHIFT) < 32 ||
	       wild_bits(w, OFPFW_NW_DST_SHIFT) < 32;
}

static bool same_match(const struct of_match *a, const struct of_match *b)
{
	return a->wildcards == b->wildcards && a->in_port == b->in_port &&
	       !memcmp(a->dl_src, b->dl_src, 6) &&
	       !memcmp(a->dl_dst, b->dl_dst, 6) && a->dl_vlan == b->dl_vlan &&
	       a->dl_vlan_pcp == b->dl_vlan_pcp && a->dl_type == b->dl_type &&
	       a->nw_tos == b->nw_tos && a->nw_proto == b->nw_proto &&
	       a->nw_src == b->nw_src && a->nw_dst == b->nw_dst &&
	       a->tp_src == b->tp_src && a->tp_dst == b->tp_dst;
}

static bool vlan_none(const struct of_match *m)
{
	return !(m->wildcards & OFPFW_DL_VLAN) && m->dl_vlan == 0xffff;
}

/* Does canonical entry match `e` match packet key `k`? */
static bool ref_matches(const struct of_match *e, const struct of_match *k)
{
	uint32_t w = e->wildcards;
	bool tagged = k->dl_vlan != 0xffff;
	uint32_t sm = prefix_mask(wild_bits(w, OFPFW_NW_SRC_SHIFT));
	uint32_t dm = prefix_mask(wild_bits(w, OFPFW_NW_DST_SHIFT));
	uint16_t kt = k->dl_type < 0x600 ? 0x05ff : k->dl_type;

	if (!(w & OFPFW_IN_PORT) && e->in_port != k->in_port)
		return false;
	if (!(w & OFPFW_DL_SRC) && memcmp(e->dl_src, k->dl_src, 6))
		return false;
	if (!(w & OFPFW_DL_DST) && memcmp(e->dl_dst, k->dl_dst, 6))
		return false;
	if (vlan_none(e)) {
		if (tagged)
			return false;
	} else {
		if (!(w & OFPFW_DL_VLAN) &&
		    (!tagged || (k->dl_vlan & 0xfff) != e->dl_vlan))
			return false;
		if (!(w & OFPFW_DL_VLAN_PCP) &&
		    (!tagged || (k->dl_vlan_pcp & 7) != e->dl_vlan_pcp))
			return false;
	}
	if (!(w & OFPFW_DL_TYPE) && e->dl_type != kt)
		return false;
	if (!(w & OFPFW_NW_TOS) && e->nw_tos != (k->nw_tos & 0xfc))
		return false;
	if (!(w & OFPFW_NW_PROTO) && e->nw_proto != k->nw_proto)
		return false;
	if ((k->nw_src & sm) != e->nw_src || (k->nw_dst & dm) != e->nw_dst)
		return false;
	if (!(w & OFPFW_TP_SRC) && e->tp_src != k->tp_src)
		return false;
	if (!(w & OFPFW_TP_DST) && e->tp_dst != k->tp_dst)
		return false;
	return true;
}

/* For each simple field: criteria specifies it => entry specifies it with
 * the same value. */
#define COVER(bit, cond)                                                       \
	do {                                                                   \
		if (!(cw & (bit)) && ((ew & (bit)) || !(cond)))                \
			return false;                                          \
	} while (0)

/* Non-strict selection: does criteria `c` cover entry `e`? */
static bool ref_covers(const struct of_match *c, bool c_eth,
		       const struct of_match *e, bool e_eth)
{
	uint32_t cw = c->wildcards, ew = e->wildcards;
	unsigned cs = wild_bits(cw, OFPFW_NW_SRC_SHIFT);
	unsigned es = wild_bits(ew, OFPFW_NW_SRC_SHIFT);
	unsigned cd = wild_bits(cw, OFPFW_NW_DST_SHIFT);
	unsigned ed = wild_bits(ew, OFPFW_NW_DST_SHIFT);

	if (c_eth && !e_eth)
		return false;
	COVER(OFPFW_IN_PORT, c->in_port == e->in_port);
	COVER(OFPFW_DL_SRC, !memcmp(c->dl_src, e->dl_src, 6));
	COVER(OFPFW_DL_DST, !memcmp(c->dl_dst, e->dl_dst, 6));
	COVER(OFPFW_DL_TYPE, c->dl_type == e->dl_type);
	COVER(OFPFW_NW_TOS, c->nw_tos == e->nw_tos);
	COVER(OFPFW_NW_PROTO, c->nw_proto == e->nw_proto);
	COVER(OFPFW_TP_SRC, c->tp_src == e->tp_src);
	COVER(OFPFW_TP_DST, c->tp_dst == e->tp_dst);
	if (cs < 32 && (es > cs || (e->nw_src & prefix_mask(cs)) != c->nw_src))
		return false;
	if (cd < 32 && (ed > cd || (e->nw_dst & prefix_mask(cd)) != c->nw_dst))
		return false;
	if (vlan_none(c))
		return vlan_none(e);
	if (!(cw & OFPFW_DL_VLAN) &&
	    (vlan_none(e) || (ew & OFPFW_DL_VLAN) || e->dl_vlan != c->dl_vlan))
		return false;
	if (!(cw & OFPFW_DL_VLAN_PCP) &&
	    (vlan_none(e) || (ew & OFPFW_DL_VLAN_PCP) ||
	     e->dl_vlan_pcp != c->dl_vlan_pcp))
		return false;
	return true;
}

/* Both specify a field => same value. */
#define BOTH(bit, cond)                                                        \
	do {                                                                   \
		if (!(aw & (bit)) && !(bw & (bit)) && !(cond))                 \
			return false;                                          \
	} while (0)

/* Can one packet match both canonical matches? */
static bool ref_overlap(const struct of_match *a, const struct of_match *b)
{
	uint32_t aw = a->wildcards, bw = b->wildcards;
	unsigned s = wild_bits(aw, OFPFW_NW_SRC_SHIFT);
	unsigned d = wild_bits(aw, OFPFW_NW_DST_SHIFT);

	if (wild_bits(bw, OFPFW_NW_SRC_SHIFT) > s)
		s = wild_bits(bw, OFPFW_NW_SRC_SHIFT);
	if (wild_bits(bw, OFPFW_NW_DST_SHIFT) > d)
		d = wild_bits(bw, OFPFW_NW_DST_SHIFT);
	BOTH(OFPFW_IN_PORT, a->in_port == b->in_port);
	BOTH(OFPFW_DL_SRC, !memcmp(a->dl_src, b->dl_src, 6));
	BOTH(OFPFW_DL_DST, !memcmp(a->dl_dst, b->dl_dst, 6));
	BOTH(OFPFW_DL_TYPE, a->dl_type == b->dl_type);
	BOTH(OFPFW_NW_TOS, a->nw_tos == b->nw_tos);
	BOTH(OFPFW_NW_PROTO, a->nw_proto == b->nw_proto);
	BOTH(OFPFW_TP_SRC, a->tp_src == b->tp_src);
	BOTH(OFPFW_TP_DST, a->tp_dst == b->tp_dst);
	if (((a->nw_src ^ b->nw_src) & prefix_mask(s)) ||
	    ((a->nw_dst ^ b->nw_dst) & prefix_mask(d)))
		return false;
	if (vlan_none(a) || vlan_none(b)) {
		const struct of_match *other = vlan_none(a) ? b : a;
		if (vlan_none(a) && vlan_none(b))
			return true;
		/* the other one must accept an untagged frame */
		return (other->wildcards & OFPFW_DL_VLAN) &&
		       (other->wildcards & OFPFW_DL_VLAN_PCP);
	}
	BOTH(OFPFW_DL_VLAN, a->dl_vlan == b->dl_vlan);
	BOTH(OFPFW_DL_VLAN_PCP, a->dl_vlan_pcp == b->dl_vlan_pcp);
	return true;
}

static bool ref_outputs_to(const struct ref_entry *e, uint16_t port)
{
	struct of_bytes list = {e->acts, e->acts_size};
	struct of_iter it = of_iter_make(list);
	struct of_action a;

	if (port == OFPP_NONE)
		return true;
	while (of_action_next(&it, &a))
		if ((a.type == OFPAT_OUTPUT && a.u.output.port == port) ||
		    (a.type == OFPAT_ENQUEUE && a.u.enqueue.port == port))
			return true;
	return false;
}

static void ref_duration(uint64_t created, uint64_t now, uint32_t *s,
			 uint32_t *ns)
{
	uint64_t d = now - created;
	*s = (uint32_t)(d / 1000);
	*ns = (uint32_t)(d % 1000) * 1000000;
}

static void ref_remove(struct ref *r, int i, uint8_t reason, uint64_t now,
		       struct removals *out)
{
	struct ref_entry *e = &r->e[i];

	if (out) {
		struct removal *x = &out->r[out->n++];
		memset(x, 0, sizeof(*x));
		x->fr.match = e->m;
		x->fr.cookie = e->cookie;
		x->fr.priority = e->prio;
		x->fr.reason = reason;
		ref_duration(e->created, now, &x->fr.duration_sec,
			     &x->fr.duration_nsec);
		x->fr.idle_timeout = e->idle;
		x->fr.packet_count = e->packets;
		x->fr.byte_count = e->bytes;
		x->flags = e->flags;
	}
	memmove(&r->e[i], &r->e[i + 1], (size_t)(r->n - i - 1) * sizeof(*e));
	r->n--;
}

static size_t ref_count(const struct ref *r, bool emerg)
{
	size_t n = 0;
	for (int i = 0; i < r->n; i++)
		n += r->e[i].emerg == emerg;
	return n;
}

static enum of_err ref_add(struct ref *r, const struct of_flow_mod *fm,
			   const struct of_match *cm, bool eth, uint16_t prio,
			   bool emerg, uint64_t now)
{
	int old = -1;
	struct ref_entry *e;

	for (int i = 0; i < r->n; i++) {
		if (r->e[i].emerg != emerg || r->e[i].prio != prio)
			continue;
		if (same_match(&r->e[i].m, cm) && r->e[i].eth == eth)
			old = i;
		if ((fm->flags & OFPFF_CHECK_OVERLAP) &&
		    ref_overlap(&r->e[i].m, cm))
			return OF_E_OVERLAP;
	}
	if (old < 0 &&
	    ref_count(r, emerg) >= (emerg ? r->max_emerg : r->max_normal))
		return OF_E_ALL_TABLES_FULL;
	if (r->n == REF_MAX) {
		fprintf(stderr, "reference full\n");
		exit(2);
	}
	e = &r->e[r->n++];
	memset(e, 0, sizeof(*e));
	e->m = *cm;
	e->eth = eth;
	e->prio = prio;
	e->exact = (fm->match.wildcards & OFPFW_ALL) == 0;
	e->emerg = emerg;
	e->cookie = fm->cookie;
	e->idle = fm->idle_timeout;
	e->hard = fm->hard_timeout;
	e->flags = fm->flags;
	if (fm->actions.size)
		memcpy(e->acts, fm->actions.p, fm->actions.size);
	e->acts_size = fm->actions.size;
	e->created = e->modified = e->used = now;
	if (old >= 0)
		ref_remove(r, old, OFPRR_DELETE, now, NULL);
	return OF_OK;
}

static enum of_err ref_flow_mod(struct ref *r, const struct of_flow_mod *fm,
				uint64_t now, struct removals *out)
{
	bool emerg = fm->flags & OFPFF_EMERG;
	bool exact = (fm->match.wildcards & OFPFW_ALL) == 0;
	uint16_t prio = exact ? 0xffff : fm->priority;
	bool strict = fm->command == OFPFC_MODIFY_STRICT ||
		      fm->command == OFPFC_DELETE_STRICT;
	struct of_match cm;
	int n = 0;

	if (fm->command > OFPFC_DELETE_STRICT)
		return OF_E_BAD_COMMAND;
	if (fm->command <= OFPFC_MODIFY_STRICT && emerg &&
	    (fm->idle_timeout || fm->hard_timeout))
		return OF_E_BAD_EMERG_TIMEOUT;
	bool eth = ref_eth(&fm->match);

	ref_canon(&fm->match, true, &cm);
	if (fm->command == OFPFC_ADD)
		return ref_add(r, fm, &cm, eth, prio, emerg, now);
	for (int i = 0; i < r->n; i++) {
		struct ref_entry *e = &r->e[i];
		bool sel;

		if (e->emerg != emerg)
			continue;
		sel = strict ? e->prio == prio && e->eth == eth &&
				   same_match(&e->m, &cm)
			     : ref_covers(&cm, eth, &e->m, e->eth);
		if (!sel)
			continue;
		if (fm->command == OFPFC_MODIFY ||
		    fm->command == OFPFC_MODIFY_STRICT) {
			if (fm->actions.size)
				memcpy(e->acts, fm->actions.p,
				       fm->actions.size);
			e->acts_size = fm->actions.size;
			if (fm->cookie != UINT64_MAX)
				e->cookie = fm->cookie;
			e->modified = now;
			n++;
		} else if (ref_outputs_to(e, fm->out_port)) {
			ref_remove(r, i--, OFPRR_DELETE, now, out);
		}
	}
	if ((fm->command == OFPFC_MODIFY ||
	     fm->command == OFPFC_MODIFY_STRICT) &&
	    n == 0 && fm->cookie != UINT64_MAX)
		return ref_add(r, fm, &cm, eth, prio, emerg, now);
	return OF_OK;
}

static struct ref_entry *ref_lookup(struct ref *r, const struct of_match *k)
{
	struct ref_entry *best = NULL;

	for (int i = 0; i < r->n; i++) {
		struct ref_entry *e = &r->e[i];
		if (e->emerg != r->emergency || !ref_matches(&e->m, k))
			continue;
		/* higher priority; then exact; then older (earlier here) */
		if (!best || e->prio > best->prio ||
		    (e->prio == best->prio && e->exact && !best->exact))
			best = e;
	}
	return best;
}

static void ref_expire(struct ref *r, uint64_t now, struct removals *out)
{
	for (int i = 0; i < r->n; i++) {
		struct ref_entry *e = &r->e[i];
		if (e->emerg)
			continue;
		if (e->hard && now >= e->modified + e->hard * 1000ull)
			ref_remove(r, i--, OFPRR_HARD_TIMEOUT, now, out);
		else if (e->idle && now >= e->used + e->idle * 1000ull)
			ref_remove(r, i--, OFPRR_IDLE_TIMEOUT, now, out);
	}
}

static uint64_t ref_deadline(const struct ref *r)
{
	uint64_t d = UINT64_MAX;
	for (int i = 0; i < r->n; i++) {
		const struct ref_entry *e = &r->e[i];
		if (e->emerg)
			continue;
		if (e->hard && e->modified + e->hard * 1000ull < d)
			d = e->modified + e->hard * 1000ull;
		if (e->idle && e->used + e->idle * 1000ull < d)
			d = e->used + e->idle * 1000ull;
	}
	return d;
}

/* ---- random inputs ---- */

static void rand_mac(uint8_t *a, uint8_t base)
{
	memset(a, 0, 6);
	a[5] = (uint8_t)(base + below(2));
}

static const uint16_t dl_types[] = {0x0800, 0x0800, 0x0800, 0x0806,
				    0x86dd, 0x8035, 0x0100, 0x1234};
static const uint8_t protos[] = {1, 6, 6, 17, 47, 132, 58};
static const uint32_t addrs[] = {0x0a000001, 0x0a000002, 0x0a010001,
				 0x0b000001};
static const uint16_t ports_tp[] = {0, 80, 443};
static const uint8_t toses[] = {0, 0x20, 0x23};

static void rand_fields(struct of_match *m)
{
	m->in_port = (uint16_t)(1 + below(3));
	rand_mac(m->dl_src, 1);
	rand_mac(m->dl_dst, 3);
	m->dl_type = PICK(dl_types);
	m->nw_tos = PICK(toses);
	m->nw_proto = PICK(protos);
	m->nw_src = PICK(addrs);
	m->nw_dst = PICK(addrs);
	m->tp_src = PICK(ports_tp);
	m->tp_dst = PICK(ports_tp);
}

static void rand_match(struct of_match *m)
{
	static const uint16_t vlans[] = {0xffff, 0xffff, 1, 2, 0x1001};
	static const uint8_t pcps[] = {0, 1, 9};
	static const uint32_t bits[] = {
	    OFPFW_IN_PORT,     OFPFW_DL_VLAN,  OFPFW_DL_SRC, OFPFW_DL_DST,
	    OFPFW_DL_TYPE,     OFPFW_NW_PROTO, OFPFW_TP_SRC, OFPFW_TP_DST,
	    OFPFW_DL_VLAN_PCP, OFPFW_NW_TOS};
	static const unsigned nw_wild[] = {0, 0, 8, 16, 24, 31, 32, 32, 40, 63};
	unsigned wild_pct = PICK(((const unsigned[]){20, 50, 70, 90}));

	memset(m, 0, sizeof(*m));
	rand_fields(m);
	m->dl_vlan = PICK(vlans);
	m->dl_vlan_pcp = PICK(pcps);
	if (chance(10))
		return; /* exact: wildcards 0 */
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (chance(wild_pct))
			m->wildcards |= bits[i];
	m->wildcards |= (chance(20) ? below(64) : PICK(nw_wild))
			<< OFPFW_NW_SRC_SHIFT;
	m->wildcards |= (chance(20) ? below(64) : PICK(nw_wild))
			<< OFPFW_NW_DST_SHIFT;
	if (chance(5))
		m->wildcards |= 0xffc00000u; /* junk above bit 21 */
}

static void rand_key(struct of_match *k)
{
	static const uint16_t vlans[] = {0xffff, 0xffff, 1, 2, 3};

	memset(k, 0, sizeof(*k));
	rand_fields(k);
	k->dl_vlan = PICK(vlans);
	k->dl_vlan_pcp = k->dl_vlan == 0xffff ? 0 : (uint8_t)below(2);
	if (chance(10))
		k->nw_src ^= (uint32_t)below(256);
}

static size_t rand_actions(uint8_t *buf, size_t size)
{
	struct of_wbuf w = of_wbuf_make(buf, size);
	unsigned n = below(3);

	for (unsigned i = 0; i < n; i++) {
		struct of_action a;
		memset(&a, 0, sizeof(a));
		switch (below(4)) {
		case 0:
		case 1:
			a.type = OFPAT_OUTPUT;
			a.u.output.port = chance(10) ? OFPP_CONTROLLER
						     : (uint16_t)(1 + below(3));
			break;
		case 2:
			a.type = OFPAT_ENQUEUE;
			a.u.enqueue.port = (uint16_t)(1 + below(3));
			a.u.enqueue.queue_id = below(2);
			break;
		default:
			a.type = OFPAT_SET_VLAN_VID;
			a.u.vlan_vid = 5;
			break;
		}
		of_action_put(&w, &a);
	}
	return w.pos;
}

/* Flow-mods often reuse an earlier match so that strict commands and
 * replacements actually find something. */
#define POOL 24
static struct of_match pool_m[POOL];
static uint16_t pool_p[POOL];
static uint64_t cookie_seq;

static void rand_flow_mod(struct of_flow_mod *fm, uint8_t *acts,
			  size_t acts_size)
{
	static const uint16_t prios[] = {0, 1, 100, 100, 0x8000, 0xffff};
	static const uint16_t cmds[] = {
	    OFPFC_ADD,		 OFPFC_ADD,	      OFPFC_ADD,
	    OFPFC_ADD,		 OFPFC_ADD,	      OFPFC_ADD,
	    OFPFC_MODIFY,	 OFPFC_MODIFY_STRICT, OFPFC_MODIFY_STRICT,
	    OFPFC_DELETE_STRICT, OFPFC_DELETE_STRICT};
	unsigned slot = below(POOL);

	memset(fm, 0, sizeof(*fm));
	if (chance(50)) {
		fm->match = pool_m[slot];
		fm->priority = pool_p[slot];
	} else {
		rand_match(&fm->match);
		fm->priority = PICK(prios);
		pool_m[slot] = fm->match;
		pool_p[slot] = fm->priority;
	}
	fm->command = chance(1) ? (uint16_t)(5 + below(3)) : PICK(cmds);
	if (chance(4))
		fm->command = OFPFC_DELETE; /* rare: it empties the table */
	fm->cookie = chance(5) ? UINT64_MAX : ++cookie_seq;
	fm->buffer_id = OFP_NO_BUFFER;
	fm->out_port = chance(50) ? OFPP_NONE : (uint16_t)(1 + below(3));
	if (chance(50))
		fm->flags |= OFPFF_SEND_FLOW_REM;
	if (chance(15))
		fm->flags |= OFPFF_CHECK_OVERLAP;
	if (chance(12))
		fm->flags |= OFPFF_EMERG;
	if (chance(20) && (!(fm->flags & OFPFF_EMERG) || chance(20))) {
		fm->idle_timeout = (uint16_t)below(8);
		fm->hard_timeout = (uint16_t)below(12);
	}
	fm->actions.size = rand_actions(acts, acts_size);
	fm->actions.p = fm->actions.size ? acts : NULL;
}

/* ---- comparing ---- */

static struct removals got_rm, want_rm;
static int failures_shown;

static void on_removed(void *ctx, const struct dp_flow *flow,
		       const struct of_flow_removed *fr)
{
	struct removals *rm = ctx;
	rm->r[rm->n].fr = *fr;
	rm->r[rm->n].flags = flow->flags;
	rm->n++;
}

static int cmp_removal(const void *pa, const void *pb)
{
	const struct removal *a = pa, *b = pb;
#define CMPF(f)                                                                \
	if (a->f != b->f)                                                      \
		return a->f < b->f ? -1 : 1;
	CMPF(fr.cookie)
	CMPF(fr.priority)
	CMPF(fr.reason)
	CMPF(fr.packet_count)
	CMPF(fr.byte_count)
	CMPF(fr.duration_sec)
	CMPF(fr.duration_nsec)
	CMPF(fr.idle_timeout)
	CMPF(flags)
	CMPF(fr.match.wildcards)
	CMPF(fr.match.in_port)
	CMPF(fr.match.dl_vlan)
	CMPF(fr.match.dl_vlan_pcp)
	CMPF(fr.match.dl_type)
	CMPF(fr.match.nw_tos)
	CMPF(fr.match.nw_proto)
	CMPF(fr.match.nw_src)
	CMPF(fr.match.nw_dst)
	CMPF(fr.match.tp_src)
	CMPF(fr.match.tp_dst)
#undef CMPF
	if (memcmp(a->fr.match.dl_src, b->fr.match.dl_src, 6))
		return memcmp(a->fr.match.dl_src, b->fr.match.dl_src, 6);
	return memcmp(a->fr.match.dl_dst, b->fr.match.dl_dst, 6);
}

static bool removals_equal(struct removals *a, struct removals *b)
{
	if (a->n != b->n)
		return false;
	qsort(a->r, (size_t)a->n, sizeof(a->r[0]), cmp_removal);
	qsort(b->r, (size_t)b->n, sizeof(b->r[0]), cmp_removal);
	for (int i = 0; i < a->n; i++)
		if (cmp_removal(&a->r[i], &b->r[i]) ||
		    !same_match(&a->r[i].fr.match, &b->r[i].fr.match))
			return false;
	return true;
}

static bool flow_equal(const struct dp_flow *f, const struct ref_entry *e)
{
	return same_match(&f->match, &e->m) && f->priority == e->prio &&
	       f->cookie == e->cookie && f->exact == e->exact &&
	       f->idle_timeout == e->idle && f->hard_timeout == e->hard &&
	       f->packet_count == e->packets && f->byte_count == e->bytes &&
	       f->created_ms == e->created && f->used_ms == e->used &&
	       f->modified_ms == e->modified &&
	       f->actions.size == e->acts_size &&
	       (!e->acts_size || !memcmp(f->actions.p, e->acts, e->acts_size));
}

/* Reports the first difference of a run; the run then stops (one bug
 * makes every later step differ). */
static void show(const char *what, int step)
{
	if (failures_shown++ == 0)
		fprintf(stderr, "  step %d: %s differs\n", step, what);
}

struct stats_list {
	struct of_flow_stats fs[REF_MAX];
	int n;
	int limit;
};

static bool collect(void *ctx, const struct of_flow_stats *fs)
{
	struct stats_list *l = ctx;
	if (l->limit && l->n >= l->limit)
		return false;
	l->fs[l->n++] = *fs;
	return true;
}

/* Compares a FLOW (in pieces, through the cursor) and AGGREGATE stats
 * request on both sides. */
static void compare_stats(struct dp_table *t, struct ref *r,
			  const struct of_flow_stats_request *req, uint64_t now,
			  int step)
{
	static struct stats_list got;
	struct dp_cursor cur = DP_CURSOR_INIT;
	struct of_aggregate_stats agg, ragg;
	struct of_match crit;
	int j = 0;
	bool ok = true, emerg_tbl = req->table_id == DP_EMERG_TABLE_ID;
	bool any = emerg_tbl || req->table_id == 0 || req->table_id == 0xff;

	memset(&got, 0, sizeof(got));
	got.limit = 1 + (int)below(4);
	for (int guard = 0; guard < 1000; guard++) {
		int before = got.n;
		if (dp_table_flow_stats(t, req, now, &cur, collect, &got))
			break;
		if (got.n == before)
			break; /* no progress: a bug */
		got.limit = got.n + 1 + (int)below(4);
	}
	ref_canon(&req->match, false, &crit);
	memset(&ragg, 0, sizeof(ragg));
	for (int i = 0; any && i < r->n; i++) {
		const struct ref_entry *e = &r->e[i];
		uint32_t s, ns;
		if (e->emerg != emerg_tbl ||
		    !ref_covers(&crit, ref_eth(&req->match), &e->m, e->eth) ||
		    !ref_outputs_to(e, req->out_port))
			continue;
		ragg.flow_count++;
		ragg.packet_count += e->packets;
		ragg.byte_count += e->bytes;
		ref_duration(e->created, now, &s, &ns);
		if (j >= got.n) {
			ok = false;
			break;
		}
		const struct of_flow_stats *fs = &got.fs[j++];
		if (!same_match(&fs->match, &e->m) || fs->priority != e->prio ||
		    fs->cookie != e->cookie || fs->packet_count != e->packets ||
		    fs->byte_count != e->bytes || fs->idle_timeout != e->idle ||
		    fs->hard_timeout != e->hard || fs->duration_sec != s ||
		    fs->duration_nsec != ns ||
		    fs->table_id != (emerg_tbl ? DP_EMERG_TABLE_ID : 0) ||
		    fs->actions.size != e->acts_size ||
		    (e->acts_size &&
		     memcmp(fs->actions.p, e->acts, e->acts_size)))
			ok = false;
	}
	if (j != got.n)
		ok = false;
	if (!CHECK(ok))
		show("flow stats", step);
	dp_table_aggregate(t, req, &agg);
	if (!CHECK(agg.flow_count == ragg.flow_count &&
		   agg.packet_count == ragg.packet_count &&
		   agg.byte_count == ragg.byte_count))
		show("aggregate stats", step);
}

static void compare_all(struct dp_table *t, struct ref *r, uint64_t now,
			int step)
{
	struct of_flow_stats_request req;
	struct of_table_stats ts;

	memset(&req, 0, sizeof(req));
	of_match_init_catchall(&req.match);
	req.out_port = OFPP_NONE;
	req.table_id = 0;
	compare_stats(t, r, &req, now, step);
	req.table_id = DP_EMERG_TABLE_ID;
	compare_stats(t, r, &req, now, step);
	dp_table_stats(t, &ts);
	if (!CHECK(ts.active_count == ref_count(r, false) &&
		   dp_table_count(t, true) == ref_count(r, true) &&
		   ts.lookup_count == r->lookups &&
		   ts.matched_count == r->matched))
		show("table stats", step);
}

/* ---- the run ---- */

static void run(uint64_t seed, int steps, size_t max_normal, size_t max_emerg)
{
	static struct ref r;
	struct dp_table *t = dp_table_create(max_normal, max_emerg);
	uint64_t now = 1000;
	uint8_t acts[ACT_MAX];
	int n_ok = 0, n_err = 0, n_hit = 0, n_miss = 0, n_exp = 0;
	long long occupancy = 0;

	rng_state = seed;
	memset(&r, 0, sizeof(r));
	r.max_normal = max_normal;
	r.max_emerg = max_emerg;
	for (int i = 0; i < POOL; i++) {
		rand_match(&pool_m[i]);
		pool_p[i] = 100;
	}

	failures_shown = 0;
	for (int step = 0; step < steps && !failures_shown; step++) {
		unsigned op = below(100);

		got_rm.n = want_rm.n = 0;
		occupancy += r.n;
		if (op < 45) {
			struct of_flow_mod fm;
			enum of_err e1, e2;

			rand_flow_mod(&fm, acts, sizeof(acts));
			e1 =
			    dp_table_flow_mod(t, &fm, now, on_removed, &got_rm);
			e2 = ref_flow_mod(&r, &fm, now, &want_rm);
			if (!CHECK_EQ(e1, e2))
				show("flow-mod result", step);
			if (!CHECK(removals_equal(&got_rm, &want_rm)))
				show("flow-mod removals", step);
			if (e1 == OF_OK)
				n_ok++;
			else
				n_err++;
		} else if (op < 80) {
			struct of_match k;
			const struct dp_flow *f;
			struct ref_entry *e;
			size_t bytes = 60 + below(1400);

			rand_key(&k);
			f = dp_table_lookup(t, &k, bytes, now);
			e = ref_lookup(&r, &k);
			r.lookups++;
			if (e) {
				r.matched++;
				e->packets++;
				e->bytes += bytes;
				e->used = now;
				n_hit++;
			} else {
				n_miss++;
			}
			if (!CHECK(e ? f && flow_equal(f, e) : !f))
				show("lookup", step);
		} else if (op < 88) {
			uint64_t dl = dp_table_next_deadline(t);
			now += below(2500);
			if (!CHECK(dl <= ref_deadline(&r)))
				show("deadline", step);
			if (chance(20) && dl != DP_NO_DEADLINE && dl > now)
				now = dl;
			dp_table_expire(t, now, on_removed, &got_rm);
			ref_expire(&r, now, &want_rm);
			n_exp += want_rm.n;
			if (!CHECK(removals_equal(&got_rm, &want_rm)))
				show("expiry", step);
		} else if (op < 95) {
			static const uint8_t tids[] = {0, 0xff, 0xff,
						       DP_EMERG_TABLE_ID, 1};
			struct of_flow_stats_request req;
			memset(&req, 0, sizeof(req));
			rand_match(&req.match);
			if (chance(30))
				of_match_init_catchall(&req.match);
			req.table_id = PICK(tids);
			req.out_port =
			    chance(50) ? OFPP_NONE : (uint16_t)(1 + below(3));
			compare_stats(t, &r, &req, now, step);
		} else if (op < 96) {
			if (!r.emergency && chance(15)) {
				dp_table_enter_emergency(t, now, on_removed,
							 &got_rm);
				for (int i = 0; i < r.n; i++)
					if (!r.e[i].emerg)
						ref_remove(&r, i--,
							   OFPRR_DELETE, now,
							   &want_rm);
				r.emergency = true;
			} else if (r.emergency) {
				dp_table_leave_emergency(t);
				r.emergency = false;
			}
			if (!CHECK(removals_equal(&got_rm, &want_rm)))
				show("emergency flush", step);
		} else if (op < 97 && chance(30)) {
			uint16_t port = (uint16_t)(1 + below(3));
			dp_table_delete_port(t, port, now, on_removed, &got_rm);
			for (int i = 0; i < r.n; i++)
				if (ref_outputs_to(&r.e[i], port))
					ref_remove(&r, i--, OFPRR_DELETE, now,
						   &want_rm);
			if (!CHECK(removals_equal(&got_rm, &want_rm)))
				show("delete port", step);
		} else if (op >= 97) {
			compare_all(t, &r, now, step);
		}
	}
	compare_all(t, &r, now, steps);
	printf("seed %llu: %d flow-mods ok, %d refused, %d hits, %d misses, "
	       "%d expired, %lld entries on average\n",
	       (unsigned long long)seed, n_ok, n_err, n_hit, n_miss, n_exp,
	       occupancy / steps);
	dp_table_destroy(t);
}

int main(void)
{
	run(1, 20000, 60, 10);
	run(2, 20000, 200, 20);
	run(3, 20000, 8, 2);
	run(0x5eed, 40000, 120, 16);
	return check_summary();
}

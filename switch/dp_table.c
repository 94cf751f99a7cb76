/* dp_table: storage, lookup, expiry and stats of the flow table. The
 * FLOW_MOD commands are in dp_flow_mod.c; the match form in dp_key.c.
 *
 * Choices where the 1.0 spec leaves room (Open vSwitch 3.1 is the model,
 * ofproto/ofproto.c and ofproto/ofproto-dpif.c):
 *  - Ties: among matching entries of the same priority, an exact-match
 *    entry wins, then the oldest (lowest creation sequence number). Exact
 *    entries all have priority 0xffff and at most one can match a packet,
 *    so an exact hit ends the lookup at once.
 *  - Timeouts: the hard timeout runs from the last ADD or MODIFY of the
 *    entry (OVS's rule->modified), the idle timeout from the last hit or
 *    from creation; when both have run out the reason is HARD_TIMEOUT
 *    (rule_expire() checks it first). An entry expires at the millisecond
 *    its deadline is reached, so waking at the deadline is enough.
 *  - Stats select entries by the request's match as given (not
 *    normalised), which is what ofputil_decode_flow_stats_request() does.
 *  - out_port filters count OUTPUT and ENQUEUE actions
 *    (ofpacts_output_to_port()). */
#include "dp_table_int.h"

#include <stdlib.h>
#include <string.h>

#define SUB_MIN_BUCKETS 8

/* ---- actions ---- */

/* Allocates a shared copy of an action list (NULL for an empty one). */
bool dp_table_actions_new(struct of_bytes list, struct dp_actions **out)
{
	struct dp_actions *a;

	*out = NULL;
	if (!list.p || !list.size)
		return true;
	a = malloc(sizeof(*a) + list.size);
	if (!a)
		return false;
	a->refs = 1;
	a->size = list.size;
	memcpy(a->data, list.p, list.size);
	*out = a;
	return true;
}

/* Drops a reference; frees the list with its last one. */
void dp_table_actions_unref(struct dp_actions *a)
{
	if (a && --a->refs == 0)
		free(a);
}

/* Gives the entry the list `a` (one more reference) in place of its own. */
void dp_table_entry_set_actions(struct dp_entry *e, struct dp_actions *a)
{
	if (a)
		a->refs++;
	dp_table_actions_unref(e->acts);
	e->acts = a;
	e->flow.actions.p = a ? a->data : NULL;
	e->flow.actions.size = a ? a->size : 0;
}

/* True if an OUTPUT or ENQUEUE action of the entry names `port`. */
bool dp_table_entry_outputs_to(const struct dp_entry *e, uint16_t port)
{
	struct of_iter it;
	struct of_action a;

	if (port == OFPP_NONE)
		return true;
	it = of_iter_make(e->flow.actions);
	while (of_action_next(&it, &a)) {
		if (a.type == OFPAT_OUTPUT && a.u.output.port == port)
			return true;
		if (a.type == OFPAT_ENQUEUE && a.u.enqueue.port == port)
			return true;
	}
	return false;
}

/* ---- time ---- */

static void duration(uint64_t created, uint64_t now, uint32_t *sec,
		     uint32_t *nsec)
{
	uint64_t d = now > created ? now - created : 0;
	uint64_t s = d / 1000;
	*sec = s > UINT32_MAX ? UINT32_MAX : (uint32_t)s;
	*nsec = (uint32_t)(d % 1000) * 1000000u;
}

static uint64_t entry_deadline(const struct dp_entry *e)
{
	uint64_t d = DP_NO_DEADLINE;
	if (e->flow.hard_timeout)
		d = e->flow.modified_ms + e->flow.hard_timeout * 1000ull;
	if (e->flow.idle_timeout) {
		uint64_t i = e->flow.used_ms + e->flow.idle_timeout * 1000ull;
		if (i < d)
			d = i;
	}
	return d;
}

/* The OFPRR_* reason the entry has expired for at `now`, or -1. */
static int entry_expired(const struct dp_entry *e, uint64_t now)
{
	const struct dp_flow *f = &e->flow;
	if (f->hard_timeout &&
	    now >= f->modified_ms + f->hard_timeout * 1000ull)
		return OFPRR_HARD_TIMEOUT;
	if (f->idle_timeout && now >= f->used_ms + f->idle_timeout * 1000ull)
		return OFPRR_IDLE_TIMEOUT;
	return -1;
}

/* ---- subtables ---- */

static struct dp_subtable *sub_find(const struct dp_cls *cls,
				    const struct dp_key *mask)
{
	for (size_t i = 0; i < cls->n_subs; i++)
		if (dp_key_equal(&cls->subs[i]->mask, mask))
			return cls->subs[i];
	return NULL;
}

static struct dp_subtable *sub_create(struct dp_cls *cls,
				      const struct dp_key *mask, uint16_t prio)
{
	struct dp_subtable *s;

	if (cls->n_subs == cls->cap_subs) {
		size_t cap = cls->cap_subs ? cls->cap_subs * 2 : 8;
		struct dp_subtable **subs =
		    realloc(cls->subs, cap * sizeof(*subs));
		if (!subs)
			return NULL;
		cls->subs = subs;
		cls->cap_subs = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->buckets = calloc(SUB_MIN_BUCKETS, sizeof(*s->buckets));
	if (!s->buckets) {
		free(s);
		return NULL;
	}
	s->n_buckets = SUB_MIN_BUCKETS;
	s->mask = *mask;
	s->max_prio = prio;
	cls->subs[cls->n_subs++] = s;
	cls->unsorted = true;
	return s;
}

static void sub_free(struct dp_subtable *s)
{
	free(s->buckets);
	free(s);
}

/* Doubles the bucket array; on allocation failure keeps the old one
 * (chains get longer, nothing breaks). */
static void sub_grow(struct dp_subtable *s)
{
	size_t n = s->n_buckets * 2;
	struct dp_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < s->n_buckets; i++) {
		struct dp_entry *e = s->buckets[i], *next;
		for (; e; e = next) {
			next = e->hnext;
			e->hnext = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	}
	free(s->buckets);
	s->buckets = b;
	s->n_buckets = n;
}

static void sub_recompute(struct dp_subtable *s)
{
	uint16_t max = 0;
	for (size_t i = 0; i < s->n_buckets; i++)
		for (const struct dp_entry *e = s->buckets[i]; e; e = e->hnext)
			if (e->flow.priority > max)
				max = e->flow.priority;
	s->max_prio = max;
}

/* Lookup order: highest max_prio first; at equal max_prio, subtables with
 * exact entries first (they end a lookup at once). */
static bool sub_before(const struct dp_subtable *a, const struct dp_subtable *b)
{
	if (a->max_prio != b->max_prio)
		return a->max_prio > b->max_prio;
	return (a->n_exact > 0) > (b->n_exact > 0);
}

static void cls_tidy(struct dp_cls *cls)
{
	size_t j = 0;

	for (size_t i = 0; i < cls->n_subs; i++) {
		struct dp_subtable *s = cls->subs[i];
		if (s->stale) {
			if (!s->n_entries) {
				sub_free(s);
				continue;
			}
			sub_recompute(s);
			s->stale = false;
			cls->unsorted = true;
		}
		cls->subs[j++] = s;
	}
	cls->n_subs = j;
	if (!cls->unsorted)
		return;
	for (size_t i = 1; i < cls->n_subs; i++) {
		struct dp_subtable *s = cls->subs[i];
		size_t k = i;
		for (; k > 0 && sub_before(s, cls->subs[k - 1]); k--)
			cls->subs[k] = cls->subs[k - 1];
		cls->subs[k] = s;
	}
	cls->unsorted = false;
}

/* Restores sorted, non-stale subtables in both classifiers. */
void dp_table_tidy(struct dp_table *t)
{
	cls_tidy(&t->normal);
	cls_tidy(&t->emerg);
}

/* ---- entries ---- */

/* Allocates and links an entry (see dp_table_int.h). */
struct dp_entry *dp_table_entry_insert(struct dp_table *t, struct dp_cls *cls,
				       const struct dp_key *value,
				       const struct dp_key *mask, uint16_t prio,
				       bool exact, const struct of_flow_mod *fm,
				       struct dp_actions *a, uint64_t now_ms)
{
	struct dp_entry *e = calloc(1, sizeof(*e));
	struct dp_subtable *s;
	struct dp_entry **bucket;

	if (!e)
		return NULL;
	s = sub_find(cls, mask);
	if (!s)
		s = sub_create(cls, mask, prio);
	if (!s) {
		free(e);
		return NULL;
	}

	dp_key_to_match(value, mask, &e->flow.match);
	e->flow.priority = prio;
	e->flow.exact = exact;
	e->flow.emerg = cls->emerg;
	e->flow.cookie = fm->cookie;
	e->flow.idle_timeout = fm->idle_timeout;
	e->flow.hard_timeout = fm->hard_timeout;
	e->flow.flags = fm->flags;
	e->flow.created_ms = e->flow.modified_ms = e->flow.used_ms = now_ms;
	dp_table_entry_set_actions(e, a);
	e->value = *value;
	e->sub = s;
	e->cls = cls;
	e->seq = t->next_seq++;
	e->hash = dp_key_hash(value);

	bucket = &s->buckets[e->hash & (s->n_buckets - 1)];
	e->hnext = *bucket;
	*bucket = e;
	s->n_entries++;
	if (exact && s->n_exact++ == 0)
		cls->unsorted = true;
	if (prio > s->max_prio) {
		s->max_prio = prio;
		cls->unsorted = true;
	}
	if (s->n_entries > s->n_buckets)
		sub_grow(s);

	e->prev = cls->tail;
	if (cls->tail)
		cls->tail->next = e;
	else
		cls->head = e;
	cls->tail = e;
	cls->n_entries++;

	/* Emergency entries never expire (their timeouts are zero anyway). */
	if (!cls->emerg && (fm->idle_timeout || fm->hard_timeout)) {
		uint64_t d = entry_deadline(e);
		e->timed = true;
		e->tnext = t->timed;
		if (t->timed)
			t->timed->tprev = e;
		t->timed = e;
		if (d < t->deadline)
			t->deadline = d;
	}
	return e;
}

static void fill_removed(const struct dp_entry *e, uint8_t reason, uint64_t now,
			 struct of_flow_removed *fr)
{
	memset(fr, 0, sizeof(*fr));
	fr->match = e->flow.match;
	fr->cookie = e->flow.cookie;
	fr->priority = e->flow.priority;
	fr->reason = reason;
	duration(e->flow.created_ms, now, &fr->duration_sec,
		 &fr->duration_nsec);
	fr->idle_timeout = e->flow.idle_timeout;
	fr->packet_count = e->flow.packet_count;
	fr->byte_count = e->flow.byte_count;
}

/* Unlinks, reports and frees one entry. */
void dp_table_entry_remove(struct dp_table *t, struct dp_entry *e,
			   uint8_t reason, uint64_t now_ms,
			   dp_removed_fn removed, void *ctx)
{
	struct dp_subtable *s = e->sub;
	struct dp_cls *cls = e->cls;
	struct dp_entry **pp = &s->buckets[e->hash & (s->n_buckets - 1)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	s->n_entries--;
	if (e->flow.exact && --s->n_exact == 0)
		cls->unsorted = true;
	if (!s->n_entries || e->flow.priority == s->max_prio)
		s->stale = true;

	if (e->prev)
		e->prev->next = e->next;
	else
		cls->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		cls->tail = e->prev;
	cls->n_entries--;

	if (e->timed) {
		if (e->tprev)
			e->tprev->tnext = e->tnext;
		else
			t->timed = e->tnext;
		if (e->tnext)
			e->tnext->tprev = e->tprev;
	}

	if (removed) {
		struct of_flow_removed fr;
		fill_removed(e, reason, now_ms, &fr);
		removed(ctx, &e->flow, &fr);
	}
	dp_table_actions_unref(e->acts);
	free(e);
}

/* Finds the entry with this exact mask, value and priority. */
struct dp_entry *dp_table_find_exact(const struct dp_cls *cls,
				     const struct dp_key *value,
				     const struct dp_key *mask, uint16_t prio)
{
	const struct dp_subtable *s = sub_find(cls, mask);
	uint32_t h;

	if (!s)
		return NULL;
	h = dp_key_hash(value);
	for (struct dp_entry *e = s->buckets[h & (s->n_buckets - 1)]; e;
	     e = e->hnext)
		if (e->hash == h && e->flow.priority == prio &&
		    dp_key_equal(&e->value, value))
			return e;
	return NULL;
}

/* Overlap: some packet matches both, i.e. the two values agree on every
 * bit both masks care about, and the priorities are equal. */
bool dp_table_overlaps(const struct dp_cls *cls, const struct dp_key *value,
		       const struct dp_key *mask, uint16_t prio)
{
	for (size_t i = 0; i < cls->n_subs; i++) {
		const struct dp_subtable *s = cls->subs[i];
		struct dp_key both, want;

		if (s->max_prio < prio || !s->n_entries)
			continue;
		dp_key_and(&s->mask, mask, &both);
		dp_key_and(value, &both, &want);
		for (size_t b = 0; b < s->n_buckets; b++) {
			for (const struct dp_entry *e = s->buckets[b]; e;
			     e = e->hnext) {
				struct dp_key got;
				if (e->flow.priority != prio)
					continue;
				dp_key_and(&e->value, &both, &got);
				if (dp_key_equal(&got, &want))
					return true;
			}
		}
	}
	return false;
}

/* ---- lookup ---- */

static bool entry_better(const struct dp_entry *a, const struct dp_entry *b)
{
	if (a->flow.priority != b->flow.priority)
		return a->flow.priority > b->flow.priority;
	if (a->flow.exact != b->flow.exact)
		return a->flow.exact;
	return a->seq < b->seq;
}

static struct dp_entry *cls_lookup(const struct dp_cls *cls,
				   const struct dp_key *key)
{
	struct dp_entry *best = NULL;

	for (size_t i = 0; i < cls->n_subs; i++) {
		const struct dp_subtable *s = cls->subs[i];
		struct dp_key mk;
		uint32_t h;

		if (best && s->max_prio < best->flow.priority)
			break;
		dp_key_and(key, &s->mask, &mk);
		h = dp_key_hash(&mk);
		for (struct dp_entry *e = s->buckets[h & (s->n_buckets - 1)]; e;
		     e = e->hnext)
			if (e->hash == h && dp_key_equal(&e->value, &mk) &&
			    (!best || entry_better(e, best)))
				best = e;
		if (best && best->flow.exact)
			break;
	}
	return best;
}

static const struct dp_cls *active_cls(const struct dp_table *t)
{
	return t->emergency ? &t->emerg : &t->normal;
}

/* Looks up and counts a packet. */
const struct dp_flow *dp_table_lookup(struct dp_table *t,
				      const struct of_match *key,
				      size_t packet_bytes, uint64_t now_ms)
{
	struct dp_key k;
	struct dp_entry *e;

	dp_key_from_packet(key, &k);
	e = cls_lookup(active_cls(t), &k);
	t->lookup_count++;
	if (!e)
		return NULL;
	t->matched_count++;
	e->flow.packet_count++;
	e->flow.byte_count += packet_bytes;
	e->flow.used_ms = now_ms;
	return &e->flow;
}

/* Looks up a packet without counting. */
const struct dp_flow *dp_table_classify(const struct dp_table *t,
					const struct of_match *key)
{
	struct dp_key k;
	const struct dp_entry *e;

	dp_key_from_packet(key, &k);
	e = cls_lookup(active_cls(t), &k);
	return e ? &e->flow : NULL;
}

/* ---- life cycle ---- */

/* Creates an empty table. */
struct dp_table *dp_table_create(size_t max_entries, size_t max_emerg_entries)
{
	struct dp_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->normal.max_entries = max_entries;
	t->emerg.max_entries = max_emerg_entries;
	t->emerg.emerg = true;
	t->next_seq = 1;
	t->deadline = DP_NO_DEADLINE;
	return t;
}

static void cls_free(struct dp_cls *cls)
{
	struct dp_entry *e = cls->head, *next;

	for (; e; e = next) {
		next = e->next;
		dp_table_actions_unref(e->acts);
		free(e);
	}
	for (size_t i = 0; i < cls->n_subs; i++)
		sub_free(cls->subs[i]);
	free(cls->subs);
}

/* Frees everything the table owns. */
void dp_table_destroy(struct dp_table *t)
{
	if (!t)
		return;
	cls_free(&t->normal);
	cls_free(&t->emerg);
	free(t);
}

/* ---- expiry ---- */

/* Removes expired entries; recomputes the deadline from the survivors. */
size_t dp_table_expire(struct dp_table *t, uint64_t now_ms,
		       dp_removed_fn removed, void *ctx)
{
	struct dp_entry *e, *next;
	uint64_t deadline = DP_NO_DEADLINE;
	size_t n = 0;

	if (now_ms < t->deadline)
		return 0;
	for (e = t->timed; e; e = next) {
		int reason = entry_expired(e, now_ms);
		next = e->tnext;
		if (reason >= 0) {
			dp_table_entry_remove(t, e, (uint8_t)reason, now_ms,
					      removed, ctx);
			n++;
		} else {
			uint64_t d = entry_deadline(e);
			if (d < deadline)
				deadline = d;
		}
	}
	t->deadline = deadline;
	dp_table_tidy(t);
	return n;
}

/* Returns the cached lower bound of the next expiry. */
uint64_t dp_table_next_deadline(const struct dp_table *t)
{
	return t->deadline;
}

/* ---- stats ---- */

/* The classifier a stats request's table_id selects, or NULL. */
static const struct dp_cls *stats_cls(const struct dp_table *t,
				      uint8_t table_id)
{
	if (table_id == DP_TABLE_ID || table_id == 0xff)
		return &t->normal;
	if (table_id == DP_EMERG_TABLE_ID)
		return &t->emerg;
	return NULL;
}

static bool stats_selects(const struct dp_entry *e, const struct dp_key *cv,
			  const struct dp_key *cm, uint16_t out_port)
{
	return dp_table_entry_covered(e, cv, cm) &&
	       dp_table_entry_outputs_to(e, out_port);
}

/* Walks the entries a FLOW stats request selects, from the cursor on. */
bool dp_table_flow_stats(const struct dp_table *t,
			 const struct of_flow_stats_request *req,
			 uint64_t now_ms, struct dp_cursor *cur,
			 dp_flow_stats_fn cb, void *ctx)
{
	const struct dp_cls *cls = stats_cls(t, req->table_id);
	struct dp_key cv, cm;

	if (cls) {
		dp_key_from_match(&req->match, false, &cv, &cm);
		for (const struct dp_entry *e = cls->head; e; e = e->next) {
			struct of_flow_stats fs;

			if (e->seq < cur->next_seq ||
			    !stats_selects(e, &cv, &cm, req->out_port))
				continue;
			memset(&fs, 0, sizeof(fs));
			fs.table_id =
			    cls->emerg ? DP_EMERG_TABLE_ID : DP_TABLE_ID;
			fs.match = e->flow.match;
			duration(e->flow.created_ms, now_ms, &fs.duration_sec,
				 &fs.duration_nsec);
			fs.priority = e->flow.priority;
			fs.idle_timeout = e->flow.idle_timeout;
			fs.hard_timeout = e->flow.hard_timeout;
			fs.cookie = e->flow.cookie;
			fs.packet_count = e->flow.packet_count;
			fs.byte_count = e->flow.byte_count;
			fs.actions = e->flow.actions;
			if (!cb(ctx, &fs)) {
				cur->next_seq = e->seq;
				return false;
			}
		}
	}
	cur->next_seq = UINT64_MAX;
	return true;
}

/* Sums what a FLOW stats request with the same body would list. */
void dp_table_aggregate(const struct dp_table *t,
			const struct of_flow_stats_request *req,
			struct of_aggregate_stats *out)
{
	const struct dp_cls *cls = stats_cls(t, req->table_id);
	struct dp_key cv, cm;

	memset(out, 0, sizeof(*out));
	if (!cls)
		return;
	dp_key_from_match(&req->match, false, &cv, &cm);
	for (const struct dp_entry *e = cls->head; e; e = e->next) {
		if (!stats_selects(e, &cv, &cm, req->out_port))
			continue;
		out->packet_count += e->flow.packet_count;
		out->byte_count += e->flow.byte_count;
		out->flow_count++;
	}
}

/* Fills the TABLE stats entry of table 0. */
void dp_table_stats(const struct dp_table *t, struct of_table_stats *out)
{
	static const char name[] = "classifier";

	memset(out, 0, sizeof(*out));
	out->table_id = DP_TABLE_ID;
	memcpy(out->name, name, sizeof(name));
	out->wildcards = OFPFW_ALL;
	out->max_entries = t->normal.max_entries > UINT32_MAX
			       ? UINT32_MAX
			       : (uint32_t)t->normal.max_entries;
	out->active_count = (uint32_t)t->normal.n_entries;
	out->lookup_count = t->lookup_count;
	out->matched_count = t->matched_count;
}

/* Number of entries in one of the two tables. */
size_t dp_table_count(const struct dp_table *t, bool emerg)
{
	return emerg ? t->emerg.n_entries : t->normal.n_entries;
}

/* ---- bulk removal ---- */

static size_t cls_remove_if(struct dp_table *t, struct dp_cls *cls,
			    uint16_t port, uint64_t now_ms,
			    dp_removed_fn removed, void *ctx)
{
	struct dp_entry *e, *next;
	size_t n = 0;

	for (e = cls->head; e; e = next) {
		next = e->next;
		if (dp_table_entry_outputs_to(e, port)) {
			dp_table_entry_remove(t, e, OFPRR_DELETE, now_ms,
					      removed, ctx);
			n++;
		}
	}
	return n;
}

/* Removes the entries that send to `port`, in both tables. */
size_t dp_table_delete_port(struct dp_table *t, uint16_t port, uint64_t now_ms,
			    dp_removed_fn removed, void *ctx)
{
	size_t n;

	if (port == OFPP_NONE)
		return 0;
	n = cls_remove_if(t, &t->normal, port, now_ms, removed, ctx);
	n += cls_remove_if(t, &t->emerg, port, now_ms, removed, ctx);
	dp_table_tidy(t);
	return n;
}

/* Removes every entry of one table. */
size_t dp_table_clear(struct dp_table *t, bool emerg, uint64_t now_ms,
		      dp_removed_fn removed, void *ctx)
{
	size_t n = cls_remove_if(t, dp_table_cls(t, emerg), OFPP_NONE, now_ms,
				 removed, ctx);
	dp_table_tidy(t);
	return n;
}

/* ---- emergency mode ---- */

/* Flushes the normal table and switches lookups to the emergency one. */
void dp_table_enter_emergency(struct dp_table *t, uint64_t now_ms,
			      dp_removed_fn removed, void *ctx)
{
	dp_table_clear(t, false, now_ms, removed, ctx);
	t->emergency = true;
}

/* Switches lookups back to the normal table. */
void dp_table_leave_emergency(struct dp_table *t)
{
	t->emergency = false;
}

/* True in emergency mode. */
bool dp_table_in_emergency(const struct dp_table *t)
{
	return t->emergency;
}

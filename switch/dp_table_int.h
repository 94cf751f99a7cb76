/* Internals of the flow table shared by dp_table.c (storage, lookup,
 * expiry, stats) and dp_flow_mod.c (the FLOW_MOD commands). Not for other
 * modules: they use dp_table.h.
 *
 * Storage is a tuple-space classifier per table: entries are grouped into
 * subtables by mask; each subtable is a hash table keyed by the masked
 * value. Lookup probes the subtables in order of their highest priority
 * and stops as soon as no later subtable can beat the best match. Entries
 * are also on a list in creation order (stats, non-strict commands) and,
 * when they have a timeout, on the table's timed list (expiry). */
#ifndef DP_TABLE_INT_H
#define DP_TABLE_INT_H

#include "dp_key.h"
#include "dp_table.h"

/* An action list shared by the entries one MODIFY gave it to. */
struct dp_actions {
	size_t refs;
	size_t size;
	uint8_t data[];
};

struct dp_subtable;
struct dp_cls;

struct dp_entry {
	struct dp_flow flow; /* what callers see; first member */
	struct dp_key value; /* masked by sub->mask */
	struct dp_subtable *sub;
	struct dp_cls *cls;
	struct dp_actions *acts;	/* NULL for an empty list */
	uint64_t seq;			/* creation order, unique */
	uint32_t hash;			/* dp_key_hash(&value) */
	bool timed;			/* on the table's timed list */
	struct dp_entry *hnext;		/* subtable bucket chain */
	struct dp_entry *prev, *next;	/* cls list, seq order */
	struct dp_entry *tprev, *tnext; /* timed list */
};

struct dp_subtable {
	struct dp_key mask;
	struct dp_entry **buckets;
	size_t n_buckets; /* power of two */
	size_t n_entries;
	size_t n_exact;	   /* entries with flow.exact */
	uint16_t max_prio; /* >= every entry's priority (exact after tidy) */
	bool stale;	   /* max_prio may be too high, or the subtable empty */
};

struct dp_cls {
	struct dp_subtable **subs; /* sorted: max_prio desc, exact first */
	size_t n_subs, cap_subs;
	bool unsorted;
	struct dp_entry *head, *tail;
	size_t n_entries, max_entries;
	bool emerg;
};

struct dp_table {
	struct dp_cls normal, emerg;
	bool emergency;
	uint64_t lookup_count, matched_count;
	uint64_t next_seq;
	struct dp_entry *timed; /* head of the timed list */
	uint64_t deadline;	/* lower bound of the next expiry */
};

/* The classifier a command addresses. */
static inline struct dp_cls *dp_table_cls(struct dp_table *t, bool emerg)
{
	return emerg ? &t->emerg : &t->normal;
}

/* Drops one reference to an action list (NULL is a no-op). */
void dp_table_actions_unref(struct dp_actions *a);
/* Allocates a shared copy of a wire action list with one reference; an
 * empty list is NULL. Returns false if out of memory. */
bool dp_table_actions_new(struct of_bytes list, struct dp_actions **out);
/* Points the entry at `a` (taking a reference) and drops its old list. */
void dp_table_entry_set_actions(struct dp_entry *e, struct dp_actions *a);

/* True if the entry has an OUTPUT or ENQUEUE action to `port`; always true
 * for OFPP_NONE (no filter). */
bool dp_table_entry_outputs_to(const struct dp_entry *e, uint16_t port);

/* Allocates an entry for value/mask at `prio` with the fields of `fm`,
 * actions `a` (referenced), created/modified/used at now_ms, and links it
 * into `cls` (and the timed list if it has a timeout). Returns NULL if out
 * of memory; the table is then unchanged. */
struct dp_entry *dp_table_entry_insert(struct dp_table *t, struct dp_cls *cls,
				       const struct dp_key *value,
				       const struct dp_key *mask, uint16_t prio,
				       bool exact, const struct of_flow_mod *fm,
				       struct dp_actions *a, uint64_t now_ms);

/* Unlinks an entry from everything, calls `removed` (if not NULL) with
 * `reason`, and frees it. */
void dp_table_entry_remove(struct dp_table *t, struct dp_entry *e,
			   uint8_t reason, uint64_t now_ms,
			   dp_removed_fn removed, void *ctx);

/* The entry with exactly this mask, value and priority, or NULL. */
struct dp_entry *dp_table_find_exact(const struct dp_cls *cls,
				     const struct dp_key *value,
				     const struct dp_key *mask, uint16_t prio);

/* True if some entry of priority `prio` may match a packet that value/mask
 * matches. */
bool dp_table_overlaps(const struct dp_cls *cls, const struct dp_key *value,
		       const struct dp_key *mask, uint16_t prio);

/* True if criteria value/mask covers the entry (non-strict selection). */
static inline bool dp_table_entry_covered(const struct dp_entry *e,
					  const struct dp_key *cvalue,
					  const struct dp_key *cmask)
{
	struct dp_key v;
	if (!dp_key_subset(cmask, &e->sub->mask))
		return false;
	dp_key_and(&e->value, cmask, &v);
	return dp_key_equal(&v, cvalue);
}

/* Restores the classifier invariants after removals and insertions (frees
 * empty subtables, recomputes priorities, re-sorts). Every public entry
 * point that changes the table calls it before returning. */
void dp_table_tidy(struct dp_table *t);

#endif

/* dp_table: the OpenFlow 1.0 flow table of of-switch.
 *
 * One normal table (table 0) and one emergency table, each bounded by its
 * own maximum entry count. Platform-free and sans-I/O: every function that
 * needs the time takes `now_ms` (a monotonic clock in milliseconds); the
 * table allocates with malloc/free but never more than its bounds allow
 * (entries, one action list per distinct flow-mod, one hash subtable per
 * distinct mask). Not thread-safe: one owner calls everything.
 *
 * Semantics (OpenFlow 1.0.0 spec; Open vSwitch 3.1 where the spec is vague;
 * the reasons are next to the code in dp_table.c and dp_flow_mod.c; the
 * match form is described in dp_key.h):
 *  - Matches are stored in canonical form: wildcarded fields zero, fields
 *    that dl_type/nw_proto make meaningless wildcarded. Stats and
 *    flow-removed messages report that form, byte for byte what OVS 3.1
 *    reports for the same flow-mods. "Same match" also compares OVS's
 *    hidden packet-type field (dp_key.h), so "nw_src=10.0.0.1" without
 *    dl_type (normalised to nothing) and the catch-all are two entries.
 *  - A flow-mod whose wire match wildcards nothing is an exact-match entry
 *    and gets priority 0xffff whatever its priority field says (OVS does the
 *    same; the spec says exact-match entries have the highest priority).
 *    That applies to the strict commands too.
 *  - Lookup returns the matching entry of highest priority; at equal
 *    priority an exact-match entry beats a wildcarded one, then the entry
 *    added earliest wins (ADD replacing an entry makes a new entry; MODIFY
 *    keeps the entry's age). OVS leaves such ties unspecified.
 *  - ADD replaces an entry with the same match and priority by a new entry:
 *    the flow-mod's cookie, timeouts, flags and actions, zero counters, new
 *    creation and last-hit times; no FLOW_REMOVED for the replaced entry.
 *    With OFPFF_CHECK_OVERLAP it fails with OF_E_OVERLAP if any entry of
 *    the same priority may match a packet the new one matches, the
 *    identical entry included.
 *  - MODIFY (entries the match covers, any priority) and MODIFY_STRICT (the
 *    entry with the same match and priority) change the actions and the
 *    cookie (a cookie of all ones leaves the cookie alone) and restart the
 *    hard timeout; counters, idle timer, timeouts, flags and creation time
 *    stay; out_port is ignored. If nothing matches they act as ADD (unless
 *    the cookie is all ones: OVS then adds nothing).
 *  - DELETE (covered entries) and DELETE_STRICT (same match and priority)
 *    honour out_port: unless OFPP_NONE, only entries with an OUTPUT or
 *    ENQUEUE action to that port are deleted.
 *  - "Covers": every field the request's match specifies is specified by
 *    the entry with the same value (nw prefixes: the entry's prefix is at
 *    least as long and agrees on the request's bits).
 *  - OFPFF_EMERG selects the emergency table for every command. ADD, MODIFY
 *    and MODIFY_STRICT with OFPFF_EMERG and a non-zero timeout fail with
 *    OF_E_BAD_EMERG_TIMEOUT. Emergency entries never expire; lookups use
 *    them only in emergency mode (dp_table_enter_emergency). (OVS has no
 *    emergency table: it refuses OFPFF_EMERG with ALL_TABLES_FULL.)
 *  - Timeouts: an entry expires once now_ms >= modified + hard * 1000 (hard
 *    timeout, checked first) or now_ms >= last hit + idle * 1000 (idle).
 *
 * Where this differs from OVS 3.1 on purpose, the spec's text decides: an
 * identical entry counts as overlapping (OVS skips the check and replaces);
 * ADD replacing an entry takes the new cookie even if it is all ones and
 * restarts the idle timer (OVS keeps the old cookie and last-hit time). */
#ifndef DP_TABLE_H
#define DP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_msg.h"

/* table_id of the normal table in stats. */
#define DP_TABLE_ID 0
/* table_id that selects the emergency table in FLOW/AGGREGATE stats
 * requests and that its entries carry in replies (the 1.0 reference
 * switch's convention). */
#define DP_EMERG_TABLE_ID 0xfe
/* dp_table_next_deadline() when no entry can expire. */
#define DP_NO_DEADLINE UINT64_MAX

struct dp_table;

/* One flow entry as callers see it: read-only. A pointer to it stays valid
 * until the next call that changes the table's set of entries or their
 * actions (flow_mod, expire, delete_port, clear, enter_emergency, destroy);
 * dp_table_lookup() only updates counters and keeps pointers valid. */
struct dp_flow {
	struct of_match match; /* canonical form (dp_key.h) */
	uint16_t priority;     /* 0xffff for exact-match entries */
	bool exact;	       /* added with no wildcards on the wire */
	bool emerg;	       /* lives in the emergency table */
	uint64_t cookie;
	uint16_t idle_timeout, hard_timeout; /* seconds; 0 = none */
	uint16_t flags; /* OFPFF_* of the flow-mod that added it */
	/* The validated wire action list; owned by the table. */
	struct of_bytes actions;
	uint64_t packet_count, byte_count;
	uint64_t created_ms;  /* for duration_sec/nsec */
	uint64_t modified_ms; /* start of the hard timeout */
	uint64_t used_ms;     /* last hit (or creation): start of idle */
};

/* Called for each entry removed by a timeout (reason OFPRR_IDLE_TIMEOUT or
 * OFPRR_HARD_TIMEOUT) or by DELETE, DELETE_STRICT, delete_port, clear or
 * enter_emergency (OFPRR_DELETE), just before it is freed. `fr` is the
 * FLOW_REMOVED body for it, duration computed at now_ms. Whether to send it
 * is the caller's business: the spec wants it only when
 * dp_flow_wants_removed(flow). The callback must not call into the table. */
typedef void (*dp_removed_fn)(void *ctx, const struct dp_flow *flow,
			      const struct of_flow_removed *fr);

/* Called for each entry a FLOW stats request selects, with the reply entry
 * filled in (its actions view is valid during the call). Return true to
 * continue, false to stop before this entry: the cursor then points at it,
 * so the next call starts with it (e.g. with a fresh reply message). */
typedef bool (*dp_flow_stats_fn)(void *ctx, const struct of_flow_stats *fs);

/* Where a flow-stats dump resumes. Zero it (or use DP_CURSOR_INIT) to start.
 * Entries are visited in creation order; an entry added while a dump is
 * paused is visited if it comes after the cursor, one removed is skipped. */
struct dp_cursor {
	uint64_t next_seq;
};
#define DP_CURSOR_INIT                                                         \
	{                                                                      \
		0                                                              \
	}

/* True if the spec wants a FLOW_REMOVED message for `flow`. */
static inline bool dp_flow_wants_removed(const struct dp_flow *flow)
{
	return (flow->flags & OFPFF_SEND_FLOW_REM) != 0;
}

/* Creates an empty table that holds at most `max_entries` normal and
 * `max_emerg_entries` emergency entries. Returns NULL if out of memory.
 * The caller owns the table and frees it with dp_table_destroy(). */
struct dp_table *dp_table_create(size_t max_entries, size_t max_emerg_entries);

/* Frees the table and every entry, without callbacks. NULL is a no-op. */
void dp_table_destroy(struct dp_table *t);

/* Applies one FLOW_MOD (decoded by of_decode; its action list already
 * validated by the caller against the switch's ports). The table copies
 * what it keeps; `fm` is not retained. `removed` (may be NULL) is called
 * with `ctx` for every entry DELETE/DELETE_STRICT removes. Returns OF_OK or
 * the error to answer with: OF_E_BAD_COMMAND, OF_E_BAD_EMERG_TIMEOUT,
 * OF_E_OVERLAP, OF_E_ALL_TABLES_FULL (the table is full, or memory ran
 * out), or OF_E_BAD_ACTION_LEN (an action list that is not structurally
 * valid). On error the table is unchanged. buffer_id is not looked at: to
 * apply a buffered packet, look it up after a successful flow-mod. */
enum of_err dp_table_flow_mod(struct dp_table *t, const struct of_flow_mod *fm,
			      uint64_t now_ms, dp_removed_fn removed,
			      void *ctx);

/* Looks up a packet (its key as the parser fills it) in the active table
 * (normal, or emergency in emergency mode) and counts it: lookup_count,
 * and on a match matched_count and the entry's packet/byte counters and
 * last-hit time. Returns the entry, or NULL on a miss. */
const struct dp_flow *dp_table_lookup(struct dp_table *t,
				      const struct of_match *key,
				      size_t packet_bytes, uint64_t now_ms);

/* The entry dp_table_lookup() would return, without counting anything. */
const struct dp_flow *dp_table_classify(const struct dp_table *t,
					const struct of_match *key);

/* Removes every normal entry whose hard or idle timeout has passed at
 * now_ms, calling `removed` (may be NULL) for each. Returns how many were
 * removed. Cheap when called before dp_table_next_deadline(). */
size_t dp_table_expire(struct dp_table *t, uint64_t now_ms,
		       dp_removed_fn removed, void *ctx);

/* A time (ms) not later than the earliest moment an entry can expire, or
 * DP_NO_DEADLINE. Hits only postpone idle deadlines, so calling
 * dp_table_expire() at this time may find nothing yet; it then computes the
 * true next deadline. */
uint64_t dp_table_next_deadline(const struct dp_table *t);

/* Calls `cb` for each entry a FLOW stats request selects: table_id 0 or
 * 0xff: the normal table, DP_EMERG_TABLE_ID: the emergency table, others:
 * none; entries the request's match covers (non-strict, match not
 * normalised, as OVS does for stats); with an OUTPUT/ENQUEUE action to
 * out_port unless it is OFPP_NONE. Starts at `cur` and advances it. Returns
 * true when the dump is complete, false if `cb` stopped it. */
bool dp_table_flow_stats(const struct dp_table *t,
			 const struct of_flow_stats_request *req,
			 uint64_t now_ms, struct dp_cursor *cur,
			 dp_flow_stats_fn cb, void *ctx);

/* Sums packet and byte counts and counts the entries that the same request
 * would select as a FLOW stats request. */
void dp_table_aggregate(const struct dp_table *t,
			const struct of_flow_stats_request *req,
			struct of_aggregate_stats *out);

/* Fills the TABLE stats entry of the normal table: table_id 0, name
 * "classifier", every wildcard supported, max_entries, active_count, and
 * the lookup and matched counts of all lookups (both tables). */
void dp_table_stats(const struct dp_table *t, struct of_table_stats *out);

/* Number of entries in the normal (emerg = false) or emergency table. */
size_t dp_table_count(const struct dp_table *t, bool emerg);

/* Removes the entries of both tables that have an OUTPUT or ENQUEUE action
 * to `port` (for a port that went away), calling `removed` (reason
 * OFPRR_DELETE). Returns how many were removed. */
size_t dp_table_delete_port(struct dp_table *t, uint16_t port, uint64_t now_ms,
			    dp_removed_fn removed, void *ctx);

/* Removes every entry of the normal (emerg = false) or emergency table,
 * calling `removed` (reason OFPRR_DELETE). Returns how many were removed. */
size_t dp_table_clear(struct dp_table *t, bool emerg, uint64_t now_ms,
		      dp_removed_fn removed, void *ctx);

/* Enters emergency mode (the controller connection is lost in fail-secure
 * mode): as the spec requires, deletes every normal entry (callbacks as for
 * dp_table_clear) and makes lookups use the emergency table. Idempotent. */
void dp_table_enter_emergency(struct dp_table *t, uint64_t now_ms,
			      dp_removed_fn removed, void *ctx);

/* Leaves emergency mode: lookups use the normal table again. The emergency
 * entries remain. */
void dp_table_leave_emergency(struct dp_table *t);

/* True in emergency mode. */
bool dp_table_in_emergency(const struct dp_table *t);

#endif

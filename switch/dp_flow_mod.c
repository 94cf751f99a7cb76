/* dp_flow_mod: the five OFPT_FLOW_MOD commands on the flow table.
 *
 * Spec 1.0 (section 4.6, "Flow Table Modification Messages") and Open
 * vSwitch's OpenFlow 1.0 table (Documentation/topics/design.rst,
 * "OFPT_FLOW_MOD"; ofproto/ofproto.c add_flow_start(),
 * modify_flows_start__(), delete_flows_start__()):
 *
 *                        ADD   MODIFY  MODIFY_STRICT  DELETE  DELETE_STRICT
 *   match on priority    yes    no        yes           no        yes
 *   match on out_port    no     no        no            yes       yes
 *   updates cookie       yes    yes(1)    yes(1)
 *   updates flags/tmo    yes    (2)       (2)
 *   restarts hard timer  yes    yes       yes
 *   restarts idle timer  yes    (2)       (2)
 *   zeroes counters      yes    (2)       (2)
 *   may add a new flow   yes    yes(1)    yes(1)
 *   FLOW_REMOVED         no     no        no            (3)       (3)
 *
 *   (1) not with a cookie of all ones (OVS: modify_cookie and
 *       modify_may_add_flow are false then).
 *   (2) only when the command adds a new flow.
 *   (3) the removed callback runs; the caller sends FLOW_REMOVED for entries
 *       with OFPFF_SEND_FLOW_REM.
 *
 * Checked against ovs-vswitchd 3.1 (userspace, OpenFlow 1.0) with random
 * flow-mod sequences: same errors, same dumps, same lookups. MODIFY ignores
 * out_port there, as the table above says.
 *
 * Deliberate differences from OVS 3.1, where the spec's text is explicit:
 *  - An ADD with OFPFF_CHECK_OVERLAP of a flow identical to an existing one
 *    fails with OVERLAP. The spec defines overlap as "a single packet may
 *    match both, and both entries have the same priority", which an
 *    identical entry satisfies; OVS 3.1 skips the check when an identical
 *    flow exists (OVS 1.x did not).
 *  - An ADD that replaces an entry makes a new entry ("that entry ... must
 *    be removed, and the new flow entry added"): its cookie even when all
 *    ones, its idle timer from now. OVS 3.1 keeps the old cookie in that
 *    case and always keeps the old last-hit time. */
#include "dp_table_int.h"

static bool is_exact(const struct of_match *m)
{
	return (m->wildcards & OFPFW_ALL) == 0;
}

/* ADD with the action list `a` (already allocated). */
static enum of_err add(struct dp_table *t, struct dp_cls *cls,
		       const struct dp_key *value, const struct dp_key *mask,
		       uint16_t prio, const struct of_flow_mod *fm,
		       struct dp_actions *a, uint64_t now_ms)
{
	struct dp_entry *old = dp_table_find_exact(cls, value, mask, prio);
	struct dp_entry *e;

	if ((fm->flags & OFPFF_CHECK_OVERLAP) &&
	    dp_table_overlaps(cls, value, mask, prio))
		return OF_E_OVERLAP;
	/* Replacing does not need room; a new entry does. */
	if (!old && cls->n_entries >= cls->max_entries)
		return OF_E_ALL_TABLES_FULL;
	e = dp_table_entry_insert(t, cls, value, mask, prio,
				  is_exact(&fm->match), fm, a, now_ms);
	if (!e)
		return OF_E_ALL_TABLES_FULL;
	/* "that entry, including its counters, must be removed": silently,
	 * no FLOW_REMOVED for a replaced entry (OVS sends none either). */
	if (old)
		dp_table_entry_remove(t, old, OFPRR_DELETE, now_ms, NULL, NULL);
	return OF_OK;
}

static void modify_one(struct dp_entry *e, const struct of_flow_mod *fm,
		       struct dp_actions *a, uint64_t now_ms)
{
	dp_table_entry_set_actions(e, a);
	if (fm->cookie != UINT64_MAX)
		e->flow.cookie = fm->cookie;
	e->flow.modified_ms = now_ms;
}

static enum of_err modify(struct dp_table *t, struct dp_cls *cls,
			  const struct dp_key *value, const struct dp_key *mask,
			  uint16_t prio, bool strict,
			  const struct of_flow_mod *fm, struct dp_actions *a,
			  uint64_t now_ms)
{
	size_t n = 0;

	if (strict) {
		struct dp_entry *e =
		    dp_table_find_exact(cls, value, mask, prio);
		if (e) {
			modify_one(e, fm, a, now_ms);
			n++;
		}
	} else {
		for (struct dp_entry *e = cls->head; e; e = e->next) {
			if (dp_table_entry_covered(e, value, mask)) {
				modify_one(e, fm, a, now_ms);
				n++;
			}
		}
	}
	/* Spec: "If a flow entry with identical header fields does not
	 * currently reside in any table, the MODIFY ... acts like an ADD". */
	if (n == 0 && fm->cookie != UINT64_MAX)
		return add(t, cls, value, mask, prio, fm, a, now_ms);
	return OF_OK;
}

static void delete (struct dp_table *t, struct dp_cls *cls,
		    const struct dp_key *value, const struct dp_key *mask,
		    uint16_t prio, bool strict, uint16_t out_port,
		    uint64_t now_ms, dp_removed_fn removed, void *ctx)
{
	if (strict) {
		struct dp_entry *e =
		    dp_table_find_exact(cls, value, mask, prio);
		if (e && dp_table_entry_outputs_to(e, out_port))
			dp_table_entry_remove(t, e, OFPRR_DELETE, now_ms,
					      removed, ctx);
		return;
	}
	for (struct dp_entry *e = cls->head, *next; e; e = next) {
		next = e->next;
		if (dp_table_entry_covered(e, value, mask) &&
		    dp_table_entry_outputs_to(e, out_port))
			dp_table_entry_remove(t, e, OFPRR_DELETE, now_ms,
					      removed, ctx);
	}
}

/* Applies one FLOW_MOD (see dp_table.h). */
enum of_err dp_table_flow_mod(struct dp_table *t, const struct of_flow_mod *fm,
			      uint64_t now_ms, dp_removed_fn removed, void *ctx)
{
	bool emerg = (fm->flags & OFPFF_EMERG) != 0;
	struct dp_cls *cls = dp_table_cls(t, emerg);
	struct dp_actions *a = NULL;
	struct dp_key value, mask;
	enum of_err err = OF_OK;
	uint16_t prio;

	switch (fm->command) {
	case OFPFC_ADD:
	case OFPFC_MODIFY:
	case OFPFC_MODIFY_STRICT:
		/* "Emergency flow mod messages must have timeout values set
		 * to zero." MODIFY may add, so it is held to the same rule. */
		if (emerg && (fm->idle_timeout || fm->hard_timeout))
			return OF_E_BAD_EMERG_TIMEOUT;
		err = of_actions_check_structure(fm->actions);
		if (err != OF_OK)
			return err;
		if (!dp_table_actions_new(fm->actions, &a))
			return OF_E_ALL_TABLES_FULL;
		break;
	case OFPFC_DELETE:
	case OFPFC_DELETE_STRICT:
		break;
	default:
		return OF_E_BAD_COMMAND;
	}

	dp_key_from_match(&fm->match, true, &value, &mask);
	/* OVS (ofputil_decode_flow_mod): "OpenFlow 1.0 says that exact-match
	 * rules have to have the highest possible priority", judged on the
	 * wire wildcards, before normalisation. */
	prio = is_exact(&fm->match) ? 0xffff : fm->priority;

	switch (fm->command) {
	case OFPFC_ADD:
		err = add(t, cls, &value, &mask, prio, fm, a, now_ms);
		break;
	case OFPFC_MODIFY:
	case OFPFC_MODIFY_STRICT:
		err = modify(t, cls, &value, &mask, prio,
			     fm->command == OFPFC_MODIFY_STRICT, fm, a, now_ms);
		break;
	default:
		delete (t, cls, &value, &mask, prio,
			fm->command == OFPFC_DELETE_STRICT, fm->out_port,
			now_ms, removed, ctx);
		break;
	}
	dp_table_actions_unref(a);
	dp_table_tidy(t);
	return err;
}

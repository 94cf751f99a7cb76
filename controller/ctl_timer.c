/* Timers of a worker: a binary min-heap of deadlines. Connections embed
 * their keepalive timer (re-armed lazily, so input costs no heap work);
 * apps' timers are allocated and may belong to a switch. */
#include <stdint.h>
#include <stdlib.h>

#include "ctl_internal.h"

static void heap_set(struct ctl_worker *w, size_t i, struct ctl_timer *t)
{
	w->heap[i] = t;
	t->heap_idx = i;
}

static void sift_up(struct ctl_worker *w, size_t i)
{
	struct ctl_timer *t = w->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (w->heap[parent]->when <= t->when)
			break;
		heap_set(w, i, w->heap[parent]);
		i = parent;
	}
	heap_set(w, i, t);
}

static void sift_down(struct ctl_worker *w, size_t i)
{
	struct ctl_timer *t = w->heap[i];

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		uint64_t mw = t->when;

		if (l < w->heap_len && w->heap[l]->when < mw) {
			m = l;
			mw = w->heap[l]->when;
		}
		if (r < w->heap_len && w->heap[r]->when < mw)
			m = r;
		if (m == i)
			break;
		heap_set(w, i, w->heap[m]);
		i = m;
	}
	heap_set(w, i, t);
}

/* Arms `t` to fire at absolute time `when` (see ctl_internal.h). The heap
 * grows by doubling; if that fails the timer stays unqueued and an error
 * is logged (the caller's connection then relies on the next re-arm). */
void ctl_timer_arm(struct ctl_worker *w, struct ctl_timer *t, uint64_t when)
{
	if (t->heap_idx != SIZE_MAX) {
		uint64_t old = t->when;

		t->when = when;
		if (when < old)
			sift_up(w, t->heap_idx);
		else
			sift_down(w, t->heap_idx);
		return;
	}
	if (w->heap_len == w->heap_cap) {
		size_t cap = w->heap_cap ? w->heap_cap * 2 : 64;
		struct ctl_timer **h = realloc(w->heap, cap * sizeof(*h));

		if (!h) {
			ctl_log(PLAT_LOG_ERR, "timer heap: out of memory");
			return;
		}
		w->heap = h;
		w->heap_cap = cap;
	}
	t->when = when;
	heap_set(w, w->heap_len++, t);
	sift_up(w, t->heap_idx);
}

/* Removes `t` from the heap if it is queued. */
void ctl_timer_disarm(struct ctl_worker *w, struct ctl_timer *t)
{
	size_t i = t->heap_idx;

	if (i == SIZE_MAX)
		return;
	t->heap_idx = SIZE_MAX;
	w->heap_len--;
	if (i == w->heap_len)
		return;
	heap_set(w, i, w->heap[w->heap_len]);
	sift_up(w, i);
	sift_down(w, w->heap[i]->heap_idx);
}

static void owner_unlink(struct ctl_timer *t)
{
	struct ctl_switch *sw = t->owner;

	if (!sw)
		return;
	if (t->prev)
		t->prev->next = t->next;
	else
		sw->timers = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->owner = NULL;
	t->prev = t->next = NULL;
}

/* Adds an app timer (see ctl.h). */
struct ctl_timer *ctl_timer_add(struct ctl_worker *w, struct ctl_switch *sw,
				uint64_t delay_ms, void (*cb)(void *arg),
				void *arg)
{
	struct ctl_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->heap_idx = SIZE_MAX;
	t->cb = cb;
	t->arg = arg;
	if (sw) {
		t->owner = sw;
		t->next = sw->timers;
		if (sw->timers)
			sw->timers->prev = t;
		sw->timers = t;
	}
	ctl_timer_arm(w, t, plat_now_ms() + delay_ms);
	if (t->heap_idx == SIZE_MAX) {
		owner_unlink(t);
		free(t);
		return NULL;
	}
	return t;
}

/* Cancels an app timer that has not fired, and frees it. */
void ctl_timer_cancel(struct ctl_worker *w, struct ctl_timer *t)
{
	if (!t)
		return;
	ctl_timer_disarm(w, t);
	owner_unlink(t);
	if (!t->embedded)
		free(t);
}

/* Cancels and frees every timer owned by sw. */
void ctl_timers_drop_owned(struct ctl_worker *w, struct ctl_switch *sw)
{
	while (sw->timers)
		ctl_timer_cancel(w, sw->timers);
}

/* Milliseconds until the next timer (see ctl_plat.h). */
uint64_t ctl_worker_next_timeout(struct ctl_worker *w)
{
	uint64_t now;

	if (!w->heap_len)
		return UINT64_MAX;
	now = plat_now_ms();
	return w->heap[0]->when <= now ? 0 : w->heap[0]->when - now;
}

/* Fires every due timer (see ctl_plat.h). A timer armed by a callback for
 * a time already past fires in the next call, so a loop of re-arming
 * callbacks cannot starve the platform. */
void ctl_worker_run(struct ctl_worker *w)
{
	uint64_t now = plat_now_ms();
	size_t budget = w->heap_len;

	while (w->heap_len && w->heap[0]->when <= now && budget--) {
		struct ctl_timer *t = w->heap[0];

		ctl_timer_disarm(w, t);
		if (t->embedded) {
			t->cb(t->arg);
		} else {
			void (*cb)(void *) = t->cb;
			void *arg = t->arg;

			owner_unlink(t);
			free(t);
			cb(arg);
		}
	}
}

/* Internal to controller/: the structures behind the opaque handles of
 * ctl.h and ctl_plat.h, shared by the core's files (ctl_core.c: controller,
 * apps, registry; ctl_conn.c: one connection's protocol; ctl_send.c:
 * encoders and tracked requests; ctl_timer.c: the timer heap). */
#ifndef CTL_INTERNAL_H
#define CTL_INTERNAL_H

#include "ctl.h"
#include "ctl_plat.h"
#include "of_framer.h"
#include "of_hello.h"

#define CTL_MAX_APPS 16
#define CTL_REG_BUCKETS 256
#define CTL_PEER_SIZE 64
/* Encode buffer: the largest message plus slack. */
#define CTL_SCRATCH_SIZE (65536 + 64)

struct ctl_app {
	const struct ctl_app_ops *ops;
	void *data;
	unsigned index;	  /* position in the chain */
	size_t state_off; /* offset of its per-switch state in the block */
};

struct ctl {
	struct ctl_config cfg;
	struct ctl_app apps[CTL_MAX_APPS];
	size_t n_apps;
	size_t state_size; /* per-switch state block of all apps */
	bool tracing;	   /* some app has a trace hook */
	bool started;	   /* a worker exists: the chain is fixed */
	/* Registry of up switches by datapath id, under plat_lock(). */
	struct ctl_switch *reg[CTL_REG_BUCKETS];
	size_t n_up;
};

struct ctl_timer {
	uint64_t when;
	size_t heap_idx; /* SIZE_MAX when not queued */
	void (*cb)(void *arg);
	void *arg;
	struct ctl_switch *owner;      /* cancelled with it, or NULL */
	struct ctl_timer *prev, *next; /* in owner's list */
	bool embedded;		       /* part of a struct, not malloc'd */
};

struct ctl_worker {
	struct ctl *ctl;
	unsigned index;
	struct ctl_stats stats;
	struct ctl_timer **heap;
	size_t heap_len, heap_cap;
	/* Rate limit of peer-error log lines. */
	struct plat_log_limit log_limit;
	size_t n_conns;
	uint8_t scratch[CTL_SCRATCH_SIZE];
};

enum ctl_conn_state {
	CTL_HELLO_WAIT,
	CTL_FEATURES_WAIT,
	CTL_UP,
	CTL_CLOSING,
};

struct ctl_pending {
	uint32_t xid;
	uint8_t type; /* request type */
	struct ctl_app *app;
	ctl_reply_cb cb;
	void *arg;
	uint64_t deadline;
};

struct ctl_switch {
	struct ctl_worker *w;
	const struct plat_chan_ops *ops;
	void *impl;
	char peer[CTL_PEER_SIZE];
	enum ctl_conn_state state;
	bool was_up;	 /* switch_up was dispatched */
	bool registered; /* ever put in the registry (by its worker) */
	struct of_framer fr;
	uint8_t *frbuf;
	struct of_xid_gen xids;
	uint32_t features_xid;

	/* Keepalive: input refreshes last_rx; one lazily re-armed timer. */
	uint64_t last_rx, probe_at, handshake_deadline;
	bool probe_sent;
	struct ctl_timer ka;

	/* From FEATURES_REPLY; ports kept current with PORT_STATUS. */
	struct of_features_reply features;
	uint8_t *features_ports; /* copy of the ports view */
	struct of_phy_port *ports;
	size_t n_ports, ports_cap;

	uint8_t *app_state; /* ctl->state_size bytes */

	struct ctl_pending *pending;
	size_t n_pending, pending_cap;

	struct ctl_timer *timers; /* switch-owned app timers */
	struct ctl_switch *reg_next;
};

/* The handle the platform sees is the switch itself. */
struct ctl_conn {
	struct ctl_switch sw;
};

/* ctl_core.c */
/* Logs a peer error (bad input) through the worker's rate limiter. */
void ctl_log_peer(struct ctl_worker *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Puts an up switch in the registry; closes an older connection with the
 * same datapath id (the newer wins). */
void ctl_registry_add(struct ctl_switch *sw);
/* Takes a closing switch out of the registry (if it is still the entry). */
void ctl_registry_remove(struct ctl_switch *sw);
/* Event dispatch along the chain. */
void ctl_dispatch_switch_up(struct ctl_switch *sw);
void ctl_dispatch_switch_down(struct ctl_switch *sw);
void ctl_dispatch_msg(struct ctl_switch *sw, const struct of_msg *m);
void ctl_dispatch_trace(struct ctl_switch *sw, bool received,
			const uint8_t *data, size_t size);
void ctl_dispatch_conn_event(struct ctl_switch *sw, const char *what);

/* ctl_conn.c */
/* Starts closing a connection with a logged reason (idempotent). */
void ctl_conn_fail(struct ctl_switch *sw, const char *reason);

/* ctl_send.c */
/* Sends bytes of whole messages, counting and tracing. */
enum of_err ctl_out(struct ctl_switch *sw, const uint8_t *data, size_t size);
/* Tracks a request's xid. Returns OF_OK or OF_E_NOSPACE (table full). */
enum of_err ctl_pending_add(struct ctl_switch *sw, uint32_t xid, uint8_t type,
			    struct ctl_app *app, ctl_reply_cb cb, void *arg);
/* Delivers a reply or error to the request with its xid, if tracked.
 * Returns true if one claimed it. */
bool ctl_pending_reply(struct ctl_switch *sw, const struct of_msg *m);
/* Fails expired requests (cb with NULL); returns the earliest remaining
 * deadline or UINT64_MAX. */
uint64_t ctl_pending_expire(struct ctl_switch *sw, uint64_t now);
/* Fails every request (switch going down). */
void ctl_pending_fail_all(struct ctl_switch *sw);

/* ctl_timer.c */
/* (Re)arms an embedded or allocated timer to fire at absolute `when`. */
void ctl_timer_arm(struct ctl_worker *w, struct ctl_timer *t, uint64_t when);
/* Removes a timer from the heap if queued (does not free). */
void ctl_timer_disarm(struct ctl_worker *w, struct ctl_timer *t);
/* Cancels and frees every timer owned by sw. */
void ctl_timers_drop_owned(struct ctl_worker *w, struct ctl_switch *sw);

#endif

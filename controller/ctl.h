/* The controller core and its app API.
 *
 * A controller (`struct ctl`) holds the configuration and a chain of apps.
 * Switches connect to workers (see ctl_plat.h); once a switch has completed
 * the handshake (HELLO, FEATURES_REPLY) the apps see it as up. Every event
 * goes to the apps in chain order; an app's handler returns CTL_STOP to keep
 * the event from the apps after it. switch_down always reaches every app.
 *
 * Threads: a switch and its per-switch app state live on one worker and are
 * only touched from it, so per-switch handlers need no locks. An app's
 * global state (ctl_app_data) is shared by all workers: apps write it only
 * in init, or protect it themselves.
 *
 * Messages handed to handlers are decoded views into the input; they are
 * valid only during the call. */
#ifndef CTL_H
#define CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_plat.h"
#include "of_msg.h"

struct ctl;
struct ctl_app;
struct ctl_app_ops;
struct ctl_switch;
struct ctl_worker;

/* ---- Configuration ----------------------------------------------------- */

struct ctl_config {
	uint16_t miss_send_len;	   /* SET_CONFIG; default 128 */
	uint32_t probe_ms;	   /* idle time before an echo probe; 5000 */
	uint32_t handshake_ms;	   /* HELLO..FEATURES_REPLY deadline; 10000 */
	uint32_t request_ms;	   /* stats/barrier reply deadline; 30000 */
	size_t max_pending;	   /* tracked requests per switch; 1024 */
	unsigned log_errors_per_s; /* peer-error log lines per second; 10 */
};

/* Fills `cfg` with the defaults above. */
void ctl_config_default(struct ctl_config *cfg);

/* Creates a controller; copies `cfg`. Returns NULL on allocation failure.
 * Free with ctl_destroy() after every worker is destroyed. */
struct ctl *ctl_create(const struct ctl_config *cfg);
void ctl_destroy(struct ctl *ctl);

/* Appends app `name` (a built-in: see ctl_app_find) to the chain, with
 * `args` ("key=value,..." or NULL). Returns OF_OK, or OF_E_INVALID with a
 * message in err[0..err_size) (unknown app, bad argument). Only before any
 * worker exists. */
enum of_err ctl_add_app(struct ctl *ctl, const char *name, const char *args,
			char *err, size_t err_size);

/* Appends an app given by its ops (an app compiled into the program; see
 * docs/controller-api.md); otherwise as ctl_add_app. `ops` must outlive
 * the controller. */
enum of_err ctl_add_app_ops(struct ctl *ctl, const struct ctl_app_ops *ops,
			    const char *args, char *err, size_t err_size);

/* Number of switches that completed the handshake and are up now, over all
 * workers. Thread-safe. */
size_t ctl_switch_count(struct ctl *ctl);

/* ---- Apps --------------------------------------------------------------- */

enum ctl_verdict { CTL_CONTINUE, CTL_STOP };

struct ctl_app_ops {
	const char *name;
	const char *summary; /* one line for --help */
	const char *usage;   /* its arguments for --help, or NULL */
	/* Bytes of per-switch state, zeroed at switch-up, freed after
	 * switch_down (ctl_switch_state). */
	size_t switch_state_size;
	/* Parses `args` (may be NULL) and sets up global state with
	 * ctl_app_set_data(). Returns OF_OK or OF_E_INVALID with a message. */
	enum of_err (*init)(struct ctl_app *app, const char *args, char *err,
			    size_t err_size);
	/* Frees global state. */
	void (*fini)(struct ctl_app *app);

	/* Events; any may be NULL. */
	enum ctl_verdict (*switch_up)(struct ctl_app *app,
				      struct ctl_switch *sw);
	void (*switch_down)(struct ctl_app *app, struct ctl_switch *sw);
	enum ctl_verdict (*packet_in)(struct ctl_app *app,
				      struct ctl_switch *sw,
				      const struct of_msg *m);
	enum ctl_verdict (*flow_removed)(struct ctl_app *app,
					 struct ctl_switch *sw,
					 const struct of_msg *m);
	enum ctl_verdict (*port_status)(struct ctl_app *app,
					struct ctl_switch *sw,
					const struct of_msg *m);
	/* An OFPT_ERROR from the switch that no tracked request claimed
	 * (e.g. a failed flow-mod: m->h.xid is the flow-mod's xid). */
	enum ctl_verdict (*error)(struct ctl_app *app, struct ctl_switch *sw,
				  const struct of_msg *m);
	/* The reply (STATS_REPLY part, BARRIER_REPLY, any other reply or an
	 * OFPT_ERROR) to a request this app sent with no callback; m is NULL
	 * when the request timed out or the switch went down first. */
	enum ctl_verdict (*reply)(struct ctl_app *app, struct ctl_switch *sw,
				  const struct of_msg *m);

	/* Tracing, for apps like monitor: every message received (decoded,
	 * with its verdict; raw bytes in data[0..size)) and every message
	 * sent, on every connection, before the handshake too (sw is then
	 * NULL, `peer` names the connection). Slow path: set only if
	 * needed. */
	void (*trace)(struct ctl_app *app, struct ctl_switch *sw,
		      const char *peer, bool received, const uint8_t *data,
		      size_t size);
	/* A connection failed before becoming a switch, or a switch's
	 * connection is being dropped, with the reason (for logging apps). */
	void (*conn_event)(struct ctl_app *app, struct ctl_switch *sw,
			   const char *peer, const char *what);
};

/* The built-in app called `name`, or NULL. */
const struct ctl_app_ops *ctl_app_find(const char *name);
/* The built-in apps, NULL-terminated (for --help). */
extern const struct ctl_app_ops *const ctl_builtin_apps[];

/* Global state of an app (set in init). */
void *ctl_app_data(const struct ctl_app *app);
void ctl_app_set_data(struct ctl_app *app, void *data);
const char *ctl_app_name(const struct ctl_app *app);

/* Splits app arguments "key=value,key,...": copies the next key and value
 * (empty if none) into the buffers and advances *args. Returns false at the
 * end, or when a key or value does not fit (then *args points at it). */
bool ctl_args_next(const char **args, char *key, size_t key_size, char *val,
		   size_t val_size);
/* Parses a decimal number 0..max. Returns false if `s` is not one. */
bool ctl_parse_uint(const char *s, unsigned long max, unsigned long *out);

/* ---- Switches ------------------------------------------------------------ */

/* This app's per-switch state (switch_state_size bytes, zeroed at
 * switch-up), or NULL if it asked for none. */
void *ctl_switch_state(struct ctl_switch *sw, const struct ctl_app *app);

uint64_t ctl_switch_dpid(const struct ctl_switch *sw);
/* "tcp:IP:PORT" or "ssl:IP:PORT" of the connection. */
const char *ctl_switch_peer(const struct ctl_switch *sw);
/* The FEATURES_REPLY as received (ports view valid while the switch is
 * up; PORT_STATUS does not update it: see ctl_switch_port). */
const struct of_features_reply *
ctl_switch_features(const struct ctl_switch *sw);
/* The current description of port `port_no` (from the features reply and
 * every PORT_STATUS since), or NULL if the switch has no such port. */
const struct of_phy_port *ctl_switch_port(const struct ctl_switch *sw,
					  uint16_t port_no);
/* Ports known now: fills up to `max` into out, returns the total count. */
size_t ctl_switch_ports(const struct ctl_switch *sw,
			const struct of_phy_port **out, size_t max);
struct ctl_worker *ctl_switch_worker(const struct ctl_switch *sw);

/* ---- Sending ------------------------------------------------------------- */

/* Every send function below returns OF_OK, OF_E_NOSPACE (the switch's
 * output queue is full: the message is dropped and counted) or OF_E_INVALID
 * (the message cannot be encoded). The xid of a message is taken from the
 * switch's xid generator when it is 0. */

/* Sends any message (m->h.xid 0: a new one). `*xid` (may be NULL) gets the
 * xid used. */
enum of_err ctl_send(struct ctl_switch *sw, const struct of_msg *m,
		     uint32_t *xid);
/* Sends bytes that already form whole messages (not checked). */
enum of_err ctl_send_raw(struct ctl_switch *sw, const void *data, size_t size);
/* FLOW_MOD. */
enum of_err ctl_flow_mod(struct ctl_switch *sw, const struct of_flow_mod *fm);
/* PACKET_OUT: a buffered packet (buffer_id != OFP_NO_BUFFER, data empty) or
 * the packet itself. */
enum of_err ctl_packet_out(struct ctl_switch *sw, uint32_t buffer_id,
			   uint16_t in_port, struct of_bytes actions,
			   struct of_bytes data);

/* Called with each part of the reply to a tracked request (a STATS_REPLY
 * part: more parts follow while OFPSF_REPLY_MORE is set; a BARRIER_REPLY;
 * or the OFPT_ERROR the switch answered with), then not again. When the
 * request times out or the switch goes down first, it is called once with
 * m == NULL. */
typedef void (*ctl_reply_cb)(struct ctl_switch *sw, const struct of_msg *m,
			     void *arg);

/* Sends a STATS_REQUEST and tracks its xid. With cb NULL the replies go to
 * the sending app's `reply` handler (app may then not be NULL).
 * OF_E_NOSPACE also when max_pending requests are outstanding. */
enum of_err ctl_stats_request(struct ctl_switch *sw, struct ctl_app *app,
			      const struct of_stats_request *req,
			      ctl_reply_cb cb, void *arg);
/* Sends any request whose answer carries its xid (e.g. a
 * QUEUE_GET_CONFIG_REQUEST or FEATURES_REQUEST) and tracks it like a stats
 * request: the reply (or OFPT_ERROR) goes to cb or the app's reply
 * handler. */
enum of_err ctl_request(struct ctl_switch *sw, struct ctl_app *app,
			const struct of_msg *req, ctl_reply_cb cb, void *arg);
/* Sends a BARRIER_REQUEST; cb (or the app's reply handler) runs when the
 * BARRIER_REPLY arrives, i.e. after the switch has done everything sent
 * before it. */
enum of_err ctl_barrier(struct ctl_switch *sw, struct ctl_app *app,
			ctl_reply_cb cb, void *arg);

/* ---- Timers -------------------------------------------------------------- */

struct ctl_timer;

/* Calls cb(arg) once, `delay_ms` from now, on worker `w`. With `sw` given,
 * the timer belongs to the switch and is cancelled when it goes down.
 * Returns the timer (valid until it fires or is cancelled) or NULL on
 * allocation failure. */
struct ctl_timer *ctl_timer_add(struct ctl_worker *w, struct ctl_switch *sw,
				uint64_t delay_ms, void (*cb)(void *arg),
				void *arg);
/* Cancels a timer that has not fired. */
void ctl_timer_cancel(struct ctl_worker *w, struct ctl_timer *t);

/* ---- Logging ------------------------------------------------------------- */

/* Logs a line through the platform; apps use these. */
void ctl_log(enum plat_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counters of one worker (for tests and --stats). */
struct ctl_stats {
	uint64_t msgs_in, msgs_out;
	uint64_t packet_ins, flow_mods, packet_outs;
	uint64_t errors_sent; /* OFPT_ERRORs we answered bad input with */
	uint64_t errors_rcvd;
	uint64_t dropped_out; /* sends refused at the output cap */
	uint64_t early_drops; /* switch messages before switch-up */
	uint64_t switches_up, switches_down;
	uint64_t probe_timeouts, handshake_timeouts;
};
const struct ctl_stats *ctl_worker_stats(const struct ctl_worker *w);

#endif

/* The platform singletons and the channel contract that both cores (the
 * controller's and the switch's) are written against. unix/ and xen/
 * implement them; the cores never include a platform header.
 *
 * Singletons (the clock, the log, file reading) are chosen at link time;
 * channels are a struct of function pointers plus an opaque pointer,
 * because several kinds (TCP, TLS, netstack) exist side by side. */
#ifndef PLAT_H
#define PLAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "of_err.h"

/* Monotonic clock in milliseconds (any origin). */
uint64_t plat_now_ms(void);

enum plat_log_level {
	PLAT_LOG_ERR,
	PLAT_LOG_WARN,
	PLAT_LOG_INFO,
	PLAT_LOG_DEBUG,
};

/* True if messages at `level` are printed (lets callers skip formatting). */
bool plat_log_enabled(enum plat_log_level level);

/* Prints one log line (no trailing newline in fmt). Thread-safe. */
void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* A budget of warning lines per second, for lines about misbehaving peers
 * (zero-initialised). */
struct plat_log_limit {
	uint64_t second;
	unsigned tokens;
	uint64_t suppressed;
};

/* Logs one warning through `rl` at most `per_s` times a second; the next
 * line that gets through says how many were suppressed. */
static inline void plat_vlog_limited(struct plat_log_limit *rl, unsigned per_s,
				     const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static inline void plat_log_line(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static inline void plat_log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plat_vlog(PLAT_LOG_WARN, fmt, ap);
	va_end(ap);
}

static inline void plat_vlog_limited(struct plat_log_limit *rl, unsigned per_s,
				     const char *fmt, va_list ap)
{
	uint64_t sec = plat_now_ms() / 1000;
	char line[512];

	if (sec != rl->second) {
		rl->second = sec;
		rl->tokens = per_s;
	}
	if (!rl->tokens) {
		rl->suppressed++;
		return;
	}
	rl->tokens--;
	if (!plat_log_enabled(PLAT_LOG_WARN))
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (rl->suppressed) {
		plat_log_line("%s (%llu similar lines suppressed)", line,
			      (unsigned long long)rl->suppressed);
		rl->suppressed = 0;
	} else {
		plat_log_line("%s", line);
	}
}

/* Reads the whole file `path` into buf[0..size) (configuration files) and
 * stores its size in *len. Returns 0, -ENOENT and the like, or -EFBIG if it
 * does not fit. Platforms without files return -ENOSYS. */
int plat_read_file(const char *path, char *buf, size_t size, size_t *len);

/* An OpenFlow connection (to a switch, or to a controller or management
 * tool), as the platform provides it. */
struct plat_chan_ops {
	/* Queues `size` bytes for sending, in order. The platform buffers
	 * them and writes when its loop runs (batching), so the core may call
	 * this for every message. Returns OF_OK, or OF_E_NOSPACE if the
	 * channel's output cap is reached (the bytes are dropped; the core
	 * counts it). Only on the channel's thread. */
	enum of_err (*send)(void *impl, const void *data, size_t size);
	/* Bytes queued and not yet written. Only on the channel's thread. */
	size_t (*queued)(void *impl);
	/* Asks for the channel to be closed after what is queued has been
	 * written (bounded in time). Thread-safe and asynchronous: it never
	 * calls back into the core from inside this call; the platform later
	 * tells the core the channel is gone (ctl_conn_closed,
	 * sw_conn_closed) on the channel's thread. May be called more than
	 * once. Must not take plat_lock() (the controller core may call it
	 * while holding that lock). */
	void (*close)(void *impl);
};

#endif

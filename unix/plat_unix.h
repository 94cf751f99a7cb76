/* The Unix singletons of both daemons (plat.h), and the controller's
 * registry lock (ctl_plat.h): the monotonic clock, the log (stderr, one
 * line per call, with a wall-clock timestamp, the level and the thread's
 * tag), the lock and file reading. This header adds what only unix/
 * uses: the log level and tag settings and a printf-style log call. */
#ifndef PLAT_UNIX_H
#define PLAT_UNIX_H

#include <stdbool.h>

#include "plat.h"

/* Sets the most verbose level that is printed (default PLAT_LOG_INFO).
 * Call before starting threads. */
void ux_log_set_level(enum plat_log_level level);

/* Parses a level name ("err", "warn", "info", "debug"). Returns false if
 * `name` is none of them. */
bool ux_log_level_parse(const char *name, enum plat_log_level *level);

/* Names the calling thread in its log lines ("main", "w3"; at most 15
 * characters are kept). */
void ux_log_set_tag(const char *tag);

/* Logs one line (no trailing newline in fmt). Thread-safe. */
void ux_log(enum plat_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

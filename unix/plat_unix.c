/* The Unix singletons of plat.h and ctl_plat.h: clock, log, lock, file
 * reading. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ctl_plat.h"
#include "plat_unix.h"

#define LOG_LINE_SIZE 2048
#define TAG_SIZE 16

static enum plat_log_level log_level = PLAT_LOG_INFO;
static _Thread_local char log_tag[TAG_SIZE];
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {
    [PLAT_LOG_ERR] = "err",
    [PLAT_LOG_WARN] = "warn",
    [PLAT_LOG_INFO] = "info",
    [PLAT_LOG_DEBUG] = "debug",
};

/* Milliseconds of CLOCK_MONOTONIC (see ctl_plat.h). */
uint64_t plat_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* True if `level` is at or above the configured verbosity. */
bool plat_log_enabled(enum plat_log_level level)
{
	return level <= log_level;
}

/* Sets the verbosity (see plat_unix.h). */
void ux_log_set_level(enum plat_log_level level)
{
	log_level = level;
}

/* Parses a level name (see plat_unix.h). */
bool ux_log_level_parse(const char *name, enum plat_log_level *level)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]);
	     i++) {
		if (!strcmp(name, level_names[i])) {
			*level = (enum plat_log_level)i;
			return true;
		}
	}
	return false;
}

/* Sets the calling thread's tag (see plat_unix.h). */
void ux_log_set_tag(const char *tag)
{
	snprintf(log_tag, sizeof(log_tag), "%s", tag);
}

/* Formats "2024-05-01T12:00:00.123Z info  [w0] text\n" and writes it with
 * one write(2), so lines of different threads never interleave. */
void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_SIZE];
	struct timeval tv;
	struct tm tm;
	size_t n;
	int r;

	if (!plat_log_enabled(level))
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	r = snprintf(line + n, sizeof(line) - n, ".%03dZ %-5s [%s] ",
		     (int)(tv.tv_usec / 1000),
		     (unsigned)level < 4 ? level_names[level] : "?",
		     log_tag[0] ? log_tag : "-");
	if (r > 0)
		n += (size_t)r < sizeof(line) - n ? (size_t)r
						  : sizeof(line) - n - 1;
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (r > 0)
		n += (size_t)r < sizeof(line) - n ? (size_t)r
						  : sizeof(line) - n - 1;
	/* A truncated line still ends with a newline. */
	if (n >= sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	for (size_t off = 0; off < n;) {
		ssize_t w = write(STDERR_FILENO, line + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

/* printf-style wrapper of plat_vlog (see plat_unix.h). */
void ux_log(enum plat_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!plat_log_enabled(level))
		return;
	va_start(ap, fmt);
	plat_vlog(level, fmt, ap);
	va_end(ap);
}

/* The registry lock (see ctl_plat.h). */
void plat_lock(void)
{
	pthread_mutex_lock(&registry_lock);
}

void plat_unlock(void)
{
	pthread_mutex_unlock(&registry_lock);
}

/* Reads a whole file (see ctl_plat.h). Reads one byte past `size` to tell
 * "fits exactly" from "too big". */
int plat_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	size_t got = 0;
	char extra;
	int fd, err = 0;

	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r;

		if (got < size)
			r = read(fd, buf + got, size - got);
		else
			r = read(fd, &extra, 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		if (got == size) {
			err = -EFBIG;
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	if (!err)
		*len = got;
	return err;
}

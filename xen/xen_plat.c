/* The platform singletons of include/plat.h and controller/ctl_plat.h for
 * the images: the Xen clock, the console as the log, no files, and no
 * lock (one thread). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "ctl_plat.h"
#include "plat.h"
#include "xen_console.h"
#include "xen_plat.h"
#include "xen_time.h"

static enum plat_log_level max_level = PLAT_LOG_INFO;

void xen_plat_set_log_level(enum plat_log_level level)
{
	max_level = level;
}

uint64_t plat_now_ms(void)
{
	return xen_time_ms();
}

bool plat_log_enabled(enum plat_log_level level)
{
	return level <= max_level;
}

void plat_vlog(enum plat_log_level level, const char *fmt, va_list ap)
{
	static const char *const names[] = {"err", "warn", "info", "debug"};
	char line[512];
	uint64_t ms = xen_time_ms();
	int n;

	if (!plat_log_enabled(level))
		return;
	n = snprintf(line, sizeof(line), "%llu.%03llu %-5s ",
		     (unsigned long long)(ms / 1000),
		     (unsigned long long)(ms % 1000),
		     (unsigned)level < 4 ? names[level] : "?");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	xen_printf("%s\n", line);
}

int plat_read_file(const char *path, char *buf, size_t size, size_t *len)
{
	(void)path;
	(void)buf;
	(void)size;
	*len = 0;
	return -ENOSYS; /* no file system in the images */
}

void plat_lock(void)
{
}

void plat_unlock(void)
{
}

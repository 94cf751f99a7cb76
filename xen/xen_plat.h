/* The images' implementation of the platform singletons (plat_now_ms,
 * plat_vlog, ... in xen_plat.c). */
#ifndef XEN_PLAT_H
#define XEN_PLAT_H

#include "plat.h"

/* Log lines above `level` are not printed (default info). */
void xen_plat_set_log_level(enum plat_log_level level);

#endif

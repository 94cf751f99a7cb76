/* The table of apps `--app NAME` can name: the built-in ones. Alone in
 * this file (one object in libctl.a) so that a build with more apps, such
 * as a tutorial lab's controller, links a table of its own instead and the
 * archive's is never pulled in. */
#include <stddef.h>

#include "ctl_apps.h"

const struct ctl_app_ops *const ctl_builtin_apps[] = {
    &ctl_app_hub, &ctl_app_learning, &ctl_app_static, &ctl_app_monitor, NULL,
};

/* The app table of a tutorial lab's of-controller: the built-in apps plus
 * the one being written (tutorial_app). Linked before libctl.a, so the
 * archive's own table (controller/ctl_apps.c) is never pulled in; see
 * examples/tutorial/tutorial.mk. */
#include <stddef.h>

#include "ctl_apps.h"
#include "tutorial.h"

const struct ctl_app_ops *const ctl_builtin_apps[] = {
    &ctl_app_hub,     &ctl_app_learning, &ctl_app_static,
    &ctl_app_monitor, &tutorial_app,	 NULL,
};

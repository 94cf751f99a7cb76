/* What a tutorial app (examples/tutorial/N-NAME/starter.c or solution.c)
 * includes: the app API (ctl.h) and the OpenFlow helpers the exercises
 * use. Each exercise's app defines `tutorial_app`; app_table.c adds it to
 * the apps `--app NAME` can name, next to the built-in ones. */
#ifndef TUTORIAL_H
#define TUTORIAL_H

#include "ctl.h"
#include "of_action.h"
#include "of_pkt.h"
#include "ofbuf.h"
#include "plat.h"

/* The participant's app: `--app my-hub`, `--app my-learning` or
 * `--app my-firewall` in the exercise's of-controller. */
extern const struct ctl_app_ops tutorial_app;

#endif

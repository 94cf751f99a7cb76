/* The built-in apps (app_*.c). Each is a `struct ctl_app_ops` written
 * against ctl.h only, exactly as an external app would be. */
#ifndef CTL_APPS_H
#define CTL_APPS_H

#include "ctl.h"

extern const struct ctl_app_ops ctl_app_hub;
extern const struct ctl_app_ops ctl_app_learning;
extern const struct ctl_app_ops ctl_app_static;
extern const struct ctl_app_ops ctl_app_monitor;

/* Floods a packet-in's packet out of every port but its own (a buffered
 * packet by id, else its data). Shared by hub and learning. */
enum of_err ctl_flood_packet(struct ctl_switch *sw,
			     const struct of_packet_in *pi);

#endif

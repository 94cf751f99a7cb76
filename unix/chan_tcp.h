/* The plain TCP transport of channels (see chan.h). */
#ifndef UX_CHAN_TCP_H
#define UX_CHAN_TCP_H

#include "chan.h"

extern const struct ux_transport ux_tcp_transport;

#endif

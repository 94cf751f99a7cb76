/* A stand-in for the switch core behind sw_plat.h's port entry points,
 * for port_harness: a two-port wire (every frame received on port 1 is
 * transmitted on port 2 and back), checking and counting what the port
 * code hands it. Port additions, updates and removals are printed on
 * stdout as they happen, one line each. */
#ifndef PORT_FAKE_CORE_H
#define PORT_FAKE_CORE_H

#include <stdio.h>

struct sw;

/* Creates the fake switch (exits on allocation failure). Free with
 * fake_sw_free. */
struct sw *fake_sw_new(void);

/* Prints every counter, one "name value" line each, ports first. */
void fake_sw_print(const struct sw *sw, FILE *f);

/* Frames transmitted so far on both ports. */
unsigned long long fake_sw_forwarded(const struct sw *sw);

/* Frees the fake switch (ports must have been removed). */
void fake_sw_free(struct sw *sw);

#endif

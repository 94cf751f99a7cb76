/* The I/O side of of-bench: TCP connections of the emulated switches to the
 * controller, driven by one epoll loop in one thread. Each round reads each
 * readable socket once (one large recv into a shared buffer, framed in place
 * by the switch) and writes each switch's pending output with one send. */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bench_switch.h"

#define BENCH_MAX_ADDRS 8

struct bench_run {
	int ep; /* epoll fd */
	struct bench_switch *sw;
	size_t n;
	/* Where the controller is: every address getaddrinfo() gave, tried
	 * in order; `good` is the first that accepted a connection. */
	struct sockaddr_storage addrs[BENCH_MAX_ADDRS];
	socklen_t addr_lens[BENCH_MAX_ADDRS];
	unsigned *addr_idx; /* per switch: the address being tried */
	size_t n_addrs, good;
	char target[300]; /* "HOST:PORT", for messages */
	/* Connecting in groups (cbench's -i / -I). */
	size_t next_to_connect;
	uint64_t next_connect_at, connect_delay_ns;
	unsigned group_size;
	bool nodelay;	    /* TCP_NODELAY (latency mode) */
	uint64_t next_tick; /* timers of every switch run every 10 ms */
	uint8_t *rbuf;
	void *events; /* struct epoll_event[n] */
};

/* Monotonic clock in nanoseconds. */
uint64_t bench_now(void);

/* Resolves HOST and PORT and prepares to connect the `n` switches of `sw`
 * (already initialized; `sw` stays owned by the caller). Connections are
 * opened by bench_run_step(), group_size at a time, connect_delay_ns apart.
 * Returns 0, or -1 with a message in err[0..err_size). */
int bench_run_init(struct bench_run *r, const char *host, const char *port,
		   struct bench_switch *sw, size_t n, uint64_t connect_delay_ns,
		   unsigned group_size, bool nodelay, char *err,
		   size_t err_size);

/* Closes every connection and frees what bench_run_init() allocated. */
void bench_run_fini(struct bench_run *r);

/* Runs one round of the event loop, waiting at most until `until`
 * (monotonic ns): connects due switches, reads, hands bytes to the
 * switches, runs their timers and writes their output. Switches that fail
 * or are lost are reported on stderr and closed. */
void bench_run_step(struct bench_run *r, uint64_t until);

/* Runs every switch's timers and writes its output now (e.g. right after
 * switches were made active). */
void bench_run_kick(struct bench_run *r);

/* True once every switch has been given a connection attempt. */
bool bench_run_all_started(const struct bench_run *r);

/* Number of switches in state `s`. */
size_t bench_run_count(const struct bench_run *r, enum bench_state s);

#endif

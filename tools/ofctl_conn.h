/* of-ctl's connection to one switch: stream sockets (tcp:, unix:), the HELLO
 * exchange, framed receive with a timeout, message tracing, and the
 * transaction patterns ovs-ofctl uses (request/reply, stats with REPLY_MORE,
 * request followed by a barrier). Fatal problems print a message on stderr
 * and exit with status 1, as ovs-ofctl does. */
#ifndef OFCTL_CONN_H
#define OFCTL_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "of_framer.h"
#include "of_msg.h"

/* Largest OpenFlow message plus slack. */
#define OFCTL_MSG_MAX 65536

struct ofctl_conn {
	int fd;
	char name[256]; /* the target as given, for messages */
	struct of_framer fr;
	uint8_t fbuf[OFCTL_MSG_MAX];
	uint8_t in[OFCTL_MSG_MAX]; /* bytes read, not yet framed */
	size_t in_off, in_len;
	uint8_t msg[OFCTL_MSG_MAX]; /* the last message received */
	size_t msg_size;
	bool show_echo; /* ofctl_recv() also returns ECHO_REQUESTs */
	/* ofctl_recv() returns ECHO_REQUESTs without answering them (snoop:
	 * they are copies of what a controller was sent) */
	bool listen_only;
};

/* Global options shared by every connection. */
struct ofctl_opts {
	bool trace;	/* print every message sent and received on stderr */
	int timeout_ms; /* wait for a reply at most this long; <= 0: forever */
	size_t max_total; /* cap on the bytes of replies to one request */
};

extern struct ofctl_opts ofctl_opts;

/* Prints "of-ctl: MESSAGE" on stderr and exits with status 1. */
void ofctl_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

/* Returns the next transaction id (one counter for the whole process, as in
 * ovs-ofctl, so a command's second connection continues the sequence). */
uint32_t ofctl_xid(void);

/* Allocates a connection to `target` ("tcp:IP[:PORT]", "unix:PATH" or a
 * bridge name meaning unix:$OVS_RUNDIR/NAME.mgmt), sends HELLO, waits for
 * the switch's HELLO and checks that both speak OpenFlow 1.0. Exits on any
 * failure. The caller frees the result with ofctl_close(). */
struct ofctl_conn *ofctl_open(const char *target);

/* ofctl_open(), where a bridge name means unix:$OVS_RUNDIR/NAME.KIND
 * ("mgmt", or "snoop" for the socket that mirrors the bridge's controller
 * connections). */
struct ofctl_conn *ofctl_open_socket(const char *target, const char *kind);

/* Closes and frees `c` (NULL is a no-op). */
void ofctl_close(struct ofctl_conn *c);

/* Encodes `m` and sends it; exits on failure. */
void ofctl_send(struct ofctl_conn *c, const struct of_msg *m);

/* Sends `size` encoded bytes; exits on failure. */
void ofctl_send_raw(struct ofctl_conn *c, const uint8_t *buf, size_t size);

/* Receives one whole message into c->msg and decodes it into *m (views
 * into c->msg, valid until the next receive). Answers the switch's
 * ECHO_REQUESTs itself and keeps waiting. timeout_ms <= 0 waits forever.
 * Returns true, or false on timeout; exits on end of stream or error. */
bool ofctl_recv(struct ofctl_conn *c, struct of_msg *m, int timeout_ms);

/* Like ofctl_recv() with the global timeout, exiting when it expires. */
void ofctl_recv_or_die(struct ofctl_conn *c, struct of_msg *m);

/* Sends `req` and waits for the message with its xid (others are ignored,
 * as vconn_transact does); the reply is left in *reply. */
void ofctl_transact(struct ofctl_conn *c, const struct of_msg *req,
		    struct of_msg *reply);

/* Sends `req`, then a BARRIER_REQUEST, and waits for the barrier reply.
 * Returns true if a message with the request's xid (an OFPT_ERROR) came
 * before it; it is then left in *reply. */
bool ofctl_transact_noreply(struct ofctl_conn *c, const struct of_msg *req,
			    struct of_msg *reply);

/* Sends the stats request `req` and prints each reply with the request's
 * xid in ofp-print format on stdout, until one without REPLY_MORE or an
 * OFPT_ERROR; exits on any other reply. */
void ofctl_dump_transaction(struct ofctl_conn *c, const struct of_msg *req);

/* Prints `m` as ovs-ofctl ofp-print does, with a final newline, on `out`. */
void ofctl_print(FILE *out, const struct of_msg *m);

#endif

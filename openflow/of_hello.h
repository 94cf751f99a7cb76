/* Version negotiation (HELLO, HELLO_FAILED) and transaction ids. */
#ifndef OF_HELLO_H
#define OF_HELLO_H

#include <stddef.h>
#include <stdint.h>

#include "of_msg.h"

/* Decides whether a peer's HELLO (any version, with or without the
 * OpenFlow 1.3.1+ version-bitmap element) lets both sides speak 1.0.
 * Returns OF_OK or OF_E_HELLO_INCOMPATIBLE. */
enum of_err of_hello_negotiate(const struct of_msg *hello);

/* Encodes the HELLO_FAILED/INCOMPATIBLE error answering `hello`, in the
 * peer's version (as Open vSwitch does) and with its xid, with the
 * explanation OVS uses ("We support version 0x01, you support version 0x04,
 * no common versions.") as data. Returns OF_OK or OF_E_NOSPACE. */
enum of_err of_hello_failed_encode(const struct of_msg *hello, uint8_t *buf,
				   size_t size, size_t *len);

/* Encodes an OFPT_ERROR answering the request `req` (req_size bytes, as
 * received) with protocol error `e`: type, code, the request's xid, and
 * its first 64 bytes as data; always in version 1. Returns OF_OK, OF_E_NOSPACE, or
 * OF_E_INVALID if `e` is not a protocol error. */
enum of_err of_error_reply_encode(enum of_err e, const uint8_t *req,
				  size_t req_size, uint8_t *buf, size_t size,
				  size_t *len);

/* Allocator of transaction ids: increasing, never 0, wraps. */
struct of_xid_gen {
	uint32_t last;
};

/* Returns the next xid. */
uint32_t of_xid_next(struct of_xid_gen *g);

#endif

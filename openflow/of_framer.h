/* A sans-I/O stream framer: bytes from a stream in, whole OpenFlow messages
 * out. The caller owns the buffer; a length field below 8 or above the
 * configured maximum is rejected from the header alone, before any of the
 * message is buffered. Messages that lie wholly in the input are handed out
 * as views of it, without copying. */
#ifndef OF_FRAMER_H
#define OF_FRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "of_err.h"

struct of_framer {
	uint8_t *buf;	/* caller storage of at least max_len bytes */
	size_t max_len; /* largest accepted message, 8..65535 */
	size_t have;	/* bytes of a partial message in buf */
	size_t discard; /* bytes of an oversized message still to skip */
	bool broken;	/* a length below 8 was seen: stream lost */
};

/* Sets up a framer over buf[0..size); max_len is min(size, 65535) and must be
 * at least 8 (returns OF_E_INVALID otherwise). */
enum of_err of_framer_init(struct of_framer *f, uint8_t *buf, size_t size);

/* Consumes input from data[0..size), storing the count in *used (which may be
 * less than size: call again with the rest). Returns:
 * - OF_OK with *msg and *msg_len set when a whole message is ready (valid until
 *   the next call and while `data` is), or *msg = NULL when all input was
 *   consumed without completing one;
 * - OF_E_TOO_LONG when a header announces more than max_len: *msg points at
 *   the 8-byte header (so the caller can answer with the xid) and the body
 *   will be skipped; framing continues after it;
 * - OF_E_TOO_SHORT when a header announces fewer than 8 bytes: the stream
 *   cannot be framed any more; every later call returns this too. */
enum of_err of_framer_input(struct of_framer *f, const uint8_t *data,
			    size_t size, size_t *used, const uint8_t **msg,
			    size_t *msg_len);

/* True if a partial message (or an oversized one being skipped) is pending. */
bool of_framer_pending(const struct of_framer *f);

#endif

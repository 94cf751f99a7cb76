#include "of_framer.h"

#include <string.h>

#include "ofp.h"

enum of_err of_framer_init(struct of_framer *f, uint8_t *buf, size_t size)
{
	memset(f, 0, sizeof *f);
	if (!buf || size < OFP_HEADER_LEN)
		return OF_E_INVALID;
	f->buf = buf;
	f->max_len = size < 65535 ? size : 65535;
	return OF_OK;
}

bool of_framer_pending(const struct of_framer *f)
{
	return f->have > 0 || f->discard > 0;
}

static size_t header_len(const uint8_t *h)
{
	return (size_t)h[2] << 8 | h[3];
}

/* Looks at a complete header: returns OF_OK if the message may be framed. */
static enum of_err check_header(struct of_framer *f, const uint8_t *h)
{
	size_t len = header_len(h);

	if (len < OFP_HEADER_LEN) {
		f->broken = true;
		return OF_E_TOO_SHORT;
	}
	if (len > f->max_len)
		return OF_E_TOO_LONG;
	return OF_OK;
}

enum of_err of_framer_input(struct of_framer *f, const uint8_t *data,
			    size_t size, size_t *used, const uint8_t **msg,
			    size_t *msg_len)
{
	size_t len, take;
	enum of_err e;

	*used = 0;
	*msg = NULL;
	*msg_len = 0;
	if (f->broken)
		return OF_E_TOO_SHORT;
	if (!data)
		size = 0;

	if (f->discard) {
		take = size < f->discard ? size : f->discard;
		f->discard -= take;
		*used = take;
		return OF_OK;
	}

	/* Fast path: a whole message at the front of the input, nothing
	 * buffered. */
	if (f->have == 0 && size >= OFP_HEADER_LEN) {
		e = check_header(f, data);
		len = header_len(data);
		if (e == OF_E_TOO_LONG) {
			f->discard = len - OFP_HEADER_LEN;
			*used = OFP_HEADER_LEN;
			*msg = data;
			*msg_len = OFP_HEADER_LEN;
			return e;
		}
		if (e != OF_OK)
			return e;
		if (len <= size) {
			*used = len;
			*msg = data;
			*msg_len = len;
			return OF_OK;
		}
	}

	/* Slow path: accumulate the header, then the body. */
	if (f->have < OFP_HEADER_LEN) {
		take = OFP_HEADER_LEN - f->have;
		if (take > size)
			take = size;
		memcpy(f->buf + f->have, data, take);
		f->have += take;
		*used = take;
		if (f->have < OFP_HEADER_LEN)
			return OF_OK;
		e = check_header(f, f->buf);
		if (e == OF_E_TOO_LONG) {
			f->discard = header_len(f->buf) - OFP_HEADER_LEN;
			f->have = 0;
			*msg = f->buf;
			*msg_len = OFP_HEADER_LEN;
			return e;
		}
		if (e != OF_OK)
			return e;
		data += take;
		size -= take;
	}
	len = header_len(f->buf);
	take = len - f->have;
	if (take > size)
		take = size;
	if (take)
		memcpy(f->buf + f->have, data, take);
	f->have += take;
	*used += take;
	if (f->have == len) {
		f->have = 0;
		*msg = f->buf;
		*msg_len = len;
	}
	return OF_OK;
}

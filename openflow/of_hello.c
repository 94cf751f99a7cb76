#include "of_hello.h"

#include <stdio.h>
#include <string.h>

#include "ofbuf.h"

/* OpenFlow 1.3.1+ HELLO element carrying a bitmap of supported versions. */
#define OFPHET_VERSIONBITMAP 1

/* Looks for a version bitmap element in a HELLO body. Returns true and sets
 * *has_v1 if one is present. Malformed elements end the search. */
static bool bitmap_says(struct of_bytes body, bool *has_v1)
{
	struct of_rbuf r = of_rbuf_make(body.p, body.size);

	while (r.left >= 4) {
		uint16_t type = of_get16(&r);
		uint16_t len = of_get16(&r);
		size_t padded;

		if (len < 4 || len - 4u > r.left)
			return false;
		if (type == OFPHET_VERSIONBITMAP && len >= 8) {
			uint32_t word0 = of_get32(&r);
			*has_v1 = (word0 >> OFP_VERSION) & 1;
			return true;
		}
		/* Elements are padded to a multiple of 8 bytes. */
		padded = ((size_t)len + 7) / 8 * 8 - 4;
		of_skip(&r, padded <= r.left ? padded : r.left);
	}
	return false;
}

enum of_err of_hello_negotiate(const struct of_msg *hello)
{
	bool has_v1;

	if (hello->h.type != OFPT_HELLO)
		return OF_E_HELLO_INCOMPATIBLE;
	if (hello->h.version >= OFP_VERSION && !hello->raw &&
	    bitmap_says(hello->u.hello, &has_v1))
		return has_v1 ? OF_OK : OF_E_HELLO_INCOMPATIBLE;
	/* Without a bitmap both sides use the lower version, which must be
	 * ours. */
	return hello->h.version >= OFP_VERSION ? OF_OK
					       : OF_E_HELLO_INCOMPATIBLE;
}

enum of_err of_hello_failed_encode(const struct of_msg *hello, uint8_t *buf,
				   size_t size, size_t *len)
{
	char text[80];
	struct of_msg m;
	int n;

	n = snprintf(text, sizeof text,
		     "We support version 0x%02x, you support version 0x%02x, "
		     "no common versions.",
		     OFP_VERSION, hello->h.version);
	of_msg_init(&m, OFPT_ERROR, hello->h.xid);
	/* In the peer's version, so that it can read it (as OVS does). */
	m.h.version = hello->h.version ? hello->h.version : OFP_VERSION;
	m.u.error.type = OFPET_HELLO_FAILED;
	m.u.error.code = OFPHFC_INCOMPATIBLE;
	m.u.error.data.p = (const uint8_t *)text;
	m.u.error.data.size = n > 0 ? (size_t)n : 0;
	return of_encode(&m, buf, size, len);
}

enum of_err of_error_reply_encode(enum of_err e, const uint8_t *req,
				  size_t req_size, uint8_t *buf, size_t size,
				  size_t *len)
{
	struct of_header h = {OFP_VERSION, 0, 0, 0};
	struct of_msg m;

	if (!of_err_is_protocol(e))
		return OF_E_INVALID;
	(void)of_header_peek(req, req_size, &h);
	of_msg_init(&m, OFPT_ERROR, h.xid);
	/* Answer in the request's version only when it is ours; a peer that
	 * sent another version gets our version (BAD_VERSION). */
	m.u.error.type = of_err_type(e);
	m.u.error.code = of_err_code(e);
	m.u.error.data.p = req;
	m.u.error.data.size = req_size < 64 ? req_size : 64;
	return of_encode(&m, buf, size, len);
}

uint32_t of_xid_next(struct of_xid_gen *g)
{
	if (++g->last == 0)
		g->last = 1;
	return g->last;
}

/* Body codecs for the handshake and configuration family: HELLO, ERROR,
 * ECHO_REQUEST/REPLY, VENDOR, FEATURES_REPLY, GET_CONFIG_REPLY/SET_CONFIG.
 * Bodiless types (FEATURES_REQUEST, GET_CONFIG_REQUEST, BARRIER_*) are
 * handled by the dispatcher in of_msg.c. Lengths were checked there. */
#include "of_codec.h"

/* Takes everything left in `r` as a view. */
static struct of_bytes rest(struct of_rbuf *r)
{
	struct of_bytes b;

	b.size = r->left;
	b.p = of_get_view(r, b.size);
	return b;
}

/* Decodes a HELLO body: opaque bytes (1.0 defines none; later versions put
 * hello elements there). Always OF_OK. */
enum of_err of_dec_hello(struct of_rbuf *r, struct of_msg *m)
{
	m->u.hello = rest(r);
	return OF_OK;
}

/* Decodes an ERROR body: type, code, then the data (request prefix or
 * text). The layout is the same in every OpenFlow version. */
enum of_err of_dec_error(struct of_rbuf *r, struct of_msg *m)
{
	m->u.error.type = of_get16(r);
	m->u.error.code = of_get16(r);
	m->u.error.data = rest(r);
	if (r->short_read) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Decodes an ECHO_REQUEST/ECHO_REPLY body: an opaque payload. */
enum of_err of_dec_echo(struct of_rbuf *r, struct of_msg *m)
{
	m->u.echo = rest(r);
	return OF_OK;
}

/* Decodes a VENDOR body: the vendor id, then vendor-defined data. The
 * verdict is OF_OK; whether the vendor is supported is the receiver's
 * business (OF_E_BAD_VENDOR). */
enum of_err of_dec_vendor(struct of_rbuf *r, struct of_msg *m)
{
	m->u.vendor.vendor = of_get32(r);
	m->u.vendor.data = rest(r);
	if (r->short_read) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Decodes a FEATURES_REPLY body; the ports stay a view of n * 48 bytes. */
enum of_err of_dec_features_reply(struct of_rbuf *r, struct of_msg *m)
{
	struct of_features_reply *f = &m->u.features;

	f->datapath_id = of_get64(r);
	f->n_buffers = of_get32(r);
	f->n_tables = of_get8(r);
	of_skip(r, 3);
	f->capabilities = of_get32(r);
	f->actions = of_get32(r);
	f->ports = rest(r);
	if (r->short_read || f->ports.size % OFP_PHY_PORT_LEN) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Decodes a GET_CONFIG_REPLY or SET_CONFIG body (flags, miss_send_len). */
enum of_err of_dec_switch_config(struct of_rbuf *r, struct of_msg *m)
{
	m->u.config.flags = of_get16(r);
	m->u.config.miss_send_len = of_get16(r);
	if (r->short_read || r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Appends a HELLO body (the opaque bytes, normally none). */
enum of_err of_enc_hello(struct of_wbuf *w, const struct of_msg *m)
{
	of_put_bytes(w, m->u.hello.p, m->u.hello.size);
	return OF_OK;
}

/* Appends an ERROR body. */
enum of_err of_enc_error(struct of_wbuf *w, const struct of_msg *m)
{
	of_put16(w, m->u.error.type);
	of_put16(w, m->u.error.code);
	of_put_bytes(w, m->u.error.data.p, m->u.error.data.size);
	return OF_OK;
}

/* Appends an ECHO payload. */
enum of_err of_enc_echo(struct of_wbuf *w, const struct of_msg *m)
{
	of_put_bytes(w, m->u.echo.p, m->u.echo.size);
	return OF_OK;
}

/* Appends a VENDOR body. */
enum of_err of_enc_vendor(struct of_wbuf *w, const struct of_msg *m)
{
	of_put32(w, m->u.vendor.vendor);
	of_put_bytes(w, m->u.vendor.data.p, m->u.vendor.data.size);
	return OF_OK;
}

/* Appends a FEATURES_REPLY body; OF_E_INVALID if the ports view is not a
 * whole number of 48-byte ports. */
enum of_err of_enc_features_reply(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_features_reply *f = &m->u.features;

	if (f->ports.size % OFP_PHY_PORT_LEN)
		return OF_E_INVALID;
	of_put64(w, f->datapath_id);
	of_put32(w, f->n_buffers);
	of_put8(w, f->n_tables);
	of_put_zeros(w, 3);
	of_put32(w, f->capabilities);
	of_put32(w, f->actions);
	of_put_bytes(w, f->ports.p, f->ports.size);
	return OF_OK;
}

/* Appends a GET_CONFIG_REPLY / SET_CONFIG body. */
enum of_err of_enc_switch_config(struct of_wbuf *w, const struct of_msg *m)
{
	of_put16(w, m->u.config.flags);
	of_put16(w, m->u.config.miss_send_len);
	return OF_OK;
}

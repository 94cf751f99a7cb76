/* ofp_phy_port and the port family: PORT_STATUS, PORT_MOD. */
#include "of_codec.h"

_Static_assert(2 + OFP_ETH_ALEN + OFP_MAX_PORT_NAME_LEN + 6 * 4 ==
		   OFP_PHY_PORT_LEN,
	       "ofp_phy_port is 48 bytes");
_Static_assert(OFP_HEADER_LEN + 8 + OFP_PHY_PORT_LEN == OFP_PORT_STATUS_LEN,
	       "ofp_port_status is 64 bytes");
_Static_assert(OFP_HEADER_LEN + 2 + OFP_ETH_ALEN + 4 * 4 == OFP_PORT_MOD_LEN,
	       "ofp_port_mod is 32 bytes");

/* Reads a 48-byte ofp_phy_port (sets r->short_read if fewer remain). The
 * name is copied as the wire bytes, not necessarily NUL-terminated. */
void of_phy_port_get(struct of_rbuf *r, struct of_phy_port *p)
{
	p->port_no = of_get16(r);
	of_get_bytes(r, p->hw_addr, OFP_ETH_ALEN);
	of_get_bytes(r, p->name, OFP_MAX_PORT_NAME_LEN);
	p->config = of_get32(r);
	p->state = of_get32(r);
	p->curr = of_get32(r);
	p->advertised = of_get32(r);
	p->supported = of_get32(r);
	p->peer = of_get32(r);
}

/* Appends a 48-byte ofp_phy_port; the name is written as its 16 bytes. */
void of_phy_port_put(struct of_wbuf *w, const struct of_phy_port *p)
{
	of_put16(w, p->port_no);
	of_put_bytes(w, p->hw_addr, OFP_ETH_ALEN);
	of_put_bytes(w, p->name, OFP_MAX_PORT_NAME_LEN);
	of_put32(w, p->config);
	of_put32(w, p->state);
	of_put32(w, p->curr);
	of_put32(w, p->advertised);
	of_put32(w, p->supported);
	of_put32(w, p->peer);
}

/* Decodes the next port of a list of 48-byte ports; returns false at the end
 * (a trailing partial port, impossible in a decoded message, also ends it). */
bool of_phy_port_next(struct of_iter *it, struct of_phy_port *p)
{
	struct of_rbuf r;

	if (it->left < OFP_PHY_PORT_LEN)
		return false;
	r = of_rbuf_make(it->p, OFP_PHY_PORT_LEN);
	of_phy_port_get(&r, p);
	it->p += OFP_PHY_PORT_LEN;
	it->left -= OFP_PHY_PORT_LEN;
	return true;
}

/* Decodes a PORT_STATUS body (reason, pad 7, desc). */
enum of_err of_dec_port_status(struct of_rbuf *r, struct of_msg *m)
{
	m->u.port_status.reason = of_get8(r);
	of_skip(r, 7);
	of_phy_port_get(r, &m->u.port_status.desc);
	if (r->short_read || r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Decodes a PORT_MOD body (port_no, hw_addr, config, mask, advertise,
 * pad 4). Whether the port exists is the switch's business. */
enum of_err of_dec_port_mod(struct of_rbuf *r, struct of_msg *m)
{
	struct of_port_mod *pm = &m->u.port_mod;

	pm->port_no = of_get16(r);
	of_get_bytes(r, pm->hw_addr, OFP_ETH_ALEN);
	pm->config = of_get32(r);
	pm->mask = of_get32(r);
	pm->advertise = of_get32(r);
	of_skip(r, 4);
	if (r->short_read || r->left) {
		m->raw = true;
		return OF_E_BAD_LEN;
	}
	return OF_OK;
}

/* Appends a PORT_STATUS body. */
enum of_err of_enc_port_status(struct of_wbuf *w, const struct of_msg *m)
{
	of_put8(w, m->u.port_status.reason);
	of_put_zeros(w, 7);
	of_phy_port_put(w, &m->u.port_status.desc);
	return OF_OK;
}

/* Appends a PORT_MOD body. */
enum of_err of_enc_port_mod(struct of_wbuf *w, const struct of_msg *m)
{
	const struct of_port_mod *pm = &m->u.port_mod;

	of_put16(w, pm->port_no);
	of_put_bytes(w, pm->hw_addr, OFP_ETH_ALEN);
	of_put32(w, pm->config);
	of_put32(w, pm->mask);
	of_put32(w, pm->advertise);
	of_put_zeros(w, 4);
	return OF_OK;
}

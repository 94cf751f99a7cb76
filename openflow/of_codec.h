/* Internal to openflow/: the contract between the message dispatcher
 * (of_msg.c) and the per-family body codecs (of_handshake.c, of_flow.c,
 * of_packet.c, of_port.c, of_stats.c, of_queue.c).
 *
 * Decoders: `r` covers exactly the body (the bytes after the 8-byte header)
 * and m->h is filled; the dispatcher has already checked the body length
 * against the per-type table in of_msg.c. A decoder fills its member of m->u
 * and returns OF_OK or the protocol error a peer must answer with. If the body
 * cannot be represented in typed form (a length that does not add up, a list
 * that does not split), it sets m->raw = true and returns the error; the
 * dispatcher then keeps the body as opaque bytes.
 *
 * Encoders append the body for m (typed, not raw) to `w`; the dispatcher
 * writes the header and patches the length. They return OF_OK or
 * OF_E_INVALID (a value that cannot be encoded, e.g. a list whose size does
 * not fit a 16-bit length field); writer overflow is reported by the
 * dispatcher. */
#ifndef OF_CODEC_H
#define OF_CODEC_H

#include "of_msg.h"

/* of_handshake.c: HELLO, ERROR, ECHO_*, VENDOR, FEATURES_*, *_CONFIG_*,
 * BARRIER_* (bodiless types have trivial codecs there too). */
enum of_err of_dec_hello(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_error(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_echo(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_vendor(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_features_reply(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_switch_config(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_hello(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_error(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_echo(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_vendor(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_features_reply(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_switch_config(struct of_wbuf *w, const struct of_msg *m);

/* of_packet.c */
enum of_err of_dec_packet_in(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_packet_out(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_packet_in(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_packet_out(struct of_wbuf *w, const struct of_msg *m);

/* of_flow.c */
enum of_err of_dec_flow_mod(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_flow_removed(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_flow_mod(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_flow_removed(struct of_wbuf *w, const struct of_msg *m);

/* of_port.c */
void of_phy_port_get(struct of_rbuf *r, struct of_phy_port *p);
enum of_err of_dec_port_status(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_port_mod(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_port_status(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_port_mod(struct of_wbuf *w, const struct of_msg *m);

/* of_stats.c */
enum of_err of_dec_stats_request(struct of_rbuf *r, struct of_msg *m);
enum of_err of_dec_stats_reply(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_stats_request(struct of_wbuf *w, const struct of_msg *m);
enum of_err of_enc_stats_reply(struct of_wbuf *w, const struct of_msg *m);

/* of_queue.c */
enum of_err of_dec_queue_get_config_request(struct of_rbuf *r,
					    struct of_msg *m);
enum of_err of_dec_queue_get_config_reply(struct of_rbuf *r, struct of_msg *m);
enum of_err of_enc_queue_get_config_request(struct of_wbuf *w,
					    const struct of_msg *m);
enum of_err of_enc_queue_get_config_reply(struct of_wbuf *w,
					  const struct of_msg *m);

#endif

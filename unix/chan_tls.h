/* The TLS transport of channels (OpenSSL 3 over the channel's non-blocking
 * socket) and the server context all workers share. */
#ifndef UX_CHAN_TLS_H
#define UX_CHAN_TLS_H

#include <stddef.h>

#include "chan.h"

struct ssl_ctx_st;

extern const struct ux_transport ux_tls_transport;

/* Loads our key and certificate and the CA that signs switches'
 * certificates (PEM files) into a server context that requires a client
 * certificate and verifies it against that CA. Returns the context, or
 * NULL with a one-line reason naming the file and OpenSSL's reason in
 * err. Free with ux_tls_ctx_free(). */
struct ssl_ctx_st *ux_tls_ctx_new(const char *key_file, const char *cert_file,
				  const char *ca_file, char *err,
				  size_t err_size);
void ux_tls_ctx_free(struct ssl_ctx_st *ctx);

/* Gives channel `c` a TLS session in the server role over c->fd. Returns 0
 * or -ENOMEM. */
int ux_tls_attach(struct ux_chan *c, struct ssl_ctx_st *ctx);

#endif

/* The TLS transport of channels (OpenSSL 3 over the channel's non-blocking
 * socket) and the contexts the channels of a daemon share: a server one
 * for listeners, a client one for of-switch's connections to
 * controllers. Both present our certificate and require and verify the
 * peer's against one CA, as Open vSwitch does; TLS 1.2 and later. */
#ifndef UX_CHAN_TLS_H
#define UX_CHAN_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "chan.h"

struct ssl_ctx_st;

extern const struct ux_transport ux_tls_transport;

enum ux_tls_role {
	UX_TLS_SERVER, /* accepts; requires a client certificate */
	UX_TLS_CLIENT, /* connects; requires the server's certificate */
};

/* Loads our key and certificate and the CA that signs the peers'
 * certificates (PEM files) into a context for `role` that presents our
 * certificate and requires the peer's, verified against that CA (no name
 * check: as in Open vSwitch, the CA decides). Returns the context, or
 * NULL with a one-line reason naming the file and OpenSSL's reason in
 * err. Free with ux_tls_ctx_free(). */
struct ssl_ctx_st *ux_tls_ctx_new(enum ux_tls_role role, const char *key_file,
				  const char *cert_file, const char *ca_file,
				  char *err, size_t err_size);

/* Frees a context (NULL is a no-op). Sessions hold their own reference. */
void ux_tls_ctx_free(struct ssl_ctx_st *ctx);

/* Gives channel `c` a TLS session over c->fd, in the client role if
 * `client`, else the server role (`ctx` must be made for that role).
 * Returns 0 or -ENOMEM. */
int ux_tls_attach(struct ux_chan *c, struct ssl_ctx_st *ctx, bool client);

#endif

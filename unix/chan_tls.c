/* TLS channels: SSL_do_handshake/SSL_read/SSL_write on the non-blocking
 * socket, retried when libevent reports the readiness OpenSSL asked for. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "chan_tls.h"
#include "plat_unix.h"

/* Bytes handed to one SSL_write (four full records). */
#define TLS_WRITE_MAX (4 * 16384)

/* Describes the oldest error on OpenSSL's queue (the root cause; later
 * ones only say where it surfaced) and clears the queue. */
static void ssl_reason(char *buf, size_t size, const char *fallback)
{
	const char *data = NULL, *reason;
	int flags = 0;
	unsigned long e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags);

	if (!(flags & ERR_TXT_STRING) || (data && !data[0]))
		data = NULL;
	if (!e) {
		snprintf(buf, size, "%s", fallback);
	} else if (ERR_SYSTEM_ERROR(e)) {
		snprintf(buf, size, "%s", strerror(ERR_GET_REASON(e)));
	} else {
		reason = ERR_reason_error_string(e);
		if (!reason)
			snprintf(buf, size, "OpenSSL error %08lx", e);
		else if (data)
			snprintf(buf, size, "%s (%s)", reason, data);
		else
			snprintf(buf, size, "%s", reason);
	}
	ERR_clear_error();
}

/* The reason an SSL call failed, for c->why (prefixed with `what` unless
 * it is NULL). */
static enum ux_io ssl_failure(struct ux_chan *c, int ret, const char *what)
{
	SSL *ssl = c->tls;
	int sys_errno = errno;
	int e = SSL_get_error(ssl, ret);
	char reason[160];

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return UX_IO_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return UX_IO_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		ERR_clear_error();
		return UX_IO_EOF;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error())
			ssl_reason(reason, sizeof(reason), "?");
		else if (sys_errno && ret < 0)
			snprintf(reason, sizeof(reason), "%s",
				 strerror(sys_errno));
		else
			return UX_IO_EOF;
		break;
	default: {
		long v = SSL_get_verify_result(ssl);
		char tls_reason[128];

		ssl_reason(tls_reason, sizeof(tls_reason), "unknown TLS error");
		if (v != X509_V_OK)
			snprintf(reason, sizeof(reason), "%s (%s)", tls_reason,
				 X509_verify_cert_error_string(v));
		else
			snprintf(reason, sizeof(reason), "%s", tls_reason);
		break;
	}
	}
	if (what)
		snprintf(c->why, sizeof(c->why), "%s: %s", what, reason);
	else
		snprintf(c->why, sizeof(c->why), "%s", reason);
	return UX_IO_ERR;
}

static enum ux_io tls_handshake(struct ux_chan *c)
{
	SSL *ssl = c->tls;
	int r;

	ERR_clear_error();
	errno = 0;
	r = SSL_do_handshake(ssl);
	if (r == 1) {
		if (plat_log_enabled(PLAT_LOG_DEBUG)) {
			X509 *x = SSL_get0_peer_certificate(ssl);
			char subject[256] = "?";

			if (x)
				X509_NAME_oneline(X509_get_subject_name(x),
						  subject, sizeof(subject));
			ux_log(PLAT_LOG_DEBUG, "%s: %s %s, peer certificate %s",
			       c->peer, SSL_get_version(ssl),
			       SSL_get_cipher_name(ssl), subject);
		}
		return UX_IO_OK;
	}
	return ssl_failure(c, r, NULL);
}

static enum ux_io tls_read(struct ux_chan *c, uint8_t *buf, size_t size,
			   size_t *got)
{
	SSL *ssl = c->tls;

	*got = 0;
	while (*got < size) {
		size_t n = 0;
		int r;

		ERR_clear_error();
		errno = 0;
		r = SSL_read_ex(ssl, buf + *got, size - *got, &n);
		if (r == 1) {
			*got += n;
			continue;
		}
		return ssl_failure(c, r, "read");
	}
	return UX_IO_OK;
}

static enum ux_io tls_write(struct ux_chan *c)
{
	SSL *ssl = c->tls;

	for (;;) {
		size_t len = evbuffer_get_length(c->out), n = 0;
		unsigned char *p;
		int r;

		if (!len)
			return UX_IO_OK;
		/* A write that wanted to be retried is repeated with the same
		 * size (its bytes are still at the front of the buffer). */
		if (!c->tls_wlen)
			c->tls_wlen = len < TLS_WRITE_MAX ? len : TLS_WRITE_MAX;
		p = evbuffer_pullup(c->out, (ev_ssize_t)c->tls_wlen);
		if (!p) {
			snprintf(c->why, sizeof(c->why),
				 "write: out of memory");
			return UX_IO_ERR;
		}
		ERR_clear_error();
		errno = 0;
		r = SSL_write_ex(ssl, p, c->tls_wlen, &n);
		if (r == 1) {
			c->tls_wlen = 0;
			evbuffer_drain(c->out, n);
			continue;
		}
		return ssl_failure(c, r, "write");
	}
}

static bool tls_pending(struct ux_chan *c)
{
	return SSL_pending(c->tls) > 0;
}

static void tls_release(struct ux_chan *c, bool clean)
{
	SSL *ssl = c->tls;

	if (!ssl)
		return;
	if (clean && SSL_is_init_finished(ssl)) {
		ERR_clear_error();
		(void)SSL_shutdown(ssl); /* close_notify, best effort */
	}
	ERR_clear_error();
	SSL_free(ssl);
	c->tls = NULL;
}

const struct ux_transport ux_tls_transport = {
    .name = "ssl",
    .handshake = tls_handshake,
    .read = tls_read,
    .write = tls_write,
    .pending = tls_pending,
    .release = tls_release,
};

/* Starts a session on the channel's socket (see chan_tls.h). */
int ux_tls_attach(struct ux_chan *c, struct ssl_ctx_st *ctx, bool client)
{
	SSL *ssl = SSL_new(ctx);

	if (!ssl || SSL_set_fd(ssl, c->fd) != 1) {
		SSL_free(ssl);
		ERR_clear_error();
		return -ENOMEM;
	}
	if (client)
		SSL_set_connect_state(ssl);
	else
		SSL_set_accept_state(ssl);
	c->tls = ssl;
	return 0;
}

/* Builds a shared context (see chan_tls.h). */
struct ssl_ctx_st *ux_tls_ctx_new(enum ux_tls_role role, const char *key_file,
				  const char *cert_file, const char *ca_file,
				  char *err, size_t err_size)
{
	static const unsigned char sid_ctx[] = "ofsuite";
	STACK_OF(X509_NAME) * names;
	char reason[160];
	SSL_CTX *ctx;

	ERR_clear_error();
	ctx = SSL_CTX_new(role == UX_TLS_SERVER ? TLS_server_method()
						: TLS_client_method());
	if (!ctx) {
		ssl_reason(reason, sizeof(reason), "?");
		snprintf(err, err_size, "cannot create a TLS context: %s",
			 reason);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION |
				     SSL_OP_IGNORE_UNEXPECTED_EOF |
				     SSL_OP_NO_TICKET);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				  SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
				  SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1);

	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
		ssl_reason(reason, sizeof(reason), "?");
		snprintf(err, err_size,
			 "--private-key %s: cannot load the private key: %s",
			 key_file, reason);
		goto fail;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		ssl_reason(reason, sizeof(reason), "?");
		snprintf(err, err_size,
			 "--certificate %s: cannot load the certificate: %s",
			 cert_file, reason);
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		/* OpenSSL's reason ("no private key assigned": a mismatching
		 * key was dropped) would only confuse. */
		snprintf(err, err_size,
			 "--private-key %s does not match --certificate %s",
			 key_file, cert_file);
		goto fail;
	}
	if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		ssl_reason(reason, sizeof(reason), "?");
		snprintf(err, err_size,
			 "--ca-cert %s: cannot load the CA certificate: %s",
			 ca_file, reason);
		goto fail;
	}
	if (role == UX_TLS_SERVER) {
		/* Tell clients which CA we accept (OpenSSL clients use it to
		 * pick a certificate). */
		names = SSL_load_client_CA_file(ca_file);
		if (names)
			SSL_CTX_set_client_CA_list(ctx, names);
	}
	ERR_clear_error();
	/* A client always fails the handshake without a server
	 * certificate; FAIL_IF_NO_PEER_CERT makes a server do the same. */
	SSL_CTX_set_verify(
	    ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	return ctx;

fail:
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return NULL;
}

/* Frees the context (NULL is a no-op). */
void ux_tls_ctx_free(struct ssl_ctx_st *ctx)
{
	SSL_CTX_free(ctx);
}

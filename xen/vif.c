/* netfront's xenstore handshake (see vif.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ns_cfg.h"
#include "vif.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_hyp.h"
#include "xen_time.h"

#define STATE_INIT_WAIT 2
#define STATE_CONNECTED 4
#define STATE_CLOSING 5

int xen_vif_list(struct xs_client *c, unsigned *ids, unsigned max, unsigned *n)
{
	char buf[512];
	unsigned count = 0, k = 0;
	int used = xs_directory(c, 0, "device/vif", buf, sizeof(buf), &count);

	*n = 0;
	if (used == -ENOENT)
		return 0; /* no vif at all */
	if (used < 0)
		return used;
	for (int off = 0; off < used && k < max;) {
		const char *name = buf + off;
		size_t len = strlen(name);
		unsigned long v = 0;
		size_t i;

		for (i = 0; i < len && i < 5; i++) {
			if (name[i] < '0' || name[i] > '9')
				break;
			v = v * 10 + (unsigned long)(name[i] - '0');
		}
		if (len && i == len && len <= 5) {
			/* Sorted insert: vif 0 first. */
			unsigned j = k++;

			while (j && ids[j - 1] > v) {
				ids[j] = ids[j - 1];
				j--;
			}
			ids[j] = (unsigned)v;
		}
		off += (int)len + 1;
	}
	*n = k;
	return 0;
}

/* A backend directory: letters, digits, '/', '-', '_' and single dots
 * only (no "..", no spaces or control bytes). */
static bool plain_path(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];

		if (c == '.' && s[i + 1] == '.')
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '-' ||
		      c == '_' || c == '.'))
			return false;
	}
	return true;
}

static void notify(void *ctx)
{
	struct xen_vif *v = ctx;

	(void)xen_evtchn_notify(v->port);
}

/* Waits (bounded) for the backend's state to reach `want`. */
static int wait_backend(struct xen_vif *v, struct xs_client *c, uint64_t want,
			char *err, size_t err_size)
{
	char path[128];
	uint64_t st = 0, end = xen_time_ms() + XEN_VIF_WAIT_MS;
	uint64_t pause_ms = 1;
	int rc;

	snprintf(path, sizeof(path), "%s/state", v->backend);
	for (;;) {
		rc = xs_read_uint(c, 0, path, 8, &st);
		if (rc == 0 && st >= want && st < STATE_CLOSING)
			return 0;
		if (rc == 0 && st >= STATE_CLOSING) {
			snprintf(err, err_size,
				 "vif %u: backend %s is closing (state %llu)",
				 v->id, v->backend, (unsigned long long)st);
			return -ECONNRESET;
		}
		if (rc < 0 && rc != -ENOENT) {
			snprintf(err, err_size, "vif %u: %s: error %d", v->id,
				 path, rc);
			return rc;
		}
		if (xen_time_ms() >= end) {
			char hp[40] = "?";

			snprintf(path, sizeof(path), "%s/hotplug-status",
				 v->backend);
			(void)xs_read(c, 0, path, hp, sizeof(hp));
			snprintf(err, err_size,
				 "vif %u: backend state %llu, not %llu, after "
				 "%u ms (hotplug-status %s)",
				 v->id, (unsigned long long)st,
				 (unsigned long long)want, XEN_VIF_WAIT_MS, hp);
			return -ETIMEDOUT;
		}
		/* Each read is a round trip to xenstored in dom0, which
		 * also runs the backend's hotplug script: back off from 1
		 * to 128 ms rather than keep it busy. */
		(void)xen_evtchn_poll(&v->port, 1,
				      xen_time_ns() + pause_ms * 1000000);
		if (pause_ms < 128)
			pause_ms *= 2;
	}
}

static int write_keys(struct xen_vif *v, struct xs_client *c, int tx_ref,
		      int rx_ref)
{
	static const char *const fixed[][2] = {
	    {"request-rx-copy", "1"},	      {"feature-rx-notify", "1"},
	    {"feature-no-csum-offload", "1"}, {"feature-sg", "0"},
	    {"feature-gso-tcpv4", "0"},	      {"state", "4"},
	};
	char path[64], val[16];
	int rc = -EAGAIN;

	for (int tries = 0; tries < 5 && rc == -EAGAIN; tries++) {
		uint32_t tx;

		rc = xs_transaction_start(c, &tx);
		if (rc < 0)
			return rc;
		snprintf(path, sizeof(path), "device/vif/%u/tx-ring-ref",
			 v->id);
		snprintf(val, sizeof(val), "%d", tx_ref);
		rc = xs_write(c, tx, path, val);
		snprintf(path, sizeof(path), "device/vif/%u/rx-ring-ref",
			 v->id);
		snprintf(val, sizeof(val), "%d", rx_ref);
		if (rc == 0)
			rc = xs_write(c, tx, path, val);
		snprintf(path, sizeof(path), "device/vif/%u/event-channel",
			 v->id);
		snprintf(val, sizeof(val), "%u", v->port);
		if (rc == 0)
			rc = xs_write(c, tx, path, val);
		for (size_t i = 0;
		     rc == 0 && i < sizeof(fixed) / sizeof(fixed[0]); i++) {
			snprintf(path, sizeof(path), "device/vif/%u/%s", v->id,
				 fixed[i][0]);
			rc = xs_write(c, tx, path, fixed[i][1]);
		}
		if (rc < 0) {
			(void)xs_transaction_end(c, tx, false);
			return rc;
		}
		rc = xs_transaction_end(c, tx, true);
	}
	return rc;
}

int xen_vif_open(struct xen_vif *v, struct xs_client *c, struct xen_mm *mm,
		 unsigned id, char *err, size_t err_size)
{
	char path[64], buf[128];
	uint64_t bid;
	uint8_t *pages;
	int rc, tx_ref, rx_ref;

	memset(v, 0, sizeof(*v));
	v->id = id;
	snprintf(path, sizeof(path), "device/vif/%u/backend", id);
	rc = xs_read(c, 0, path, buf, sizeof(buf));
	if (rc < 0 || (size_t)rc >= sizeof(v->backend) ||
	    strncmp(buf, "/local/domain/", 14) || !plain_path(buf)) {
		snprintf(err, err_size, "vif %u: %s: %s", id, path,
			 rc < 0 ? "cannot be read" : "not a backend path");
		return rc < 0 ? rc : -EINVAL;
	}
	memcpy(v->backend, buf, (size_t)rc + 1);
	snprintf(path, sizeof(path), "device/vif/%u/backend-id", id);
	rc = xs_read_uint(c, 0, path, 0x7fef, &bid);
	if (rc < 0) {
		snprintf(err, err_size, "vif %u: %s: not a domain id (%d)", id,
			 path, rc);
		return rc;
	}
	v->backend_id = (uint16_t)bid;
	snprintf(path, sizeof(path), "device/vif/%u/mac", id);
	rc = xs_read(c, 0, path, buf, sizeof(buf));
	if (rc < 0 || ns_cfg_parse_mac(buf, (size_t)rc, v->mac) < 0 ||
	    (v->mac[0] & 1)) {
		snprintf(err, err_size, "vif %u: %s: not a unicast MAC", id,
			 path);
		return rc < 0 ? rc : -EINVAL;
	}
	rc = xen_evtchn_alloc_unbound(v->backend_id, &v->port);
	if (rc < 0) {
		snprintf(err, err_size, "vif %u: no event channel (%d)", id,
			 rc);
		return rc;
	}
	rc = wait_backend(v, c, STATE_INIT_WAIT, err, err_size);
	if (rc < 0)
		return rc;
	pages = xen_mm_alloc_pages(mm, 2 + 2 * XEN_VIF_BUFS);
	if (!pages) {
		snprintf(err, err_size, "vif %u: out of pages", id);
		return -ENOMEM;
	}
	tx_ref = xen_gnttab_grant(v->backend_id,
				  (uint64_t)(uintptr_t)pages >> 12, false);
	rx_ref = xen_gnttab_grant(
	    v->backend_id, (uint64_t)(uintptr_t)(pages + 4096) >> 12, false);
	for (unsigned i = 0; i < XEN_VIF_BUFS; i++) {
		uint8_t *t = pages + (2 + i) * 4096;
		uint8_t *r = pages + (2 + XEN_VIF_BUFS + i) * 4096;
		int tr = xen_gnttab_grant(v->backend_id,
					  (uint64_t)(uintptr_t)t >> 12, true);
		int rr = xen_gnttab_grant(v->backend_id,
					  (uint64_t)(uintptr_t)r >> 12, false);

		if (tr < 0 || rr < 0) {
			tx_ref = -ENOSPC;
			break;
		}
		v->tx[i] = (struct nf_buf){t, (uint32_t)tr};
		v->rx[i] = (struct nf_buf){r, (uint32_t)rr};
	}
	if (tx_ref < 0 || rx_ref < 0) {
		snprintf(err, err_size, "vif %u: out of grant references", id);
		return -ENOSPC;
	}
	nf_init(&v->nf, pages, pages + 4096, v->tx, XEN_VIF_BUFS, v->rx,
		XEN_VIF_BUFS, notify, v);
	rc = write_keys(v, c, tx_ref, rx_ref);
	if (rc < 0) {
		snprintf(err, err_size,
			 "vif %u: writing the ring references: error %d", id,
			 rc);
		return rc;
	}
	rc = wait_backend(v, c, STATE_CONNECTED, err, err_size);
	if (rc < 0)
		return rc;
	(void)xen_evtchn_notify(v->port); /* the rx buffers are posted */
	v->up = true;
	return 0;
}

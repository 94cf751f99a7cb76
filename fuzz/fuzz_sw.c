/* libFuzzer target for the switch core (switch/sw_*.c) on the fake
 * platform of switch/tests/fake_sw_plat.c. Each input is a switch's life:
 * a controller connection, a management connection and a snoop connection
 * past HELLO, four ports (port 1 with queues, scheduled; data[0] & 0x40
 * shapes it to 1 Mbit/s, data[0] & 0x20 gives it a 4-frame ring), then
 * records
 *   tag:1 len:2 (big-endian) data:len
 * where tag & 7 picks what data is: 0 and 7 bytes from the controller,
 * 1 and 5 a frame received on port (tag >> 3) % 5 (0: a port that does not
 * exist), 2 a clock advance of data[0] * 100 ms (then sw_run), 3 bytes
 * from the management connection, 4 (6) one message to the controller
 * (management) connection whose header the target writes: version 1,
 * type data[0], the right length, so that bodies reach the handlers; 6
 * with tag & 8: bytes from the snoop connection. Every message the core
 * sends must frame and
 * decode; sanitizers catch the rest. Then shutdown and teardown, so leaks
 * show. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sw_plat.h"
#include "sw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feeds data[1..len) as the body of a message of type data[0]. */
static void feed_msg(struct fake_chan *ch, const uint8_t *p, size_t len)
{
	static uint8_t msg[65535];
	size_t body = len ? len - 1 : 0;

	if (body > sizeof(msg) - 8)
		body = sizeof(msg) - 8;
	msg[0] = 1;
	msg[1] = len ? p[0] : 0;
	msg[2] = (uint8_t)((body + 8) >> 8);
	msg[3] = (uint8_t)(body + 8);
	memset(msg + 4, 0, 3);
	msg[7] = 0x2a;
	if (body)
		memcpy(msg + 8, p + 1, body);
	fake_feed(ch, msg, body + 8);
}

/* Takes everything a channel was sent, checking that it frames. */
static void consume(struct fake_chan *ch)
{
	struct of_msg m;

	while (fake_next(ch, &m, NULL))
		continue;
	ch->out_len = ch->taken = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_config cfg;
	struct sw *sw;
	struct fake_port *ports[5] = {NULL};
	struct fake_ctlr *k;
	struct fake_chan *ctl, *mgmt, *snoop;
	size_t off = 0;
	unsigned attempts;

	sw_config_default(&cfg);
	cfg.datapath_id = 1;
	cfg.n_buffers = 8;
	cfg.mac_table_size = 16;
	cfg.max_flows = 64;
	cfg.max_emerg_flows = 8;
	cfg.fail_mode =
	    size && (data[0] & 0x80) ? SW_FAIL_STANDALONE : SW_FAIL_SECURE;
	sw = sw_create(&cfg);
	if (!sw)
		abort();
	for (int i = 1; i <= 4; i++)
		ports[i] = fake_port_add(sw, (uint16_t)i);
	(void)sw_port_add_queue(sw, 1, 1, 100);
	(void)sw_port_add_queue(sw, 1, 2, 0xffff);
	if (size && (data[0] & 0x40))
		(void)sw_port_set_rate(sw, 1, 1000000);
	if (size && (data[0] & 0x20))
		ports[1]->ring = 4;
	k = fake_ctlr_add(sw, "tcp:fuzz");
	ctl = fake_ctlr_accept(sw, k);
	fake_hello(ctl);
	attempts = k->n_attempts;
	mgmt = fake_mgmt(sw, "mgmt");
	fake_hello(mgmt);
	snoop = fake_snoop(sw, "snoop");
	fake_hello(snoop);

	while (off + 3 <= size) {
		uint8_t tag = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		const uint8_t *p = data + off + 3;

		off += 3;
		if (len > size - off)
			len = size - off;
		off += len;
		switch (tag & 7) {
		case 0:
		case 7:
			fake_feed(ctl, p, len);
			break;
		case 1:
		case 5:
			fake_rx(sw, (uint16_t)((tag >> 3) % 5), p, len);
			sw_flush(sw);
			break;
		case 2:
			fake_advance(sw, len ? (uint64_t)p[0] * 100 : 1);
			break;
		case 3:
			fake_feed(mgmt, p, len);
			break;
		case 4:
			feed_msg(ctl, p, len);
			break;
		default:
			if (tag & 8)
				fake_feed(snoop, p, len);
			else
				feed_msg(mgmt, p, len);
			break;
		}
		consume(ctl);
		consume(mgmt);
		consume(snoop);
		/* A channel the core closed goes away, as a platform's does;
		 * the controller reconnects on its next attempt. */
		if (ctl->conn && ctl->close_calls && !ctl->closed) {
			fake_chan_gone(ctl);
			ctl->conn = NULL;
		}
		if (!ctl->conn && k->n_attempts != attempts) {
			attempts = k->n_attempts;
			fake_chan_free(ctl);
			ctl = fake_ctlr_accept(sw, k);
			if (ctl->conn)
				fake_hello(ctl);
		}
	}
	sw_shutdown(sw);
	fake_chan_free(ctl);
	fake_chan_free(mgmt);
	fake_chan_free(snoop);
	for (int i = 1; i <= 4; i++) {
		sw_port_remove(sw, (uint16_t)i);
		free(ports[i]);
	}
	sw_destroy(sw);
	free(k);
	return 0;
}

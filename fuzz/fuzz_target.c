/* libFuzzer target for the connection-target parser of the Unix daemons
 * (unix/target.c), every kind accepted: any text either parses to a
 * target whose canonical form parses back to the same target, or is
 * refused with a message. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[256], err[256], canon[UX_TARGET_STR_SIZE];
	struct ux_target t, t2;

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	if (ux_target_parse(text, UX_TARGETS_ALL, &t, err, sizeof(err)) != 0) {
		if (!err[0])
			abort(); /* a refusal always says why */
		return 0;
	}
	ux_target_format(&t, canon, sizeof(canon));
	if (ux_target_parse(canon, UX_TARGETS_ALL, &t2, err, sizeof(err)) != 0)
		abort();
	if (t2.kind != t.kind || t2.port != t.port ||
	    t2.addr_size != t.addr_size ||
	    memcmp(&t2.addr, &t.addr, t.addr_size))
		abort();
	return 0;
}

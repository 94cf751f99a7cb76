/* Names and descriptions for enum of_err and OFPT_ERROR type/code pairs. */
#include "of_err.h"

#include <stddef.h>

static const char *const hello_failed_codes[] = {
    [OFPHFC_INCOMPATIBLE] = "INCOMPATIBLE",
    [OFPHFC_EPERM] = "EPERM",
};

static const char *const bad_request_codes[] = {
    [OFPBRC_BAD_VERSION] = "BAD_VERSION",
    [OFPBRC_BAD_TYPE] = "BAD_TYPE",
    [OFPBRC_BAD_STAT] = "BAD_STAT",
    [OFPBRC_BAD_VENDOR] = "BAD_VENDOR",
    [OFPBRC_BAD_SUBTYPE] = "BAD_SUBTYPE",
    [OFPBRC_EPERM] = "EPERM",
    [OFPBRC_BAD_LEN] = "BAD_LEN",
    [OFPBRC_BUFFER_EMPTY] = "BUFFER_EMPTY",
    [OFPBRC_BUFFER_UNKNOWN] = "BUFFER_UNKNOWN",
};

static const char *const bad_action_codes[] = {
    [OFPBAC_BAD_TYPE] = "BAD_TYPE",
    [OFPBAC_BAD_LEN] = "BAD_LEN",
    [OFPBAC_BAD_VENDOR] = "BAD_VENDOR",
    [OFPBAC_BAD_VENDOR_TYPE] = "BAD_VENDOR_TYPE",
    [OFPBAC_BAD_OUT_PORT] = "BAD_OUT_PORT",
    [OFPBAC_BAD_ARGUMENT] = "BAD_ARGUMENT",
    [OFPBAC_EPERM] = "EPERM",
    [OFPBAC_TOO_MANY] = "TOO_MANY",
    [OFPBAC_BAD_QUEUE] = "BAD_QUEUE",
};

static const char *const flow_mod_failed_codes[] = {
    [OFPFMFC_ALL_TABLES_FULL] = "ALL_TABLES_FULL",
    [OFPFMFC_OVERLAP] = "OVERLAP",
    [OFPFMFC_EPERM] = "EPERM",
    [OFPFMFC_BAD_EMERG_TIMEOUT] = "BAD_EMERG_TIMEOUT",
    [OFPFMFC_BAD_COMMAND] = "BAD_COMMAND",
    [OFPFMFC_UNSUPPORTED] = "UNSUPPORTED",
};

static const char *const port_mod_failed_codes[] = {
    [OFPPMFC_BAD_PORT] = "BAD_PORT",
    [OFPPMFC_BAD_HW_ADDR] = "BAD_HW_ADDR",
};

static const char *const queue_op_failed_codes[] = {
    [OFPQOFC_BAD_PORT] = "BAD_PORT",
    [OFPQOFC_BAD_QUEUE] = "BAD_QUEUE",
    [OFPQOFC_EPERM] = "EPERM",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	const char *const *codes;
	size_t n_codes;
} error_types[] = {
    [OFPET_HELLO_FAILED] = {"HELLO_FAILED", hello_failed_codes,
			    NELEMS(hello_failed_codes)},
    [OFPET_BAD_REQUEST] = {"BAD_REQUEST", bad_request_codes,
			   NELEMS(bad_request_codes)},
    [OFPET_BAD_ACTION] = {"BAD_ACTION", bad_action_codes,
			  NELEMS(bad_action_codes)},
    [OFPET_FLOW_MOD_FAILED] = {"FLOW_MOD_FAILED", flow_mod_failed_codes,
			       NELEMS(flow_mod_failed_codes)},
    [OFPET_PORT_MOD_FAILED] = {"PORT_MOD_FAILED", port_mod_failed_codes,
			       NELEMS(port_mod_failed_codes)},
    [OFPET_QUEUE_OP_FAILED] = {"QUEUE_OP_FAILED", queue_op_failed_codes,
			       NELEMS(queue_op_failed_codes)},
};

/* Full "TYPE/CODE" strings for of_err_str(), kept static because the
 * library has no buffers of its own. */
static const struct {
	enum of_err e;
	const char *str;
} protocol_strs[] = {
    {OF_E_HELLO_INCOMPATIBLE, "HELLO_FAILED/INCOMPATIBLE"},
    {OF_E_HELLO_EPERM, "HELLO_FAILED/EPERM"},
    {OF_E_BAD_VERSION, "BAD_REQUEST/BAD_VERSION"},
    {OF_E_BAD_TYPE, "BAD_REQUEST/BAD_TYPE"},
    {OF_E_BAD_STAT, "BAD_REQUEST/BAD_STAT"},
    {OF_E_BAD_VENDOR, "BAD_REQUEST/BAD_VENDOR"},
    {OF_E_BAD_SUBTYPE, "BAD_REQUEST/BAD_SUBTYPE"},
    {OF_E_REQUEST_EPERM, "BAD_REQUEST/EPERM"},
    {OF_E_BAD_LEN, "BAD_REQUEST/BAD_LEN"},
    {OF_E_BUFFER_EMPTY, "BAD_REQUEST/BUFFER_EMPTY"},
    {OF_E_BUFFER_UNKNOWN, "BAD_REQUEST/BUFFER_UNKNOWN"},
    {OF_E_BAD_ACTION_TYPE, "BAD_ACTION/BAD_TYPE"},
    {OF_E_BAD_ACTION_LEN, "BAD_ACTION/BAD_LEN"},
    {OF_E_BAD_ACTION_VENDOR, "BAD_ACTION/BAD_VENDOR"},
    {OF_E_BAD_ACTION_VENDOR_TYPE, "BAD_ACTION/BAD_VENDOR_TYPE"},
    {OF_E_BAD_OUT_PORT, "BAD_ACTION/BAD_OUT_PORT"},
    {OF_E_BAD_ARGUMENT, "BAD_ACTION/BAD_ARGUMENT"},
    {OF_E_ACTION_EPERM, "BAD_ACTION/EPERM"},
    {OF_E_TOO_MANY, "BAD_ACTION/TOO_MANY"},
    {OF_E_BAD_QUEUE, "BAD_ACTION/BAD_QUEUE"},
    {OF_E_ALL_TABLES_FULL, "FLOW_MOD_FAILED/ALL_TABLES_FULL"},
    {OF_E_OVERLAP, "FLOW_MOD_FAILED/OVERLAP"},
    {OF_E_FLOW_MOD_EPERM, "FLOW_MOD_FAILED/EPERM"},
    {OF_E_BAD_EMERG_TIMEOUT, "FLOW_MOD_FAILED/BAD_EMERG_TIMEOUT"},
    {OF_E_BAD_COMMAND, "FLOW_MOD_FAILED/BAD_COMMAND"},
    {OF_E_FLOW_MOD_UNSUPPORTED, "FLOW_MOD_FAILED/UNSUPPORTED"},
    {OF_E_PORT_MOD_BAD_PORT, "PORT_MOD_FAILED/BAD_PORT"},
    {OF_E_PORT_MOD_BAD_HW_ADDR, "PORT_MOD_FAILED/BAD_HW_ADDR"},
    {OF_E_QUEUE_BAD_PORT, "QUEUE_OP_FAILED/BAD_PORT"},
    {OF_E_QUEUE_BAD_QUEUE, "QUEUE_OP_FAILED/BAD_QUEUE"},
    {OF_E_QUEUE_EPERM, "QUEUE_OP_FAILED/EPERM"},
};

/* Makes the enum value for a wire (type, code) pair. Any pair whose type and
 * code fit in a byte is representable (unknown ones included, so a received
 * error can be carried around); others return OF_E_INVALID. */
enum of_err of_err_from_wire(uint16_t type, uint16_t code)
{
	if (type > 0xff || code > 0xff)
		return OF_E_INVALID;
	return (enum of_err)OF_ERR(type, code);
}

/* Returns the spec name of an OFPT_ERROR type without the OFPET_ prefix, or
 * NULL for a type OpenFlow 1.0 does not define. */
const char *of_error_type_name(uint16_t type)
{
	if (type >= NELEMS(error_types))
		return NULL;
	return error_types[type].name;
}

/* Returns the spec name of an error code within its type without the prefix
 * ("BAD_LEN"), or NULL for an unknown type or code. */
const char *of_error_code_name(uint16_t type, uint16_t code)
{
	if (type >= NELEMS(error_types) || code >= error_types[type].n_codes)
		return NULL;
	return error_types[type].codes[code];
}

/* Returns a short static description of any enum value: "TYPE/CODE" for
 * known protocol errors, a phrase for local failures, and a generic string
 * for values it does not know. Never NULL. */
const char *of_err_str(enum of_err e)
{
	size_t i;

	switch (e) {
	case OF_OK:
		return "success";
	case OF_E_NOSPACE:
		return "output buffer too small";
	case OF_E_INVALID:
		return "value cannot be encoded";
	case OF_E_TOO_LONG:
		return "message length above the configured maximum";
	case OF_E_TOO_SHORT:
		return "message length below 8";
	case OF_E_SYNTAX:
		return "syntax error";
	default:
		break;
	}
	for (i = 0; i < NELEMS(protocol_strs); i++)
		if (protocol_strs[i].e == e)
			return protocol_strs[i].str;
	return of_err_is_protocol(e) ? "unknown protocol error"
				     : "unknown error";
}

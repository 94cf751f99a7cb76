/* One error enum for the whole library. Protocol errors carry the OFPT_ERROR
 * type and code they must be answered with in the value itself:
 * OF_ERR(type, code) = 0x10000 | type << 8 | code, so a channel can reply with
 * no lookup (of_err_type/of_err_code). Values below 0x10000 are local
 * failures that never go on the wire. */
#ifndef OF_ERR_H
#define OF_ERR_H

#include <stdbool.h>
#include <stdint.h>

#include "ofp.h"

#define OF_ERR(type, code) (0x10000 | (type) << 8 | (code))

enum of_err {
	OF_OK = 0,
	/* Local failures. */
	OF_E_NOSPACE = 1,   /* output buffer too small */
	OF_E_INVALID = 2,   /* caller passed an unencodable value */
	OF_E_TOO_LONG = 3,  /* framer: length field above the configured max */
	OF_E_TOO_SHORT = 4, /* framer: length field below 8; stream is lost */
	OF_E_SYNTAX = 5,    /* text parser: see the parser's message */

	OF_E_HELLO_INCOMPATIBLE =
	    OF_ERR(OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE),
	OF_E_HELLO_EPERM = OF_ERR(OFPET_HELLO_FAILED, OFPHFC_EPERM),

	OF_E_BAD_VERSION = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION),
	OF_E_BAD_TYPE = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE),
	OF_E_BAD_STAT = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_STAT),
	OF_E_BAD_VENDOR = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR),
	OF_E_BAD_SUBTYPE = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE),
	OF_E_REQUEST_EPERM = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_EPERM),
	OF_E_BAD_LEN = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BAD_LEN),
	OF_E_BUFFER_EMPTY = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BUFFER_EMPTY),
	OF_E_BUFFER_UNKNOWN = OF_ERR(OFPET_BAD_REQUEST, OFPBRC_BUFFER_UNKNOWN),

	OF_E_BAD_ACTION_TYPE = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_TYPE),
	OF_E_BAD_ACTION_LEN = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_LEN),
	OF_E_BAD_ACTION_VENDOR = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_VENDOR),
	OF_E_BAD_ACTION_VENDOR_TYPE =
	    OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_VENDOR_TYPE),
	OF_E_BAD_OUT_PORT = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT),
	OF_E_BAD_ARGUMENT = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_ARGUMENT),
	OF_E_ACTION_EPERM = OF_ERR(OFPET_BAD_ACTION, OFPBAC_EPERM),
	OF_E_TOO_MANY = OF_ERR(OFPET_BAD_ACTION, OFPBAC_TOO_MANY),
	OF_E_BAD_QUEUE = OF_ERR(OFPET_BAD_ACTION, OFPBAC_BAD_QUEUE),

	OF_E_ALL_TABLES_FULL =
	    OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_ALL_TABLES_FULL),
	OF_E_OVERLAP = OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_OVERLAP),
	OF_E_FLOW_MOD_EPERM = OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_EPERM),
	OF_E_BAD_EMERG_TIMEOUT =
	    OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_BAD_EMERG_TIMEOUT),
	OF_E_BAD_COMMAND = OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_BAD_COMMAND),
	OF_E_FLOW_MOD_UNSUPPORTED =
	    OF_ERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_UNSUPPORTED),

	OF_E_PORT_MOD_BAD_PORT =
	    OF_ERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT),
	OF_E_PORT_MOD_BAD_HW_ADDR =
	    OF_ERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_HW_ADDR),

	OF_E_QUEUE_BAD_PORT = OF_ERR(OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT),
	OF_E_QUEUE_BAD_QUEUE = OF_ERR(OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_QUEUE),
	OF_E_QUEUE_EPERM = OF_ERR(OFPET_QUEUE_OP_FAILED, OFPQOFC_EPERM),
};

/* True if `e` is a protocol error that is answered with an OFPT_ERROR. */
static inline bool of_err_is_protocol(enum of_err e)
{
	return (unsigned)e >= 0x10000;
}

/* OFPT_ERROR type of a protocol error. */
static inline uint16_t of_err_type(enum of_err e)
{
	return (uint16_t)(((unsigned)e >> 8) & 0xff);
}

/* OFPT_ERROR code of a protocol error. */
static inline uint16_t of_err_code(enum of_err e)
{
	return (uint16_t)((unsigned)e & 0xff);
}

/* Makes the enum value for a wire (type, code) pair; returns OF_E_INVALID if
 * either does not fit the encoding (the pair is then not an OF1.0 error). */
enum of_err of_err_from_wire(uint16_t type, uint16_t code);

/* Spec name of an error type ("BAD_REQUEST"), or NULL if unknown. */
const char *of_error_type_name(uint16_t type);
/* Spec name of an error code within its type ("BAD_LEN"), or NULL. */
const char *of_error_code_name(uint16_t type, uint16_t code);
/* Short description of any enum value, for logs ("BAD_REQUEST/BAD_LEN",
 * "output buffer too small"); never NULL, static storage. */
const char *of_err_str(enum of_err e);

#endif

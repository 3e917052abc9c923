/*
 * error.c - filling the caller's pacta_error and naming result codes.
 *
 * Everything here is bounded by the fixed buffers of pacta_error: long
 * locations and messages are cut, never overflowed. A NULL err is allowed
 * everywhere, so callers that do not want the detail can pass NULL. This
 * module must never allocate, print, or keep state of its own.
 */
#include <stdarg.h>
#include <stdio.h>

#include "pacta/error.h"

pacta_rc pacta_error_set(pacta_error *err, pacta_rc code, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;

	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	if (fmt) {
		va_start(ap, fmt);
		/* vsnprintf cuts at the buffer size and always terminates. */
		if (vsnprintf(err->message, sizeof(err->message), fmt, ap) < 0)
			err->message[0] = '\0';
		va_end(ap);
	} else {
		err->message[0] = '\0';
	}
	return code;
}

const char *pacta_rc_name(pacta_rc code)
{
	switch (code) {
	case PACTA_OK:
		return "success";
	case PACTA_ERR_NOMEM:
		return "out of memory";
	case PACTA_ERR_IO:
		return "input/output error";
	case PACTA_ERR_PARSE:
		return "parse error";
	case PACTA_ERR_CHECK:
		return "record check failed";
	case PACTA_ERR_NOTFOUND:
		return "not found";
	case PACTA_ERR_AMBIGUOUS:
		return "ambiguous name";
	case PACTA_ERR_DB:
		return "database error";
	case PACTA_ERR_LIMIT:
		return "limit exceeded";
	case PACTA_ERR_USAGE:
		return "usage error";
	case PACTA_ERR_BUSY:
		return "database busy";
	case PACTA_ERR_STORAGE:
		return "storage error";
	case PACTA_ERR_INTEGRITY:
		return "integrity check failed";
	}
	return "unknown error";
}

/*
 * fuzz_date.c - dates: any bytes either parse to a day that formats back to
 * the same ten bytes, or are refused.
 */
#include <string.h>

#include "fuzz.h"
#include "pacta/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_day d;
	char buf[PACTA_DATE_BUFSZ];

	if (!pacta_date_parse((const char *)data, size, &d))
		return 0;
	pacta_date_format(d, buf);
	if (size != 10 || memcmp(buf, data, 10) != 0)
		fuzz_fail("a parsed date does not format back to itself");
	return 0;
}

/*
 * fuzz.h - what the fuzz harnesses share: the libFuzzer entry point and a
 * small record to import into (a test treaty with obligations, and a few
 * participants), built fresh for every input so that no input sees
 * another's leftovers.
 */
#ifndef PACTA_FUZZ_H
#define PACTA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "pacta/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finished record with treaty "tt" (index 0) and participants LVA, RUS,
 * EST, USA; NULL on out-of-memory. Caller frees. */
pacta_record *fuzz_base_record(void);

/* Stops the run: an invariant broke (libFuzzer records the input). */
void fuzz_fail(const char *what);

#endif

/*
 * fuzz.h - what the fuzz harnesses share: the libFuzzer entry point and a
 * small record to import into (a test treaty with obligations, and a few
 * participants).
 *
 * Building that record (compiling its rules) costs more than most inputs,
 * so it is kept between inputs for as long as they leave it as it was: a
 * refused import must not change the record, and handing it back checks
 * that it did not; an input that was accepted hands back a changed record,
 * which is freed, and the next input gets a fresh one. No input sees
 * another's leftovers.
 */
#ifndef PACTA_FUZZ_H
#define PACTA_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finished record with treaty "tt" (index 0) and participants LVA, RUS,
 * EST, USA; NULL on out-of-memory. Borrowed: give it back with
 * fuzz_base_return(), never free it. */
pacta_record *fuzz_base_record(void);

/* Gives the record back. changed: the input was accepted into it, so it is
 * freed. Otherwise it is checked to be as it was (its counts of
 * participants, treaties, acts, conflicts, obligation events and stated
 * entries) and kept for the next input. */
void fuzz_base_return(pacta_record *rec, bool changed);

/* Stops the run: an invariant broke (libFuzzer records the input). */
void fuzz_fail(const char *what);

#endif

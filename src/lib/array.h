/*
 * array.h - growing a malloc'd array by doubling, the one way the library
 * does it.
 */
#ifndef PACTA_ARRAY_H
#define PACTA_ARRAY_H

#include <stddef.h>
#include <stdint.h>

/* Makes room in *arr (of *cap elements of size bytes) for element n:
 * doubles the capacity (first 16) when n == *cap. 0, or -1 on out-of-memory
 * or size overflow, with *arr and *cap unchanged. */
int array_grow(void **arr, size_t n, size_t *cap, size_t size);

/* The first index in [lo, hi) of the ascending a whose element is not below
 * v, or hi. */
size_t array_lower_bound_u32(const uint32_t *a, size_t lo, size_t hi, uint32_t v);

#endif

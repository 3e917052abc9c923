/*
 * array.c - doubling growth with an overflow check.
 */
#include "array.h"
#include "bigalloc.h"

#include <stdint.h>
#include <stdlib.h>

int array_grow(void **arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	if (ncap < *cap || ncap > SIZE_MAX / size)
		return -1;
	void *p = big_realloc(*arr, ncap * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

size_t array_lower_bound_u32(const uint32_t *a, size_t lo, size_t hi, uint32_t v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * inline.h - the one spelling of "inline this, always" (internal to the
 * library), for the few hot helpers whose call would cost more than their
 * body: a value's hash in the chain, an act row's columns in a load, a
 * canonical rules file's bytes as it is compared.
 */
#ifndef PACTA_INLINE_H
#define PACTA_INLINE_H

#define ALWAYS_INLINE static inline __attribute__((always_inline))

#endif

/*
 * refuse_threads.h - pthread_create() that a test can make fail, to see
 * what the library does without a thread: set refuse_threads. For a test
 * program linked with -Wl,--wrap=pthread_create (meson.build,
 * unit_test_link_args); included by one file of it.
 */
#ifndef PACTA_TEST_REFUSE_THREADS_H
#define PACTA_TEST_REFUSE_THREADS_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>

static bool refuse_threads;

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*run)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*run)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*run)(void *), void *arg)
{
	if (refuse_threads)
		return EAGAIN;
	return __real_pthread_create(t, a, run, arg);
}

#endif

/*
 * checkpointer.c - the write-ahead log checkpointed off the request path
 * (see checkpointer.h).
 */
#include "checkpointer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* While readers keep part of the log, the next try comes this much later
 * even if no commit says a checkpoint is due. */
#define CHECKPOINT_RETRY_MS 1000
/* A checkpoint waits for writes to pause this long: its syncs of the
 * database file, run while a write syncs the log, slowed that write to
 * 7 ms and more. */
#define CHECKPOINT_QUIET_MS 100
/* ...unless the log has grown to this many times its size (writes that
 * never pause). */
#define CHECKPOINT_PRESS 4

struct checkpointer {
	pacta_store *writer; /* borrowed: its checkpoints come here */
	pacta_store *own;    /* this thread's connection */
	gate_log *log;	     /* borrowed */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int pages;	  /* the log's size past which a checkpoint is due */
	bool due;	  /* a commit left the log past it */
	int log_pages;	  /* the log's size at that commit */
	long long due_ms; /* and its time */
	bool stop;	  /* checkpointer_stop() is waiting */
	long long runs, whole;
};

/* Called by the writer's commit (on its thread): as little as can be. */
static void checkpoint_due(void *arg, int log_pages)
{
	checkpointer *c = arg;
	long long now = gate_now_ms();
	pthread_mutex_lock(&c->lock);
	c->due = true;
	c->log_pages = log_pages;
	c->due_ms = now;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

static void wait_until(checkpointer *c, long long until_ms)
{
	struct timespec ts = { .tv_sec = (time_t)(until_ms / 1000),
			       .tv_nsec = (long)(until_ms % 1000) * 1000000 };
	pthread_cond_timedwait(&c->wake, &c->lock, &ts);
}

static void *run(void *arg)
{
	checkpointer *c = arg;
	bool partial = false; /* the last run left pages in the log */
	bool failing = false; /* and failed: said once, until one works */
	pthread_mutex_lock(&c->lock);
	for (;;) {
		long long retry = gate_now_ms() + CHECKPOINT_RETRY_MS;
		while (!c->stop && !c->due && (!partial || gate_now_ms() < retry)) {
			if (partial)
				wait_until(c, retry);
			else
				pthread_cond_wait(&c->wake, &c->lock);
		}
		while (!c->stop && c->due && c->log_pages < c->pages * CHECKPOINT_PRESS &&
		       gate_now_ms() < c->due_ms + CHECKPOINT_QUIET_MS)
			wait_until(c, c->due_ms + CHECKPOINT_QUIET_MS);
		if (c->stop)
			break;
		c->due = false;
		pthread_mutex_unlock(&c->lock);

		int in_log = 0, copied = 0;
		pacta_error err;
		pacta_rc rc = pacta_store_checkpoint(c->own, &in_log, &copied, &err);
		if (rc != PACTA_OK && rc != PACTA_ERR_BUSY && !failing)
			gate_log_line(c->log, gate_now_ms(),
				      "cannot checkpoint the log (tried again each second): %s: %s",
				      err.where, err.message);
		else if (rc == PACTA_OK && failing)
			gate_log_line(c->log, gate_now_ms(), "the log is checkpointed again");
		if (rc != PACTA_ERR_BUSY)
			failing = rc != PACTA_OK;
		partial = rc != PACTA_OK || copied < in_log;

		pthread_mutex_lock(&c->lock);
		c->runs++;
		c->whole += !partial;
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

pacta_rc checkpointer_start(pacta_store *writer, const char *db_path, int pages, gate_log *log,
			    checkpointer **out, pacta_error *err)
{
	pthread_condattr_t ca;
	*out = NULL;
	checkpointer *c = calloc(1, sizeof(*c));
	if (!c)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	c->writer = writer;
	c->log = log;
	c->pages = pages;
	pacta_rc rc = pacta_store_open(db_path, 0, &c->own, err);
	if (rc != PACTA_OK) {
		free(c);
		return rc;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&c->thread, NULL, run, c) != 0) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		pacta_store_close(c->own);
		free(c);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "cannot start a thread");
	}
	rc = pacta_store_hand_off_checkpoints(writer, pages, checkpoint_due, c, err);
	if (rc != PACTA_OK) {
		checkpointer_stop(c);
		return rc;
	}
	*out = c;
	return PACTA_OK;
}

void checkpointer_stop(checkpointer *c)
{
	pacta_error ignored;
	if (!c)
		return;
	/* Cannot fail with pages 0 on a store that exists. */
	if (pacta_store_hand_off_checkpoints(c->writer, 0, NULL, NULL, &ignored) != PACTA_OK)
		gate_log_line(c->log, gate_now_ms(), "checkpoint: %s", ignored.message);
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	pacta_store_close(c->own);
	free(c);
}

void checkpointer_counts(checkpointer *c, long long *runs, long long *whole)
{
	pthread_mutex_lock(&c->lock);
	*runs = c->runs;
	*whole = c->whole;
	pthread_mutex_unlock(&c->lock);
}

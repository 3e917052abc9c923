/*
 * gate.h - the service's door: which connections are let in, how long a
 * connection may take to send a request, and the rate-limited log of what
 * was turned away.
 *
 * libmicrohttpd's own timeout is an idle timeout, reset by every byte, so
 * a client that sends a header line every few seconds is never timed out;
 * and its limits refuse newcomers once slow clients hold every slot. The
 * gate keeps, per connection, the time it began waiting for its request
 * (accepted, or done with its previous answer) and closes it when the
 * request is not in by the deadline, however much it trickles. It counts
 * connections per address and in all, and when a limit is reached it makes
 * room by closing the connection that has waited longest for its request
 * rather than turning a newcomer away.
 *
 * The gate never reads or writes a connection: it closes one by
 * shutdown(2), and the HTTP library, seeing the end of its input, closes
 * and reports it (gate_closed) as for any client that went away.
 *
 * Ownership: gate_new() gives a gate that gate_free() frees; the caller
 * reports every connection the gate let in with gate_opened() and
 * gate_closed(), and closes the descriptor only after gate_closed(): until
 * then the gate may shut it down. A gate_conn belongs to the gate until
 * gate_closed(). All functions are safe to call from any thread.
 */
#ifndef PACTA_GATE_H
#define PACTA_GATE_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "pacta/error.h"

/* At most this many lines a second reach the log; the rest are counted and
 * summed up in one line ("N more ... left out") at most once a second. */
#define GATE_LOG_PER_SECOND 10

/* The log: lines about clients (refused, timed out, malformed), limited
 * to GATE_LOG_PER_SECOND a second. A gate has one; a test may make its own
 * with gate_log_init() and gate_log_destroy(). */
typedef struct gate_log {
	pthread_mutex_t lock;
	FILE *out;		     /* borrowed */
	long long second_ms;	     /* when the current second began */
	unsigned lines;		     /* lines written in it */
	unsigned long long left_out; /* lines left out since the last summary */
	long long left_out_ms;	     /* when the first of them was */
} gate_log;

/* The monotonic clock, in milliseconds, that the log and the deadlines
 * read. */
long long gate_now_ms(void);

void gate_log_init(gate_log *l, FILE *out);
void gate_log_destroy(gate_log *l);

/* Writes one line ("pacta: " + the message, control characters shown as
 * '?'), unless this second's lines are used up; then counts it. now_ms is
 * a monotonic clock in milliseconds. */
void gate_log_line(gate_log *l, long long now_ms, const char *fmt, ...) PACTA_PRINTF(3, 4);
/* The same with a va_list. */
void gate_log_vline(gate_log *l, long long now_ms, const char *fmt, va_list ap) PACTA_PRINTF(3, 0);
/* Writes the summary of the lines left out, when there are some and the
 * second in which they were left out is over. */
void gate_log_flush(gate_log *l, long long now_ms);

typedef struct gate_limits {
	unsigned connections; /* in all */
	unsigned per_address; /* from one address (IPv4, or an IPv6 /64) */
	/* The last `reserve` connections are for addresses that hold fewer
	 * than `small`. */
	unsigned reserve, small;
	long long deadline_ms; /* to send a whole request, head and body */
} gate_limits;

typedef struct gate gate;
typedef struct gate_conn gate_conn;

/* A gate with these limits, logging to log_out (stderr when NULL), and
 * its thread that closes the connections past their deadline. */
pacta_rc gate_new(const gate_limits *lim, FILE *log_out, gate **out,
		  pacta_error *err) PACTA_MUST_CHECK;
/* Stops the thread and frees the gate (NULL is allowed). Every connection
 * must have been reported closed. */
void gate_free(gate *g);
gate_log *gate_get_log(gate *g);

/* Before a connection from addr is taken: false to refuse it. To let it
 * in, it may close another (the same address's oldest waiting connection,
 * or, when every slot is taken, the one that has waited longest). */
bool gate_admit(gate *g, const struct sockaddr *addr, socklen_t len);
/* A connection let in, on socket fd: it starts waiting for its request.
 * NULL when out of memory: no deadline could apply, so the caller should
 * shut the connection down. */
gate_conn *gate_opened(gate *g, int fd, const struct sockaddr *addr, socklen_t len);
/* Its request is in (head and body): no deadline while it is answered. */
void gate_busy(gate *g, gate_conn *c);
/* Its answer is sent; on a kept-alive connection it waits again. */
void gate_waiting(gate *g, gate_conn *c);
/* The connection is closed (or about to be, by its owner); frees c. */
void gate_closed(gate *g, gate_conn *c);

/* Counts for tests and the log: connections held, and those the gate
 * closed because they were late or to make room. */
typedef struct gate_counts {
	unsigned open, waiting, addresses;
	unsigned long long late, evicted, refused;
} gate_counts;
void gate_get_counts(gate *g, gate_counts *out);

#endif

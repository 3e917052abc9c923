/*
 * gate.c - the service's door (see gate.h): per-address and global
 * connection counts with a reserve, a deadline for each request measured
 * from when the connection began waiting for it, the thread that closes
 * connections past it, and the rate-limited log of clients turned away.
 *
 * What this module must never do: read from or write to a client's
 * socket (it only shuts one down, under the lock that gate_closed() takes
 * before the HTTP library closes the descriptor, so the descriptor is
 * always still the client's), block while holding its lock, or log more
 * than GATE_LOG_PER_SECOND lines a second.
 */
#include "gate.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GATE_BUCKETS 1024

typedef struct gate_addr {
	struct gate_addr *next; /* in its hash bucket */
	unsigned char key[16];
	size_t len;
	unsigned conns;		/* connections open from it */
	gate_conn *head, *tail; /* those waiting for a request, oldest first */
} gate_addr;

struct gate_conn {
	gate_conn *prev, *next;	  /* the gate's waiting list, oldest first */
	gate_conn *aprev, *anext; /* its address's waiting list */
	gate_addr *addr;	  /* NULL once the gate has shut it down */
	int fd;
	long long since_ms; /* when it began waiting for its request */
	bool waiting;
};

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool stop;
	gate_limits lim;
	unsigned open, waiting, addresses;
	unsigned long long late, evicted, refused;
	gate_conn *head, *tail;
	gate_addr *buckets[GATE_BUCKETS];
	gate_log log;
};

long long gate_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- The log ---- */

void gate_log_init(gate_log *l, FILE *out)
{
	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	l->out = out ? out : stderr;
	l->second_ms = -1000000;
}

void gate_log_destroy(gate_log *l)
{
	pthread_mutex_destroy(&l->lock);
}

/* Under l->lock: the summary of what was left out, once its second is over. */
static void log_flush_locked(gate_log *l, long long now)
{
	if (now - l->second_ms < 1000)
		return;
	if (l->left_out) {
		long long s = (now - l->left_out_ms + 999) / 1000;
		fprintf(l->out,
			"pacta: %llu more lines about clients left out of the log in %lld s\n",
			l->left_out, s < 1 ? 1 : s);
		fflush(l->out);
		l->left_out = 0;
	}
	l->second_ms = now;
	l->lines = 0;
}

void gate_log_flush(gate_log *l, long long now)
{
	pthread_mutex_lock(&l->lock);
	log_flush_locked(l, now);
	pthread_mutex_unlock(&l->lock);
}

void gate_log_vline(gate_log *l, long long now, const char *fmt, va_list ap)
{
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	/* Messages may quote a client's bytes: no terminal controls. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	pthread_mutex_lock(&l->lock);
	log_flush_locked(l, now);
	if (l->lines < GATE_LOG_PER_SECOND) {
		l->lines++;
		fprintf(l->out, "pacta: %s\n", line);
		fflush(l->out);
	} else if (l->left_out++ == 0) {
		l->left_out_ms = now;
	}
	pthread_mutex_unlock(&l->lock);
}

void gate_log_line(gate_log *l, long long now, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gate_log_vline(l, now, fmt, ap);
	va_end(ap);
}

/* ---- Addresses ---- */

/* The key an address is counted under: an IPv4 address (also when mapped
 * into IPv6), or an IPv6 /64, the block one host is usually given. */
static size_t addr_key(const struct sockaddr *sa, socklen_t len, unsigned char key[16])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		struct sockaddr_in a;
		memcpy(&a, sa, sizeof(a));
		memcpy(key, &a.sin_addr, 4);
		return 4;
	}
	if (sa && sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 a;
		memcpy(&a, sa, sizeof(a));
		if (memcmp(a.sin6_addr.s6_addr, mapped, sizeof(mapped)) == 0) {
			memcpy(key, a.sin6_addr.s6_addr + 12, 4);
			return 4;
		}
		memcpy(key, a.sin6_addr.s6_addr, 8);
		return 8;
	}
	return 0; /* anything else shares one count */
}

static void key_text(const unsigned char *key, size_t len, char out[INET6_ADDRSTRLEN + 4])
{
	unsigned char b[16] = { 0 };
	char t[INET6_ADDRSTRLEN];
	memcpy(b, key, len);
	if (len == 4 && inet_ntop(AF_INET, b, t, sizeof(t)))
		snprintf(out, INET6_ADDRSTRLEN + 4, "%s", t);
	else if (len == 8 && inet_ntop(AF_INET6, b, t, sizeof(t)))
		snprintf(out, INET6_ADDRSTRLEN + 4, "%s/64", t);
	else
		snprintf(out, INET6_ADDRSTRLEN + 4, "(no address)");
}

static gate_addr **bucket(gate *g, const unsigned char *key, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ key[i]) * 16777619u;
	return &g->buckets[h % GATE_BUCKETS];
}

static gate_addr *addr_find(gate *g, const unsigned char *key, size_t len)
{
	for (gate_addr *a = *bucket(g, key, len); a; a = a->next)
		if (a->len == len && memcmp(a->key, key, len) == 0)
			return a;
	return NULL;
}

static void addr_drop(gate *g, gate_addr *a)
{
	for (gate_addr **p = bucket(g, a->key, a->len); *p; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			free(a);
			g->addresses--;
			return;
		}
}

/* ---- The waiting lists (under g->lock) ---- */

static void wait_push(gate *g, gate_conn *c, long long now)
{
	gate_addr *a = c->addr;
	c->since_ms = now;
	c->waiting = true;
	c->next = NULL;
	c->prev = g->tail;
	if (g->tail)
		g->tail->next = c;
	else
		g->head = c;
	g->tail = c;
	c->anext = NULL;
	c->aprev = a->tail;
	if (a->tail)
		a->tail->anext = c;
	else
		a->head = c;
	a->tail = c;
	if (g->waiting++ == 0)
		pthread_cond_signal(&g->wake);
}

static void wait_remove(gate *g, gate_conn *c)
{
	gate_addr *a = c->addr;
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		g->tail = c->prev;
	if (c->aprev)
		c->aprev->anext = c->anext;
	else
		a->head = c->anext;
	if (c->anext)
		c->anext->aprev = c->aprev;
	else
		a->tail = c->aprev;
	c->prev = c->next = c->aprev = c->anext = NULL;
	c->waiting = false;
	g->waiting--;
}

/* Counts c out and frees its address when that was its last connection. */
static void release(gate *g, gate_conn *c)
{
	gate_addr *a = c->addr;
	if (c->waiting)
		wait_remove(g, c);
	c->addr = NULL;
	g->open--;
	if (--a->conns == 0)
		addr_drop(g, a);
}

/* Closes c: the library sees the end of its input and closes it. It no
 * longer counts from now on. */
static void shut(gate *g, gate_conn *c)
{
	release(g, c);
	shutdown(c->fd, SHUT_RDWR);
}

/* Closes the connections past their deadline; returns how many, with the
 * address of the first in first (when any). */
static unsigned reap(gate *g, long long now, char first[INET6_ADDRSTRLEN + 4])
{
	unsigned n = 0;
	while (g->head && g->head->since_ms + g->lim.deadline_ms <= now) {
		if (n++ == 0)
			key_text(g->head->addr->key, g->head->addr->len, first);
		g->late++;
		shut(g, g->head);
	}
	return n;
}

/* The deadline in words: "10 s", or "100 ms" when not whole seconds. */
static void deadline_text(const gate *g, char out[32])
{
	long long ms = g->lim.deadline_ms;
	if (ms % 1000)
		snprintf(out, 32, "%lld ms", ms);
	else
		snprintf(out, 32, "%lld s", ms / 1000);
}

static void log_late(gate *g, long long now, unsigned n, const char *first)
{
	char d[32];
	deadline_text(g, d);
	if (n)
		gate_log_line(&g->log, now,
			      "closed %u connection%s (from %s%s) that sent no whole request in %s",
			      n, n == 1 ? "" : "s", first, n == 1 ? "" : " and others", d);
}

static void *reaper(void *arg)
{
	gate *g = arg;
	char first[INET6_ADDRSTRLEN + 4];
	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		long long now = gate_now_ms();
		unsigned n = reap(g, now, first);
		long long until = now + 1000;
		if (g->head && g->head->since_ms + g->lim.deadline_ms < until)
			until = g->head->since_ms + g->lim.deadline_ms;
		pthread_mutex_unlock(&g->lock);
		log_late(g, now, n, first);
		gate_log_flush(&g->log, now);
		pthread_mutex_lock(&g->lock);
		if (g->stop)
			break;
		struct timespec ts = { .tv_sec = (time_t)(until / 1000),
				       .tv_nsec = (long)(until % 1000) * 1000000 };
		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* ---- The gate ---- */

pacta_rc gate_new(const gate_limits *lim, FILE *log_out, gate **out, pacta_error *err)
{
	pthread_condattr_t ca;
	*out = NULL;
	gate *g = calloc(1, sizeof(*g));
	if (!g)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	g->lim = *lim;
	if (g->lim.deadline_ms < 1)
		g->lim.deadline_ms = 1;
	gate_log_init(&g->log, log_out);
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&g->thread, NULL, reaper, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		gate_log_destroy(&g->log);
		free(g);
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot start a thread");
	}
	*out = g;
	return PACTA_OK;
}

void gate_free(gate *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	gate_log_flush(&g->log, gate_now_ms() + 1000);
	for (size_t i = 0; i < GATE_BUCKETS; i++)
		while (g->buckets[i]) {
			gate_addr *a = g->buckets[i];
			g->buckets[i] = a->next;
			free(a);
		}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	gate_log_destroy(&g->log);
	free(g);
}

gate_log *gate_get_log(gate *g)
{
	return &g->log;
}

/* Why a connection from an address holding n cannot simply come in
 * (NULL: it can), in words for the log. */
static const char *limit_reached(const gate *g, unsigned n, char out[128])
{
	const gate_limits *lim = &g->lim;
	if (n >= lim->per_address)
		snprintf(out, 128, "its address holds %u connections, the most one may", n);
	else if (g->open + lim->reserve >= lim->connections && n >= lim->small)
		snprintf(out, 128,
			 "%u of %u connections are taken, and the rest is kept for addresses "
			 "holding fewer than %u",
			 g->open, lim->connections, lim->small);
	else if (g->open >= lim->connections)
		snprintf(out, 128, "all %u connections are taken", lim->connections);
	else
		return NULL;
	return out;
}

bool gate_admit(gate *g, const struct sockaddr *sa, socklen_t len)
{
	unsigned char key[16];
	size_t klen = addr_key(sa, len, key);
	char who[INET6_ADDRSTRLEN + 4], first[INET6_ADDRSTRLEN + 4], old[INET6_ADDRSTRLEN + 4];
	char reason[128];
	long long now = gate_now_ms(), waited = 0;
	gate_conn *victim = NULL;

	pthread_mutex_lock(&g->lock);
	/* Those past their deadline go first: they free room anyway. */
	unsigned late = reap(g, now, first);
	gate_addr *a = addr_find(g, key, klen);
	unsigned n = a ? a->conns : 0;
	const char *why = limit_reached(g, n, reason);
	/* Over its own share, an address trades its own oldest connection
	 * that waits for a request; when all are taken, the oldest of all. */
	if (why && (n >= g->lim.per_address || n >= g->lim.small))
		victim = a ? a->head : NULL;
	else if (why)
		victim = g->head;
	if (victim) {
		waited = now - victim->since_ms;
		key_text(victim->addr->key, victim->addr->len, old);
		g->evicted++;
		shut(g, victim);
	} else if (why) {
		g->refused++;
	}
	pthread_mutex_unlock(&g->lock);

	log_late(g, now, late, first);
	if (why) {
		key_text(key, klen, who);
		if (victim)
			gate_log_line(
				&g->log, now,
				"a connection from %s: %s; closed one from %s that waited %lld "
				"ms for its request",
				who, why, old, waited);
		else
			gate_log_line(
				&g->log, now,
				"refused a connection from %s: %s, and none of them waits for "
				"a request",
				who, why);
	}
	return !why || victim;
}

gate_conn *gate_opened(gate *g, int fd, const struct sockaddr *sa, socklen_t len)
{
	unsigned char key[16];
	size_t klen = addr_key(sa, len, key);
	gate_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->fd = fd;
	pthread_mutex_lock(&g->lock);
	gate_addr *a = addr_find(g, key, klen);
	if (!a) {
		a = calloc(1, sizeof(*a));
		if (!a) {
			pthread_mutex_unlock(&g->lock);
			free(c);
			return NULL;
		}
		memcpy(a->key, key, klen);
		a->len = klen;
		gate_addr **b = bucket(g, key, klen);
		a->next = *b;
		*b = a;
		g->addresses++;
	}
	a->conns++;
	g->open++;
	c->addr = a;
	wait_push(g, c, gate_now_ms());
	pthread_mutex_unlock(&g->lock);
	return c;
}

void gate_busy(gate *g, gate_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->addr && c->waiting)
		wait_remove(g, c);
	pthread_mutex_unlock(&g->lock);
}

void gate_waiting(gate *g, gate_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->addr && !c->waiting)
		wait_push(g, c, gate_now_ms());
	pthread_mutex_unlock(&g->lock);
}

void gate_closed(gate *g, gate_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->addr)
		release(g, c);
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void gate_get_counts(gate *g, gate_counts *out)
{
	pthread_mutex_lock(&g->lock);
	out->open = g->open;
	out->waiting = g->waiting;
	out->addresses = g->addresses;
	out->late = g->late;
	out->evicted = g->evicted;
	out->refused = g->refused;
	pthread_mutex_unlock(&g->lock);
}

/*
 * fetch.c - one depositary page over HTTP(S) with libcurl (fetch.h).
 * Redirects are followed here, not by libcurl, so that each one is checked
 * against the first URL's scheme, host and port before it is asked for.
 */
#include "fetch.h"

#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "pacta/untc.h"

#define MAX_REDIRECTS 5

void fetch_opts_default(fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 60000;
	o->max_bytes = PACTA_UNTC_MAX_BYTES;
	o->retries = 3;
	o->retry_wait_ms = 2000;
	o->user_agent = "pacta";
}

void fetch_result_clear(fetch_result *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

typedef struct sink {
	char *buf;
	size_t len, cap, max;
	bool over;
} sink;

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	sink *s = user;
	size_t add = size * n;
	if (s->len + add > s->max) {
		s->over = true;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		while (cap < s->len + add + 1)
			cap *= 2;
		char *nb = realloc(s->buf, cap);
		if (!nb)
			return 0;
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, add);
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* scheme, host and port of url into out ("https://host:443"); false when
 * it is no URL libcurl can read. */
static bool origin_of(const char *url, char *out, size_t size)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	if (ok) {
		for (char *h = host; *h; h++)
			*h = (char)tolower((unsigned char)*h);
		snprintf(out, size, "%s://%s:%s", scheme, host, port);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

static void header_value(CURL *h, const char *name, char *out, size_t size)
{
	struct curl_header *hd;
	out[0] = '\0';
	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK)
		snprintf(out, size, "%s", hd->value);
}

/* The charset parameter of a Content-Type value, lower case. */
static void charset_of(const char *ctype, char *out, size_t size)
{
	out[0] = '\0';
	const char *p = ctype;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) == 0) {
			p += 8;
			if (*p == '"')
				p++;
			size_t n = 0;
			while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != ' ' && n + 1 < size) {
				out[n] = (char)tolower((unsigned char)p[n]);
				n++;
			}
			out[n] = '\0';
			return;
		}
	}
}

/* One request of url; *code the libcurl result. */
static CURLcode one_request(const char *url, const fetch_opts *o, sink *s, long *status,
			    fetch_result *out, char *location, size_t loc_size)
{
	CURL *h = curl_easy_init();
	if (!h)
		return CURLE_FAILED_INIT;
	struct curl_slist *hdrs = NULL;
	char line[400];
	if (o->etag && *o->etag) {
		snprintf(line, sizeof(line), "If-None-Match: %s", o->etag);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (o->last_modified && *o->last_modified) {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", o->last_modified);
		hdrs = curl_slist_append(hdrs, line);
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* what libcurl can decode */
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	CURLcode c = curl_easy_perform(h);
	*status = 0;
	location[0] = '\0';
	if (c == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
		char *loc = NULL;
		if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
			snprintf(location, loc_size, "%s", loc);
		header_value(h, "ETag", out->etag, sizeof(out->etag));
		header_value(h, "Last-Modified", out->last_modified, sizeof(out->last_modified));
		char ctype[256];
		header_value(h, "Content-Type", ctype, sizeof(ctype));
		charset_of(ctype, out->charset, sizeof(out->charset));
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return c;
}

static bool worth_retrying(CURLcode c, long status)
{
	if (c == CURLE_OK)
		return status >= 500 && status <= 599;
	return c == CURLE_OPERATION_TIMEDOUT || c == CURLE_COULDNT_CONNECT ||
	       c == CURLE_GOT_NOTHING || c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR;
}

int fetch_url(const char *url, const fetch_opts *o, fetch_result *out, char *why,
	      size_t why_size)
{
	memset(out, 0, sizeof(*out));
	char first[512], here[1024], location[1024];
	if (!origin_of(url, first, sizeof(first))) {
		snprintf(why, why_size, "%s: not a URL pacta can fetch", url);
		return -1;
	}
	snprintf(here, sizeof(here), "%s", url);
	int redirects = 0;
	long wait = o->retry_wait_ms;
	for (int attempt = 0;;) {
		sink s = {.max = o->max_bytes};
		long status = 0;
		fetch_result r = {0};
		CURLcode c = one_request(here, o, &s, &status, &r, location, sizeof(location));
		if (c == CURLE_OK && status >= 300 && status <= 399 && status != 304 && location[0]) {
			free(s.buf);
			char to[512];
			if (!origin_of(location, to, sizeof(to)) || strcmp(to, first) != 0) {
				snprintf(why, why_size,
					 "%s: redirected to %s, another host: refused (redirects are followed only within %s)",
					 here, location, first);
				return -1;
			}
			if (++redirects > MAX_REDIRECTS) {
				snprintf(why, why_size, "%s: more than %d redirects", url, MAX_REDIRECTS);
				return -1;
			}
			snprintf(here, sizeof(here), "%s", location);
			continue;
		}
		if (c == CURLE_OK && (status == 200 || status == 304)) {
			*out = r;
			out->status = status;
			snprintf(out->url, sizeof(out->url), "%s", here);
			if (status == 304) {
				free(s.buf);
			} else {
				out->body = s.buf ? s.buf : calloc(1, 1);
				out->len = s.len;
			}
			return 0;
		}
		free(s.buf);
		if (worth_retrying(c, status) && attempt < o->retries) {
			attempt++;
			if (!o->quiet)
				fprintf(stderr, "pacta: %s: %s; trying again in %ld ms (%d of %d)\n", here,
					c == CURLE_OK ? "server error" : curl_easy_strerror(c), wait,
					attempt, o->retries);
			sleep_ms(wait);
			wait *= 2;
			continue;
		}
		if (s.over || c == CURLE_FILESIZE_EXCEEDED)
			snprintf(why, why_size, "%s: the page is over the size limit of %zu bytes; nothing was read",
				 here, o->max_bytes);
		else if (c == CURLE_OPERATION_TIMEDOUT)
			snprintf(why, why_size, "%s: timed out (connect %ld ms, total %ld ms)%s", here,
				 o->connect_timeout_ms, o->timeout_ms,
				 attempt ? ", after every retry" : "");
		else if (c == CURLE_PARTIAL_FILE)
			snprintf(why, why_size, "%s: the transfer was cut off (fewer bytes than announced); nothing was read",
				 here);
		else if (c != CURLE_OK)
			snprintf(why, why_size, "%s: %s%s", here, curl_easy_strerror(c),
				 attempt ? ", after every retry" : "");
		else
			snprintf(why, why_size, "%s: HTTP status %ld%s", here, status,
				 attempt ? ", after every retry" : "");
		return -1;
	}
}

/* The charset a page's <meta> declares in its first 4 KiB, lower case. */
static void meta_charset(const char *text, size_t len, char *out, size_t size)
{
	out[0] = '\0';
	size_t n = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 8 < n; i++) {
		if (strncasecmp(text + i, "charset=", 8) != 0)
			continue;
		size_t j = i + 8, k = 0;
		while (j < n && (text[j] == '"' || text[j] == '\''))
			j++;
		while (j < n && k + 1 < size &&
		       (isalnum((unsigned char)text[j]) || text[j] == '-' || text[j] == '_'))
			out[k++] = (char)tolower((unsigned char)text[j++]);
		out[k] = '\0';
		return;
	}
}

/* The offset of the first byte that is not well-formed UTF-8, or len. */
static size_t utf8_bad_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t need;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			need = 1;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
			need = 3;
			min = 0x10000;
		} else {
			return i;
		}
		if (i + need >= len)
			return i;
		unsigned cp = c & (0x3F >> need);
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += need + 1;
	}
	return len;
}

bool fetch_encoding_ok(const char *text, size_t len, const char *charset, char *why,
		       size_t why_size)
{
	char meta[64];
	const char *cs = charset && *charset ? charset : NULL;
	if (!cs) {
		meta_charset(text, len, meta, sizeof(meta));
		cs = meta[0] ? meta : "utf-8"; /* HTML5's default for such a page */
	}
	bool ascii = strcmp(cs, "us-ascii") == 0 || strcmp(cs, "ascii") == 0;
	if (!ascii && strcmp(cs, "utf-8") != 0 && strcmp(cs, "utf8") != 0) {
		snprintf(why, why_size, "the page declares the encoding '%s'; pacta reads UTF-8 pages", cs);
		return false;
	}
	size_t bad = utf8_bad_at((const unsigned char *)text, len);
	if (bad == len && ascii) {
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)text[i] >= 0x80) {
				bad = i;
				break;
			}
	}
	if (bad < len) {
		snprintf(why, why_size,
			 "the page's bytes are not the %s it declares (byte %zu: 0x%02X); nothing was read",
			 ascii ? "US-ASCII" : "UTF-8", bad, (unsigned)(unsigned char)text[bad]);
		return false;
	}
	return true;
}

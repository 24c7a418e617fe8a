// SPDX-License-Identifier: GPL-2.0
/*
 * kvload: a seeded load generator for a key-value server on this machine,
 * memcached (its text protocol) or Redis (RESP), for the application
 * workloads of bench/kswapd-compare/run.
 *
 *   kvload --proto memcached|redis --port PORT|--socket PATH [--keys N]
 *          [--value-size BYTES] [--load] [--gets N] [--duration S]
 *          [--hot PCT:SHARE] [--seed N] [--connections N] [--wait S]
 *
 * It talks TCP to 127.0.0.1:PORT, or over a Unix socket (our guest kernel
 * has no TCP/IP: CONFIG_INET is off).
 *
 * With --load it first sets every key once, in order. Then it makes N gets
 * (or gets for S seconds, whichever ends first) of keys chosen by a seeded
 * PRNG: uniformly, or with --hot, SHARE percent of the gets to the hot PCT
 * percent of the keys, which are spread over the whole key set. Each of
 * the connections has one request outstanding at a time; the next key
 * goes to whichever connection answers first, so the keys asked for are
 * the same whatever the timing, only their order across connections
 * differs. Every value read back is checked against what --load stores for
 * that key. A refused connect is tried again for --wait seconds (default
 * 10), so that it can be started as soon as the server is.
 *
 * At the end it prints one line of key=value figures: the load phase's
 * time, the gets, hits and misses, throughput, and the latency percentiles
 * of the gets (from a log-linear histogram with 0.2% wide buckets), the
 * distinct keys asked for and a checksum of them (the same seed and key
 * count give the same checksum for the same number of gets). It exits 0 when every request succeeded
 * and every value was right, 1 on a connection or protocol error or a
 * wrong value, 2 on bad usage.
 */
#define _GNU_SOURCE		/* memmem, memrchr */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "loadgen.h"

#define MAX_CONNS	64
#define MAX_VALUE	(1 << 20)
#define KEY_LEN		16	/* "kv:" and 13 digits */
/* latency histogram: exact below 1024 ns, then 512 buckets per octave */
#define HIST_EXACT	1024
#define HIST_SUB	512
#define HIST_SHIFTS	30
#define HIST_BUCKETS	(HIST_EXACT + HIST_SHIFTS * HIST_SUB)
#define HIST_MAX_NS	((1ULL << 40) - 1)

enum kv_proto { PROTO_MEMCACHED, PROTO_REDIS };
enum kv_phase { PHASE_LOAD, PHASE_GET };

struct conn {
	char *in;		/* what the server sent, not parsed yet */
	size_t in_len, in_cap;
	uint64_t key;		/* the key of the request in flight */
	uint64_t t0;		/* when it was sent, ns */
	int fd;
	int busy;
};

struct kv {
	struct conn conns[MAX_CONNS];
	uint64_t hist[HIST_BUCKETS];
	char *req, *val;	/* a request, an expected value */
	uint8_t *seen;		/* a bit per key */
	uint64_t touched;	/* distinct keys asked for */
	uint64_t wait_ns;	/* how long to retry a refused connect */
	size_t value_size;
	uint64_t keys;
	struct lg_region pick;	/* the hot and cold keys */
	uint64_t rng, sum;
	uint64_t ops, hits, misses, bad;
	unsigned int hot_share, nconns;
	enum kv_proto proto;
	const char *socket;	/* a Unix socket's path, or NULL for TCP */
	int port;
};

static int err(const char *fmt, ...)
{
	va_list ap;

	fputs("kvload: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int key_name(char *buf, uint64_t key)
{
	return snprintf(buf, KEY_LEN + 1, "kv:%013" PRIu64, key);
}

/*
 * The value of a key: its name, then a pattern that depends on the key.
 * Compressible, as most cached values are, but no page of them is one
 * repeated value (zram would store such a page without compressing it).
 */
static void value_fill(char *buf, size_t size, uint64_t key)
{
	char name[KEY_LEN + 1];
	size_t i, n;

	n = key_name(name, key);
	for (i = 0; i < size; i++)
		buf[i] = i < n ? name[i] : (char)('a' + (key + i / 8) % 26);
}

static void hist_add(struct kv *kv, uint64_t ns)
{
	unsigned int shift;
	uint64_t m;

	if (ns > HIST_MAX_NS)
		ns = HIST_MAX_NS;
	if (ns < HIST_EXACT) {
		kv->hist[ns]++;
		return;
	}
	shift = 63 - __builtin_clzll(ns) - 9;
	m = ns >> shift;
	kv->hist[HIST_EXACT + (shift - 1) * HIST_SUB + (m - HIST_SUB)]++;
}

/* the middle of a bucket, ns */
static double hist_value(unsigned int idx)
{
	unsigned int shift;
	uint64_t m;

	if (idx < HIST_EXACT)
		return idx;
	shift = (idx - HIST_EXACT) / HIST_SUB + 1;
	m = (idx - HIST_EXACT) % HIST_SUB + HIST_SUB;
	return ((m << shift) + ((m + 1) << shift) - 1) / 2.0;
}

/* the latency at per mille @pm by nearest rank, us; 0 without samples */
static double hist_pct(struct kv *kv, unsigned int pm)
{
	uint64_t rank, seen = 0;
	unsigned int i;

	if (!kv->ops)
		return 0;
	rank = (kv->ops * pm + 999) / 1000;
	if (!rank)
		rank = 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += kv->hist[i];
		if (seen >= rank)
			return hist_value(i) / 1000;
	}
	return hist_value(HIST_BUCKETS - 1) / 1000;
}

static double hist_max(struct kv *kv)
{
	int i;

	for (i = HIST_BUCKETS - 1; i >= 0; i--)
		if (kv->hist[i])
			return hist_value(i) / 1000;
	return 0;
}

static int conn_open(struct kv *kv, struct conn *c)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint64_t give_up = lg_now_ns() + kv->wait_ns;
	struct sockaddr *sa;
	socklen_t len;
	int one = 1, e = 0;

	if (kv->socket) {
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", kv->socket);
		sa = (struct sockaddr *)&sun;
		len = sizeof(sun);
	} else {
		sin.sin_port = htons(kv->port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa = (struct sockaddr *)&sin;
		len = sizeof(sin);
	}
	for (;;) {
		c->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (c->fd < 0)
			return err("socket: %s", strerror(errno));
		if (!connect(c->fd, sa, len))
			break;
		e = errno;
		close(c->fd);
		c->fd = -1;
		/* a server that is still starting: try again for --wait */
		if ((e != ECONNREFUSED && e != ENOENT) || lg_now_ns() >= give_up)
			break;
		usleep(50000);
	}
	if (c->fd < 0 && kv->socket)
		return err("cannot connect to %s: %s (is the server running on that socket?)",
			   kv->socket, strerror(e));
	if (c->fd < 0)
		return err("cannot connect to 127.0.0.1:%d: %s (is the server running on that port?)",
			   kv->port, strerror(e));
	if (!kv->socket)
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->in_cap = kv->value_size + 256;
	c->in = malloc(c->in_cap);
	if (!c->in)
		return err("out of memory");
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err("sending a request: %s", n < 0 ? strerror(errno) : "no progress");
		buf += n;
		len -= n;
	}
	return 0;
}

/* send the request for @key: a set in the load phase, else a get */
static int conn_send(struct kv *kv, struct conn *c, enum kv_phase phase, uint64_t key)
{
	char name[KEY_LEN + 1];
	size_t len;
	int klen;

	klen = key_name(name, key);
	if (kv->proto == PROTO_MEMCACHED && phase == PHASE_LOAD) {
		len = sprintf(kv->req, "set %s 0 0 %zu\r\n", name, kv->value_size);
		value_fill(kv->req + len, kv->value_size, key);
		len += kv->value_size;
		len += sprintf(kv->req + len, "\r\n");
	} else if (kv->proto == PROTO_MEMCACHED) {
		len = sprintf(kv->req, "get %s\r\n", name);
	} else if (phase == PHASE_LOAD) {
		len = sprintf(kv->req, "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%zu\r\n",
			      klen, name, kv->value_size);
		value_fill(kv->req + len, kv->value_size, key);
		len += kv->value_size;
		len += sprintf(kv->req + len, "\r\n");
	} else {
		len = sprintf(kv->req, "*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n", klen, name);
	}
	c->key = key;
	c->busy = 1;
	c->t0 = lg_now_ns();
	return write_all(c->fd, kv->req, len);
}

/* the first line of @c's input, for an error message */
static const char *first_line(struct conn *c)
{
	static char line[128];
	size_t i;

	for (i = 0; i < c->in_len && i < sizeof(line) - 1; i++) {
		if (c->in[i] == '\r' || c->in[i] == '\n')
			break;
		line[i] = c->in[i];
	}
	line[i] = '\0';
	return line;
}

static int check_value(struct kv *kv, struct conn *c, const char *data, size_t len)
{
	if (len == kv->value_size) {
		value_fill(kv->val, len, c->key);
		if (!memcmp(kv->val, data, len))
			return 0;
	}
	if (kv->bad++ < 10)
		err("the value of key %" PRIu64 " is wrong (%zu bytes, want %zu)",
		    c->key, len, kv->value_size);
	return 0;
}

/*
 * One whole response at the start of @c's input: its length, 0 while it is
 * incomplete, -1 on an error response or one we do not understand. A get
 * counts as a hit or a miss.
 */
static long parse_reply(struct kv *kv, struct conn *c, enum kv_phase phase)
{
	char *eol = memmem(c->in, c->in_len, "\r\n", 2);
	size_t head, len;
	char *end;

	if (!eol)
		return 0;
	head = eol - c->in + 2;
	if (kv->proto == PROTO_MEMCACHED) {
		if (phase == PHASE_LOAD) {
			if (head == 8 && !memcmp(c->in, "STORED\r\n", 8))
				return head;
		} else if (head == 5 && !memcmp(c->in, "END\r\n", 5)) {
			kv->misses++;
			return head;
		} else if (!strncmp(c->in, "VALUE kv:", 9)) {
			/* VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n */
			char *p = memrchr(c->in, ' ', eol - c->in);

			len = p ? strtoull(p + 1, &end, 10) : 0;
			if (!p || end != eol || len > MAX_VALUE)
				return err("memcached sent a VALUE line we do not understand: '%s'",
					   first_line(c));
			if (c->in_len < head + len + 7)
				return 0;
			if (memcmp(c->in + head + len, "\r\nEND\r\n", 7))
				return err("memcached's reply to a get does not end with END");
			kv->hits++;
			check_value(kv, c, c->in + head, len);
			return head + len + 7;
		}
		return err("memcached answered '%s' to a %s", first_line(c),
			   phase == PHASE_LOAD ? "set" : "get");
	}
	if (phase == PHASE_LOAD) {
		if (head == 5 && !memcmp(c->in, "+OK\r\n", 5))
			return head;
	} else if (head == 5 && !memcmp(c->in, "$-1\r\n", 5)) {
		kv->misses++;
		return head;
	} else if (c->in[0] == '$') {
		len = strtoull(c->in + 1, &end, 10);
		if (end != eol || len > MAX_VALUE)
			return err("redis sent a bulk string header we do not understand: '%s'",
				   first_line(c));
		if (c->in_len < head + len + 2)
			return 0;
		if (memcmp(c->in + head + len, "\r\n", 2))
			return err("redis's bulk string does not end with CRLF");
		kv->hits++;
		check_value(kv, c, c->in + head, len);
		return head + len + 2;
	}
	return err("redis answered '%s' to a %s", first_line(c),
		   phase == PHASE_LOAD ? "SET" : "GET");
}

/* read what @c has; 1 when its response is complete, 0 if not yet, -1 */
static int conn_recv(struct kv *kv, struct conn *c, enum kv_phase phase)
{
	ssize_t n;
	long used;

	if (c->in_len == c->in_cap) {
		char *p = realloc(c->in, c->in_cap * 2);

		if (!p)
			return err("out of memory");
		c->in = p;
		c->in_cap *= 2;
	}
	n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
	if (n < 0 && errno == EINTR)
		return 0;
	if (n <= 0)
		return err("reading a response: %s",
			   n < 0 ? strerror(errno) : "the server closed the connection");
	c->in_len += n;
	used = parse_reply(kv, c, phase);
	if (used <= 0)
		return used;
	if ((size_t)used != c->in_len)
		return err("the server sent more than one response to one request");
	c->in_len = 0;
	c->busy = 0;
	return 1;
}

/* the key of the @nth request of a phase; the gets' keys go into the sum */
static uint64_t next_key(struct kv *kv, enum kv_phase phase, uint64_t nth)
{
	uint64_t key;

	if (phase == PHASE_LOAD)
		return nth;
	key = lg_region_pick(&kv->pick, &kv->rng);
	kv->sum += (key + 1) * 0x9e3779b97f4a7c15ULL;
	if (!(kv->seen[key >> 3] & (1 << (key & 7)))) {
		kv->seen[key >> 3] |= 1 << (key & 7);
		kv->touched++;
	}
	return key;
}

/*
 * One phase: the load phase sets keys 0 to @n - 1, the get phase gets @n
 * keys from the PRNG, or fewer if @deadline (ns, 0 for none) comes first.
 */
static int run_phase(struct kv *kv, enum kv_phase phase, uint64_t n, uint64_t deadline)
{
	struct pollfd pfd[MAX_CONNS];
	uint64_t issued = 0, key;
	unsigned int i, busy = 0;

	for (i = 0; i < kv->nconns && issued < n; i++, issued++, busy++) {
		key = next_key(kv, phase, issued);
		if (conn_send(kv, &kv->conns[i], phase, key))
			return -1;
	}
	while (busy) {
		unsigned int np = 0;

		for (i = 0; i < kv->nconns; i++) {
			if (!kv->conns[i].busy)
				continue;
			pfd[np].fd = kv->conns[i].fd;
			pfd[np].events = POLLIN;
			np++;
		}
		if (poll(pfd, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			return err("poll: %s", strerror(errno));
		}
		np = 0;
		for (i = 0; i < kv->nconns; i++) {
			struct conn *c = &kv->conns[i];
			int r;

			if (!c->busy)
				continue;
			if (!pfd[np++].revents)
				continue;
			r = conn_recv(kv, c, phase);
			if (r < 0)
				return -1;
			if (!r)
				continue;
			busy--;
			if (phase == PHASE_GET) {
				hist_add(kv, lg_now_ns() - c->t0);
				kv->ops++;
			}
			if (issued == n || (deadline && lg_now_ns() >= deadline))
				continue;
			key = next_key(kv, phase, issued);
			issued++;
			busy++;
			if (conn_send(kv, c, phase, key))
				return -1;
		}
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: kvload --proto memcached|redis --port PORT|--socket PATH [--keys N]\n"
		"              [--value-size BYTES] [--load] [--gets N] [--duration S]\n"
		"              [--hot PCT:SHARE] [--seed N] [--connections N] [--wait S]\n"
		"Talks to 127.0.0.1:PORT or a Unix socket. Defaults: --keys 100000 --value-size 1024 --connections 4\n"
		"--seed 1, uniform keys (--hot 100:100), and as many gets as keys unless --gets or\n"
		"--duration says otherwise; with both, whichever ends first. A refused connection\n"
		"is tried again for --wait seconds (default 10: a server that is starting).\n");
}

static int bad_arg(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "kvload: %s takes %s, not '%s'\n", opt, want, arg);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "proto", required_argument, NULL, 'P' },
		{ "port", required_argument, NULL, 'p' },
		{ "socket", required_argument, NULL, 'S' },
		{ "keys", required_argument, NULL, 'k' },
		{ "value-size", required_argument, NULL, 'v' },
		{ "load", no_argument, NULL, 'l' },
		{ "gets", required_argument, NULL, 'g' },
		{ "duration", required_argument, NULL, 'd' },
		{ "hot", required_argument, NULL, 'H' },
		{ "seed", required_argument, NULL, 's' },
		{ "connections", required_argument, NULL, 'c' },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct kv *kv = calloc(1, sizeof(*kv));
	unsigned long long v, seed = 1, gets = 0, duration = 0;
	unsigned int hot_pct = 100, i;
	uint64_t t0, t1, t2, deadline = 0;
	int c, load = 0, have_proto = 0;
	const char *proto_name = NULL;

	if (!kv) {
		fprintf(stderr, "kvload: out of memory\n");
		return 1;
	}
	kv->keys = 100000;
	kv->value_size = 1024;
	kv->nconns = 4;
	kv->hot_share = 100;
	kv->wait_ns = 10000000000ULL;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			if (!strcmp(optarg, "memcached"))
				kv->proto = PROTO_MEMCACHED;
			else if (!strcmp(optarg, "redis"))
				kv->proto = PROTO_REDIS;
			else
				return bad_arg("--proto", optarg, "memcached or redis");
			proto_name = optarg;
			have_proto = 1;
			break;
		case 'p':
			if (lg_parse_uint(optarg, 65535, &v) || !v)
				return bad_arg("--port", optarg, "a TCP port, 1 to 65535");
			kv->port = v;
			break;
		case 'S':
			if (!*optarg || strlen(optarg) >= sizeof(((struct sockaddr_un *)0)->sun_path))
				return bad_arg("--socket", optarg, "the path of a Unix socket, 1 to 107 bytes");
			kv->socket = optarg;
			break;
		case 'k':
			if (lg_parse_uint(optarg, 1ULL << 40, &v) || !v)
				return bad_arg("--keys", optarg, "a count of 1 or more");
			kv->keys = v;
			break;
		case 'v':
			if (lg_parse_uint(optarg, MAX_VALUE, &v) || v < KEY_LEN)
				return bad_arg("--value-size", optarg, "a size in bytes, 16 to 1048576");
			kv->value_size = v;
			break;
		case 'l':
			load = 1;
			break;
		case 'g':
			if (lg_parse_uint(optarg, 1ULL << 48, &v) || !v)
				return bad_arg("--gets", optarg, "a count of 1 or more");
			gets = v;
			break;
		case 'd':
			if (lg_parse_uint(optarg, 86400, &v) || !v)
				return bad_arg("--duration", optarg, "seconds, 1 to 86400");
			duration = v;
			break;
		case 'H':
			if (lg_parse_hot(optarg, &hot_pct, &kv->hot_share))
				return bad_arg("--hot", optarg, "PCT:SHARE, e.g. 20:80");
			break;
		case 's':
			if (lg_parse_uint(optarg, UINT64_MAX, &v))
				return bad_arg("--seed", optarg, "a number");
			seed = v;
			break;
		case 'c':
			if (lg_parse_uint(optarg, MAX_CONNS, &v) || !v)
				return bad_arg("--connections", optarg, "a count, 1 to 64");
			kv->nconns = v;
			break;
		case 'w':
			if (lg_parse_uint(optarg, 3600, &v))
				return bad_arg("--wait", optarg, "seconds, 0 to 3600");
			kv->wait_ns = v * 1000000000ULL;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kvload: unexpected argument '%s'\n", argv[optind]);
		usage();
		return 2;
	}
	if (!have_proto || !kv->port == !kv->socket) {
		fprintf(stderr, "kvload: give the server: --proto memcached|redis and one of --port PORT or --socket PATH\n");
		usage();
		return 2;
	}
	if (!gets && !duration)
		gets = kv->keys;
	if (!gets)
		gets = UINT64_MAX;

	kv->rng = seed;
	lg_region_init(&kv->pick, kv->keys, hot_pct, kv->hot_share);
	kv->req = malloc(kv->value_size + 128);
	kv->val = malloc(kv->value_size);
	kv->seen = calloc(kv->keys / 8 + 1, 1);
	if (!kv->req || !kv->val || !kv->seen) {
		fprintf(stderr, "kvload: out of memory\n");
		return 1;
	}
	/* a server that goes away is an error we report, not a SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < kv->nconns; i++)
		if (conn_open(kv, &kv->conns[i]))
			return 1;

	t0 = lg_now_ns();
	if (load && run_phase(kv, PHASE_LOAD, kv->keys, 0))
		return 1;
	t1 = lg_now_ns();
	if (duration)
		deadline = t1 + duration * 1000000000ULL;
	if (run_phase(kv, PHASE_GET, gets, deadline))
		return 1;
	t2 = lg_now_ns();

	/* one line of key=value, printed a few keys at a time */
	printf("kvload: proto=%s seed=%llu keys=%" PRIu64 " value_size=%zu connections=%u",
	       proto_name, seed, kv->keys, kv->value_size, kv->nconns);
	printf(" loaded=%" PRIu64 " load_s=%.3f", load ? kv->keys : 0, (t1 - t0) / 1e9);
	printf(" ops=%" PRIu64 " hits=%" PRIu64 " misses=%" PRIu64 " hit_ratio=%.4f",
	       kv->ops, kv->hits, kv->misses, kv->ops ? (double)kv->hits / kv->ops : 0);
	printf(" measure_s=%.3f ops_per_s=%.0f", (t2 - t1) / 1e9,
	       t2 > t1 ? kv->ops / ((t2 - t1) / 1e9) : 0);
	printf(" lat_p50_us=%.1f lat_p99_us=%.1f lat_p999_us=%.1f lat_max_us=%.1f",
	       hist_pct(kv, 500), hist_pct(kv, 990), hist_pct(kv, 999), hist_max(kv));
	printf(" touched=%" PRIu64 " checksum=%016" PRIx64 " bad_values=%" PRIu64 "\n",
	       kv->touched, kv->sum, kv->bad);
	return kv->bad ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen exporter: the generations, cold memory, evictions, refaults and
 * proactive reclaim of every node and memcg as Prometheus/OpenMetrics
 * metrics, over HTTP (-l), into node exporter's textfile collector
 * (--textfile) or once to stdout (--once), with lrugen autoreclaim's
 * decisions when a controller runs (its state file, --state). The system is
 * sampled every -d SEC and the text made then, so that a scrape only
 * copies it out; lib/metrics.c makes the figures and the text.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <tracefs.h>

#include "arstate.h"
#include "cli.h"
#include "events.h"
#include "metrics.h"
#include "parse.h"
#include "session.h"
#include "source.h"
#include "util.h"

#define DEFAULT_LISTEN	"127.0.0.1:9756"
#define EVENT_BUFFER_KB	2048	/* per CPU */
#define DRAIN_S		1.0	/* events are read this often, samples or not */
#define REQUEST_MAX	8192	/* a request's line and headers */
#define READ_TIMEOUT_S	5.0	/* a client has this long to send its request */
#define WRITE_TIMEOUT_S	10.0	/* and to take the answer */
#define MAX_CPUS	4096

struct exporter_opts {
	const char *listen;
	const char *textfile;
	const char *state;
	bool once;
	bool events;
	double delay;
	double window;
	long top;
};

/*
 * The events the exporter counts (evictions, proactive reclaim requests),
 * from a tracefs instance of its own, lrugen-NS-PID as lrugen top's: the
 * session's trace source feeds only the model, which keeps no per-type
 * totals.
 */
struct exporter_events {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	struct event_decoder dec;
	struct metrics *mx;
	int nr_cpus;
	uint64_t lost;
	bool lost_seen;
};

/* for the crash handler, which may only rmdir(2) */
static char instance_dir[PATH_MAX + sizeof("/instances/") + 64];

static void on_crash(int sig)
{
	static const char msg[] = "lrugen exporter: fatal signal; tracefs instance removed\n";
	int fd;

	if (instance_dir[0]) {
		/* open trace_pipe_raw files hold the instance busy */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		rmdir(instance_dir);
	}
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* the fatal signals remove this instance too; SIGPIPE is ignored: send() says EPIPE */
static void exporter_signals(void)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(crash); i++)
		sigaction(crash[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int on_record(struct tep_event *event, struct tep_record *rec, int cpu, void *ctx)
{
	struct exporter_events *x = ctx;
	struct lrugen_event ev;

	(void)cpu;
	if (rec->missed_events)
		x->lost_seen = true;
	if (decoder_decode(&x->dec, event->id, rec, &ev))
		metrics_event(x->mx, &ev);
	return 0;
}

/* events lost since the instance was made: overrun and dropped, every CPU */
static uint64_t events_lost(struct exporter_events *x)
{
	uint64_t lost = 0;
	int cpu;

	for (cpu = 0; cpu < x->nr_cpus; cpu++)
		lost += trace_cpu_lost(x->inst, cpu);
	return lost;
}

static void events_close(struct exporter_events *x)
{
	if (x->inst) {
		tracefs_trace_off(x->inst);
		tracefs_instance_destroy(x->inst);
		tracefs_instance_free(x->inst);
		x->inst = NULL;
	}
	instance_dir[0] = 0;
	tep_free(x->tep);
	x->tep = NULL;
}

/*
 * Make the instance, with lru_gen_evict and the proactive reclaim end
 * enabled. Return 0, or 1 after saying on stderr why the exporter goes on
 * without the event counters.
 */
static int events_open(struct exporter_events *x, struct metrics *mx)
{
	static const char *const systems[] = { "lru_gen", "vmscan", NULL };
	static const int wanted[] = { EVT_EVICT, EVT_PROACTIVE_END };
	static char tracing_dir[PATH_MAX];
	struct buf mounts = { 0 };
	const char *why = NULL;
	char name[64];
	size_t i;

	x->mx = mx;
	if (*lrugen_root) {
		why = "offline (LRUGEN_ROOT): no events";
		goto out;
	}
	if (read_file("/proc/mounts", &mounts) ||
	    parse_tracefs_mount(mounts.data, tracing_dir, sizeof(tracing_dir)) ||
	    tracefs_set_tracing_dir(tracing_dir)) {
		buf_free(&mounts);
		why = "tracefs is not mounted (lrugen does not mount it)";
		goto out;
	}
	buf_free(&mounts);
	if (!tracefs_event_file_exists(NULL, "lru_gen", event_names[EVT_EVICT], "format")) {
		why = "no lru_gen events (a kernel without the lrugen series?)";
		goto out;
	}
	trace_remove_stale_instances();
	x->tep = tracefs_local_events_system(NULL, systems);
	if (!x->tep || !decoder_init(&x->dec, x->tep) || x->dec.ev[EVT_EVICT].id < 0) {
		why = "the lru_gen events do not match tracepoints/formats";
		goto out;
	}
	trace_instance_name(name, sizeof(name));
	snprintf(instance_dir, sizeof(instance_dir), "%s/instances/%s", tracing_dir, name);
	x->inst = tracefs_instance_create(name);
	if (!x->inst) {
		instance_dir[0] = 0;
		why = "cannot create a tracefs instance";
		goto out;
	}
	tracefs_trace_off(x->inst);
	if (tracefs_instance_set_buffer_size(x->inst, EVENT_BUFFER_KB, -1)) {
		why = "cannot size the instance's ring buffer";
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(wanted); i++) {
		if (x->dec.ev[wanted[i]].id < 0)
			continue;
		if (tracefs_event_enable(x->inst, event_systems[wanted[i]], event_names[wanted[i]])) {
			why = "cannot enable the events";
			goto out;
		}
	}
	x->nr_cpus = sysconf(_SC_NPROCESSORS_CONF);
	if (x->nr_cpus < 1 || x->nr_cpus > MAX_CPUS)
		x->nr_cpus = MAX_CPUS;
	if (tracefs_trace_on(x->inst)) {
		why = "cannot turn tracing on in the instance";
		goto out;
	}
	if (x->dec.ev[EVT_PROACTIVE_END].id < 0)
		fprintf(stderr, "lrugen exporter: no mm_vmscan_proactive_reclaim_end event: the proactive request counters stay 0\n");
	return 0;
out:
	events_close(x);
	fprintf(stderr, "lrugen exporter: %s: evictions and proactive requests are not exported\n", why);
	return 1;
}

static int events_drain(struct exporter_events *x)
{
	if (!x->inst)
		return 0;
	if (tracefs_iterate_raw_events(x->tep, x->inst, NULL, 0, on_record, x) < 0)
		return -1;
	if (x->lost_seen) {
		x->lost_seen = false;
		x->lost = events_lost(x);
	}
	return 0;
}

/**
 * struct exporter - the exporter's state
 * @s: the session (snapshot source only)
 * @mx: the metrics
 * @ev: the event source
 * @text: the last sample as Prometheus 0.0.4 and as OpenMetrics text
 * @warned: the last sample warning said, so that it is said once
 * @ar_warned: the last word on the controller's state file, likewise
 * @state: the controller's state file (--state, or ARSTATE_DEFAULT_PATH),
 *         as metrics_read_autoreclaim() takes it
 */
struct exporter {
	const char *state;
	struct session s;
	struct metrics mx;
	struct exporter_events ev;
	struct buf text[2];
	char warned[sizeof(((struct session *)0)->warning)];
	char ar_warned[4096 + 256];
};

/*
 * lrugen autoreclaim's state file into the sample. A file that cannot be
 * read, or a stale one, is said once (until what is wrong changes) and
 * counts as no controller: the exporter goes on.
 */
static int sample_autoreclaim(struct exporter *x)
{
	char err[sizeof(x->ar_warned)];
	double start_s, written_s;
	struct arstate st;
	int ret;

	ret = metrics_read_autoreclaim(x->state, &st, &start_s, &written_s,
				       x->mx.opts.ticks_per_s, err, sizeof(err));
	if (ret <= 0 && strcmp(err, x->ar_warned) && err[0])
		fprintf(stderr, "lrugen exporter: lrugen autoreclaim's state: %s\n", err);
	snprintf(x->ar_warned, sizeof(x->ar_warned), "%s", ret > 0 ? "" : err);
	ret = metrics_autoreclaim(&x->mx, ret > 0 ? &st : NULL, start_s, written_s);
	arstate_free(&st);
	return ret;
}

/* take a sample and make its text; -1 after saying why on stderr */
static int sample(struct exporter *x)
{
	struct metrics_refaults rf;
	struct timespec wall;
	double t0 = now_s();
	int ret;

	if (events_drain(&x->ev)) {
		fprintf(stderr, "lrugen exporter: reading events failed: %s\n", strerror(errno));
		return -1;
	}
	ret = session_refresh(&x->s);
	if (ret < 0) {
		fprintf(stderr, "lrugen exporter: %s\n", x->s.error);
		return -1;
	}
	if (ret > 0 && strcmp(x->warned, x->s.warning))
		fprintf(stderr, "lrugen exporter: %s\n", x->s.warning);
	snprintf(x->warned, sizeof(x->warned), "%s", x->s.warning);
	x->s.model.ev_lost = x->ev.lost;
	ret = metrics_read_refaults(&x->s.model, &rf);
	if (ret < 0 || metrics_sample(&x->mx, &x->s.model, ret < 0 ? NULL : &rf)) {
		if (ret >= 0)
			metrics_refaults_free(&rf);
		fprintf(stderr, "lrugen exporter: out of memory\n");
		return -1;
	}
	metrics_refaults_free(&rf);
	if (sample_autoreclaim(x)) {
		fprintf(stderr, "lrugen exporter: out of memory\n");
		return -1;
	}
	if (x->mx.wss_error && x->mx.samples == 1)
		fprintf(stderr, "lrugen exporter: the working-set estimate failed (%s): no lrugen_working_set_bytes, lrugen_cold_bytes or lrugen_lru_age_bytes\n",
			strerror(-x->mx.wss_error));
	clock_gettime(CLOCK_REALTIME, &wall);
	x->mx.sampled_at = wall.tv_sec + wall.tv_nsec / 1e9;
	x->mx.sample_s = now_s() - t0;
	if (metrics_format(&x->mx, METRICS_PROMETHEUS, &x->text[METRICS_PROMETHEUS]) ||
	    metrics_format(&x->mx, METRICS_OPENMETRICS, &x->text[METRICS_OPENMETRICS])) {
		fprintf(stderr, "lrugen exporter: out of memory\n");
		return -1;
	}
	return 0;
}

/* write the whole of @s to @fd; -errno on failure */
static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		s += w;
		n -= w;
	}
	return 0;
}

/*
 * PATH.tmp, then rename(2): node exporter's textfile collector never reads
 * half a file. Return 0, or -1 after saying why on stderr.
 */
static int write_textfile(const char *path, const struct buf *text)
{
	char tmp[PATH_MAX];
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "lrugen exporter: --textfile %s: the path is too long\n", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "lrugen exporter: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	err = write_all(fd, text->data, text->len);
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		fprintf(stderr, "lrugen exporter: cannot write %s: %s\n", path, strerror(-err));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * ADDR:PORT, [ADDR]:PORT for IPv6, :PORT for every address; numeric only.
 * Return a bound, listening socket, -2 after saying on stderr what is
 * wrong with @spec, or -1 after saying why it could not be bound.
 */
static int listen_on(const char *spec, char *shown, size_t shown_size)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	const char *orig = spec;
	char host[256], port[16], *end;
	const char *colon;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	size_t hl;
	long p;
	int fd, one = 1, err;

	colon = strrchr(spec, ':');
	if (!colon || !colon[1] || strlen(colon + 1) >= sizeof(port))
		goto bad;
	hl = colon - spec;
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		spec++;
		hl -= 2;
	} else if (memchr(spec, ':', hl)) {
		goto bad;	/* an IPv6 address needs its brackets */
	}
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, spec, hl);
	host[hl] = 0;
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (*end || errno || p < 0 || p > 65535 || colon[1] < '0' || colon[1] > '9')
		goto bad;
	snprintf(port, sizeof(port), "%ld", p);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(hl ? host : NULL, port, &hints, &ai) || !ai)
		goto bad;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "lrugen exporter: cannot make a socket for %s: %s\n", spec, strerror(errno));
		freeaddrinfo(ai);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 16)) {
		err = errno;
		fprintf(stderr, "lrugen exporter: cannot listen on %s: %s%s\n", orig, strerror(err), err == EADDRINUSE ? " (another exporter? pick another port with -l)" : "");
		freeaddrinfo(ai);
		close(fd);
		return -1;
	}
	freeaddrinfo(ai);
	/* port 0: the kernel picked one; say which */
	if (!getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		char a[INET6_ADDRSTRLEN] = "";

		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
			snprintf(shown, shown_size, "[%s]:%u", a, ntohs(s6->sin6_port));
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
			snprintf(shown, shown_size, "%s:%u", a, ntohs(s4->sin_port));
		}
	}
	return fd;
bad:
	if (ai)
		freeaddrinfo(ai);
	fprintf(stderr, "lrugen exporter: --listen takes ADDR:PORT with a numeric address and a port from 0 to 65535 (127.0.0.1:9756, [::1]:9756, :9756 for every address), not '%s'\n",
		orig);
	return -2;
}

/* poll one fd for @events until @deadline (now_s()); 1 ready, 0 timeout or stop */
static int wait_fd(int fd, short events, double deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		double left = deadline - now_s();
		int n;

		if (session_stop || left <= 0)
			return 0;
		n = poll(&pfd, 1, (int)ceil(left * 1000));
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return 0;
	}
}

static void send_all(int fd, const char *s, size_t n)
{
	double deadline = now_s() + WRITE_TIMEOUT_S;

	while (n && wait_fd(fd, POLLOUT, deadline)) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void respond(int fd, const char *status, const char *type, const char *body,
		    size_t len, bool head)
{
	char hdr[512];
	int n;

	n = snprintf(hdr, sizeof(hdr),
		     "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		     status, type, len);
	send_all(fd, hdr, n);
	if (!head)
		send_all(fd, body, len);
}

/* the value of header @name in @req (ended by a NUL), copied into @out */
static void header(const char *req, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name);
	const char *p = strstr(req, "\r\n");

	out[0] = 0;
	while (p && p[2] && !(p[2] == '\r' && p[3] == '\n')) {
		p += 2;
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1, *e = strstr(v, "\r\n");
			size_t len;

			while (*v == ' ' || *v == '\t')
				v++;
			len = e ? (size_t)(e - v) : strlen(v);
			if (len >= size)
				len = size - 1;
			memcpy(out, v, len);
			out[len] = 0;
			return;
		}
		p = strstr(p, "\r\n");
	}
}

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>lrugen exporter</title></head><body>\n"
	"<h1>lrugen exporter</h1>\n<p>The multi-gen LRU of every node and memcg: <a href=\"/metrics\">/metrics</a></p>\n"
	"</body></html>\n";

/*
 * One request: GET or HEAD of /metrics or /; 404 for another path, 405
 * for another method, 400 for what is not HTTP. A client that does not
 * send its request within READ_TIMEOUT_S is dropped.
 */
static void serve(struct exporter *x, int fd)
{
	static const char not_found[] = "not found: the metrics are at /metrics\n";
	static const char bad[] = "bad request\n";
	char req[REQUEST_MAX + 1], method[16], target[1024], accept[1024];
	double deadline = now_s() + READ_TIMEOUT_S;
	size_t len = 0;
	bool head;

	req[0] = 0;
	while (!strstr(req, "\r\n\r\n")) {
		ssize_t n;

		if (len == REQUEST_MAX) {
			respond(fd, "431 Request Header Fields Too Large", "text/plain; charset=utf-8",
				bad, sizeof(bad) - 1, false);
			return;
		}
		if (!wait_fd(fd, POLLIN, deadline))
			return;
		n = recv(fd, req + len, REQUEST_MAX - len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return;
		len += n;
		req[len] = 0;
		if (memchr(req, 0, len))
			break;	/* not text: refused below */
	}
	if (sscanf(req, "%15s %1023s HTTP/%*d.%*d", method, target) != 2 ||
	    memchr(req, 0, len)) {
		respond(fd, "400 Bad Request", "text/plain; charset=utf-8", bad, sizeof(bad) - 1, false);
		return;
	}
	head = !strcmp(method, "HEAD");
	if (strcmp(method, "GET") && !head) {
		static const char msg[] = "only GET and HEAD\n";

		respond(fd, "405 Method Not Allowed\r\nAllow: GET, HEAD", "text/plain; charset=utf-8",
			msg, sizeof(msg) - 1, false);
		return;
	}
	target[strcspn(target, "?")] = 0;
	if (!strcmp(target, "/metrics")) {
		enum metrics_format f;

		header(req, "Accept", accept, sizeof(accept));
		f = metrics_negotiate(accept);
		respond(fd, "200 OK", metrics_content_type(f), x->text[f].data, x->text[f].len, head);
	} else if (!strcmp(target, "/")) {
		respond(fd, "200 OK", "text/html; charset=utf-8", index_page, sizeof(index_page) - 1,
			head);
	} else {
		respond(fd, "404 Not Found", "text/plain; charset=utf-8", not_found,
			sizeof(not_found) - 1, head);
	}
}

/* wait until @until (now_s()), reading events every DRAIN_S; serve @lfd if >= 0 */
static int idle(struct exporter *x, int lfd, double until)
{
	double next_drain = now_s() + DRAIN_S;

	while (!session_stop) {
		double now = now_s(), wake = until < next_drain ? until : next_drain;
		struct pollfd pfd = { .fd = lfd, .events = POLLIN };
		int n;

		if (now >= until)
			return 0;
		if (now >= next_drain) {
			if (events_drain(&x->ev)) {
				fprintf(stderr, "lrugen exporter: reading events failed: %s\n", strerror(errno));
				return -1;
			}
			next_drain = now + DRAIN_S;
			continue;
		}
		n = poll(&pfd, lfd >= 0, (int)ceil((wake - now) * 1000));
		if (n > 0 && lfd >= 0) {
			int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (c >= 0) {
				serve(x, c);
				close(c);
			}
		}
	}
	return 0;
}

static int parse_window(const char *s, double *w)
{
	char *end;

	errno = 0;
	*w = strtod(s, &end);
	if (errno || end == s || *end || !(*w >= 1 && *w <= 86400)) {
		fprintf(stderr, "lrugen exporter: the window must be 1 to 86400 seconds, not '%s'\n", s);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct exporter_opts *o)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "textfile", required_argument, NULL, 'T' },
		{ "once", no_argument, NULL, 'o' },
		{ "delay", required_argument, NULL, 'd' },
		{ "window", required_argument, NULL, 'w' },
		{ "top", required_argument, NULL, 'N' },
		{ "no-events", no_argument, NULL, 'E' },
		{ "state", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, modes = 0;
	size_t n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "l:d:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o->listen = optarg;
			modes |= 1;
			break;
		case 'T':
			o->textfile = optarg;
			modes |= 2;
			break;
		case 'o':
			o->once = true;
			modes |= 4;
			break;
		case 'd':
			if (option_delay(optarg, &o->delay))
				return -1;
			break;
		case 'w':
			if (parse_window(optarg, &o->window))
				return -1;
			break;
		case 'N':
			if (parse_count("--top", optarg, 1000000, &o->top))
				return -1;
			break;
		case 'E':
			o->events = false;
			break;
		case 'S':
			if (state_file_arg("exporter", optarg))
				return -1;
			o->state = optarg;
			break;
		case 'h':
			usage(stdout, "exporter");
			exit(0);
		default:
			usage(stderr, "exporter");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lrugen exporter: unexpected argument '%s'\n", argv[optind]);
		usage(stderr, "exporter");
		return -1;
	}
	if (modes & (modes - 1)) {
		fprintf(stderr, "lrugen exporter: -l, --textfile and --once are one or the other\n");
		return -1;
	}
	if (o->textfile) {
		n = strlen(o->textfile);
		if (n < 6 || strcmp(o->textfile + n - 5, ".prom") || o->textfile[n - 6] == '/') {
			fprintf(stderr, "lrugen exporter: --textfile must name a file ending in .prom (node exporter's textfile collector reads only those), not '%s'\n",
				o->textfile);
			return -1;
		}
	}
	return 0;
}

/**
 * cmd_exporter() - lrugen exporter
 * @argc: arguments
 * @argv: "exporter" and its options
 *
 * Return: 0 after --once or a stop by SIGINT, SIGTERM or SIGHUP; 1 when
 * it cannot run (no multi-gen LRU, a port taken, a textfile that cannot
 * be written); 2 for a bad command line.
 */
int cmd_exporter(int argc, char **argv)
{
	struct exporter_opts o = {
		.listen = DEFAULT_LISTEN, .delay = 15, .window = 120, .top = 100, .events = true,
		.state = ARSTATE_DEFAULT_PATH,
	};
	struct metrics_opts mo = { 0 };
	char shown[INET6_ADDRSTRLEN + 16] = "";
	struct exporter *x;
	int lfd = -1, ret = 1;
	double next;

	if (parse_args(argc, argv, &o))
		return 2;
	if (o.once)
		o.events = false;	/* one sample sees no events */
	x = calloc(1, sizeof(*x));
	if (!x) {
		fprintf(stderr, "lrugen exporter: out of memory\n");
		return 1;
	}
	x->state = o.state;
	if (!o.once && !o.textfile) {
		lfd = listen_on(o.listen, shown, sizeof(shown));
		if (lfd < 0) {
			free(x);
			return lfd == -2 ? 2 : 1;
		}
	}
	mo.window_ms = (uint64_t)llround(o.window * 1000);
	mo.top = o.top;
	mo.page_size = sysconf(_SC_PAGESIZE);
	mo.ticks_per_s = sysconf(_SC_CLK_TCK);
	mo.events = o.events;
	metrics_init(&x->mx, &mo);
	if (session_open(&x->s, false)) {
		fprintf(stderr, "lrugen exporter: %s\n", x->s.error);
		goto out_free;
	}
	exporter_signals();
	if (o.events && events_open(&x->ev, &x->mx))
		x->mx.events_live = false;
	if (sample(x))
		goto out;
	if (o.once) {
		ret = write_all(STDOUT_FILENO, x->text[METRICS_PROMETHEUS].data,
				x->text[METRICS_PROMETHEUS].len) ? 1 : 0;
		goto out;
	}
	if (o.textfile && write_textfile(o.textfile, &x->text[METRICS_PROMETHEUS]))
		goto out;
	if (lfd >= 0)
		fprintf(stderr, "lrugen exporter: serving http://%s/metrics, a sample every %g s\n",
			shown, o.delay);
	else
		fprintf(stderr, "lrugen exporter: writing %s every %g s\n", o.textfile, o.delay);
	next = now_s() + o.delay;
	while (!session_stop) {
		if (idle(x, lfd, next))
			goto out;
		if (session_stop)
			break;
		next += o.delay;
		if (next < now_s())
			next = now_s() + o.delay;	/* a sample took longer than the delay */
		if (sample(x))
			goto out;
		/* a write that fails later is said and retried at the next sample */
		if (o.textfile)
			write_textfile(o.textfile, &x->text[METRICS_PROMETHEUS]);
	}
	fprintf(stderr, "lrugen exporter: stopped\n");
	ret = 0;
out:
	events_close(&x->ev);
	session_close(&x->s);
out_free:
	if (lfd >= 0)
		close(lfd);
	metrics_free(&x->mx);
	buf_free(&x->text[0]);
	buf_free(&x->text[1]);
	free(x);
	return ret;
}

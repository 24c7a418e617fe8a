// SPDX-License-Identifier: GPL-2.0
/*
 * writefile [-a MS] PATH TEXT: write TEXT to PATH in one write(2) and print
 * the outcome as "ok" or the errno name (EINVAL, EAGAIN, EINTR, EACCES...),
 * with the time the write took. Exits 0 on "ok", 1 otherwise, 2 on bad
 * usage.
 *
 * With -a, a SIGALRM with a handler (no SA_RESTART) arrives every MS
 * milliseconds from just before the write until it returns, to interrupt
 * a long write. The signal repeats so that whether it lands inside the
 * write does not depend on timing: any write that lasts longer than MS
 * milliseconds sees one while it is in the kernel. A single signal after a
 * fixed delay races with a request that fails on its own first (EAGAIN).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig)
{
	(void)sig;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct itimerval it = { 0 };
	long alarm_ms = 0;
	double start;
	ssize_t ret;
	int fd, opt, err;

	while ((opt = getopt(argc, argv, "+a:")) != -1) {
		if (opt != 'a')
			goto usage;
		alarm_ms = atol(optarg);
		if (alarm_ms <= 0)
			goto usage;
	}
	if (argc - optind != 2)
		goto usage;

	fd = open(argv[optind], O_WRONLY);
	if (fd < 0) {
		printf("%s open\n", strerrorname_np(errno) ?: "unknown");
		return 1;
	}
	if (alarm_ms) {
		struct sigaction sa = { .sa_handler = on_alarm };

		sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
		it.it_value.tv_sec = alarm_ms / 1000;
		it.it_value.tv_usec = alarm_ms % 1000 * 1000;
		it.it_interval = it.it_value;
		if (setitimer(ITIMER_REAL, &it, NULL)) {
			perror("writefile: setitimer");
			return 2;
		}
	}
	start = now();
	ret = write(fd, argv[optind + 1], strlen(argv[optind + 1]));
	err = errno;
	if (alarm_ms) {
		memset(&it, 0, sizeof(it));
		setitimer(ITIMER_REAL, &it, NULL);
	}
	if (ret < 0)
		printf("%s %.3f\n", strerrorname_np(err) ?: "unknown", now() - start);
	else
		printf("ok %.3f\n", now() - start);
	close(fd);
	return ret < 0;
usage:
	fprintf(stderr, "usage: writefile [-a MS] PATH TEXT\n");
	return 2;
}

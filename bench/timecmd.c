/* Wall time and peak memory of a command, for bench/run.sh:
 *   timecmd [-n RUNS] [-i INPUT] [-o OUTPUT] -- PROG [ARG...]
 * Runs PROG RUNS times (stdin from INPUT, default /dev/null; stdout to
 * OUTPUT, default /dev/null; stderr kept) and prints one line:
 *   MEDIAN_MS MIN_MS MAX_RSS_KB
 * Peak memory is the largest ru_maxrss of the runs (wait4). The status is 1
 * when a run fails (its status is printed to stderr). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

static void redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0644);

	if (f < 0) {
		perror(path);
		_exit(127);
	}
	dup2(f, fd);
	close(f);
}

/* One run: its wall time in *ms, its peak RSS in *rss_kb; the wait status. */
static int run_once(char **argv, const char *in, const char *out, double *ms, long *rss_kb)
{
	struct rusage ru;
	double t0 = now_ms();
	int status = 0;
	pid_t pid = fork();

	*ms = 0;
	*rss_kb = 0;
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		redirect(in, STDIN_FILENO, O_RDONLY);
		redirect(out, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return -1;
	}
	*ms = now_ms() - t0;
	*rss_kb = ru.ru_maxrss;
	return status;
}

static int usage(void)
{
	fputs("usage: timecmd [-n RUNS] [-i INPUT] [-o OUTPUT] -- PROG [ARG...]\n", stderr);
	return 64;
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null";
	int runs = 1, i, failed = 0;
	long peak = 0, rss;
	double *ms;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "-n") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-i") == 0)
			in = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
		else
			return usage();
	}
	if (i + 1 >= argc || runs < 1)
		return usage();
	ms = calloc((size_t)runs, sizeof *ms);
	if (!ms)
		return 70;
	for (int r = 0; r < runs; r++) {
		int st = run_once(argv + i + 1, in, out, &ms[r], &rss);

		if (st != 0) {
			fprintf(stderr, "timecmd: %s: status %d\n", argv[i + 1],
				st > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : st);
			failed = 1;
		}
		if (rss > peak)
			peak = rss;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	printf("%.1f %.1f %ld\n", ms[runs / 2], ms[0], peak);
	free(ms);
	return failed;
}

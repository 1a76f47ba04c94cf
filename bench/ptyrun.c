/* Runs a full-screen program on a pseudo-terminal and measures what a user on
 * a thin client feels, for bench/run.sh:
 *   ptyrun [--cols N] [--rows N] [--wait TEXT] [--idle MS] [--timeout MS]
 *          [--key KEYS] [--type TEXT] [--count N] [--settle MS] [--dump FILE]
 *          -- PROG [ARG...]
 * It starts PROG on a new pty (posix_openpt, no libutil), reads until TEXT
 * (default "n: new call", the home screen's footer) has been drawn, stays idle
 * for --idle ms (default 1000) and reads VmRSS from /proc. With --type it then
 * sends KEYS (e.g. "n"), waits for the screen to settle, and types --count
 * characters of TEXT (cycled) one at a time, each time reading until no output
 * came for --settle ms (default 40), counting the bytes written to the
 * terminal. PROG is ended with SIGTERM. Prints "name value" lines:
 *   startup_ms, idle_bytes, rss_kb, typed, bytes, bytes_per_char, max_bytes */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define WINDOW 8192 /* the tail of the screen text searched for --wait */

struct pty {
	int fd;
	pid_t pid;
	FILE *dump;
	bool eof;
	/* The output with escape sequences taken out, for finding text. */
	char text[WINDOW];
	size_t len;
	int state; /* of the escape-sequence stripper */
	int param;
	char last;
};

enum { S_TEXT, S_ESC, S_CSI, S_OSC, S_OSC_ESC, S_SKIP1 };

static void text_add(struct pty *p, char c)
{
	if (p->len == WINDOW) {
		memmove(p->text, p->text + WINDOW / 2, WINDOW / 2);
		p->len = WINDOW / 2;
	}
	p->text[p->len++] = c;
}

/* A CSI sequence's effect on the text: cursor-forward and repeat become the
 * blanks or characters they stand for, any other move a line break. */
static void csi_end(struct pty *p, unsigned char final)
{
	int n = p->param > 0 ? p->param : 1;

	if (n > 300)
		n = 300;
	if (final == 'C')
		while (n--)
			text_add(p, ' ');
	else if (final == 'b')
		while (n--)
			text_add(p, p->last);
	else if (final != 'm')
		text_add(p, '\n');
}

static void strip_byte(struct pty *p, unsigned char c)
{
	switch (p->state) {
	case S_TEXT:
		if (c == 0x1b)
			p->state = S_ESC;
		else if (c >= 0x20 && c != 0x7f)
			text_add(p, p->last = (char)c);
		else if (c == '\n' || c == '\r')
			text_add(p, '\n');
		break;
	case S_ESC:
		p->param = 0;
		p->state = c == '[' ? S_CSI : c == ']' ? S_OSC
			   : (c == '(' || c == ')' || c == '#') ? S_SKIP1 : S_TEXT;
		break;
	case S_CSI:
		if (c >= '0' && c <= '9')
			p->param = p->param * 10 + (c - '0') > 9999 ? 9999 : p->param * 10 + (c - '0');
		else if (c == ';')
			p->param = 0;
		else if (c >= 0x40 && c <= 0x7e) {
			csi_end(p, c);
			p->state = S_TEXT;
		}
		break;
	case S_OSC:
		p->state = c == 7 ? S_TEXT : c == 0x1b ? S_OSC_ESC : S_OSC;
		break;
	case S_OSC_ESC:
		p->state = c == '\\' ? S_TEXT : S_OSC;
		break;
	default:
		p->state = S_TEXT;
	}
}

/* Read what is there within timeout_ms: the byte count, 0 on timeout, -1 once
 * the program has closed the terminal. */
static long pty_read(struct pty *p, int timeout_ms)
{
	struct pollfd pfd = {p->fd, POLLIN, 0};
	unsigned char buf[4096];
	ssize_t n;

	if (p->eof)
		return -1;
	if (poll(&pfd, 1, timeout_ms < 0 ? 0 : timeout_ms) <= 0)
		return 0;
	n = read(p->fd, buf, sizeof buf);
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return 0;
		p->eof = true; /* EIO: the last holder of the slave side is gone */
		return -1;
	}
	if (p->dump)
		fwrite(buf, 1, (size_t)n, p->dump);
	for (ssize_t i = 0; i < n; i++)
		strip_byte(p, buf[i]);
	return (long)n;
}

/* Read until no output came for quiet_ms (at most max_ms): the bytes read. */
static long pty_settle(struct pty *p, int quiet_ms, int max_ms)
{
	double end = now_ms() + max_ms;
	long total = 0, n;

	while (now_ms() < end && (n = pty_read(p, quiet_ms)) > 0)
		total += n;
	return total;
}

/* Read for ms whatever comes: the bytes read. */
static long pty_drain(struct pty *p, int ms)
{
	double end = now_ms() + ms;
	long total = 0, n;

	while (now_ms() < end)
		if ((n = pty_read(p, (int)(end - now_ms()) + 1)) > 0)
			total += n;
		else if (n < 0)
			break;
	return total;
}

static bool pty_wait_text(struct pty *p, const char *want, int timeout_ms)
{
	double end = now_ms() + timeout_ms;

	while (!memmem(p->text, p->len, want, strlen(want)))
		if (now_ms() >= end || pty_read(p, (int)(end - now_ms()) + 1) < 0)
			return false;
	return true;
}

static void child_exec(const char *slave, const struct winsize *ws, char **argv)
{
	int fd;

	setsid();
	if ((fd = open(slave, O_RDWR)) < 0) {
		perror(slave);
		_exit(127);
	}
	ioctl(fd, TIOCSCTTY, 0);
	ioctl(fd, TIOCSWINSZ, ws);
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	execvp(argv[0], argv);
	perror(argv[0]);
	_exit(127);
}

static int pty_spawn(struct pty *p, int cols, int rows, char **argv)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	const char *slave;

	p->fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (p->fd < 0 || grantpt(p->fd) != 0 || unlockpt(p->fd) != 0 || !(slave = ptsname(p->fd))) {
		perror("pty");
		return -1;
	}
	p->pid = fork();
	if (p->pid < 0) {
		perror("fork");
		return -1;
	}
	if (p->pid == 0) {
		close(p->fd);
		child_exec(slave, &ws, argv);
	}
	return 0;
}

/* End the program (SIGTERM, then SIGKILL after 5 s), reading its last output. */
static int pty_finish(struct pty *p)
{
	double end = now_ms() + 5000;
	int status = 0;

	kill(p->pid, SIGTERM);
	while (waitpid(p->pid, &status, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &status, 0);
			break;
		}
		if (pty_read(p, 50) < 0)
			usleep(10000);
	}
	close(p->fd);
	return status;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* The next UTF-8 character of text (cycled), written to the terminal. */
static size_t next_char(const char *text, size_t *at)
{
	size_t n = 1;

	if (!text[*at])
		*at = 0;
	while (((unsigned char)text[*at + n] & 0xC0) == 0x80)
		n++;
	*at += n;
	return n;
}

struct opts {
	int cols, rows, idle, timeout, count, settle;
	const char *wait, *keys, *type, *dump;
};

static int type_text(struct pty *p, const struct opts *o)
{
	long bytes = 0, max = 0, n;
	size_t at = 0, len;

	if (o->keys && write(p->fd, o->keys, strlen(o->keys)) < 0)
		return -1;
	pty_settle(p, 200, 5000);
	for (int i = 0; i < o->count; i++) {
		len = next_char(o->type, &at);
		if (write(p->fd, o->type + at - len, len) != (ssize_t)len)
			return -1;
		n = pty_settle(p, o->settle, 5000);
		bytes += n;
		if (n > max)
			max = n;
		if (p->eof)
			return -1;
	}
	printf("typed %d\nbytes %ld\nbytes_per_char %.1f\nmax_bytes %ld\n", o->count, bytes,
	       o->count ? (double)bytes / o->count : 0.0, max);
	return 0;
}

static int usage(void)
{
	fputs("usage: ptyrun [--cols N] [--rows N] [--wait TEXT] [--idle MS] [--timeout MS]\n"
	      "              [--key KEYS] [--type TEXT] [--count N] [--settle MS] [--dump FILE]\n"
	      "              -- PROG [ARG...]\n",
	      stderr);
	return 64;
}

static int parse(int argc, char **argv, struct opts *o)
{
	int i;

	for (i = 1; i + 1 < argc && strcmp(argv[i], "--") != 0; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (strcmp(k, "--cols") == 0) o->cols = atoi(v);
		else if (strcmp(k, "--rows") == 0) o->rows = atoi(v);
		else if (strcmp(k, "--wait") == 0) o->wait = v;
		else if (strcmp(k, "--idle") == 0) o->idle = atoi(v);
		else if (strcmp(k, "--timeout") == 0) o->timeout = atoi(v);
		else if (strcmp(k, "--key") == 0) o->keys = v;
		else if (strcmp(k, "--type") == 0) o->type = v;
		else if (strcmp(k, "--count") == 0) o->count = atoi(v);
		else if (strcmp(k, "--settle") == 0) o->settle = atoi(v);
		else if (strcmp(k, "--dump") == 0) o->dump = v;
		else return -1;
	}
	if (i + 1 >= argc || strcmp(argv[i], "--") != 0 || o->cols < 10 || o->rows < 5 ||
	    (o->type && !*o->type))
		return -1;
	return i + 1;
}

int main(int argc, char **argv)
{
	struct opts o = {80, 24, 1000, 10000, 200, 40, "n: new call", NULL, NULL, NULL};
	struct pty p = {.fd = -1};
	double t0;
	long idle;
	int first, rc = 0;

	if ((first = parse(argc, argv, &o)) < 0)
		return usage();
	signal(SIGPIPE, SIG_IGN);
	if (o.dump && !(p.dump = fopen(o.dump, "wb"))) {
		perror(o.dump);
		return 73;
	}
	t0 = now_ms();
	if (pty_spawn(&p, o.cols, o.rows, argv + first) != 0)
		return 71;
	if (!pty_wait_text(&p, o.wait, o.timeout)) {
		fprintf(stderr, "ptyrun: \"%s\" did not appear; the screen's text ended with:\n%.*s\n",
			o.wait, (int)(p.len > 400 ? 400 : p.len), p.text + (p.len > 400 ? p.len - 400 : 0));
		pty_finish(&p);
		return 1;
	}
	printf("startup_ms %.1f\n", now_ms() - t0);
	idle = pty_drain(&p, o.idle);
	printf("idle_bytes %ld\nrss_kb %ld\n", idle, rss_kb(p.pid));
	if (o.type && type_text(&p, &o) != 0) {
		fputs("ptyrun: the program stopped while typing\n", stderr);
		rc = 1;
	}
	fflush(stdout);
	pty_finish(&p);
	if (p.dump)
		fclose(p.dump);
	return rc;
}

/* Keyboard input. wgetch with keypad gives us function keys and single bytes;
 * the bytes are decoded here as UTF-8. An invalid byte is dropped on its own
 * and whatever follows it still arrives (get_wch was seen to lose it). */
#include <curses.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "soudan/text.h"

static int64_t input_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void input_init(struct input *in)
{
	memset(in, 0, sizeof *in);
}

static void input_unget(struct input *in, int ch)
{
	if (in->nqueue < sizeof in->queue / sizeof *in->queue)
		in->queue[in->nqueue++] = ch;
}

/* One raw byte or curses key, queued ones first. */
static int input_raw(struct input *in, int timeout_ms)
{
	int64_t t0;
	int ch;

	if (in->nqueue) {
		ch = in->queue[0];
		memmove(in->queue, in->queue + 1, --in->nqueue * sizeof *in->queue);
		return ch;
	}
	timeout(timeout_ms);
	t0 = input_ms();
	errno = 0;
	ch = getch();
	/* A vanished terminal makes every read fail at once (EOF or EIO), with
	 * or without a SIGHUP: notice it rather than spin. */
	if (ch == ERR && timeout_ms >= 100 && input_ms() - t0 < 5 && errno != EINTR) {
		if (++in->fast_errs >= 20)
			in->dead = true;
	} else if (ch != ERR) {
		in->fast_errs = 0;
	}
	return ch;
}

/* Length of a UTF-8 sequence from its first byte; 0 when it cannot start one. */
static size_t input_seq_len(unsigned char b)
{
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* Feed one byte: a code point, -1 when more bytes are needed, -2 when a byte
 * was dropped (the byte that broke a sequence is queued to be read again). */
static int input_feed(struct input *in, unsigned char b)
{
	uint32_t cp;

	if (in->npend == 0) {
		if (b < 0x80)
			return b;
		if (!(in->need = input_seq_len(b))) {
			in->dropped++;
			return -2;
		}
		in->pend[in->npend++] = b;
		return -1;
	}
	if ((b & 0xC0) != 0x80) {
		in->npend = 0;
		in->dropped++;
		input_unget(in, b);
		return -2;
	}
	in->pend[in->npend++] = b;
	if (in->npend < in->need)
		return -1;
	in->npend = 0;
	if (utf8_decode((const char *)in->pend, in->need, &cp) != in->need) {
		/* Overlong or surrogate: drop the lead, read the rest again. */
		in->dropped++;
		for (size_t i = in->need - 1; i >= 1; i--)
			input_unget(in, in->pend[i]);
		return -2;
	}
	return (int)cp;
}

/* The number a sequence starts with ("3~" -> 3), 0 when none. */
static int atoi_prefix(const char *s)
{
	int v = 0;

	while (*s >= '0' && *s <= '9' && v < 1000)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* The rest of a CSI or SS3 sequence ncurses did not know (its terminfo entry
 * lacks it): the few that matter are mapped, the others swallowed so that a
 * stray Ctrl-arrow never reads as Esc. */
static int input_csi(struct input *in, int intro)
{
	char seq[16];
	size_t n = 0;
	int ch;

	while ((ch = input_raw(in, 0)) != ERR && ch < 0x100) {
		if (n < sizeof seq - 1)
			seq[n++] = (char)ch;
		if (intro == 'O' || (ch >= 0x40 && ch <= 0x7E))
			break;
	}
	seq[n] = '\0';
	if (n == 0)
		return TK_NONE;
	switch (seq[n - 1]) {
	case 'A': return TK(KEY_UP);
	case 'B': return TK(KEY_DOWN);
	case 'C': return TK(KEY_RIGHT);
	case 'D': return TK(KEY_LEFT);
	case 'H': return TK(KEY_HOME);
	case 'F': return TK(KEY_END);
	case 'Z': return TK(KEY_BTAB);
	case 'P': return TK(KEY_F(1));
	case 'Q': return TK(KEY_F(2));
	case 'R': return TK(KEY_F(3));
	case '~': break;
	default: return TK_NONE;
	}
	switch (atoi_prefix(seq)) {
	case 1: case 7: return TK(KEY_HOME);
	case 4: case 8: return TK(KEY_END);
	case 3: return TK(KEY_DC);
	case 5: return TK(KEY_PPAGE);
	case 6: return TK(KEY_NPAGE);
	case 11: return TK(KEY_F(1));
	case 12: return TK(KEY_F(2));
	case 13: return TK(KEY_F(3));
	default: return TK_NONE;
	}
}

/* ncurses has waited ESCDELAY already: Esc alone, Esc pressed twice
 * quickly (both count), a sequence it did not recognise, or Alt with a key
 * (taken as the key alone). */
static int input_escape(struct input *in)
{
	int ch = input_raw(in, 0);

	if (ch == ERR)
		return KEY_ESC;
	if (ch == KEY_ESC) {
		input_unget(in, ch);
		return KEY_ESC;
	}
	if (ch == '[' || ch == 'O')
		return input_csi(in, ch);
	input_unget(in, ch);
	return TK_NONE;
}

int input_get(struct input *in, int timeout_ms)
{
	for (;;) {
		int ch = input_raw(in, timeout_ms), cp;

		if (ch == ERR)
			return TK_TICK;
		if (ch >= KEY_MIN) {
			if (in->npend) { /* a key cut a character short */
				in->npend = 0;
				in->dropped++;
			}
			return TK(ch);
		}
		if (ch == KEY_ESC && in->npend == 0)
			return input_escape(in);
		if ((cp = input_feed(in, (unsigned char)ch)) >= 0)
			return cp;
		/* Part of a character, or a dropped byte: the rest follows at once. */
		timeout_ms = in->npend ? 200 : 0;
		if (cp == -2 && in->nqueue == 0)
			return TK_NONE;
	}
}

bool input_pending(struct input *in)
{
	int ch;

	if (in->nqueue)
		return true;
	timeout(0);
	if ((ch = getch()) == ERR)
		return false;
	input_unget(in, ch);
	return true;
}

/* Keyboard input as whole characters and keys, read byte by byte so that an
 * invalid byte costs only itself (get_wch would swallow what follows). */
#ifndef SOUDAN_TUI_INPUT_H
#define SOUDAN_TUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Key codes: a Unicode code point (control characters included) is itself;
 * a curses key is TK(KEY_...); the rest are events. */
#define TK(k) (0x200000 + (k))
#define TK_TICK 0x300001   /* nothing arrived before the timeout */
#define TK_HALT 0x300002   /* a signal asked us to save and exit */
#define TK_NONE 0x300003   /* input that means nothing (swallowed sequence) */
#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

struct input {
	unsigned char pend[4]; /* a UTF-8 sequence being collected */
	size_t npend, need;
	int queue[8];          /* bytes to read again */
	size_t nqueue;
	long dropped;          /* invalid bytes dropped so far */
	int fast_errs;         /* read errors in a row that came too soon */
	bool dead;             /* the terminal is gone (read keeps failing) */
};

void input_init(struct input *in);
/* Next key within timeout_ms (then TK_TICK). */
int input_get(struct input *in, int timeout_ms);
/* True when more input is already waiting (a paste): draw once after it. */
bool input_pending(struct input *in);

static inline bool key_is_char(int k)
{
	return k >= 0x20 && k < 0x110000 && k != 0x7f;
}

#endif

/* The key tables against soudan(1) and the screen: every table has its list
 * in man/soudan.1 (after the comment ".\" keys: ID") naming the same keys in
 * the same order, so that the manual cannot drift from the program; every
 * screen's footer fits 80 columns and says how to get help, in English and
 * in Japanese. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/tui/keys.h"
#include "soudan/i18n.h"

#define MAN "man/soudan.1"

static char *man_text;

static int man_load(void **state)
{
	FILE *f = fopen(MAN, "r");
	struct buf b;
	char line[4096];

	(void)state;
	if (!f)
		return -1;
	buf_init(&b);
	while (fgets(line, sizeof line, f))
		buf_puts(&b, line);
	fclose(f);
	man_text = buf_take(&b);
	return 0;
}

static int man_free(void **state)
{
	(void)state;
	free(man_text);
	return 0;
}

/* The words of an .It line that name keys: macros and commas left out,
 * "\&" removed, joined with ", " as binding_names writes them. */
static void item_keys(const char *line, struct buf *out)
{
	char *copy = xstrdup(line + 3), *save = NULL;

	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		struct buf clean;

		if (!strcmp(w, "Ic") || !strcmp(w, "Ns") || !strcmp(w, ","))
			continue;
		buf_init(&clean);
		for (const char *p = w; *p; p++)
			if (!(p[0] == '\\' && p[1] == '&'))
				buf_putc(&clean, *p);
			else
				p++;
		buf_printf(out, "%s%s", out->len ? ", " : "", clean.s ? clean.s : "");
		buf_free(&clean);
	}
	free(copy);
}

/* The items of the list that follows ".\" keys: ID", one per line of out;
 * false when there is no such list. Lists nested in an item are skipped. */
static bool man_list(const char *id, struct buf *out)
{
	char mark[64];
	const char *p;
	int depth = 0;

	snprintf(mark, sizeof mark, ".\\\" keys: %s\n", id);
	if (!(p = strstr(man_text, mark)))
		return false;
	for (p = strchr(p, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
		char line[1024];
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof line, "%.*s", (int)n, p);
		if (!strncmp(line, ".Bl", 3))
			depth++;
		else if (!strncmp(line, ".El", 3) && --depth == 0)
			return true;
		else if (depth == 1 && !strncmp(line, ".It ", 4)) {
			struct buf k;

			buf_init(&k);
			item_keys(line, &k);
			buf_printf(out, "%s\n", k.s ? k.s : "");
			buf_free(&k);
		}
		if (!p[n])
			break;
	}
	return false;
}

static void test_man_lists_every_table(void **state)
{
	(void)state;
	for (size_t i = 0; keymap_each(i); i++) {
		const struct keymap *m = keymap_each(i);
		struct buf want, got;

		buf_init(&want);
		buf_init(&got);
		for (size_t j = 0; j < m->n; j++) {
			if (!m->b[j].help) /* a refusal, not a key of its own */
				continue;
			binding_names(&m->b[j], &want);
			buf_putc(&want, '\n');
		}
		if (!man_list(m->id, &got))
			fail_msg("soudan(1) has no list after \".\\\" keys: %s\"", m->id);
		if (strcmp(want.s ? want.s : "", got.s ? got.s : "") != 0)
			fail_msg("keys of %s: the table has\n%ssoudan(1) has\n%s", m->id, want.s,
				 got.s ? got.s : "(nothing)\n");
		buf_free(&want);
		buf_free(&got);
	}
}

/* Every screen's footer at 80 columns, as offered to an operator and to a
 * supervisor, in or out of a text field. */
static void footers_fit(void)
{
	for (size_t i = 0; keymap_each(i); i++) {
		const struct keymap *m = keymap_each(i);
		bool has_help = false;

		for (size_t j = 0; j < m->n; j++)
			has_help |= (m->b[j].flags & KB_HELP) != 0;
		if (!has_help) /* fields and widgets: their keys show elsewhere */
			continue;
		for (int in_text = 0; in_text < 2; in_text++)
			for (unsigned hide = KB_SUPERVISOR; hide <= KB_OPERATOR; hide <<= 1) {
				struct buf f;

				buf_init(&f);
				keymap_footer(m, in_text, hide, 80, &f);
				if (text_width(f.s) > 80)
					fail_msg("the footer of %s is %d columns: %s", m->id,
						 text_width(f.s), f.s);
				if (!strstr(f.s, "F1/^G"))
					fail_msg("the footer of %s does not say how to get help: %s",
						 m->id, f.s);
				buf_free(&f);
			}
	}
}

static void test_footers_fit_and_offer_help(void **state)
{
	(void)state;
	footers_fit();
}

static void test_footers_in_japanese(void **state)
{
	const char *dir = getenv("B") ? getenv("B") : "build";
	char path[512];

	(void)state;
	if (!setlocale(LC_ALL, "ja_JP.UTF-8"))
		fail_msg("the ja_JP.UTF-8 locale is missing (make deps)");
	snprintf(path, sizeof path, "%s/locale", dir);
	bindtextdomain("soudan", path);
	textdomain("soudan");
	assert_string_not_equal(_("help"), "help");
	footers_fit();
	setlocale(LC_ALL, "C.UTF-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_lists_every_table),
		cmocka_unit_test(test_footers_fit_and_offer_help),
		cmocka_unit_test(test_footers_in_japanese),
	};

	return cmocka_run_group_tests(tests, man_load, man_free);
}

/* Help pages, made from the key tables of the screen on top: its own keys,
 * then the tables it names (a call lists the keys of every kind of field);
 * and the list of every table, which soudan(1) is checked against. */
#include "dialog.h"
#include "editor.h"
#include "lineedit.h"
#include "screens.h"
#include "soudan/i18n.h"

void help_show(struct app *a)
{
	const struct app_frame *f = app_top(a);
	struct buf text, title;

	if (!f || !f->s->keys)
		return;
	buf_init(&text);
	buf_init(&title);
	keymap_help(f->s->keys, app_hidden(f), &text);
	for (const struct keymap *const *m = f->s->help_also; m && *m; m++) {
		buf_printf(&text, "\n%s\n", _((*m)->title));
		keymap_help(*m, app_hidden(f), &text);
	}
	buf_printf(&title, "%s: %s", _("Help"), _(f->s->keys->title));
	dialog_page(a, title.s, text.s);
	buf_free(&title);
	buf_free(&text);
}

const struct keymap *keymap_each(size_t i)
{
	const struct keymap *const all[] = {
		&home_keys,     &call_keys,      &notes_keys,	   &single_keys,
		&multi_keys,    &case_field_keys, &referrals_keys, &debrief_keys,
		&date_keys,     &case_keys,       &case_calls_keys, &referral_keys,
		&directory_keys, &followups_keys, &history_keys,   &conflict_keys,
		&input_keys,    &text_keys,       &debriefs_keys,  &shiftlog_keys,
	};

	return i < sizeof all / sizeof *all ? all[i] : NULL;
}

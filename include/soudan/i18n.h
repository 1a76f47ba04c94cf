/* gettext plumbing: every operator-facing string is wrapped in _(). */
#ifndef SOUDAN_I18N_H
#define SOUDAN_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#ifndef N_
#define N_(s) s
#endif

/* setlocale(LC_ALL, "") and bind the text domain (LOCALEDIR, or
 * $SOUDAN_LOCALEDIR for tests run from the build tree). */
void i18n_init(void);

#endif

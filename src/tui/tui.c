/* The intake program: the shell around the home screen. Screens open the
 * screens above them (home a call, a call its pickers), never the other way
 * round; this file is the only one that knows which screen comes first. */
#include "app.h"
#include "screens.h"
#include "soudan/tui.h"

enum status tui_run(const struct config *cfg, struct store *store, struct error *err)
{
	struct app a;
	enum status rc;

	if ((rc = app_open(&a, cfg, store, err)))
		return rc;
	a.help = help_show;
	home_run(&a);
	app_close(&a);
	return ST_OK;
}

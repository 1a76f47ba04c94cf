/* The full-screen intake application. No SQL here: everything through store.h. */
#ifndef SOUDAN_TUI_H
#define SOUDAN_TUI_H

#include "soudan/config.h"
#include "soudan/error.h"
#include "soudan/store.h"

/* Run until the operator quits (or a hangup/terminate signal, after saving
 * drafts). Restores the terminal before returning. */
enum status tui_run(const struct config *cfg, struct store *store, struct error *err);

#endif

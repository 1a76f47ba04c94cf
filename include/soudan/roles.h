/* Roles: supervisors are members of the configured Unix group. */
#ifndef SOUDAN_ROLES_H
#define SOUDAN_ROLES_H

#include <stdbool.h>

#include "soudan/config.h"

/* True when the real user is in cfg->supervisor_group (primary or supplementary). */
bool roles_is_supervisor(const struct config *cfg);

#endif

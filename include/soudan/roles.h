/* Roles: supervisors are members of the configured Unix group. */
#ifndef SOUDAN_ROLES_H
#define SOUDAN_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "soudan/config.h"

/* True when the real user is in cfg->supervisor_group (primary or supplementary). */
bool roles_is_supervisor(const struct config *cfg);
/* Whether group is the primary one or among the n supplementary ones. */
bool roles_group_among(gid_t group, gid_t primary, const gid_t *groups, size_t n);

#endif

/* Roles: the supervisor group, primary or supplementary, however many groups. */
#include <grp.h>
#include <stdlib.h>
#include <unistd.h>

#include "soudan/roles.h"
#include "soudan/text.h"

bool roles_group_among(gid_t group, gid_t primary, const gid_t *groups, size_t n)
{
	if (primary == group)
		return true;
	for (size_t i = 0; i < n; i++)
		if (groups[i] == group)
			return true;
	return false;
}

bool roles_is_supervisor(const struct config *cfg)
{
	struct group *g;
	gid_t *groups;
	int n;
	bool found;

	if (!cfg->supervisor_group || !*cfg->supervisor_group)
		return false;
	if (!(g = getgrnam(cfg->supervisor_group)))
		return false;
	/* Ask how many first: a fixed array of 256 missed the group of a user
	 * in more groups than that. */
	if ((n = getgroups(0, NULL)) < 0)
		return false;
	groups = xcalloc((size_t)n + 1, sizeof *groups);
	n = getgroups(n, groups);
	found = roles_group_among(g->gr_gid, getgid(), groups, n > 0 ? (size_t)n : 0);
	free(groups);
	return found;
}

/* Roles: the supervisor group, primary or supplementary, however many groups. */
#include <grp.h>
#include <stdlib.h>
#include <unistd.h>

#include "soudan/roles.h"
#include "soudan/text.h"

bool roles_is_supervisor(const struct config *cfg)
{
	struct group *g;
	gid_t *groups;
	int n;
	bool found = false;

	if (!cfg->supervisor_group || !*cfg->supervisor_group)
		return false;
	if (!(g = getgrnam(cfg->supervisor_group)))
		return false;
	if (getgid() == g->gr_gid)
		return true;
	/* Ask how many first: a fixed array of 256 missed the group of a user
	 * in more groups than that. */
	if ((n = getgroups(0, NULL)) <= 0)
		return false;
	groups = xcalloc((size_t)n, sizeof *groups);
	n = getgroups(n, groups);
	for (int i = 0; i < n && !found; i++)
		found = groups[i] == g->gr_gid;
	free(groups);
	return found;
}

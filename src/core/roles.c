#include <grp.h>
#include <unistd.h>

#include "soudan/roles.h"

bool roles_is_supervisor(const struct config *cfg)
{
	struct group *g;
	gid_t groups[256];
	int n;

	if (!cfg->supervisor_group || !*cfg->supervisor_group)
		return false;
	if (!(g = getgrnam(cfg->supervisor_group)))
		return false;
	if (getgid() == g->gr_gid)
		return true;
	n = getgroups(sizeof groups / sizeof *groups, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g->gr_gid)
			return true;
	return false;
}

/* Labels for display. The configuration owns the lists and their labels
 * (codelist_label); this is what every screen and list shows for a code. */
#include "soudan/label.h"

const char *label_of(const struct config *cfg, enum list_id list, const char *key)
{
	const char *l;

	if (!key || !*key)
		return "-";
	l = codelist_label(config_list(cfg, list), key);
	return l ? l : key;
}

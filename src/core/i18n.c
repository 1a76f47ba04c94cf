#include <locale.h>
#include <stdlib.h>

#include "soudan/i18n.h"

void i18n_init(void)
{
	const char *dir = getenv("SOUDAN_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain("soudan", dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("soudan", "UTF-8");
	textdomain("soudan");
}

/* What an operator reads for a code: the label of a key in its code list. */
#ifndef SOUDAN_LABEL_H
#define SOUDAN_LABEL_H

#include "soudan/config.h"

/* The label of key in list for display: "-" when there is no key, the key
 * itself when the configuration no longer lists it (old data stays readable).
 * Never NULL. */
const char *label_of(const struct config *cfg, enum list_id list, const char *key);

#endif

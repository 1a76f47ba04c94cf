/* Private to the store: the schema, one migration per version. */
#ifndef SOUDAN_STORE_SCHEMA_H
#define SOUDAN_STORE_SCHEMA_H

extern const char *const store_migrations[];
extern const int store_schema_latest;

#endif

/* Record ids (UUID version 4, random) and case codes an operator can read out. */
#ifndef SOUDAN_ID_H
#define SOUDAN_ID_H

#include <stdbool.h>

#define ID_LEN 36
#define CASE_CODE_LEN 9 /* "K7Q2-9MXD" */

/* A random (version 4) UUID in lower case; out has room for ID_LEN + 1. */
void id_new(char *out);
/* True for a UUID in canonical 8-4-4-4-12 hex form (any version). */
bool id_valid(const char *s);
/* A case code from an alphabet without look-alikes (no 0/O, 1/I/L, U). */
void case_code_new(char *out);
/* Accepts lower case and missing hyphen; writes the canonical form. */
bool case_code_normalize(const char *in, char *out);

#endif

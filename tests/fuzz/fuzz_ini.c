/* Fuzz the soudan.ini loader: config_load_file on the input as a file (our
 * line scanner first, then iniparser 4.1 on what passed). Invariants: a
 * refused file says where (file, and a line when one applies) and leaves the
 * built-in defaults; a loaded one has at least one code in every list but
 * [region], unique keys, valid UTF-8 labels and sane numbers. */
#include "fuzz_common.h"

#include "soudan/config.h"

static void fuzz_ini_check_loaded(const struct config *cfg)
{
	FUZZ_ASSERT(cfg->site && fuzz_utf8_ok(cfg->site, strlen(cfg->site)));
	FUZZ_ASSERT(cfg->db_path && cfg->db_path[0]);
	FUZZ_ASSERT(cfg->busy_timeout_ms >= 0 && cfg->retention_days >= 0);
	for (int l = 0; l < LIST__COUNT; l++) {
		const struct codelist *cl = config_list(cfg, (enum list_id)l);

		FUZZ_ASSERT(l == LIST_REGION || cl->n > 0);
		for (size_t i = 0; i < cl->n; i++) {
			FUZZ_ASSERT(cl->codes[i].key[0] && cl->codes[i].label);
			FUZZ_ASSERT(fuzz_utf8_ok(cl->codes[i].label, strlen(cl->codes[i].label)));
			FUZZ_ASSERT(codelist_find(cl, cl->codes[i].key) == (int)i);
		}
	}
}

static int fuzz_ini(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct error err;
	char path[64];
	enum status st;
	int fd;

	fuzz_locale();
	FUZZ_ASSERT(fuzz_memfile(data, size, &fd, path, sizeof path));
	error_clear(&err);
	st = config_load_file(&cfg, path, &err);
	close(fd);
	if (st == ST_OK) {
		FUZZ_ASSERT(cfg.path && strcmp(cfg.path, path) == 0);
		fuzz_ini_check_loaded(&cfg);
	} else {
		FUZZ_ASSERT(st == ST_CONFIG && strcmp(err.file, path) == 0 && err.msg[0]);
		FUZZ_ASSERT(!cfg.path && config_list(&cfg, LIST_CALL_TYPE)->n == 6);
	}
	config_free(&cfg);
	return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ini(data, size);
}
#endif

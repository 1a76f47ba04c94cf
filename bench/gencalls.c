/* Realistic synthetic data in the interface formats, deterministic by seed:
 *   gencalls calls N [--seed S] [--days D] [--end YYYY-MM-DD] [--sites K]
 *                    [--operators K] [--resources K]   JSON Lines of calls
 *   gencalls resources N                                 directory CSV
 * One call in five belongs to a repeat case; referrals point at r-00001.. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/call.h"
#include "soudan/config.h"
#include "soudan/timeutil.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int pick(int n)
{
	return (int)(rng() % (uint64_t)n);
}

static const char *code_of(const struct config *cfg, enum list_id id)
{
	const struct codelist *l = config_list(cfg, id);

	return l->n ? l->codes[pick((int)l->n)].key : NULL;
}

static void fake_uuid(char *out)
{
	uint64_t a = rng(), b = rng();

	snprintf(out, ID_LEN + 1, "%08" PRIx32 "-%04" PRIx32 "-4%03" PRIx32 "-%04" PRIx32 "-%012" PRIx64,
		 (uint32_t)(a >> 32), (uint32_t)(a >> 16) & 0xffff, (uint32_t)a & 0xfff,
		 (uint32_t)(0x8000 | ((b >> 48) & 0x3fff)), (uint64_t)(b & 0xffffffffffffULL));
}

static const char *const phrases[] = {
	"母より。息子が十年以上自室中心の生活。", "昼夜逆転が続いている。",
	"父親との会話がほとんどない。", "本人は将来への不安を話している。",
	"親亡き後の生活が心配とのこと。", "サポステの利用を検討したい。",
	"今日は少し外出できたと報告あり。", "家族会の情報を案内した。",
	"受診を勧めたが本人が拒否している。", "経済的な不安が大きい。",
};

static void fake_case(int n, char *out)
{
	static const char alpha[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint64_t x = (uint64_t)n * 0x9E3779B97F4A7C15ULL;

	for (int i = 0; i < 9; i++) {
		if (i == 4) {
			out[i] = '-';
			continue;
		}
		out[i] = alpha[x % 30];
		x /= 30;
	}
	out[9] = '\0';
}

static void fill_multi(struct call *c, const struct config *cfg, enum call_multi m, int max)
{
	const struct codelist *l = config_list(cfg, call_multi_info[m].list);
	int n = pick(max + 1);

	for (int i = 0; i < n && l->n; i++) {
		const char *k = l->codes[pick((int)l->n)].key;

		if (!strlist_has(&c->multi[m], k))
			strlist_add(&c->multi[m], k);
	}
}

struct gen {
	long calls;
	int days, sites, operators, resources;
	struct date end;
};

static void gen_call(const struct config *cfg, const struct gen *g, long i, struct call *c)
{
	int64_t day0 = date_start(date_add_days(g->end, -g->days + 1));
	int64_t t = day0 + (int64_t)((double)i / (double)g->calls * g->days * 86400.0);
	char name[64], code[16];

	call_init(c);
	fake_uuid(c->id);
	snprintf(name, sizeof name, "相談ダイヤル%d", pick(g->sites) + 1);
	c->site = xstrdup(name);
	snprintf(name, sizeof name, "op%02d", pick(g->operators) + 1);
	c->operator_name = xstrdup(name);
	c->started_at = t + pick(600);
	c->ended_at = c->started_at + 60 + pick(3000);
	for (int f = 0; f < CF__COUNT; f++)
		if (f != CF_REGION)
			c->coded[f] = xstrdup(code_of(cfg, call_coded_info[f].list));
	call_set(&c->coded[CF_CALL_TYPE], pick(10) ? "consult" : "silent");
	call_set(&c->coded[CF_URGENCY], pick(50) ? "none" : "urgent");
	fill_multi(c, cfg, CM_CONCERNS, 3);
	fill_multi(c, cfg, CM_RESPONSES, 2);
	if (!pick(8))
		fill_multi(c, cfg, CM_RISKS, 2);
	if (!pick(5)) {
		fake_case(pick((int)(g->calls / 20 + 1)), code);
		c->case_code = xstrdup(code);
	}
	if (g->resources && !pick(4))
		for (int r = pick(2) + 1; r > 0; r--) {
			snprintf(name, sizeof name, "r-%05d", pick(g->resources) + 1);
			call_add_referral(c, name, pick(2), pick(2) ? "電話番号を案内" : NULL);
		}
	if (call_is_continued(c)) {
		struct date d = date_add_days(date_of(c->started_at), 7 + pick(14));

		date_format(d, name, sizeof name);
		c->next_contact = xstrdup(name);
		fill_multi(c, cfg, CM_CONTINUATION_REASONS, 2);
	}
	c->debrief = !pick(40);
	free(c->notes);
	c->notes = xstrdup(phrases[pick(sizeof phrases / sizeof *phrases)]);
}

static int gen_calls(const struct config *cfg, const struct gen *g)
{
	struct buf line;

	buf_init(&line);
	for (long i = 0; i < g->calls; i++) {
		struct call c;

		gen_call(cfg, g, i, &c);
		buf_reset(&line);
		call_to_json(&c, &line);
		buf_putc(&line, '\n');
		fwrite(line.s, 1, line.len, stdout);
		call_free(&c);
	}
	buf_free(&line);
	return ferror(stdout) ? 1 : 0;
}

static int gen_resources(const struct config *cfg, long n)
{
	static const char *const kinds[] = {"支援センター", "相談窓口", "家族会", "居場所", "サポステ"};
	static const char *const areas[] = {"中区", "西区", "港北区", "青葉区", "戸塚区", "南区"};

	puts("id,name,category,phone,hours,area,url,description,active");
	for (long i = 1; i <= n; i++) {
		const char *area = areas[pick(6)];

		printf("r-%05ld,【サンプル】%s%s%ld,%s,0120-000-%03ld,平日9時〜17時,%s,,"
		       "%sにある%s。電話相談と来所相談に対応。,1\n",
		       i, area, kinds[pick(5)], i, code_of(cfg, LIST_RESOURCE_CATEGORY), i % 1000, area,
		       area, kinds[pick(5)]);
	}
	return ferror(stdout) ? 1 : 0;
}

static int usage(void)
{
	fputs("usage: gencalls calls N [--seed S] [--days D] [--end YYYY-MM-DD] [--sites K]"
	      " [--operators K] [--resources K]\n       gencalls resources N [--seed S]\n",
	      stderr);
	return 64;
}

int main(int argc, char **argv)
{
	struct gen g = {.days = 365, .sites = 4, .operators = 40};
	struct config cfg;
	int rc;

	if (argc < 3)
		return usage();
	g.calls = atol(argv[2]);
	date_parse("2026-11-22", &g.end);
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--seed") == 0)
			rng_state ^= strtoull(argv[i + 1], NULL, 10) * 0xD6E8FEB86659FD93ULL;
		else if (strcmp(argv[i], "--days") == 0)
			g.days = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--end") == 0 && date_parse(argv[i + 1], &g.end))
			;
		else if (strcmp(argv[i], "--sites") == 0)
			g.sites = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--operators") == 0)
			g.operators = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--resources") == 0)
			g.resources = atoi(argv[i + 1]);
		else
			return usage();
	}
	if (g.calls <= 0 || g.days <= 0 || g.sites <= 0 || g.operators <= 0)
		return usage();
	config_defaults(&cfg);
	rc = strcmp(argv[1], "calls") == 0       ? gen_calls(&cfg, &g)
	     : strcmp(argv[1], "resources") == 0 ? gen_resources(&cfg, g.calls)
						 : usage();
	config_free(&cfg);
	return rc;
}

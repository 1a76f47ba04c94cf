/* soudan-stats: the duty manager's report (日報) and the month and fiscal-year
 * figures, as printed text, CSV or JSON. Reads the database, never writes it. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/report.h"
#include "soudan/stats.h"
#include "soudan/timeutil.h"

struct stats_opts {
	struct cli_opts cli; /* --config, --db, --from, --to, --format, --bom */
	const char *date, *month, *fiscal_year, *site;
	bool wide, all_urgent, list_sites, shift_log;
	enum report_format format;
};

static void usage(FILE *out)
{
	fputs(_("Usage: soudan-stats [OPTION]...\n"
		"Print the statistics of the calls that started in a period (in the line's\n"
		"time zone, [site] timezone).\n"
		"\n"
		"Period (one of them; default: today):\n"
		"      --date YYYY-MM-DD        one day\n"
		"      --from DATE --to DATE    the days from one date to another, inclusive\n"
		"      --month YYYY-MM          a month, with a row per day\n"
		"      --fiscal-year YYYY       April YYYY to March YYYY+1, with a row per month\n"
		"\n"
		"Options:\n"
		"      --site NAME              only the calls taken at this site\n"
		"      --format text|csv|json   the printed report (default), or figures\n"
		"      --wide                   CSV: a column per day or month, then the total\n"
		"      --bom                    start CSV with a byte-order mark (Excel)\n"
		"      --urgent                 text: every urgent call, also in a year\n"
		"      --shift-log              text and JSON: the period's shift log after the\n"
		"                               figures\n"
		"      --list-sites             print the sites there are, and nothing else\n"
		"  -c, --config FILE            configuration file\n"
		"      --db FILE                database file\n"
		"  -h, --help                   show this help\n"
		"  -V, --version                show the version\n"
		"\n"
		"See soudan-stats(1).\n"),
	      out);
}

/* Each option once: a second value would silently win otherwise. */
static enum status set_once(const char **slot, const char *name, struct error *err)
{
	if (*slot)
		return error_set(err, ST_USAGE, _("%s given twice"), name);
	*slot = optarg;
	return ST_OK;
}

static enum status parse_option(int ch, const char *opt, struct stats_opts *o, struct error *err)
{
	switch (ch) {
	case 'c': return set_once(&o->cli.config_path, "--config", err);
	case 'd': return set_once(&o->cli.db_path, "--db", err);
	case 'D': return set_once(&o->date, "--date", err);
	case 'f': return set_once(&o->cli.from, "--from", err);
	case 't': return set_once(&o->cli.to, "--to", err);
	case 'm': return set_once(&o->month, "--month", err);
	case 'y': return set_once(&o->fiscal_year, "--fiscal-year", err);
	case 's': return set_once(&o->site, "--site", err);
	case 'F': return set_once(&o->cli.format, "--format", err);
	case 'b': o->cli.bom = true; return ST_OK;
	case 'w': o->wide = true; return ST_OK;
	case 'u': o->all_urgent = true; return ST_OK;
	case 'l': o->list_sites = true; return ST_OK;
	case 'L': o->shift_log = true; return ST_OK;
	case 'h': usage(stdout); exit(0);
	case 'V': printf("soudan-stats %s\n", SOUDAN_VERSION); exit(0);
	}
	return error_set(err, ST_USAGE, _("unknown or incomplete option \"%s\" (try --help)"), opt);
}

static enum status parse_options(int argc, char **argv, struct stats_opts *o, struct error *err)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'}, {"db", required_argument, NULL, 'd'},
		{"date", required_argument, NULL, 'D'},   {"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},     {"month", required_argument, NULL, 'm'},
		{"fiscal-year", required_argument, NULL, 'y'}, {"site", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'F'}, {"bom", no_argument, NULL, 'b'},
		{"wide", no_argument, NULL, 'w'},         {"urgent", no_argument, NULL, 'u'},
		{"list-sites", no_argument, NULL, 'l'},   {"shift-log", no_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	enum status rc;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "c:hV", longopts, NULL)) != -1)
		if ((rc = parse_option(ch, argv[optind - 1], o, err)))
			return rc;
	if (optind < argc)
		return error_set(err, ST_USAGE, _("unexpected argument \"%s\" (try --help)"),
				 argv[optind]);
	if (o->cli.format && !report_format_parse(o->cli.format, &o->format))
		return error_set(err, ST_USAGE, _("--format: \"%s\" is not text, csv or json"),
				 o->cli.format);
	if (o->wide && o->format != REPORT_CSV)
		return error_set(err, ST_USAGE, _("--wide is for --format csv"));
	if (o->all_urgent && o->format != REPORT_TEXT)
		return error_set(err, ST_USAGE,
				 _("--urgent is for the printed report (CSV and JSON list them all)"));
	if (o->shift_log && o->format == REPORT_CSV)
		return error_set(err, ST_USAGE,
				 _("--shift-log is for the printed report and JSON (CSV holds figures)"));
	if (o->list_sites && (o->date || o->cli.from || o->cli.to || o->month || o->fiscal_year ||
			      o->site || o->cli.format || o->cli.bom || o->wide || o->all_urgent ||
			      o->shift_log))
		return error_set(err, ST_USAGE, _("--list-sites takes no other option but -c and --db"));
	return ST_OK;
}

static enum status parse_date(const char *opt, const char *s, struct date *d, struct error *err)
{
	if (!date_parse(s, d))
		return error_set(err, ST_USAGE, _("%s: \"%s\" is not a date (YYYY-MM-DD)"), opt, s);
	return ST_OK;
}

static enum status parse_fiscal_year(const char *s, int *y, struct error *err)
{
	bool digits = strlen(s) == 4;

	for (int i = 0; digits && i < 4; i++)
		digits = isdigit((unsigned char)s[i]);
	if (!digits || (*y = atoi(s)) < 1900)
		return error_set(err, ST_USAGE, _("--fiscal-year: \"%s\" is not a year (YYYY)"), s);
	return ST_OK;
}

static enum status parse_range(const struct stats_opts *o, struct stats_period *p,
			       struct error *err)
{
	struct date from, to;
	enum status rc;

	/* Both or neither: a lone --from would have to guess where to stop. */
	if (!o->cli.from || !o->cli.to)
		return error_set(err, ST_USAGE, _("--from and --to go together (both dates inclusive)"));
	if ((rc = parse_date("--from", o->cli.from, &from, err)) ||
	    (rc = parse_date("--to", o->cli.to, &to, err)))
		return rc;
	if (date_cmp(from, to) > 0)
		return error_set(err, ST_USAGE, _("--from %s is after --to %s"), o->cli.from, o->cli.to);
	*p = stats_period_range(from, to);
	return ST_OK;
}

/* Exactly one of --date, --from/--to, --month, --fiscal-year, or today
 * (*today: known only once the configuration has set the line's zone). */
static enum status parse_period(const struct stats_opts *o, struct stats_period *p,
				bool *today, struct error *err)
{
	int given = !!o->date + !!(o->cli.from || o->cli.to) + !!o->month + !!o->fiscal_year;
	struct date d;
	int y = 0;
	enum status rc;

	if (given > 1)
		return error_set(err, ST_USAGE,
				 _("give one period: --date, --from/--to, --month or --fiscal-year"));
	if (o->cli.from || o->cli.to)
		return parse_range(o, p, err);
	if (o->month) {
		if (!month_parse(o->month, &d))
			return error_set(err, ST_USAGE, _("--month: \"%s\" is not a month (YYYY-MM)"),
					 o->month);
		*p = stats_period_month(d.y, d.m);
	} else if (o->fiscal_year) {
		if ((rc = parse_fiscal_year(o->fiscal_year, &y, err)))
			return rc;
		*p = stats_period_fiscal_year(y);
	} else if (o->date) {
		if ((rc = parse_date("--date", o->date, &d, err)))
			return rc;
		*p = stats_period_day(d);
	} else {
		*today = true;
	}
	return ST_OK;
}

static void render(const struct stats_opts *o, const struct stats *st, const struct config *cfg,
		   const struct shift_log *log, struct buf *out)
{
	struct report_options ro = {o->cli.bom, o->wide, o->all_urgent, time_now(),
				    o->shift_log ? log : NULL};

	switch (o->format) {
	case REPORT_CSV: report_csv(out, st, cfg, &ro); break;
	case REPORT_JSON: report_json(out, st, cfg, &ro); break;
	case REPORT_TEXT: report_text(out, st, cfg, &ro); break;
	}
}

/* --list-sites: one a line, as stored (control characters shown escaped). */
static void list_sites(char **sites, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		text_sanitize_to(out, sites[i], strlen(sites[i]), 0);
		buf_putc(out, '\n');
	}
}

/* --site must name a site there is: a report of zeros for a misspelt name
 * (a half-width bracket) looked like a quiet day. */
static enum status check_site(const char *site, char **sites, size_t n, struct error *err)
{
	struct buf known;
	enum status rc;

	for (size_t i = 0; i < n; i++)
		if (strcmp(sites[i], site) == 0)
			return ST_OK;
	buf_init(&known);
	for (size_t i = 0; i < n && known.len < 300; i++)
		buf_printf(&known, "%s\"%s\"", i ? ", " : "", sites[i]);
	if (known.len >= 300)
		buf_puts(&known, ", ...");
	rc = error_set(err, ST_USAGE, _("--site: no site \"%s\"; the sites are: %s"), site,
		       known.s ? known.s : "");
	buf_free(&known);
	return rc;
}

/* The sites, for --list-sites or to check --site. */
static enum status sites_step(const struct stats_opts *o, struct cli_env *env, struct buf *out,
			      bool *done, struct error *err)
{
	char **sites;
	size_t n;
	enum status rc;

	*done = o->list_sites;
	if (!o->list_sites && !o->site)
		return ST_OK;
	if ((rc = stats_sites(env->store, &env->cfg, &sites, &n, err)))
		return rc;
	if (o->list_sites)
		list_sites(sites, n, out);
	else
		rc = check_site(o->site, sites, n, err);
	stats_sites_free(sites, n);
	return rc;
}

static enum status write_out(const struct buf *out, struct error *err)
{
	if (fwrite(out->s, 1, out->len, stdout) != out->len || fflush(stdout) != 0 || ferror(stdout))
		return error_set(err, ST_IOERR, _("cannot write the report: %m"));
	return ST_OK;
}

static enum status run(const struct stats_opts *o, struct error *err)
{
	struct stats_period p;
	bool today = false, done = false;
	struct cli_env env;
	struct stats st = {0};
	struct shift_log log = {0};
	struct buf out;
	enum status rc;

	if ((rc = parse_period(o, &p, &today, err)))
		return rc;
	buf_init(&out);
	if ((rc = cli_open(&env, &o->cli, STORE_READONLY, err)) == ST_OK && today)
		p = stats_period_day(date_of(time_now()));
	if (rc == ST_OK)
		rc = sites_step(o, &env, &out, &done, err);
	if (rc == ST_OK && !done && o->shift_log)
		rc = store_shift_log_between(env.store, date_start(p.from),
					     date_start(date_add_days(p.to, 1)), o->site, &log, err);
	if (rc == ST_OK && !done && !(rc = stats_collect(env.store, &env.cfg, &p, o->site, &st, err)))
		render(o, &st, &env.cfg, &log, &out);
	if (rc == ST_OK)
		rc = write_out(&out, err);
	stats_free(&st);
	shift_log_free(&log);
	cli_close(&env);
	buf_free(&out);
	return rc;
}

int main(int argc, char **argv)
{
	struct stats_opts o = {0};
	struct error err;
	enum status rc;

	cli_harden_process();
	i18n_init();
	error_clear(&err);
	if ((rc = parse_options(argc, argv, &o, &err)) == ST_OK)
		rc = run(&o, &err);
	if (rc)
		error_print("soudan-stats", &err);
	return (int)rc;
}

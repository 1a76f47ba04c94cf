/* soudan case CODE [--format text|json] [--notes]: a case summary to hand
 * over to another agency with the person's consent: the coded history,
 * referrals with consent, follow-ups and their results, the handover note.
 * Notes only with --notes, and only a supervisor's or their author's; each
 * call whose notes are printed is recorded in the audit trail first. Text
 * fits 80 display columns (a kanji is two), for the printer. */
#include <stdlib.h>
#include <string.h>

#include "soudan/cli.h"
#include "soudan/i18n.h"
#include "soudan/roles.h"
#include "soudan/timeutil.h"

#define WIDTH 80

struct handover {
	struct cli_env *env;
	const struct config *cfg;
	struct case_summary cs;
	struct call *calls;
	size_t ncalls;
	bool notes;      /* --notes */
	bool supervisor; /* may read every call's notes */
	const char *me;
};

static int keep_call(const struct call *c, void *ctx)
{
	struct handover *h = ctx;

	h->calls = xrealloc(h->calls, (h->ncalls + 1) * sizeof *h->calls);
	call_copy(&h->calls[h->ncalls++], c);
	return 0;
}

/* Whether this reader may see the notes of c (--notes given). */
static bool notes_shown(const struct handover *h, const struct call *c)
{
	return h->notes &&
	       (h->supervisor || (c->operator_name && strcmp(c->operator_name, h->me) == 0));
}

static bool has_free_text(const struct call *c)
{
	for (size_t i = 0; i < c->nreferrals; i++)
		if (c->referrals[i].note && *c->referrals[i].note)
			return true;
	return c->notes && *c->notes;
}

/* Before anything is printed: who read which call's notes, and when. */
static enum status audit_reads(struct handover *h, struct error *err)
{
	const char **ids = xcalloc(h->ncalls + 1, sizeof *ids);
	size_t n = 0;
	enum status rc;

	for (size_t i = 0; i < h->ncalls; i++)
		if (notes_shown(h, &h->calls[i]) && has_free_text(&h->calls[i]))
			ids[n++] = h->calls[i].id;
	rc = store_notes_read(h->env->store, ids, n, "handover", h->me, err);
	free(ids);
	return rc;
}

static const char *label_of(const struct handover *h, enum list_id list, const char *key)
{
	const char *l = key ? codelist_label(config_list(h->cfg, list), key) : NULL;

	return l ? l : key;
}

static void day_time(int64_t t, char *out, size_t size)
{
	if (t)
		time_format_local(t, "%Y-%m-%d %H:%M", out, size);
	else
		snprintf(out, size, "-");
}

/* --- text --- */

/* A new line at indent; what followed the last space of the line (from
 * byte sp on, at column sp_col) moves down with it. */
static int wrap_break(struct buf *out, size_t sp, int sp_col, int col, int indent)
{
	char *tail;

	if (!sp) {
		buf_printf(out, "\n%*s", indent, "");
		return indent;
	}
	tail = xstrdup(out->s + sp + 1);
	out->len = sp;
	out->s[sp] = '\0';
	buf_printf(out, "\n%*s%s", indent, "", tail);
	free(tail);
	return indent + col - sp_col;
}

/* s (sanitized) from column col on, wrapped at WIDTH (at a space where the
 * line has one; Japanese has none and breaks anywhere), continuation lines
 * indented by indent; a newline in s starts a new line. */
static void wrap(struct buf *out, const char *s, int col, int indent)
{
	char *clean = text_sanitize(s ? s : "", TEXT_KEEP_NEWLINE);
	size_t n = strlen(clean), k, sp = 0;
	int sp_col = 0;
	uint32_t cp;

	for (size_t i = 0; i < n; i += k) {
		char ch[8];
		int w;

		k = utf8_decode(clean + i, n - i, &cp);
		k = k ? k : 1;
		if (clean[i] == '\n') {
			buf_printf(out, "\n%*s", indent, "");
			col = indent;
			sp = 0;
			continue;
		}
		memcpy(ch, clean + i, k);
		ch[k] = '\0';
		w = text_width(ch);
		if (col + w > WIDTH) {
			col = wrap_break(out, clean[i] == ' ' ? 0 : sp, sp_col, col, indent);
			sp = 0;
			if (clean[i] == ' ')
				continue;
		}
		if (clean[i] == ' ' && col > indent) {
			sp = out->len;
			sp_col = col + 1;
		}
		buf_add(out, clean + i, k);
		col += w;
	}
	buf_putc(out, '\n');
	free(clean);
}

/* "  Label: value", wrapped under the value. */
static void field(struct buf *out, int indent, const char *label, const char *value)
{
	char *l = text_sanitize(label, 0);
	int col = indent + text_width(l) + 2;

	buf_printf(out, "%*s%s:%s", indent, "", l, value && !*value ? "" : " ");
	free(l);
	wrap(out, value ? value : "-", col, indent + 2);
}

static void field_coded(struct buf *out, const struct handover *h, enum list_id list,
			const char *key)
{
	/* "unknown" tells another agency nothing: left out */
	if (key && strcmp(key, "unknown") != 0)
		field(out, 4, _(config_list(h->cfg, list)->title), label_of(h, list, key));
}

static void field_list(struct buf *out, const struct handover *h, enum list_id list,
		       const struct strlist *l)
{
	struct buf v;

	if (!l->n)
		return;
	buf_init(&v);
	for (size_t i = 0; i < l->n; i++)
		buf_printf(&v, "%s%s", i ? ", " : "", label_of(h, list, l->v[i]));
	field(out, 4, _(config_list(h->cfg, list)->title), v.s);
	buf_free(&v);
}

static const char *consent_text(enum consent c)
{
	return c == CONSENT_YES ? _("consent given") : c == CONSENT_NO ? _("no consent")
								     : _("consent not recorded");
}

static void followup_text(struct buf *v, const struct handover *h, const struct call *c)
{
	char when[24];

	day_time(c->followup_closed_at, when, sizeof when);
	switch (c->followup_state) {
	case FOLLOWUP_OPEN:
		buf_printf(v, _("open, next contact %s"), c->next_contact ? c->next_contact : "-");
		break;
	case FOLLOWUP_WAITING: buf_puts(v, _("waiting for the caller")); break;
	case FOLLOWUP_CONTACTED:
		buf_printf(v, _("contacted %s by a later call (%s)"), when,
			   c->followup_closed_by ? c->followup_closed_by : "-");
		break;
	case FOLLOWUP_CLOSED:
		buf_printf(v, _("closed %s (%s): %s"), when,
			   c->followup_closed_by ? c->followup_closed_by : "-",
			   c->followup_result ? label_of(h, LIST_FOLLOWUP_RESULT, c->followup_result)
					      : _("no result recorded"));
		break;
	}
}

/* A referral's resource by its name, as the summary says it (the summary
 * read it with the calls); the key when the directory has no name. */
static const char *referral_name(const struct handover *h, const struct call *c,
				 const char *resource)
{
	for (size_t i = 0; i < h->cs.nreferrals; i++) {
		const struct case_referral *f = &h->cs.referrals[i];

		if (strcmp(f->call_id, c->id) == 0 && strcmp(f->resource, resource) == 0)
			return f->name;
	}
	return resource;
}

static void text_call(struct buf *out, const struct handover *h, size_t i)
{
	const struct call *c = &h->calls[i];
	char start[24], end[24];
	struct buf v;

	day_time(c->started_at, start, sizeof start);
	if (c->ended_at)
		time_format_local(c->ended_at, "%H:%M", end, sizeof end);
	buf_init(&v);
	buf_printf(&v, "%zu. %s%s%s  %s", i + 1, start, c->ended_at ? "-" : "",
		   c->ended_at ? end : "", c->operator_name ? c->operator_name : "");
	wrap(out, v.s, 0, 4);
	buf_free(&v);
	for (int f = 0; f < CF__COUNT; f++)
		if (f != CF_URGENCY && f != CF_OUTCOME)
			field_coded(out, h, call_coded_info[f].list, c->coded[f]);
	field_list(out, h, LIST_CONCERN, &c->multi[CM_CONCERNS]);
	field_list(out, h, LIST_RESPONSE, &c->multi[CM_RESPONSES]);
	field_list(out, h, LIST_RISK, &c->multi[CM_RISKS]);
	field_coded(out, h, LIST_URGENCY, c->coded[CF_URGENCY]);
	for (size_t r = 0; r < c->nreferrals; r++) {
		const char *note = notes_shown(h, c) ? c->referrals[r].note : NULL;

		buf_init(&v);
		buf_printf(&v, "%s (%s)%s%s", referral_name(h, c, c->referrals[r].resource),
			   consent_text(c->referrals[r].consent), note ? ": " : "", note ? note : "");
		field(out, 4, _("Referral"), v.s);
		buf_free(&v);
	}
	field_coded(out, h, LIST_OUTCOME, c->coded[CF_OUTCOME]);
	field_list(out, h, LIST_CONTINUATION_REASON, &c->multi[CM_CONTINUATION_REASONS]);
	if (call_is_continued(c) || c->followup_state != FOLLOWUP_OPEN) {
		buf_init(&v);
		followup_text(&v, h, c);
		field(out, 4, _("Follow-up"), v.s);
		buf_free(&v);
	}
	if (notes_shown(h, c))
		field(out, 4, _("Notes"), *c->notes ? c->notes : "-");
	else if (h->notes)
		field(out, 4, _("Notes"), _("(another operator's: not shown)"));
}

static void text_marks(struct buf *out, const struct handover *h, const char *label,
		       enum list_id list, const struct case_mark *m, size_t n)
{
	struct buf v;
	char last[16];

	buf_init(&v);
	for (size_t i = 0; i < n; i++) {
		time_format_local(m[i].last, "%Y-%m-%d", last, sizeof last);
		buf_printf(&v, "%s%s ", i ? "; " : "", label_of(h, list, m[i].key));
		buf_printf(&v, ngettext("%d time, last %s", "%d times, last %s", (unsigned long)m[i].count),
			   m[i].count, last);
	}
	field(out, 0, label, n ? v.s : _("none"));
	buf_free(&v);
}

static void text_head(struct buf *out, const struct handover *h)
{
	const struct case_summary *cs = &h->cs;
	char first[24], last[24], now[24];
	struct buf v;

	day_time(time_now(), now, sizeof now);
	day_time(cs->first_call, first, sizeof first);
	day_time(cs->last_call, last, sizeof last);
	buf_init(&v);
	buf_printf(&v, _("Case %s: summary for handover (printed %s)"), cs->info.code, now);
	wrap(out, v.s, 0, 2);
	buf_reset(&v);
	for (int i = 0; i < WIDTH; i++)
		buf_putc(out, '=');
	buf_putc(out, '\n');
	field(out, 0, _("Nickname"), cs->info.nickname);
	buf_printf(&v, _("%d, first %s, last %s"), cs->info.calls, first, last);
	field(out, 0, _("Calls"), v.s);
	field(out, 0, _("Last outcome"),
		*cs->last_outcome ? label_of(h, LIST_OUTCOME, cs->last_outcome) : "-");
	text_marks(out, h, _("Risks ever marked"), LIST_RISK, cs->risks, cs->nrisks);
	text_marks(out, h, _("Urgency"), LIST_URGENCY, cs->urgencies, cs->nurgencies);
	buf_free(&v);
}

static void text_referrals(struct buf *out, const struct handover *h)
{
	const struct case_summary *cs = &h->cs;
	char when[24];
	struct buf v;

	if (!cs->nreferrals) {
		field(out, 0, _("Referrals"), _("none"));
		return;
	}
	field(out, 0, _("Referrals"), "");
	buf_init(&v);
	for (size_t i = 0; i < cs->nreferrals; i++) {
		time_format_local(cs->referrals[i].at, "%Y-%m-%d", when, sizeof when);
		buf_reset(&v);
		buf_printf(&v, "%s  %s (%s)", when, cs->referrals[i].name,
			   consent_text(cs->referrals[i].consent));
		buf_puts(out, "  ");
		wrap(out, v.s, 2, 14);
	}
	buf_free(&v);
}

static void text_followups(struct buf *out, const struct handover *h)
{
	const struct case_summary *cs = &h->cs;
	struct buf v;

	if (!cs->nfollowups) {
		field(out, 0, _("Open follow-ups"), _("none"));
		return;
	}
	field(out, 0, _("Open follow-ups"), "");
	buf_init(&v);
	for (size_t i = 0; i < cs->nfollowups; i++) {
		const struct call_row *r = &cs->followups[i];

		buf_reset(&v);
		if (strcmp(r->followup_state, "waiting") == 0)
			buf_puts(&v, _("waiting for the caller"));
		else
			buf_printf(&v, _("next contact %s"), *r->next_contact ? r->next_contact : "-");
		buf_printf(&v, " (%s)", *r->assigned_to ? r->assigned_to : r->operator_name);
		buf_puts(out, "  ");
		wrap(out, v.s, 2, 4);
	}
	buf_free(&v);
}

static void text_all(struct buf *out, const struct handover *h)
{
	text_head(out, h);
	text_referrals(out, h);
	text_followups(out, h);
	field(out, 0, _("Handover note"), "");
	buf_puts(out, "  ");
	wrap(out, h->cs.info.note ? h->cs.info.note : "-", 2, 2);
	for (size_t i = 0; i < h->ncalls; i++) {
		for (int k = 0; k < WIDTH; k++)
			buf_putc(out, '-');
		buf_putc(out, '\n');
		text_call(out, h, i);
	}
}

/* --- JSON: keys, not labels, as in export --- */

static const char *consent_json(enum consent c)
{
	return c == CONSENT_YES ? "true" : c == CONSENT_NO ? "false" : "null";
}

static void json_marks(struct buf *b, const char *key, const char *name,
		       const struct case_mark *m, size_t n)
{
	call_json_key(b, key, false);
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",{" : "{");
		call_json_key(b, name, true);
		buf_json_string(b, m[i].key);
		buf_printf(b, ",\"count\":%d", m[i].count);
		call_json_time(b, "first", m[i].first);
		call_json_time(b, "last", m[i].last);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void json_followup(struct buf *b, const struct call *c)
{
	call_json_key(b, "followup", false);
	buf_puts(b, "{\"state\":");
	buf_json_string(b, c->followup_state == FOLLOWUP_OPEN
				   ? (call_is_continued(c) ? "open" : "none")
				   : followup_state_name(c->followup_state));
	call_json_time(b, "at", c->followup_closed_at);
	call_json_string(b, "by", c->followup_closed_by);
	call_json_string(b, "result", c->followup_result);
	call_json_string(b, "call", c->followup_call);
	buf_putc(b, '}');
}

static void json_call(struct buf *b, const struct handover *h, const struct call *c)
{
	bool notes = notes_shown(h, c);

	buf_puts(b, "{\"id\":");
	buf_json_string(b, c->id);
	call_json_time(b, "started_at", c->started_at);
	call_json_time(b, "ended_at", c->ended_at);
	call_json_string(b, "operator", c->operator_name);
	for (int f = 0; f < CF__COUNT; f++)
		call_json_string(b, call_coded_info[f].json, c->coded[f]);
	for (int m = 0; m < CM__COUNT; m++)
		call_json_list(b, call_multi_info[m].json, &c->multi[m]);
	call_json_key(b, "referrals", false);
	buf_putc(b, '[');
	for (size_t r = 0; r < c->nreferrals; r++) {
		buf_puts(b, r ? ",{\"resource\":" : "{\"resource\":");
		buf_json_string(b, c->referrals[r].resource);
		buf_printf(b, ",\"consent\":%s", consent_json(c->referrals[r].consent));
		if (h->notes)
			call_json_string(b, "note", notes ? c->referrals[r].note : NULL);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	call_json_string(b, "next_contact", c->next_contact);
	call_json_string(b, "assigned_to", c->assigned_to);
	json_followup(b, c);
	if (h->notes) {
		call_json_string(b, "notes", notes ? c->notes : NULL);
		call_json_key(b, "notes_withheld", false);
		buf_puts(b, notes ? "false" : "true");
	}
	buf_putc(b, '}');
}

static void json_all(struct buf *b, const struct handover *h)
{
	const struct case_summary *cs = &h->cs;

	buf_puts(b, "{\"case\":");
	buf_json_string(b, cs->info.code);
	call_json_string(b, "nickname", cs->info.nickname);
	call_json_string(b, "note", cs->info.note);
	call_json_time(b, "created_at", cs->info.created_at);
	buf_printf(b, ",\"calls_count\":%d", cs->info.calls);
	call_json_time(b, "first_call", cs->first_call);
	call_json_time(b, "last_call", cs->last_call);
	call_json_string(b, "last_outcome", *cs->last_outcome ? cs->last_outcome : NULL);
	json_marks(b, "risks", "risk", cs->risks, cs->nrisks);
	json_marks(b, "urgency", "urgency", cs->urgencies, cs->nurgencies);
	call_json_key(b, "referrals", false);
	buf_putc(b, '[');
	for (size_t i = 0; i < cs->nreferrals; i++) {
		buf_puts(b, i ? ",{\"call\":" : "{\"call\":");
		buf_json_string(b, cs->referrals[i].call_id);
		call_json_time(b, "at", cs->referrals[i].at);
		call_json_string(b, "resource", cs->referrals[i].resource);
		call_json_string(b, "name", cs->referrals[i].name);
		buf_printf(b, ",\"consent\":%s}", consent_json(cs->referrals[i].consent));
	}
	buf_puts(b, "]");
	call_json_key(b, "open_followups", false);
	buf_putc(b, '[');
	for (size_t i = 0; i < cs->nfollowups; i++) {
		const struct call_row *r = &cs->followups[i];

		buf_puts(b, i ? ",{\"call\":" : "{\"call\":");
		buf_json_string(b, r->id);
		call_json_string(b, "state", *r->followup_state ? r->followup_state : "open");
		call_json_string(b, "next_contact", *r->next_contact ? r->next_contact : NULL);
		call_json_string(b, "owner", *r->assigned_to ? r->assigned_to : r->operator_name);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	call_json_key(b, "calls", false);
	buf_putc(b, '[');
	for (size_t i = 0; i < h->ncalls; i++) {
		if (i)
			buf_putc(b, ',');
		json_call(b, h, &h->calls[i]);
	}
	buf_puts(b, "]}\n");
}

static enum status handover_read(struct handover *h, const char *arg, struct error *err)
{
	char code[CASE_CODE_LEN + 1];
	bool found;
	enum status rc;

	if (!case_code_normalize(arg, code))
		return error_set(err, ST_USAGE, _("\"%s\" is not a case code (like K7Q2-9MXD)"), arg);
	if ((rc = store_case_summary(h->env->store, code, &h->cs, &found, err)))
		return rc;
	if (!found)
		return error_set(err, ST_NOINPUT, _("no case %s"), code);
	return store_case_each(h->env->store, code, keep_call, h, err);
}

enum status cli_case(struct cli_env *env, const struct cli_opts *o, const char *code, FILE *out,
		     struct error *err)
{
	struct handover h = {.env = env, .cfg = &env->cfg, .notes = o->notes,
			     .supervisor = roles_is_supervisor(&env->cfg), .me = store_whoami()};
	bool json = o->format && strcmp(o->format, "json") == 0;
	struct buf b;
	enum status rc;

	if (o->format && !json && strcmp(o->format, "text") != 0)
		return error_set(err, ST_USAGE, _("--format takes text or json"));
	buf_init(&b);
	if (!(rc = handover_read(&h, code, err)) && !(rc = audit_reads(&h, err))) {
		if (json)
			json_all(&b, &h);
		else
			text_all(&b, &h);
		fputs(b.s, out);
	}
	buf_free(&b);
	for (size_t i = 0; i < h.ncalls; i++)
		call_free(&h.calls[i]);
	free(h.calls);
	if (h.cs.info.code[0])
		case_summary_free(&h.cs);
	return rc;
}

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "soudan/call.h"
#include "soudan/i18n.h"
#include "soudan/timeutil.h"

const struct call_field_info call_coded_info[CF__COUNT] = {
#define CF_INFO(id, json, list) [id] = {json, list},
	CALL_CODED(CF_INFO)
#undef CF_INFO
};

const struct call_field_info call_multi_info[CM__COUNT] = {
#define CM_INFO(id, json, list) [id] = {json, list},
	CALL_MULTI(CM_INFO)
#undef CM_INFO
};

void strlist_add(struct strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void strlist_remove(struct strlist *l, size_t i)
{
	if (i >= l->n)
		return;
	free(l->v[i]);
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

bool text_same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

bool strlist_same(const struct strlist *x, const struct strlist *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]) != 0)
			return false;
	return true;
}

bool call_referrals_same(const struct call *x, const struct call *y)
{
	if (x->nreferrals != y->nreferrals)
		return false;
	for (size_t i = 0; i < x->nreferrals; i++)
		if (!text_same(x->referrals[i].resource, y->referrals[i].resource) ||
		    !text_same(x->referrals[i].note, y->referrals[i].note) ||
		    x->referrals[i].consent != y->referrals[i].consent)
			return false;
	return true;
}

void call_init(struct call *c)
{
	memset(c, 0, sizeof *c);
	c->notes = xstrdup("");
}

void call_free(struct call *c)
{
	free(c->site);
	free(c->operator_name);
	for (int i = 0; i < CF__COUNT; i++)
		free(c->coded[i]);
	for (int i = 0; i < CM__COUNT; i++)
		strlist_clear(&c->multi[i]);
	free(c->case_code);
	free(c->nickname);
	for (size_t i = 0; i < c->nreferrals; i++) {
		free(c->referrals[i].resource);
		free(c->referrals[i].note);
	}
	free(c->referrals);
	free(c->next_contact);
	free(c->assigned_to);
	free(c->notes);
	free(c->followup_closed_by);
	free(c->followup_result);
	free(c->followup_call);
	free(c->debrief_reason);
	memset(c, 0, sizeof *c);
}

void call_set(char **slot, const char *v)
{
	char *copy = v ? xstrdup(v) : NULL;

	free(*slot);
	*slot = copy;
}

void call_copy(struct call *dst, const struct call *src)
{
	call_init(dst);
	memcpy(dst->id, src->id, sizeof dst->id);
	call_set(&dst->site, src->site);
	call_set(&dst->operator_name, src->operator_name);
	dst->started_at = src->started_at;
	dst->ended_at = src->ended_at;
	for (int i = 0; i < CF__COUNT; i++)
		call_set(&dst->coded[i], src->coded[i]);
	for (int i = 0; i < CM__COUNT; i++)
		for (size_t j = 0; j < src->multi[i].n; j++)
			strlist_add(&dst->multi[i], src->multi[i].v[j]);
	call_set(&dst->case_code, src->case_code);
	call_set(&dst->nickname, src->nickname);
	for (size_t i = 0; i < src->nreferrals; i++)
		call_add_referral(dst, src->referrals[i].resource, src->referrals[i].consent,
				  src->referrals[i].note);
	call_set(&dst->next_contact, src->next_contact);
	call_set(&dst->assigned_to, src->assigned_to);
	dst->debrief = src->debrief;
	call_set(&dst->notes, src->notes ? src->notes : "");
	dst->legal_hold = src->legal_hold;
	dst->followup_state = src->followup_state;
	dst->followup_closed_at = src->followup_closed_at;
	call_set(&dst->followup_closed_by, src->followup_closed_by);
	call_set(&dst->followup_result, src->followup_result);
	call_set(&dst->followup_call, src->followup_call);
	dst->version = src->version;
	call_set(&dst->debrief_reason, src->debrief_reason);
}

void call_add_referral(struct call *c, const char *resource, enum consent consent,
		       const char *note)
{
	struct referral *r;

	c->referrals = xrealloc(c->referrals, (c->nreferrals + 1) * sizeof *c->referrals);
	r = &c->referrals[c->nreferrals++];
	r->resource = xstrdup(resource);
	r->consent = consent;
	r->note = note ? xstrdup(note) : NULL;
}

void call_remove_referral(struct call *c, size_t i)
{
	if (i >= c->nreferrals)
		return;
	free(c->referrals[i].resource);
	free(c->referrals[i].note);
	memmove(&c->referrals[i], &c->referrals[i + 1],
		(c->nreferrals - i - 1) * sizeof *c->referrals);
	c->nreferrals--;
}

bool call_is_continued(const struct call *c)
{
	const char *o = c->coded[CF_OUTCOME];

	return o && strcmp(o, "closed") != 0;
}

bool call_followup_pending(const struct call *c)
{
	return call_is_continued(c) &&
	       (c->followup_state == FOLLOWUP_OPEN || c->followup_state == FOLLOWUP_WAITING);
}

static const char *const followup_names[] = {
	[FOLLOWUP_WAITING] = "waiting",
	[FOLLOWUP_CONTACTED] = "contacted",
	[FOLLOWUP_CLOSED] = "closed",
};

const char *followup_state_name(enum followup_state st)
{
	return st > FOLLOWUP_OPEN && st <= FOLLOWUP_CLOSED ? followup_names[st] : NULL;
}

bool followup_state_parse(const char *name, enum followup_state *out)
{
	for (int i = FOLLOWUP_WAITING; i <= FOLLOWUP_CLOSED; i++)
		if (name && strcmp(name, followup_names[i]) == 0) {
			*out = (enum followup_state)i;
			return true;
		}
	return false;
}

const char *call_urgency_from_risks(const struct call *c, const struct config *cfg)
{
	const struct strlist *risks = &c->multi[CM_RISKS];

	if (codelist_find(config_list(cfg, LIST_URGENCY), "urgent") < 0)
		return NULL;
	for (size_t i = 0; i < risks->n; i++)
		if (keyset_has(&cfg->serious_risks, risks->v[i]))
			return "urgent";
	return NULL;
}

/* A key of [debrief_reason] the list has, or NULL. */
static const char *debrief_key(const struct config *cfg, const char *key)
{
	return codelist_find(config_list(cfg, LIST_DEBRIEF_REASON), key) >= 0 ? key : NULL;
}

bool call_debrief_proposed(const struct call *c, const struct config *cfg, int64_t now,
			   const char **reason)
{
	int64_t end = c->ended_at ? c->ended_at : now;
	int64_t limit = (int64_t)cfg->debrief_after_minutes * 60;

	*reason = NULL;
	if (c->coded[CF_URGENCY] && strcmp(c->coded[CF_URGENCY], "urgent") == 0) {
		*reason = debrief_key(cfg, "urgent");
		return true;
	}
	if (limit > 0 && c->started_at && end - c->started_at >= limit) {
		*reason = debrief_key(cfg, "long");
		return true;
	}
	return false;
}

void call_fill_unknown(struct call *c, const struct config *cfg)
{
	for (int i = 0; i < CF__COUNT; i++) {
		const struct codelist *l = config_list(cfg, call_coded_info[i].list);

		if (!c->coded[i] && codelist_has_unknown(l))
			c->coded[i] = xstrdup("unknown");
	}
}

/* line: a name or a site, shown on one line of other operators' screens: no
 * control, bidi or zero-width character (free text keeps them, and every
 * output path shows them as placeholders). Byte positions count from 1. */
static enum status validate_text(const char *s, const char *field, size_t max, bool line,
				 struct error *err)
{
	size_t n, bad, k;
	uint32_t cp;

	if (!s)
		return ST_OK;
	n = strlen(s);
	if (n > max)
		return error_at(err, ST_DATAERR, NULL, 0, field, _("too long (%zu bytes, at most %zu)"),
				n, max);
	if (!utf8_valid(s, n, &bad))
		return error_at(err, ST_DATAERR, NULL, 0, field, _("invalid UTF-8 at byte %zu"),
				bad + 1);
	for (size_t i = 0; line && i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		if (text_is_dangerous(cp, 0))
			return error_at(err, ST_DATAERR, NULL, 0, field,
					_("a control or invisible character (U+%04X) at byte %zu"),
					(unsigned)cp, i + 1);
	}
	return ST_OK;
}

static enum status validate_code(const struct config *cfg, enum list_id list, const char *code,
				 const char *field, struct error *err)
{
	const struct codelist *l = config_list(cfg, list);

	if (!codelist_accepts(l, code))
		return error_at(err, ST_DATAERR, NULL, 0, field, _("unknown code \"%s\" (not in [%s])"),
				code, l->name);
	return ST_OK;
}

static enum status validate_codes(const struct call *c, const struct config *cfg, struct error *err)
{
	enum status st;

	for (int i = 0; i < CF__COUNT; i++)
		if (c->coded[i] && (st = validate_code(cfg, call_coded_info[i].list, c->coded[i],
						       call_coded_info[i].json, err)))
			return st;
	for (int i = 0; i < CM__COUNT; i++) {
		const struct strlist *l = &c->multi[i];

		for (size_t j = 0; j < l->n; j++) {
			if ((st = validate_code(cfg, call_multi_info[i].list, l->v[j],
						call_multi_info[i].json, err)))
				return st;
			for (size_t k = 0; k < j; k++)
				if (strcmp(l->v[k], l->v[j]) == 0)
					return error_at(err, ST_DATAERR, NULL, 0, call_multi_info[i].json,
							_("code \"%s\" given twice"), l->v[j]);
		}
	}
	if (c->debrief_reason)
		return validate_code(cfg, LIST_DEBRIEF_REASON, c->debrief_reason, "debrief_reason",
				     err);
	return ST_OK;
}

static enum status validate_texts(const struct call *c, struct error *err)
{
	enum status st;

	if ((st = validate_text(c->site, "site", 200, true, err)) ||
	    (st = validate_text(c->operator_name, "operator", 64, true, err)) ||
	    (st = validate_text(c->nickname, "nickname", 200, true, err)) ||
	    (st = validate_text(c->assigned_to, "assigned_to", 64, true, err)) ||
	    (st = validate_text(c->followup_closed_by, "followup", 64, true, err)) ||
	    (st = validate_text(c->followup_result, "followup", 64, true, err)) ||
	    (st = validate_text(c->notes, "notes", CALL_NOTES_MAX, false, err)))
		return st;
	for (size_t i = 0; i < c->nreferrals; i++)
		if ((st = validate_text(c->referrals[i].note, "referrals", 1000, false, err)))
			return st;
	return ST_OK;
}

/* The follow-up's fields agree with its state. */
static enum status validate_followup_state(const struct call *c, const struct config *cfg,
					   struct error *err)
{
	bool ended = c->followup_state == FOLLOWUP_CONTACTED || c->followup_state == FOLLOWUP_CLOSED;

	if (ended != (c->followup_closed_at != 0))
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("a contacted or closed follow-up needs \"at\", and only it"));
	if (c->followup_result && c->followup_state != FOLLOWUP_CLOSED)
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("only a closed follow-up has a result"));
	if (c->followup_call && c->followup_state != FOLLOWUP_CONTACTED)
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("only a contacted follow-up names the call that contacted"));
	if (c->followup_call && !id_valid(c->followup_call))
		return error_at(err, ST_DATAERR, NULL, 0, "followup", _("\"call\" is not a UUID"));
	if (c->followup_closed_by && !ended)
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("only a contacted or closed follow-up has \"by\""));
	if (c->followup_state == FOLLOWUP_WAITING && c->next_contact)
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("waiting for the caller has no next-contact date"));
	if (c->followup_result)
		return validate_code(cfg, LIST_FOLLOWUP_RESULT, c->followup_result, "followup", err);
	return ST_OK;
}

enum status call_validate_followup(const struct call *c, const char *today, const char *kept,
				   struct error *err)
{
	struct date d, t;

	if (c->followup_state == FOLLOWUP_WAITING && c->next_contact)
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("waiting for the caller has no next-contact date"));
	if (c->followup_state == FOLLOWUP_WAITING && !call_is_continued(c))
		return error_at(err, ST_DATAERR, NULL, 0, "followup",
				_("only a continued call waits for the caller"));
	if (call_followup_pending(c) && !c->next_contact && c->followup_state != FOLLOWUP_WAITING)
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("a continued call needs a next-contact date, or waiting for the"
				  " caller"));
	if (!today || !c->next_contact || (kept && strcmp(kept, c->next_contact) == 0))
		return ST_OK;
	if (!date_parse(c->next_contact, &d))
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact", _("not a date (YYYY-MM-DD)"));
	if (date_parse(today, &t) && date_cmp(d, t) < 0)
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact",
				_("the next contact is before today (%s)"), today);
	return ST_OK;
}

enum status call_validate(const struct call *c, const struct config *cfg, struct error *err)
{
	struct date d;
	char code[CASE_CODE_LEN + 1];
	enum status st;

	if (!id_valid(c->id))
		return error_at(err, ST_DATAERR, NULL, 0, "id", _("not a UUID"));
	if (c->started_at <= 0)
		return error_at(err, ST_DATAERR, NULL, 0, "started_at", _("missing"));
	if (!c->coded[CF_CALL_TYPE])
		return error_at(err, ST_DATAERR, NULL, 0, "call_type", _("missing"));
	if (c->ended_at && c->ended_at < c->started_at)
		return error_at(err, ST_DATAERR, NULL, 0, "ended_at", _("before started_at"));
	if (c->next_contact && !date_parse(c->next_contact, &d))
		return error_at(err, ST_DATAERR, NULL, 0, "next_contact", _("not a date (YYYY-MM-DD)"));
	if (c->case_code && !case_code_normalize(c->case_code, code))
		return error_at(err, ST_DATAERR, NULL, 0, "case", _("not a case code (like K7Q2-9MXD)"));
	if (c->nickname && !c->case_code)
		return error_at(err, ST_DATAERR, NULL, 0, "nickname", _("a nickname needs a case"));
	if ((st = validate_texts(c, err)) || (st = validate_codes(c, cfg, err)) ||
	    (st = validate_followup_state(c, cfg, err)))
		return st;
	return ST_OK;
}

void call_json_key(struct buf *b, const char *key, bool first)
{
	if (!first)
		buf_putc(b, ',');
	buf_json_string(b, key);
	buf_putc(b, ':');
}

void call_json_string(struct buf *b, const char *key, const char *v)
{
	call_json_key(b, key, false);
	if (v)
		buf_json_string(b, v);
	else
		buf_puts(b, "null");
}

void call_json_time(struct buf *b, const char *key, int64_t t)
{
	char iso[40];

	if (t)
		time_format_iso(t, iso, sizeof iso);
	call_json_string(b, key, t ? iso : NULL);
}

void call_json_list(struct buf *b, const char *key, const struct strlist *l)
{
	call_json_key(b, key, false);
	buf_putc(b, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_json_string(b, l->v[i]);
	}
	buf_putc(b, ']');
}

static void json_referrals(struct buf *b, const struct call *c)
{
	call_json_key(b, "referrals", false);
	buf_putc(b, '[');
	for (size_t i = 0; i < c->nreferrals; i++) {
		const struct referral *r = &c->referrals[i];

		buf_puts(b, i ? ",{\"resource\":" : "{\"resource\":");
		buf_json_string(b, r->resource);
		buf_puts(b, r->consent == CONSENT_YES  ? ",\"consent\":true,\"note\":"
			    : r->consent == CONSENT_NO ? ",\"consent\":false,\"note\":"
						       : ",\"consent\":null,\"note\":");
		if (r->note)
			buf_json_string(b, r->note);
		else
			buf_puts(b, "null");
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* Written by hand rather than through SQLite so that drafts and exports need no
 * connection; every string goes through buf_json_string. Parsing is JSON1's. */
void call_to_json(const struct call *c, struct buf *b)
{
	buf_puts(b, "{\"id\":");
	buf_json_string(b, c->id);
	call_json_string(b, "site", c->site);
	call_json_string(b, "operator", c->operator_name);
	call_json_time(b, "started_at", c->started_at);
	call_json_time(b, "ended_at", c->ended_at);
	for (int i = CF_CALL_TYPE; i <= CF_CONTACT; i++)
		call_json_string(b, call_coded_info[i].json, c->coded[i]);
	call_json_string(b, "case", c->case_code);
	call_json_string(b, "nickname", c->nickname);
	for (int i = CF_CALLER; i <= CF_HEARD_VIA; i++)
		call_json_string(b, call_coded_info[i].json, c->coded[i]);
	call_json_list(b, "concerns", &c->multi[CM_CONCERNS]);
	call_json_list(b, "responses", &c->multi[CM_RESPONSES]);
	call_json_list(b, "risks", &c->multi[CM_RISKS]);
	call_json_string(b, "urgency", c->coded[CF_URGENCY]);
	json_referrals(b, c);
	call_json_string(b, "outcome", c->coded[CF_OUTCOME]);
	call_json_list(b, "continuation_reasons", &c->multi[CM_CONTINUATION_REASONS]);
	call_json_string(b, "next_contact", c->next_contact);
	call_json_string(b, "assigned_to", c->assigned_to);
	call_json_key(b, "debrief", false);
	buf_puts(b, c->debrief ? "true" : "false");
	/* Only when set: most calls have neither, and their JSON stays as it was. */
	if (c->legal_hold)
		buf_puts(b, ",\"legal_hold\":true");
	if (c->followup_state != FOLLOWUP_OPEN) {
		call_json_key(b, "followup", false);
		buf_puts(b, "{\"state\":");
		buf_json_string(b, followup_state_name(c->followup_state));
		if (c->followup_state != FOLLOWUP_WAITING) {
			call_json_time(b, "at", c->followup_closed_at);
			call_json_string(b, "by", c->followup_closed_by);
		}
		if (c->followup_result)
			call_json_string(b, "result", c->followup_result);
		if (c->followup_call)
			call_json_string(b, "call", c->followup_call);
		buf_putc(b, '}');
	}
	call_json_string(b, "notes", c->notes);
	buf_putc(b, '}');
}

/* Every hyphen or dash a phone number may be typed with: Japanese input
 * methods give the minus sign, the long vowel mark and full-width forms as
 * readily as the ASCII hyphen. */
static bool notes_is_dash(uint32_t cp)
{
	return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2043 || cp == 0x2212 ||
	       cp == 0x30FC || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF70 || cp == 0x00AD;
}

/* The notes as ASCII for matching: full-width forms (０-９, ＠, ．, （）) as
 * their ASCII letters, every dash as '-', the ideographic space as ' ', and
 * anything else that is not ASCII as one byte that matches nothing. */
static char *notes_normalise(const char *notes)
{
	size_t n = strlen(notes), i = 0, k;
	char *out = xmalloc(n + 1), *o = out;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(notes + i, n - i, &cp);
		i += k ? k : 1;
		if (k && cp < 0x80)
			*o++ = (char)cp;
		else if (k && cp >= 0xFF01 && cp <= 0xFF5E)
			*o++ = (char)(cp - 0xFEE0);
		else if (k && notes_is_dash(cp))
			*o++ = '-';
		else if (k && cp == 0x3000)
			*o++ = ' ';
		else
			*o++ = '\x01';
	}
	*o = '\0';
	return out;
}

static bool looks_like_email(const char *notes, const char *at)
{
	const char *q = at + 1;

	if (at == notes || !(isalnum((unsigned char)at[-1]) || at[-1] == '.' || at[-1] == '_'))
		return false;
	while (isalnum((unsigned char)*q) || *q == '-')
		q++;
	return *q == '.' && isalnum((unsigned char)q[1]);
}

/* Ten or more digits with only separators between them (hyphens and
 * dashes, brackets, spaces), starting with 0 or after + (a Japanese number
 * has 10 or 11 and starts with 0; dates and times in the notes do not); or
 * something@host.domain. Half- and full-width alike. */
const char *call_notes_identifying(const char *notes)
{
	const char *why = NULL;
	char *a;
	int digits = 0;
	bool phone = false; /* the run of digits starts like a number */

	if (!notes)
		return NULL;
	a = notes_normalise(notes);
	for (const char *p = a; *p && !why; p++) {
		if (isdigit((unsigned char)*p)) {
			if (digits++ == 0)
				phone = *p == '0' || (p > a && p[-1] == '+');
			if (digits >= 10 && phone)
				why = N_("looks like a phone number");
		} else if (!strchr("-() ", *p)) {
			digits = 0;
		}
		if (*p == '@' && looks_like_email(a, p))
			why = N_("looks like an e-mail address");
	}
	free(a);
	return why;
}

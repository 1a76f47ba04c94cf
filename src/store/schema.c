/* The schema lives here and only here. Migration N takes user_version N-1 to N;
 * a released migration is never edited, only followed by a new one. */
#include "schema.h"

const char *const store_migrations[] = {
	/* 1: calls, cases, codes, directory, referrals, drafts, audit */
	"CREATE TABLE cases("
	"  code TEXT PRIMARY KEY,"
	"  nickname TEXT,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE calls("
	"  id TEXT PRIMARY KEY,"
	"  site TEXT NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  ended_at INTEGER,"
	"  call_type TEXT NOT NULL,"
	"  channel TEXT, contact TEXT, caller TEXT, age_band TEXT, gender TEXT,"
	"  withdrawal TEXT, region TEXT, heard_via TEXT, urgency TEXT, outcome TEXT,"
	"  case_code TEXT REFERENCES cases(code),"
	"  next_contact TEXT,"
	"  assigned_to TEXT,"
	"  debrief INTEGER NOT NULL DEFAULT 0,"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  followup_closed_at INTEGER,"
	"  legal_hold INTEGER NOT NULL DEFAULT 0,"
	"  purged_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX calls_by_start ON calls(started_at);"
	"CREATE INDEX calls_by_case ON calls(case_code, started_at) WHERE case_code IS NOT NULL;"
	"CREATE INDEX calls_by_next_contact ON calls(next_contact)"
	"  WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed' AND followup_closed_at IS NULL;"
	/* Multi-valued coded fields; pos keeps the order (pos 0 of concerns is the main one). */
	"CREATE TABLE call_codes("
	"  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL,"
	"  pos INTEGER NOT NULL,"
	"  code TEXT NOT NULL,"
	"  PRIMARY KEY(call_id, field, pos)"
	") WITHOUT ROWID;"
	"CREATE TABLE resources("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  phone TEXT NOT NULL DEFAULT '',"
	"  hours TEXT NOT NULL DEFAULT '',"
	"  area TEXT NOT NULL DEFAULT '',"
	"  url TEXT NOT NULL DEFAULT '',"
	"  description TEXT NOT NULL DEFAULT '',"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  updated_at INTEGER NOT NULL"
	");"
	/* Substring search that works for Japanese (three characters or more). */
	"CREATE VIRTUAL TABLE resources_fts USING fts5("
	"  name, area, description, content='resources', tokenize='trigram');"
	/* Kept in step by src/store/resources.c in the same transaction: a trigger
	 * writing to a virtual table is refused with trusted_schema off. */
	"CREATE TABLE referrals("
	"  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  resource_id TEXT NOT NULL REFERENCES resources(id),"
	"  consent INTEGER NOT NULL,"
	"  note TEXT,"
	"  PRIMARY KEY(call_id, pos)"
	") WITHOUT ROWID;"
	"CREATE INDEX referrals_by_resource ON referrals(resource_id);"
	/* One row per open call, the call as interface JSON. */
	"CREATE TABLE drafts("
	"  id TEXT PRIMARY KEY,"
	"  operator TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  data TEXT NOT NULL"
	");"
	"CREATE INDEX drafts_by_operator ON drafts(operator, updated_at);"
	"CREATE TABLE audit("
	"  seq INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id TEXT,"
	"  before TEXT,"
	"  after TEXT,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only');"
	"END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit trail is append-only');"
	"END;",
	/* 2: a call's history without reading the whole trail */
	"CREATE INDEX audit_by_entity ON audit(entity, entity_id, seq);"
	/* and an operator's own follow-ups first without sorting the backlog */
	"CREATE INDEX calls_by_owner ON calls(coalesce(assigned_to, operator), next_contact)"
	"  WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed' AND followup_closed_at IS NULL;"
	/* one- and two-character searches walk the directory in list order and
	 * stop at a screenful, instead of sorting every match */
	"CREATE INDEX resources_by_category ON resources(category, name, id);",
	/* 3: one editor per record (leases), saves checked against the version
	 * they started from, imports invisible until complete, who closed a
	 * follow-up, a referral's consent that was never asked (NULL), and the
	 * caller's age band (相談者の年代), beside the person's: 8050 households */
	"ALTER TABLE calls ADD COLUMN caller_age TEXT;"
	"CREATE TABLE leases("
	"  record_id TEXT PRIMARY KEY,"
	"  session TEXT NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  tty TEXT NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  since INTEGER NOT NULL,"
	"  heartbeat INTEGER NOT NULL"
	");"
	"ALTER TABLE calls ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE calls ADD COLUMN followup_closed_by TEXT;"
	/* An import in progress has a row here; its calls and cases carry its id
	 * and stay out of every list, report and export until the row goes. */
	"CREATE TABLE imports("
	"  id TEXT PRIMARY KEY,"
	"  operator TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  heartbeat INTEGER NOT NULL,"
	"  file TEXT NOT NULL"
	");"
	"ALTER TABLE calls ADD COLUMN import_id TEXT;"
	"ALTER TABLE cases ADD COLUMN import_id TEXT;"
	"CREATE INDEX calls_by_import ON calls(import_id) WHERE import_id IS NOT NULL;"
	/* A draft is one session's text of a call: a new call, or an edit of a
	 * saved one from base_version; a call may have two (a conflict kept). */
	"CREATE TABLE drafts_v3("
	"  id TEXT PRIMARY KEY,"
	"  call_id TEXT NOT NULL,"
	"  base_version INTEGER,"
	"  operator TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  data TEXT NOT NULL"
	");"
	"INSERT INTO drafts_v3 SELECT d.id, d.id, (SELECT version FROM calls WHERE id = d.id),"
	"  d.operator, d.updated_at, d.data FROM drafts d;"
	"DROP TABLE drafts;"
	"ALTER TABLE drafts_v3 RENAME TO drafts;"
	"CREATE INDEX drafts_by_operator ON drafts(operator, updated_at);"
	"CREATE INDEX drafts_by_call ON drafts(call_id);"
	"CREATE TABLE referrals_v3("
	"  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,"
	"  pos INTEGER NOT NULL,"
	"  resource_id TEXT NOT NULL REFERENCES resources(id),"
	"  consent INTEGER,"
	"  note TEXT,"
	"  PRIMARY KEY(call_id, pos)"
	") WITHOUT ROWID;"
	"INSERT INTO referrals_v3 SELECT call_id, pos, resource_id, consent, note FROM referrals;"
	"DROP TABLE referrals;"
	"ALTER TABLE referrals_v3 RENAME TO referrals;"
	"CREATE INDEX referrals_by_resource ON referrals(resource_id);"
	/* A purge whose old text may still be in the -wal file: another session
	 * kept the checkpoint from finishing; the next start or check does. */
	"CREATE TABLE wipes("
	"  purge_seq INTEGER PRIMARY KEY,"
	"  purged_at INTEGER NOT NULL"
	");",
	/* 4: follow-ups belong to the case. followup_state: NULL while open,
	 * 'waiting' for the caller (no date), 'contacted' by a later call on the
	 * case (followup_call), 'closed' with a result; followup_closed_at and
	 * _by say when and by whom it was contacted or closed. Open follow-ups
	 * that a later call had already reached are marked contacted after this
	 * (store_followups_contact_all). A case keeps a short handover note
	 * (申し送り), free text that purge blanks with the nickname. */
	"ALTER TABLE calls ADD COLUMN followup_state TEXT"
	"  CHECK (followup_state IN ('waiting', 'contacted', 'closed'));"
	"ALTER TABLE calls ADD COLUMN followup_result TEXT;"
	"ALTER TABLE calls ADD COLUMN followup_call TEXT;"
	"UPDATE calls SET followup_state = 'closed' WHERE followup_closed_at IS NOT NULL;"
	"DROP INDEX calls_by_next_contact;"
	"CREATE INDEX calls_by_next_contact ON calls(next_contact)"
	"  WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed' AND followup_state IS NULL;"
	"DROP INDEX calls_by_owner;"
	"CREATE INDEX calls_by_owner ON calls(coalesce(assigned_to, operator), next_contact)"
	"  WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed' AND followup_state IS NULL;"
	"CREATE INDEX calls_waiting ON calls(coalesce(assigned_to, operator), started_at)"
	"  WHERE followup_state = 'waiting' AND outcome IS NOT 'closed';"
	/* the report counts follow-ups contacted or closed in its period */
	"CREATE INDEX calls_by_followup_end ON calls(followup_closed_at)"
	"  WHERE followup_closed_at IS NOT NULL;"
	"ALTER TABLE cases ADD COLUMN note TEXT;",
	/* 5: the duty room. A new call's draft carries, beside its JSON, what
	 * other sessions may see of it, never its notes: start, end, site,
	 * urgency, risks (keys, blank-separated), and the debrief reason the
	 * operator chose; filled here for the drafts already there. */
	"ALTER TABLE drafts ADD COLUMN started_at INTEGER;"
	"ALTER TABLE drafts ADD COLUMN ended_at INTEGER;"
	"ALTER TABLE drafts ADD COLUMN site TEXT;"
	"ALTER TABLE drafts ADD COLUMN urgency TEXT;"
	"ALTER TABLE drafts ADD COLUMN risks TEXT;"
	"ALTER TABLE drafts ADD COLUMN debrief_reason TEXT;"
	"UPDATE drafts SET started_at = unixepoch(json_extract(data, '$.started_at')),"
	"  ended_at = unixepoch(json_extract(data, '$.ended_at')),"
	"  site = json_extract(data, '$.site'), urgency = json_extract(data, '$.urgency'),"
	"  risks = (SELECT group_concat(value, ' ') FROM json_each(data, '$.risks'))"
	"  WHERE json_valid(data);"
	/* Help requests (応援要請) on a call, saved or still a draft: one open
	 * (not yet acknowledged) per call at most. */
	"CREATE TABLE help_requests("
	"  seq INTEGER PRIMARY KEY,"
	"  call_id TEXT NOT NULL,"
	"  site TEXT NOT NULL,"
	"  raised_by TEXT NOT NULL,"
	"  raised_at INTEGER NOT NULL,"
	"  acked_by TEXT,"
	"  acked_at INTEGER,"
	"  CHECK ((acked_by IS NULL) = (acked_at IS NULL))"
	");"
	"CREATE UNIQUE INDEX help_open ON help_requests(call_id) WHERE acked_at IS NULL;"
	"CREATE INDEX help_by_call ON help_requests(call_id, seq);"
	"CREATE INDEX help_by_raised ON help_requests(raised_at);"
	/* The debrief queue (振り返り): a saved call flagged for one, with the
	 * reason (a [debrief_reason] key, NULL when none was given), who asked
	 * and when, who did it and when. Calls flagged before this version
	 * are not entered: nobody knows when they were asked for. */
	"CREATE TABLE debriefs("
	"  call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,"
	"  site TEXT NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  reason TEXT,"
	"  requested_at INTEGER NOT NULL,"
	"  requested_by TEXT NOT NULL,"
	"  done_at INTEGER,"
	"  done_by TEXT,"
	"  CHECK ((done_by IS NULL) = (done_at IS NULL))"
	") WITHOUT ROWID;"
	"CREATE INDEX debriefs_waiting ON debriefs(requested_at) WHERE done_at IS NULL;"
	"CREATE INDEX debriefs_by_request ON debriefs(requested_at);"
	"CREATE INDEX debriefs_by_done ON debriefs(done_at) WHERE done_at IS NOT NULL;"
	/* The shift log (申し送り): short entries for the next shift, free text
	 * that purge removes with the notes. id comes from the writer (a retry
	 * adds it once); flagged: it looked like a phone number or an address
	 * when written (the anonymity warning of the notes). */
	"CREATE TABLE shift_log("
	"  id TEXT PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  site TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  flagged INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX shift_log_by_at ON shift_log(at);",
};

const int store_schema_latest = sizeof store_migrations / sizeof *store_migrations;

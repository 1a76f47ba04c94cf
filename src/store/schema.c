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
	/* 3: the caller's age band (相談者の年代), beside the person's: 8050 households */
	"ALTER TABLE calls ADD COLUMN caller_age TEXT;",
};

const int store_schema_latest = sizeof store_migrations / sizeof *store_migrations;

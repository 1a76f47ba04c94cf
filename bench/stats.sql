-- The floor for soudan-stats: the sqlite3 shell counting the same figures with
-- one plain GROUP BY per figure over the same file. bench/run.sh replaces
-- @FROM@ and @TO@ (UTC seconds, [from, to)), @DFROM@ and @DTO@ (local dates,
-- inclusive) and @ROWFMT@ (strftime format of the per-day or per-month rows).
-- Run with TZ set, as soudan-stats is ('localtime'). Consultations are the
-- calls of type consult and info (the default [statistics] consultation_types).
CREATE TEMP VIEW k AS SELECT * FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ AND call_type IN ('consult', 'info');
SELECT count(*), coalesce(sum(debrief <> 0), 0)
  FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@;
SELECT count(*), count(DISTINCT case_code) + coalesce(sum(case_code IS NULL), 0),
       coalesce(sum(case_code IS NULL), 0) FROM k;
SELECT coalesce(call_type, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(channel, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(contact, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(caller, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(caller_age, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(age_band, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(gender, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(withdrawal, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT region, count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(heard_via, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(urgency, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(outcome, 'unknown'), count(*) FROM k GROUP BY 1 ORDER BY 1;
SELECT coalesce(age_band, 'unknown'), coalesce(gender, 'unknown'), count(*) FROM k
  GROUP BY 1, 2 ORDER BY 1, 2;
-- people: each case by its latest consultation, each consultation without one
CREATE TEMP TABLE p AS SELECT caller, age_band, gender FROM
  (SELECT *, row_number() OVER (PARTITION BY case_code ORDER BY started_at DESC, id DESC) AS r
   FROM k WHERE case_code IS NOT NULL) WHERE r = 1
  UNION ALL SELECT caller, age_band, gender FROM k WHERE case_code IS NULL;
SELECT coalesce(caller, 'unknown'), count(*) FROM p GROUP BY 1 ORDER BY 1;
SELECT coalesce(age_band, 'unknown'), coalesce(gender, 'unknown'), count(*) FROM p
  GROUP BY 1, 2 ORDER BY 1, 2;
SELECT strftime('%H', started_at, 'unixepoch', 'localtime'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1;
SELECT operator, count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT site, count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
-- multi-valued codes: each consultation once per code; the first concern
SELECT x.field, x.code, count(DISTINCT x.call_id),
       count(DISTINCT CASE WHEN x.pos = 0 THEN x.call_id END)
  FROM k JOIN call_codes x ON x.call_id = k.id GROUP BY 1, 2 ORDER BY 1, 2;
SELECT r.resource_id, s.name, s.category, count(*)
  FROM k JOIN referrals r ON r.call_id = k.id LEFT JOIN resources s ON s.id = r.resource_id
  GROUP BY 1 ORDER BY 1;
SELECT count(*), coalesce(sum(ended_at - started_at), 0), coalesce(max(ended_at - started_at), 0)
  FROM k WHERE ended_at IS NOT NULL;
SELECT call_type, count(*), sum(ended_at - started_at), max(ended_at - started_at) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ AND ended_at IS NOT NULL GROUP BY 1;
-- the median: the one or two middle durations
SELECT avg(d) FROM (SELECT ended_at - started_at AS d FROM k WHERE ended_at IS NOT NULL ORDER BY 1
  LIMIT 2 - (SELECT count(*) FROM k WHERE ended_at IS NOT NULL) % 2
  OFFSET ((SELECT count(*) FROM k WHERE ended_at IS NOT NULL) - 1) / 2);
SELECT count(*) FROM calls WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed'
  AND followup_closed_at IS NULL AND next_contact >= '@DFROM@' AND next_contact <= '@DTO@';
SELECT started_at, operator, site FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ AND urgency = 'urgent' ORDER BY started_at, id;
SELECT strftime('@ROWFMT@', started_at, 'unixepoch', 'localtime'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT strftime('@ROWFMT@', started_at, 'unixepoch', 'localtime'), count(*),
       count(DISTINCT case_code) + coalesce(sum(case_code IS NULL), 0)
  FROM k GROUP BY 1 ORDER BY 1;
SELECT strftime('@ROWFMT@', started_at, 'unixepoch', 'localtime'), contact, count(*)
  FROM k GROUP BY 1, 2 ORDER BY 1, 2;
SELECT strftime('@ROWFMT@', started_at, 'unixepoch', 'localtime'), channel, count(*)
  FROM k GROUP BY 1, 2 ORDER BY 1, 2;

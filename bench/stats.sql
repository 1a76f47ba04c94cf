-- The floor for soudan-stats: the sqlite3 shell counting the same figures with
-- one plain GROUP BY per figure over the same file. bench/run.sh replaces
-- @FROM@ and @TO@ (UTC seconds, [from, to)), @DFROM@ and @DTO@ (local dates,
-- inclusive) and @ROWFMT@ (strftime format of the per-day or per-month rows).
-- Run with TZ set, as soudan-stats is ('localtime').
SELECT count(*), count(DISTINCT case_code) + coalesce(sum(case_code IS NULL), 0),
       coalesce(sum(debrief <> 0), 0)
  FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@;
SELECT coalesce(call_type, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(channel, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(contact, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(caller, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(age_band, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(gender, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(withdrawal, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT region, count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(heard_via, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(urgency, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(outcome, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT coalesce(age_band, 'unknown'), coalesce(gender, 'unknown'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1, 2 ORDER BY 1, 2;
SELECT strftime('%H', started_at, 'unixepoch', 'localtime'), count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1;
SELECT operator, count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT site, count(*) FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;
-- multi-valued codes: each call once per code; the first concern
SELECT k.field, k.code, count(DISTINCT k.call_id),
       count(DISTINCT CASE WHEN k.pos = 0 THEN k.call_id END)
  FROM calls c JOIN call_codes k ON k.call_id = c.id
  WHERE c.started_at >= @FROM@ AND c.started_at < @TO@ GROUP BY 1, 2 ORDER BY 1, 2;
SELECT r.resource_id, s.name, s.category, count(*)
  FROM calls c JOIN referrals r ON r.call_id = c.id LEFT JOIN resources s ON s.id = r.resource_id
  WHERE c.started_at >= @FROM@ AND c.started_at < @TO@ GROUP BY 1 ORDER BY 1;
SELECT count(*), coalesce(sum(ended_at - started_at), 0), coalesce(max(ended_at - started_at), 0)
  FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@ AND ended_at IS NOT NULL;
-- the median: the one or two middle durations
SELECT avg(d) FROM (SELECT ended_at - started_at AS d FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ AND ended_at IS NOT NULL ORDER BY 1
  LIMIT 2 - (SELECT count(*) FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@
             AND ended_at IS NOT NULL) % 2
  OFFSET ((SELECT count(*) FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@
           AND ended_at IS NOT NULL) - 1) / 2);
SELECT count(*) FROM calls WHERE next_contact IS NOT NULL AND outcome IS NOT 'closed'
  AND followup_closed_at IS NULL AND next_contact >= '@DFROM@' AND next_contact <= '@DTO@';
SELECT started_at, operator, site FROM calls
  WHERE started_at >= @FROM@ AND started_at < @TO@ AND urgency = 'urgent' ORDER BY started_at, id;
SELECT strftime('@ROWFMT@', started_at, 'unixepoch', 'localtime'), count(*),
       count(DISTINCT case_code) + coalesce(sum(case_code IS NULL), 0)
  FROM calls WHERE started_at >= @FROM@ AND started_at < @TO@ GROUP BY 1 ORDER BY 1;

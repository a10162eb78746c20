-- The Overview's KPI row in one row: what runs now, Sofia's partners, events, actions done and late.
-- "Now" is $as_of (today, or the end of the period when that is earlier); "since" is $since (a year
-- before $as_of): what changed since then.
-- Params: $home, $programme_ids (scope), $countries (partner country; empty = all), $date_from, $date_to
--         (the period), $as_of, $since, $today (actions are late against today).
-- Columns: running (Sofia's programmes running on $as_of), running_since (on $since), last_end (the
--          latest end before $as_of of one of Sofia's programmes), next_end (the earliest end of those
--          running),
--          partners, cities, countries (Sofia's partners: home_links in lib/schema.sql; countries without EU
--          bodies), partners_new (of them, those whose first shared programme began after $since, up to
--          $as_of),
--          events (events of the programmes in scope in the period, as on the Events page), events_recent
--          (of them, those after $since, up to $as_of),
--          actions (actions_in_view in lib/schema.sql, not cancelled), actions_done, actions_late,
--          actions_sample (their status is sample data).
WITH sofia_programmes AS (
    SELECT * FROM home_programmes($home, $programme_ids)
),
sofia_links AS (
    SELECT * FROM home_links($home, $programme_ids, $countries)
),
firsts AS (
    SELECT partner_id, min(since) AS first_since FROM sofia_links GROUP BY partner_id
),
evts AS (
    SELECT e.start_date FROM event AS e
    WHERE list_contains($programme_ids, e.programme_id)
      AND e.start_date BETWEEN $date_from AND $date_to
),
acts AS (
    SELECT a.status, a.overdue, s.reliability = 'illustrative' AS sample
    FROM actions_in_view($programme_ids, $countries, $date_from, $date_to, $today) AS a
    JOIN source AS s ON s.id = a.status_source_id
    WHERE a.status <> 'cancelled'
)
SELECT
    (SELECT count(*) FROM sofia_programmes
      WHERE start_date <= $as_of AND coalesce(end_date, DATE '9999-12-31') >= $as_of) AS running,
    (SELECT count(*) FROM sofia_programmes
      WHERE start_date <= $since AND coalesce(end_date, DATE '9999-12-31') >= $since) AS running_since,
    (SELECT max(end_date) FROM sofia_programmes WHERE end_date < $as_of) AS last_end,
    (SELECT min(end_date) FROM sofia_programmes
      WHERE start_date <= $as_of AND end_date >= $as_of) AS next_end,
    (SELECT count(DISTINCT partner_id) FROM sofia_links) AS partners,
    (SELECT count(DISTINCT partner_id) FROM sofia_links WHERE type = 'city') AS cities,
    (SELECT count(DISTINCT country_code) FROM sofia_links WHERE country_code <> 'EU') AS countries,
    (SELECT count(*) FROM firsts WHERE first_since > $since AND first_since <= $as_of) AS partners_new,
    (SELECT count(*) FROM evts) AS events,
    (SELECT count(*) FROM evts WHERE start_date > $since AND start_date <= $as_of) AS events_recent,
    (SELECT count(*) FROM acts) AS actions,
    (SELECT count(*) FROM acts WHERE status = 'done') AS actions_done,
    (SELECT count(*) FROM acts WHERE overdue) AS actions_late,
    (SELECT count(*) FROM acts WHERE sample) AS actions_sample

-- Fragment, included in the WITH clause of a query (see lib/sql.py): the actions a page shows and counts,
-- one definition for the Overview's KPIs and the Progress page.
-- In view: actions of the programmes in scope ($programme_ids) whose drawn dates overlap the period
-- [$date_from, $date_to] (an open action runs to $today) and, when $countries is not empty, whose owner is
-- a partner in one of those countries (an action with no owner then drops out).
-- Drawn dates: bar_start = start_date, else the programme's start (never after the due date);
--              bar_end = due_date, else the programme's end when that is not before bar_start
--              (due_implied = TRUE), else NULL (open: no deadline known).
-- Late (overdue): bar_end before $today and status neither done nor cancelled.
-- On track: not cancelled, not delayed and not late.
-- Params: $programme_ids, $countries, $date_from, $date_to, $today.
-- CTE: actions_in_view (every action column, programme_en, programme_bg, p_start, p_end, owner_country,
--      bar_start, bar_end, due_implied, overdue, on_track).
actions_drawn AS (
    SELECT a.*, p.name_en AS programme_en, p.name_bg AS programme_bg, p.start_date AS p_start,
           p.end_date AS p_end, o.country_code AS owner_country,
           least(coalesce(a.start_date, p.start_date), coalesce(a.due_date, DATE '9999-12-31')) AS bar_start
    FROM action AS a
    JOIN programme AS p ON p.id = a.programme_id
    LEFT JOIN partner AS o ON o.id = a.owner_partner_id
    WHERE list_contains($programme_ids, a.programme_id)
      AND (len($countries) = 0 OR list_contains($countries, o.country_code))
),
actions_due AS (
    SELECT d.*,
           coalesce(d.due_date, CASE WHEN d.p_end >= d.bar_start THEN d.p_end END) AS bar_end,
           coalesce(d.due_date IS NULL AND d.p_end >= d.bar_start, FALSE) AS due_implied
    FROM actions_drawn AS d
),
actions_in_view AS (
    SELECT d.*,
           coalesce(d.bar_end < $today AND d.status NOT IN ('done', 'cancelled'), FALSE) AS overdue,
           d.status NOT IN ('cancelled', 'delayed')
               AND NOT coalesce(d.bar_end < $today AND d.status <> 'done', FALSE) AS on_track
    FROM actions_due AS d
    WHERE d.bar_start <= $date_to
      AND coalesce(d.bar_end, $today) >= $date_from
)

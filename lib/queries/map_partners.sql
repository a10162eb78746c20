-- The map's partners: every partner sharing at least one programme in scope with Sofia, one row each.
-- Params: $home (Sofia's partner id), $programme_ids (scope), $countries (partner country; empty = all),
--         $roles (the partner's membership role in the shared programme; empty = all).
-- Columns: id, type, name_en, name_bg, country_code, lat, lon, location_note,
--          shared (number of shared programmes), roles (list of the partner's roles in them),
--          programmes_en, programmes_bg (their names, most recent first),
--          family (rule: the family of most shared programmes; a tie goes to the family of the earliest
--          shared programme, then alphabetically), sample (any illustrative membership row),
--          uncertain (every membership row is marked uncertain).
WITH mine AS (  -- Sofia's programmes in scope
    SELECT p.id, p.family, p.start_date, p.name_en, p.name_bg FROM programme AS p
    WHERE list_contains($programme_ids, p.id)
      AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = $home)
),
links AS (  -- one row per (partner, shared programme, role)
    SELECT m.partner_id, mi.id AS programme_id, mi.family, mi.start_date, mi.name_en, mi.name_bg, m.role,
           s.reliability
    FROM mine AS mi
    JOIN membership AS m ON m.programme_id = mi.id
    JOIN partner AS pa ON pa.id = m.partner_id
    JOIN source AS s ON s.id = m.source_id
    WHERE m.partner_id <> $home
      AND (len($roles) = 0 OR list_contains($roles, m.role))
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
),
families AS (
    SELECT partner_id, family, count(DISTINCT programme_id) AS n, min(start_date) AS first_start
    FROM links GROUP BY ALL
),
dominant AS (
    SELECT partner_id, family FROM families
    QUALIFY row_number() OVER (PARTITION BY partner_id ORDER BY n DESC, first_start, family) = 1
),
per_partner AS (
    SELECT partner_id,
           count(DISTINCT programme_id) AS shared,
           list(DISTINCT role ORDER BY role) AS roles,
           list(DISTINCT name_en ORDER BY name_en) AS programmes_en,
           list(DISTINCT name_bg ORDER BY name_bg) AS programmes_bg,
           bool_or(reliability = 'illustrative') AS sample,
           bool_and(reliability = 'uncertain') AS uncertain
    FROM links GROUP BY partner_id
)
SELECT pa.id, pa.type, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon, pa.location_note,
       pp.shared, pp.roles, pp.programmes_en, pp.programmes_bg, d.family, pp.sample, pp.uncertain
FROM per_partner AS pp
JOIN partner AS pa ON pa.id = pp.partner_id
JOIN dominant AS d ON d.partner_id = pp.partner_id
ORDER BY pp.shared DESC, pa.name_en, pa.id

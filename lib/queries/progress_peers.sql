-- Sofia against peers on one indicator: in the latest year (not after $year_to) with a peer's actual, each
-- partner's latest actual of that year (a partner reporting every quarter counts once, with its last
-- period), ranked best first in the indicator's direction; the best $limit partners, and Sofia wherever
-- she ranks. Sofia's target is her latest target of that year (one value, whatever the periods).
-- Params: $home, $indicator_id, $programme_ids (an indicator without a programme is always in), $countries
--         (peers' countries; empty = all; Sofia is always kept), $year_to, $limit.
-- Columns: indicator_id, code, name_en, name_bg, unit, direction, year, partner_id, partner_en, partner_bg,
--          country_code, value, period (of that value), is_home, home_target, rank (1 = best), reported
--          (partners ranked, Sofia included), reliability, source_title_en, source_title_bg,
--          updated_at.
-- Order: rank.
WITH ind AS (
    SELECT * FROM indicator
    WHERE id = $indicator_id AND (programme_id IS NULL OR list_contains($programme_ids, programme_id))
),
latest AS MATERIALIZED (
    SELECT max(year(o.period)) AS year
    FROM observation AS o
    WHERE o.indicator_id = $indicator_id AND o.partner_id <> $home AND o.kind = 'actual'
      AND year(o.period) <= $year_to
),
last_actual AS (
    SELECT o.partner_id, arg_max(o.value, o.period) AS value, max(o.period) AS period,
           arg_max(o.source_id, o.period) AS source_id, arg_max(o.updated_at, o.period) AS updated_at
    FROM observation AS o, latest AS l
    WHERE o.indicator_id = $indicator_id AND o.kind = 'actual' AND year(o.period) = l.year
    GROUP BY o.partner_id
),
home_target AS (
    SELECT arg_max(o.value, o.period) AS value
    FROM observation AS o, latest AS l
    WHERE o.indicator_id = $indicator_id AND o.partner_id = $home AND o.kind = 'target'
      AND year(o.period) = l.year
),
ranked AS (
    SELECT a.*, pa.name_en AS partner_en, pa.name_bg AS partner_bg, pa.country_code,
           row_number() OVER (ORDER BY CASE WHEN i.direction = 'down' THEN a.value ELSE -a.value END,
                                       a.partner_id) AS rank,
           count(*) OVER () AS reported
    FROM last_actual AS a
    JOIN partner AS pa ON pa.id = a.partner_id
    CROSS JOIN ind AS i
    WHERE a.partner_id = $home OR len($countries) = 0 OR list_contains($countries, pa.country_code)
)
SELECT i.id AS indicator_id, i.code, i.name_en, i.name_bg, i.unit, i.direction, l.year, r.partner_id,
       r.partner_en, r.partner_bg, r.country_code, r.value, r.period, r.partner_id = $home AS is_home,
       t.value AS home_target, r.rank, r.reported, s.reliability, s.title AS source_title_en,
       s.title_bg AS source_title_bg, r.updated_at
FROM ranked AS r
CROSS JOIN ind AS i
CROSS JOIN latest AS l
CROSS JOIN home_target AS t
JOIN source AS s ON s.id = r.source_id
WHERE r.rank <= $limit OR r.partner_id = $home
ORDER BY r.rank

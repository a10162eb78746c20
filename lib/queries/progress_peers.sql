-- Sofia against peers: for every indicator in scope that other partners report, the latest year (not after
-- $year_to) with a peer's actual, and every actual of that year (Sofia's included), with Sofia's target.
-- Params: $home, $programme_ids (an indicator without a programme is always in), $countries (peers'
--         countries; empty = all; Sofia is always kept), $year_to.
-- Columns: indicator_id, code, name_en, name_bg, unit, direction, year, partner_id, partner_en,
--          partner_bg, country_code, value, is_home, home_target, reliability, source_title_en,
--          source_title_bg, updated_at.
WITH latest AS (
    SELECT o.indicator_id, max(year(o.period)) AS year
    FROM observation AS o
    WHERE o.partner_id <> $home AND o.kind = 'actual' AND year(o.period) <= $year_to
    GROUP BY o.indicator_id
)
SELECT i.id AS indicator_id, i.code, i.name_en, i.name_bg, i.unit, i.direction, l.year,
       o.partner_id, pa.name_en AS partner_en, pa.name_bg AS partner_bg, pa.country_code, o.value,
       o.partner_id = $home AS is_home, t.value AS home_target,
       s.reliability, s.title AS source_title_en, s.title_bg AS source_title_bg, o.updated_at
FROM latest AS l
JOIN indicator AS i ON i.id = l.indicator_id
JOIN observation AS o ON o.indicator_id = l.indicator_id AND year(o.period) = l.year AND o.kind = 'actual'
JOIN partner AS pa ON pa.id = o.partner_id
JOIN source AS s ON s.id = o.source_id
LEFT JOIN observation AS t
       ON t.indicator_id = l.indicator_id AND t.partner_id = $home AND t.kind = 'target'
      AND year(t.period) = l.year
WHERE (i.programme_id IS NULL OR list_contains($programme_ids, i.programme_id))
  AND (o.partner_id = $home OR len($countries) = 0 OR list_contains($countries, pa.country_code))
ORDER BY i.code, o.value DESC, o.partner_id

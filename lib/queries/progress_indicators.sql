-- Sofia's indicators in scope, one row per indicator and year: actual, target and the indicator's baseline,
-- with the weakest provenance of that year's values. Where values are reported more often than yearly
-- (quarterly periods), the year's actual and target are those of its latest period.
-- Params: $home (Sofia's partner id), $programme_ids (scope; an indicator without a programme is always in),
--         $year_from, $year_to (the period).
-- Columns: indicator_id, code, name_en, name_bg, unit, direction, programme_id, programme_en, programme_bg,
--          description_en, description_bg,
--          year, actual, target, baseline (same on every row of an indicator; NULL when none is recorded),
--          reliability (the weakest of the year's values), source_title_en, source_title_bg, updated_at.
WITH obs AS (
    SELECT o.indicator_id, year(o.period) AS year, o.period, o.kind, o.value, o.updated_at, s.title, s.title_bg,
           s.reliability,
           CASE s.reliability WHEN 'illustrative' THEN 4 WHEN 'uncertain' THEN 3
                              WHEN 'general-knowledge' THEN 2 ELSE 1 END AS weakness
    FROM observation AS o
    JOIN source AS s ON s.id = o.source_id
    WHERE o.partner_id = $home
),
base AS (
    SELECT indicator_id, arg_min(value, year) AS baseline
    FROM obs WHERE kind = 'baseline'
    GROUP BY indicator_id
)
SELECT i.id AS indicator_id, i.code, i.name_en, i.name_bg, i.unit, i.direction, i.programme_id,
       p.name_en AS programme_en, p.name_bg AS programme_bg, i.description_en, i.description_bg,
       obs.year,
       arg_max(obs.value, obs.period) FILTER (WHERE obs.kind = 'actual') AS actual,
       arg_max(obs.value, obs.period) FILTER (WHERE obs.kind = 'target') AS target,
       any_value(base.baseline) AS baseline,
       arg_max(obs.reliability, obs.weakness) AS reliability,
       arg_max(obs.title, obs.weakness) AS source_title_en,
       arg_max(obs.title_bg, obs.weakness) AS source_title_bg,
       max(obs.updated_at) AS updated_at
FROM indicator AS i
JOIN obs ON obs.indicator_id = i.id
LEFT JOIN base ON base.indicator_id = i.id
LEFT JOIN programme AS p ON p.id = i.programme_id
WHERE (i.programme_id IS NULL OR list_contains($programme_ids, i.programme_id))
  AND obs.kind IN ('actual', 'target')
  AND obs.year BETWEEN $year_from AND $year_to
GROUP BY ALL
ORDER BY i.code, obs.year

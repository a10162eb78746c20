-- Sofia against peers, the choice: every indicator in scope that other partners report, with the latest
-- year (not after $year_to) in which a partner other than Sofia reported an actual, and how many partners
-- (Sofia included, peers in the chosen countries) reported an actual that year.
-- Params: $home, $programme_ids (an indicator without a programme is always in), $countries (peers'
--         countries; empty = all; Sofia always counts), $year_to.
-- Columns: indicator_id, code, name_en, name_bg, year, reported.
WITH actuals AS (  -- one row per (indicator, partner, year) with an actual
    SELECT o.indicator_id, o.partner_id, year(o.period) AS year
    FROM observation AS o
    WHERE o.kind = 'actual' AND o.period < make_date($year_to + 1, 1, 1)
    GROUP BY ALL
),
latest AS (
    SELECT indicator_id, max(year) AS year FROM actuals WHERE partner_id <> $home GROUP BY indicator_id
),
reported AS (
    SELECT a.indicator_id, count(*) AS reported
    FROM actuals AS a
    JOIN latest AS l ON l.indicator_id = a.indicator_id AND l.year = a.year
    JOIN partner AS pa ON pa.id = a.partner_id
    WHERE a.partner_id = $home OR len($countries) = 0 OR list_contains($countries, pa.country_code)
    GROUP BY a.indicator_id
)
SELECT i.id AS indicator_id, i.code, i.name_en, i.name_bg, l.year, coalesce(r.reported, 0) AS reported
FROM latest AS l
JOIN indicator AS i ON i.id = l.indicator_id
LEFT JOIN reported AS r ON r.indicator_id = l.indicator_id
WHERE (i.programme_id IS NULL OR list_contains($programme_ids, i.programme_id))
ORDER BY i.code

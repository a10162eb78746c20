-- Yearly actuals and targets of every indicator for one partner (Sofia by default), with provenance; where
-- values are reported more often than yearly (quarterly periods), those of the year's latest period.
-- Params: $partner.
-- Columns: indicator_id, code, name_en, name_bg, unit, direction, year, actual, target, reliability,
--          source_title, updated_at.
SELECT i.id AS indicator_id, i.code, i.name_en, i.name_bg, i.unit, i.direction,
       year(o.period) AS year,
       arg_max(o.value, o.period) FILTER (WHERE o.kind = 'actual') AS actual,
       arg_max(o.value, o.period) FILTER (WHERE o.kind = 'target') AS target,
       min(s.reliability) AS reliability, min(s.title) AS source_title, max(o.updated_at) AS updated_at
FROM indicator AS i
JOIN observation AS o ON o.indicator_id = i.id
JOIN source AS s ON s.id = o.source_id
WHERE o.partner_id = $partner
GROUP BY ALL
ORDER BY i.code, year

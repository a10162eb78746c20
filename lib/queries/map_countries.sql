-- Sofia's partners per country (the shaded countries, the per-country arcs above the point limit, totals).
-- Params: $home, $programme_ids, $countries (empty = all), $roles (partner's role; empty = all).
-- Columns: country_code, partners (distinct partners), shared (sum of shared programmes per partner),
--          family (the most common dominant family of its partners), lat, lon (mean partner location),
--          sample (any illustrative membership row).
SELECT pa.country_code, count(*) AS partners, sum(hp.shared) AS shared, mode(hp.family) AS family,
       avg(pa.lat) AS lat, avg(pa.lon) AS lon, bool_or(hp.sample) AS sample
FROM home_partners($home, $programme_ids, $countries, $roles) AS hp
JOIN partner AS pa ON pa.id = hp.partner_id
GROUP BY pa.country_code
ORDER BY partners DESC, pa.country_code

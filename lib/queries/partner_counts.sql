-- Partner counts, each defined once and shown with the same number on every page (README: glossary).
-- Params: $home, $programme_ids (scope), $countries (partner country; empty = all).
-- Columns: sofia_partners, sofia_cities, sofia_countries: Sofia's partners (home_links in lib/schema.sql),
--          the cities among them, and their countries (EU bodies count for none);
--          members: every member of a programme in scope other than $home, in $countries (with or
--          without Sofia);
--          event_only: partners, in $countries, that are members of no programme in scope but took part
--          with $home in an event of one (as host or guest);
--          listed: members + event_only (the Partners page's list).
WITH sofia_links AS (
    SELECT * FROM home_links($home, $programme_ids, $countries)
),
members AS (
    SELECT DISTINCT m.partner_id
    FROM membership AS m JOIN partner AS pa ON pa.id = m.partner_id
    WHERE list_contains($programme_ids, m.programme_id) AND m.partner_id <> $home
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
),
took_part AS (  -- (event, partner): event_partner rows and the host
    SELECT event_id, partner_id FROM event_partner
    UNION SELECT id, host_partner_id FROM event WHERE host_partner_id IS NOT NULL
),
met AS (
    SELECT DISTINCT tp.partner_id
    FROM took_part AS tp
    JOIN event AS e ON e.id = tp.event_id
    JOIN took_part AS home ON home.event_id = e.id AND home.partner_id = $home
    JOIN partner AS pa ON pa.id = tp.partner_id
    WHERE list_contains($programme_ids, e.programme_id) AND tp.partner_id <> $home
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
)
SELECT
    (SELECT count(DISTINCT partner_id) FROM sofia_links) AS sofia_partners,
    (SELECT count(DISTINCT partner_id) FROM sofia_links WHERE type = 'city') AS sofia_cities,
    (SELECT count(DISTINCT country_code) FROM sofia_links WHERE country_code <> 'EU') AS sofia_countries,
    (SELECT count(*) FROM members) AS members,
    (SELECT count(*) FROM met WHERE partner_id NOT IN (SELECT partner_id FROM members)) AS event_only,
    (SELECT count(*) FROM (SELECT partner_id FROM members UNION SELECT partner_id FROM met)) AS listed

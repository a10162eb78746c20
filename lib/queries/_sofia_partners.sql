-- Fragment, included in the WITH clause of a query (see lib/sql.py): what "Sofia's partners" means,
-- one definition for every page that counts or draws them (Overview, Map, Partners, Network).
-- Sofia's programmes: the programmes in scope ($programme_ids) of which $home is a member.
-- Sofia's partners: every partner other than $home that is a member of one of them, when $countries (the
-- partner country filter) is empty or holds the partner's country. Count DISTINCT partner_id of
-- sofia_links; their cities are those of type 'city'; their countries leave out 'EU' (EU bodies).
-- Params: $home, $programme_ids, $countries.
-- CTEs: sofia_programmes (every programme column),
--       sofia_links (partner_id, type, country_code, programme_id, role, source_id, since: one row per
--       membership row; since = the membership's start, else the programme's).
sofia_programmes AS (
    SELECT p.* FROM programme AS p
    WHERE list_contains($programme_ids, p.id)
      AND EXISTS (SELECT 1 FROM membership AS hm WHERE hm.programme_id = p.id AND hm.partner_id = $home)
),
sofia_links AS (
    SELECT m.partner_id, pa.type, pa.country_code, m.programme_id, m.role, m.source_id,
           coalesce(m.start_date, sp.start_date) AS since
    FROM sofia_programmes AS sp
    JOIN membership AS m ON m.programme_id = sp.id
    JOIN partner AS pa ON pa.id = m.partner_id
    WHERE m.partner_id <> $home
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
)

-- The countries where events took place (for the Events page's host-country filter).
-- Params: none.
-- Columns: country_code.
SELECT DISTINCT h.country_code
FROM event AS e
JOIN partner AS h ON h.id = e.host_partner_id
WHERE h.country_code <> 'EU'
ORDER BY 1

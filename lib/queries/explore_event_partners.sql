-- Who took part in one event: the host (from event.host_partner_id or event_partner) and the others.
-- Params: $id.
-- Columns: partner_id, name_en, name_bg, type, country_code, role (host | visitor | participant).
WITH took_part AS (
    SELECT partner_id, role FROM event_partner WHERE event_id = $id
    UNION ALL SELECT host_partner_id, 'host' FROM event WHERE id = $id AND host_partner_id IS NOT NULL
),
roles AS (
    SELECT partner_id,
           CASE WHEN bool_or(role = 'host') THEN 'host'
                WHEN bool_or(role = 'visitor') THEN 'visitor' ELSE 'participant' END AS best
    FROM took_part GROUP BY partner_id
)
SELECT pa.id AS partner_id, pa.name_en, pa.name_bg, pa.type, pa.country_code, r.best AS role
FROM roles AS r
JOIN partner AS pa ON pa.id = r.partner_id
ORDER BY CASE r.best WHEN 'host' THEN 0 WHEN 'visitor' THEN 1 ELSE 2 END, pa.name_en

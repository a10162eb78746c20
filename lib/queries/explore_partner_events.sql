-- Events a partner hosted or took part in, with its role and whether Sofia was there too.
-- Params: $id, $home.
-- Columns: id, programme_id, programme_en, programme_bg, kind, title_en, title_bg, start_date, end_date,
--          online, host_id, host_en, host_bg, role (host | visitor | participant), with_sofia, sofia_role,
--          reliability.
WITH took_part AS (
    SELECT event_id, partner_id, role FROM event_partner
    UNION ALL SELECT id, host_partner_id, 'host' FROM event WHERE host_partner_id IS NOT NULL
),
roles AS (
    SELECT event_id, partner_id,
           CASE WHEN bool_or(role = 'host') THEN 'host'
                WHEN bool_or(role = 'visitor') THEN 'visitor' ELSE 'participant' END AS best
    FROM took_part GROUP BY event_id, partner_id
)
SELECT e.id, e.programme_id, p.name_en AS programme_en, p.name_bg AS programme_bg, e.kind,
       e.title_en, e.title_bg, e.start_date, e.end_date, e.online,
       e.host_partner_id AS host_id, h.name_en AS host_en, h.name_bg AS host_bg,
       r.best AS role, s.best IS NOT NULL AS with_sofia, s.best AS sofia_role, src.reliability
FROM roles AS r
JOIN event AS e ON e.id = r.event_id
JOIN programme AS p ON p.id = e.programme_id
JOIN source AS src ON src.id = e.source_id
LEFT JOIN partner AS h ON h.id = e.host_partner_id
LEFT JOIN roles AS s ON s.event_id = e.id AND s.partner_id = $home
WHERE r.partner_id = $id
ORDER BY e.start_date DESC, e.id

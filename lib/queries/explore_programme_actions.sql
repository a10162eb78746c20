-- Actions of one programme with owner and the reliability of their status.
-- Params: $id.
-- Columns: id, code, title_en, title_bg, owner_id, owner_en, owner_bg, start_date, due_date, status,
--          progress_pct, status_reliability.
SELECT a.id, a.code, a.title_en, a.title_bg, a.owner_partner_id AS owner_id, o.name_en AS owner_en,
       o.name_bg AS owner_bg, a.start_date, a.due_date, a.status, a.progress_pct,
       s.reliability AS status_reliability
FROM action AS a
JOIN source AS s ON s.id = a.status_source_id
LEFT JOIN partner AS o ON o.id = a.owner_partner_id
WHERE a.programme_id = $id
ORDER BY a.start_date NULLS LAST, a.code, a.id

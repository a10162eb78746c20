-- Every programme a partner belongs to, with its role(s) and Sofia's role(s) there.
-- Params: $id, $home.
-- Columns: id, parent_id, family, name_en, name_bg, start_date, end_date, status, roles (list),
--          sofia_roles (list; empty when Sofia is not a member).
SELECT * FROM (
SELECT p.id, p.parent_id, p.family, p.name_en, p.name_bg, p.start_date, p.end_date, p.status,
       list(DISTINCT m.role ORDER BY m.role) AS roles,
       coalesce((SELECT list(DISTINCT h.role ORDER BY h.role) FROM membership AS h
                 WHERE h.programme_id = p.id AND h.partner_id = $home), []) AS sofia_roles
FROM membership AS m
JOIN programme AS p ON p.id = m.programme_id
WHERE m.partner_id = $id
GROUP BY ALL
)
ORDER BY len(sofia_roles) = 0, start_date, id

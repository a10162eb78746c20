-- One programme with its umbrella, themes, Sofia's role(s) and its source.
-- Params: $id, $home.
-- Columns: id, parent_id, parent_en, parent_bg, family, kind, name_en, name_bg, summary_en, summary_bg,
--          start_date, end_date, status, lead_org_en, lead_org_bg, funder_en, funder_bg, plan_actions (how many
--          actions its plan has, when a source says), plan_source_en, plan_source_bg (that source's title),
--          url, sofia_roles (list), themes_en, themes_bg (lists), reliability, source_title_en,
--          source_title_bg, source_url.
SELECT p.id, p.parent_id, u.name_en AS parent_en, u.name_bg AS parent_bg, p.family, p.kind,
       p.name_en, p.name_bg, p.summary_en, p.summary_bg, p.start_date, p.end_date, p.status,
       p.lead_org AS lead_org_en, p.lead_org_bg, p.funder AS funder_en, p.funder_bg, p.plan_actions,
       ps.title AS plan_source_en, ps.title_bg AS plan_source_bg, p.url,
       coalesce((SELECT list(DISTINCT m.role ORDER BY m.role) FROM membership AS m
                 WHERE m.programme_id = p.id AND m.partner_id = $home), []) AS sofia_roles,
       coalesce((SELECT list(th.name_en ORDER BY th.name_en) FROM programme_theme AS pt
                 JOIN theme AS th ON th.id = pt.theme_id WHERE pt.programme_id = p.id), []) AS themes_en,
       coalesce((SELECT list(th.name_bg ORDER BY th.name_en) FROM programme_theme AS pt
                 JOIN theme AS th ON th.id = pt.theme_id WHERE pt.programme_id = p.id), []) AS themes_bg,
       s.reliability, s.title AS source_title_en, s.title_bg AS source_title_bg, s.url AS source_url
FROM programme AS p
JOIN source AS s ON s.id = p.source_id
LEFT JOIN source AS ps ON ps.id = p.plan_source_id
LEFT JOIN programme AS u ON u.id = p.parent_id
WHERE p.id = $id

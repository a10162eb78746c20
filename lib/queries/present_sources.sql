-- The sources behind what a slide shows, most-cited first: programmes, their memberships, events, actions
-- and indicator values, limited to the tables the slide uses and to one partner's rows when asked.
-- Params: $programme_ids (the programmes the slide is about), $tables (list of: 'programme', 'membership',
--         'event', 'action', 'observation', 'partner'), $partner (a partner id: only rows about it; '' = all),
--         $home (Sofia's partner id: the memberships of the programmes counted are hers and the partner's).
-- Columns: title_en, title_bg, publisher_en, publisher_bg, url, reliability, rows (rows citing it), rank
--          (0 verified .. 3 sample).
WITH cited AS (
    SELECT source_id FROM programme
    WHERE list_contains($tables, 'programme') AND list_contains($programme_ids, id)
    UNION ALL
    SELECT source_id FROM membership
    WHERE list_contains($tables, 'membership') AND list_contains($programme_ids, programme_id)
      AND ($partner = '' OR partner_id IN ($partner, $home))
    UNION ALL
    SELECT e.source_id FROM event AS e
    WHERE list_contains($tables, 'event') AND list_contains($programme_ids, e.programme_id)
      AND ($partner = '' OR e.host_partner_id = $partner
           OR EXISTS (SELECT 1 FROM event_partner AS ep WHERE ep.event_id = e.id AND ep.partner_id = $partner))
    UNION ALL
    SELECT source_id FROM action
    WHERE list_contains($tables, 'action') AND list_contains($programme_ids, programme_id)
    UNION ALL
    SELECT status_source_id FROM action
    WHERE list_contains($tables, 'action') AND list_contains($programme_ids, programme_id)
      AND status_source_id IS NOT NULL
    UNION ALL
    SELECT o.source_id FROM observation AS o JOIN indicator AS i ON i.id = o.indicator_id
    WHERE list_contains($tables, 'observation') AND o.partner_id = $home
      AND (i.programme_id IS NULL OR list_contains($programme_ids, i.programme_id))
    UNION ALL
    SELECT source_id FROM partner
    WHERE list_contains($tables, 'partner') AND id = $partner
)
SELECT s.title AS title_en, s.title_bg, s.publisher AS publisher_en, s.publisher_bg, s.url, s.reliability,
       count(*) AS rows,
       CASE s.reliability WHEN 'verified' THEN 0 WHEN 'general-knowledge' THEN 1
                          WHEN 'uncertain' THEN 2 ELSE 3 END AS rank
FROM cited AS c
JOIN source AS s ON s.id = c.source_id
GROUP BY ALL
ORDER BY rows DESC, rank, s.title

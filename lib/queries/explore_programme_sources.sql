-- Every source cited by a programme's rows (the programme, themes, members, events, actions), with counts.
-- Params: $id.
-- Columns: id, title_en, title_bg, url, publisher_en, publisher_bg, accessed, reliability, rows, rank
--          (0 verified .. 3 sample).
WITH cited AS (
    SELECT source_id FROM programme WHERE id = $id
    UNION ALL SELECT source_id FROM programme_theme WHERE programme_id = $id
    UNION ALL SELECT source_id FROM membership WHERE programme_id = $id
    UNION ALL SELECT source_id FROM event WHERE programme_id = $id
    UNION ALL SELECT et.source_id FROM event_topic AS et JOIN event AS e ON e.id = et.event_id
              WHERE e.programme_id = $id
    UNION ALL SELECT source_id FROM action WHERE programme_id = $id
    UNION ALL SELECT status_source_id FROM action WHERE programme_id = $id
    UNION ALL SELECT plan_source_id FROM programme WHERE id = $id AND plan_source_id IS NOT NULL
)
SELECT s.id, s.title AS title_en, s.title_bg, s.url, s.publisher AS publisher_en, s.publisher_bg, s.accessed, s.reliability, count(*) AS "rows",
       CASE s.reliability WHEN 'verified' THEN 0 WHEN 'general-knowledge' THEN 1
                          WHEN 'uncertain' THEN 2 ELSE 3 END AS rank
FROM cited AS c
JOIN source AS s ON s.id = c.source_id
GROUP BY ALL
ORDER BY rank, "rows" DESC, s.title, s.id

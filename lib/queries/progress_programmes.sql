-- Sofia's programmes in scope compared by results: partners, events, duration, actions.
-- Whole-life totals (the programme scope already follows the period).
-- Params: $home, $programme_ids, $countries (partners' countries; empty = all), $today.
-- Columns: id, family, name_en, name_bg, start_date, end_date, partners (other members, distinct),
--          events, years (start to end, or to today while running), actions (not
--          cancelled), actions_done, actions_sample (actions whose status is illustrative).
SELECT p.id, p.family, p.name_en, p.name_bg, p.start_date, p.end_date,
       (SELECT count(DISTINCT m.partner_id)
          FROM membership AS m JOIN partner AS pa ON pa.id = m.partner_id
         WHERE m.programme_id = p.id AND m.partner_id <> $home
           AND (len($countries) = 0 OR list_contains($countries, pa.country_code))) AS partners,
       (SELECT count(*) FROM event AS e WHERE e.programme_id = p.id) AS events,
       round(date_diff('day', p.start_date, least(coalesce(p.end_date, $today), $today)) / 365.25, 1) AS years,
       (SELECT count(*) FROM action AS a
         WHERE a.programme_id = p.id AND a.status <> 'cancelled') AS actions,
       (SELECT count(*) FROM action AS a
         WHERE a.programme_id = p.id AND a.status = 'done') AS actions_done,
       (SELECT count(*) FROM action AS a JOIN source AS s ON s.id = a.status_source_id
         WHERE a.programme_id = p.id AND a.status <> 'cancelled' AND s.reliability = 'illustrative')
           AS actions_sample
FROM programme AS p
WHERE list_contains($programme_ids, p.id)
  AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = $home)
ORDER BY p.start_date, p.id

-- Events of one programme that have topics (panels, working groups), with their topics, for the
-- programme deck: one row per topic.
-- Params: $id (programme).
-- Columns: event_id, title_en, title_bg, start_date, end_date, host_en, host_bg, seq, topic_en, topic_bg,
--          reliability (the event's source).
SELECT e.id AS event_id, e.title_en, e.title_bg, e.start_date, e.end_date,
       h.name_en AS host_en, h.name_bg AS host_bg,
       et.seq, et.title_en AS topic_en, et.title_bg AS topic_bg, s.reliability
FROM event AS e
JOIN event_topic AS et ON et.event_id = e.id
JOIN source AS s ON s.id = e.source_id
LEFT JOIN partner AS h ON h.id = e.host_partner_id
WHERE e.programme_id = $id
ORDER BY e.start_date, e.id, et.seq

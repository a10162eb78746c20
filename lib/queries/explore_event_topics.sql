-- The topics (panels, working groups) of one event, in order.
-- Params: $id.
-- Columns: seq, title_en, title_bg, reliability.
SELECT et.seq, et.title_en, et.title_bg, s.reliability
FROM event_topic AS et
JOIN source AS s ON s.id = et.source_id
WHERE et.event_id = $id
ORDER BY et.seq

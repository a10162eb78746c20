-- The map's partners: every partner sharing at least one programme in scope with Sofia, one row each.
-- Params: $home (Sofia's partner id), $programme_ids (scope), $countries (partner country; empty = all),
--         $roles (the partner's membership role in the shared programme; empty = all).
-- Columns: id, type, name_en, name_bg, country_code, lat, lon, location_note_en, location_note_bg,
--          shared (number of shared programmes), roles (list of the partner's roles in them),
--          programmes_en, programmes_bg (their names), family (the dominant family, see home_partners in
--          lib/schema.sql), sample (any illustrative membership row),
--          uncertain (every membership row is marked uncertain).
SELECT pa.id, pa.type, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon,
       pa.location_note AS location_note_en, pa.location_note_bg,
       hp.shared, hp.roles, hp.programmes_en, hp.programmes_bg, hp.family, hp.sample, hp.uncertain
FROM home_partners($home, $programme_ids, $countries, $roles) AS hp
JOIN partner AS pa ON pa.id = hp.partner_id
ORDER BY hp.shared DESC, pa.name_en, pa.id

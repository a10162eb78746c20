-- When the data was read and built, for the footer: a date in words on every page, the build in its details.
-- Params: none.
-- Columns: sources_read (the latest day a public source was read), built_at (when the database was built,
--          ISO 8601 UTC).
SELECT (SELECT max(accessed) FROM source WHERE reliability <> 'illustrative') AS sources_read,
       (SELECT value FROM meta WHERE key = 'built_at') AS built_at

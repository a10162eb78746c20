-- Schema of the Sofia International Partnerships database (DuckDB).
-- One table per CSV in data/seed/ (same name, same columns, same order), then the derived objects
-- (macros) that queries share. Every fact row carries source_id; source.reliability keeps the mark from
-- facts.md. A database records the hash of this file (meta 'schema'); see seed.ensure_database.
-- Text a page shows is in both languages: x_en (or x) and x_bg. The seed build refuses a row that has one
-- of the two only (validate.check, one_language); a name cited as it is written in its own language is repeated.

CREATE TABLE source (
    id           VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    title_bg     VARCHAR NOT NULL,  -- a published title is cited as published, in its own language
    url          VARCHAR,
    publisher    VARCHAR,
    publisher_bg VARCHAR,
    accessed     DATE,
    reliability  VARCHAR NOT NULL  -- verified | general-knowledge | uncertain | illustrative
);

CREATE TABLE programme (
    id         VARCHAR PRIMARY KEY,   -- slug
    parent_id  VARCHAR,               -- umbrella programme (e.g. urban-agenda)
    family     VARCHAR NOT NULL,      -- urban-agenda | city-pairing | challenge | research | philanthropy
    kind       VARCHAR NOT NULL,      -- umbrella | partnership | pairing | challenge | project | network
    name_en    VARCHAR NOT NULL,
    name_bg    VARCHAR NOT NULL,
    summary_en VARCHAR,
    summary_bg VARCHAR,
    start_date DATE NOT NULL,
    end_date   DATE,                  -- NULL: ongoing or end not known
    status     VARCHAR NOT NULL,      -- planned | active | completed
    lead_org   VARCHAR,
    lead_org_bg VARCHAR,
    funder     VARCHAR,
    funder_bg  VARCHAR,
    plan_actions   INTEGER,           -- how many actions its action plan has, when a source says
    plan_source_id VARCHAR,           -- that source
    url        VARCHAR,
    source_id  VARCHAR NOT NULL
);

CREATE TABLE theme (
    id      VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_bg VARCHAR NOT NULL
);

CREATE TABLE programme_theme (
    programme_id VARCHAR NOT NULL,
    theme_id     VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    PRIMARY KEY (programme_id, theme_id)
);

CREATE TABLE partner (
    id            VARCHAR PRIMARY KEY,  -- slug; Sofia is 'sofia'
    type          VARCHAR NOT NULL,     -- city | member-state | region | organisation | eu-body | company | university
    name_en       VARCHAR NOT NULL,
    name_bg       VARCHAR NOT NULL,
    country_code  VARCHAR NOT NULL,     -- ISO 3166-1 alpha-2 (GB for the UK); EU for EU bodies
    lat           DOUBLE NOT NULL,
    lon           DOUBLE NOT NULL,
    location_note VARCHAR,              -- e.g. "placed at the capital"
    location_note_bg VARCHAR,
    source_id     VARCHAR NOT NULL
);

CREATE TABLE membership (
    programme_id VARCHAR NOT NULL,
    partner_id   VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,  -- coordinator | member | mentor | observer | fellow | challenge | pair | core | partner | pilot
    start_date   DATE,
    end_date     DATE,
    note         VARCHAR,
    note_bg      VARCHAR,
    source_id    VARCHAR NOT NULL,
    PRIMARY KEY (programme_id, partner_id, role)
);

CREATE TABLE event (
    id              VARCHAR PRIMARY KEY,
    programme_id    VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,  -- meeting | study-visit | workshop | conference | academy | webinar
    title_en        VARCHAR NOT NULL,
    title_bg        VARCHAR NOT NULL,
    start_date      DATE NOT NULL,
    end_date        DATE,
    host_partner_id VARCHAR,           -- where it took place (NULL when online)
    online          BOOLEAN NOT NULL,
    summary_en      VARCHAR,
    summary_bg      VARCHAR,
    source_id       VARCHAR NOT NULL
);

CREATE TABLE event_partner (
    event_id   VARCHAR NOT NULL,
    partner_id VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,  -- host | visitor | participant
    source_id  VARCHAR NOT NULL,
    PRIMARY KEY (event_id, partner_id)
);

CREATE TABLE event_topic (
    event_id  VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    title_en  VARCHAR NOT NULL,
    title_bg  VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    PRIMARY KEY (event_id, seq)
);

CREATE TABLE action (
    id               VARCHAR PRIMARY KEY,
    programme_id     VARCHAR NOT NULL,
    code             VARCHAR,
    title_en         VARCHAR NOT NULL,
    title_bg         VARCHAR NOT NULL,
    theme_id         VARCHAR,
    owner_partner_id VARCHAR,
    start_date       DATE,
    due_date         DATE,
    status           VARCHAR NOT NULL,  -- planned | in-progress | done | delayed | cancelled
    progress_pct     DOUBLE,
    source_id        VARCHAR NOT NULL,  -- the source of the action itself
    status_source_id VARCHAR NOT NULL   -- the source of status/progress (often 'sample')
);

CREATE TABLE indicator (
    id             VARCHAR PRIMARY KEY,
    code           VARCHAR NOT NULL,
    name_en        VARCHAR NOT NULL,
    name_bg        VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,  -- percent | count | ...
    direction      VARCHAR NOT NULL,  -- up | down
    programme_id   VARCHAR,
    description_en VARCHAR,
    description_bg VARCHAR,
    source_id      VARCHAR NOT NULL
);

CREATE TABLE observation (
    indicator_id VARCHAR NOT NULL,
    partner_id   VARCHAR NOT NULL,
    period       DATE NOT NULL,
    kind         VARCHAR NOT NULL,  -- actual | target | baseline
    value        DOUBLE NOT NULL,
    source_id    VARCHAR NOT NULL,
    updated_at   DATE,
    PRIMARY KEY (indicator_id, partner_id, period, kind)
);

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Derived: what several queries share, defined once (a change here changes the schema hash in meta, and
-- a database built before it is rebuilt or refused where it is opened: seed.ensure_database).

-- Sofia's programmes: the programmes in scope of which the home partner is a member.
-- Call it as FROM home_programmes($home, $programme_ids). Columns: every programme column.
CREATE MACRO home_programmes(home_id, scope_ids) AS TABLE
SELECT p.* FROM programme AS p
WHERE list_contains(scope_ids, p.id)
  AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = home_id);

-- What "Sofia's partners" means on every page (the README's glossary): every partner other than the home
-- partner that is a member of one of Sofia's programmes, from one of country_codes (empty = all). One row
-- per membership row: count DISTINCT partner_id; their cities are type 'city'; their countries leave out
-- 'EU' (EU bodies). Call it as FROM home_links($home, $programme_ids, $countries).
-- Columns: partner_id, type, country_code (the partner's), programme_id, family, start_date, name_en,
--   name_bg (the shared programme's), role, source_id (the membership's), since (the membership's start,
--   else the programme's).
CREATE MACRO home_links(home_id, scope_ids, country_codes) AS TABLE
SELECT m.partner_id, pa.type, pa.country_code, hp.id AS programme_id, hp.family, hp.start_date, hp.name_en,
       hp.name_bg, m.role, m.source_id, coalesce(m.start_date, hp.start_date) AS since
FROM home_programmes(home_id, scope_ids) AS hp
JOIN membership AS m ON m.programme_id = hp.id
JOIN partner AS pa ON pa.id = m.partner_id
WHERE m.partner_id <> home_id
  AND (len(country_codes) = 0 OR list_contains(country_codes, pa.country_code));

-- Sofia's partners (home_links) with the chosen roles, one row per partner: the map's points, countries
-- and grid cells start from it. Call it as FROM home_partners($home, $programme_ids, $countries, $roles).
-- Arguments: home_id (the home partner's id), scope_ids (the programmes in scope), country_codes (the
--   partner's country; empty = all), role_names (the partner's role in the shared programme; empty = all).
-- Columns: partner_id, shared (number of shared programmes), roles (list of the partner's roles in them),
--   programmes_en, programmes_bg (their names), family (the family of most shared programmes; a tie goes
--   to the family of the earliest shared programme, then alphabetically), sample (any illustrative
--   membership row), uncertain (every membership row is marked uncertain).
CREATE MACRO home_partners(home_id, scope_ids, country_codes, role_names) AS TABLE
WITH links AS (  -- one row per (partner, shared programme, role)
    SELECT l.partner_id, l.programme_id, l.family, l.start_date, l.name_en, l.name_bg, l.role, s.reliability
    FROM home_links(home_id, scope_ids, country_codes) AS l
    JOIN source AS s ON s.id = l.source_id
    WHERE len(role_names) = 0 OR list_contains(role_names, l.role)
),
families AS (
    SELECT partner_id, family, count(DISTINCT programme_id) AS n, min(start_date) AS first_start
    FROM links GROUP BY ALL
),
dominant AS (
    SELECT partner_id, family FROM families
    QUALIFY row_number() OVER (PARTITION BY partner_id ORDER BY n DESC, first_start, family) = 1
),
per_partner AS (
    SELECT partner_id,
           count(DISTINCT programme_id) AS shared,
           list(DISTINCT role ORDER BY role) AS roles,
           list(DISTINCT name_en ORDER BY name_en) AS programmes_en,
           list(DISTINCT name_bg ORDER BY name_bg) AS programmes_bg,
           bool_or(reliability = 'illustrative') AS sample,
           bool_and(reliability = 'uncertain') AS uncertain
    FROM links GROUP BY partner_id
)
SELECT pp.partner_id, pp.shared, pp.roles, pp.programmes_en, pp.programmes_bg, d.family, pp.sample,
       pp.uncertain
FROM per_partner AS pp
JOIN dominant AS d ON d.partner_id = pp.partner_id;

-- The actions a page shows and counts (the Overview's KPIs, the Progress page): actions of the programmes
-- in scope whose drawn dates overlap [date_from, date_to] (an open action runs to today_date) and, when
-- country_codes is not empty, whose owner is a partner from one of them (an action without an owner then
-- drops out). Call it as FROM actions_in_view($programme_ids, $countries, $date_from, $date_to, $today).
-- Drawn dates: bar_start = start_date, else the programme's start (never after the due date);
--   bar_end = due_date, else the programme's end when that is not before bar_start (due_implied = TRUE),
--   else NULL (open: no deadline known).
-- Late (overdue): bar_end before today_date and status neither done nor cancelled.
-- On track: not cancelled, not delayed and not late.
-- Columns: every action column, programme_en, programme_bg, p_start, p_end (the programme's),
--   owner_country, bar_start, bar_end, due_implied, overdue, on_track.
CREATE MACRO actions_in_view(scope_ids, country_codes, date_from, date_to, today_date) AS TABLE
WITH drawn AS (
    SELECT a.*, p.name_en AS programme_en, p.name_bg AS programme_bg, p.start_date AS p_start,
           p.end_date AS p_end, o.country_code AS owner_country,
           least(coalesce(a.start_date, p.start_date), coalesce(a.due_date, DATE '9999-12-31')) AS bar_start
    FROM action AS a
    JOIN programme AS p ON p.id = a.programme_id
    LEFT JOIN partner AS o ON o.id = a.owner_partner_id
    WHERE list_contains(scope_ids, a.programme_id)
      AND (len(country_codes) = 0 OR list_contains(country_codes, o.country_code))
),
due AS (
    SELECT d.*,
           coalesce(d.due_date, CASE WHEN d.p_end >= d.bar_start THEN d.p_end END) AS bar_end,
           coalesce(d.due_date IS NULL AND d.p_end >= d.bar_start, FALSE) AS due_implied
    FROM drawn AS d
)
SELECT d.*,
       coalesce(d.bar_end < today_date AND d.status NOT IN ('done', 'cancelled'), FALSE) AS overdue,
       d.status NOT IN ('cancelled', 'delayed')
           AND NOT coalesce(d.bar_end < today_date AND d.status <> 'done', FALSE) AS on_track
FROM due AS d
WHERE d.bar_start <= date_to
  AND coalesce(d.bar_end, today_date) >= date_from;

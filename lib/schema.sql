-- Schema of the Sofia International Partnerships database (DuckDB).
-- One table per CSV in data/seed/ (same name, same columns, same order), then the derived objects
-- (macros) that queries share. Every fact row carries source_id; source.reliability keeps the mark from
-- facts.md. A database records the hash of this file (meta 'schema'); see seed.ensure_database.

CREATE TABLE source (
    id          VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    url         VARCHAR,
    publisher   VARCHAR,
    accessed    DATE,
    reliability VARCHAR NOT NULL  -- verified | general-knowledge | uncertain | illustrative
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
    funder     VARCHAR,
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
    source_id     VARCHAR NOT NULL
);

CREATE TABLE membership (
    programme_id VARCHAR NOT NULL,
    partner_id   VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,  -- coordinator | member | mentor | observer | fellow | challenge | pair | core | partner | pilot
    start_date   DATE,
    end_date     DATE,
    note         VARCHAR,
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

-- Sofia's partners through the programmes in scope, one row per partner: the map's points, countries and
-- grid cells start from it. Call it as FROM home_partners($home, $programme_ids, $countries, $roles).
-- Arguments: home_id (the home partner's id), scope_ids (the programmes in scope), country_codes (the
--   partner's country; empty = all), role_names (the partner's role in the shared programme; empty = all).
-- Columns: partner_id, shared (number of shared programmes), roles (list of the partner's roles in them),
--   programmes_en, programmes_bg (their names), family (the family of most shared programmes; a tie goes
--   to the family of the earliest shared programme, then alphabetically), sample (any illustrative
--   membership row), uncertain (every membership row is marked uncertain).
CREATE MACRO home_partners(home_id, scope_ids, country_codes, role_names) AS TABLE
WITH mine AS (  -- Sofia's programmes in scope
    SELECT p.id, p.family, p.start_date, p.name_en, p.name_bg FROM programme AS p
    WHERE list_contains(scope_ids, p.id)
      AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = home_id)
),
links AS (  -- one row per (partner, shared programme, role)
    SELECT m.partner_id, mi.id AS programme_id, mi.family, mi.start_date, mi.name_en, mi.name_bg, m.role,
           s.reliability
    FROM mine AS mi
    JOIN membership AS m ON m.programme_id = mi.id
    JOIN partner AS pa ON pa.id = m.partner_id
    JOIN source AS s ON s.id = m.source_id
    WHERE m.partner_id <> home_id
      AND (len(role_names) = 0 OR list_contains(role_names, m.role))
      AND (len(country_codes) = 0 OR list_contains(country_codes, pa.country_code))
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

-- Schema of the Sofia International Partnerships database (DuckDB).
-- One table per CSV in data/seed/ (same name, same columns, same order).
-- Every fact row carries source_id; source.reliability keeps the mark from facts.md.

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

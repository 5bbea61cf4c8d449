-- The decisions read model: every body's § register, bitemporally.
--
-- A decision row carries `known` (the log positions from the event that recorded this version to
-- the event that superseded it). A correction, an approval (justering), a publication (anslag), a
-- removal of the notice or a revocation never updates a row in place: it closes the current row's
-- `known` and inserts the new version, so that a query for any `known_at` finds the row the
-- register held then. Valid time needs no range here: a § exists from its meeting's date, and each
-- later fact carries its own date, which the queries compare with `as_of`.

-- The items of each meeting's agenda, which a § copies its title and registry number from. Items
-- are only ever added, never changed, so they need no `known`.
CREATE TABLE agenda_items
(
    meeting_id      uuid    NOT NULL,
    number          integer NOT NULL,
    title           text    NOT NULL,
    registry_number text,
    public          boolean NOT NULL,
    PRIMARY KEY (meeting_id, number)
);

CREATE TABLE decisions
(
    decision_id          uuid      NOT NULL,
    meeting_id           uuid      NOT NULL,
    body_id              uuid      NOT NULL,
    year                 integer   NOT NULL,
    number               bigint    NOT NULL,
    meeting_on           date      NOT NULL,
    item                 integer   NOT NULL,
    item_title           text      NOT NULL,
    registry_number      text,
    decision_text        text      NOT NULL,
    proposals            jsonb     NOT NULL,
    vote                 jsonb,
    reservations         jsonb     NOT NULL,
    statements           jsonb     NOT NULL,
    mandate_category     text      NOT NULL,
    adopted_proposal     text,
    quorum               jsonb     NOT NULL,
    mandate              jsonb     NOT NULL,
    correction_reason    text,
    -- Whether the § was approved at the meeting itself (omedelbar justering), which takes it out
    -- of the whole minutes' approval and publication.
    approved_immediately boolean   NOT NULL,
    approved_on          date,
    posted_on            date,
    appeal_last_day      date,
    days_late            bigint,
    notice_removed_on    date,
    revoked_on           date,
    revocation_basis     jsonb,
    known                int8range NOT NULL,
    search               tsvector  NOT NULL
        GENERATED ALWAYS AS (to_tsvector('swedish', item_title || ' ' || decision_text)) STORED,
    CONSTRAINT decisions_one_version_known EXCLUDE USING gist (decision_id WITH =, known WITH &&)
);
CREATE INDEX decisions_of_body ON decisions (body_id, year, number);
CREATE INDEX decisions_of_meeting ON decisions (meeting_id, number);
CREATE INDEX decisions_by_registry_number ON decisions (registry_number);
CREATE INDEX decisions_search ON decisions USING gin (search);

-- The decisions read model: every body's § register, bitemporally.
--
-- A decision row carries `known` (the log positions from the event that recorded this version to
-- the event that superseded it). A correction, an approval (justering), a publication (anslag), a
-- removal of the notice or a revocation never updates a row in place: it closes the current row's
-- `known` and inserts the new version, so that a query for any `known_at` finds the row the
-- register held then. Valid time needs no range here: a § exists from its meeting's date, and each
-- later fact carries its own date, which the queries compare with `as_of`.

-- Each meeting as the register knew it: called with a date and place, perhaps cancelled, opened
-- with the roll and the body's seat holders of the day (whose names the § register shows), the
-- arrivals and departures, the adjusters, and the approval, posting and taking down of the whole
-- minutes. Every change closes the row's `known` and inserts the next version, as for a §.
CREATE TABLE meetings
(
    meeting_id          uuid      NOT NULL,
    body_id             uuid      NOT NULL,
    body_name           text      NOT NULL,
    meeting_on          date      NOT NULL,
    place               text      NOT NULL,
    cancellation_reason text,
    presiding           uuid,
    roll                jsonb,
    seated              jsonb,
    member_seats        integer,
    attendance_changes  jsonb     NOT NULL,
    adjusters           jsonb     NOT NULL,
    approved_on         date,
    approved_by         jsonb     NOT NULL,
    posted_on           date,
    appeal_last_day     date,
    days_late           bigint,
    notice_removed_on   date,
    known               int8range NOT NULL,
    CONSTRAINT meetings_one_version_known EXCLUDE USING gist (meeting_id WITH =, known WITH &&)
);
CREATE INDEX meetings_of_body ON meetings (body_id, meeting_on);

-- The items of each meeting's agenda, which a § copies its title and registry number from. Items
-- are only ever added, never changed, so the `position` of the event that added one is all the
-- record time they need (an append-only table, like the timeline's entries).
CREATE TABLE agenda_items
(
    meeting_id      uuid    NOT NULL,
    number          integer NOT NULL,
    title           text    NOT NULL,
    registry_number text,
    public          boolean NOT NULL,
    position        bigint  NOT NULL,
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
    recusals             jsonb     NOT NULL,
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

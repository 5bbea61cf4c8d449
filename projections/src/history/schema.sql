-- The history read model: every event that shaped an entity, with what it rests on, who recorded
-- it and when, the day it takes effect, and the record it states, corrects or revokes.
--
-- Rows are append-only: an event's entries are written once, when the event is applied, and never
-- changed, because what an event said never changes. Which later event corrects an entry is not
-- written onto the entry; a query finds it among the events known at its `known_at`, so that an
-- answer as known before a correction does not show it.

CREATE TABLE entity_events
(
    -- A UUID in lowercase with hyphens, a party code, or a compound stream id as stored.
    entity         text        NOT NULL,
    position       bigint      NOT NULL,
    -- How the event shapes the entity: 'stream', 'stream_prefix' or 'payload'.
    relation       text        NOT NULL CHECK (relation IN ('stream', 'stream_prefix', 'payload')),
    -- The payload field that names the entity, for relation 'payload' only.
    field          text,
    recorded_at    timestamptz NOT NULL,
    aggregate_type text        NOT NULL,
    stream_id      text        NOT NULL,
    sequence       bigint      NOT NULL,
    event_type     text        NOT NULL,
    event_version  text        NOT NULL,
    -- Null when neither the event nor its stream's first event names a day.
    effective_on   date,
    basis          jsonb,
    summary        text        NOT NULL,
    -- Who recorded the event, from its metadata; null where the metadata does not say.
    actor_id       text,
    actor_name     text,
    actor_role     text,
    request_id     text,
    -- The record the event states or amends within its stream, such as 'appointment:<id>'.
    record         text,
    -- 'correction' or 'revocation' when the event amends `record`, with the correction's reason.
    amendment      text CHECK (amendment IN ('correction', 'revocation')),
    reason         text,
    CHECK ((relation = 'payload') = (field IS NOT NULL)),
    CHECK (amendment IS NULL OR record IS NOT NULL),
    PRIMARY KEY (entity, position)
);

-- The amendments of a record, found from an entry through its stream's own row of each event.
CREATE INDEX entity_events_amendments
    ON entity_events (aggregate_type, stream_id, record, position)
    WHERE relation = 'stream' AND amendment IS NOT NULL;

-- The day of each stream's first event, which events that name no day of their own take: a
-- meeting's events happen on the day it was called for. Written once, by the first event.
CREATE TABLE stream_days
(
    aggregate_type text NOT NULL,
    stream_id      text NOT NULL,
    first_day      date NOT NULL,
    PRIMARY KEY (aggregate_type, stream_id)
);

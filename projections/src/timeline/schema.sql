-- The timeline read model: every event that concerns a cooperation, with the day it takes effect
-- (valid time), where and when it was recorded (record time) and what it rests on.
--
-- Entries are append-only: an event's entry is written once, when the event is applied, and never
-- changed, because what an event said never changes. A correction is a new entry of its own. Valid
-- time is a single day rather than a range, because an entry is the record of one change, not a
-- fact that holds for a while; record time is the entry's position.

CREATE TABLE entries
(
    cooperation_id uuid        NOT NULL,
    position       bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL,
    aggregate_type text        NOT NULL,
    stream_id      text        NOT NULL,
    event_type     text        NOT NULL,
    -- Null when neither the event nor its stream names a day.
    effective_on   date,
    basis          jsonb,
    summary        text        NOT NULL,
    -- An event is listed at most once per cooperation; a correction that moves a stream from one
    -- cooperation to another is listed in both.
    PRIMARY KEY (cooperation_id, position)
);
-- The order queries list and page in: by effective day, undated entries last, then by position.
CREATE INDEX entries_in_order
    ON entries (cooperation_id, (coalesce(effective_on, 'infinity'::date)), position);

-- The bodies of each cooperation, as last established or corrected.
CREATE TABLE bodies
(
    body_id        uuid PRIMARY KEY,
    cooperation_id uuid NOT NULL
);

-- Which cooperation each followed stream belongs to: directly, or through the body it concerns,
-- so that a body moved by a correction takes its mandate periods, meetings, goals and mandates
-- with it. A stream that belongs to no cooperation has no row.
CREATE TABLE streams
(
    aggregate_type text NOT NULL,
    stream_id      text NOT NULL,
    cooperation_id uuid,
    body_id        uuid,
    -- The day the stream's first event takes effect: a meeting's date, a mandate period's first
    -- day. Events that name no day of their own take it.
    first_day      date,
    PRIMARY KEY (aggregate_type, stream_id),
    CHECK ((cooperation_id IS NULL) <> (body_id IS NULL))
);

-- The events table exactly as postgres-es 0.5 expects it (its db/init.sql), so that its
-- PostgresEventRepository reads and writes aggregates unchanged. Later migrations only add to it.
--
-- `payload` and `metadata` are `json`, not `jsonb`: `json` keeps the text exactly as written,
-- and that text is part of the hash chain. `jsonb` would re-render it on every read, and a
-- future PostgreSQL could render it differently, breaking verification of old rows.
CREATE TABLE events
(
    aggregate_type text                         NOT NULL,
    aggregate_id   text                         NOT NULL,
    sequence       bigint CHECK (sequence >= 0) NOT NULL,
    event_type     text                         NOT NULL,
    event_version  text                         NOT NULL,
    payload        json                         NOT NULL,
    metadata       json                         NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

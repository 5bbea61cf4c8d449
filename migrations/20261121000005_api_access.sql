-- Who may use the HTTP API, and the answers it has given to requests that may be retried.
--
-- Neither table is part of the governance record: the record is the event log, and every event
-- names the token that wrote it in its metadata. Tokens are therefore never deleted, only
-- revoked, so that an actor named in the log can always be looked up.

CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('secretary', 'auditor', 'administrator')),
    -- The bodies a secretary writes for. Other roles are not scoped to bodies.
    bodies        uuid[] NOT NULL DEFAULT '{}',
    -- The SHA-256 of the secret. The secret itself is shown once, when the token is created; it
    -- has 256 random bits, so a plain hash cannot be reversed by guessing.
    secret_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(secret_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CONSTRAINT api_tokens_only_secretaries_have_bodies
        CHECK (role = 'secretary' OR cardinality(bodies) = 0)
);

CREATE FUNCTION api_tokens_refuse_delete() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'api tokens are revoked, never deleted: the event log names them as actors';
END
$$;

CREATE TRIGGER api_tokens_refuse_delete
    BEFORE DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_refuse_delete();

-- The first answer to each POST sent with an Idempotency-Key, per token. A row without a status
-- is a request still being served; a retry then learns that it is in progress.
CREATE TABLE idempotent_requests (
    token_id        uuid NOT NULL REFERENCES api_tokens (id),
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- The SHA-256 of the method, the path and the body, so that a retry with another body under
    -- the same key is told apart from a true retry.
    request_sha256  bytea NOT NULL,
    status          smallint,
    location        text,
    response_body   bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_id, key)
);

-- Every event written through the API carries the request id in its metadata. An auditor can
-- then ask what one request wrote, and a request that failed after its commit can tell whether
-- it wrote anything before it releases its idempotency key.
CREATE INDEX events_request_id ON events ((metadata ->> 'request_id'))
    WHERE (metadata ->> 'request_id') IS NOT NULL;

-- A retried request whose first attempt failed or was cut off learns from this index whether
-- that attempt wrote anything before it may run again.
CREATE INDEX events_idempotency_key ON events ((metadata ->> 'actor_id'), (metadata ->> 'idempotency_key'))
    WHERE (metadata ->> 'idempotency_key') IS NOT NULL;

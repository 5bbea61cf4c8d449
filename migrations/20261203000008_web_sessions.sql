-- Who is signed in to the web app. A person signs in by pasting a token once; the browser then
-- holds only a session's secret, in an HttpOnly cookie, and never the token's own.
--
-- Like api_tokens this is not part of the governance record: every event still names the token
-- that wrote it. A session is ended, never deleted, so that an auditor can see who was signed in
-- when.

CREATE TABLE web_sessions (
    -- The SHA-256 of the cookie's secret, which has 256 random bits, as for tokens.
    secret_sha256 bytea PRIMARY KEY CHECK (octet_length(secret_sha256) = 32),
    token_id      uuid NOT NULL REFERENCES api_tokens (id),
    -- The value every form of the session carries, so that a form posted from elsewhere, which
    -- cannot read it, is refused.
    csrf_token    text NOT NULL CHECK (length(csrf_token) = 64),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    -- When the person signed out.
    ended_at      timestamptz,
    CONSTRAINT web_sessions_expire_after_they_start CHECK (expires_at > created_at)
);

-- Revoking a token ends its sessions: the session is looked up joined to its token.
CREATE INDEX web_sessions_token ON web_sessions (token_id);

CREATE FUNCTION web_sessions_refuse_delete() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'web sessions are ended, never deleted: they say who was signed in when';
END
$$;

CREATE TRIGGER web_sessions_refuse_delete
    BEFORE DELETE OR TRUNCATE ON web_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION web_sessions_refuse_delete();

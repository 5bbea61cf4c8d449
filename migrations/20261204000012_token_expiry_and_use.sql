-- A token may be made to expire, and the register remembers when each was last used.
ALTER TABLE api_tokens
    ADD COLUMN expires_at timestamptz,
    ADD CONSTRAINT api_tokens_expire_after_creation
        CHECK (expires_at IS NULL OR expires_at > created_at);

-- When each token was last used, to the ten seconds a server keeps a verified token in memory.
-- It is kept apart from api_tokens because noting a use is no change to the token: the trigger
-- of migration 09 announces every change to api_tokens, and each server forgets every token it
-- keeps when it hears one.
CREATE TABLE api_token_uses (
    token_id     uuid PRIMARY KEY REFERENCES api_tokens (id),
    last_used_at timestamptz NOT NULL
);

-- Every change to a token is announced on the channel `samverkan_api_tokens_changed`, with the
-- token's id as the payload. A server keeps the tokens it has verified in memory, so that a read
-- costs one round trip instead of two; the announcement is how a revocation made anywhere (by
-- `samverkan token revoke` in another process, say) reaches every server at once. A NOTIFY is
-- delivered only when its transaction commits, so a server never forgets a token whose change was
-- rolled back.
CREATE FUNCTION api_tokens_announce_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('samverkan_api_tokens_changed', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_announce_change
    AFTER UPDATE OR DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION api_tokens_announce_change();

-- An unanswered Idempotency-Key is held by a lease that ends, not forever.
--
-- Before this migration a key stayed reserved until its answer was stored, so a process killed
-- between its write and its answer left the key unanswerable: every retry was told to wait for
-- an attempt that would never finish. Now the attempt holds the key until `leased_until`, which
-- it sets to after its own deadline. A retry after that takes the key over (`attempts` counts
-- how often), answers with what the log holds under the key if the first attempt wrote, and
-- runs the request afresh if it did not.
ALTER TABLE idempotent_requests
    ADD COLUMN leased_until timestamptz,
    ADD COLUMN attempts integer NOT NULL DEFAULT 1 CHECK (attempts >= 1);

-- Keys left unanswered by an earlier version are free at once: the attempts that held them
-- ended with the process that ran them.
UPDATE idempotent_requests SET leased_until = now() WHERE status IS NULL;

ALTER TABLE idempotent_requests
    ADD CONSTRAINT idempotent_requests_answered_or_leased
    CHECK (status IS NOT NULL OR leased_until IS NOT NULL);

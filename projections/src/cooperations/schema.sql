-- The cooperations read model: every cooperation as the register knew it at each position, so
-- that the register's cooperations can be listed on any day, as known at any moment.
--
-- A cooperation is one small record whose valid-time facts (the day it was established, the day
-- each party joined, its dissolution's decision and effect) live inside it, so a row holds the
-- whole record and `known` (the log positions from the event that made this version to the event
-- that superseded it). The query evaluates the dates for `as_of`.
--
-- The exclusion constraint states that at any position only one version of each cooperation is
-- known.
CREATE TABLE cooperations
(
    cooperation_id uuid      NOT NULL,
    record         jsonb     NOT NULL,
    known          int8range NOT NULL,
    CONSTRAINT cooperations_one_version_known
        EXCLUDE USING gist (cooperation_id WITH =, known WITH &&)
);
CREATE INDEX cooperations_known ON cooperations USING gist (known);

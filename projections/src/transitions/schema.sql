-- The transitions read model: every transition plan as the register knew it at each position.
--
-- A plan is one small document whose valid-time facts (its effective date, the dated status
-- changes of its steps, the dates of dispositions, mappings and party decisions) live inside it,
-- so a row holds the whole plan state and `known` (the log positions from the event that made
-- this version to the event that superseded it). The query evaluates the valid-time facts for
-- `as_of` with the domain's own code (`Transition::view_on`, `Transition::readiness`), so the
-- readiness a user reads and the refusal of an early carry-out are one computation.
--
-- The exclusion constraint states that at any position only one version of each plan is known.
CREATE TABLE plans
(
    transition_id  uuid      NOT NULL,
    cooperation_id uuid      NOT NULL,
    state          jsonb     NOT NULL,
    known          int8range NOT NULL,
    CONSTRAINT plans_one_version_known
        EXCLUDE USING gist (transition_id WITH =, known WITH &&)
);
CREATE INDEX plans_of_cooperation_at ON plans USING gist (cooperation_id, known);

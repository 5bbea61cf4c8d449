-- The § register (domain rule 6): every decision of a body has a § number that is unique per body
-- and calendar year, and every decision has a stable id.
--
-- Decisions live in one stream per meeting, so no single stream sees all of a body's § numbers.
-- The register computes the next § from these indexes and the meeting aggregate refuses any other
-- number; these unique indexes make the store itself refuse a second decision with the same body,
-- year and §, or the same id. When two secretaries record at once, the second insert fails with
-- a unique violation, which postgres-es reports as a conflict, and the register retries with the
-- next number. Together that keeps the numbers unique and gapless.
--
-- The expressions read the stored event format of `DecisionRecorded` version 1, which is public
-- and never changes shape.

CREATE UNIQUE INDEX events_decision_paragraph_per_body_and_year ON events (
    (payload -> 'DecisionRecorded' ->> 'body_id'),
    ((payload -> 'DecisionRecorded' -> 'paragraph' ->> 'year')::integer),
    ((payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer)
) WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded';

CREATE UNIQUE INDEX events_decision_id ON events (
    (payload -> 'DecisionRecorded' ->> 'decision_id')
) WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded';

-- Delegated decisions reported under a § can be cited by their id too. These indexes let the
-- register find one by containment without reading every decision the body ever recorded.
CREATE INDEX events_delegated_decisions_recorded ON events USING gin (
    ((payload::jsonb) -> 'DecisionRecorded' -> 'content' -> 'delegated_decisions') jsonb_path_ops
) WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded';

CREATE INDEX events_delegated_decisions_corrected ON events USING gin (
    ((payload::jsonb) -> 'DecisionCorrected' -> 'content' -> 'delegated_decisions') jsonb_path_ops
) WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionCorrected';

//! Which entities one event shapes, read from its stream id and its payload alone. Pure, so that
//! every rule is tested without a database.
//!
//! An event shapes:
//! - its own stream (`Relation::Stream`);
//! - the entity before the colon of a compound stream id (`Relation::StreamPrefix`): the body of
//!   a mandate period (`BODY:FIRST_YEAR`), the cooperation of a budget (`COOPERATION:YEAR`), the
//!   party of a population figure (`CODE:REFERENCE_DATE`);
//! - every entity its payload names (`Relation::Payload`, with the field that names it): each id
//!   in a field whose name ends in `_id`, and the membership a fyllnadsval `replaces`; and each
//!   party code in a field that gives the party a part of its own (`party`, `parties`, `debtor`,
//!   `host`, `callers`, `issuer_party`): a party joins, hosts, holds seats or a member's seat,
//!   holds a mandate or a contract, may call off under it, owes or is owed, has a share of a
//!   key, or takes over what a transition moves.
//!
//! What an event merely mentions is left out, because it changes nothing about the entity named:
//! - a citation: the `basis` an event rests on (a decision of the register, a document clause)
//!   and the `mandate` a decision was found to be within or outside. What rests on a decision is
//!   another question than what shaped it;
//! - facts copied onto an event from other streams so that its aggregate could decide: the
//!   `seated` members a meeting counted its quorum against, a transition plan's
//!   `cooperation_parties`, a step's `responsible` party;
//! - persons (`person_id`, `deputy_id`, and the persons of appointments, presiding, adjusters):
//!   the register keeps no stream of a person, and an appointment names its person by `id`, not
//!   `person_id`, so a history of a person built from these fields would be incomplete while
//!   looking whole. A person's service is found through the membership's history.
//!
//! The payload's fields are read in the order of their names, so an entity named in two fields
//! is shaped by the first of them in that order.

use domain::PartyCode;
use serde_json::{Map, Value};
use uuid::Uuid;

/// How an event shapes an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The event is in the entity's own stream.
    Stream,
    /// The event is in a stream whose compound id begins with the entity's id.
    StreamPrefix,
    /// The event's payload names the entity, in the field the entry gives.
    Payload,
}

impl Relation {
    /// The word stored in the `relation` column.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Relation::Stream => "stream",
            Relation::StreamPrefix => "stream_prefix",
            Relation::Payload => "payload",
        }
    }

    /// Reads back [`Relation::as_str`].
    pub(crate) fn parse(text: &str) -> Option<Relation> {
        match text {
            "stream" => Some(Relation::Stream),
            "stream_prefix" => Some(Relation::StreamPrefix),
            "payload" => Some(Relation::Payload),
            _ => None,
        }
    }
}

/// One entity an event shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shaped {
    pub entity: String,
    pub relation: Relation,
    /// The payload field that names the entity, as a dotted path below the event's variant,
    /// such as `creditor.body_id`; only for [`Relation::Payload`].
    pub field: Option<String>,
}

/// Subtrees that cite or copy rather than shape (see the module documentation).
const NOT_SHAPING: &[&str] = &["basis", "mandate", "seated"];

/// Fields ending in `_id` that name persons, whom the register keeps no history of.
const PERSON_IDS: &[&str] = &["person_id", "deputy_id"];

/// Fields whose value is a membership id without ending in `_id`.
const OTHER_IDS: &[&str] = &["replaces"];

/// Fields whose value is a party code, or a list of them, that gives the party a part of its own.
const PARTY_FIELDS: &[&str] = &[
    "party",
    "parties",
    "debtor",
    "host",
    "callers",
    "issuer_party",
];

/// The entities an event of stream `stream_id` with this payload shapes, each once: by its
/// stream, else by the stream's prefix, else by the first payload field that names it, fields
/// taken in the order of their names.
pub(crate) fn shaped_entities(stream_id: &str, payload: &Value) -> Vec<Shaped> {
    let mut shaped = Vec::new();
    add(&mut shaped, stream_id.to_owned(), Relation::Stream, None);
    if let Some((prefix, _)) = stream_id.split_once(':') {
        if !prefix.is_empty() {
            add(&mut shaped, prefix.to_owned(), Relation::StreamPrefix, None);
        }
    }
    // A stored event is its variant's name around its fields; the fields are what name things.
    let fields = match payload {
        Value::Object(outer) if outer.len() == 1 => outer.values().next(),
        _ => Some(payload),
    };
    if let Some(Value::Object(fields)) = fields {
        walk_object(fields, "", &mut shaped);
    }
    shaped
}

/// The entity a path segment names, in the form the history stores it: a UUID, alone or before
/// the colon of a compound id, in lowercase with hyphens; anything else as given.
pub fn normalize_entity(text: &str) -> String {
    let (head, tail) = match text.split_once(':') {
        Some((head, tail)) => (head, Some(tail)),
        None => (text, None),
    };
    let head = Uuid::parse_str(head)
        .map(|id| id.to_string())
        .unwrap_or_else(|_| head.to_owned());
    match tail {
        Some(tail) => format!("{head}:{tail}"),
        None => head,
    }
}

fn add(shaped: &mut Vec<Shaped>, entity: String, relation: Relation, field: Option<String>) {
    if !shaped.iter().any(|known| known.entity == entity) {
        shaped.push(Shaped {
            entity,
            relation,
            field,
        });
    }
}

/// Walks the fields in the order of their names, not as the map holds them: serde_json keeps
/// insertion order only under a feature another crate may switch on, and the field an entity is
/// shaped by must not depend on the build.
fn walk_object(fields: &Map<String, Value>, path: &str, shaped: &mut Vec<Shaped>) {
    let mut fields: Vec<(&String, &Value)> = fields.iter().collect();
    fields.sort_by_key(|(key, _)| *key);
    for (key, value) in fields {
        if NOT_SHAPING.contains(&key.as_str()) {
            continue;
        }
        let field = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if is_id_field(key) {
            if let Value::String(id) = value {
                add(shaped, normalize_entity(id), Relation::Payload, Some(field));
            }
        } else if PARTY_FIELDS.contains(&key.as_str()) {
            for code in party_codes(value) {
                add(shaped, code, Relation::Payload, Some(field.clone()));
            }
        } else {
            walk_value(value, &field, shaped);
        }
    }
}

fn walk_value(value: &Value, path: &str, shaped: &mut Vec<Shaped>) {
    match value {
        Value::Object(fields) => walk_object(fields, path, shaped),
        Value::Array(items) => {
            for item in items {
                walk_value(item, path, shaped);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn is_id_field(key: &str) -> bool {
    (key.ends_with("_id") && !PERSON_IDS.contains(&key)) || OTHER_IDS.contains(&key)
}

/// The valid party codes in a field holding one code or a list of them. A value that is no
/// party code is not a party, whatever its field is called.
fn party_codes(value: &Value) -> Vec<String> {
    let texts: Vec<&str> = match value {
        Value::String(text) => vec![text.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    texts
        .into_iter()
        .filter_map(|text| PartyCode::parse(text).ok())
        .map(|code| code.as_str().to_owned())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    const BODY: &str = "00000000-0000-0000-0000-000000000002";
    const MEMBERSHIP: &str = "00000000-0000-0000-0000-000000000004";
    const DECISION: &str = "00000000-0000-0000-0000-000000000009";

    fn stream(entity: &str) -> Shaped {
        Shaped {
            entity: entity.into(),
            relation: Relation::Stream,
            field: None,
        }
    }

    fn payload(entity: &str, field: &str) -> Shaped {
        Shaped {
            entity: entity.into(),
            relation: Relation::Payload,
            field: Some(field.into()),
        }
    }

    #[test]
    fn an_appointment_shapes_its_mandate_period_the_body_the_membership_and_the_party() {
        let term = format!("{BODY}:2023");
        let event = json!({"MemberAppointed": {
            "membership_id": MEMBERSHIP,
            "appointment": {
                "person": {"id": "00000000-0000-0000-0000-000000000003", "name": "Anna Ek"},
                "role": "chair",
                "party": "04",
                "serves_from": "2023-01-01",
                "serves_to": null
            },
            "serves_to": "2026-12-31",
            "replaces": null,
            "basis": {"Decision": {"decision_id": DECISION}}
        }});
        assert_eq!(
            shaped_entities(&term, &event),
            vec![
                stream(&term),
                Shaped {
                    entity: BODY.into(),
                    relation: Relation::StreamPrefix,
                    field: None,
                },
                payload("04", "appointment.party"),
                payload(MEMBERSHIP, "membership_id"),
            ]
        );
    }

    #[test]
    fn a_replacement_shapes_the_membership_it_replaces() {
        let replaced = "00000000-0000-0000-0000-000000000005";
        let event = json!({"MemberAppointed": {
            "membership_id": MEMBERSHIP,
            "replaces": replaced,
        }});
        assert_eq!(
            shaped_entities("term", &event),
            vec![
                stream("term"),
                payload(MEMBERSHIP, "membership_id"),
                payload(replaced, "replaces"),
            ]
        );
    }

    #[test]
    fn citations_copied_facts_and_persons_shape_nothing() {
        let mandate = "00000000-0000-0000-0000-000000000006";
        let event = json!({"DecisionRecorded": {
            "decision_id": DECISION,
            "body_id": BODY,
            "content": {
                "recusals": [{"person_id": "00000000-0000-0000-0000-000000000007"}],
                "delegated_decisions": [{"decision_id": "00000000-0000-0000-0000-000000000008"}]
            },
            "mandate": {"kind": "within", "mandate_id": mandate},
            "seated": [{"person_id": "00000000-0000-0000-0000-000000000003", "party": "2062"}],
            "basis": {"DocumentClause": {"document_id": "00000000-0000-0000-0000-00000000000a"}}
        }});
        assert_eq!(
            shaped_entities("meeting", &event),
            vec![
                stream("meeting"),
                payload(BODY, "body_id"),
                payload(
                    "00000000-0000-0000-0000-000000000008",
                    "content.delegated_decisions.decision_id"
                ),
                payload(DECISION, "decision_id"),
            ]
        );
    }

    #[test]
    fn parties_are_shaped_through_the_fields_that_give_them_a_part_and_only_by_valid_codes() {
        let event = json!({"CooperationEstablished": {
            "name": "Upphandlingssamverkan",
            "host": "2062",
            "parties": ["2062", "2034", "2039"],
            "established_on": "2020-01-01"
        }});
        assert_eq!(
            shaped_entities("coop", &event),
            vec![
                stream("coop"),
                payload("2062", "host"),
                payload("2034", "parties"),
                payload("2039", "parties"),
            ]
        );
        let creditor = json!({"ObligationRecorded": {
            "debtor": "0136",
            "creditor": {"kind": "party", "party": "0192"},
            "period": {"from": "2024-01-01", "to": "2024-12-31"},
            "party": "not a code"
        }});
        assert_eq!(
            shaped_entities("obligation", &creditor),
            vec![
                stream("obligation"),
                payload("0192", "creditor.party"),
                payload("0136", "debtor"),
            ]
        );
    }

    #[test]
    fn a_compound_stream_belongs_to_the_entity_before_its_colon_too() {
        let event = json!({"PopulationCorrected": {"population": 20412, "reason": "Fel"}});
        assert_eq!(
            shaped_entities("2062:2020-12-31", &event),
            vec![
                stream("2062:2020-12-31"),
                Shaped {
                    entity: "2062".into(),
                    relation: Relation::StreamPrefix,
                    field: None,
                },
            ]
        );
    }

    #[test]
    fn an_entity_named_twice_is_shaped_once_by_its_strongest_relation() {
        let event = json!({"PopulationRecorded": {"party": "2062", "population": 20412}});
        let shaped = shaped_entities("2062:2020-12-31", &event);
        assert_eq!(shaped.len(), 2);
        assert_eq!(shaped[1].relation, Relation::StreamPrefix);
    }

    #[test]
    fn uuids_are_stored_in_one_spelling_and_other_ids_as_given() {
        assert_eq!(
            normalize_entity("00000000-0000-0000-0000-00000000000A"),
            "00000000-0000-0000-0000-00000000000a"
        );
        assert_eq!(
            normalize_entity("00000000000000000000000000000002:2023"),
            format!("{BODY}:2023")
        );
        assert_eq!(normalize_entity("2062:2020-12-31"), "2062:2020-12-31");
        assert_eq!(normalize_entity("0136"), "0136");
    }

    #[test]
    fn relations_read_back_as_stored() {
        for relation in [Relation::Stream, Relation::StreamPrefix, Relation::Payload] {
            assert_eq!(Relation::parse(relation.as_str()), Some(relation));
        }
        assert_eq!(Relation::parse("mentions"), None);
    }
}

//! The registered names of the parties a read's answer mentions, as a `party_names` map beside
//! its `known_at`: `"party_names": {"04": "Region Sörmland"}`.
//!
//! Answers keep a party as its official code, as the events and the read models do, so that no
//! client that reads `"party": "04"` breaks; the names come beside them, as the register knew
//! them at the answer's own `known_at`. A code is recognised by the member it stands in (one of
//! [`PARTY_MEMBERS`]) and by being registered, never inside a stored `payload` or `metadata`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::stored_as_is::STORED_AS_IS;

/// The members whose value is a party's code, or a list of codes, in the API's answers.
const PARTY_MEMBERS: [&str; 12] = [
    "party",
    "parties",
    "host",
    "callers",
    "debtor",
    "creditor",
    "responsible",
    "to",
    "parties_not_decided",
    "cooperation_parties",
    "founding_parties",
    "issuer_party",
];

/// Every text standing in a party member of `value`: the codes the answer may mention.
pub fn mentioned(value: &Value) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    collect(value, &mut codes);
    codes
}

fn collect(value: &Value, codes: &mut BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                if STORED_AS_IS.contains(&key.as_str()) {
                    continue;
                }
                if PARTY_MEMBERS.contains(&key.as_str()) {
                    codes.extend(texts(member));
                }
                collect(member, codes);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, codes)),
        _ => {}
    }
}

fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds `party_names` to the answer's top level: the registered name of each code in
/// `mentioned` (see [`mentioned`]), from `registered`. Nothing is added when none is registered.
pub fn name(
    answer: &mut Map<String, Value>,
    mentioned: BTreeSet<String>,
    registered: &BTreeMap<String, String>,
) {
    let named: Map<String, Value> = mentioned
        .into_iter()
        .filter_map(|code| {
            registered
                .get(&code)
                .map(|name| (code, Value::String(name.clone())))
        })
        .collect();
    if !named.is_empty() {
        answer.insert("party_names".to_owned(), Value::Object(named));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_codes_in_party_members_are_named_and_never_inside_stored_events() {
        let registered = BTreeMap::from([
            ("04".to_owned(), "Region Sörmland".to_owned()),
            ("19".to_owned(), "Region Västmanland".to_owned()),
            ("0136".to_owned(), "Haninge kommun".to_owned()),
        ]);
        let mut answer = json!({
            "known_at": 12,
            "host": "04",
            "members": [{ "party": "19", "name": "04" }],
            "to": "2024-06-30",
            "payload": { "party": "0136" },
            "parties_not_decided": ["0136", "9999"]
        });

        let codes = mentioned(&answer);
        name(answer.as_object_mut().unwrap(), codes, &registered);

        assert_eq!(
            answer["party_names"],
            json!({ "04": "Region Sörmland", "19": "Region Västmanland", "0136": "Haninge kommun" })
        );
    }

    #[test]
    fn an_answer_that_names_no_registered_party_is_left_alone() {
        let mut answer = json!({ "known_at": 12, "party": "9999" });

        let codes = mentioned(&answer);
        name(answer.as_object_mut().unwrap(), codes, &BTreeMap::new());

        assert_eq!(answer, json!({ "known_at": 12, "party": "9999" }));
    }
}

//! Legal bases as a read answers them: each with the citation the register gives it (see
//! `api::citing`).

use serde_json::Value;

/// `basis` with the citation a read answers beside it.
pub(crate) fn cited(mut basis: Value, citation: &str) -> Value {
    basis["citation"] = Value::String(citation.to_owned());
    basis
}

/// An outside decision given inline as a basis, with the citation it reads as: issuer and date,
/// then the reference and the registry number when given.
pub(crate) fn cited_inline(basis: Value) -> Value {
    let mut citation = format!(
        "{} {}",
        basis["issuer"].as_str().unwrap(),
        basis["decided_on"].as_str().unwrap()
    );
    if let Some(reference) = basis["reference"].as_str() {
        citation.push(' ');
        citation.push_str(reference);
    }
    if let Some(registry_number) = basis["registry_number"].as_str() {
        citation.push_str(", dnr ");
        citation.push_str(registry_number);
    }
    cited(basis, &citation)
}

/// `value` with every outside decision given inline as a basis cited, as a read answers it.
pub(crate) fn cited_everywhere(mut value: Value) -> Value {
    cite_in_place(&mut value);
    value
}

fn cite_in_place(value: &mut Value) {
    match value {
        Value::Object(members) => {
            if members.get("kind").and_then(Value::as_str) == Some("external_decision")
                && members.contains_key("issuer")
            {
                *value = cited_inline(value.take());
                return;
            }
            members.values_mut().for_each(cite_in_place);
        }
        Value::Array(items) => items.iter_mut().for_each(cite_in_place),
        _ => {}
    }
}

/// `value` without the citations and party names a read adds, to compare it with an answer that
/// has none, such as a preview's.
pub(crate) fn uncited(mut value: Value) -> Value {
    strip(&mut value);
    value
}

fn strip(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.remove("citation");
            members.remove("party_names");
            members.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

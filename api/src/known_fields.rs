//! Unknown fields anywhere in a body, found by walking it along its OpenAPI schema.
//!
//! `serde_ignored` reports a field serde passes over, except inside a shape told apart by its
//! `kind` (a legal basis, a vote, a transition's mapping): serde reads those through a buffer of
//! its own, where the field is dropped unseen. The body's schema, which utoipa derives from the
//! same types and the OpenAPI document publishes, says which fields each shape takes. So a
//! field of the body that its schema does not name, at any depth, is refused by name, and the
//! document the client reads and the rule the server applies are one.

use std::collections::BTreeMap;

use serde_json::Value;
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Object, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::ToSchema;

/// The aliases serde reads that a schema does not show, as (alias, field): a request of the first
/// version gave a single legal basis as `basis`, which a `Bases` field (`bases`, a list) still
/// reads as a list of one (`domain/src/legal_basis.rs`). A field given under its alias is walked
/// as the field, and a single value as an item of its list.
const ALIASES: &[(&str, &str)] = &[("basis", "bases")];

/// The field an alias stands for in `object`, if `name` is one.
fn aliased<'a>(object: &'a Object, name: &str) -> Option<&'a RefOr<Schema>> {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .and_then(|(_, field)| object.properties.get(*field))
}

/// The schemas a body's schema refers to, by component name.
struct Components(BTreeMap<String, RefOr<Schema>>);

impl Components {
    fn of<T: ToSchema>() -> Components {
        let mut found = Vec::new();
        T::schemas(&mut found);
        Components(found.into_iter().collect())
    }

    /// The schema `schema` stands for, following references.
    fn resolve<'a>(&'a self, mut schema: &'a RefOr<Schema>) -> Option<&'a Schema> {
        // A chain of references is short; the bound stops a cycle.
        for _ in 0..16 {
            match schema {
                RefOr::T(schema) => return Some(schema),
                RefOr::Ref(reference) => {
                    let name = reference.ref_location.rsplit('/').next()?;
                    schema = self.0.get(name)?;
                }
            }
        }
        None
    }
}

/// The path of the first field of `body` that the schema of `T` does not take, as
/// `basis.decision_idd` or `votes[2].note`; `None` when every field is one it takes.
pub fn first_unknown_field<T: ToSchema>(body: &Value) -> Option<String> {
    let components = Components::of::<T>();
    unknown_in(&components, &T::schema(), body, "")
}

fn unknown_in(
    components: &Components,
    schema: &RefOr<Schema>,
    value: &Value,
    path: &str,
) -> Option<String> {
    match components.resolve(schema)? {
        Schema::Object(object) => {
            let Value::Object(fields) = value else {
                return None;
            };
            // A schema of any value (a free-form field) takes every field.
            let shaped = !object.properties.is_empty()
                || object.schema_type == SchemaType::Type(Type::Object);
            if !shaped {
                return None;
            }
            for (name, field) in fields {
                let field_path = join(path, name);
                if let Some(property) = object.properties.get(name) {
                    if let Some(unknown) = unknown_in(components, property, field, &field_path) {
                        return Some(unknown);
                    }
                    continue;
                }
                if let Some(property) = aliased(object, name) {
                    if let Some(unknown) =
                        unknown_in_alias(components, property, field, &field_path)
                    {
                        return Some(unknown);
                    }
                    continue;
                }
                match object.additional_properties.as_deref() {
                    Some(AdditionalProperties::RefOr(values)) => {
                        if let Some(unknown) = unknown_in(components, values, field, &field_path) {
                            return Some(unknown);
                        }
                    }
                    Some(AdditionalProperties::FreeForm(true)) => {}
                    Some(AdditionalProperties::FreeForm(false)) | None => return Some(field_path),
                }
            }
            None
        }
        Schema::Array(array) => {
            let (Value::Array(items), ArrayItems::RefOrSchema(item_schema)) = (value, &array.items)
            else {
                return None;
            };
            items.iter().enumerate().find_map(|(index, item)| {
                unknown_in(components, item_schema, item, &format!("{path}[{index}]"))
            })
        }
        Schema::AllOf(all_of) => unknown_in_all_of(components, &all_of.items, value, path),
        Schema::OneOf(one_of) => unknown_in_one_of(components, &one_of.items, value, path),
        Schema::AnyOf(any_of) => unknown_in_one_of(components, &any_of.items, value, path),
        _ => None,
    }
}

/// A field given under its alias: a single value where the field is a list is walked as an item.
fn unknown_in_alias(
    components: &Components,
    property: &RefOr<Schema>,
    value: &Value,
    path: &str,
) -> Option<String> {
    match (components.resolve(property), value) {
        (Some(Schema::Array(array)), single) if !single.is_array() => match &array.items {
            ArrayItems::RefOrSchema(item) => unknown_in(components, item, single, path),
            ArrayItems::False => None,
        },
        _ => unknown_in(components, property, value, path),
    }
}

/// A value of one of several shapes takes the fields of the shape it is. When no shape takes
/// all its fields, the one named by its `kind` (or else the first) says which field is unknown.
fn unknown_in_one_of(
    components: &Components,
    shapes: &[RefOr<Schema>],
    value: &Value,
    path: &str,
) -> Option<String> {
    let mut findings = Vec::with_capacity(shapes.len());
    for shape in shapes {
        match unknown_in(components, shape, value, path) {
            None => return None,
            Some(unknown) => findings.push((shape, unknown)),
        }
    }
    let kind = value.get("kind").and_then(Value::as_str);
    let named = findings
        .iter()
        .position(|(shape, _)| kind.is_some_and(|kind| takes_kind(components, shape, kind)));
    let chosen = named.unwrap_or(0);
    findings.into_iter().nth(chosen).map(|(_, unknown)| unknown)
}

/// Whether a shape is the one a `kind` of `kind` names: its `kind` property lists that value.
fn takes_kind(components: &Components, shape: &RefOr<Schema>, kind: &str) -> bool {
    let properties_of = |schema: &Schema| match schema {
        Schema::Object(object) => object.properties.get("kind").cloned(),
        _ => None,
    };
    let kind_schema = match components.resolve(shape) {
        Some(Schema::AllOf(all_of)) => all_of
            .items
            .iter()
            .filter_map(|item| components.resolve(item))
            .find_map(properties_of),
        Some(schema) => properties_of(schema),
        None => None,
    };
    matches!(
        kind_schema.as_ref().and_then(|schema| components.resolve(schema)),
        Some(Schema::Object(object))
            if object.enum_values.as_ref().is_some_and(|values| values.iter().any(|value| value == kind))
    )
}

/// A value of all of several shapes at once takes the fields of each, and a field must be taken
/// by at least one of them.
fn unknown_in_all_of(
    components: &Components,
    shapes: &[RefOr<Schema>],
    value: &Value,
    path: &str,
) -> Option<String> {
    let Value::Object(fields) = value else {
        return shapes
            .iter()
            .find_map(|shape| unknown_in(components, shape, value, path));
    };
    for (name, field) in fields {
        let field_path = join(path, name);
        let mut taken = false;
        for shape in shapes {
            let Some(Schema::Object(object)) = components.resolve(shape) else {
                continue;
            };
            if let Some(property) = object.properties.get(name) {
                taken = true;
                if let Some(unknown) = unknown_in(components, property, field, &field_path) {
                    return Some(unknown);
                }
            } else if matches!(
                object.additional_properties.as_deref(),
                Some(AdditionalProperties::RefOr(_) | AdditionalProperties::FreeForm(true))
            ) {
                taken = true;
            }
        }
        if !taken {
            return Some(field_path);
        }
    }
    None
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Deserialize, ToSchema)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Basis {
        Decision {
            decision_id: String,
        },
        ExternalDecision {
            issuer: String,
            reference: Option<String>,
        },
    }

    #[derive(Deserialize, ToSchema)]
    #[allow(dead_code)]
    struct Adopt {
        title: String,
        basis: Basis,
        votes: Vec<Vote>,
        shares: BTreeMap<String, u32>,
    }

    #[derive(Deserialize, ToSchema)]
    #[allow(dead_code)]
    struct Establish {
        #[serde(rename = "bases", alias = "basis")]
        bases: Vec<Basis>,
    }

    #[test]
    fn a_single_basis_under_its_alias_is_walked_as_an_item_of_the_list() {
        let single = json!({"basis": {"kind": "decision", "decision_id": "d"}});
        assert_eq!(first_unknown_field::<Establish>(&single), None);
        let misspelt = json!({"basis": {"kind": "decision", "decision_idd": "d"}});
        assert_eq!(
            first_unknown_field::<Establish>(&misspelt),
            Some("basis.decision_idd".to_owned())
        );
        let listed = json!({"bases": [{"kind": "decision", "decision_id": "d", "x": 1}]});
        assert_eq!(
            first_unknown_field::<Establish>(&listed),
            Some("bases[0].x".to_owned())
        );
    }

    #[derive(Deserialize, ToSchema)]
    #[allow(dead_code)]
    struct Vote {
        party: String,
    }

    fn body() -> Value {
        json!({
            "title": "Avtal",
            "basis": {"kind": "external_decision", "issuer": "KF", "reference": null},
            "votes": [{"party": "04"}, {"party": "19"}],
            "shares": {"04": 5000, "19": 5000},
        })
    }

    #[test]
    fn a_body_of_known_fields_has_none_unknown() {
        assert_eq!(first_unknown_field::<Adopt>(&body()), None);
    }

    #[test]
    fn an_unknown_field_is_named_at_any_depth_inside_a_shape_told_apart_by_its_kind() {
        let mut unknown_at_top = body();
        unknown_at_top["titel"] = json!("Avtal");
        assert_eq!(
            first_unknown_field::<Adopt>(&unknown_at_top),
            Some("titel".to_owned())
        );

        let mut unknown_in_basis = body();
        unknown_in_basis["basis"]["decided"] = json!("2025-01-01");
        assert_eq!(
            first_unknown_field::<Adopt>(&unknown_in_basis),
            Some("basis.decided".to_owned())
        );

        let mut unknown_in_list = body();
        unknown_in_list["votes"][1]["note"] = json!("x");
        assert_eq!(
            first_unknown_field::<Adopt>(&unknown_in_list),
            Some("votes[1].note".to_owned())
        );
    }
}

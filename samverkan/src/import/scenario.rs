//! The scenario file, format version 1: a named list of commands, each the path of a command
//! endpoint and the body it takes, with entities named by readable keys. The README's
//! "Scenarios and `samverkan import`" section is this module written out for users.
//!
//! Everything here is checked before anything is written: the file's shape (with the line, column
//! and path of a mistake), its name, every key, and that every step names a command endpoint.

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use domain::scenario::is_scenario_name;

/// The name in every scenario file, so that no other JSON is mistaken for one.
pub const SCENARIO_FORMAT: &str = "samverkan-scenario";
/// The version of the format this code reads.
pub const SCENARIO_FORMAT_VERSION: u32 = 1;

/// The namespace of the UUIDs keys stand for: `@key` in scenario `name` is the UUID v5 of
/// `name/key` in it, the same on every machine and every import.
const KEY_NAMESPACE: Uuid = Uuid::from_u128(0x5a3e_7c1d_0b9f_4e2a_8c6d_1f0e_2b4a_9d37);

/// A scenario file that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    /// The SHA-256 of the file's bytes, as 64 lowercase hexadecimal digits.
    pub sha256: String,
    pub steps: Vec<Step>,
}

/// One command of a scenario, as the file writes it, its keys checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The path as the file writes it, such as `/cooperations/@inkopsnamnden/budgets`.
    pub written_path: String,
    pub body: Value,
    /// The key the created resource's id is bound to, for the steps after this one.
    pub key: Option<String>,
}

/// What the keys of a scenario stand for while it runs: the ids the register gave the resources
/// steps created, and for every other key its UUID v5.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    scenario: String,
    created: std::collections::HashMap<String, String>,
}

/// Why a scenario file was refused before anything was written. Each names where in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("line {line}, column {column} ({path}): {reason}")]
    Shape {
        line: usize,
        column: usize,
        path: String,
        reason: String,
    },
    #[error("format: {found:?} is not a scenario file's format; write \"{SCENARIO_FORMAT}\"")]
    UnknownFormat { found: String },
    #[error("format_version: version {found} is not read here; this importer reads version {SCENARIO_FORMAT_VERSION}")]
    UnsupportedVersion { found: u32 },
    #[error("scenario: {found:?} is not a scenario name; use lowercase letters, digits and hyphens, such as \"001-upphandlingskontoret\"")]
    MalformedName { found: String },
    #[error("steps: a scenario has at least one step")]
    NoSteps,
    #[error("steps[{step}].post: {post:?} is not the path of a command endpoint; see the README's command tables")]
    UnknownCommand { step: usize, post: String },
    #[error("{path}: {found:?} is not a key; a key is @ followed by lowercase letters, digits and hyphens, such as \"@inkopsnamnden\"")]
    MalformedKey { path: String, found: String },
    #[error("{path}: @{key} is used before steps[{created_by}] creates it")]
    UsedBeforeCreated {
        path: String,
        key: String,
        created_by: usize,
    },
    #[error("steps[{step}].key: @{key} is already created by steps[{first}]")]
    KeyCreatedTwice {
        step: usize,
        key: String,
        first: usize,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    format: String,
    format_version: u32,
    scenario: String,
    title: String,
    /// Where the scenario's facts come from; for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    /// What the file invents, for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    illustrative: Vec<String>,
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    /// What the step records, for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    post: String,
    body: Value,
    /// Binds the id the register gives the created resource to this key.
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    illustrative: Vec<String>,
}

/// Reads and checks a scenario. `command_paths` are the path templates of the API's command
/// endpoints (`/cooperations/{id}/budgets`), which every step's path must match.
pub fn parse(bytes: &[u8], command_paths: &[String]) -> Result<Scenario, ScenarioError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let file: ScenarioFile =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            shape(error.into_inner(), path)
        })?;
    // Anything after the scenario's closing brace is a mistake too, such as a second scenario.
    deserializer
        .end()
        .map_err(|error| shape(error, "(after the scenario)".to_owned()))?;
    if file.format != SCENARIO_FORMAT {
        return Err(ScenarioError::UnknownFormat { found: file.format });
    }
    if file.format_version != SCENARIO_FORMAT_VERSION {
        return Err(ScenarioError::UnsupportedVersion {
            found: file.format_version,
        });
    }
    if !is_scenario_name(&file.scenario) {
        return Err(ScenarioError::MalformedName {
            found: file.scenario,
        });
    }
    if file.steps.is_empty() {
        return Err(ScenarioError::NoSteps);
    }
    // Which step creates each key, so that a use before it is refused now, not halfway.
    let mut created_by = std::collections::HashMap::new();
    for (index, step) in file.steps.iter().enumerate() {
        if let Some(key) = &step.key {
            if !is_scenario_name(key) {
                return Err(ScenarioError::MalformedKey {
                    path: format!("steps[{index}].key"),
                    found: key.clone(),
                });
            }
            if let Some(first) = created_by.insert(key.clone(), index) {
                return Err(ScenarioError::KeyCreatedTwice {
                    step: index,
                    key: key.clone(),
                    first,
                });
            }
        }
    }
    let mut steps = Vec::with_capacity(file.steps.len());
    for (index, step) in file.steps.into_iter().enumerate() {
        if !command_paths
            .iter()
            .any(|template| path_matches(template, &step.post))
        {
            return Err(ScenarioError::UnknownCommand {
                step: index,
                post: step.post,
            });
        }
        let check = |key: &str, path: String| match created_by.get(key) {
            Some(&creator) if creator >= index => Err(ScenarioError::UsedBeforeCreated {
                path,
                key: key.to_owned(),
                created_by: creator,
            }),
            _ => Ok(()),
        };
        for segment in step.post.split('/') {
            if let Some(key) = key_of(segment, &format!("steps[{index}].post"))? {
                check(key, format!("steps[{index}].post"))?;
            }
        }
        visit_keys(
            &step.body,
            &format!("steps[{index}].body"),
            &mut |key, path| check(key, path.to_owned()),
        )?;
        steps.push(Step {
            written_path: step.post,
            body: step.body,
            key: step.key,
        });
    }
    Ok(Scenario {
        name: file.scenario,
        title: file.title,
        sha256: hex::encode(Sha256::digest(bytes)),
        steps,
    })
}

fn shape(error: serde_json::Error, path: String) -> ScenarioError {
    ScenarioError::Shape {
        line: error.line(),
        column: error.column(),
        path,
        reason: error.to_string(),
    }
}

/// The UUID `@key` stands for in scenario `scenario`.
pub fn key_id(scenario: &str, key: &str) -> Uuid {
    Uuid::new_v5(&KEY_NAMESPACE, format!("{scenario}/{key}").as_bytes())
}

/// Whether a written path fits a route's template segment by segment; a `{…}` segment of the
/// template takes any one segment, such as `@inkopsnamnden` or a party code.
fn path_matches(template: &str, written: &str) -> bool {
    let template: Vec<&str> = template.split('/').collect();
    let written: Vec<&str> = written.split('/').collect();
    template.len() == written.len()
        && template.iter().zip(&written).all(|(template, written)| {
            (template.starts_with('{') && template.ends_with('}') && !written.is_empty())
                || template == written
        })
}

/// The key a string names, when it is `@key`; a string that starts with `@` but is no key is a
/// mistake, because it would otherwise be sent on as text.
fn key_of<'a>(text: &'a str, path: &str) -> Result<Option<&'a str>, ScenarioError> {
    let Some(key) = text.strip_prefix('@') else {
        return Ok(None);
    };
    if !is_scenario_name(key) {
        return Err(ScenarioError::MalformedKey {
            path: path.to_owned(),
            found: text.to_owned(),
        });
    }
    Ok(Some(key))
}

/// Calls `found` with every key a JSON value names and the path where it stands.
fn visit_keys(
    value: &Value,
    path: &str,
    found: &mut impl FnMut(&str, &str) -> Result<(), ScenarioError>,
) -> Result<(), ScenarioError> {
    match value {
        Value::String(text) => {
            if let Some(key) = key_of(text, path)? {
                found(key, path)?;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                visit_keys(item, &format!("{path}[{index}]"), found)?;
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                visit_keys(field, &format!("{path}.{name}"), found)?;
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(())
}

impl Bindings {
    pub fn new(scenario: &str) -> Bindings {
        Bindings {
            scenario: scenario.to_owned(),
            created: Default::default(),
        }
    }

    /// Binds `key` to the id the register gave what a step created.
    pub fn bind(&mut self, key: &str, id: String) {
        self.created.insert(key.to_owned(), id);
    }

    /// The ids the register gave what keyed steps created, by key.
    pub fn created(&self) -> std::collections::BTreeMap<String, String> {
        self.created
            .iter()
            .map(|(key, id)| (key.clone(), id.clone()))
            .collect()
    }

    fn id(&self, key: &str) -> String {
        match self.created.get(key) {
            Some(id) => id.clone(),
            None => key_id(&self.scenario, key).to_string(),
        }
    }

    /// The step's path under `/api/v1` and its body, with every key replaced by what it stands
    /// for. The keys were checked when the scenario was read.
    pub fn resolve(&self, step: &Step) -> (String, Value) {
        let path = step
            .written_path
            .split('/')
            .map(|segment| match segment.strip_prefix('@') {
                Some(key) => self.id(key),
                None => segment.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut body = step.body.clone();
        self.resolve_value(&mut body);
        (format!("/api/v1{path}"), body)
    }

    fn resolve_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Some(key) = text.strip_prefix('@') {
                    *text = self.id(key);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.resolve_value(item)),
            Value::Object(fields) => fields
                .values_mut()
                .for_each(|field| self.resolve_value(field)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths() -> Vec<String> {
        vec!["/parties".into(), "/cooperations/{id}/budgets".into()]
    }

    fn file(steps: Value) -> Vec<u8> {
        serde_json::to_vec_pretty(&json!({
            "format": "samverkan-scenario",
            "format_version": 1,
            "scenario": "001-upphandlingskontoret",
            "title": "Upphandlingskontoret",
            "illustrative": ["the population figures"],
            "steps": steps,
        }))
        .unwrap()
    }

    #[test]
    fn keys_stand_for_created_ids_or_for_their_own_uuids() {
        let bytes = file(json!([
            {"post": "/parties", "body": {"code": "2380", "name": "Östersunds kommun"}, "key": "kontoret"},
            {"note": "the 2021 budget", "post": "/cooperations/@kontoret/budgets",
             "body": {"decision_id": "@beslut", "lines": [{"party": "2380"}]}},
        ]));
        let scenario = parse(&bytes, &paths()).unwrap();
        assert_eq!(scenario.name, "001-upphandlingskontoret");
        assert_eq!(scenario.sha256, hex::encode(Sha256::digest(&bytes)));
        assert_eq!(scenario.steps[0].key.as_deref(), Some("kontoret"));
        let mut bindings = Bindings::new(&scenario.name);
        bindings.bind("kontoret", "7d0c8e51-5b1f-4c3e-9a52-0f1e2d3c4b5a".into());
        let decision = key_id("001-upphandlingskontoret", "beslut");
        assert_eq!(
            bindings.resolve(&scenario.steps[1]),
            (
                "/api/v1/cooperations/7d0c8e51-5b1f-4c3e-9a52-0f1e2d3c4b5a/budgets".to_owned(),
                json!({"decision_id": decision.to_string(), "lines": [{"party": "2380"}]}),
            )
        );
        assert_ne!(decision, key_id("002-mora", "beslut"));
    }

    #[test]
    fn a_key_used_before_its_step_creates_it_is_refused() {
        let bytes = file(json!([
            {"post": "/cooperations/@kontoret/budgets", "body": {}},
            {"post": "/parties", "body": {}, "key": "kontoret"},
        ]));
        assert_eq!(
            parse(&bytes, &paths()),
            Err(ScenarioError::UsedBeforeCreated {
                path: "steps[0].post".into(),
                key: "kontoret".into(),
                created_by: 1
            })
        );
        let twice = file(json!([
            {"post": "/parties", "body": {}, "key": "kontoret"},
            {"post": "/parties", "body": {}, "key": "kontoret"},
        ]));
        assert_eq!(
            parse(&twice, &paths()),
            Err(ScenarioError::KeyCreatedTwice {
                step: 1,
                key: "kontoret".into(),
                first: 0
            })
        );
    }

    #[test]
    fn a_mistake_in_the_shape_names_its_line_and_path() {
        let bytes = br#"{"format": "samverkan-scenario", "format_version": 1,
  "scenario": "x", "title": "t",
  "steps": [{"post": "/parties", "bdy": {}}]}"#;
        let ScenarioError::Shape {
            line, path, reason, ..
        } = parse(bytes, &paths()).unwrap_err()
        else {
            panic!("a misspelt field is a mistake in the shape");
        };
        assert_eq!((line, path.as_str()), (3, "steps[0].bdy"));
        assert!(reason.starts_with("unknown field `bdy`"), "{reason}");
    }

    #[test]
    fn unknown_commands_names_and_keys_are_refused_with_where() {
        assert_eq!(
            parse(
                &file(json!([{"post": "/cooperations/@k", "body": {}}])),
                &paths()
            ),
            Err(ScenarioError::UnknownCommand {
                step: 0,
                post: "/cooperations/@k".into()
            })
        );
        assert_eq!(
            parse(
                &file(json!([{"post": "/parties", "body": {"parties": ["@Mora"]}}])),
                &paths()
            ),
            Err(ScenarioError::MalformedKey {
                path: "steps[0].body.parties[0]".into(),
                found: "@Mora".into()
            })
        );
        assert_eq!(
            parse(&file(json!([])), &paths()),
            Err(ScenarioError::NoSteps)
        );
        let mut renamed: Value = serde_json::from_slice(&file(json!([]))).unwrap();
        renamed["scenario"] = json!("Upphandlingskontoret");
        assert_eq!(
            parse(&serde_json::to_vec(&renamed).unwrap(), &paths()),
            Err(ScenarioError::MalformedName {
                found: "Upphandlingskontoret".into()
            })
        );
    }
}

//! One way to set a register up for a test: the steps of a `data/scenarios` file, run through
//! the real router against the test's own database, as the importer rehearses them. A suite
//! names the scenario and the last key it needs, so the cooperations, bodies and people it works
//! on are those of the seed files, written once, instead of being established again by hand.

use std::collections::BTreeMap;
use std::path::Path;

use samverkan::import::scenario::key_id;
use samverkan::import::{read_scenario, rehearse};
use uuid::Uuid;

use crate::support::api_client::Api;
use crate::support::seeds::scenario_path;

/// What a scenario's steps created in a test's register, by the keys the file gives them.
pub struct ScenarioSetup {
    scenario: String,
    created: BTreeMap<String, String>,
}

impl ScenarioSetup {
    /// Runs the steps of `data/scenarios/<scenario>.json` against `api`'s database, up to and
    /// including the step that creates `through`, and nothing after it. A step creates a key
    /// either by its `key` or, for what the client names itself (a membership, an outside
    /// decision), by the first step whose body gives `@through` as one of its ids; references
    /// to a key only ever come after the step that creates it, so the first is the creator.
    pub async fn through(api: &Api, scenario: &str, through: &str) -> ScenarioSetup {
        let mut file =
            read_scenario(Path::new(&scenario_path(&format!("{scenario}.json")))).unwrap();
        let reference = format!("@{through}");
        let last = file
            .steps
            .iter()
            .position(|step| {
                step.key.as_deref() == Some(through)
                    || step.body.as_object().is_some_and(|fields| {
                        fields.iter().any(|(field, value)| {
                            field.ends_with("_id") && value.as_str() == Some(reference.as_str())
                        })
                    })
            })
            .unwrap_or_else(|| panic!("{scenario} has no step creating {through}"));
        file.steps.truncate(last + 1);
        let created = rehearse(&api.db.pool, &file).await.unwrap();
        ScenarioSetup {
            scenario: file.name,
            created,
        }
    }

    /// The id of what the step keyed `key` created, or, for a key the file only names (a
    /// person, an outside decision), the id it stands for in every import.
    pub fn id(&self, key: &str) -> Uuid {
        match self.created.get(key) {
            Some(id) => id.parse().unwrap(),
            None => key_id(&self.scenario, key),
        }
    }
}

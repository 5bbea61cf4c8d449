//! `samverkan serve --demo`: the seed scenarios in `data/scenarios/`, built into the binary so
//! that the demo works from anywhere, loaded into an empty store.

use domain::scenario::ScenarioImport;
use eventlog::LogIndex;
use sqlx::PgPool;

use super::scenario::parse;
use super::{command_paths, import, ImportError, ImportOutcome};
use register::database::BootstrapOptions;
use register::Actor;

/// The demo's scenarios, by file name, in the order they are imported.
pub const DEMO_SCENARIOS: &[(&str, &[u8])] = &[
    (
        "000-upphandlingscenter.json",
        include_bytes!("../../../data/scenarios/000-upphandlingscenter.json"),
    ),
    (
        "001-upphandlingskontoret.json",
        include_bytes!("../../../data/scenarios/001-upphandlingskontoret.json"),
    ),
    (
        "002-mora-orsa-alvdalen.json",
        include_bytes!("../../../data/scenarios/002-mora-orsa-alvdalen.json"),
    ),
    (
        "003-sodertorn.json",
        include_bytes!("../../../data/scenarios/003-sodertorn.json"),
    ),
    (
        "004-inkopsnamnden.json",
        include_bytes!("../../../data/scenarios/004-inkopsnamnden.json"),
    ),
];

/// Loads every demo scenario into the store at `pool`, which must be empty or hold nothing but
/// the demo: the demo's invented details must never mix with a real register. A store that
/// already holds the demo is left as it is, so that `serve --demo` can be run again.
pub async fn load_demo(
    bootstrap: &BootstrapOptions,
    pool: &PgPool,
) -> Result<Vec<(String, ImportOutcome)>, ImportError> {
    let paths = command_paths();
    let scenarios = DEMO_SCENARIOS
        .iter()
        .map(|(_, bytes)| parse(bytes, &paths))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<String> = scenarios
        .iter()
        .map(|scenario| scenario.name.clone())
        .collect();
    let census = LogIndex::new(pool.clone())
        .census(<ScenarioImport as cqrs_es::Aggregate>::TYPE, &names)
        .await?;
    let (events, demo_imports) = (census.events, census.in_named_streams);
    // A store that holds events but no demo import is a register of its own.
    if events > 0 && demo_imports == 0 {
        return Err(ImportError::DemoNeedsAnEmptyStore { events });
    }
    let mut outcomes = Vec::with_capacity(scenarios.len());
    for scenario in &scenarios {
        let outcome = import(bootstrap, pool, scenario, Actor::operator("demo")).await?;
        outcomes.push((scenario.name.clone(), outcome));
    }
    Ok(outcomes)
}

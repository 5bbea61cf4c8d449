//! The transition plan's forms sent to the whole server in process, as a browser sends them, on
//! seed 004's plan: a step done before the step it depends on is refused with the rule in Swedish
//! and the register's own message beside the field, a missing day is named, a form submitted
//! twice writes once, a form shown before the plan changed is refused as stale, and only an
//! administrator may use them. Nothing refused writes anything.

use axum::http::StatusCode;
use domain::transition::{SetStepStatus, StepKey, StepStatus, Transition, TransitionCommand};
use domain::LegalBasis;
use register::access::Role;
use uuid::Uuid;
use web::WebSettings;

use super::secretary_forms::{error_beside, get, post, session, Served};
use crate::support::fixtures::{date, register};
use crate::support::log::event_count;
use crate::support::seeds::ImportedSeed;

struct Plan {
    seed: ImportedSeed,
    served: Served,
    administrator: String,
    transition: String,
    /// The report's approval, an outside decision of the file a basis may cite.
    report: String,
}

async fn plan() -> Plan {
    let seed = ImportedSeed::import("004-inkopsnamnden").await;
    let served = Served::new(&seed.api, WebSettings::default()).await;
    let administrator = session(&seed.api, &served.router, Role::Administrator, &[]).await;
    Plan {
        transition: seed.id("avtalssamverkan-fran-2027"),
        report: seed.id("rs-vastmanland-rapport"),
        seed,
        served,
        administrator,
    }
}

impl Plan {
    fn path(&self, suffix: &str) -> String {
        format!("/omstallning/{}{suffix}", self.transition)
    }
}

#[tokio::test]
async fn a_step_done_before_its_dependency_is_refused_beside_its_field_and_writes_nothing() {
    let plan = plan().await;
    let router = &plan.served.router;
    let path = plan.path("/steg/contract-mapping");
    let form = get(router, &plan.administrator, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    let before = event_count(&plan.seed.api).await;

    let refused = post(
        router,
        &plan.administrator,
        &path,
        &form.body,
        &[
            ("status", "done"),
            ("fran", "2026-12-01"),
            ("grund", &plan.report),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = error_beside(&refused.body, "status").unwrap();
    assert!(beside.starts_with(
        "Steget contract-mapping kan inte vara klart 2026-12-01: council-decisions är inte klara \
         eller bedömda som ej tillämpliga den dagen."
    ));
    assert!(beside.contains(
        "Registrets besked: <span lang=\"en\">step contract-mapping cannot be done on 2026-12-01"
    ));
    assert_eq!(event_count(&plan.seed.api).await, before);

    let missing_day = post(
        router,
        &plan.administrator,
        &path,
        &form.body,
        &[
            ("status", "done"),
            ("fran", ""),
            ("grund", &plan.report),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(missing_day.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_beside(&missing_day.body, "fran").unwrap(),
        "Fyll i dagen steget har detta läge från som ÅÅÅÅ-MM-DD."
    );
    assert_eq!(event_count(&plan.seed.api).await, before);
}

#[tokio::test]
async fn a_party_decision_sent_twice_writes_once_and_a_stale_one_writes_nothing() {
    let plan = plan().await;
    let router = &plan.served.router;
    let fields = [
        ("beslutad", "2026-11-25"),
        ("grund", plan.report.as_str()),
        ("atgard", "spara"),
    ];

    // Sent twice, as a double click sends it: the second finds the first in the log.
    let path = plan.path("/parter/19");
    let form = get(router, &plan.administrator, &path).await;
    let before = event_count(&plan.seed.api).await;
    let first = post(router, &plan.administrator, &path, &form.body, &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(
        first.location.as_deref(),
        Some(plan.path("#parter").as_str())
    );
    let second = post(router, &plan.administrator, &path, &form.body, &fields).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(event_count(&plan.seed.api).await, before + 1);

    // Shown, then the plan changes elsewhere: the form is refused and shows the plan as it is.
    let path = plan.path("/parter/04");
    let form = get(router, &plan.administrator, &path).await;
    register(&plan.seed.api.db.pool)
        .execute::<Transition>(
            &plan.transition,
            TransitionCommand::SetStepStatus(SetStepStatus {
                step: StepKey::parse("council-decisions").unwrap(),
                status: StepStatus::InProgress,
                on: date("2026-11-20"),
                basis: LegalBasis::Decision {
                    decision_id: plan.report.parse::<Uuid>().unwrap(),
                },
            }),
        )
        .await
        .unwrap();
    let changed = event_count(&plan.seed.api).await;
    let stale = post(router, &plan.administrator, &path, &form.body, &fields).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale
        .body
        .contains("<h2>Någon annan har ändrat planen</h2>"));
    assert_eq!(event_count(&plan.seed.api).await, changed);
}

#[tokio::test]
async fn only_an_administrator_uses_the_plan_s_forms() {
    let plan = plan().await;
    let router = &plan.served.router;
    let committee: Uuid = plan.seed.id("inkopsnamnden").parse().unwrap();
    let secretary = session(&plan.seed.api, router, Role::Secretary, &[committee]).await;
    let auditor = session(&plan.seed.api, router, Role::Auditor, &[]).await;
    for cookie in [&secretary, &auditor] {
        for suffix in ["/steg/council-decisions", "/parter/04", "/samverkansavtal"] {
            let answer = get(router, cookie, &plan.path(suffix)).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{suffix}");
        }
        // The workbench itself may be read by anyone signed in, without the forms' links.
        let workbench = get(router, cookie, &plan.path("")).await;
        assert_eq!(workbench.status, StatusCode::OK);
        assert!(!workbench.body.contains("/steg/council-decisions\""));
    }
}

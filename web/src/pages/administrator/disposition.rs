//! Deciding what becomes of a contract of the cooperation being replaced: it continues jointly
//! under the successor, moves to one party, runs out, or runs out and is procured again by one
//! party. A later decision replaces an earlier one from its own day.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::transition::ContractDisposition;
use domain::PartyCode;
use projections::contracts::{contracts_of_cooperation, ContractEntry};
use projections::ReadAt;
use register::requests::DecideContractDispositionRequest;
use uuid::Uuid;

use super::plan::{basis_or, picked_basis, record_plan_form, PlanDesk, PlanForm, PlanFormAnswer};
use crate::forms::{FieldErrors, Guard, Refusal, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The dispositions the form offers, by the value it sends.
const DISPOSITIONS: [(&str, &str); 4] = [
    (
        "continues_jointly",
        "Fortsätter gemensamt hos efterträdaren",
    ),
    ("moves_to_party", "Övergår till en part, som ensam avropar"),
    ("ends_at_expiry", "Löper ut och ersätts inte gemensamt"),
    (
        "procured_again_by",
        "Löper ut och upphandlas på nytt av en part",
    ),
];

#[derive(Debug)]
struct DispositionChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "administrator/disposition.html")]
struct DispositionPage {
    chrome: DeskChrome,
    form: PlanForm,
    title: String,
    supplier: String,
    kind: &'static str,
    runs: String,
    current: Option<String>,
    dispositions: Vec<DispositionChoice>,
    parties: Vec<Choice>,
}

/// The contract as the cooperation holds it on the effective date.
async fn contract_of(
    state: &WebState,
    desk: &PlanDesk,
    contract_id: Uuid,
) -> Result<ContractEntry, WebError> {
    contracts_of_cooperation(
        &state.pool,
        desk.view.cooperation_id,
        ReadAt::on(desk.view.effective_on),
    )
    .await?
    .contracts
    .into_iter()
    .find(|contract| contract.contract_id == contract_id)
    .ok_or_else(|| {
        WebError::NotFound(format!(
            "Samverkan som planen ersätter har inget avtal {contract_id}."
        ))
    })
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, contract_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let contract = contract_of(&state, &desk, contract_id).await?;
    let mut typed = Submitted::default();
    typed.push("beslutad", &desk.today.to_string());
    let page = page(
        &signed_in,
        &desk,
        &contract,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, contract_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let contract = contract_of(&state, &desk, contract_id).await?;
    let hits = desk.basis_hits(&state, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            &contract,
            form,
            hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let disposition = disposition_of(&mut errors, &form);
    let decided_on = errors.date(&form, "beslutad", "dagen beslutet fattades");
    let basis = picked_basis(&mut errors, &form);
    let (Some(disposition), Some(decided_on), Some(basis), true) =
        (disposition, decided_on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, &contract, form, hits, errors, false);
        return render_status(&page, 400);
    };
    let request = DecideContractDispositionRequest {
        contract_id,
        disposition,
        decided_on,
        basis,
    };
    record_plan_form(
        &state,
        &signed_in,
        guard,
        transition_id,
        |register, version| async move { register.submit(transition_id, request, version).await },
        PlanFormAnswer {
            anchor: "hinder-avtal",
            field_of: |refusal: &Refusal| {
                if refusal.field.starts_with("disposition.party") {
                    "part".to_owned()
                } else {
                    basis_or(refusal, "beslut")
                }
            },
            show: |desk: &PlanDesk, errors, stale| {
                Ok(page(&signed_in, desk, &contract, form, hits, errors, stale))
            },
        },
    )
    .await
}

/// The disposition the form picked, with the party it names where it needs one.
fn disposition_of(errors: &mut FieldErrors, form: &Submitted) -> Option<ContractDisposition> {
    let party = |errors: &mut FieldErrors| match PartyCode::parse(form.text("part").trim()) {
        Ok(party) => Some(party),
        Err(_) => {
            errors.add("part", "Välj parten som tar över avtalet.");
            None
        }
    };
    match form.text("beslut") {
        "continues_jointly" => Some(ContractDisposition::ContinuesJointly),
        "moves_to_party" => party(errors).map(|party| ContractDisposition::MovesToParty { party }),
        "ends_at_expiry" => Some(ContractDisposition::EndsAtExpiry),
        "procured_again_by" => {
            party(errors).map(|party| ContractDisposition::ProcuredAgainBy { party })
        }
        _ => {
            errors.add("beslut", "Välj vad som händer med avtalet.");
            None
        }
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &PlanDesk,
    contract: &ContractEntry,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> DispositionPage {
    let current = desk
        .view
        .contract_dispositions
        .iter()
        .find(|view| view.contract_id == contract.contract_id)
        .map(|view| {
            format!(
                "{} (beslutat {})",
                words::contract_disposition(&view.disposition, |code| desk.names.party(code)),
                view.decided_on
            )
        });
    let runs = if contract.latest_possible_end > contract.ends_on {
        format!(
            "{} – {}, med förlängning längst till {}",
            contract.starts_on, contract.ends_on, contract.latest_possible_end
        )
    } else {
        format!("{} – {}", contract.starts_on, contract.ends_on)
    };
    DispositionPage {
        title: contract.title.clone(),
        supplier: contract.supplier.clone(),
        kind: words::contract_kind(contract.kind),
        runs,
        current,
        dispositions: DISPOSITIONS
            .iter()
            .map(|(value, label)| DispositionChoice { value, label })
            .collect(),
        parties: desk.parties(typed.text("part")),
        chrome: DeskChrome::new(signed_in),
        form: desk.form(signed_in, typed, basis_hits, errors, stale),
    }
}

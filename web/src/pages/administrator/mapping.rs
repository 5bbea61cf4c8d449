//! Deciding what becomes of an obligation of the cooperation being replaced: carried on by the
//! successor, taken over by one party, or ended on the effective date. The obligation that
//! carries it on gets its id when the form is first shown, so that the form, sent twice, names
//! the same one.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::transition::ObligationMapping;
use domain::PartyCode;
use projections::obligations::{obligations_open_from, OwedObligation};
use projections::ReadModel;
use register::requests::MapObligationRequest;
use uuid::Uuid;

use super::plan::{basis_or, picked_basis, record_plan_form, PlanDesk, PlanForm, PlanFormAnswer};
use crate::forms::{FieldErrors, Guard, Refusal, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

const MAPPINGS: [(&str, &str); 3] = [
    ("carried_to_successor", "Förs över till efterträdaren"),
    ("moves_to_party", "Övergår till en part"),
    ("ends", "Upphör på ikraftträdandedagen"),
];

#[derive(Debug)]
struct MappingChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "administrator/mapping.html")]
struct MappingPage {
    chrome: DeskChrome,
    form: PlanForm,
    description: String,
    debtor: String,
    current: Option<String>,
    successor_obligation: String,
    mappings: Vec<MappingChoice>,
    parties: Vec<Choice>,
}

/// The obligation, open on the effective date, of the cooperation the plan replaces.
async fn obligation_of(
    state: &WebState,
    desk: &PlanDesk,
    obligation_id: Uuid,
) -> Result<OwedObligation, WebError> {
    // The latest the obligations read model knows: a form decides on the register as it stands.
    let known_at = projections::checkpoint(&state.pool, ReadModel::Obligations).await?;
    obligations_open_from(
        &state.pool,
        desk.view.cooperation_id,
        desk.view.effective_on,
        known_at,
    )
    .await?
    .obligations
    .into_iter()
    .find(|obligation| obligation.obligation_id == obligation_id)
    .ok_or_else(|| {
        WebError::NotFound(format!(
            "Samverkan som planen ersätter har inget åtagande {obligation_id} som löper på \
             ikraftträdandedagen."
        ))
    })
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, obligation_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let obligation = obligation_of(&state, &desk, obligation_id).await?;
    let mut typed = Submitted::default();
    typed.push("beslutad", &desk.today.to_string());
    typed.push("efterfoljande", &Uuid::new_v4().to_string());
    let page = page(
        &signed_in,
        &desk,
        &obligation,
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
    Path((transition_id, obligation_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let obligation = obligation_of(&state, &desk, obligation_id).await?;
    let hits = desk.basis_hits(&state, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            &obligation,
            form,
            hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let mapping = mapping_of(&mut errors, &form)?;
    let decided_on = errors.date(&form, "beslutad", "dagen beslutet fattades");
    let basis = picked_basis(&mut errors, &form);
    let (Some(mapping), Some(decided_on), Some(basis), true) =
        (mapping, decided_on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, &obligation, form, hits, errors, false);
        return render_status(&page, 400);
    };
    let request = MapObligationRequest {
        obligation_id,
        mapping,
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
            anchor: "ataganden",
            field_of: |refusal: &Refusal| {
                if refusal.field.starts_with("mapping.party") {
                    "part".to_owned()
                } else {
                    basis_or(refusal, "beslut")
                }
            },
            show: |desk: &PlanDesk, errors, stale| {
                Ok(page(
                    &signed_in,
                    desk,
                    &obligation,
                    form,
                    hits,
                    errors,
                    stale,
                ))
            },
        },
    )
    .await
}

/// The mapping the form picked. The id of the obligation that carries it on was drawn when the
/// form was shown; a form without one was not shown by this app.
fn mapping_of(
    errors: &mut FieldErrors,
    form: &Submitted,
) -> Result<Option<ObligationMapping>, WebError> {
    let successor_obligation_id = || {
        form.text("efterfoljande").parse::<Uuid>().map_err(|_| {
            WebError::UnreadableForm(
                "the successor obligation's id (efterfoljande) is not a UUID".to_owned(),
            )
        })
    };
    Ok(match form.text("beslut") {
        "carried_to_successor" => Some(ObligationMapping::CarriedToSuccessor {
            successor_obligation_id: successor_obligation_id()?,
        }),
        "moves_to_party" => match PartyCode::parse(form.text("part").trim()) {
            Ok(party) => Some(ObligationMapping::MovesToParty {
                party,
                successor_obligation_id: successor_obligation_id()?,
            }),
            Err(_) => {
                errors.add("part", "Välj parten som tar över åtagandet.");
                None
            }
        },
        "ends" => Some(ObligationMapping::Ends),
        _ => {
            errors.add("beslut", "Välj vad som händer med åtagandet.");
            None
        }
    })
}

fn page(
    signed_in: &SignedIn,
    desk: &PlanDesk,
    obligation: &OwedObligation,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> MappingPage {
    let current = desk
        .view
        .obligation_mappings
        .iter()
        .find(|view| view.obligation_id == obligation.obligation_id)
        .map(|view| {
            format!(
                "{} (beslutat {})",
                words::obligation_mapping(&view.mapping, |code| desk.names.party(code)),
                view.decided_on
            )
        });
    MappingPage {
        description: obligation.description.clone(),
        debtor: desk.names.party(&obligation.debtor),
        current,
        successor_obligation: typed.text("efterfoljande").to_owned(),
        mappings: MAPPINGS
            .iter()
            .map(|(value, label)| MappingChoice { value, label })
            .collect(),
        parties: desk.parties(typed.text("part")),
        chrome: DeskChrome::new(signed_in),
        form: desk.form(signed_in, typed, basis_hits, errors, stale),
    }
}

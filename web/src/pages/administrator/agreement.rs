//! The successor's cooperation agreement (samverkansavtal), drafted into the plan: its title
//! and clauses, adopted as a governing document when the transition is carried out. The plan
//! keeps the rest of the successor as planned; only its agreement changes.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::governing_document::Clause;
use domain::transition::{
    AgreementDraft, ReviseSuccessor, SuccessorCooperation, TransitionCommand,
};
use uuid::Uuid;

use super::plan::{
    basis_or, execute_on_plan, picked_basis, record_plan_form, PlanDesk, PlanForm, PlanFormAnswer,
};
use crate::forms::{FieldErrors, Guard, Refusal, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// How many clause rows a new form shows, and how many "Fler rader" adds.
const CLAUSE_ROWS: usize = 3;

#[derive(Debug)]
struct ClauseRow {
    index: usize,
    number: String,
    text: String,
}

#[derive(Template)]
#[template(path = "administrator/agreement.html")]
struct AgreementPage {
    chrome: DeskChrome,
    form: PlanForm,
    successor_name: String,
    document_id: String,
    clauses: Vec<ClauseRow>,
}

/// The successor cooperation the plan names, or the page that says none follows.
fn successor_of(desk: &PlanDesk) -> Result<&SuccessorCooperation, WebError> {
    desk.view.successor.cooperation.as_ref().ok_or_else(|| {
        WebError::NotFound(
            "Ingen samverkan följer efter denna, så det finns inget samverkansavtal att ta fram."
                .to_owned(),
        )
    })
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(transition_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let successor = successor_of(&desk)?;
    let mut typed = Submitted::default();
    match &successor.agreement {
        Some(agreement) => {
            typed.push("dokument", &agreement.document_id.to_string());
            typed.push("rubrik", &agreement.title);
            for clause in &agreement.clauses {
                typed.push("klausul_nummer", &clause.number);
                typed.push("klausul_text", &clause.text);
            }
        }
        None => typed.push("dokument", &Uuid::new_v4().to_string()),
    }
    let page = page(
        &signed_in,
        &desk,
        successor,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
        0,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(transition_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let successor = successor_of(&desk)?;
    let hits = desk.basis_hits(&state, &form).await?;
    match form.text("atgard") {
        "sok" => {
            let page = page(
                &signed_in,
                &desk,
                successor,
                form,
                hits,
                FieldErrors::default(),
                false,
                0,
            );
            return render_status(&page, 200);
        }
        "fler" => {
            let page = page(
                &signed_in,
                &desk,
                successor,
                form,
                hits,
                FieldErrors::default(),
                false,
                CLAUSE_ROWS,
            );
            return render_status(&page, 200);
        }
        _ => {}
    }
    let mut errors = FieldErrors::default();
    let document_id = form.text("dokument").parse::<Uuid>().map_err(|_| {
        WebError::UnreadableForm("the agreement's document id (dokument) is not a UUID".to_owned())
    })?;
    let title = errors
        .required(&form, "rubrik", "avtalets rubrik")
        .to_owned();
    let clauses = clauses_of(&mut errors, &form);
    let basis = picked_basis(&mut errors, &form);
    let (Some(basis), true) = (basis, errors.is_empty()) else {
        let page = page(&signed_in, &desk, successor, form, hits, errors, false, 0);
        return render_status(&page, 400);
    };
    let mut revised = desk.view.successor.clone();
    if let Some(cooperation) = &mut revised.cooperation {
        cooperation.agreement = Some(AgreementDraft {
            document_id,
            title,
            clauses,
        });
    }
    let command = TransitionCommand::ReviseSuccessor(ReviseSuccessor {
        successor: revised,
        basis,
    });
    record_plan_form(
        &state,
        &signed_in,
        guard,
        transition_id,
        |register, version| execute_on_plan(register, transition_id, command, version),
        PlanFormAnswer {
            anchor: "beredskap",
            field_of: |refusal: &Refusal| {
                if refusal.field.contains("agreement.title") {
                    "rubrik".to_owned()
                } else {
                    basis_or(refusal, "klausuler")
                }
            },
            show: |desk: &PlanDesk, errors, stale| {
                Ok(page(
                    &signed_in,
                    desk,
                    successor_of(desk)?,
                    form,
                    hits,
                    errors,
                    stale,
                    0,
                ))
            },
        },
    )
    .await
}

/// The clauses typed, in order; a row left empty is skipped, and a row with only one of its
/// two fields is an error beside the clauses.
fn clauses_of(errors: &mut FieldErrors, form: &Submitted) -> Vec<Clause> {
    let numbers = form.all("klausul_nummer");
    let texts = form.all("klausul_text");
    let mut clauses = Vec::new();
    for (index, (number, text)) in numbers.iter().zip(&texts).enumerate() {
        let (number, text) = (number.trim(), text.trim());
        match (number.is_empty(), text.is_empty()) {
            (true, true) => {}
            (false, false) => clauses.push(Clause {
                number: number.to_owned(),
                text: text.to_owned(),
            }),
            _ => errors.add(
                "klausuler",
                format!(
                    "Rad {} har bara {}: fyll i både rubrik och text, eller töm raden.",
                    index + 1,
                    if number.is_empty() { "text" } else { "rubrik" }
                ),
            ),
        }
    }
    if clauses.is_empty() && errors.get("klausuler").is_none() {
        errors.add("klausuler", "Fyll i minst en klausul av avtalet.");
    }
    clauses
}

#[allow(clippy::too_many_arguments)]
fn page(
    signed_in: &SignedIn,
    desk: &PlanDesk,
    successor: &SuccessorCooperation,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
    more_rows: usize,
) -> AgreementPage {
    let numbers = typed.all("klausul_nummer");
    let texts = typed.all("klausul_text");
    let typed_rows = numbers.len().max(texts.len());
    let rows = (typed_rows + more_rows).max(CLAUSE_ROWS);
    let clauses = (0..rows)
        .map(|index| ClauseRow {
            index: index + 1,
            number: numbers
                .get(index)
                .map_or_else(String::new, |text| (*text).to_owned()),
            text: texts
                .get(index)
                .map_or_else(String::new, |text| (*text).to_owned()),
        })
        .collect();
    AgreementPage {
        successor_name: successor.name.clone(),
        document_id: typed.text("dokument").to_owned(),
        clauses,
        chrome: DeskChrome::new(signed_in),
        form: desk.form(signed_in, typed, basis_hits, errors, stale),
    }
}

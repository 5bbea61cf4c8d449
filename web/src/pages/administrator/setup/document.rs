//! Adopting a governing document of a cooperation, such as its samverkansavtal or reglemente:
//! its kind, title, the day version 1 takes effect and its clauses, as rows with "Fler
//! klausuler" for more, on the decision found by search, as `POST /api/v1/documents` does with
//! the register's own `AdoptDocumentRequest`. A row left wholly empty is no clause.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::governing_document::{Clause, DocumentKind};
use projections::ReadModel;
use register::requests::AdoptDocumentRequest;
use uuid::Uuid;

use super::{hits, new_id, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The form's address for cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/dokument/ny")
}

/// The rows a new form shows, and the most it grows to.
const FIRST_ROWS: usize = 3;
const MOST_ROWS: usize = 100;

/// The kinds of document, as the form offers them.
const KINDS: [(DocumentKind, &str); 7] = [
    (DocumentKind::CooperationAgreement, "cooperation_agreement"),
    (DocumentKind::RulesOfProcedure, "rules_of_procedure"),
    (DocumentKind::OwnerDirective, "owner_directive"),
    (DocumentKind::DelegationScheme, "delegation_scheme"),
    (DocumentKind::CommitteePlan, "committee_plan"),
    (DocumentKind::ProcurementPolicy, "procurement_policy"),
    (
        DocumentKind::ApplicationGuidelines,
        "application_guidelines",
    ),
];

/// One clause row of the form, with the names of its fields.
#[derive(Debug)]
struct Row {
    row: usize,
    number_field: String,
    text_field: String,
    number: String,
    text: String,
}

#[derive(Template)]
#[template(path = "administrator/setup/document.html")]
struct DocumentFormPage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    kinds: Vec<Choice>,
    rows: Vec<Row>,
    row_count: usize,
}

fn row_count(form: &Submitted) -> usize {
    form.text("rader")
        .parse::<usize>()
        .map_or(FIRST_ROWS, |rows| rows.clamp(1, MOST_ROWS))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    let page = page(
        &signed_in,
        &desk,
        typed,
        FIRST_ROWS,
        Vec::new(),
        FieldErrors::default(),
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let document_id = new_id(&form)?;
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    let rows = row_count(&form);
    let shown_again = match form.text("atgard") {
        "sok" => Some(rows),
        "fler" => Some((rows + 3).min(MOST_ROWS)),
        _ => None,
    };
    if let Some(rows) = shown_again {
        let page = page(
            &signed_in,
            &desk,
            form,
            rows,
            basis_hits,
            FieldErrors::default(),
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let kind = KINDS
        .iter()
        .find(|(_, value)| *value == form.text("slag"))
        .map(|(kind, _)| *kind);
    if kind.is_none() {
        errors.add("slag", "Välj vad för slags styrdokument det är.");
    }
    let title = errors
        .required(&form, "rubrik", "dokumentets rubrik")
        .to_owned();
    let effective_on = errors.date(&form, "fran", "dagen dokumentet börjar gälla");
    // Each clause with the row it came from, so that a refusal is shown beside its row.
    let mut clauses = Vec::new();
    let mut clause_rows = Vec::new();
    for row in 1..=rows {
        let number = form.text(&format!("klausul-{row}-nummer")).trim();
        let text = form.text(&format!("klausul-{row}-text")).trim();
        if number.is_empty() && text.is_empty() {
            continue;
        }
        if number.is_empty() {
            errors.add(
                format!("klausul-{row}-nummer"),
                "Fyll i klausulens nummer, till exempel 1 eller 4.2.",
            );
        }
        if text.is_empty() {
            errors.add(format!("klausul-{row}-text"), "Fyll i klausulens text.");
        }
        clauses.push(Clause {
            number: number.to_owned(),
            text: text.to_owned(),
        });
        clause_rows.push(row);
    }
    if clauses.is_empty() {
        errors.add("klausuler", "Fyll i minst en klausul: nummer och text.");
    }
    let basis = picked_basis(&mut errors, &form);
    let (Some(kind), Some(effective_on), Some(basis), true) =
        (kind, effective_on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, form, rows, basis_hits, errors);
        return render_status(&page, 400);
    };
    let request = AdoptDocumentRequest {
        cooperation_id,
        kind,
        title,
        effective_on,
        clauses,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(document_id, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("/dokument/{document_id}");
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Documents, ReadModel::Cooperations],
        &next,
        |refusal| field_of(&refusal.field, &clause_rows),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            let page = page(&signed_in, &desk, form, rows, basis_hits, errors);
            render_status(&page, status)
        }
    }
}

/// The form's field for a field of the request: a clause's field beside its row.
fn field_of(field: &str, clause_rows: &[usize]) -> String {
    if field.starts_with("basis") {
        return "grund".to_owned();
    }
    match field {
        "title" => return "rubrik".to_owned(),
        "effective_on" => return "fran".to_owned(),
        _ => {}
    }
    let clause = field
        .strip_prefix("clauses[")
        .and_then(|rest| rest.split_once("]."))
        .and_then(|(index, part)| Some((clause_rows.get(index.parse::<usize>().ok()?)?, part)));
    match clause {
        Some((row, "number")) => format!("klausul-{row}-nummer"),
        Some((row, _)) => format!("klausul-{row}-text"),
        None => "klausuler".to_owned(),
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    typed: Submitted,
    rows: usize,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
) -> DocumentFormPage {
    let rows: Vec<Row> = (1..=rows)
        .map(|row| Row {
            row,
            number: typed.text(&format!("klausul-{row}-nummer")).to_owned(),
            text: typed.text(&format!("klausul-{row}-text")).to_owned(),
            number_field: format!("klausul-{row}-nummer"),
            text_field: format!("klausul-{row}-text"),
        })
        .collect();
    let kinds = KINDS
        .iter()
        .map(|(kind, value)| Choice {
            selected: typed.has("slag", value),
            label: words::document_kind(*kind).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    DocumentFormPage {
        chrome: DeskChrome::new(signed_in),
        row_count: rows.len(),
        // A new document is a new stream: the form writes once by its key.
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        kinds,
        rows,
    }
}

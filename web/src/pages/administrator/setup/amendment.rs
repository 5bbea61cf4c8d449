//! Amending a governing document: the next version, in force from a day, made from the latest
//! one by replacing, inserting or removing clauses, as rows with "Fler ändringar" for more, on
//! the decision found by search, as `POST /api/v1/documents/{id}/amendments` does. The form is
//! guarded by the document's version, and goes on to the document's side-by-side comparison of
//! the version it amended and the new one, old clause text beside new.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::governing_document::{
    AmendDocument, ClauseChange, GoverningDocument, GoverningDocumentCommand,
    GoverningDocumentError,
};
use projections::documents::{amendments, document_version, DocumentVersionView};
use projections::{KnownAt, ReadAt, ReadModel};
use register::{Actor, Register, RegisterError};
use uuid::Uuid;

use super::{hits, picked_basis, settle_setup, SetupForm};
use crate::forms::{wait_until_shown, FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::administrator::require_administrator;
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The form's address for document `document_id`.
pub fn path(document_id: Uuid) -> String {
    format!("/dokument/{document_id}/andring")
}

const FIRST_ROWS: usize = 2;
const MOST_ROWS: usize = 100;

/// What a change row can do, as the form offers it.
const CHANGES: [(&str, &str); 3] = [
    ("replace", "Ny lydelse av klausulen"),
    ("insert", "Ny klausul"),
    ("remove", "Klausulen utgår"),
];

#[derive(Debug)]
struct Row {
    row: usize,
    kind_field: String,
    number_field: String,
    text_field: String,
    kinds: Vec<Choice>,
    number: String,
    text: String,
}

#[derive(Template)]
#[template(path = "administrator/setup/amendment.html")]
struct AmendmentPage {
    chrome: DeskChrome,
    form: SetupForm,
    document_path: String,
    title: String,
    latest: DocumentVersionView,
    rows: Vec<Row>,
    row_count: usize,
}

/// The latest version of the document and its stream's version, once its read model holds the
/// stream's last event.
async fn latest(
    state: &WebState,
    signed_in: &SignedIn,
    document_id: Uuid,
) -> Result<(DocumentVersionView, u64), WebError> {
    require_administrator(signed_in)?;
    let unknown = || WebError::NotFound(format!("Registret har inget styrdokument {document_id}."));
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let stream_id = document_id.to_string();
    let store = |error: RegisterError<GoverningDocumentError>| {
        WebError::Store(eventlog::StoreFailure::of(&error))
    };
    if register
        .stream_version::<GoverningDocument, GoverningDocumentError>(&stream_id)
        .await
        .map_err(store)?
        == 0
    {
        return Err(unknown());
    }
    let written = register
        .stream_written::<GoverningDocument, GoverningDocumentError>(&stream_id)
        .await
        .map_err(store)?;
    wait_until_shown(state, ReadModel::Documents, written.position).await;
    let read_at = ReadAt::on(state.clock.today()).known_at(KnownAt::Position(written.position));
    let number = amendments(&state.pool, document_id, read_at)
        .await?
        .last()
        .map(|amendment| amendment.version)
        .ok_or_else(unknown)?;
    let version = document_version(&state.pool, document_id, number, read_at)
        .await?
        .ok_or_else(unknown)?;
    Ok((version, written.version))
}

fn row_count(form: &Submitted) -> usize {
    form.text("rader")
        .parse::<usize>()
        .map_or(FIRST_ROWS, |rows| rows.clamp(1, MOST_ROWS))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(document_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let (latest, version) = latest(&state, &signed_in, document_id).await?;
    let page = page(
        &signed_in,
        document_id,
        latest,
        version,
        Submitted::default(),
        FIRST_ROWS,
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(document_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let (latest, version) = latest(&state, &signed_in, document_id).await?;
    let basis_hits = hits(&state, &[], &form).await?;
    let rows = row_count(&form);
    let shown_again = match form.text("atgard") {
        "sok" => Some(rows),
        "fler" => Some((rows + 2).min(MOST_ROWS)),
        _ => None,
    };
    if let Some(rows) = shown_again {
        let page = page(
            &signed_in,
            document_id,
            latest,
            version,
            form,
            rows,
            basis_hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let effective_on = errors.date(&form, "fran", "dagen den nya versionen börjar gälla");
    let mut changes = Vec::new();
    let mut change_rows = Vec::new();
    for row in 1..=rows {
        let number = form
            .text(&format!("andring-{row}-nummer"))
            .trim()
            .to_owned();
        let text = form.text(&format!("andring-{row}-text")).trim().to_owned();
        if number.is_empty() && text.is_empty() {
            continue;
        }
        if number.is_empty() {
            errors.add(
                format!("andring-{row}-nummer"),
                "Fyll i numret på klausulen som ändras.",
            );
        }
        let change = match form.text(&format!("andring-{row}-slag")) {
            "replace" | "insert" if text.is_empty() => {
                errors.add(format!("andring-{row}-text"), "Fyll i klausulens nya text.");
                None
            }
            "replace" => Some(ClauseChange::Replace { number, text }),
            "insert" => Some(ClauseChange::Insert { number, text }),
            "remove" => Some(ClauseChange::Remove { number }),
            _ => {
                errors.add(format!("andring-{row}-slag"), "Välj vad ändringen gör.");
                None
            }
        };
        if let Some(change) = change {
            changes.push(change);
            change_rows.push(row);
        }
    }
    if changes.is_empty() && errors.is_empty() {
        errors.add("andringar", "Fyll i minst en ändring.");
    }
    let basis = picked_basis(&mut errors, &form);
    let (Some(effective_on), Some(basis), true) = (effective_on, basis, errors.is_empty()) else {
        let page = page(
            &signed_in,
            document_id,
            latest,
            version,
            form,
            rows,
            basis_hits,
            errors,
            false,
        );
        return render_status(&page, 400);
    };
    let amends_version = latest.version;
    let command = GoverningDocumentCommand::Amend(AmendDocument {
        amends_version,
        effective_on,
        changes,
        basis,
    });
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_addressed::<GoverningDocument>(
                    "document",
                    &document_id.to_string(),
                    command,
                    version,
                )
                .await?;
            Ok(((), written))
        })
        .await?;
    let next = format!(
        "/dokument/{document_id}?fran={amends_version}&till={}#jamfor",
        amends_version + 1
    );
    match settle_setup(&state, outcome, &[ReadModel::Documents], &next, |refusal| {
        field_of(&refusal.field, &change_rows)
    })
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            let (latest, version) = self::latest(&state, &signed_in, document_id).await?;
            let page = page(
                &signed_in,
                document_id,
                latest,
                version,
                form,
                rows,
                basis_hits,
                errors,
                stale,
            );
            render_status(&page, status)
        }
    }
}

/// The form's field for a field of the command: a change's field beside its row.
fn field_of(field: &str, change_rows: &[usize]) -> String {
    if field.starts_with("basis") {
        return "grund".to_owned();
    }
    if field == "effective_on" {
        return "fran".to_owned();
    }
    let change = field
        .strip_prefix("changes[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(index, part)| Some((change_rows.get(index.parse::<usize>().ok()?)?, part)));
    match change {
        Some((row, ".text")) => format!("andring-{row}-text"),
        Some((row, _)) => format!("andring-{row}-nummer"),
        None => "andringar".to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    signed_in: &SignedIn,
    document_id: Uuid,
    latest: DocumentVersionView,
    version: u64,
    typed: Submitted,
    rows: usize,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> AmendmentPage {
    let rows: Vec<Row> = (1..=rows)
        .map(|row| {
            let kind_field = format!("andring-{row}-slag");
            let chosen = typed.text(&kind_field).to_owned();
            Row {
                row,
                kinds: CHANGES
                    .iter()
                    .map(|(value, label)| Choice {
                        selected: chosen == *value,
                        label: (*label).to_owned(),
                        value: (*value).to_owned(),
                    })
                    .collect(),
                number: typed.text(&format!("andring-{row}-nummer")).to_owned(),
                text: typed.text(&format!("andring-{row}-text")).to_owned(),
                number_field: format!("andring-{row}-nummer"),
                text_field: format!("andring-{row}-text"),
                kind_field,
            }
        })
        .collect();
    AmendmentPage {
        chrome: DeskChrome::new(signed_in),
        row_count: rows.len(),
        form: SetupForm::new(signed_in, Some(version), typed, basis_hits, errors, stale),
        document_path: format!("/dokument/{document_id}"),
        title: latest.title.clone(),
        latest,
        rows,
    }
}

//! Adopting a cooperation's budget for a year: its lines in tkr, each a cost, a revenue or the
//! parties' contribution that the allocation key splits, as rows with "Fler rader" for more, on
//! the decision found by search, as `POST /api/v1/cooperations/{id}/budgets` does with the
//! register's own `BudgetRequest`. A row left wholly empty is no line.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Datelike;
use domain::allocation::{BudgetLine, BudgetLineKind};
use projections::ReadModel;
use register::requests::BudgetRequest;
use uuid::Uuid;

use super::{hits, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The form's address for cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/budget/ny")
}

/// The rows a new form shows, and the most it grows to.
const FIRST_ROWS: usize = 3;
const MOST_ROWS: usize = 60;

/// The kinds of line, as the form offers them.
pub const KINDS: [(BudgetLineKind, &str, &str); 3] = [
    (BudgetLineKind::Cost, "cost", "Kostnad"),
    (BudgetLineKind::Revenue, "revenue", "Intäkt från andra"),
    (
        BudgetLineKind::PartyContributions,
        "party_contributions",
        "Parternas bidrag (fördelas med nyckeln)",
    ),
];

/// One row of the form, with the names of its fields.
#[derive(Debug)]
struct Row {
    number: usize,
    name_field: String,
    kind_field: String,
    amount_field: String,
    name: String,
    amount: String,
    kinds: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "administrator/setup/budget.html")]
struct BudgetFormPage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    rows: Vec<Row>,
    row_count: usize,
}

/// How many rows the form has: what it says it has, at least one and at most [`MOST_ROWS`].
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
    typed.push("ar", &(desk.today.year() + 1).to_string());
    typed.push("rader", &FIRST_ROWS.to_string());
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
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    let rows = row_count(&form);
    match form.text("atgard") {
        "sok" => {
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
        "fler" => {
            let rows = (rows + 3).min(MOST_ROWS);
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
        _ => {}
    }
    let mut errors = FieldErrors::default();
    let year = errors.number::<i32>(&form, "ar", "budgetåret", 1);
    // Each line with the row it came from, so that a refusal of a line is shown beside its row.
    let mut lines = Vec::new();
    let mut line_rows = Vec::new();
    let mut filled = false;
    for number in 1..=rows {
        let name = form.text(&format!("rad-{number}-namn")).trim();
        let amount_text = form.text(&format!("rad-{number}-belopp")).trim();
        if name.is_empty() && amount_text.is_empty() {
            continue;
        }
        filled = true;
        let kind = KINDS
            .iter()
            .find(|(_, value, _)| *value == form.text(&format!("rad-{number}-slag")))
            .map(|(kind, _, _)| *kind);
        if kind.is_none() {
            errors.add(format!("rad-{number}-slag"), "Välj vad raden är.");
        }
        let amount = amount_tkr(&mut errors, number, amount_text);
        if let (Some(kind), Some(amount_tkr)) = (kind, amount) {
            lines.push(BudgetLine {
                name: name.to_owned(),
                kind,
                amount_tkr,
            });
            line_rows.push(number);
        }
    }
    if !filled {
        errors.add(
            "rader",
            "Fyll i minst en rad: benämning, slag och belopp i tkr.",
        );
    }
    let basis = picked_basis(&mut errors, &form);
    let (Some(year), Some(basis), true) = (year, basis, errors.is_empty()) else {
        let page = page(&signed_in, &desk, form, rows, basis_hits, errors);
        return render_status(&page, 400);
    };
    let request = BudgetRequest { year, lines, basis };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(cooperation_id, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("{}/budget/{year}", desk.path());
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Allocation, ReadModel::Cooperations],
        &next,
        |refusal| field_of_line(&refusal.field, &line_rows),
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

/// The form's field for a field of the request: a line's field beside its row.
fn field_of_line(field: &str, line_rows: &[usize]) -> String {
    if field.starts_with("basis") {
        return "grund".to_owned();
    }
    if field == "year" {
        return "ar".to_owned();
    }
    let line = field
        .strip_prefix("lines[")
        .and_then(|rest| rest.split_once("]."))
        .and_then(|(index, part)| Some((line_rows.get(index.parse::<usize>().ok()?)?, part)));
    match line {
        Some((row, "name")) => format!("rad-{row}-namn"),
        Some((row, "kind")) => format!("rad-{row}-slag"),
        Some((row, _)) => format!("rad-{row}-belopp"),
        None => "rader".to_owned(),
    }
}

/// An amount in whole tkr, spaces between thousands allowed; a minus sign is left to the
/// register's own rule.
fn amount_tkr(errors: &mut FieldErrors, row: usize, typed: &str) -> Option<i64> {
    let field = format!("rad-{row}-belopp");
    if typed.is_empty() {
        errors.add(field, "Fyll i beloppet i tkr.");
        return None;
    }
    let digits: String = typed
        .chars()
        .filter(|character| !matches!(character, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|character| if character == '−' { '-' } else { character })
        .collect();
    match digits.parse::<i64>() {
        Ok(amount) => Some(amount),
        Err(_) => {
            errors.add(
                field,
                format!(
                    "”{typed}” är inget belopp: skriv hela tkr med siffror, till exempel 6 281."
                ),
            );
            None
        }
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    typed: Submitted,
    rows: usize,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
) -> BudgetFormPage {
    let rows: Vec<Row> = (1..=rows)
        .map(|number| {
            let kind_field = format!("rad-{number}-slag");
            let chosen = typed.text(&kind_field).to_owned();
            Row {
                number,
                name: typed.text(&format!("rad-{number}-namn")).to_owned(),
                amount: typed.text(&format!("rad-{number}-belopp")).to_owned(),
                name_field: format!("rad-{number}-namn"),
                amount_field: format!("rad-{number}-belopp"),
                kinds: KINDS
                    .iter()
                    .map(|(_, value, label)| Choice {
                        selected: chosen == *value,
                        label: (*label).to_owned(),
                        value: (*value).to_owned(),
                    })
                    .collect(),
                kind_field,
            }
        })
        .collect();
    let row_count = rows.len();
    BudgetFormPage {
        chrome: DeskChrome::new(signed_in),
        // A year's budget is a new stream: the form writes once by its key.
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        rows,
        row_count,
    }
}

//! Granting a body a mandate: the category it covers (lower-case words from the general to the
//! particular, such as `upphandling`), the categories below it that it does not cover (seed 000
//! excludes building contracts and direct awards), its scope in words and its days, on the
//! decision found by search, as `POST /api/v1/mandates` does with the domain's `GrantMandate`.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::mandate::{Category, GrantMandate, MandateHolder};
use domain::DateRange;
use projections::ReadModel;
use register::{Actor, Register};
use uuid::Uuid;

use super::{field_for, hits, mandates_path, new_id, picked_basis, settle_setup, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::administrator::require_administrator;
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

#[derive(Template)]
#[template(path = "administrator/setup/mandate.html")]
struct MandatePage {
    chrome: DeskChrome,
    form: SetupForm,
    mandates_path: String,
    body_path: String,
    name: String,
}

/// The body's name as its own stream records it, or the page that says there is no such body.
pub async fn body_name(
    state: &WebState,
    signed_in: &SignedIn,
    body_id: Uuid,
) -> Result<String, WebError> {
    require_administrator(signed_in)?;
    Register::new(state.log.clone(), Actor::token(&signed_in.session.token))
        .body_name(body_id)
        .await
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?
        .ok_or_else(|| WebError::NotFound(format!("Registret har inget organ {body_id}.")))
}

/// A category as typed, with a Swedish error beside `field` when it is none.
pub fn category(
    errors: &mut FieldErrors,
    field: &str,
    typed: &str,
    what: &str,
) -> Option<Category> {
    let typed = typed.trim();
    if typed.is_empty() {
        errors.add(field, format!("Fyll i {what}, till exempel ”upphandling”."));
        return None;
    }
    match Category::parse(typed) {
        Ok(category) => Some(category),
        Err(_) => {
            errors.add(
                field,
                format!(
                    "”{typed}” är ingen kategori: skriv små bokstäver, och ord från det allmänna \
                     till det särskilda åtskilda med /, till exempel ”upphandling/ramavtal”."
                ),
            );
            None
        }
    }
}

/// The days of a mandate or a delegation: the first day, required, and the last, if any.
pub fn valid_days(errors: &mut FieldErrors, form: &Submitted) -> Option<DateRange> {
    let from = errors.date(form, "fran", "första dagen");
    let to = match form.text("till").trim() {
        "" => None,
        _ => Some(errors.date(form, "till", "sista dagen")?),
    };
    Some(DateRange { from: from?, to })
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let name = body_name(&state, &signed_in, body_id).await?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    let page = page(
        &signed_in,
        body_id,
        name,
        typed,
        Vec::new(),
        FieldErrors::default(),
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let name = body_name(&state, &signed_in, body_id).await?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let mandate_id = new_id(&form)?;
    let basis_hits = hits(&state, &[body_id], &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            body_id,
            name,
            form,
            basis_hits,
            FieldErrors::default(),
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let category = category(
        &mut errors,
        "kategori",
        form.text("kategori"),
        "mandatets kategori",
    );
    let mut exclusions = Vec::new();
    for line in form.text("undantag").lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(exclusion) = self::category(&mut errors, "undantag", line, "undantaget") {
            exclusions.push(exclusion);
        }
    }
    let scope = errors
        .required(&form, "omfattning", "vad mandatet omfattar, med ord")
        .to_owned();
    let valid = valid_days(&mut errors, &form);
    let basis = picked_basis(&mut errors, &form);
    let (Some(category), Some(valid), Some(basis), true) =
        (category, valid, basis, errors.is_empty())
    else {
        let page = page(&signed_in, body_id, name, form, basis_hits, errors);
        return render_status(&page, 400);
    };
    let command = GrantMandate {
        holder: MandateHolder::Body { body_id },
        category,
        scope,
        exclusions,
        valid,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(mandate_id, command, version).await?;
            Ok(((), written))
        })
        .await?;
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Mandates, ReadModel::Membership],
        &mandates_path(body_id),
        |refusal| {
            field_for(
                refusal,
                &[
                    ("scope", "omfattning"),
                    ("exclusions", "undantag"),
                    ("valid", "till"),
                    ("category", "kategori"),
                ],
                "kategori",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            let page = page(&signed_in, body_id, name, form, basis_hits, errors);
            render_status(&page, status)
        }
    }
}

fn page(
    signed_in: &SignedIn,
    body_id: Uuid,
    name: String,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
) -> MandatePage {
    MandatePage {
        chrome: DeskChrome::new(signed_in),
        // A new mandate is a new stream: the form writes once by its key.
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        mandates_path: mandates_path(body_id),
        body_path: format!("/organ/{body_id}"),
        name,
    }
}

//! What the register says about its parties: the list of them by name, and of one, addressed by
//! its official code, its name and cooperations, the mandates it holds and the obligations it
//! owes. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::party::Party;
use domain::PartyCode;
use projections::citations::{parties, PartyName};
use projections::cooperations::cooperations;
use projections::mandates::mandates_of_party;
use projections::obligations::{obligations_of_party, OwedObligation};
use projections::ReadModel;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_bodies::MandatesPage;
use super::reads_shared::{pinned, require_recorded};
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::page::{Listed, Page};
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_parties))
        .routes(routes!(one_party))
        .routes(routes!(party_mandates))
        .routes(routes!(party_obligations))
}

/// The parties the register knew at `known_at`.
pub type PartiesPage = Page<PartyName>;

impl Listed for PartyName {
    const LIST: &'static str = "parties";
    const LIST_DESCRIPTION: &'static str =
        "This page of every party registered by `known_at`, by official code.";
    const PAGE: &'static str = "PartiesPage";
    const PAGE_DESCRIPTION: &'static str = "The parties the register knew at `known_at`.";
}

/// Every party in the register, by official code, with its registered name. A party has no
/// valid time of its own: it is listed from its registration on.
#[utoipa::path(
    get,
    path = "/parties",
    tag = "parties",
    params(ReadParams),
    responses((status = 200, description = "The parties, one page at a time.", body = PartiesPage))
)]
async fn list_parties(
    State(state): State<AppState>,
    caller: Caller,
    reading: Reading,
) -> Result<Json<PartiesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    let answer = parties(&state.pool, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.parties,
        answer.as_of,
        answer.known_at,
    )))
}

/// One party on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartyAnswer {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    pub code: String,
    /// The registered name; `null` when the party was registered after `known_at`.
    pub name: Option<String>,
    /// The cooperations the party belongs to on `as_of` (established and not yet dissolved), by
    /// name, then id.
    pub cooperations: Vec<PartyCooperation>,
}

/// A cooperation a party belongs to, and whether it hosts it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartyCooperation {
    pub cooperation_id: Uuid,
    pub name: String,
    pub host: bool,
}

/// The party's registered name and the cooperations it belongs to on `as_of`.
#[utoipa::path(
    get,
    path = "/parties/{code}",
    tag = "parties",
    params(("code" = String, Path, description = "The party's official code.", example = "2062"), ReadParams),
    responses((status = 200, description = "The party.", body = PartyAnswer))
)]
async fn one_party(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<PartyAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let (read_at, known_at) = pinned(&state.pool, ReadModel::Citations, read_at, &reading).await?;
    let known = |error| reading.query_error(error);
    let name = parties(&state.pool, read_at)
        .await
        .map_err(known)?
        .parties
        .into_iter()
        .find(|party| party.code == code.as_str())
        .map(|party| party.name);
    let cooperations = cooperations(&state.pool, read_at)
        .await
        .map_err(known)?
        .cooperations
        .into_iter()
        .filter(|entry| entry.has_member_on_its_day(code.as_str()))
        .map(|entry| PartyCooperation {
            host: entry.host == code.as_str(),
            cooperation_id: entry.cooperation_id,
            name: entry.name,
        })
        .collect();
    Ok(Json(PartyAnswer {
        as_of: read_at.as_of,
        known_at,
        name,
        code: code.as_str().to_owned(),
        cooperations,
    }))
}

/// What the party itself is entrusted with on `as_of`, such as a host party's mandates under an
/// agreement, with their delegations.
#[utoipa::path(
    get,
    path = "/parties/{code}/mandates",
    tag = "mandates",
    params(("code" = String, Path, description = "The party's official code.", example = "2062"), ReadParams),
    responses((status = 200, description = "The party's mandates, one page at a time.", body = MandatesPage))
)]
async fn party_mandates(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<MandatesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let answer = mandates_of_party(&state.pool, code.as_str(), read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.mandates,
        answer.as_of,
        answer.known_at,
    )))
}

/// The obligations listed on `as_of`, as the register knew them at `known_at`.
pub type ObligationsPage = Page<OwedObligation>;

impl Listed for OwedObligation {
    const LIST: &'static str = "obligations";
    const LIST_DESCRIPTION: &'static str =
        "This page of the obligations, sorted by the first day of the period, kind, description\n\
         and obligation id, each with where it stands on `as_of`.";
    const PAGE: &'static str = "ObligationsPage";
    const PAGE_DESCRIPTION: &'static str =
        "The obligations listed on `as_of`, as the register knew them at `known_at`.";
}

/// What the party owes on `as_of` under every cooperation: to whom, from what source, for which
/// period, and whether it is open, due, overdue or closed.
#[utoipa::path(
    get,
    path = "/parties/{code}/obligations",
    tag = "obligations",
    params(("code" = String, Path, description = "The party's official code.", example = "2062"), ReadParams),
    responses((status = 200, description = "The party's obligations, one page at a time.", body = ObligationsPage))
)]
async fn party_obligations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<ObligationsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let answer = obligations_of_party(&state.pool, code.as_str(), read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.obligations,
        answer.as_of,
        answer.known_at,
    )))
}

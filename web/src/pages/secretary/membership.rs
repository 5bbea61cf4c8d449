//! The membership of a body, as its secretary records it: the seat plan and members of a mandate
//! period, an appointment of a member or deputy (or a fyllnadsval to a seat left early), and an
//! early end with its reason. Each rests on a decision of the register, found by search rather
//! than typed as an id.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use domain::body_term::{Appointment, BodyTerm, BodyTermError, EndReason, Person, Role};
use domain::{MandatePeriod, PartyCode};
use projections::membership::{membership, membership_versions, memberships_between, Member};
use projections::{KnownAt, ReadAt, ReadModel};
use register::requests::{
    AppointmentCorrectionRequest, AppointmentRequest, MembershipAddress, MembershipEndRequest,
    TermAddress,
};
use register::{Actor, Register};
use serde::Deserialize;
use uuid::Uuid;

use super::basis::{basis_hits, chosen_basis};
use super::require_secretary_of;
use super::roll::Choice;
use crate::forms::{
    settle, wait_until_shown, FieldErrors, Guard, Recorder, Refusal, Settled, Submitted,
};
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The address of the body's membership page.
pub fn members_path(body_id: Uuid) -> String {
    format!("/organ/{body_id}/ledamoter")
}

/// Which mandate period a page is about: `?period=2023` for 2023–2026, else today's.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
    /// The membership a fyllnadsval fills.
    ersatter: Option<String>,
}

/// What the membership pages share: the body, the period and the term's version.
struct Term {
    body_id: Uuid,
    body_name: String,
    period: MandatePeriod,
    version: u64,
}

impl Term {
    async fn open(
        state: &WebState,
        signed_in: &SignedIn,
        body_id: Uuid,
        period: Option<&str>,
    ) -> Result<Term, WebError> {
        let register = Register::new(state.pool.clone(), Actor::token(&signed_in.session.token));
        let body_name = register
            .body_name(body_id)
            .await
            .map_err(|error: register::RegisterError<domain::body::BodyError>| {
                WebError::Store(error.to_string())
            })?
            .ok_or_else(|| {
                WebError::NotFound(format!(
                    "Registret känner inte till något organ med id {body_id}."
                ))
            })?;
        require_secretary_of(signed_in, body_id, &body_name)?;
        let period = match period.map(str::trim).filter(|text| !text.is_empty()) {
            None => MandatePeriod::containing(state.clock.today()),
            Some(text) => text
                .parse::<i32>()
                .ok()
                .and_then(|year| MandatePeriod::beginning(year).ok())
                .ok_or_else(|| {
                    WebError::NotFound(format!(
                        "”{text}” är ingen mandatperiod: ange dess första år, till exempel 2023."
                    ))
                })?,
        };
        let stream_id = BodyTerm::stream_id(body_id, period);
        let version = register
            .stream_version::<BodyTerm, BodyTermError>(&stream_id)
            .await
            .map_err(|error| WebError::Store(error.to_string()))?;
        if version > 0 {
            let written = register
                .stream_written::<BodyTerm, BodyTermError>(&stream_id)
                .await
                .map_err(|error| WebError::Store(error.to_string()))?;
            wait_until_shown(state, ReadModel::Membership, written.position).await;
        }
        Ok(Term {
            body_id,
            body_name,
            period,
            version,
        })
    }

    fn heading(&self) -> String {
        format!("{}, mandatperioden {}", self.body_name, self.period)
    }

    /// The seat plan of the period (as on its first day still to come, or its last) and every
    /// membership of the period, as the register knows them now.
    async fn members(
        &self,
        state: &WebState,
    ) -> Result<(Vec<(String, i32, i32)>, Vec<Member>), WebError> {
        let (first, last) = (self.period.first_day(), self.period.last_day());
        let day = state.clock.today().clamp(first, last);
        let read_at = ReadAt::on(day).known_at(KnownAt::Latest);
        let seated = membership(&state.pool, self.body_id, read_at).await?;
        let members = memberships_between(&state.pool, self.body_id, first, last, read_at).await?;
        Ok((
            seated
                .seat_plan
                .iter()
                .map(|line| (line.party.clone(), line.members, line.deputies))
                .collect(),
            members,
        ))
    }
}

#[derive(Debug)]
struct MemberRow {
    membership_id: Uuid,
    name: String,
    party: String,
    role: &'static str,
    serves: String,
    end: Option<String>,
}

/// One version of a corrected appointment, as the members' page lists them.
#[derive(Debug)]
struct VersionRow {
    recorded_at: i64,
    name: String,
    party: String,
    role: &'static str,
    serves: String,
    correction_reason: String,
    replaced_at: Option<i64>,
}

#[derive(Template)]
#[template(path = "secretary/members.html")]
struct MembersPage {
    chrome: DeskChrome,
    body_id: Uuid,
    heading: String,
    period_start: i32,
    seat_plan: Vec<(String, i32, i32)>,
    members: Vec<MemberRow>,
    /// Each corrected appointment with every version of it, the earlier ones first.
    corrected: Vec<(String, Vec<VersionRow>)>,
}

/// The seat plan and members of a mandate period, with what a secretary can record on each.
pub async fn members(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let (seat_plan, members) = term.members(&state).await?;
    let mut corrected = Vec::new();
    for member in members
        .iter()
        .filter(|member| member.correction_reason.is_some())
    {
        let read_at = ReadAt::on(state.clock.today());
        let versions =
            membership_versions(&state.pool, body_id, member.membership_id, read_at).await?;
        let rows = versions
            .into_iter()
            .map(|version| VersionRow {
                recorded_at: version.member.recorded_at_position,
                role: words::member_role(version.member.role),
                serves: format!(
                    "{} – {}",
                    version.member.serves_from, version.member.serves_to
                ),
                correction_reason: version.member.correction_reason.unwrap_or_default(),
                name: version.member.name,
                party: version.member.party,
                replaced_at: version.replaced_at_position,
            })
            .collect();
        corrected.push((member.name.clone(), rows));
    }
    render_status(
        &MembersPage {
            chrome: DeskChrome::new(&signed_in),
            body_id,
            heading: term.heading(),
            period_start: term.period.first_year(),
            corrected,
            seat_plan,
            members: members
                .into_iter()
                .map(|member| MemberRow {
                    membership_id: member.membership_id,
                    name: member.name,
                    party: member.party,
                    role: words::member_role(member.role),
                    serves: format!("{} – {}", member.serves_from, member.serves_to),
                    end: member
                        .end_reason
                        .map(|reason| end_reason(reason).to_owned()),
                })
                .collect(),
        },
        200,
    )
}

/// The reasons a membership ends early, in the words of a council's decision.
const END_REASONS: [(EndReason, &str, &str); 6] = [
    (
        EndReason::Resigned,
        "entledigad",
        "Entledigad på egen begäran",
    ),
    (
        EndReason::Dismissed,
        "entledigad_av_fullmaktige",
        "Entledigad av fullmäktige",
    ),
    (
        EndReason::NoLongerEligible,
        "ej_valbar",
        "Inte längre valbar",
    ),
    (EndReason::Deceased, "avliden", "Avliden"),
    (
        EndReason::BodyEnded,
        "organet_upphort",
        "Organet har upphört",
    ),
    (EndReason::Other, "annat", "Annat skäl"),
];

fn end_reason(reason: EndReason) -> &'static str {
    END_REASONS
        .iter()
        .find(|(known, _, _)| *known == reason)
        .map_or("Annat skäl", |(_, _, words)| *words)
}

/// What a membership's basis is, said when none is picked.
const MEMBERSHIP_BASIS: &str =
    "Sök fram och välj beslutet som uppdraget vilar på, till exempel fullmäktiges val.";

/// The roles a member or deputy is appointed to.
const ROLES: [(Role, &str); 4] = [
    (Role::Member, "ledamot"),
    (Role::Deputy, "ersattare"),
    (Role::Chair, "ordforande"),
    (Role::ViceChair, "vice_ordforande"),
];

#[derive(Template)]
#[template(path = "secretary/appointment.html")]
struct AppointmentPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    guard: Guard,
    membership_id: Uuid,
    replaces: Option<(Uuid, String)>,
    period_start: i32,
    parties: Vec<Choice>,
    roles: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl AppointmentPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The appointment form; with `?ersatter=`, a fyllnadsval to the seat of that membership.
pub async fn appointment_form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let mut typed = Submitted::default();
    if let Some(replaces) = &query.ersatter {
        typed.push("ersatter", replaces);
    }
    let page = appointment_page(
        &state,
        &signed_in,
        &term,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the appointment.
pub async fn appoint(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let term = Term::open(&state, &signed_in, body_id, Some(form.text("period"))).await?;
    let hits = basis_hits(&state, body_id, form.text("sok"), form.text("grund")).await?;
    if form.text("atgard") == "sok" {
        let page = appointment_page(
            &state,
            &signed_in,
            &term,
            form,
            hits,
            FieldErrors::default(),
            false,
        )
        .await?;
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let name = errors.required(&form, "namn", "personens namn").to_owned();
    let role = ROLES
        .iter()
        .find(|(_, value)| *value == form.text("roll"))
        .map(|(role, _)| *role);
    if role.is_none() {
        errors.add(
            "roll",
            "Välj uppdrag: ledamot, ersättare, ordförande eller vice ordförande.",
        );
    }
    let party = PartyCode::parse(form.text("parti").trim()).ok();
    if party.is_none() {
        errors.add("parti", "Välj vilken part personen företräder.");
    }
    let serves_from = errors.date(&form, "fran", "första dagen");
    let serves_to = optional_date(&mut errors, &form, "till", "sista dagen");
    let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
    let membership_id: Uuid = form
        .text("uppdrag_id")
        .parse()
        .map_err(|_| WebError::UnreadableForm("the membership's id is not a UUID".to_owned()))?;
    let replaces = errors.picked(&form, "ersatter");
    let (Some(role), Some(party), Some(serves_from), Some(serves_to), Some(basis), true) = (
        role,
        party,
        serves_from,
        serves_to,
        basis,
        errors.is_empty(),
    ) else {
        let page = appointment_page(&state, &signed_in, &term, form, hits, errors, false).await?;
        return render_status(&page, 400);
    };
    let request = AppointmentRequest {
        membership_id,
        appointment: Appointment {
            // A new person gets an id of their own; the register keeps it with the name.
            person: Person {
                id: person_id(&form),
                name,
            },
            role,
            party,
            serves_from,
            serves_to,
        },
        replaces,
        basis,
    };
    let address = TermAddress {
        body_id,
        period: term.period,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(address, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let back = |_| {
        format!(
            "{}?period={}",
            members_path(body_id),
            term.period.first_year()
        )
    };
    let field = |refusal: &Refusal| appointment_field(refusal).to_owned();
    match settle(
        &state,
        ReadModel::Membership,
        outcome,
        back,
        field,
        &BTreeMap::new(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            let page =
                appointment_page(&state, &signed_in, &term, form, hits, errors, stale).await?;
            render_status(&page, status)
        }
    }
}

/// The person's id: the one the form was shown with, so a retry names the same person.
fn person_id(form: &Submitted) -> Uuid {
    form.text("person_id")
        .parse()
        .unwrap_or_else(|_| Uuid::new_v4())
}

fn appointment_field(refusal: &Refusal) -> &'static str {
    let field = refusal.field.as_str();
    match field {
        _ if field.contains("serves_to") => "till",
        _ if field.contains("serves_from") => "fran",
        _ if field.contains("party") => "parti",
        _ if field.contains("role") => "roll",
        _ if field.contains("name") => "namn",
        _ if field.contains("replaces") => "ersatter",
        _ if field.starts_with("basis") => "grund",
        _ => "roll",
    }
}

/// A day that may be left out: `Some(None)` when it was.
fn optional_date(
    errors: &mut FieldErrors,
    form: &Submitted,
    field: &str,
    what: &str,
) -> Option<Option<NaiveDate>> {
    if form.text(field).trim().is_empty() {
        return Some(None);
    }
    errors.date(form, field, what).map(Some)
}

async fn appointment_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<AppointmentPage, WebError> {
    let (seat_plan, members) = term.members(state).await?;
    let replaces = typed
        .text("ersatter")
        .parse::<Uuid>()
        .ok()
        .and_then(|replaces| {
            members
                .iter()
                .find(|member| member.membership_id == replaces)
                .map(|member| (replaces, format!("{} ({})", member.name, member.party)))
        });
    let chosen_party = typed.text("parti").to_owned();
    let chosen_role = typed.text("roll").to_owned();
    let membership_id = typed
        .text("uppdrag_id")
        .parse()
        .unwrap_or_else(|_| Uuid::new_v4());
    let mut typed = typed;
    if typed.text("person_id").is_empty() {
        typed.push("person_id", &Uuid::new_v4().to_string());
    }
    Ok(AppointmentPage {
        chrome: DeskChrome::new(signed_in),
        members_path: format!(
            "{}?period={}",
            members_path(term.body_id),
            term.period.first_year()
        ),
        heading: term.heading(),
        guard: Guard::new(Some(term.version)),
        membership_id,
        replaces,
        period_start: term.period.first_year(),
        parties: seat_plan
            .iter()
            .map(|(party, _, _)| Choice {
                value: party.clone(),
                label: party.clone(),
                selected: *party == chosen_party,
            })
            .collect(),
        roles: ROLES
            .iter()
            .map(|(role, value)| Choice {
                value: (*value).to_owned(),
                label: words::member_role(*role).to_owned(),
                selected: *value == chosen_role,
            })
            .collect(),
        typed,
        basis_hits,
        errors,
        stale,
    })
}

#[derive(Template)]
#[template(path = "secretary/membership_end.html")]
struct EndPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    member: String,
    guard: Guard,
    period_start: i32,
    reasons: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl EndPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The form that ends a membership early.
pub async fn end_form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let page = end_page(
        &state,
        &signed_in,
        &term,
        membership_id,
        Submitted::default(),
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the early end.
pub async fn end(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let term = Term::open(&state, &signed_in, body_id, Some(form.text("period"))).await?;
    let hits = basis_hits(&state, body_id, form.text("sok"), form.text("grund")).await?;
    if form.text("atgard") == "sok" {
        let page = end_page(
            &state,
            &signed_in,
            &term,
            membership_id,
            form,
            hits,
            FieldErrors::default(),
            false,
        )
        .await?;
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let last_day = errors.date(&form, "sista_dag", "sista dagen");
    let reason = END_REASONS
        .iter()
        .find(|(_, value, _)| *value == form.text("skal"))
        .map(|(reason, _, _)| *reason);
    if reason.is_none() {
        errors.add("skal", "Välj varför uppdraget upphör.");
    }
    let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
    let (Some(last_day), Some(reason), Some(basis), true) =
        (last_day, reason, basis, errors.is_empty())
    else {
        let page = end_page(
            &state,
            &signed_in,
            &term,
            membership_id,
            form,
            hits,
            errors,
            false,
        )
        .await?;
        return render_status(&page, 400);
    };
    let address = MembershipAddress {
        term: TermAddress {
            body_id,
            period: term.period,
        },
        membership_id,
    };
    let request = MembershipEndRequest {
        last_day,
        reason,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(address, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let back = |_| {
        format!(
            "{}?period={}",
            members_path(body_id),
            term.period.first_year()
        )
    };
    let field = |refusal: &Refusal| {
        match refusal.field.as_str() {
            field if field.starts_with("basis") => "grund",
            "reason" => "skal",
            _ => "sista_dag",
        }
        .to_owned()
    };
    match settle(
        &state,
        ReadModel::Membership,
        outcome,
        back,
        field,
        &BTreeMap::new(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            let page = end_page(
                &state,
                &signed_in,
                &term,
                membership_id,
                form,
                hits,
                errors,
                stale,
            )
            .await?;
            render_status(&page, status)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn end_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    membership_id: Uuid,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<EndPage, WebError> {
    let (_, members) = term.members(state).await?;
    let Some(member) = members
        .iter()
        .find(|member| member.membership_id == membership_id)
    else {
        return Err(WebError::NotFound(format!(
            "{} har inget uppdrag med id {membership_id} under mandatperioden {}.",
            term.body_name, term.period
        )));
    };
    let chosen = typed.text("skal").to_owned();
    Ok(EndPage {
        chrome: DeskChrome::new(signed_in),
        members_path: format!(
            "{}?period={}",
            members_path(term.body_id),
            term.period.first_year()
        ),
        heading: term.heading(),
        member: format!(
            "{} ({}), {}, {} – {}",
            member.name,
            member.party,
            words::member_role(member.role).to_lowercase(),
            member.serves_from,
            member.serves_to
        ),
        guard: Guard::new(Some(term.version)),
        period_start: term.period.first_year(),
        reasons: END_REASONS
            .iter()
            .map(|(_, value, words)| Choice {
                value: (*value).to_owned(),
                label: (*words).to_owned(),
                selected: *value == chosen,
            })
            .collect(),
        typed,
        basis_hits,
        errors,
        stale,
    })
}

#[derive(Template)]
#[template(path = "secretary/membership_correction.html")]
struct CorrectionPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    member: String,
    guard: Guard,
    period_start: i32,
    parties: Vec<Choice>,
    roles: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl CorrectionPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The membership `membership_id` of the term, as recorded now.
async fn recorded_membership(
    state: &WebState,
    term: &Term,
    membership_id: Uuid,
) -> Result<(Vec<(String, i32, i32)>, Member), WebError> {
    let (seat_plan, members) = term.members(state).await?;
    let member = members
        .into_iter()
        .find(|member| member.membership_id == membership_id)
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "{} har inget uppdrag med id {membership_id} under mandatperioden {}.",
                term.body_name, term.period
            ))
        })?;
    Ok((seat_plan, member))
}

/// The form that corrects an appointment recorded wrongly, filled with what it says now.
pub async fn correction_form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let (_, member) = recorded_membership(&state, &term, membership_id).await?;
    let mut typed = Submitted::default();
    typed.push("namn", &member.name);
    let role = ROLES
        .iter()
        .find(|(role, _)| *role == member.role)
        .map_or("", |(_, value)| *value);
    typed.push("roll", role);
    typed.push("parti", &member.party);
    typed.push("fran", &member.serves_from.to_string());
    typed.push("till", &member.serves_to.to_string());
    let page = correction_page(
        &state,
        &signed_in,
        &term,
        membership_id,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the correction.
pub async fn correct(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let term = Term::open(&state, &signed_in, body_id, Some(form.text("period"))).await?;
    let (_, member) = recorded_membership(&state, &term, membership_id).await?;
    let hits = basis_hits(&state, body_id, form.text("sok"), form.text("grund")).await?;
    if form.text("atgard") == "sok" {
        let page = correction_page(
            &state,
            &signed_in,
            &term,
            membership_id,
            form,
            hits,
            FieldErrors::default(),
            false,
        )
        .await?;
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let name = errors.required(&form, "namn", "personens namn").to_owned();
    let role = ROLES
        .iter()
        .find(|(_, value)| *value == form.text("roll"))
        .map(|(role, _)| *role);
    if role.is_none() {
        errors.add(
            "roll",
            "Välj uppdrag: ledamot, ersättare, ordförande eller vice ordförande.",
        );
    }
    let party = PartyCode::parse(form.text("parti").trim()).ok();
    if party.is_none() {
        errors.add("parti", "Välj vilken part personen företräder.");
    }
    let serves_from = errors.date(&form, "fran", "första dagen");
    let serves_to = optional_date(&mut errors, &form, "till", "sista dagen");
    let reason = errors
        .required(&form, "skal", "varför förordnandet rättas")
        .to_owned();
    let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
    let (Some(role), Some(party), Some(serves_from), Some(serves_to), Some(basis), true) = (
        role,
        party,
        serves_from,
        serves_to,
        basis,
        errors.is_empty(),
    ) else {
        let page = correction_page(
            &state,
            &signed_in,
            &term,
            membership_id,
            form,
            hits,
            errors,
            false,
        )
        .await?;
        return render_status(&page, 400);
    };
    let address = MembershipAddress {
        term: TermAddress {
            body_id,
            period: term.period,
        },
        membership_id,
    };
    let request = AppointmentCorrectionRequest {
        corrected: Appointment {
            // A correction is of the same person's appointment: their id is kept.
            person: Person {
                id: member.person_id,
                name,
            },
            role,
            party,
            serves_from,
            serves_to,
        },
        reason,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(address, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let back = |_| {
        format!(
            "{}?period={}",
            members_path(body_id),
            term.period.first_year()
        )
    };
    let field = |refusal: &Refusal| {
        match refusal.field.as_str() {
            "reason" => "skal",
            _ => appointment_field(refusal),
        }
        .to_owned()
    };
    match settle(
        &state,
        ReadModel::Membership,
        outcome,
        back,
        field,
        &BTreeMap::new(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            let page = correction_page(
                &state,
                &signed_in,
                &term,
                membership_id,
                form,
                hits,
                errors,
                stale,
            )
            .await?;
            render_status(&page, status)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn correction_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    membership_id: Uuid,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<CorrectionPage, WebError> {
    let (seat_plan, member) = recorded_membership(state, term, membership_id).await?;
    let chosen_party = typed.text("parti").to_owned();
    let chosen_role = typed.text("roll").to_owned();
    Ok(CorrectionPage {
        chrome: DeskChrome::new(signed_in),
        members_path: format!(
            "{}?period={}",
            members_path(term.body_id),
            term.period.first_year()
        ),
        heading: term.heading(),
        member: format!(
            "{} ({}), {}, {} – {}",
            member.name,
            member.party,
            words::member_role(member.role).to_lowercase(),
            member.serves_from,
            member.serves_to
        ),
        guard: Guard::new(Some(term.version)),
        period_start: term.period.first_year(),
        parties: seat_plan
            .iter()
            .map(|(party, _, _)| Choice {
                value: party.clone(),
                label: party.clone(),
                selected: *party == chosen_party,
            })
            .collect(),
        roles: ROLES
            .iter()
            .map(|(role, value)| Choice {
                value: (*value).to_owned(),
                label: words::member_role(*role).to_owned(),
                selected: *value == chosen_role,
            })
            .collect(),
        typed,
        basis_hits,
        errors,
        stale,
    })
}

//! The membership of a body, as its secretary records it: the seat plan and members of a mandate
//! period, an appointment of a member or deputy (or a fyllnadsval to a seat left early), and an
//! early end with its reason. Each rests on a decision of the register, found by search rather
//! than typed as an id.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use domain::body_term::{Appointment, BodyTerm, BodyTermError, EndReason, Person, Role};
use domain::{CitesBasis, MandatePeriod, PartyCode};
use projections::membership::{membership, membership_versions, memberships_between, Member};
use projections::{KnownAt, ReadAt, ReadModel};
use register::requests::{MembershipAddress, TermAddress};
use register::{Actor, CommandOf, Gather, Register};
use serde::Deserialize;
use uuid::Uuid;

use crate::forms::{wait_until_shown, FieldErrors, Guard, Outcome, Recorder, Refusal, Submitted};
use crate::names::Names;
use crate::pages::secretary::require_secretary_of;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

pub mod appointment;
pub mod correction;
pub mod end;

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
pub(super) struct Term {
    pub(super) body_id: Uuid,
    pub(super) body_name: String,
    pub(super) period: MandatePeriod,
    pub(super) version: u64,
    /// The parties by name, as the register knows them now.
    pub(super) names: Names,
}

impl Term {
    pub(super) async fn open(
        state: &WebState,
        signed_in: &SignedIn,
        body_id: Uuid,
        period: Option<&str>,
    ) -> Result<Term, WebError> {
        let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
        let body_name = register
            .body_name(body_id)
            .await
            .map_err(|error: register::RegisterError<domain::body::BodyError>| {
                WebError::Store(eventlog::StoreFailure::of(&error))
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
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
        if version > 0 {
            let written = register
                .stream_written::<BodyTerm, BodyTermError>(&stream_id)
                .await
                .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
            wait_until_shown(state, ReadModel::Membership, written.position).await;
        }
        let known_at = projections::checkpoint(&state.pool, ReadModel::Citations).await?;
        Ok(Term {
            body_id,
            body_name,
            period,
            version,
            names: Names::gather(&state.pool, known_at, []).await?,
        })
    }

    pub(super) fn heading(&self) -> String {
        format!("{}, mandatperioden {}", self.body_name, self.period)
    }

    /// The seat plan of the period (as on its first day still to come, or its last) and every
    /// membership of the period, as the register knows them now.
    pub(super) async fn members(
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
    body_name: String,
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
                party: term.names.party(&version.member.party),
                replaced_at: version.replaced_at_position,
            })
            .collect();
        corrected.push((member.name.clone(), rows));
    }
    render_status(
        &MembersPage {
            chrome: DeskChrome::new(&signed_in),
            body_id,
            body_name: term.body_name.clone(),
            heading: term.heading(),
            period_start: term.period.first_year(),
            corrected,
            seat_plan,
            members: members
                .into_iter()
                .map(|member| MemberRow {
                    membership_id: member.membership_id,
                    name: member.name,
                    party: term.names.party(&member.party),
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
pub(super) const END_REASONS: [(EndReason, &str, &str); 6] = [
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
pub(super) const MEMBERSHIP_BASIS: &str =
    "Sök fram och välj beslutet som uppdraget vilar på, till exempel fullmäktiges val.";

/// The roles a member or deputy is appointed to.
pub(super) const ROLES: [(Role, &str); 4] = [
    (Role::Member, "ledamot"),
    (Role::Deputy, "ersattare"),
    (Role::Chair, "ordforande"),
    (Role::ViceChair, "vice_ordforande"),
];

/// The person's id: the one the form was shown with, so a retry names the same person.
pub(super) fn person_id(form: &Submitted) -> Uuid {
    form.text("person_id")
        .parse()
        .unwrap_or_else(|_| Uuid::new_v4())
}

pub(super) fn appointment_field(refusal: &Refusal) -> &'static str {
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
pub(super) fn optional_date(
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

/// The membership `membership_id` of the term, as recorded now.
pub(super) async fn recorded_membership(
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

/// The appointment a form describes, for the person `person_id`, or `None` with the errors of
/// the fields that do not read. Shared by the appointment and its correction.
pub(super) fn typed_appointment(
    form: &Submitted,
    errors: &mut FieldErrors,
    person_id: Uuid,
) -> Option<Appointment> {
    let name = errors.required(form, "namn", "personens namn").to_owned();
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
    let serves_from = errors.date(form, "fran", "första dagen");
    let serves_to = optional_date(errors, form, "till", "sista dagen");
    Some(Appointment {
        person: Person {
            id: person_id,
            name,
        },
        role: role?,
        party: party?,
        serves_from: serves_from?,
        serves_to: serves_to?,
    })
}

/// Records `request` on the term's stream through the register, once per form, guarded by the
/// version the form was shown from: what every membership form sends.
pub(super) async fn record_on_term<R>(
    state: &WebState,
    signed_in: &SignedIn,
    guard: Guard,
    address: R::Address,
    request: R,
) -> Result<Outcome<()>, WebError>
where
    R: Gather<Aggregate = BodyTerm>,
    CommandOf<R>: CitesBasis,
{
    Recorder::new(state, signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(address, request, version).await?;
            Ok(((), written))
        })
        .await
}

impl Term {
    /// The members' page of this term, where a recorded form goes back to.
    pub(super) fn members_page(&self) -> String {
        format!(
            "{}?period={}",
            members_path(self.body_id),
            self.period.first_year()
        )
    }

    /// The address of one membership of this term.
    pub(super) fn membership(&self, membership_id: Uuid) -> MembershipAddress {
        MembershipAddress {
            term: TermAddress {
                body_id: self.body_id,
                period: self.period,
            },
            membership_id,
        }
    }
}

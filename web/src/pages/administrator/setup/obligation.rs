//! Recording what a party owes under a cooperation: to whom, what kind of obligation, for which
//! period and when it falls due, on the decision it comes from, found by search, as
//! `POST /api/v1/obligations` does with the register's own `ObligationRequest`, which looks up the
//! cooperation's parties the debtor must be among.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::obligation::{Creditor, Due, ObligationKind};
use domain::{DateRange, PartyCode};
use projections::ReadModel;
use register::requests::ObligationRequest;
use uuid::Uuid;

use super::{field_for, hits, new_id, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The form's address for cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/ataganden/ny")
}

/// The kinds of obligation, as the form offers them.
const KINDS: [(ObligationKind, &str, &str); 8] = [
    (ObligationKind::CostShare, "cost_share", "Kostnadsandel"),
    (
        ObligationKind::AppointRepresentative,
        "appoint_representative",
        "Utse representant",
    ),
    (
        ObligationKind::ProvideStaff,
        "provide_staff",
        "Tillhandahålla personal (som värdpart)",
    ),
    (
        ObligationKind::ProvidePremises,
        "provide_premises",
        "Tillhandahålla lokaler (som värdpart)",
    ),
    (
        ObligationKind::ReportOrPlan,
        "report_or_plan",
        "Rapportera eller ta fram plan",
    ),
    (ObligationKind::PayFees, "pay_fees", "Betala arvoden"),
    (
        ObligationKind::DeliverArchives,
        "deliver_archives",
        "Leverera arkiv",
    ),
    (
        ObligationKind::GiveNotice,
        "give_notice",
        "Lämna besked eller säga upp",
    ),
];

/// When an obligation falls due, as the form offers it.
const DUES: [(&str, &str); 3] = [
    ("dag", "En viss dag"),
    ("arligen", "Varje år samma dag"),
    ("lopande", "Löpande under hela perioden"),
];

#[derive(Template)]
#[template(path = "administrator/setup/obligation.html")]
struct ObligationPage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    debtors: Vec<Choice>,
    creditors: Vec<Choice>,
    kinds: Vec<Choice>,
    dues: Vec<Choice>,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    typed.push("borgenar", "samverkan");
    let page = page(&signed_in, &desk, typed, Vec::new(), FieldErrors::default());
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
    let obligation_id = new_id(&form)?;
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(&signed_in, &desk, form, basis_hits, FieldErrors::default());
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let debtor = match form.text("galdenar").trim() {
        "" => {
            errors.add("galdenar", "Välj parten som har åtagandet.");
            None
        }
        code => match PartyCode::parse(code) {
            Ok(party) => Some(party),
            Err(_) => {
                errors.add("galdenar", "Välj en av parterna i listan.");
                None
            }
        },
    };
    let creditor = creditor(&mut errors, &form, cooperation_id);
    let kind = KINDS
        .iter()
        .find(|(_, value, _)| *value == form.text("slag"))
        .map(|(kind, _, _)| *kind);
    if kind.is_none() {
        errors.add("slag", "Välj vad för slags åtagande det är.");
    }
    let description = errors
        .required(&form, "beskrivning", "vad parten åtar sig")
        .to_owned();
    let from = errors.date(&form, "fran", "dagen åtagandet börjar gälla");
    let to = match form.text("till").trim() {
        "" => None,
        _ => errors.date(&form, "till", "sista dagen åtagandet gäller"),
    };
    let due = due(&mut errors, &form);
    let basis = picked_basis(&mut errors, &form);
    let (Some(debtor), Some(creditor), Some(kind), Some(from), Some(due), Some(basis), true) =
        (debtor, creditor, kind, from, due, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, form, basis_hits, errors);
        return render_status(&page, 400);
    };
    let request = ObligationRequest {
        cooperation_id,
        debtor,
        creditor,
        kind,
        description,
        period: DateRange { from, to },
        due,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(obligation_id, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("{}#ataganden", desk.path());
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Obligations, ReadModel::Cooperations],
        &next,
        |refusal| {
            field_for(
                refusal,
                &[
                    ("debtor", "galdenar"),
                    ("creditor", "borgenar"),
                    ("description", "beskrivning"),
                    ("period", "fran"),
                    ("due", "forfaller"),
                ],
                "beskrivning",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            let page = page(&signed_in, &desk, form, basis_hits, errors);
            render_status(&page, status)
        }
    }
}

/// To whom the obligation is owed: the cooperation itself, one of its parties or one of its
/// bodies, as the list offered them (`samverkan`, `part-2062`, `organ-<id>`).
fn creditor(errors: &mut FieldErrors, form: &Submitted, cooperation_id: Uuid) -> Option<Creditor> {
    let picked = form.text("borgenar").trim();
    let creditor = if picked == "samverkan" {
        Some(Creditor::Cooperation { cooperation_id })
    } else if let Some(code) = picked.strip_prefix("part-") {
        PartyCode::parse(code)
            .ok()
            .map(|party| Creditor::Party { party })
    } else if let Some(id) = picked.strip_prefix("organ-") {
        id.parse().ok().map(|body_id| Creditor::Body { body_id })
    } else {
        None
    };
    if creditor.is_none() {
        errors.add("borgenar", "Välj vem åtagandet gäller mot.");
    }
    creditor
}

/// When the obligation falls due: on a day, every year on a day written MM-DD, or throughout.
fn due(errors: &mut FieldErrors, form: &Submitted) -> Option<Due> {
    match form.text("forfaller") {
        "dag" => errors
            .date(form, "forfallodag", "dagen åtagandet förfaller")
            .map(|date| Due::On { date }),
        "arligen" => {
            let typed = form.text("arsdag").trim();
            let parsed = typed.split_once('-').and_then(|(month, day)| {
                match (month.trim().parse::<u32>(), day.trim().parse::<u32>()) {
                    (Ok(month), Ok(day)) => Some((month, day)),
                    _ => None,
                }
            });
            match parsed {
                Some((month, day)) => Some(Due::Yearly { month, day }),
                None => {
                    errors.add(
                        "arsdag",
                        if typed.is_empty() {
                            "Fyll i dagen varje år som MM-DD, till exempel 03-31.".to_owned()
                        } else {
                            format!(
                                "”{typed}” är ingen dag på året: skriv den som MM-DD, till \
                                 exempel 03-31."
                            )
                        },
                    );
                    None
                }
            }
        }
        "lopande" => Some(Due::Continuous),
        _ => {
            errors.add("forfaller", "Välj när åtagandet förfaller.");
            None
        }
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
) -> ObligationPage {
    let chosen_creditor = typed.text("borgenar").to_owned();
    let mut creditors = vec![Choice {
        selected: chosen_creditor == "samverkan",
        label: format!("Samverkan: {}", desk.entry.name),
        value: "samverkan".to_owned(),
    }];
    creditors.extend(desk.party_choices("").into_iter().map(|party| {
        let value = format!("part-{}", party.value);
        Choice {
            selected: chosen_creditor == value,
            label: format!("Part: {}", party.label),
            value,
        }
    }));
    creditors.extend(desk.bodies.iter().map(|(body_id, name)| {
        let value = format!("organ-{body_id}");
        Choice {
            selected: chosen_creditor == value,
            label: format!("Organ: {name}"),
            value,
        }
    }));
    let kinds = KINDS
        .iter()
        .map(|(_, value, label)| Choice {
            selected: typed.has("slag", value),
            label: (*label).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    let dues = DUES
        .iter()
        .map(|(value, label)| Choice {
            selected: typed.has("forfaller", value),
            label: (*label).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    ObligationPage {
        chrome: DeskChrome::new(signed_in),
        debtors: desk.party_choices(typed.text("galdenar")),
        // A new obligation is a new stream: the form writes once by its key.
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        creditors,
        kinds,
        dues,
    }
}

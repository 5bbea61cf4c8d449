//! How long carrying out a transition takes, and its preview and readiness, for a joint committee
//! of a realistic size.
//!
//! Each round sets up one joint committee of Haninge and Nynäshamn (as in seed 003): the
//! cooperation, its committee with a seat plan for 2023–2026 and `members` members, a mandate,
//! `obligations` obligations and `contracts` contracts whose ends are spread over four years from
//! the effective date. It plans the move to contract-based cooperation from 2025-01-01, in the
//! middle of the mandate period, so every membership ends early; settles every blocking step,
//! records both parties' decisions, maps every obligation and disposes of every contract (the four
//! dispositions in turn), and brings the read models up to date. Then it times three things:
//!
//! - readiness, the read-model query a user asks on the day before the effective date;
//! - [`Register::preview_transition`]: the events carrying out would write, proposed by every
//!   aggregate and applied to the read models in a transaction that is rolled back;
//! - [`Register::carry_out_transition`]: the facts read from the log, every consequence decided
//!   by its own aggregate, and everything appended in one transaction.
//!
//! A figure for a wrong result is worthless, so every round must be ready, its preview must have
//! no blockers, and the arrangement the read models show after carrying out must equal the
//! preview; otherwise the benchmark fails with [`BenchError::WrongResult`].

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, Person, Role, SeatAllocation,
};
use domain::contract::{
    Contract, ContractCommand, ContractKind, ExtensionOption, RegisterContract,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::governing_document::Clause;
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::transition::{
    template_steps, AgreementDraft, ContractDisposition, DecideContractDisposition, MapObligation,
    ObligationMapping, PlanTransition, RecordPartyDecision, SetStepStatus, StepStatus,
    SuccessorCooperation, SuccessorForm, SuccessorPlan, Transition, TransitionCommand,
};
use domain::{DateRange, LegalBasis, MandatePeriod, PartyCode};
use eventlog::LogReader;
use projections::transitions::{arrangement, readiness};
use projections::{ProjectionRunner, ReadAt};
use sqlx::PgPool;
use uuid::Uuid;

use super::{in_scratch_database, latency, BenchError};
use register::database::{BootstrapOptions, DatabaseSource};
use register::{Actor, Register};

/// What to measure.
#[derive(Debug, Clone)]
pub struct TransitionBenchOptions {
    /// How many contracts the committee holds, each disposed of.
    pub contracts: u32,
    /// How many obligations the cooperation's parties owe, each mapped.
    pub obligations: u32,
    /// How many members the committee has for 2023–2026, each ended early by carrying out.
    pub members: u16,
    /// How many committees to set up and carry out, one per round.
    pub rounds: u16,
}

/// The median and the slowest of one measurement over the rounds, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    pub median: f64,
    pub max: f64,
}

#[derive(Debug)]
pub struct TransitionBenchReport {
    pub source: DatabaseSource,
    pub options: TransitionBenchOptions,
    pub effective_on: NaiveDate,
    /// The events each round writes before carrying out: the committee and the plan.
    pub set_up_events: u64,
    /// The head of the log when the last round was carried out.
    pub log_events: u64,
    pub readiness: Spread,
    pub preview: Spread,
    pub carry_out: Spread,
    /// The events carrying out wrote, the same in every round.
    pub carried_out_events: u64,
    /// The events carrying out wrote per second, at the median carry-out time.
    pub carried_out_events_per_second: f64,
}

/// The two parties of seed 003.
const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";
/// The first year of the mandate period the committee's members serve.
const PERIOD_FIRST_YEAR: i32 = 2023;
/// More than any committee has; the seat plan counts seats in `u16`, and appointing takes one
/// command each.
const MAX_MEMBERS: u16 = 400;
/// Every disposition and mapping is an event on the plan's stream, which each command on the plan
/// loads, so setting up grows with the square of these.
const MAX_CONTRACTS: u32 = 2000;
const MAX_OBLIGATIONS: u32 = 2000;
const MAX_ROUNDS: u16 = 100;

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &TransitionBenchOptions,
) -> Result<TransitionBenchReport, BenchError> {
    if options.rounds == 0 || options.rounds > MAX_ROUNDS {
        return Err(BenchError::NothingToMeasure(
            "--rounds must be from 1 to 100: each round sets up and carries out one committee",
        ));
    }
    if options.members < 2 || options.members > MAX_MEMBERS {
        return Err(BenchError::NothingToMeasure(
            "--members must be from 2 to 400: both parties of a joint committee need a member seat",
        ));
    }
    if options.contracts > MAX_CONTRACTS {
        return Err(BenchError::NothingToMeasure(
            "--contracts must be from 0 to 2000: each disposition is an event on the plan's stream",
        ));
    }
    if options.obligations > MAX_OBLIGATIONS {
        return Err(BenchError::NothingToMeasure(
            "--obligations must be from 0 to 2000: each mapping is an event on the plan's stream",
        ));
    }
    let (measured, source) =
        in_scratch_database(
            bootstrap,
            4,
            |pool| async move { measure(pool, options).await },
        )
        .await?;
    let rounds = measured.rounds;
    let carried_out_events = rounds.first().map_or(0, |round| round.carried_out_events);
    if let Some(round) = rounds
        .iter()
        .find(|round| round.carried_out_events != carried_out_events)
    {
        return Err(BenchError::WrongResult(format!(
            "identical rounds wrote different numbers of events when carried out: {} and {}",
            carried_out_events, round.carried_out_events
        )));
    }
    let carry_out = spread(rounds.iter().map(|round| round.carry_out).collect());
    Ok(TransitionBenchReport {
        source,
        options: options.clone(),
        effective_on: measured.effective_on,
        set_up_events: rounds.first().map_or(0, |round| round.set_up_events),
        log_events: measured.log_events,
        readiness: spread(rounds.iter().map(|round| round.readiness).collect()),
        preview: spread(rounds.iter().map(|round| round.preview).collect()),
        carry_out,
        carried_out_events,
        carried_out_events_per_second: carried_out_events as f64
            / (carry_out.median / 1e3).max(f64::EPSILON),
    })
}

/// The median (as every benchmark computes it) and the maximum of `times`, in milliseconds.
fn spread(times: Vec<Duration>) -> Spread {
    let max = times
        .iter()
        .map(|time| time.as_secs_f64() * 1e3)
        .fold(0.0, f64::max);
    Spread {
        median: latency(times).median / 1e3,
        max,
    }
}

/// What one round measured.
#[derive(Debug, Clone, Copy)]
struct Round {
    set_up_events: u64,
    readiness: Duration,
    preview: Duration,
    carry_out: Duration,
    carried_out_events: u64,
}

struct Measured {
    rounds: Vec<Round>,
    effective_on: NaiveDate,
    log_events: u64,
}

async fn measure(pool: PgPool, options: &TransitionBenchOptions) -> Result<Measured, BenchError> {
    let register = Register::new(
        eventlog::EventLog::new(pool.clone()),
        Actor::operator("bench transition"),
    );
    let runner = ProjectionRunner::new(pool.clone());
    runner.prepare().await?;
    let log = LogReader::new(pool.clone());
    let fixture = Fixture::new()?;
    let mut rounds = Vec::with_capacity(usize::from(options.rounds));
    let mut log_events = 0;
    for _ in 0..options.rounds {
        let head_before_set_up = log.head().await?.position.get();
        let committee = fixture.committee(&register, options).await?;
        fixture.plan(&register, &committee).await?;
        runner.catch_up_all().await?;
        // Statistics that still describe a nearly empty log would let the planner scan every
        // event for a lookup an index answers, as the decisions benchmark explains; autovacuum
        // would have analysed a live register long since.
        sqlx::query("ANALYZE").execute(&pool).await?;
        let head_before = log.head().await?.position.get();
        let mut round = fixture.time_round(&register, &pool, &committee).await?;
        round.set_up_events = head_before - head_before_set_up;
        log_events = head_before + round.carried_out_events;
        rounds.push(round);
    }
    Ok(Measured {
        rounds,
        effective_on: fixture.effective_on,
        log_events,
    })
}

/// A joint committee of `members` members, `contracts` contracts and `obligations` obligations,
/// and a plan to replace it from 2025-01-01 with everything that would block it settled, as each
/// round of this benchmark sets up: what the pages benchmark times the transition workbench on.
/// Returns the plan's id.
pub async fn ready_plan(
    register: &Register,
    contracts: u32,
    obligations: u32,
    members: u16,
) -> Result<Uuid, BenchError> {
    let fixture = Fixture::new()?;
    let options = TransitionBenchOptions {
        contracts,
        obligations,
        members,
        rounds: 1,
    };
    let committee = fixture.committee(register, &options).await?;
    fixture.plan(register, &committee).await?;
    Ok(committee.transition_id)
}

/// The day `ordinal` (1 is 1 January) of `year`.
fn day(year: i32, ordinal: u32) -> Result<NaiveDate, BenchError> {
    NaiveDate::from_yo_opt(year, ordinal).ok_or(BenchError::DateFixture { year, ordinal })
}

/// `days` days after `date`, or `date` itself at the end of the calendar.
fn after(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(date)
}

/// One round's committee and plan.
struct Committee {
    cooperation_id: Uuid,
    body_id: Uuid,
    transition_id: Uuid,
    successor_id: Uuid,
    contract_ids: Vec<Uuid>,
    obligation_ids: Vec<Uuid>,
}

/// The dates of every round, the same each time so that every round does the same work.
struct Fixture {
    haninge: PartyCode,
    nynashamn: PartyCode,
    category: Category,
    founded_on: NaiveDate,
    /// The first day of the contract-based cooperation, in the middle of 2023–2026.
    effective_on: NaiveDate,
    planned_on: NaiveDate,
    parties_decided_on: NaiveDate,
    mapped_on: NaiveDate,
    steps_done_on: NaiveDate,
    carry_out_decided_on: NaiveDate,
}

impl Fixture {
    fn new() -> Result<Self, BenchError> {
        Ok(Fixture {
            haninge: PartyCode::parse(HANINGE)?,
            nynashamn: PartyCode::parse(NYNASHAMN)?,
            category: Category::parse("upphandling")?,
            founded_on: day(2012, 1)?,
            effective_on: day(2025, 1)?,
            planned_on: day(2024, 43)?,
            parties_decided_on: day(2024, 162)?,
            mapped_on: day(2024, 289)?,
            steps_done_on: day(2024, 320)?,
            carry_out_decided_on: day(2024, 351)?,
        })
    }

    fn parties(&self) -> Vec<PartyCode> {
        vec![self.haninge.clone(), self.nynashamn.clone()]
    }

    /// Haninge for even indices, Nynäshamn for odd ones.
    fn party(&self, index: u32) -> PartyCode {
        if index.is_multiple_of(2) {
            self.haninge.clone()
        } else {
            self.nynashamn.clone()
        }
    }

    fn basis(issuer: &str, decided_on: NaiveDate) -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: issuer.to_owned(),
            decided_on,
            reference: Some("§ 1 (benchmark)".to_owned()),
            registry_number: None,
        }
    }

    fn founding(&self) -> LegalBasis {
        Self::basis("Kommunfullmäktige Haninge (benchmark)", self.founded_on)
    }

    fn dissolution(&self) -> LegalBasis {
        Self::basis("Kommunfullmäktige Haninge (benchmark)", self.planned_on)
    }

    fn carry_out_basis(&self) -> LegalBasis {
        Self::basis(
            "Kommunstyrelsen Haninge (benchmark)",
            self.carry_out_decided_on,
        )
    }

    /// The cooperation, its committee with every member appointed, its mandate, obligations and
    /// contracts.
    async fn committee(
        &self,
        register: &Register,
        options: &TransitionBenchOptions,
    ) -> Result<Committee, BenchError> {
        let committee = Committee {
            cooperation_id: Uuid::new_v4(),
            body_id: Uuid::new_v4(),
            transition_id: Uuid::new_v4(),
            successor_id: Uuid::new_v4(),
            contract_ids: (0..options.contracts).map(|_| Uuid::new_v4()).collect(),
            obligation_ids: (0..options.obligations).map(|_| Uuid::new_v4()).collect(),
        };
        register
            .execute::<Cooperation>(
                &committee.cooperation_id.to_string(),
                CooperationCommand::Establish(EstablishCooperation {
                    name: "Upphandling Södertörn (benchmark)".to_owned(),
                    form: CooperationForm::JointCommittee,
                    host: self.haninge.clone(),
                    parties: self.parties(),
                    established_on: self.founded_on,
                    predecessor: None,
                    bases: self.founding().into(),
                }),
            )
            .await?;
        register
            .execute::<Body>(
                &committee.body_id.to_string(),
                BodyCommand::Establish(EstablishBody {
                    cooperation_id: committee.cooperation_id,
                    cooperation_established_on: self.founded_on,
                    kind: BodyKind::Committee,
                    name: "Södertörns upphandlingsnämnd (benchmark)".to_owned(),
                    established_on: self.founded_on,
                    basis: self.founding(),
                }),
            )
            .await?;
        self.seat_members(register, committee.body_id, options.members)
            .await?;
        register
            .execute::<Mandate>(
                &Uuid::new_v4().to_string(),
                MandateCommand::Grant(GrantMandate {
                    holder: MandateHolder::Body {
                        body_id: committee.body_id,
                    },
                    category: self.category.clone(),
                    scope: "Gemensamma upphandlingar för Haninge och Nynäshamn (benchmark)"
                        .to_owned(),
                    exclusions: Vec::new(),
                    valid: DateRange {
                        from: self.founded_on,
                        to: None,
                    },
                    basis: self.founding(),
                }),
            )
            .await?;
        for (index, obligation_id) in (0..).zip(&committee.obligation_ids) {
            self.record_obligation(register, committee.cooperation_id, *obligation_id, index)
                .await?;
        }
        for (index, contract_id) in (0..).zip(&committee.contract_ids) {
            self.register_contract(register, committee.cooperation_id, *contract_id, index)
                .await?;
        }
        Ok(committee)
    }

    /// A seat plan for 2023–2026 with one seat per member (Haninge the larger half) and a deputy
    /// seat each, and every member seat filled for the whole period.
    async fn seat_members(
        &self,
        register: &Register,
        body_id: Uuid,
        members: u16,
    ) -> Result<(), BenchError> {
        let period = MandatePeriod::beginning(PERIOD_FIRST_YEAR)?;
        let stream = BodyTerm::stream_id(body_id, period);
        let haninge_members = members.div_ceil(2);
        register
            .execute::<BodyTerm>(
                &stream,
                BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                    body_id,
                    period,
                    seats: vec![
                        SeatAllocation {
                            party: self.haninge.clone(),
                            members: haninge_members,
                            deputies: 1,
                        },
                        SeatAllocation {
                            party: self.nynashamn.clone(),
                            members: members - haninge_members,
                            deputies: 1,
                        },
                    ],
                    is_joint_committee: true,
                    cooperation_parties: self.parties(),
                    basis: self.founding(),
                }),
            )
            .await?;
        for index in 0..members {
            let (role, party) = match index {
                0 => (Role::Chair, &self.haninge),
                1 => (Role::ViceChair, &self.nynashamn),
                _ if index < haninge_members + 1 => (Role::Member, &self.haninge),
                _ => (Role::Member, &self.nynashamn),
            };
            register
                .execute::<BodyTerm>(
                    &stream,
                    BodyTermCommand::Appoint(Appoint {
                        membership_id: Uuid::new_v4(),
                        appointment: Appointment {
                            person: Person {
                                id: Uuid::new_v4(),
                                name: format!("Ledamot {} (benchmark)", index + 1),
                            },
                            role,
                            party: party.clone(),
                            serves_from: period.first_day(),
                            serves_to: None,
                        },
                        replaces: None,
                        cooperation_parties: self.parties(),
                        basis: self.founding(),
                    }),
                )
                .await?;
        }
        Ok(())
    }

    /// Obligation `index`: four kinds in turn, owed by each party in turn to the cooperation,
    /// continuously or every year.
    async fn record_obligation(
        &self,
        register: &Register,
        cooperation_id: Uuid,
        obligation_id: Uuid,
        index: u32,
    ) -> Result<(), BenchError> {
        let kinds = [
            ObligationKind::CostShare,
            ObligationKind::ProvideStaff,
            ObligationKind::ProvidePremises,
            ObligationKind::ReportOrPlan,
        ];
        let kind = kinds[usize::try_from(index).unwrap_or_default() % kinds.len()];
        let due = if index.is_multiple_of(2) {
            Due::Continuous
        } else {
            Due::Yearly { month: 3, day: 31 }
        };
        register
            .execute::<Obligation>(
                &obligation_id.to_string(),
                ObligationCommand::Record(RecordObligation {
                    cooperation_id,
                    cooperation_parties: self.parties(),
                    debtor: self.party(index),
                    creditor: Creditor::Cooperation { cooperation_id },
                    kind,
                    description: format!("Åtagande {} (benchmark)", index + 1),
                    period: DateRange {
                        from: self.founded_on,
                        to: None,
                    },
                    due,
                    basis: self.founding(),
                }),
            )
            .await?;
        Ok(())
    }

    /// Contract `index`: its last day from the effective date to four years after it, every
    /// third with a year's extension option, and every fifth called off by Haninge alone.
    async fn register_contract(
        &self,
        register: &Register,
        cooperation_id: Uuid,
        contract_id: Uuid,
        index: u32,
    ) -> Result<(), BenchError> {
        let ends_on = after(self.effective_on, (index * 53) % 1461);
        let extension_options = if index.is_multiple_of(3) {
            vec![ExtensionOption {
                extends_to: after(ends_on, 365),
            }]
        } else {
            Vec::new()
        };
        let callers = if index.is_multiple_of(5) {
            vec![self.haninge.clone()]
        } else {
            self.parties()
        };
        register
            .execute::<Contract>(
                &contract_id.to_string(),
                ContractCommand::Register(RegisterContract {
                    cooperation_id,
                    cooperation_parties: self.parties(),
                    title: format!("Ramavtal {} (benchmark)", index + 1),
                    category: "Upphandling (benchmark)".to_owned(),
                    supplier: "Leverantör AB (benchmark)".to_owned(),
                    kind: if index.is_multiple_of(2) {
                        ContractKind::FrameworkAgreement
                    } else {
                        ContractKind::Contract
                    },
                    registry_number: None,
                    callers,
                    starts_on: day(2022, 1)?,
                    ends_on,
                    extension_options,
                    basis: self.founding(),
                }),
            )
            .await?;
        Ok(())
    }

    /// Plans the move to contract-based cooperation and settles everything that would block it:
    /// every contract disposed of, every obligation mapped, both parties' decisions, and every
    /// blocking step done in the template's order, which is the order of its dependencies.
    async fn plan(&self, register: &Register, committee: &Committee) -> Result<(), BenchError> {
        let stream = committee.transition_id.to_string();
        let successor = SuccessorPlan {
            form: SuccessorForm::ContractBased,
            cooperation: Some(SuccessorCooperation {
                cooperation_id: committee.successor_id,
                name: "Upphandlingssamverkan Haninge–Nynäshamn (benchmark)".to_owned(),
                host: self.haninge.clone(),
                parties: self.parties(),
                agreement: Some(AgreementDraft {
                    document_id: Uuid::new_v4(),
                    title: "Samverkansavtal om upphandling (benchmark)".to_owned(),
                    clauses: vec![Clause {
                        number: "§ 1".to_owned(),
                        text: "Haninge kommun genomför upphandlingar åt Nynäshamns kommun."
                            .to_owned(),
                    }],
                }),
            }),
        };
        register
            .execute::<Transition>(
                &stream,
                TransitionCommand::Plan(PlanTransition {
                    cooperation_id: committee.cooperation_id,
                    cooperation_form: CooperationForm::JointCommittee,
                    cooperation_parties: self.parties(),
                    cooperation_established_on: self.founded_on,
                    successor,
                    effective_on: self.effective_on,
                    basis: self.dissolution(),
                }),
            )
            .await?;
        for (party, issuer) in [
            (&self.haninge, "Kommunfullmäktige Haninge (benchmark)"),
            (&self.nynashamn, "Kommunfullmäktige Nynäshamn (benchmark)"),
        ] {
            register
                .execute::<Transition>(
                    &stream,
                    TransitionCommand::RecordPartyDecision(RecordPartyDecision {
                        party: party.clone(),
                        decided_on: self.parties_decided_on,
                        basis: Self::basis(issuer, self.parties_decided_on),
                    }),
                )
                .await?;
        }
        for (index, obligation_id) in (0..).zip(&committee.obligation_ids) {
            let mapping = match index % 3 {
                0 => ObligationMapping::CarriedToSuccessor {
                    successor_obligation_id: Uuid::new_v4(),
                },
                // Half of these stay with the debtor under the successor, half are transferred
                // to the other party.
                1 => ObligationMapping::MovesToParty {
                    party: self.party(index + (index / 3) % 2),
                    successor_obligation_id: Uuid::new_v4(),
                },
                _ => ObligationMapping::Ends,
            };
            register
                .execute::<Transition>(
                    &stream,
                    TransitionCommand::MapObligation(MapObligation {
                        obligation_id: *obligation_id,
                        obligation_cooperation_id: committee.cooperation_id,
                        mapping,
                        decided_on: self.mapped_on,
                        basis: self.dissolution(),
                    }),
                )
                .await?;
        }
        for (index, contract_id) in (0..).zip(&committee.contract_ids) {
            let disposition = match index % 4 {
                0 => ContractDisposition::ContinuesJointly,
                1 => ContractDisposition::MovesToParty {
                    party: self.party(index / 4),
                },
                2 => ContractDisposition::EndsAtExpiry,
                _ => ContractDisposition::ProcuredAgainBy {
                    party: self.party(index / 4),
                },
            };
            register
                .execute::<Transition>(
                    &stream,
                    TransitionCommand::DecideContractDisposition(DecideContractDisposition {
                        contract_id: *contract_id,
                        contract_cooperation_id: committee.cooperation_id,
                        disposition,
                        decided_on: self.mapped_on,
                        basis: self.dissolution(),
                    }),
                )
                .await?;
        }
        for step in template_steps(
            CooperationForm::JointCommittee,
            SuccessorForm::ContractBased,
        )
        .into_iter()
        .filter(|step| step.blocking)
        {
            register
                .execute::<Transition>(
                    &stream,
                    TransitionCommand::SetStepStatus(SetStepStatus {
                        step: step.key,
                        status: StepStatus::Done,
                        on: self.steps_done_on,
                        basis: self.dissolution(),
                    }),
                )
                .await?;
        }
        Ok(())
    }

    /// Times readiness, the preview and carrying out, then checks that the register after
    /// carrying out shows exactly what the preview showed.
    async fn time_round(
        &self,
        register: &Register,
        pool: &PgPool,
        committee: &Committee,
    ) -> Result<Round, BenchError> {
        let transition_id = committee.transition_id;
        let day_before = self.effective_on.pred_opt().unwrap_or(self.effective_on);

        let started = Instant::now();
        let ready = readiness(pool, transition_id, ReadAt::on(day_before)).await?;
        let readiness_time = started.elapsed();
        match ready {
            Some(answer) if answer.readiness.ready => {}
            Some(answer) => {
                return Err(BenchError::WrongResult(format!(
                    "the plan is not ready on {day_before}: {:?}",
                    answer.readiness.reasons
                )))
            }
            None => {
                return Err(BenchError::WrongResult(
                    "the transitions read model does not know the plan".to_owned(),
                ))
            }
        }

        let started = Instant::now();
        let preview = register
            .preview_transition(transition_id, self.carry_out_basis())
            .await?;
        let preview_time = started.elapsed();
        if !preview.blockers.is_empty() {
            return Err(BenchError::WrongResult(format!(
                "the preview still has blockers: {:?}",
                preview.blockers
            )));
        }

        let scope = register.arrangement_scope(transition_id).await?;
        let head_before = LogReader::new(pool.clone()).head().await?.position.get();
        let started = Instant::now();
        let written = register
            .carry_out_transition(
                transition_id,
                self.effective_on,
                self.carry_out_basis(),
                None,
            )
            .await?;
        let carry_out_time = started.elapsed();

        ProjectionRunner::new(pool.clone()).catch_up_all().await?;
        let carried_out = arrangement(
            pool,
            &scope,
            ReadAt::on(self.effective_on).min_position(written.position),
        )
        .await?;
        if carried_out != preview.arrangement {
            return Err(BenchError::WrongResult(format!(
                "the arrangement on {} after carrying out (known at {}) differs from the preview (known at {})",
                self.effective_on, carried_out.known_at, preview.arrangement.known_at
            )));
        }
        Ok(Round {
            // The caller counts the set-up, which happened before this was called.
            set_up_events: 0,
            readiness: readiness_time,
            preview: preview_time,
            carry_out: carry_out_time,
            carried_out_events: written.position.get() - head_before,
        })
    }
}

impl fmt::Display for TransitionBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options = &self.options;
        writeln!(
            formatter,
            "transition: {} rounds, scratch database on {}",
            options.rounds, self.source
        )?;
        writeln!(
            formatter,
            "each round: a joint committee with {} members for 2023–2026, a mandate, {} obligations (each mapped) and {} contracts (each disposed of), {} events, replaced by contract-based cooperation from {}; the log held {} events when the last round was carried out",
            options.members,
            options.obligations,
            options.contracts,
            self.set_up_events,
            self.effective_on,
            self.log_events
        )?;
        writeln!(
            formatter,
            "{:>10}  {:>8}  {:>8}  what is timed",
            "", "p50 ms", "max ms"
        )?;
        for (name, spread, what) in [
            (
                "readiness",
                self.readiness,
                "the read-model query, as of the day before the effective date",
            ),
            (
                "preview",
                self.preview,
                "every consequence proposed, applied to the read models and rolled back",
            ),
            (
                "carry out",
                self.carry_out,
                "facts from the log, every consequence decided, one transaction",
            ),
        ] {
            writeln!(
                formatter,
                "{:>10}  {:>8.1}  {:>8.1}  {}",
                name, spread.median, spread.max, what
            )?;
        }
        writeln!(
            formatter,
            "carrying out wrote {} events per round: {:.0} events/s at the p50",
            self.carried_out_events, self.carried_out_events_per_second
        )?;
        writeln!(
            formatter,
            "in every round the arrangement after carrying out equals the preview"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(members: u16, rounds: u16) -> TransitionBenchOptions {
        TransitionBenchOptions {
            contracts: 4,
            obligations: 3,
            members,
            rounds,
        }
    }

    /// Options are checked before any database is looked for, so these need none.
    fn nowhere() -> BootstrapOptions {
        BootstrapOptions::new(
            Some("postgres://nobody@127.0.0.1:1/nothing".to_owned()),
            std::path::PathBuf::from("/nonexistent"),
        )
    }

    #[test]
    fn the_spread_is_the_median_and_the_slowest_round() {
        let measured = spread(vec![
            Duration::from_millis(3),
            Duration::from_millis(1),
            Duration::from_millis(2),
        ]);

        assert_eq!((measured.median, measured.max), (2.0, 3.0));
    }

    #[tokio::test]
    async fn a_committee_of_one_member_is_nothing_to_measure() {
        let refused = run(&nowhere(), &options(1, 1)).await;

        let Err(BenchError::NothingToMeasure(reason)) = refused else {
            panic!("nothing to measure expected: {refused:?}");
        };
        assert_eq!(
            reason,
            "--members must be from 2 to 400: both parties of a joint committee need a member seat"
        );
    }

    #[tokio::test]
    async fn no_rounds_is_nothing_to_measure() {
        let refused = run(&nowhere(), &options(6, 0)).await;

        let Err(BenchError::NothingToMeasure(reason)) = refused else {
            panic!("nothing to measure expected: {refused:?}");
        };
        assert_eq!(
            reason,
            "--rounds must be from 1 to 100: each round sets up and carries out one committee"
        );
    }
}

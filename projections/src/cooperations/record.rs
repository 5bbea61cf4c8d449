//! What the read model keeps of a cooperation, and how each event changes it. Pure, so that the
//! rules are tested without a database.

use chrono::NaiveDate;
use domain::cooperation::{
    CooperationEstablished, CooperationEvent, CooperationForm, CooperationStatus,
};
use domain::PartyCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A cooperation as its events describe it, with every date in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CooperationRecord {
    pub name: String,
    pub form: CooperationForm,
    pub host: PartyCode,
    pub founding_parties: Vec<PartyCode>,
    /// Parties that joined later, with the day each joined.
    pub joined: Vec<(PartyCode, NaiveDate)>,
    pub established_on: NaiveDate,
    pub predecessor: Option<Uuid>,
    pub dissolution: Option<Dissolution>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Dissolution {
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub successor: Option<Uuid>,
}

impl CooperationRecord {
    /// The record after `event`; `None` when the event cannot apply to what is known (an event
    /// before the establishment), which the caller reports as a missing row.
    pub fn after(previous: Option<&CooperationRecord>, event: CooperationEvent) -> Option<Self> {
        match event {
            CooperationEvent::CooperationEstablished(established) => {
                Some(Self::established(established, previous))
            }
            CooperationEvent::EstablishmentCorrected(corrected) => {
                Some(Self::established(corrected.established, previous))
            }
            CooperationEvent::PartyJoined(joined) => {
                let mut record = previous?.clone();
                record.joined.push((joined.party, joined.joins_on));
                Some(record)
            }
            CooperationEvent::DissolutionDecided(decided) => {
                let mut record = previous?.clone();
                record.dissolution = Some(Dissolution {
                    decided_on: decided.decided_on,
                    effective_on: decided.effective_on,
                    successor: decided.successor,
                });
                Some(record)
            }
        }
    }

    /// The establishment as recorded or corrected; parties that joined and a dissolution already
    /// decided stay, since a correction restates only the establishment.
    fn established(established: CooperationEstablished, previous: Option<&Self>) -> Self {
        CooperationRecord {
            name: established.name,
            form: established.form,
            host: established.host,
            founding_parties: established.parties,
            joined: previous
                .map(|record| record.joined.clone())
                .unwrap_or_default(),
            established_on: established.established_on,
            predecessor: established.predecessor,
            dissolution: previous.and_then(|record| record.dissolution),
        }
    }

    /// Where the cooperation stands on `date`.
    pub fn status_on(&self, date: NaiveDate) -> CooperationStatus {
        if date < self.established_on {
            return CooperationStatus::NotYetEstablished;
        }
        match self.dissolution {
            Some(dissolution) if date >= dissolution.effective_on => CooperationStatus::Dissolved,
            Some(dissolution) if date >= dissolution.decided_on => CooperationStatus::Dissolving,
            _ => CooperationStatus::Active,
        }
    }

    /// The parties on `date`: the founding parties from the establishment, and each party that
    /// joined from its day; none before the establishment.
    pub fn parties_on(&self, date: NaiveDate) -> Vec<PartyCode> {
        if date < self.established_on {
            return Vec::new();
        }
        let mut parties: Vec<PartyCode> = self
            .founding_parties
            .iter()
            .cloned()
            .chain(
                self.joined
                    .iter()
                    .filter(|(_, joins_on)| *joins_on <= date)
                    .map(|(party, _)| party.clone()),
            )
            .collect();
        parties.sort();
        parties.dedup();
        parties
    }
}

#[cfg(test)]
mod tests {
    use domain::cooperation::{DissolutionDecided, PartyJoined};
    use domain::LegalBasis;

    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn code(text: &str) -> PartyCode {
        PartyCode::parse(text).unwrap()
    }

    fn basis() -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: "KF Mora".into(),
            decided_on: date("2019-11-25"),
            reference: None,
            registry_number: None,
        }
    }

    fn established() -> CooperationRecord {
        CooperationRecord::after(
            None,
            CooperationEvent::CooperationEstablished(CooperationEstablished {
                name: "Upphandlingssamverkan Mora, Orsa och Älvdalen".into(),
                form: CooperationForm::HostRunCentralPurchasingBody,
                host: code("2062"),
                parties: vec![code("2062"), code("2034"), code("2039")],
                established_on: date("2020-01-01"),
                predecessor: None,
                bases: basis().into(),
            }),
        )
        .unwrap()
    }

    #[test]
    fn parties_count_from_the_establishment_and_each_from_the_day_it_joins() {
        let record = CooperationRecord::after(
            Some(&established()),
            CooperationEvent::PartyJoined(PartyJoined {
                party: code("2080"),
                joins_on: date("2021-01-01"),
                basis: basis(),
            }),
        )
        .unwrap();
        assert_eq!(record.parties_on(date("2019-12-31")), vec![]);
        assert_eq!(
            record.parties_on(date("2020-12-31")),
            vec![code("2034"), code("2039"), code("2062")]
        );
        assert_eq!(
            record.parties_on(date("2021-01-01")),
            vec![code("2034"), code("2039"), code("2062"), code("2080")]
        );
    }

    #[test]
    fn a_dissolution_is_decided_then_in_effect() {
        let record = CooperationRecord::after(
            Some(&established()),
            CooperationEvent::DissolutionDecided(DissolutionDecided {
                decided_on: date("2023-10-01"),
                effective_on: date("2024-07-01"),
                successor: None,
                bases: basis().into(),
            }),
        )
        .unwrap();
        assert_eq!(
            record.status_on(date("2019-12-31")),
            CooperationStatus::NotYetEstablished
        );
        assert_eq!(
            record.status_on(date("2023-09-30")),
            CooperationStatus::Active
        );
        assert_eq!(
            record.status_on(date("2024-06-30")),
            CooperationStatus::Dissolving
        );
        assert_eq!(
            record.status_on(date("2024-07-01")),
            CooperationStatus::Dissolved
        );
    }

    #[test]
    fn nothing_but_an_establishment_starts_a_record() {
        assert_eq!(
            CooperationRecord::after(
                None,
                CooperationEvent::PartyJoined(PartyJoined {
                    party: code("2080"),
                    joins_on: date("2021-01-01"),
                    basis: basis(),
                }),
            ),
            None
        );
    }
}

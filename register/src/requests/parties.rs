//! Requests on parties. A population figure is recorded only for a party the register holds.

use chrono::NaiveDate;
use domain::party::{
    Party, PopulationCommand, PopulationError, PopulationFigure, RecordPopulation,
};
use domain::PartyCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{Gather, Register, RegisterError, StreamAddress};

/// A party is addressed by its official code, which names its stream.
impl StreamAddress for PartyCode {
    fn stream_id(&self) -> String {
        self.as_str().to_owned()
    }
}

/// A population figure of a party on a reference date, such as 31 December of a year.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PopulationFigureRequest {
    #[schema(example = "2020-12-31")]
    pub reference_date: NaiveDate,
    #[schema(example = 20_326)]
    pub population: u32,
    /// Where the figure comes from, for example "SCB, folkmängd 31 december 2020".
    pub source: String,
}

/// A figure is addressed to its party, and its reference date, in the request, completes the name
/// of its stream. The party in the address must be recorded.
impl Gather for PopulationFigureRequest {
    type Aggregate = PopulationFigure;
    type Address = PartyCode;

    fn stream_id(&self, party: &PartyCode) -> String {
        PopulationFigure::stream_id(party, self.reference_date)
    }

    async fn gather(
        self,
        register: &Register,
        party: &PartyCode,
    ) -> Result<PopulationCommand, RegisterError<PopulationError>> {
        register
            .require_addressed::<Party, _>("party", &party.stream_id())
            .await?;
        Ok(PopulationCommand::Record(RecordPopulation {
            party: party.clone(),
            reference_date: self.reference_date,
            population: self.population,
            source: self.source,
        }))
    }
}

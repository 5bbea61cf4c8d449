use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{Category, MandateHolder};
use crate::{DateRange, LegalBasis};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MandateCommand {
    Grant(GrantMandate),
    Delegate(DelegateMandate),
    End(EndMandate),
    Correct(CorrectMandate),
}

/// Records a mandate and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct GrantMandate {
    pub holder: MandateHolder,
    pub category: Category,
    pub scope: String,
    pub exclusions: Vec<Category>,
    pub valid: DateRange,
    pub basis: LegalBasis,
}

/// Delegates part of the mandate to an official.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct DelegateMandate {
    pub delegation_id: Uuid,
    pub delegate: String,
    pub category: Category,
    pub valid: DateRange,
    pub basis: LegalBasis,
}

/// Ends the mandate after `last_day`, for example when its body is dissolved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct EndMandate {
    pub last_day: NaiveDate,
    pub basis: LegalBasis,
}

/// Corrects a grant recorded wrongly (rättelse): `grant` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectMandate {
    pub grant: GrantMandate,
    pub reason: String,
}

impl crate::CitesBasis for MandateCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            MandateCommand::Grant(command) => Some(("basis", &command.basis)),
            MandateCommand::Delegate(command) => Some(("basis", &command.basis)),
            MandateCommand::End(command) => Some(("basis", &command.basis)),
            MandateCommand::Correct(command) => Some(("grant.basis", &command.grant.basis)),
        }
    }
}

//! The requests the register's faces send: what the caller decides, and never a fact the
//! register holds. Each implements [`Gather`](super::Gather), which looks those facts up, so that
//! the JSON API, the web app and the tests all record through one fact-gathering step per
//! command. The types derive `Deserialize` and `ToSchema` because the JSON API takes them as
//! they are and documents them under the same names.
//!
//! Where a domain command carries no fact (granting a mandate, setting a goal), the command is
//! its own request: `Gather` is implemented for it here, and only checks the references it makes.

mod allocation;
mod bodies;
mod contracts;
mod documents;
mod goals;
mod mandates;
mod obligations;
mod parties;
mod transitions;

pub use allocation::{AllocationKeyRequest, BudgetRequest, CorrectAllocationKeyRequest};
pub use bodies::{
    AppointmentCorrectionRequest, AppointmentRequest, CorrectBodyEstablishmentRequest,
    EstablishBodyRequest, MembershipAddress, MembershipEndRequest, SeatPlanCorrectionRequest,
    SeatPlanRequest, TermAddress,
};
pub use contracts::{ContractRequest, CorrectContractRequest, ReassignContractRequest};
pub use documents::AdoptDocumentRequest;
pub use obligations::{CloseObligationRequest, CorrectObligationRequest, ObligationRequest};
pub use parties::PopulationFigureRequest;
pub use transitions::{
    DecideContractDispositionRequest, MapObligationRequest, PlanTransitionRequest,
    RescheduleRequest,
};

//! The command side called directly, as the web app will: the § register and fact gathering.

pub(crate) mod contract_import;
pub(crate) mod decisions;
pub(crate) mod register_facts;

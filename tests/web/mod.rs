//! The web app as people use it: journeys in a real headless Chromium (see `support::browser`),
//! keyboard only where a person would move through the page, with axe-core run inside each main
//! page; and the forms' defences, sent to the whole server in process.

pub(crate) mod accessibility;
pub(crate) mod auditing;
pub(crate) mod contract_import;
pub(crate) mod documents;
pub(crate) mod feeds;
pub(crate) mod forms;
pub(crate) mod meetings;
pub(crate) mod notice_board;
pub(crate) mod paragraphs;
pub(crate) mod reading;
pub(crate) mod secretary;
pub(crate) mod secretary_forms;
pub(crate) mod setup;
pub(crate) mod signing_in;
pub(crate) mod workbench;
pub(crate) mod workbench_forms;

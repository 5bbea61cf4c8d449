//! The auditor's toolkit on the command line and over HTTP: the report every verification gives
//! (`report`), checkpoints recorded and read back (`checkpoints`), published heads given by hand
//! (`published`), and exports with a progress bar (`export`).

pub mod checkpoints;
pub mod export;
pub mod published;
pub mod report;

//! Which read model is meant. Every other module of the crate names read models, in its errors,
//! its queries and its schemas, so the enum lives here, depending on nothing; what each read
//! model is (its name, version, tables and `apply`) is its definition in the catalogue
//! (`read_model.rs`), which depends on every read model's module.

/// One read model. Each owns a PostgreSQL schema named `read_<name>`, holding its tables and its
/// checkpoint, so that a rebuild can be made beside it and swapped in with two renames.
///
/// The variants are declared in the order of the catalogue's definitions, which is the order the
/// runner brings them up to date; the catalogue checks the two orders agree, and that every
/// variant has a definition (by the count `EnumCount` derives), when it compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumCount)]
pub enum ReadModel {
    Membership,
    Mandates,
    Obligations,
    Decisions,
    Documents,
    Timeline,
    Transitions,
    Allocation,
    Contracts,
    History,
    Cooperations,
    Citations,
}

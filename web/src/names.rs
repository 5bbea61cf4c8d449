//! What a page shows instead of codes and ids: parties by name with their code, and every basis
//! by its citation, as the register knew them at the page's position.

use std::collections::BTreeMap;

use domain::LegalBasis;
use eventlog::Position;
use projections::citations::{party_names, Citations};
use projections::QueryError;
use sqlx::PgPool;

#[derive(Debug, Clone, Default)]
pub struct Names {
    parties: BTreeMap<String, String>,
    citations: Citations,
}

impl Names {
    /// Looks up every party's name and what `bases` cite, at `known_at`.
    pub async fn gather<'a>(
        pool: &PgPool,
        known_at: Position,
        bases: impl IntoIterator<Item = &'a LegalBasis>,
    ) -> Result<Names, QueryError> {
        Ok(Names {
            parties: party_names(pool, known_at).await?,
            citations: Citations::gather(pool, bases, known_at).await?,
        })
    }

    /// "Haninge kommun (0136)"; the bare code when the register holds no name for it.
    pub fn party(&self, code: &str) -> String {
        match self.parties.get(code) {
            Some(name) => format!("{name} ({code})"),
            None => code.to_owned(),
        }
    }

    /// Several parties, named, in the order given.
    pub fn parties(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|code| self.party(code))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// How `basis` is cited, such as "KF Haninge 2011-06-13 § 101".
    pub fn cite(&self, basis: &LegalBasis) -> String {
        self.citations.cite(basis)
    }
}

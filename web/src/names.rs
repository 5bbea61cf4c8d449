//! What a page shows instead of codes and ids: parties by name with their code, and every basis
//! by its citation, as the register knew them at the page's position.

use std::collections::BTreeMap;

use domain::LegalBasis;
use eventlog::Position;
use projections::citations::{party_names, Citations};
use projections::QueryError;
use sqlx::PgPool;

/// A party as a page links to it: its code for the address, and its name with the code to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyLink {
    pub code: String,
    pub label: String,
}

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

    /// The registered name of the party, when the register held one.
    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.parties.get(code).map(String::as_str)
    }

    /// The party as a link to its page.
    pub fn link(&self, code: &str) -> PartyLink {
        PartyLink {
            code: code.to_owned(),
            label: self.party(code),
        }
    }

    /// Several parties as links, in the order given.
    pub fn links(&self, codes: &[String]) -> Vec<PartyLink> {
        codes.iter().map(|code| self.link(code)).collect()
    }

    /// How `basis` is cited, such as "KF Haninge 2011-06-13 § 101".
    pub fn cite(&self, basis: &LegalBasis) -> String {
        self.citations.cite(basis)
    }
}

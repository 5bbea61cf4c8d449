//! The facts commands on cooperations' documents, bodies, members and obligations carry: looked
//! up in the register, so that no caller can assert them. Only the gathering steps of
//! [`requests`](crate::requests) read them; the register's faces never do.

use chrono::NaiveDate;
use domain::body::{Body, BodyKind};
use domain::cooperation::Cooperation;
use domain::{CooperationForm, PartyCode};
use uuid::Uuid;

use super::facts::load;
use super::{Register, RegisterError};

/// What the register knows of an established cooperation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperationFacts {
    pub established_on: NaiveDate,
    /// Every party it has had: founders and those admitted since.
    pub parties: Vec<PartyCode>,
    pub form: CooperationForm,
}

/// What the register knows of an established body and its cooperation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFacts {
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    pub cooperation: CooperationFacts,
}

impl BodyFacts {
    /// A committee of a cooperation in the form of a joint committee is the joint committee
    /// (gemensam nämnd) itself, whose seat plan the law shapes (KL 9 kap).
    pub fn is_joint_committee(&self) -> bool {
        self.kind == BodyKind::Committee && self.cooperation.form == CooperationForm::JointCommittee
    }
}

impl Register {
    /// The cooperation's facts, or `None` if no cooperation has this id.
    pub(crate) async fn cooperation_facts<E: std::error::Error>(
        &self,
        cooperation_id: Uuid,
    ) -> Result<Option<CooperationFacts>, RegisterError<E>> {
        let cooperation = load::<Cooperation, E>(&self.log, &cooperation_id.to_string()).await?;
        Ok(cooperation.and_then(|cooperation| {
            Some(CooperationFacts {
                established_on: cooperation.established_on()?,
                parties: cooperation.parties(),
                form: cooperation.form()?,
            })
        }))
    }

    /// The body's facts, or `None` if no body has this id.
    pub(crate) async fn body_facts<E: std::error::Error>(
        &self,
        body_id: Uuid,
    ) -> Result<Option<BodyFacts>, RegisterError<E>> {
        let Some(body) = load::<Body, E>(&self.log, &body_id.to_string()).await? else {
            return Ok(None);
        };
        let (Some(cooperation_id), Some(kind)) = (body.cooperation_id(), body.kind()) else {
            return Ok(None);
        };
        let cooperation = self.cooperation_facts(cooperation_id).await?;
        Ok(cooperation.map(|cooperation| BodyFacts {
            cooperation_id,
            kind,
            cooperation,
        }))
    }
}

//! Importing a checked sheet: every new contract's `ContractRegistered` event appended in one
//! transaction, with the register's metadata, or nothing at all.
//!
//! Each new contract is a new stream whose first event is appended at sequence 1, so a contract
//! another writer registered in between fails the whole append on the stream's primary key.
//! The sheet is then checked again from the new state: a contract that appeared with the same
//! content is passed over as registered, one with other content refuses the sheet.

use cqrs_es::Aggregate;
use domain::contract::Contract;
use eventlog::{Position, StoreFailure};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::check::{ContractImportResult, ContractImportRow};
use super::encoding::SheetEncoding;
use super::separator::Separator;
use super::sheet::ContractSheet;
use crate::appending::{append_all, proposed_event, Appended};
use crate::{backoff, Register, RegisterError, ATTEMPTS};

/// What importing a sheet wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ContractImportReceipt {
    pub cooperation_id: Uuid,
    pub encoding: SheetEncoding,
    pub separator: Separator,
    /// The contracts registered, in the order of their rows.
    pub registered: Vec<ContractImportRow>,
    /// The rows whose contracts the register held already, with the same content.
    pub already_registered: Vec<ContractImportRow>,
    /// The log position of the last event written, to pass as `min_position` to read the
    /// contracts; `null` when every row was registered already and nothing was written.
    #[schema(value_type = Option<u64>)]
    pub position: Option<Position>,
}

impl Register {
    /// Checks `sheet` as [`Register::check_contract_import`] does, then registers every new
    /// contract in one transaction. The same sheet a second time writes nothing and lists every
    /// row as registered already.
    pub async fn import_contracts(
        &self,
        cooperation_id: Uuid,
        sheet: &ContractSheet,
    ) -> ContractImportResult<ContractImportReceipt> {
        let metadata = serde_json::to_string(&self.metadata())
            .map_err(|error| RegisterError::Store(StoreFailure::of(&error)))?;
        for attempt in 0..ATTEMPTS {
            let checked = self.checked_contract_import(cooperation_id, sheet).await?;
            let preview = checked.preview;
            let receipt = |position| ContractImportReceipt {
                cooperation_id,
                encoding: preview.encoding,
                separator: preview.separator,
                registered: preview.to_register.clone(),
                already_registered: preview.already_registered.clone(),
                position,
            };
            if checked.decided.is_empty() {
                return self.first_attempt_receipt(receipt(None)).await;
            }
            let events = checked
                .decided
                .iter()
                .map(|(contract_id, event)| {
                    proposed_event::<Contract>(contract_id.to_string(), 1, event, metadata.clone())
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| RegisterError::Store(StoreFailure::of(&error)))?;
            match append_all(&self.pool, &events).await {
                Ok(positions) => return Ok(receipt(positions.last().copied())),
                Err(Appended::Conflict) => tokio::time::sleep(backoff(attempt)).await,
                Err(Appended::Failed(error)) => return Err(RegisterError::Store(error)),
            }
        }
        Err(RegisterError::Conflict)
    }
}

impl Register {
    /// The receipt of a sheet whose every row the register holds already. When this register
    /// answers the retry of an import whose first attempt was never answered, the rows that
    /// attempt registered are listed as registered, with its position, as its answer would have
    /// listed them; otherwise the receipt stands as it is.
    async fn first_attempt_receipt(
        &self,
        mut receipt: ContractImportReceipt,
    ) -> ContractImportResult<ContractImportReceipt> {
        let mut already_registered = Vec::new();
        for row in std::mem::take(&mut receipt.already_registered) {
            let written = self
                .first_attempt_written(Contract::TYPE, &row.contract_id.to_string())
                .await?;
            match written {
                Some(written) => {
                    receipt.position = receipt.position.max(Some(written.position));
                    receipt.registered.push(row);
                }
                None => already_registered.push(row),
            }
        }
        receipt.already_registered = already_registered;
        receipt.registered.sort_by_key(|row| row.row);
        Ok(receipt)
    }
}

//! Checking a sheet against the register: the cooperation is looked up, each row becomes the
//! domain's `RegisterContract` with the cooperation's parties, and the `Contract` aggregate
//! decides it, so the sheet keeps every rule a contract registered one at a time keeps. A
//! domain error is mapped back to the row and to the column its field comes from.
//!
//! Nothing is written here. A row whose contract the register holds already with the same
//! content is passed over; with other content it is an error, so that a sheet never overwrites
//! a contract without a correction's reason.

use std::collections::HashMap;

use chrono::NaiveDate;
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{AggregateError, EventStore};
use domain::contract::{
    Contract, ContractCommand, ContractEvent, ContractKind, ContractRegistered, ExtensionOption,
    RegisterContract,
};
use domain::{Decide, PartyCode, RuleViolation};
use eventlog::EventRepository;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::columns::SheetColumn;
use super::encoding::SheetEncoding;
use super::refusal::{ContractImportError, ContractImportRefused};
use super::separator::Separator;
use super::sheet::{ContractRow, ContractSheet};
use crate::facts::aggregate_failure;
use crate::{Register, RegisterError};

/// What the import of a sheet refuses or fails with.
pub type ContractImportResult<T> = Result<T, RegisterError<ContractImportRefused>>;

/// One contract of a sheet, as the register would hold it, and the row it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ContractImportRow {
    /// The row as the spreadsheet numbers it: 2 for the first contract.
    pub row: u64,
    /// The contract's id, the same whenever the row is imported (see `contract_id`).
    pub contract_id: Uuid,
    pub title: String,
    pub supplier: String,
    pub kind: ContractKind,
    pub starts_on: NaiveDate,
    /// The last day before any extension.
    pub ends_on: NaiveDate,
    pub extension_options: Vec<ExtensionOption>,
    /// The parties that may call off under the contract.
    pub callers: Vec<PartyCode>,
}

/// What importing a sheet would do, found without writing anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ContractImportPreview {
    pub cooperation_id: Uuid,
    pub encoding: SheetEncoding,
    pub separator: Separator,
    /// The contracts the import would register, in the order of their rows.
    pub to_register: Vec<ContractImportRow>,
    /// The rows whose contracts the register holds already, with the same content.
    pub already_registered: Vec<ContractImportRow>,
}

/// A sheet checked: the preview, and the event that registers each new contract, by its id.
#[derive(Debug)]
pub(super) struct CheckedImport {
    pub preview: ContractImportPreview,
    pub decided: Vec<(Uuid, ContractEvent)>,
}

impl Register {
    /// Checks every row of `sheet` as a contract of cooperation `cooperation_id`, and says what
    /// importing it would register and which rows are registered already. Any error refuses the
    /// whole sheet with every error of every row ([`RegisterError::Rule`]); an unknown
    /// cooperation is [`RegisterError::UnknownResource`].
    pub async fn check_contract_import(
        &self,
        cooperation_id: Uuid,
        sheet: &ContractSheet,
    ) -> ContractImportResult<ContractImportPreview> {
        Ok(self
            .checked_contract_import(cooperation_id, sheet)
            .await?
            .preview)
    }

    pub(super) async fn checked_contract_import(
        &self,
        cooperation_id: Uuid,
        sheet: &ContractSheet,
    ) -> ContractImportResult<CheckedImport> {
        // The cooperation is the import's address: an unknown one is the address's mistake,
        // not the sheet's.
        let cooperation = self
            .cooperation_facts(cooperation_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownResource {
                resource: "cooperation",
                id: cooperation_id.to_string(),
            })?;
        let mut checked = CheckedImport {
            preview: ContractImportPreview {
                cooperation_id,
                encoding: sheet.encoding(),
                separator: sheet.separator(),
                to_register: Vec::new(),
                already_registered: Vec::new(),
            },
            decided: Vec::new(),
        };
        let mut errors = Vec::new();
        let mut first_rows: HashMap<Uuid, u64> = HashMap::new();
        for row in sheet.rows() {
            let identity = row.identity();
            let contract_id = identity.contract_id(cooperation_id);
            if let Some(first_row) = first_rows.get(&contract_id) {
                errors.push(ContractImportError::SameContractTwice {
                    cell: sheet.cell(row.row, identity.column),
                    first_row: *first_row,
                    identity: identity.description,
                });
                continue;
            }
            first_rows.insert(contract_id, row.row);
            let registration = register_contract(cooperation_id, &cooperation.parties, row);
            let command = ContractCommand::Register(registration.clone());
            // A sheet's basis is an outside decision, which cites nothing in the register; it
            // is checked all the same, as every command's is.
            self.check_basis(&command).await?;
            let listed = listed(row, contract_id);
            match self.registration(contract_id).await? {
                Some(registered) if registered == as_registered(&registration) => {
                    checked.preview.already_registered.push(listed);
                }
                Some(_) => errors.push(ContractImportError::RegisteredOtherwise {
                    cell: sheet.cell(row.row, identity.column),
                    contract_id,
                    identity: identity.description,
                }),
                None => match Contract::default().decide(command) {
                    Ok(event) => {
                        checked.preview.to_register.push(listed);
                        checked.decided.push((contract_id, event));
                    }
                    Err(error) => {
                        let column = column_of(&error.field()).unwrap_or(identity.column);
                        errors.push(ContractImportError::Contract {
                            cell: sheet.cell(row.row, column),
                            error,
                        });
                    }
                },
            }
        }
        if errors.is_empty() {
            Ok(checked)
        } else {
            Err(RegisterError::Rule(ContractImportRefused { errors }))
        }
    }

    /// The registration of contract `contract_id` as it stands, corrected if it was, or `None`
    /// when the register holds no such contract. Read from the contract's own events, since
    /// the aggregate keeps only what its decisions need.
    async fn registration(
        &self,
        contract_id: Uuid,
    ) -> ContractImportResult<Option<ContractRegistered>> {
        let store = PersistedEventStore::<EventRepository, Contract>::new_event_store(
            EventRepository::new(self.log.clone()),
        );
        let events = store
            .load_events(&contract_id.to_string())
            .await
            .map_err(|error: AggregateError<_>| RegisterError::Store(aggregate_failure(&error)))?;
        Ok(events
            .into_iter()
            .fold(None, |registration, envelope| match envelope.payload {
                ContractEvent::ContractRegistered(registered) => Some(registered),
                ContractEvent::ContractCorrected(corrected) => Some(corrected.registered),
                ContractEvent::ContractExtended(_) | ContractEvent::ContractReassigned(_) => {
                    registration
                }
            }))
    }
}

/// The domain's command for one row, with the cooperation's parties as the fact it carries.
fn register_contract(
    cooperation_id: Uuid,
    cooperation_parties: &[PartyCode],
    row: &ContractRow,
) -> RegisterContract {
    RegisterContract {
        cooperation_id,
        cooperation_parties: cooperation_parties.to_vec(),
        title: row.title.clone(),
        category: row.category.clone(),
        supplier: row.supplier.clone(),
        kind: row.kind,
        registry_number: row.registry_number.clone(),
        callers: row.callers.clone(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        extension_options: row.extension_options.clone(),
        basis: row.basis.clone(),
    }
}

/// What the register would hold had it registered `command`: the sheet trims its cells as the
/// domain does, so a row imported before compares equal to its registration.
fn as_registered(command: &RegisterContract) -> ContractRegistered {
    ContractRegistered {
        cooperation_id: command.cooperation_id,
        title: command.title.clone(),
        category: command.category.clone(),
        supplier: command.supplier.clone(),
        kind: command.kind,
        registry_number: command.registry_number.clone(),
        callers: command.callers.clone(),
        starts_on: command.starts_on,
        ends_on: command.ends_on,
        extension_options: command.extension_options.clone(),
        basis: command.basis.clone(),
    }
}

fn listed(row: &ContractRow, contract_id: Uuid) -> ContractImportRow {
    ContractImportRow {
        row: row.row,
        contract_id,
        title: row.title.clone(),
        supplier: row.supplier.clone(),
        kind: row.kind,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        extension_options: row.extension_options.clone(),
        callers: row.callers.clone(),
    }
}

/// The column a field of `RegisterContract` comes from, such as `slutdatum` for `ends_on` and
/// `avropsberättigade` for `callers[1]`; `None` for a field no column fills, which the error
/// then names by the row's identity.
fn column_of(field: &str) -> Option<SheetColumn> {
    let name = field.split(['[', '.']).next().unwrap_or(field);
    Some(match name {
        "title" => SheetColumn::Title,
        "category" => SheetColumn::Category,
        "supplier" => SheetColumn::Supplier,
        "kind" => SheetColumn::Kind,
        "registry_number" => SheetColumn::RegistryNumber,
        "callers" => SheetColumn::Callers,
        "starts_on" => SheetColumn::StartsOn,
        "ends_on" => SheetColumn::EndsOn,
        "extension_options" => SheetColumn::ExtensionOptions,
        "basis" => match field {
            "basis.decided_on" => SheetColumn::DecidedOn,
            "basis.reference" => SheetColumn::Paragraph,
            _ => SheetColumn::DecidedBy,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_field_names_the_column_it_comes_from() {
        assert_eq!(column_of("ends_on"), Some(SheetColumn::EndsOn));
        assert_eq!(column_of("callers[1]"), Some(SheetColumn::Callers));
        assert_eq!(
            column_of("extension_options[0].extends_to"),
            Some(SheetColumn::ExtensionOptions)
        );
        assert_eq!(column_of("basis.issuer"), Some(SheetColumn::DecidedBy));
        assert_eq!(column_of("basis.reference"), Some(SheetColumn::Paragraph));
        assert_eq!(column_of("contract_id"), None);
    }
}

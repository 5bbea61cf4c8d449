//! Importing a cooperation's contract register from a spreadsheet saved as CSV, in two steps as
//! a person checks a file before it goes in: the file is uploaded and previewed (what would be
//! registered, what the register holds already, or every error by row and column), then
//! imported. The preview carries the file it read, so the import writes exactly what was shown.
//!
//! The register's own import does the work, the one `samverkan import-contracts` and the API
//! call: all of the file or nothing, and the same file twice writes nothing.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use projections::cooperations::cooperations;
use projections::ReadAt;
use register::contract_import::{
    ContractImportError, ContractImportRefused, ContractImportRow, ContractSheet, Separator,
    SheetEncoding,
};
use register::RegisterError;
use uuid::Uuid;

use super::require_administrator;
use crate::forms::{Guard, Recorder, Submitted};
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The largest file the page takes: a register of several thousand contracts.
pub const MAX_SHEET_BYTES: usize = 4 * 1024 * 1024;

/// The address of the import page of cooperation `cooperation_id`.
pub fn import_path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/avtal/import")
}

/// A contract as the preview and the result list it.
#[derive(Debug)]
struct SheetRow {
    row: u64,
    title: String,
    supplier: String,
    kind: &'static str,
    runs: String,
    callers: String,
}

/// One error of a refused file, where the spreadsheet shows it.
#[derive(Debug)]
struct SheetError {
    place: String,
    message: String,
}

/// What the page shows below the upload field.
#[derive(Debug)]
enum Stage {
    /// Nothing uploaded yet.
    Upload,
    /// The file was read and checked; `sheet` is the file, hex-encoded, for the import.
    Preview {
        read_as: String,
        sheet: String,
        to_register: Vec<SheetRow>,
        already_registered: Vec<SheetRow>,
    },
    /// The file was refused; nothing was written.
    Refused { errors: Vec<SheetError> },
    /// The file was imported.
    Imported {
        registered: Vec<SheetRow>,
        already_registered: usize,
        position: Option<u64>,
    },
}

#[derive(Template)]
#[template(path = "administrator/contract_import.html")]
struct ImportPage {
    chrome: DeskChrome,
    cooperation_path: String,
    cooperation_name: String,
    guard: Guard,
    stage: Stage,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let page = page(&state, &signed_in, cooperation_id, Stage::Upload).await?;
    render_status(&page, 200)
}

/// The fields of the multipart form: the guard's, the file, or the file the preview carried.
struct Uploaded {
    fields: Submitted,
    file: Option<Vec<u8>>,
}

async fn uploaded(mut multipart: Multipart) -> Result<Uploaded, WebError> {
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        WebError::UnreadableForm(error.body_text())
    };
    let mut fields = Submitted::default();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "fil" {
            let bytes = field.bytes().await.map_err(unreadable)?;
            if !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
        } else {
            let text = field.text().await.map_err(unreadable)?;
            fields.push(&name, &text);
        }
    }
    Ok(Uploaded { fields, file })
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let Uploaded { fields, file } = uploaded(multipart).await?;
    let guard = Guard::read(&fields, &signed_in)?;
    // A file chosen now wins over the one a preview carried.
    let bytes = match file {
        Some(bytes) => bytes,
        None => match fields.text("innehall") {
            "" => {
                let stage = Stage::Refused {
                    errors: vec![SheetError {
                        place: "Filen".to_owned(),
                        message: "Välj en CSV-fil att läsa in.".to_owned(),
                    }],
                };
                let page = page(&state, &signed_in, cooperation_id, stage).await?;
                return render_status(&page, 400);
            }
            carried => hex::decode(carried).map_err(|_| {
                WebError::UnreadableForm("the previewed file (innehall) is not hex".to_owned())
            })?,
        },
    };
    let sheet = match ContractSheet::read(&bytes) {
        Ok(sheet) => sheet,
        Err(refused) => return refused_page(&state, &signed_in, cooperation_id, &refused).await,
    };
    let register = Recorder::new(&state, &signed_in, guard).register();
    let stage = if fields.text("atgard") == "importera" {
        match register.import_contracts(cooperation_id, &sheet).await {
            Ok(receipt) => Stage::Imported {
                registered: receipt.registered.iter().map(sheet_row).collect(),
                already_registered: receipt.already_registered.len(),
                position: receipt.position.map(|position| position.get()),
            },
            Err(error) => return refusal(&state, &signed_in, cooperation_id, error).await,
        }
    } else {
        match register.check_contract_import(cooperation_id, &sheet).await {
            Ok(preview) => Stage::Preview {
                read_as: read_as(preview.encoding, preview.separator),
                sheet: hex::encode(&bytes),
                to_register: preview.to_register.iter().map(sheet_row).collect(),
                already_registered: preview.already_registered.iter().map(sheet_row).collect(),
            },
            Err(error) => return refusal(&state, &signed_in, cooperation_id, error).await,
        }
    };
    let page = page(&state, &signed_in, cooperation_id, stage).await?;
    render_status(&page, 200)
}

/// The register's refusal of the file: every error on the page, nothing written.
async fn refusal(
    state: &WebState,
    signed_in: &SignedIn,
    cooperation_id: Uuid,
    error: RegisterError<ContractImportRefused>,
) -> Result<Response, WebError> {
    match error {
        RegisterError::Rule(refused) => {
            refused_page(state, signed_in, cooperation_id, &refused).await
        }
        RegisterError::UnknownResource { .. } => Err(unknown(cooperation_id)),
        other => Err(WebError::Store(eventlog::StoreFailure::of(&other))),
    }
}

async fn refused_page(
    state: &WebState,
    signed_in: &SignedIn,
    cooperation_id: Uuid,
    refused: &ContractImportRefused,
) -> Result<Response, WebError> {
    let stage = Stage::Refused {
        errors: refused.errors.iter().map(sheet_error).collect(),
    };
    let page = page(state, signed_in, cooperation_id, stage).await?;
    render_status(&page, 422)
}

fn sheet_error(error: &ContractImportError) -> SheetError {
    SheetError {
        place: match (error.row(), error.header()) {
            (Some(row), Some(header)) => format!("Rad {row}, kolumn {header}"),
            (Some(row), None) => format!("Rad {row}"),
            (None, Some(header)) => format!("Kolumn {header}"),
            (None, None) => "Filen".to_owned(),
        },
        message: error.to_string(),
    }
}

fn sheet_row(row: &ContractImportRow) -> SheetRow {
    let options = row
        .extension_options
        .iter()
        .map(|option| option.extends_to.to_string())
        .collect::<Vec<_>>();
    SheetRow {
        row: row.row,
        title: row.title.clone(),
        supplier: row.supplier.clone(),
        kind: words::contract_kind(row.kind),
        runs: if options.is_empty() {
            format!("{} – {}", row.starts_on, row.ends_on)
        } else {
            format!(
                "{} – {}, option till {}",
                row.starts_on,
                row.ends_on,
                options.join(", ")
            )
        },
        callers: row
            .callers
            .iter()
            .map(|party| party.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// How the file was read, in words.
fn read_as(encoding: SheetEncoding, separator: Separator) -> String {
    let encoding = match encoding {
        SheetEncoding::Utf8 => "UTF-8",
        SheetEncoding::Utf8WithBom => "UTF-8 med byte order mark",
        SheetEncoding::Windows1252 => "Windows-1252",
    };
    let separator = match separator {
        Separator::Semicolon => "semikolon",
        Separator::Comma => "komma",
    };
    format!("Läst som {encoding}, celler åtskilda med {separator}.")
}

fn unknown(cooperation_id: Uuid) -> WebError {
    WebError::NotFound(format!("Registret har ingen samverkan {cooperation_id}."))
}

async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    cooperation_id: Uuid,
    stage: Stage,
) -> Result<ImportPage, WebError> {
    let cooperation_name = cooperations(&state.pool, ReadAt::on(state.clock.today()))
        .await?
        .cooperations
        .into_iter()
        .find(|entry| entry.cooperation_id == cooperation_id)
        .map(|entry| entry.name)
        .ok_or_else(|| unknown(cooperation_id))?;
    Ok(ImportPage {
        chrome: DeskChrome::new(signed_in),
        cooperation_path: format!("/samverkan/{cooperation_id}"),
        cooperation_name,
        guard: Guard::new(None),
        stage,
    })
}

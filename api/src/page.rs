//! One page of a read model's answer: the day and the log position it answers for, this page's
//! entries, and the cursor of the next page.
//!
//! Every page that holds nothing but these is a [`Page<T>`]. Its entries are written under the
//! name their kind gives them (`mandates`, `contracts`…), so the JSON is what each page struct
//! wrote before, and the OpenAPI document names and describes each kind of page as before
//! (`MandatesPage`, `ContractsPage`…), so no client sees a difference. What a kind of entry
//! contributes is its [`Listed`] implementation.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::reading::Paging;

/// A kind of entry that read endpoints list a page at a time, and how its page is written.
pub trait Listed: ToSchema {
    /// The name of the entries in the answer, such as `mandates`.
    const LIST: &'static str;
    /// What the entries are and how they are ordered: the list's description in the OpenAPI
    /// document.
    const LIST_DESCRIPTION: &'static str;
    /// The name of the page's schema in the OpenAPI document, such as `MandatesPage`.
    const PAGE: &'static str;
    /// What the page is: its description in the OpenAPI document.
    const PAGE_DESCRIPTION: &'static str;
}

/// One page of entries of the kind `T`, as known at `known_at` on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the entries.
    pub entries: Vec<T>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Cuts the page `paging` asks for from `entries`, the whole answer as known at `known_at`
    /// on `as_of`.
    pub fn cut(paging: &Paging, entries: Vec<T>, as_of: NaiveDate, known_at: u64) -> Page<T> {
        let (entries, next_cursor) = paging.cut(entries, as_of, known_at);
        Page {
            as_of,
            known_at,
            entries,
            next_cursor,
        }
    }
}

impl<T: Listed + Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The fields in the order the page structs declared them, which is the order clients
        // have always read them in.
        let mut page = serializer.serialize_struct(T::PAGE, 4)?;
        page.serialize_field("as_of", &self.as_of)?;
        page.serialize_field("known_at", &self.known_at)?;
        page.serialize_field(T::LIST, &self.entries)?;
        page.serialize_field("next_cursor", &self.next_cursor)?;
        page.end()
    }
}

impl<T: Listed> PartialSchema for Page<T> {
    fn schema() -> RefOr<Schema> {
        // Written as the derive wrote the schema of each page struct, property for property, so
        // that the OpenAPI document is unchanged.
        #[allow(deprecated)]
        let as_of = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .example(Some(serde_json::json!("2024-06-30")));
        let known_at = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some(
                "The log position the answer is as known at; later pages are cut from the same \
                 answer.",
            ))
            .minimum(Some(0));
        let entries = ArrayBuilder::new()
            .items(Ref::from_schema_name(T::name()))
            .description(Some(T::LIST_DESCRIPTION));
        let next_cursor = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some("The cursor of the next page, when there is one."));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(T::PAGE_DESCRIPTION))
            .property("as_of", as_of)
            .required("as_of")
            .property("known_at", known_at)
            .required("known_at")
            .property(T::LIST, entries)
            .required(T::LIST)
            .property("next_cursor", next_cursor)
            .into()
    }
}

impl<T: Listed> ToSchema for Page<T> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed(T::PAGE)
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(schemas);
    }
}

//! The values of a write's input row, and how a column of them is bound as one array.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::Postgres;
use uuid::Uuid;

/// The PostgreSQL type of an input column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqlType {
    Uuid,
    Text,
    Date,
    Int4,
    Int8,
    Jsonb,
    Timestamptz,
}

impl SqlType {
    /// The array type a column of this type is bound as.
    pub(crate) fn array_name(self) -> &'static str {
        match self {
            SqlType::Uuid => "uuid[]",
            SqlType::Text => "text[]",
            SqlType::Date => "date[]",
            SqlType::Int4 => "int4[]",
            SqlType::Int8 => "int8[]",
            SqlType::Jsonb => "jsonb[]",
            SqlType::Timestamptz => "timestamptz[]",
        }
    }
}

/// One value of an input row; `None` is SQL's null.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Int4(Option<i32>),
    Int8(Option<i64>),
    Jsonb(Option<Value>),
    Timestamptz(Option<DateTime<Utc>>),
}

impl Cell {
    pub(crate) fn sql_type(&self) -> SqlType {
        match self {
            Cell::Uuid(_) => SqlType::Uuid,
            Cell::Text(_) => SqlType::Text,
            Cell::Date(_) => SqlType::Date,
            Cell::Int4(_) => SqlType::Int4,
            Cell::Int8(_) => SqlType::Int8,
            Cell::Jsonb(_) => SqlType::Jsonb,
            Cell::Timestamptz(_) => SqlType::Timestamptz,
        }
    }
}

impl From<Uuid> for Cell {
    fn from(value: Uuid) -> Self {
        Cell::Uuid(Some(value))
    }
}

impl From<Option<Uuid>> for Cell {
    fn from(value: Option<Uuid>) -> Self {
        Cell::Uuid(value)
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Cell::Text(Some(value))
    }
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Cell::Text(Some(value.to_owned()))
    }
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        Cell::Text(value)
    }
}

impl From<NaiveDate> for Cell {
    fn from(value: NaiveDate) -> Self {
        Cell::Date(Some(value))
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(value: Option<NaiveDate>) -> Self {
        Cell::Date(value)
    }
}

impl From<i32> for Cell {
    fn from(value: i32) -> Self {
        Cell::Int4(Some(value))
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Int8(Some(value))
    }
}

impl From<Value> for Cell {
    fn from(value: Value) -> Self {
        Cell::Jsonb(Some(value))
    }
}

impl From<Option<Value>> for Cell {
    fn from(value: Option<Value>) -> Self {
        Cell::Jsonb(value)
    }
}

impl From<DateTime<Utc>> for Cell {
    fn from(value: DateTime<Utc>) -> Self {
        Cell::Timestamptz(Some(value))
    }
}

/// Binds one input column, the `column`th cell of every row, as one array. Every row's cell in
/// that column has the column's type, because `RowWrite::new` refuses a write whose cells do not
/// match its statement's columns.
pub(crate) fn bind_column<'q>(
    query: Query<'q, Postgres, PgArguments>,
    sql_type: SqlType,
    rows: &[&[Cell]],
    column: usize,
) -> Query<'q, Postgres, PgArguments> {
    // Collects the column's values of one variant; a cell of another variant cannot occur (see
    // above), and would be bound as null.
    macro_rules! array_of {
        ($variant:ident) => {
            rows.iter()
                .map(|row| match row.get(column) {
                    Some(Cell::$variant(value)) => value.clone(),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
    }
    match sql_type {
        SqlType::Uuid => query.bind(array_of!(Uuid)),
        SqlType::Text => query.bind(array_of!(Text)),
        SqlType::Date => query.bind(array_of!(Date)),
        SqlType::Int4 => query.bind(array_of!(Int4)),
        SqlType::Int8 => query.bind(array_of!(Int8)),
        SqlType::Jsonb => query.bind(array_of!(Jsonb)),
        SqlType::Timestamptz => query.bind(array_of!(Timestamptz)),
    }
}

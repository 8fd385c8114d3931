//! Every portable Rust type round-trips unchanged through every database, NULL included;
//! what a database cannot keep exactly is refused with a typed error, never changed. The
//! per-database differences asserted here are the ones `docs/types.md` documents. The
//! round trips run on the async API too (`round_trips`, `#[dual]`).
//!
//! The test tables are written in the shape `retort-codegen` generates (see
//! `retort::__doc_tables`), by a macro so that the NOT NULL and the nullable table stay in
//! step.

mod common;

use std::str::FromStr;

use common::{Backend, Raw, TestDb, count_rows};
use retort::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use retort::prelude::*;
use retort::rust_decimal::Decimal;
use retort::sea_query::{self, Alias};
use retort::serde_json::{self, json};
use retort::uuid::Uuid;
use retort::{Column, ColumnType, ConstraintKind, SqlEnum, select};

/// A generated enum, as `retort-codegen` writes one for an enum type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mood {
    Happy,
    Sad,
    SoSo,
}

impl SqlEnum for Mood {
    const TYPE_NAME: &'static str = "mood";
    const VARIANTS: &'static [Self] = &[Mood::Happy, Mood::Sad, Mood::SoSo];
    fn as_str(&self) -> &'static str {
        match self {
            Mood::Happy => "happy",
            Mood::Sad => "sad",
            Mood::SoSo => "so-so",
        }
    }
}

/// One table module in the generated shape: marker type, column handles, row struct,
/// insert struct, and the trait impls.
macro_rules! sample_table {
    (
        @def $module:ident, $Table:ident, $name:literal, $Row:ident, $New:ident, $nullable:expr,
        [$($field:ident : $ty:ty => $CONST:ident = $sql:expr),* $(,)?]
    ) => {
        pub mod $module {
            #![allow(dead_code)]
            use super::*;

            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct $Table;

            pub const ID: retort::Column<$Table, i64> = retort::Column::new("id");
            $(pub const $CONST: retort::Column<$Table, $ty> =
                retort::Column::new(stringify!($field));)*

            #[derive(Debug, Clone, PartialEq)]
            pub struct $Row {
                pub id: i64,
                $(pub $field: $ty,)*
            }

            #[derive(Debug, Clone, PartialEq)]
            pub struct $New {
                $(pub $field: $ty,)*
            }

            impl $New {
                pub fn row(&self, id: i64) -> $Row {
                    $Row { id, $($field: self.$field.clone(),)* }
                }
            }

            impl retort::Table for $Table {
                type Row = $Row;
                type PrimaryKey = i64;
                const NAME: &'static str = $name;
                const COLUMNS: &'static [&'static str] = &["id", $(stringify!($field)),*];
                const PRIMARY_KEY: &'static [&'static str] = &["id"];

                fn def() -> retort::TableDef {
                    let column = |name: &str, ty: retort::ColumnType| {
                        let def = retort::ColumnDef::new(name, ty);
                        if $nullable { def.nullable() } else { def }
                    };
                    retort::TableDef::new($name)
                        .column(
                            retort::ColumnDef::new("id", retort::ColumnType::BigInt)
                                .autoincrement(),
                        )
                        $(.column(column(stringify!($field), $sql)))*
                        .primary_key(["id"])
                }
            }

            impl retort::FromRow for $Row {
                type Output = Self;
                fn width() -> usize {
                    <$Table as retort::Table>::COLUMNS.len()
                }
                #[allow(unused_assignments)]
                fn from_row(row: &retort::Row<'_>, start: usize) -> retort::Result<Self> {
                    let mut at = start;
                    let id = row.get(at)?;
                    $(
                        at += 1;
                        let $field = row.get(at)?;
                    )*
                    Ok($Row { id, $($field,)* })
                }
            }

            impl retort::TableRow for $Row {
                type Table = $Table;
                fn column_value(&self, column: &str) -> Option<retort::sea_query::Value> {
                    match column {
                        "id" => Some(retort::ColumnValue::into_value(self.id)),
                        $(stringify!($field) => Some(retort::ColumnValue::into_value(
                            self.$field.clone(),
                        )),)*
                        _ => None,
                    }
                }
            }

            impl retort::Insertable for $New {
                type Table = $Table;
                fn into_values(self) -> Vec<(&'static str, retort::sea_query::Value)> {
                    vec![$((stringify!($field), retort::ColumnValue::into_value(self.$field)),)*]
                }
            }
        }
    };
    (
        not_null $module:ident, $Table:ident, $name:literal, $Row:ident, $New:ident,
        [$($field:ident : $ty:ty => $CONST:ident = $sql:expr),* $(,)?]
    ) => {
        sample_table!(@def $module, $Table, $name, $Row, $New, false,
            [$($field: $ty => $CONST = $sql),*]);
    };
    (
        nullable $module:ident, $Table:ident, $name:literal, $Row:ident, $New:ident,
        [$($field:ident : $ty:ty => $CONST:ident = $sql:expr),* $(,)?]
    ) => {
        sample_table!(@def $module, $Table, $name, $Row, $New, true,
            [$($field: Option<$ty> => $CONST = $sql),*]);
    };
}

/// The columns of both test tables.
macro_rules! with_sample_columns {
    ($kind:ident $module:ident, $Table:ident, $name:literal, $Row:ident, $New:ident) => {
        sample_table!($kind $module, $Table, $name, $Row, $New, [
            small: i16 => SMALL = ColumnType::SmallInt,
            int: i32 => INT = ColumnType::Integer,
            big: i64 => BIG = ColumnType::BigInt,
            flag: bool => FLAG = ColumnType::Boolean,
            single: f32 => SINGLE = ColumnType::Real,
            double: f64 => DOUBLE = ColumnType::Double,
            decimal: Decimal => DECIMAL = ColumnType::Decimal { precision: Some(38), scale: Some(10) },
            text: String => TEXT = ColumnType::Text,
            varchar: String => VARCHAR = ColumnType::Varchar(Some(20)),
            bytes: Vec<u8> => BYTES = ColumnType::Bytes,
            date: NaiveDate => DATE = ColumnType::Date,
            time: NaiveTime => TIME = ColumnType::Time,
            timestamp: NaiveDateTime => TIMESTAMP = ColumnType::Timestamp,
            timestamptz: DateTime<Utc> => TIMESTAMPTZ = ColumnType::TimestampTz,
            uuid: Uuid => UUID = ColumnType::Uuid,
            json: serde_json::Value => JSON = ColumnType::Json,
            mood: Mood => MOOD = ColumnType::enum_of::<Mood>(),
        ]);
    };
}

with_sample_columns!(not_null samples, Samples, "samples", Sample, NewSample);
with_sample_columns!(nullable maybe, MaybeSamples, "maybe_samples", MaybeSample, NewMaybeSample);

/// A user's own column type (`sql_type` + `rust_type` in a spec): a temperature stored as
/// `DOUBLE PRECISION`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Celsius(pub f64);

impl retort::SqlType for Celsius {
    fn into_value(self) -> sea_query::Value {
        sea_query::Value::Double(Some(self.0))
    }
    fn null_value() -> sea_query::Value {
        sea_query::Value::Double(None)
    }
    fn decode(value: retort::DbValue<'_>) -> Result<Self, retort::DecodeError> {
        <f64 as retort::SqlType>::decode(value).map(Celsius)
    }
}

/// Another: an e-mail address stored as `VARCHAR(320)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Email(pub String);

impl retort::SqlType for Email {
    fn into_value(self) -> sea_query::Value {
        sea_query::Value::String(Some(self.0))
    }
    fn null_value() -> sea_query::Value {
        sea_query::Value::String(None)
    }
    fn decode(value: retort::DbValue<'_>) -> Result<Self, retort::DecodeError> {
        <String as retort::SqlType>::decode(value).map(Email)
    }
}

sample_table!(not_null custom, Customs, "custom_samples", CustomSample, NewCustomSample, [
    temperature: Celsius => TEMPERATURE = ColumnType::Custom("DOUBLE PRECISION".into()),
    email: Email => EMAIL = ColumnType::Custom("VARCHAR(320)".into()),
    code: String => CODE = ColumnType::Char(Some(5)),
]);

use custom::{Customs, NewCustomSample};
use maybe::{MaybeSamples, NewMaybeSample};
use samples::{NewSample, Samples};

fn metadata() -> MetaData {
    MetaData::new()
        .table(<Samples as Table>::def())
        .table(<MaybeSamples as Table>::def())
        .table(<Customs as Table>::def())
}

/// The sample tables created on `db`; a connection.
fn connection(db: &TestDb) -> Connection {
    metadata().create_all(db.engine()).unwrap();
    db.connection()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32, s: u32, micro: u32) -> NaiveTime {
    NaiveTime::from_hms_micro_opt(h, m, s, micro).unwrap()
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The smallest values of every type that every database stores (see
/// `special_floats_are_stored_or_refused` and `dates_before_year_1000_are_stored_or_refused`
/// for infinities and early dates).
fn minimums() -> NewSample {
    NewSample {
        small: i16::MIN,
        int: i32::MIN,
        big: i64::MIN,
        flag: false,
        single: f32::MIN,
        double: f64::MIN,
        decimal: dec("-999999999999999"),
        text: String::new(),
        varchar: String::new(),
        bytes: Vec::new(),
        date: date(1000, 1, 1),
        time: time(0, 0, 0, 0),
        timestamp: date(1000, 1, 1).and_time(time(0, 0, 0, 0)),
        timestamptz: utc(date(1970, 1, 1).and_time(time(0, 0, 0, 0))),
        uuid: Uuid::nil(),
        json: json!({}),
        mood: Mood::Happy,
    }
}

/// The largest values of every type.
fn maximums() -> NewSample {
    NewSample {
        small: i16::MAX,
        int: i32::MAX,
        big: i64::MAX,
        flag: true,
        single: f32::MAX,
        double: f64::MAX,
        decimal: dec("99999999999999.9"),
        text: "x".repeat(100_000),
        varchar: "y".repeat(20),
        bytes: (0..1024 * 1024).map(|i| (i % 251) as u8).collect(),
        date: date(9999, 12, 31),
        time: time(23, 59, 59, 999_999),
        timestamp: date(9999, 12, 31).and_time(time(23, 59, 59, 999_999)),
        timestamptz: utc(date(9999, 12, 31).and_time(time(23, 59, 59, 999_999))),
        uuid: Uuid::max(),
        json: json!({"a": [1, 2.5, {"b": null}], "c": "d", "e": true}),
        mood: Mood::SoSo,
    }
}

/// Values that a careless mapping would change.
fn tricky() -> NewSample {
    NewSample {
        small: -1,
        int: 0,
        big: 9_007_199_254_740_993, // 2^53 + 1: not exact as f64
        flag: true,
        single: 0.1,
        double: 0.1,
        decimal: dec("1.10"),
        text: "héllo wörld — 日本語 🦀 'quoted' \"double\" \\ back\\slash ;--".into(),
        varchar: "ünïcödé".into(),
        bytes: (0..=255).collect(),
        date: date(2024, 2, 29),
        time: time(13, 45, 0, 250_000),
        timestamp: date(2024, 5, 1).and_time(time(13, 45, 0, 1)),
        timestamptz: utc(date(2024, 5, 1).and_time(time(13, 45, 0, 123_456))),
        uuid: Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
        json: json!(5),
        mood: Mood::Sad,
    }
}

fn more_tricky() -> NewSample {
    NewSample {
        small: 0,
        int: -42,
        big: 0,
        flag: false,
        single: f32::MIN_POSITIVE,
        double: 5e-324, // the smallest subnormal
        decimal: dec("1234567890.12345"),
        text: "1e3".into(), // looks like a number: must stay text
        varchar: "0012".into(),
        bytes: b"\x00\xff not utf-8 \xc3\x28".to_vec(),
        date: date(1970, 1, 1),
        time: time(0, 0, 0, 1),
        timestamp: date(1999, 12, 31).and_time(time(23, 59, 59, 0)),
        timestamptz: utc(date(2038, 1, 19).and_time(time(3, 14, 8, 0))),
        uuid: Uuid::from_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap(),
        json: json!("five"),
        mood: Mood::Happy,
    }
}

fn even_more_tricky() -> NewSample {
    NewSample {
        small: 1,
        int: 1,
        big: 1,
        flag: true,
        single: -0.0,
        double: 1e300,
        decimal: dec("-0.0000000001"),
        text: " leading and trailing spaces ".into(),
        varchar: "NULL".into(),
        bytes: vec![0],
        date: date(2000, 1, 1),
        time: time(12, 0, 0, 0),
        timestamp: date(2000, 1, 1).and_time(time(0, 0, 0, 0)),
        timestamptz: utc(date(1969, 12, 31).and_time(time(23, 59, 59, 999_999))),
        uuid: Uuid::from_u128(1),
        json: json!(null),
        mood: Mood::Sad,
    }
}

fn all_samples() -> Vec<NewSample> {
    vec![
        minimums(),
        maximums(),
        tricky(),
        more_tricky(),
        even_more_tricky(),
    ]
}

fn the_decimal_of_sample(conn: &mut Connection, id: i64) -> Decimal {
    conn.one(
        select(samples::DECIMAL)
            .from(Samples)
            .filter(samples::ID.eq(id)),
    )
    .unwrap()
}

fn exact_values_are_kept_exactly(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn.insert(tricky()).unwrap();
    let decimal = the_decimal_of_sample(&mut conn, id);
    assert_eq!(decimal, dec("1.10"));
    // SQLite stores a decimal as a number (so that it compares as one): the value is kept,
    // its trailing zeros are not. The servers keep the column's scale, DECIMAL(38,10).
    let expected = match db.backend {
        Backend::Sqlite => "1.1",
        Backend::Postgres | Backend::Mysql => "1.1000000000",
    };
    assert_eq!(decimal.to_string(), expected);

    let id2 = conn.insert(more_tricky()).unwrap();
    assert_eq!(
        the_decimal_of_sample(&mut conn, id2),
        dec("1234567890.12345"),
        "15 significant digits are exact everywhere"
    );

    // More digits than SQLite keeps exactly: refused there, exact on the servers.
    let many_digits = dec("1234567890123456789012345678.1");
    let result = conn.insert(NewSample {
        decimal: many_digits,
        ..tricky()
    });
    match db.backend {
        Backend::Sqlite => assert!(matches!(result, Err(Error::Unsupported(_))), "{result:?}"),
        Backend::Postgres | Backend::Mysql => {
            let id = result.unwrap();
            assert_eq!(the_decimal_of_sample(&mut conn, id), many_digits);
        }
    }
    // A value too large for DECIMAL(38,10) is an error on the servers, never truncated.
    let result = conn.insert(NewSample {
        decimal: Decimal::MAX,
        ..tricky()
    });
    assert!(result.is_err(), "{result:?}");

    // 2^53 + 1 survives (it would not through a float).
    let big: i64 = conn
        .one(
            select(samples::BIG)
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(big, 9_007_199_254_740_993);

    // f32 0.1 comes back as the same f32, bit for bit; so does f64 0.1.
    let (single, double): (f32, f64) = conn
        .one(
            select((samples::SINGLE, samples::DOUBLE))
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(single.to_bits(), 0.1f32.to_bits());
    assert_eq!(double.to_bits(), 0.1f64.to_bits());

    // Text that looks like a number stays text, with its leading zeros.
    let (text, varchar): (String, String) = conn
        .one(
            select((samples::TEXT, samples::VARCHAR))
                .from(Samples)
                .filter(samples::ID.eq(id2)),
        )
        .unwrap();
    assert_eq!((text.as_str(), varchar.as_str()), ("1e3", "0012"));

    // The JSON number 5 comes back as a number, the JSON string as a string.
    let json5: serde_json::Value = conn
        .one(
            select(samples::JSON)
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(json5, json!(5));
    assert!(json5.is_number());
    let five: serde_json::Value = conn
        .one(
            select(samples::JSON)
                .from(Samples)
                .filter(samples::ID.eq(id2)),
        )
        .unwrap();
    assert_eq!(five, json!("five"));
}

fn no_values() -> NewMaybeSample {
    NewMaybeSample {
        small: None,
        int: None,
        big: None,
        flag: None,
        single: None,
        double: None,
        decimal: None,
        text: None,
        varchar: None,
        bytes: None,
        date: None,
        time: None,
        timestamp: None,
        timestamptz: None,
        uuid: None,
        json: None,
        mood: None,
    }
}

fn typed_values_filter_and_order_correctly(db: &TestDb) {
    let mut conn = connection(db);
    for new in all_samples() {
        conn.insert(new).unwrap();
    }
    let ids = |conn: &mut Connection, predicate: retort::Expr<bool>| -> Vec<i64> {
        conn.all(
            select(samples::ID)
                .from(Samples)
                .filter(predicate)
                .order_by(samples::ID),
        )
        .unwrap()
    };

    assert_eq!(ids(&mut conn, samples::BIG.eq(i64::MIN)), [1]);
    assert_eq!(ids(&mut conn, samples::SMALL.lt(0)), [1, 3]);
    assert_eq!(ids(&mut conn, samples::INT.eq(i32::MAX)), [2]);
    assert_eq!(ids(&mut conn, samples::FLAG.eq(true)), [2, 3, 5]);
    assert_eq!(ids(&mut conn, samples::MOOD.eq(Mood::Sad)), [3, 5]);
    assert_eq!(
        ids(&mut conn, samples::MOOD.is_in([Mood::Happy, Mood::SoSo])),
        [1, 2, 4]
    );
    assert_eq!(ids(&mut conn, samples::UUID.eq(Uuid::max())), [2]);
    assert_eq!(ids(&mut conn, samples::BYTES.eq(vec![0u8])), [5]);
    assert_eq!(ids(&mut conn, samples::BYTES.eq(Vec::new())), [1]);
    assert_eq!(ids(&mut conn, samples::DOUBLE.ge(f64::MAX)), [2]);
    assert_eq!(ids(&mut conn, samples::DOUBLE.le(f64::MIN)), [1]);
    assert_eq!(ids(&mut conn, samples::DECIMAL.eq(dec("1.10"))), [3]);
    // Case matters in text comparisons on every database (MySQL tables use utf8mb4_bin).
    assert_eq!(
        ids(&mut conn, samples::VARCHAR.eq("null")),
        Vec::<i64>::new()
    );
    assert_eq!(ids(&mut conn, samples::VARCHAR.eq("NULL")), [5]);
    // Dates, times and timestamps compare in time order.
    assert_eq!(
        ids(
            &mut conn,
            samples::DATE.between(date(1970, 1, 1), date(2024, 2, 29))
        ),
        [3, 4, 5]
    );
    assert_eq!(ids(&mut conn, samples::TIME.gt(time(12, 0, 0, 0))), [2, 3]);
    assert_eq!(
        ids(
            &mut conn,
            samples::TIMESTAMP.ge(date(2000, 1, 1).and_time(time(0, 0, 0, 0)))
        ),
        [2, 3, 5]
    );
    assert_eq!(
        ids(
            &mut conn,
            samples::TIMESTAMPTZ.lt(utc(date(1970, 1, 1).and_time(time(0, 0, 0, 0))))
        ),
        [5]
    );
    let ordered: Vec<i64> = conn
        .all(
            select(samples::ID)
                .from(Samples)
                .order_by(samples::TIMESTAMPTZ.desc()),
        )
        .unwrap();
    assert_eq!(ordered, [2, 4, 3, 1, 5]);
}

/// NaN and the infinities: PostgreSQL stores all three; SQLite stores the infinities but
/// would turn NaN into NULL; MySQL stores none. Refusals are `Error::Unsupported`, in
/// filters as in inserts, and nothing is written.
fn special_floats_are_stored_or_refused(db: &TestDb) {
    let mut conn = connection(db);
    let specials = [
        (f32::NAN, f64::NAN),
        (f32::INFINITY, f64::INFINITY),
        (f32::NEG_INFINITY, f64::NEG_INFINITY),
    ];
    for (single, double) in specials {
        let stored = |conn: &mut Connection| -> retort::Result<(f32, f64)> {
            let id = conn.insert(NewSample {
                single,
                double,
                ..tricky()
            })?;
            conn.one(
                select((samples::SINGLE, samples::DOUBLE))
                    .from(Samples)
                    .filter(samples::ID.eq(id)),
            )
        };
        let accepted = match db.backend {
            Backend::Postgres => true,
            Backend::Sqlite => !double.is_nan(),
            Backend::Mysql => false,
        };
        match stored(&mut conn) {
            Ok((s, d)) if accepted => {
                assert_eq!(s.to_bits(), single.to_bits(), "{single}");
                assert_eq!(d.to_bits(), double.to_bits(), "{double}");
            }
            Err(Error::Unsupported(message)) if !accepted => {
                assert!(
                    message.contains("NaN") || message.to_lowercase().contains("infinit"),
                    "{message}"
                );
            }
            other => panic!("{double}: unexpected {other:?}"),
        }
        let filtered = conn.all(
            select(samples::ID)
                .from(Samples)
                .filter(samples::DOUBLE.eq(double)),
        );
        assert_eq!(
            filtered.is_ok(),
            accepted,
            "{double} in a filter: {filtered:?}"
        );
    }
    let expected_rows = match db.backend {
        Backend::Postgres => 3,
        Backend::Sqlite => 2,
        Backend::Mysql => 0,
    };
    assert_eq!(count_rows(&mut conn, "samples"), expected_rows);
}

/// MySQL's DATE and DATETIME hold the years 1000 to 9999; earlier dates are refused there.
fn dates_before_year_1000_are_stored_or_refused(db: &TestDb) {
    let mut conn = connection(db);
    let early = NewSample {
        date: date(1, 1, 1),
        timestamp: date(1, 1, 1).and_time(time(0, 0, 0, 0)),
        ..tricky()
    };
    match (db.backend, conn.insert(early.clone())) {
        (Backend::Mysql, Err(Error::Unsupported(message))) => {
            assert!(message.contains("1000"), "{message}")
        }
        (Backend::Sqlite | Backend::Postgres, Ok(id)) => {
            let stored = conn
                .one(Samples.select().filter(samples::ID.eq(id)))
                .unwrap();
            assert_eq!(stored, early.row(id));
        }
        (_, other) => panic!("unexpected {other:?}"),
    }
}

/// PostgreSQL text cannot hold the NUL character; the others keep it.
fn text_with_a_nul_character_is_stored_or_refused(db: &TestDb) {
    let mut conn = connection(db);
    let with_nul = NewSample {
        text: "before\u{0}after".into(),
        ..tricky()
    };
    match (db.backend, conn.insert(with_nul.clone())) {
        (Backend::Postgres, Err(Error::Unsupported(message))) => {
            assert!(message.contains("NUL"), "{message}")
        }
        (Backend::Sqlite | Backend::Mysql, Ok(id)) => {
            let stored = conn
                .one(Samples.select().filter(samples::ID.eq(id)))
                .unwrap();
            assert_eq!(stored, with_nul.row(id));
        }
        (_, other) => panic!("unexpected {other:?}"),
    }
}

fn sub_microsecond_times_are_refused(db: &TestDb) {
    let mut conn = connection(db);
    let nanos =
        |micros_and_nanos: u32| NaiveTime::from_hms_nano_opt(13, 45, 0, micros_and_nanos).unwrap();
    let attempts = [
        NewSample {
            time: nanos(1),
            ..tricky()
        },
        NewSample {
            timestamp: date(2024, 5, 1).and_time(nanos(123_456_789)),
            ..tricky()
        },
        NewSample {
            timestamptz: utc(date(2024, 5, 1).and_time(nanos(999_999_999))),
            ..tricky()
        },
    ];
    for (i, attempt) in attempts.into_iter().enumerate() {
        match conn.insert(attempt) {
            Err(Error::Unsupported(message)) => {
                assert!(message.contains("sub-microsecond"), "{i}: {message}")
            }
            other => panic!("{i}: expected Error::Unsupported, got {other:?}"),
        }
    }
    assert_eq!(count_rows(&mut conn, "samples"), 0);
    // Whole microseconds are fine.
    let id = conn
        .insert(NewSample {
            time: nanos(123_456_000),
            ..tricky()
        })
        .unwrap();
    let stored: NaiveTime = conn
        .one(
            select(samples::TIME)
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(stored, nanos(123_456_000));
}

fn an_enum_column_refuses_other_text(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn.insert(tricky()).unwrap();
    // The same column declared as plain text, as hand-written SQL would treat it.
    const MOOD_TEXT: Column<Samples, String> = Column::new("mood");
    let error = conn
        .execute(
            Samples
                .update()
                .set(MOOD_TEXT, "furious")
                .filter(samples::ID.eq(id)),
        )
        .unwrap_err();
    match db.backend {
        // SQLite keeps enums as text with a CHECK of the values.
        Backend::Sqlite => assert!(
            matches!(
                error,
                Error::Constraint {
                    kind: ConstraintKind::Check,
                    ..
                }
            ),
            "{error:?}"
        ),
        // A native enum type (PostgreSQL) or ENUM column (MySQL, strict mode) rejects it.
        Backend::Postgres => assert!(
            matches!(&error, Error::Database { code: Some(code), .. } if code == "22P02"),
            "{error:?}"
        ),
        Backend::Mysql => assert!(
            matches!(&error, Error::Database { code: Some(code), .. } if code == "1265"),
            "{error:?}"
        ),
    }
    let mood: Mood = conn
        .one(
            select(samples::MOOD)
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(mood, Mood::Sad);
}

fn text_read_as_an_integer_is_a_decode_error_naming_the_column(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn.insert(tricky()).unwrap();
    const TEXT_AS_I64: Column<Samples, i64> = Column::new("text");
    let error = conn
        .one(select(TEXT_AS_I64).from(Samples).filter(samples::ID.eq(id)))
        .unwrap_err();
    match &error {
        Error::Decode { column, message } => {
            assert!(column.contains("`text`"), "{column}");
            assert!(message.contains("expected i64, found text"), "{message}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A value too wide for its column: the servers refuse it when it is written; SQLite, which
/// does not check widths, stores it and the read fails instead.
fn integers_too_wide_for_their_column_are_refused(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn.insert(tricky()).unwrap();
    // A 64-bit value in the 16-bit column.
    const SMALL_AS_I64: Column<Samples, i64> = Column::new("small");
    let written = conn.execute(
        Samples
            .update()
            .set(SMALL_AS_I64, 70_000)
            .filter(samples::ID.eq(id)),
    );
    match db.backend {
        Backend::Postgres => assert!(
            matches!(&written, Err(Error::Unsupported(m)) if m.contains("70000")),
            "{written:?}"
        ),
        Backend::Mysql => assert!(
            matches!(&written, Err(Error::Database { code: Some(code), message, .. }) if code == "1264" && message.contains("small")),
            "{written:?}"
        ),
        Backend::Sqlite => {
            written.unwrap();
            let error = conn
                .one(
                    select(samples::SMALL)
                        .from(Samples)
                        .filter(samples::ID.eq(id)),
                )
                .unwrap_err();
            match &error {
                Error::Decode { column, message } => {
                    assert!(column.contains("small"), "{column}");
                    assert!(
                        message.contains("70000") && message.contains("i16"),
                        "{message}"
                    );
                }
                other => panic!("expected Error::Decode, got {other:?}"),
            }
            // The whole row fails the same way.
            let error = conn
                .one(Samples.select().filter(samples::ID.eq(id)))
                .unwrap_err();
            assert!(
                matches!(&error, Error::Decode { column, .. } if column.contains("small")),
                "{error:?}"
            );
        }
    }
}

/// SQLite's columns take any value; what is not a boolean, UUID, date or JSON document in
/// them is a decode error naming the column.
fn sqlite_values_that_do_not_fit_the_rust_type_are_decode_errors(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn.insert(tricky()).unwrap();
    const FLAG_AS_I64: Column<Samples, i64> = Column::new("flag");
    conn.execute(
        Samples
            .update()
            .set(FLAG_AS_I64, 2)
            .filter(samples::ID.eq(id)),
    )
    .unwrap();
    let error = conn
        .one(
            select(samples::FLAG)
                .from(Samples)
                .filter(samples::ID.eq(id)),
        )
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { column, .. } if column.contains("flag")),
        "{error:?}"
    );

    const UUID_TEXT: Column<Samples, String> = Column::new("uuid");
    const DATE_TEXT: Column<Samples, String> = Column::new("date");
    const JSON_TEXT: Column<Samples, String> = Column::new("json");
    conn.execute(
        Samples
            .update()
            .set(UUID_TEXT, "not-a-uuid")
            .set(DATE_TEXT, "yesterday")
            .set(JSON_TEXT, "{broken")
            .filter(samples::ID.eq(id)),
    )
    .unwrap();
    for (query, name) in [
        (
            conn.one(select(samples::UUID).from(Samples)).map(|_| ()),
            "uuid",
        ),
        (
            conn.one(select(samples::DATE).from(Samples)).map(|_| ()),
            "date",
        ),
        (
            conn.one(select(samples::JSON).from(Samples)).map(|_| ()),
            "json",
        ),
    ] {
        match query {
            Err(Error::Decode { column, .. }) => assert!(column.contains(name), "{column}"),
            other => panic!("{name}: expected Error::Decode, got {other:?}"),
        }
    }
}

fn a_hand_built_statement_with_a_typed_null_reaches_the_database(db: &TestDb) {
    // The Raw helper used by other tests: a NULL bound through sea-query lands as NULL.
    let mut conn = connection(db);
    let mut insert = sea_query::Query::insert();
    insert
        .into_table(Alias::new("maybe_samples"))
        .columns([Alias::new("big"), Alias::new("text")])
        .values_panic([
            sea_query::Value::BigInt(Some(7)).into(),
            sea_query::Value::String(None).into(),
        ]);
    assert_eq!(conn.execute(Raw(insert)).unwrap(), 1);
    let row: (Option<i64>, Option<String>) = conn
        .one(select((maybe::BIG, maybe::TEXT)).from(MaybeSamples))
        .unwrap();
    assert_eq!(row, (Some(7), None));
}

/// Decimal columns compare and sort as numbers (`9.5 < 10.0`), not as text.
fn decimals_compare_as_numbers(db: &TestDb) {
    let mut conn = connection(db);
    for value in ["9.5", "10.0", "-2", "100"] {
        conn.insert(NewSample {
            decimal: dec(value),
            ..tricky()
        })
        .unwrap();
    }
    let above_nine: Vec<Decimal> = conn
        .all(
            select(samples::DECIMAL)
                .from(Samples)
                .filter(samples::DECIMAL.gt(dec("9")))
                .order_by(samples::DECIMAL),
        )
        .unwrap();
    assert_eq!(above_nine, [dec("9.5"), dec("10.0"), dec("100")]);
    // Equal values with different scales are equal.
    let ids: Vec<i64> = conn
        .all(
            select(samples::ID)
                .from(Samples)
                .filter(samples::DECIMAL.eq(dec("10"))),
        )
        .unwrap();
    assert_eq!(ids, [2]);
}

/// `varchar(20)`: a longer string is refused before it is sent, on every database (SQLite
/// would keep it whole, the servers refuse it). Hand-written SQL gets each database's own
/// behaviour.
fn text_longer_than_its_varchar_is_refused_everywhere(db: &TestDb) {
    let mut conn = connection(db);
    let refused = conn.insert(NewSample {
        varchar: "z".repeat(21),
        ..tricky()
    });
    match refused {
        Err(Error::Unsupported(message)) => assert!(
            message.contains("21 characters") && message.contains("samples.varchar"),
            "{message}"
        ),
        other => panic!("expected Error::Unsupported, got {other:?}"),
    }
    // Exactly 20 characters, multi-byte ones included, fit.
    let id = conn
        .insert(NewSample {
            varchar: "ü".repeat(20),
            ..tricky()
        })
        .unwrap();
    let error = conn
        .execute(
            Samples
                .update()
                .set(samples::VARCHAR, "z".repeat(21))
                .filter(samples::ID.eq(id)),
        )
        .unwrap_err();
    assert!(matches!(error, Error::Unsupported(_)), "{error:?}");

    // `varchar` is a reserved word on MySQL.
    let column = match db.backend {
        Backend::Mysql => "`varchar`",
        Backend::Sqlite | Backend::Postgres => "\"varchar\"",
    };
    let by_hand = conn.execute_batch(&format!(
        "UPDATE samples SET {column} = '{}'",
        "z".repeat(21)
    ));
    match (db.backend, by_hand) {
        (Backend::Sqlite, Ok(())) => {}
        (Backend::Postgres | Backend::Mysql, Err(Error::Database { code, message, .. })) => {
            let expected = if db.backend == Backend::Postgres {
                "22001"
            } else {
                "1406"
            };
            assert_eq!(code.as_deref(), Some(expected), "{message}");
        }
        (_, other) => panic!("unexpected {other:?}"),
    }
}

/// More fractional digits than the column's scale: refused before it is sent, on every
/// database (PostgreSQL and MySQL would round it, SQLite keep it).
fn decimals_beyond_their_column_scale_are_refused_everywhere(db: &TestDb) {
    let mut conn = connection(db);
    let refused = conn.insert(NewSample {
        decimal: dec("0.123456789012"),
        ..tricky()
    });
    match refused {
        Err(Error::Unsupported(message)) => assert!(
            message.contains("12 decimal places") && message.contains("decimal(38,10)"),
            "{message}"
        ),
        other => panic!("expected Error::Unsupported, got {other:?}"),
    }
    // Trailing zeros beyond the scale are not digits that would be lost.
    let id = conn
        .insert(NewSample {
            decimal: dec("0.12345678900000"),
            ..tricky()
        })
        .unwrap();
    assert_eq!(the_decimal_of_sample(&mut conn, id), dec("0.123456789"));
    // Too many digits before the point (28 fit in decimal(38,10)).
    let error = conn
        .execute(
            Samples
                .update()
                .set(samples::DECIMAL, dec("12345678901234567890123456789"))
                .filter(samples::ID.eq(id)),
        )
        .unwrap_err();
    assert!(
        matches!(&error, Error::Unsupported(m) if m.contains("29 digits before the point")),
        "{error:?}"
    );
    assert_eq!(count_rows(&mut conn, "samples"), 1);
}

/// Columns of a user's own type (`sql_type` + `rust_type`) round-trip and compare like any
/// other.
fn custom_column_types_round_trip(db: &TestDb) {
    let mut conn = connection(db);
    let samples = [
        NewCustomSample {
            temperature: Celsius(-40.25),
            email: Email("ada@example.org".into()),
            code: "ABCDE".into(),
        },
        NewCustomSample {
            temperature: Celsius(36.6),
            email: Email("grâce@exämple.org".into()),
            code: "ünïcö".into(),
        },
    ];
    for (i, new) in samples.into_iter().enumerate() {
        let id = i as i64 + 1;
        assert_eq!(conn.insert_returning(new.clone()).unwrap(), new.row(id));
    }
    let warm: Vec<Email> = conn
        .all(
            select(custom::EMAIL)
                .from(Customs)
                .filter(custom::TEMPERATURE.gt(Celsius(0.0))),
        )
        .unwrap();
    assert_eq!(warm, [Email("grâce@exämple.org".into())]);
}

/// A timestamp with a time zone other than UTC, written by hand-written SQL, reads back as
/// the same instant in UTC — or, where the column cannot take an offset (MariaDB), the write
/// is an error rather than a changed value.
fn timestamps_written_with_an_offset_read_back_in_utc(db: &TestDb) {
    let mut conn = connection(db);
    let written = conn.execute_batch(
        "INSERT INTO maybe_samples (timestamptz) VALUES ('2024-05-01 15:45:00.5+02:00')",
    );
    let expected = utc(date(2024, 5, 1).and_time(time(13, 45, 0, 500_000)));
    let mariadb = db.backend == Backend::Mysql && {
        let mut version = sea_query::Query::select();
        version.expr(sea_query::Expr::cust("VERSION()"));
        let version: String = conn.one(Select::<String>::from_statement(version)).unwrap();
        version.contains("MariaDB")
    };
    if mariadb {
        assert!(
            matches!(written, Err(Error::Database { .. })),
            "{written:?}"
        );
        return;
    }
    written.unwrap();
    let stored: Option<DateTime<Utc>> = conn
        .one(select(maybe::TIMESTAMPTZ).from(MaybeSamples))
        .unwrap();
    assert_eq!(stored, Some(expected));
}

/// `char(n)`: a value of exactly `n` characters round-trips everywhere; a shorter one
/// comes back as each database defines CHAR — padded to `n` by PostgreSQL, with trailing
/// spaces removed by MySQL, as written by SQLite (docs/types.md).
fn char_values_shorter_than_the_column_come_back_as_each_database_defines(db: &TestDb) {
    let mut conn = connection(db);
    let id = conn
        .insert(NewCustomSample {
            temperature: Celsius(0.0),
            email: Email("a@b".into()),
            code: "ab ".into(),
        })
        .unwrap();
    let code: String = conn
        .one(select(custom::CODE).from(Customs).filter(custom::ID.eq(id)))
        .unwrap();
    let expected = match db.backend {
        Backend::Sqlite => "ab ",
        Backend::Postgres => "ab   ",
        Backend::Mysql => "ab",
    };
    assert_eq!(code, expected);
}

/// The round trips of every type, on the sync and the async API (`#[dual]`): the async
/// drivers hand rows over in their own shapes (tokio-postgres rows, mysql_async rows,
/// SQLite's owned batches), decoded by the same code.
#[retort_dual::dual]
mod round_trips {
    use crate::{
        MaybeSamples, NewMaybeSample, Samples, all_samples, maybe, metadata, no_values, samples,
    };
    use retort::sea_query::{self, Alias, ExprTrait};
    use retort::serde_json;
    use retort::{Select, Table, select};

    pub async fn every_type_round_trips_in_not_null_columns(db: &TestDb) {
        metadata().create_all(db.engine()).await.unwrap();
        let mut conn = db.connection().await;
        for (i, new) in all_samples().into_iter().enumerate() {
            let id = i as i64 + 1;
            let expected = new.row(id);
            let returned = conn.insert_returning(new).await.unwrap();
            assert_eq!(returned, expected, "insert_returning of sample {id}");
            let stored = conn
                .one(Samples.select().filter(samples::ID.eq(id)))
                .await
                .unwrap();
            assert_eq!(stored, expected, "select of sample {id}");
        }
    }

    pub async fn nulls_and_values_round_trip_in_nullable_columns(db: &TestDb) {
        metadata().create_all(db.engine()).await.unwrap();
        let mut conn = db.connection().await;
        let nothing = no_values();
        let returned = conn.insert_returning(nothing.clone()).await.unwrap();
        assert_eq!(returned, nothing.row(1));

        // Every column really holds SQL NULL (not an empty string, 0 or the JSON `null`).
        for column in <MaybeSamples as Table>::COLUMNS.iter().skip(1) {
            let mut query = sea_query::Query::select();
            query
                .expr(sea_query::Expr::col(Alias::new(*column)).is_null())
                .from(Alias::new("maybe_samples"));
            let is_null: bool = conn
                .one(Select::<bool>::from_statement(query))
                .await
                .unwrap();
            assert!(is_null, "column {column} is not NULL");
        }

        for (i, new) in all_samples().into_iter().enumerate() {
            let id = i as i64 + 2;
            let new = NewMaybeSample {
                small: Some(new.small),
                int: Some(new.int),
                big: Some(new.big),
                flag: Some(new.flag),
                single: Some(new.single),
                double: Some(new.double),
                decimal: Some(new.decimal),
                text: Some(new.text),
                varchar: Some(new.varchar),
                bytes: Some(new.bytes),
                date: Some(new.date),
                time: Some(new.time),
                timestamp: Some(new.timestamp),
                timestamptz: Some(new.timestamptz),
                uuid: Some(new.uuid),
                json: Some(new.json),
                mood: Some(new.mood),
            };
            let expected = new.row(id);
            assert_eq!(conn.insert_returning(new).await.unwrap(), expected);
            assert_eq!(
                conn.one(MaybeSamples.select().filter(maybe::ID.eq(id)))
                    .await
                    .unwrap(),
                expected
            );
        }

        // The JSON document `null` is a value, not SQL NULL.
        let json_null: Option<serde_json::Value> = conn
            .one(
                select(maybe::JSON)
                    .from(MaybeSamples)
                    .filter(maybe::ID.eq(6)),
            )
            .await
            .unwrap();
        assert_eq!(json_null, Some(serde_json::Value::Null));
        assert_eq!(
            conn.all(
                select(maybe::ID)
                    .from(MaybeSamples)
                    .filter(maybe::JSON.is_null())
            )
            .await
            .unwrap(),
            [1]
        );

        // Setting a value back to NULL.
        let changed = conn
            .execute(
                MaybeSamples
                    .update()
                    .set(maybe::TIMESTAMPTZ, None)
                    .set(maybe::BYTES, None)
                    .set(maybe::MOOD, None)
                    .filter(maybe::ID.eq(2)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 1);
        let row = conn
            .one(MaybeSamples.select().filter(maybe::ID.eq(2)))
            .await
            .unwrap();
        assert_eq!((row.timestamptz, row.bytes, row.mood), (None, None, None));
        assert_eq!(row.big, Some(i64::MIN));
    }
}

mod round_trip_tests {
    use super::*;
    database_tests!(
        dual round_trips async on [sqlite, postgres, mysql]:
        every_type_round_trips_in_not_null_columns,
        nulls_and_values_round_trip_in_nullable_columns,
    );
}

database_tests!(
    char_values_shorter_than_the_column_come_back_as_each_database_defines,
    custom_column_types_round_trip,
    timestamps_written_with_an_offset_read_back_in_utc,
    text_longer_than_its_varchar_is_refused_everywhere,
    decimals_beyond_their_column_scale_are_refused_everywhere,
    exact_values_are_kept_exactly,
    typed_values_filter_and_order_correctly,
    special_floats_are_stored_or_refused,
    dates_before_year_1000_are_stored_or_refused,
    text_with_a_nul_character_is_stored_or_refused,
    sub_microsecond_times_are_refused,
    an_enum_column_refuses_other_text,
    text_read_as_an_integer_is_a_decode_error_naming_the_column,
    integers_too_wide_for_their_column_are_refused,
    a_hand_built_statement_with_a_typed_null_reaches_the_database,
    decimals_compare_as_numbers,
);

database_tests!(mod sqlite_only on [sqlite]: sqlite_values_that_do_not_fit_the_rust_type_are_decode_errors);

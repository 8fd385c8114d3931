//! The models of `fixtures/edge-cases.yaml`: keyword and odd column names, composite keys,
//! enums, self-references, several foreign keys to one table, an association table, every
//! portable type and a custom one ([`Celsius`]).

/// The generated modules.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// A user-defined column type (`sql_type: REAL, rust_type: crate::Celsius` in the spec):
/// implementing [`retort::SqlType`] is all it takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Celsius(pub f64);

impl retort::SqlType for Celsius {
    fn into_value(self) -> retort::sea_query::Value {
        retort::sea_query::Value::Double(Some(self.0))
    }

    fn null_value() -> retort::sea_query::Value {
        retort::sea_query::Value::Double(None)
    }

    fn decode(value: retort::DbValue<'_>) -> Result<Self, retort::DecodeError> {
        <f64 as retort::SqlType>::decode(value).map(Celsius)
    }
}

//! [`Key`]: what [`Session::get`](crate::Session::get) takes as a primary key.

use sea_query::Value;

use crate::value::ColumnValue;

/// A primary key's value: the key column's Rust value, or a tuple of them for a composite
/// key, in key order.
pub trait Key {
    /// The values, in key order.
    fn key_values(self) -> Vec<Value>;
}

impl<V: ColumnValue> Key for V {
    fn key_values(self) -> Vec<Value> {
        vec![self.into_value()]
    }
}

macro_rules! tuple_key {
    ($($name:ident),+) => {
        impl<$($name: ColumnValue),+> Key for ($($name,)+) {
            #[allow(non_snake_case)]
            fn key_values(self) -> Vec<Value> {
                let ($($name,)+) = self;
                vec![$($name.into_value()),+]
            }
        }
    };
}

tuple_key!(A, B);
tuple_key!(A, B, C);
tuple_key!(A, B, C, D);

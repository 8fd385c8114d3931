//! Column defaults: the SQL a catalog stores, and the literal value it is when it is one
//! (`'it''s'::character varying`, `'-1'::integer`, `(0)`, `TRUE`, `_utf8mb4'x'`).

use std::str::FromStr;

use rust_decimal::Decimal;
use sea_query::Value;

use super::model::ReflectedDefault;
use super::sql_text::{Flavor, Spanned, Token, strip_parens, tokenize, without_casts};
use crate::schema::ColumnType;

/// A literal as written: what kind, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Literal {
    /// A quoted string's value.
    Str(String),
    /// A number, with its sign.
    Number(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// NULL.
    Null,
}

/// The default stored as `sql` for a column of type `ty`; `None` when it is NULL (the same
/// as no default).
pub(super) fn default(sql: &str, ty: &ColumnType, flavor: Flavor) -> Option<ReflectedDefault> {
    let sql = sql.trim();
    let literal = literal(sql, flavor);
    if sql.is_empty() || literal == Some(Literal::Null) {
        return None;
    }
    Some(ReflectedDefault {
        sql: sql.to_owned(),
        literal: literal.and_then(|l| value_of(l, ty)),
    })
}

/// The literal `sql` is, if it is one (parentheses, casts and MySQL charset introducers
/// around it allowed).
fn literal(sql: &str, flavor: Flavor) -> Option<Literal> {
    let tokens = tokenize(sql, flavor);
    let tokens = without_casts(strip_parens(&tokens));
    let tokens = strip_parens(tokens);
    match tokens {
        [one] => single(one),
        // `_utf8mb4'x'`, `N'x'` (introducers), `-1`, `+1`.
        [first, second] => match (&first.token, &second.token) {
            (Token::Word(w), Token::Str(s))
                if w.starts_with('_') || w.eq_ignore_ascii_case("N") =>
            {
                Some(Literal::Str(s.clone()))
            }
            (Token::Symbol(sign), Token::Number(n)) if sign == "-" || sign == "+" => {
                let sign = if sign == "-" { "-" } else { "" };
                Some(Literal::Number(format!("{sign}{n}")))
            }
            _ => None,
        },
        _ => None,
    }
}

fn single(token: &Spanned) -> Option<Literal> {
    match &token.token {
        Token::Str(s) => Some(Literal::Str(s.clone())),
        Token::Number(n) => Some(Literal::Number(n.clone())),
        Token::Word(w) if w.eq_ignore_ascii_case("true") => Some(Literal::Bool(true)),
        Token::Word(w) if w.eq_ignore_ascii_case("false") => Some(Literal::Bool(false)),
        Token::Word(w) if w.eq_ignore_ascii_case("null") => Some(Literal::Null),
        _ => None,
    }
}

/// The literal as a value of the column's type, when it is one.
fn value_of(literal: Literal, ty: &ColumnType) -> Option<Value> {
    use ColumnType as T;
    // A quoted number is a number to a numeric column (PostgreSQL writes `'-1'::integer`).
    let text = match &literal {
        Literal::Str(s) | Literal::Number(s) => Some(s.trim().to_owned()),
        Literal::Bool(_) | Literal::Null => None,
    };
    match ty {
        T::SmallInt => Some(Value::SmallInt(Some(text?.parse().ok()?))),
        T::Integer => Some(Value::Int(Some(text?.parse().ok()?))),
        T::BigInt => Some(Value::BigInt(Some(text?.parse().ok()?))),
        T::Real => Some(Value::Float(Some(text?.parse().ok()?))),
        T::Double => Some(Value::Double(Some(text?.parse().ok()?))),
        T::Decimal { .. } => {
            let text = text?;
            let decimal = Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text));
            Some(Value::Decimal(Some(decimal.ok()?)))
        }
        T::Boolean => {
            let value = match &literal {
                Literal::Bool(b) => *b,
                Literal::Number(n) => match n.as_str() {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
                // PostgreSQL's spellings of booleans.
                Literal::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "t" | "true" | "y" | "yes" | "on" | "1" => true,
                    "f" | "false" | "n" | "no" | "off" | "0" => false,
                    _ => return None,
                },
                Literal::Null => return None,
            };
            Some(Value::Bool(Some(value)))
        }
        T::Text | T::Varchar(_) | T::Char(_) | T::Enum { .. } => match literal {
            Literal::Str(s) => Some(Value::String(Some(s))),
            // SQLite and MySQL accept `DEFAULT 0` on a text column: the text `0`.
            Literal::Number(n) => Some(Value::String(Some(n))),
            Literal::Bool(_) | Literal::Null => None,
        },
        T::Bytes => None,
        T::Date | T::Time | T::Timestamp | T::TimestampTz | T::Uuid | T::Json | T::Custom(_) => {
            match literal {
                Literal::Str(s) => Some(Value::String(Some(s))),
                _ => None,
            }
        }
    }
}

/// PostgreSQL's serial default `nextval('seq'::regclass)`: the sequence it names.
pub(super) fn nextval_sequence(sql: &str) -> Option<String> {
    let tokens = tokenize(sql, Flavor::Postgres);
    match tokens.as_slice() {
        [name, open, inner @ .., close]
            if name.token.is_word("nextval")
                && open.token.is_symbol("(")
                && close.token.is_symbol(")") =>
        {
            match without_casts(inner) {
                [
                    Spanned {
                        token: Token::Str(sequence),
                        ..
                    },
                ] => Some(sequence.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal_of(sql: &str, ty: ColumnType, flavor: Flavor) -> Option<Value> {
        default(sql, &ty, flavor).and_then(|d| d.literal)
    }

    #[test]
    fn postgres_literals_with_casts() {
        let pg = Flavor::Postgres;
        assert_eq!(
            literal_of("'it''s'::character varying", ColumnType::Varchar(None), pg),
            Some(Value::String(Some("it's".into())))
        );
        assert_eq!(
            literal_of("'-1'::integer", ColumnType::Integer, pg),
            Some(Value::Int(Some(-1)))
        );
        assert_eq!(
            literal_of(
                "1.50",
                ColumnType::Decimal {
                    precision: Some(10),
                    scale: Some(2)
                },
                pg
            ),
            Some(Value::Decimal(Some(Decimal::new(150, 2))))
        );
        assert_eq!(
            literal_of("true", ColumnType::Boolean, pg),
            Some(Value::Bool(Some(true)))
        );
        assert_eq!(
            literal_of("'sad'::other.mood", ColumnType::Text, pg),
            Some(Value::String(Some("sad".into())))
        );
        assert_eq!(literal_of("now()", ColumnType::TimestampTz, pg), None);
        assert_eq!(
            default("now()", &ColumnType::TimestampTz, pg).unwrap().sql,
            "now()"
        );
        assert_eq!(
            default("NULL::character varying", &ColumnType::Text, pg),
            None
        );
        assert_eq!(literal_of("'a' || 'b'", ColumnType::Text, pg), None);
    }

    #[test]
    fn sqlite_and_mysql_literals() {
        assert_eq!(
            literal_of("(-5)", ColumnType::BigInt, Flavor::Sqlite),
            Some(Value::BigInt(Some(-5)))
        );
        assert_eq!(
            literal_of("1", ColumnType::Boolean, Flavor::Mysql),
            Some(Value::Bool(Some(true)))
        );
        assert_eq!(
            literal_of(r"'x\\y'", ColumnType::Text, Flavor::Mysql),
            Some(Value::String(Some(r"x\y".into())))
        );
        assert_eq!(
            literal_of("_utf8mb4'é'", ColumnType::Text, Flavor::Mysql),
            Some(Value::String(Some("é".into())))
        );
        assert_eq!(default("NULL", &ColumnType::Text, Flavor::Mysql), None);
        assert_eq!(
            literal_of("CURRENT_TIMESTAMP", ColumnType::Timestamp, Flavor::Sqlite),
            None
        );
        assert_eq!(literal_of("X'00'", ColumnType::Bytes, Flavor::Sqlite), None);
    }

    #[test]
    fn serial_sequences() {
        assert_eq!(
            nextval_sequence("nextval('public.\"odd seq\"'::regclass)").as_deref(),
            Some("public.\"odd seq\"")
        );
        assert_eq!(nextval_sequence("nextval(x)"), None);
        assert_eq!(nextval_sequence("1"), None);
    }
}

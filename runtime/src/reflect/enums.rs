//! Enums from CHECK constraints: `column IN ('a', 'b')` as SQLite and MySQL keep it, and
//! `column = ANY (ARRAY['a'::text, 'b'::text])`, PostgreSQL's rewrite of it (with casts
//! around both sides for varchar columns). Anything else is not an enum.

use super::sql_text::{Flavor, Spanned, Token, strip_parens, tokenize, without_casts};

/// The operand of a recognised list, and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InList {
    /// The column (or `VALUE` in a PostgreSQL domain's check), as written.
    pub operand: String,
    /// True when the operand was a bare word (its case may differ from the column's).
    pub bare: bool,
    /// The values, in order.
    pub values: Vec<String>,
}

/// The `operand IN ('a', …)` list `check` is, if it is exactly one.
pub(super) fn in_list(check: &str, flavor: Flavor) -> Option<InList> {
    let tokens = tokenize(check, flavor);
    let tokens = strip_parens(&tokens);
    // The operand ends at IN or `=`, at depth 0.
    let split = tokens
        .iter()
        .position(|t| t.token.is_word("IN") || t.token.is_symbol("="))?;
    let (operand, bare) = operand(&tokens[..split])?;
    let values = if tokens[split].token.is_word("IN") {
        parenthesised_strings(&tokens[split + 1..])?
    } else {
        any_array(&tokens[split + 1..])?
    };
    (!values.is_empty()).then_some(InList {
        operand,
        bare,
        values,
    })
}

/// A column name, possibly in parentheses and cast: `"status"`, `(v)::text`.
fn operand(tokens: &[Spanned]) -> Option<(String, bool)> {
    match strip_parens(without_casts(strip_parens(tokens))) {
        [
            Spanned {
                token: Token::Word(name),
                ..
            },
        ] => Some((name.clone(), true)),
        [
            Spanned {
                token: Token::Ident(name),
                ..
            },
        ] => Some((name.clone(), false)),
        _ => None,
    }
}

/// `('a', 'b')`: string literals (with casts or MySQL introducers) in parentheses.
fn parenthesised_strings(tokens: &[Spanned]) -> Option<Vec<String>> {
    match tokens {
        [open, inner @ .., close] if open.token.is_symbol("(") && close.token.is_symbol(")") => {
            strings(inner)
        }
        _ => None,
    }
}

/// `ANY (ARRAY['a'::text, …])`, the array possibly in parentheses and cast (`::text[]`).
fn any_array(tokens: &[Spanned]) -> Option<Vec<String>> {
    let [any, open, inner @ .., close] = tokens else {
        return None;
    };
    if !any.token.is_word("ANY") || !open.token.is_symbol("(") || !close.token.is_symbol(")") {
        return None;
    }
    match strip_parens(without_casts(strip_parens(inner))) {
        [array, open, items @ .., close]
            if array.token.is_word("ARRAY")
                && open.token.is_symbol("[")
                && close.token.is_symbol("]") =>
        {
            strings(items)
        }
        _ => None,
    }
}

/// Comma-separated string literals.
fn strings(tokens: &[Spanned]) -> Option<Vec<String>> {
    tokens
        .split(|t| t.token.is_symbol(","))
        .map(
            |item| match strip_parens(without_casts(strip_parens(item))) {
                [
                    Spanned {
                        token: Token::Str(value),
                        ..
                    },
                ] => Some(value.clone()),
                [
                    Spanned {
                        token: Token::Word(introducer),
                        ..
                    },
                    Spanned {
                        token: Token::Str(value),
                        ..
                    },
                ] if introducer.starts_with('_') || introducer.eq_ignore_ascii_case("N") => {
                    Some(value.clone())
                }
                _ => None,
            },
        )
        .collect()
}

/// MariaDB's `json_valid(`column`)`, the check its JSON type stands for: the column.
pub(super) fn json_valid_column(check: &str) -> Option<String> {
    let tokens = tokenize(check, Flavor::Mysql);
    match strip_parens(&tokens) {
        [function, open, column, close]
            if function.token.is_word("json_valid")
                && open.token.is_symbol("(")
                && close.token.is_symbol(")") =>
        {
            column.token.name().map(str::to_owned)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(check: &str, flavor: Flavor) -> Option<(String, Vec<String>)> {
        in_list(check, flavor).map(|l| (l.operand, l.values))
    }

    fn values(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn in_lists_of_every_database() {
        assert_eq!(
            list("gender IN ('M','F')", Flavor::Sqlite),
            Some(("gender".into(), values(&["M", "F"])))
        );
        assert_eq!(
            list("\"Order Status\" in ('it''s', 'é')", Flavor::Sqlite),
            Some(("Order Status".into(), values(&["it's", "é"])))
        );
        assert_eq!(
            list("(t = ANY (ARRAY['x'::text, 'y'::text]))", Flavor::Postgres),
            Some(("t".into(), values(&["x", "y"])))
        );
        assert_eq!(
            list(
                "((v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
                Flavor::Postgres
            ),
            Some(("v".into(), values(&["a", "b"])))
        );
        assert_eq!(
            list(
                "((VALUE)::text = ANY ((ARRAY['red'::character varying])::text[]))",
                Flavor::Postgres
            ),
            Some(("VALUE".into(), values(&["red"])))
        );
        assert_eq!(
            list("(`g` in (_utf8mb4'M',_utf8mb4'F'))", Flavor::Mysql),
            Some(("g".into(), values(&["M", "F"])))
        );
    }

    #[test]
    fn anything_else_is_not_an_enum() {
        assert_eq!(list("a NOT IN ('x')", Flavor::Sqlite), None);
        assert_eq!(list("a IN (1, 2)", Flavor::Sqlite), None);
        assert_eq!(list("a IN ('x') OR b > 0", Flavor::Sqlite), None);
        assert_eq!(list("a = 'x'", Flavor::Sqlite), None);
        assert_eq!(list("lower(a) IN ('x')", Flavor::Sqlite), None);
        assert_eq!(list("a IN ()", Flavor::Sqlite), None);
    }

    #[test]
    fn mariadb_json_checks() {
        assert_eq!(
            json_valid_column("json_valid(`doc`)").as_deref(),
            Some("doc")
        );
        assert_eq!(json_valid_column("json_valid(`doc`) and 1"), None);
    }
}

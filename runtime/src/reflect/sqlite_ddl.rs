//! The three things SQLite's PRAGMAs do not report, read from the CREATE TABLE text it
//! keeps in `sqlite_schema`: CHECK constraints, the AUTOINCREMENT keyword, and generated
//! columns' expressions. Only those are read from the text; everything else comes from
//! the PRAGMAs.

use super::model::ReflectedCheck;
use super::sql_text::{Flavor, Spanned, Token, closing, tokenize};

/// What the CREATE TABLE text says beyond the PRAGMAs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct TableText {
    /// CHECK constraints, column and table ones, in the order written.
    pub checks: Vec<ReflectedCheck>,
    /// A column is declared AUTOINCREMENT.
    pub autoincrement: bool,
    /// Generated columns' expressions, by column name.
    pub generated: Vec<(String, String)>,
}

impl TableText {
    /// The expression of the generated column `column` (names compare as SQLite does,
    /// ignoring ASCII case).
    pub fn generated_expression(&self, column: &str) -> Option<&str> {
        self.generated
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(column))
            .map(|(_, expression)| expression.as_str())
    }
}

/// Words that start a table constraint rather than a column definition. They are
/// keywords SQLite does not accept as bare column names.
const TABLE_CONSTRAINTS: [&str; 5] = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/// Words that start a constraint other than CHECK (which may follow `CONSTRAINT name`).
const OTHER_CONSTRAINTS: [&str; 8] = [
    "PRIMARY",
    "UNIQUE",
    "NOT",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "FOREIGN",
    "GENERATED",
];

/// Reads `sql`, a `CREATE TABLE` statement as SQLite stores it.
pub(super) fn read_create_table(sql: &str) -> TableText {
    let tokens = tokenize(sql, Flavor::Sqlite);
    let mut text = TableText::default();
    // `CREATE TABLE name (…)`: the first parenthesis; none for `CREATE TABLE … AS SELECT`
    // (which has no constraints) — but `AS` before it means the parenthesis is a query's.
    let Some(open) = tokens
        .iter()
        .position(|t| t.token.is_symbol("(") || t.token.is_word("AS"))
        .filter(|&at| tokens[at].token.is_symbol("("))
    else {
        return text;
    };
    let close = closing(&tokens, open).unwrap_or(tokens.len());
    for definition in split_top_level(&tokens[open + 1..close]) {
        let Some(first) = definition.first() else {
            continue;
        };
        let is_constraint = TABLE_CONSTRAINTS.iter().any(|k| first.token.is_word(k));
        if is_constraint {
            read_constraints(sql, definition, &mut text, None);
        } else if let Some(name) = column_name(&first.token) {
            read_constraints(sql, &definition[1..], &mut text, Some(name));
        }
    }
    text
}

/// The parts of `tokens` between commas at depth 0.
fn split_top_level(tokens: &[Spanned]) -> Vec<&[Spanned]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, t) in tokens.iter().enumerate() {
        if t.token.is_symbol("(") {
            depth += 1;
        } else if t.token.is_symbol(")") {
            depth = depth.saturating_sub(1);
        } else if t.token.is_symbol(",") && depth == 0 {
            parts.push(&tokens[start..at]);
            start = at + 1;
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// A column definition's name: a word, a quoted identifier, or (SQLite allows it) a
/// string.
fn column_name(token: &Token) -> Option<String> {
    match token {
        Token::Word(name) | Token::Ident(name) | Token::Str(name) => Some(name.clone()),
        _ => None,
    }
}

/// Reads the checks (and, for a column, AUTOINCREMENT and a generated expression) of one
/// definition, skipping over everything inside parentheses that is not theirs.
fn read_constraints(sql: &str, tokens: &[Spanned], text: &mut TableText, column: Option<String>) {
    let mut name: Option<String> = None;
    let mut at = 0;
    while at < tokens.len() {
        let token = &tokens[at].token;
        let next_is_paren = tokens.get(at + 1).is_some_and(|t| t.token.is_symbol("("));
        if token.is_word("CONSTRAINT") {
            name = tokens.get(at + 1).and_then(|t| column_name(&t.token));
            at += 2;
            continue;
        }
        if token.is_symbol("(") {
            at = closing(tokens, at).map_or(tokens.len(), |c| c + 1);
            continue;
        }
        if (token.is_word("CHECK") || token.is_word("AS")) && next_is_paren {
            let close = closing(tokens, at + 1).unwrap_or(tokens.len());
            let inner = inner_text(sql, &tokens[at + 2..close]);
            if token.is_word("CHECK") {
                text.checks.push(ReflectedCheck {
                    name: name.take(),
                    sql: inner,
                });
            } else if let Some(column) = &column {
                text.generated.push((column.clone(), inner));
            }
            at = close + 1;
            continue;
        }
        if token.is_word("AUTOINCREMENT") && column.is_some() {
            text.autoincrement = true;
        }
        // A constraint name belongs to the constraint right after it.
        if OTHER_CONSTRAINTS.iter().any(|k| token.is_word(k)) {
            name = None;
        }
        at += 1;
    }
}

/// The original text the tokens cover, trimmed.
fn inner_text(sql: &str, tokens: &[Spanned]) -> String {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => sql[first.start..last.end].trim().to_owned(),
        _ => String::new(),
    }
}

/// The SELECT of a `CREATE VIEW name [(columns)] AS select` statement.
pub(super) fn view_select(sql: &str) -> String {
    let tokens = tokenize(sql, Flavor::Sqlite);
    let mut depth = 0usize;
    for t in &tokens {
        if t.token.is_symbol("(") {
            depth += 1;
        } else if t.token.is_symbol(")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.token.is_word("AS") {
            return sql[t.end..].trim().to_owned();
        }
    }
    sql.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: Option<&str>, sql: &str) -> ReflectedCheck {
        ReflectedCheck {
            name: name.map(str::to_owned),
            sql: sql.to_owned(),
        }
    }

    #[test]
    fn checks_autoincrement_and_generated_columns() {
        let text = read_create_table(
            "CREATE TABLE \"t (x)\" (\n\
               id INTEGER PRIMARY KEY AUTOINCREMENT,\n\
               [check] TEXT CONSTRAINT ck_a CHECK ([check] IN ('a', 'b)')) DEFAULT ('a'),\n\
               price NUMERIC NOT NULL CHECK (price >= 0) CHECK (price < 100),\n\
               total REAL GENERATED ALWAYS AS (price * (1 + 0.2)) STORED,\n\
               half REAL AS (price / 2),\n\
               -- a comment, (with parentheses\n\
               CONSTRAINT \"named check\" CHECK (total > 0),\n\
               CHECK (half < total),\n\
               UNIQUE (price, total)\n\
             )",
        );
        assert!(text.autoincrement);
        assert_eq!(
            text.checks,
            [
                check(Some("ck_a"), "[check] IN ('a', 'b)')"),
                check(None, "price >= 0"),
                check(None, "price < 100"),
                check(Some("named check"), "total > 0"),
                check(None, "half < total"),
            ]
        );
        assert_eq!(
            text.generated_expression("TOTAL"),
            Some("price * (1 + 0.2)")
        );
        assert_eq!(text.generated_expression("half"), Some("price / 2"));
        assert_eq!(text.generated_expression("price"), None);
    }

    #[test]
    fn no_autoincrement_keyword_in_names_or_strings() {
        let text = read_create_table(
            "CREATE TABLE t (\"AUTOINCREMENT\" INTEGER PRIMARY KEY, note TEXT DEFAULT 'AUTOINCREMENT')",
        );
        assert_eq!(text, TableText::default());
        let text = read_create_table("CREATE TABLE t AS SELECT 1 AS a");
        assert_eq!(text, TableText::default());
    }

    #[test]
    fn view_selects() {
        assert_eq!(
            view_select("CREATE VIEW \"as\" (a) AS SELECT 1 AS a"),
            "SELECT 1 AS a"
        );
    }
}

//! A tokenizer for the SQL fragments catalogs hand back (CHECK clauses, defaults, SQLite's
//! CREATE TABLE text, MySQL column types): enough to read them without being fooled by
//! quotes, comments or brackets. It never fails: unterminated text ends at the end.

/// How quotes are read: each database quotes identifiers and escapes strings its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `"id"`, `` `id` `` and `[id]` are identifiers; strings double their quotes.
    Sqlite,
    /// `"id"` is an identifier; `[` `]` are array brackets; strings double their quotes.
    Postgres,
    /// `` `id` `` is an identifier; strings double their quotes or escape with a backslash.
    Mysql,
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A bare word: a keyword or an unquoted identifier, as written.
    Word(String),
    /// A quoted identifier, unquoted.
    Ident(String),
    /// A string literal's value, unescaped.
    Str(String),
    /// A number, as written.
    Number(String),
    /// Anything else: `(`, `)`, `,`, `::`, `=`, `[`, `]`, `-`, …
    Symbol(String),
}

impl Token {
    /// True for a bare word equal to `keyword`, ignoring case.
    pub(crate) fn is_word(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
    }

    /// True for the symbol `symbol`.
    pub(crate) fn is_symbol(&self, symbol: &str) -> bool {
        matches!(self, Token::Symbol(s) if s == symbol)
    }

    /// The name a word or quoted identifier stands for.
    pub(crate) fn name(&self) -> Option<&str> {
        match self {
            Token::Word(name) | Token::Ident(name) => Some(name),
            _ => None,
        }
    }
}

/// A token and where it is in the text (byte offsets), so callers can cut the original
/// text of a part out (a CHECK condition as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spanned {
    pub token: Token,
    pub start: usize,
    pub end: usize,
}

/// The tokens of `sql`, comments and white space left out.
pub(crate) fn tokenize(sql: &str, flavor: Flavor) -> Vec<Spanned> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let token = match b {
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'#' if flavor == Flavor::Mysql => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |at| i + 2 + at + 2);
                continue;
            }
            b'\'' => {
                let (value, end) = quoted(sql, i, b'\'', flavor == Flavor::Mysql);
                i = end;
                Token::Str(value)
            }
            b'"' if flavor == Flavor::Mysql => {
                // Without ANSI_QUOTES, MySQL reads "…" as a string.
                let (value, end) = quoted(sql, i, b'"', true);
                i = end;
                Token::Str(value)
            }
            b'"' => {
                let (value, end) = quoted(sql, i, b'"', false);
                i = end;
                Token::Ident(value)
            }
            b'`' if flavor != Flavor::Postgres => {
                let (value, end) = quoted(sql, i, b'`', false);
                i = end;
                Token::Ident(value)
            }
            b'[' if flavor == Flavor::Sqlite => {
                let end = sql[i + 1..].find(']').map_or(bytes.len(), |at| i + 1 + at);
                let value = sql[i + 1..end].to_owned();
                i = (end + 1).min(bytes.len());
                Token::Ident(value)
            }
            b'0'..=b'9' => {
                i = number_end(bytes, i);
                Token::Number(sql[start..i].to_owned())
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number_end(bytes, i);
                Token::Number(sql[start..i].to_owned())
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                i += 2;
                Token::Symbol("::".into())
            }
            _ if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Token::Word(sql[start..i].to_owned())
            }
            _ => {
                // One character (which may be several bytes).
                let ch = sql[i..].chars().next().map_or(1, char::len_utf8);
                i += ch;
                Token::Symbol(sql[start..i].to_owned())
            }
        };
        tokens.push(Spanned {
            token,
            start,
            end: i,
        });
    }
    tokens
}

/// The value of the quoted text starting at `start` (a doubled quote stands for one; with
/// `backslash`, MySQL's escapes too) and the offset after it.
fn quoted(sql: &str, start: usize, quote: u8, backslash: bool) -> (String, usize) {
    let bytes = sql.as_bytes();
    let mut value = Vec::new();
    let mut i = start + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                value.push(quote);
                i += 2;
                continue;
            }
            return (String::from_utf8_lossy(&value).into_owned(), i + 1);
        }
        if backslash && b == b'\\' && i + 1 < bytes.len() {
            let escaped = bytes[i + 1];
            match escaped {
                b'n' => value.push(b'\n'),
                b't' => value.push(b'\t'),
                b'r' => value.push(b'\r'),
                b'0' => value.push(0),
                b'Z' => value.push(0x1a),
                b'b' => value.push(0x08),
                // LIKE wildcards keep their backslash.
                b'%' | b'_' => value.extend_from_slice(&[b'\\', escaped]),
                other => value.push(other),
            }
            i += 2;
            continue;
        }
        value.push(b);
        i += 1;
    }
    (String::from_utf8_lossy(&value).into_owned(), bytes.len())
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// The index of the `)` that closes the `(` at `open`, if any.
pub(crate) fn closing(tokens: &[Spanned], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, spanned) in tokens.iter().enumerate().skip(open) {
        if spanned.token.is_symbol("(") {
            depth += 1;
        } else if spanned.token.is_symbol(")") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(at);
            }
        }
    }
    None
}

/// `tokens` without the parentheses that enclose all of it (`((a))` → `a`).
pub(crate) fn strip_parens(mut tokens: &[Spanned]) -> &[Spanned] {
    while tokens.len() >= 2
        && tokens[0].token.is_symbol("(")
        && closing(tokens, 0) == Some(tokens.len() - 1)
    {
        tokens = &tokens[1..tokens.len() - 1];
    }
    tokens
}

/// The text of `sql` without the parentheses that enclose all of it, trimmed.
pub(crate) fn strip_outer_parens(sql: &str, flavor: Flavor) -> &str {
    let tokens = tokenize(sql, flavor);
    match strip_parens(&tokens) {
        [] => sql.trim(),
        inner => sql[inner[0].start..inner[inner.len() - 1].end].trim(),
    }
}

/// True when `tokens` is nothing but a type cast's type (`character varying`,
/// `other.mood`, `text[]`, `numeric(10,2)`), as what follows `::`.
pub(crate) fn is_type_name(tokens: &[Spanned]) -> bool {
    !tokens.is_empty()
        && tokens.iter().all(|t| match &t.token {
            Token::Word(_) | Token::Ident(_) | Token::Number(_) => true,
            Token::Symbol(s) => matches!(s.as_str(), "." | "(" | ")" | "[" | "]" | ","),
            Token::Str(_) => false,
        })
}

/// The tokens of one operand followed by any casts (`::type`): the operand's tokens.
pub(crate) fn without_casts(tokens: &[Spanned]) -> &[Spanned] {
    // The first `::` at depth 0 starts the casts; what follows must all be type names
    // (possibly more casts).
    let mut depth = 0i32;
    for (at, t) in tokens.iter().enumerate() {
        match &t.token {
            Token::Symbol(s) if s == "(" || s == "[" => depth += 1,
            Token::Symbol(s) if s == ")" || s == "]" => depth -= 1,
            Token::Symbol(s) if s == "::" && depth == 0 => {
                let rest = &tokens[at + 1..];
                let all_types = rest.split(|t| t.token.is_symbol("::")).all(is_type_name);
                return if all_types { &tokens[..at] } else { tokens };
            }
            _ => {}
        }
    }
    tokens
}

/// Quotes `name` as an SQL identifier with `quote` (`"` or `` ` ``), doubling it inside.
pub(crate) fn quote_identifier(name: &str, quote: char) -> String {
    let doubled: String = [quote, quote].iter().collect();
    format!(
        "{quote}{}{quote}",
        name.replace(quote, &doubled),
        quote = quote
    )
}

/// An SQL string literal: quotes doubled (and, for MySQL, backslashes escaped).
pub(crate) fn quote_literal(value: &str, flavor: Flavor) -> String {
    let value = match flavor {
        Flavor::Mysql => value.replace('\\', "\\\\"),
        _ => value.to_owned(),
    };
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(sql: &str, flavor: Flavor) -> Vec<Token> {
        tokenize(sql, flavor).into_iter().map(|t| t.token).collect()
    }

    #[test]
    fn quotes_comments_and_casts() {
        assert_eq!(
            tokens(
                "(\"Order\" = 'it''s' /* x */ -- y\n OR [a b] = 1.5e3)::text",
                Flavor::Sqlite
            ),
            [
                Token::Symbol("(".into()),
                Token::Ident("Order".into()),
                Token::Symbol("=".into()),
                Token::Str("it's".into()),
                Token::Word("OR".into()),
                Token::Ident("a b".into()),
                Token::Symbol("=".into()),
                Token::Number("1.5e3".into()),
                Token::Symbol(")".into()),
                Token::Symbol("::".into()),
                Token::Word("text".into()),
            ]
        );
        assert_eq!(
            tokens(r"`x``y` in (_utf8mb4'a\'b', 'c\\d')", Flavor::Mysql),
            [
                Token::Ident("x`y".into()),
                Token::Word("in".into()),
                Token::Symbol("(".into()),
                Token::Word("_utf8mb4".into()),
                Token::Str("a'b".into()),
                Token::Symbol(",".into()),
                Token::Str(r"c\d".into()),
                Token::Symbol(")".into()),
            ]
        );
        assert_eq!(
            tokens("ARRAY['é'::text]", Flavor::Postgres),
            [
                Token::Word("ARRAY".into()),
                Token::Symbol("[".into()),
                Token::Str("é".into()),
                Token::Symbol("::".into()),
                Token::Word("text".into()),
                Token::Symbol("]".into()),
            ]
        );
    }

    #[test]
    fn unterminated_text_ends_at_the_end() {
        assert_eq!(tokens("'abc", Flavor::Postgres), [Token::Str("abc".into())]);
        assert_eq!(tokens("[abc", Flavor::Sqlite), [Token::Ident("abc".into())]);
        assert_eq!(tokens("/* never closed", Flavor::Mysql), []);
    }

    #[test]
    fn outer_parentheses_and_casts_come_off() {
        assert_eq!(strip_outer_parens("((a > 0))", Flavor::Postgres), "a > 0");
        assert_eq!(
            strip_outer_parens("(a) + (b)", Flavor::Postgres),
            "(a) + (b)"
        );
        let cast = tokenize("'x'::character varying", Flavor::Postgres);
        assert_eq!(without_casts(&cast).len(), 1);
        let not_cast = tokenize("'x' || 'y'", Flavor::Postgres);
        assert_eq!(without_casts(&not_cast).len(), not_cast.len());
        assert_eq!(quote_identifier("a\"b", '"'), "\"a\"\"b\"");
        assert_eq!(quote_literal(r"it's \", Flavor::Mysql), r"'it''s \\'");
    }
}

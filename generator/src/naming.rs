//! Rust names for SQL names: heck for case conversion, plus what heck does not do —
//! singular forms, keyword escaping, and identifiers for names with spaces, dashes, leading
//! digits or non-ASCII letters.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Words that cannot be identifiers at all, not even raw (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2024, which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Turns any SQL name into ASCII words heck can case: letters with diacritics lose them,
/// other non-ASCII characters become `uXXXX`, and anything that is not a letter or digit
/// separates words.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(plain) = strip_diacritic(c) {
            out.push(plain);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:04x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

/// The base letter of a Latin letter with a diacritic (`é` → `e`), for the Latin-1 and
/// Latin Extended-A letters common in table and column names.
fn strip_diacritic(c: char) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉċč", 'c'),
        ("ÇĆĈĊČ", 'C'),
        ("ďđ", 'd'),
        ("ĎĐ", 'D'),
        ("èéêëēĕėęě", 'e'),
        ("ÈÉÊËĒĔĖĘĚ", 'E'),
        ("ĝğġģ", 'g'),
        ("ĜĞĠĢ", 'G'),
        ("ĥħ", 'h'),
        ("ĤĦ", 'H'),
        ("ìíîïĩīĭįı", 'i'),
        ("ÌÍÎÏĨĪĬĮİ", 'I'),
        ("ĵ", 'j'),
        ("Ĵ", 'J'),
        ("ķ", 'k'),
        ("Ķ", 'K'),
        ("ĺļľŀł", 'l'),
        ("ĹĻĽĿŁ", 'L'),
        ("ñńņňŉ", 'n'),
        ("ÑŃŅŇ", 'N'),
        ("òóôõöøōŏő", 'o'),
        ("ÒÓÔÕÖØŌŎŐ", 'O'),
        ("ŕŗř", 'r'),
        ("ŔŖŘ", 'R'),
        ("śŝşšß", 's'),
        ("ŚŜŞŠ", 'S'),
        ("ţťŧ", 't'),
        ("ŢŤŦ", 'T'),
        ("ùúûüũūŭůűų", 'u'),
        ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
        ("ŵ", 'w'),
        ("Ŵ", 'W'),
        ("ýÿŷ", 'y'),
        ("ÝŶŸ", 'Y'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
    ];
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, base)| *base)
}

/// An identifier that starts with a digit gets a leading underscore.
fn no_leading_digit(ident: String) -> String {
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else {
        ident
    }
}

/// The identifier used when a name has no letters or digits at all.
const EMPTY: &str = "unnamed";

/// snake_case: modules, fields, functions. Keywords become raw identifiers (`r#type`);
/// `self`, `crate` and `super` get a trailing underscore.
pub fn snake(name: &str) -> String {
    let ident = ascii_words(name).to_snake_case();
    let ident = if ident.is_empty() {
        EMPTY.to_owned()
    } else {
        no_leading_digit(ident)
    };
    escape_keyword(ident)
}

/// PascalCase: types and enum variants.
pub fn pascal(name: &str) -> String {
    let ident = ascii_words(name).to_pascal_case();
    let ident = if ident.is_empty() {
        "Unnamed".to_owned()
    } else {
        no_leading_digit(ident)
    };
    escape_keyword(ident)
}

/// SCREAMING_SNAKE_CASE: constants (column and relationship handles).
pub fn screaming(name: &str) -> String {
    let ident = ascii_words(name).to_shouty_snake_case();
    if ident.is_empty() {
        "UNNAMED".to_owned()
    } else {
        no_leading_digit(ident)
    }
}

/// Escapes an identifier that is a keyword.
pub fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// An identifier without its `r#` prefix, for deriving other names from it.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The singular of an English plural, for row struct names: `users` → `user`,
/// `categories` → `category`, `post_tags` → `post_tag`. Only the last word changes; a word
/// that does not look plural is kept.
pub fn singular(name: &str) -> String {
    let split = name.rfind(['_', ' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = name.split_at(split);
    format!("{head}{}", singular_word(last))
}

fn singular_word(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("teeth", "tooth"),
        ("feet", "foot"),
        ("indices", "index"),
        ("matrices", "matrix"),
        ("vertices", "vertex"),
        ("analyses", "analysis"),
        ("criteria", "criterion"),
        ("media", "medium"),
    ];
    const UNCHANGED: &[&str] = &[
        "data", "news", "series", "species", "status", "sheep", "fish", "info", "metadata",
    ];
    let lower = word.to_ascii_lowercase();
    if let Some((_, single)) = IRREGULAR.iter().find(|(plural, _)| *plural == lower) {
        return match_case(word, single);
    }
    if UNCHANGED.contains(&lower.as_str()) || lower.len() < 3 {
        return word.to_owned();
    }
    let cut = |n: usize, add: &str| {
        format!(
            "{}{}",
            &word[..word.len() - n],
            match_case(&word[word.len() - n..], add)
        )
    };
    if lower.ends_with("ies") && lower.len() > 4 {
        cut(3, "y")
    } else if lower.ends_with("ouses") || lower.ends_with("auses") {
        // houses, warehouses, causes: the `-uses` rule below is for statuses, buses.
        cut(1, "")
    } else if lower.ends_with("sses")
        || lower.ends_with("shes")
        || lower.ends_with("ches")
        || lower.ends_with("xes")
        || lower.ends_with("zzes")
        || lower.ends_with("uses")
    {
        cut(2, "")
    } else if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        word.to_owned()
    } else if lower.ends_with('s') {
        cut(1, "")
    } else {
        word.to_owned()
    }
}

/// The plural of a singular English name, for to-many relationship names: `track` →
/// `tracks`, `category` → `categories`, `invoice_line` → `invoice_lines`. Only the last
/// word changes; a name that already looks plural (`posts`, `people`, `data`) is kept, so
/// plural tables keep their name.
pub fn plural(name: &str) -> String {
    if singular(name) != name {
        return name.to_owned();
    }
    let split = name.rfind(['_', ' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = name.split_at(split);
    format!("{head}{}", plural_word(last))
}

fn plural_word(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("person", "people"),
        ("child", "children"),
        ("man", "men"),
        ("woman", "women"),
        ("mouse", "mice"),
        ("goose", "geese"),
        ("tooth", "teeth"),
        ("foot", "feet"),
        ("index", "indices"),
        ("matrix", "matrices"),
        ("vertex", "vertices"),
        ("analysis", "analyses"),
        ("criterion", "criteria"),
        ("medium", "media"),
    ];
    const UNCHANGED: &[&str] = &[
        "data", "news", "series", "species", "sheep", "fish", "info", "metadata", "",
    ];
    let lower = word.to_ascii_lowercase();
    if let Some((_, plural)) = IRREGULAR.iter().find(|(single, _)| *single == lower) {
        return match_case(word, plural);
    }
    if UNCHANGED.contains(&lower.as_str()) {
        return word.to_owned();
    }
    let add = |suffix: &str| format!("{word}{}", match_case(word, suffix));
    let consonant_y = lower.ends_with('y')
        && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u'])
        && lower.len() > 1;
    if consonant_y {
        format!(
            "{}{}",
            &word[..word.len() - 1],
            match_case(&word[word.len() - 1..], "ies")
        )
    } else if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        add("es")
    } else {
        add("s")
    }
}

/// `replacement` in upper case when `original` is all upper case.
fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) {
        replacement.to_uppercase()
    } else {
        replacement.to_owned()
    }
}

/// Makes `wanted` unique among `taken` by appending `_2`, `_3`, … (or `2`, `3`, … for
/// PascalCase names), and records it.
pub fn unique(wanted: String, taken: &mut Vec<String>) -> String {
    let mut candidate = wanted.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        let base = unraw(&wanted);
        let pascal = base.starts_with(|c: char| c.is_ascii_uppercase()) && !base.contains('_');
        candidate = if pascal {
            format!("{base}{n}")
        } else {
            format!("{base}_{n}")
        };
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(pascal("post_tags"), "PostTags");
        assert_eq!(screaming("created_at"), "CREATED_AT");
        assert_eq!(snake("InvoiceLine"), "invoice_line");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(screaming("type"), "TYPE");
    }

    #[test]
    fn odd_names_become_identifiers() {
        assert_eq!(snake("first name"), "first_name");
        assert_eq!(snake("e-mail"), "e_mail");
        assert_eq!(snake("2fa_code"), "_2fa_code");
        assert_eq!(pascal("2fa codes"), "_2faCodes");
        assert_eq!(screaming("2fa"), "_2FA");
        assert_eq!(snake("café"), "cafe");
        assert_eq!(snake("Größe"), "grose");
        assert_eq!(snake("名前"), "u540d_u524d");
        assert_eq!(snake("$$$"), "unnamed");
    }

    #[test]
    fn singulars() {
        for (plural, single) in [
            ("users", "user"),
            ("categories", "category"),
            ("post_tags", "post_tag"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("people", "person"),
            ("status", "status"),
            ("statuses", "status"),
            ("data", "data"),
            ("news", "news"),
            ("user", "user"),
            ("Employees", "Employee"),
            ("INVOICES", "INVOICE"),
            ("PlaylistTrack", "PlaylistTrack"),
        ] {
            assert_eq!(singular(plural), single, "singular of {plural}");
        }
    }

    #[test]
    fn plurals() {
        for (single, plural_form) in [
            ("track", "tracks"),
            ("category", "categories"),
            ("day", "days"),
            ("invoice_line", "invoice_lines"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("match", "matches"),
            ("person", "people"),
            ("status", "statuses"),
            ("data", "data"),
            ("EMPLOYEE", "EMPLOYEES"),
            ("ENTRY", "ENTRIES"),
            // Already plural: kept.
            ("posts", "posts"),
            ("people", "people"),
            ("post_tags", "post_tags"),
            ("categories", "categories"),
        ] {
            assert_eq!(plural(single), plural_form, "plural of {single}");
        }
    }

    #[test]
    fn unique_names_get_numbered() {
        let mut taken = vec!["user".to_owned()];
        assert_eq!(unique("user".into(), &mut taken), "user_2");
        assert_eq!(unique("user".into(), &mut taken), "user_3");
        let mut taken = vec!["User".to_owned()];
        assert_eq!(unique("User".into(), &mut taken), "User2");
    }
}

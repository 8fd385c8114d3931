//! Finds the line and column of a node of a YAML document, given its [`SpecPath`].
//!
//! `serde_yaml` keeps no positions in its `Value`, but it does attach the position of the
//! current node to any error a visitor raises. The locator walks the document to the node the
//! path names and raises an error there, then reads the position off that error. It costs one
//! parse per lookup, and lookups happen only when a problem is reported, so a valid spec is
//! parsed once.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::SpecPath;

/// A 1-based line and column in a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Which part of a mapping entry a lookup wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The key of the last path segment (`nulable` in `nulable: true`).
    Key,
    /// The value of the last path segment.
    Value,
}

/// The position of the node at `path` in `text`: the key of the last segment when that
/// segment is a mapping key (so `tables.users` points at `users:`), else the node itself.
/// Falls back to the nearest ancestor that exists, and to `None` for the empty path of an
/// unparsable document.
pub fn locate(text: &str, path: &SpecPath) -> Option<Position> {
    let mut path = path.0.as_slice();
    loop {
        if path.is_empty() {
            return locate_part(text, path, Part::Value);
        }
        if let Some(position) =
            locate_part(text, path, Part::Key).or_else(|| locate_part(text, path, Part::Value))
        {
            return Some(position);
        }
        path = &path[..path.len() - 1];
    }
}

/// The position of the value at `path` (the scalar, or the first token of a collection).
pub fn locate_value(text: &str, path: &SpecPath) -> Option<Position> {
    locate_part(text, &path.0, Part::Value)
}

/// The marker message of the error the locator raises; never shown to users.
const HERE: &str = "\u{0}retort-locate-here";

fn locate_part(text: &str, path: &[String], part: Part) -> Option<Position> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Walk { path, part }).deserialize(deserializer) {
        Err(error) if error.to_string().contains(HERE) => {
            error.location().map(|location| Position {
                line: location.line(),
                column: location.column(),
            })
        }
        _ => None,
    }
}

/// Walks down `path`; at its end raises [`HERE`].
struct Walk<'a> {
    path: &'a [String],
    part: Part,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            deserializer.deserialize_any(RaiseHere)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.path.split_first() else {
            return Ok(());
        };
        let raise_at_key = rest.is_empty() && self.part == Part::Key;
        while let Some(found) = map.next_key_seed(MatchKey {
            wanted,
            raise_at_key,
        })? {
            if found {
                map.next_value_seed(Walk {
                    path: rest,
                    part: self.part,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.path.split_first() else {
            return Ok(());
        };
        let wanted: usize = wanted.parse().unwrap_or(usize::MAX);
        let mut index = 0;
        loop {
            let more = if index == wanted {
                seq.next_element_seed(Walk {
                    path: rest,
                    part: self.part,
                })?
                .is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads a mapping key and tells whether it is the wanted one (raising [`HERE`] at it when
/// the key itself is being located). Keys are compared in their YAML text form, so `1:` and
/// `true:` match "1" and "true".
struct MatchKey<'a> {
    wanted: &'a str,
    raise_at_key: bool,
}

impl<'de> DeserializeSeed<'de> for MatchKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MatchKey<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        if key != self.wanted {
            Ok(false)
        } else if self.raise_at_key {
            Err(E::custom(HERE))
        } else {
            Ok(true)
        }
    }
    fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_f64<E: de::Error>(self, key: f64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.visit_str("null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

/// Raises [`HERE`] on whatever node it is given, so the error carries that node's position.
struct RaiseHere;

impl<'de> Visitor<'de> for RaiseHere {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(HERE))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
      name: varchar(100)
    indexes:
      - { columns: [name] }
      - columns: [id, name]
";

    fn path(segments: &[&str]) -> SpecPath {
        SpecPath(segments.iter().map(|s| s.to_string()).collect())
    }

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn locates_keys_of_mappings() {
        assert_eq!(locate(DOC, &path(&["tables", "users"])), at(3, 3));
        assert_eq!(
            locate(
                DOC,
                &path(&["tables", "users", "columns", "id", "primary_key"])
            ),
            at(5, 27)
        );
    }

    #[test]
    fn locates_values_and_sequence_items() {
        assert_eq!(
            locate_value(DOC, &path(&["tables", "users", "columns", "id", "type"])),
            at(5, 19)
        );
        assert_eq!(
            locate_value(DOC, &path(&["tables", "users", "columns", "name"])),
            at(6, 13)
        );
        assert_eq!(
            locate(
                DOC,
                &path(&["tables", "users", "indexes", "1", "columns", "1"])
            ),
            at(9, 23)
        );
    }

    #[test]
    fn falls_back_to_the_nearest_existing_ancestor() {
        assert_eq!(
            locate(DOC, &path(&["tables", "users", "columns", "missing"])),
            at(4, 5)
        );
    }
}

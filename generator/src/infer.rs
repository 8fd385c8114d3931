//! Relationships: declared ones checked, the rest inferred from foreign keys.
//!
//! Every foreign key from `A` to `B` gives a many-to-one on `A` (one-to-one when its columns
//! are unique) and the inverse one-to-many (one-to-one) on `B`. A table whose columns all
//! belong to its two foreign keys, to two different tables, is an association table: it
//! gives a many-to-many on each side instead of the one-to-many. Names come from the
//! foreign-key column (`author_id` → `author`) and the referencing table, plural for to-many
//! sides (`posts`, `track` → `tracks`); when a
//! table holds several foreign keys to the same table, or references itself, the inverse
//! names are qualified with the foreign key's name (`reviewer_posts`).
//!
//! A table with `relationships:` in the spec gets exactly those. A declared `back_populates`
//! names the inverse on the target: it must point back when the target declares its own
//! relationships, and renames the inferred inverse when it does not.

use crate::model::{ForeignKey, Link, Relationship, RelationshipKind as Kind, Table};
use crate::naming;
use crate::spec::{Problem, RelationshipLink, Spec, SpecPath};

/// Fills `relationships` of every table.
pub fn relationships(spec: &Spec, tables: &mut [Table], problems: &mut Vec<Problem>) {
    let snapshot: Vec<Table> = tables.to_vec();
    let mut inferred: Vec<Vec<Relationship>> = snapshot.iter().map(|_| Vec::new()).collect();
    infer_all(&snapshot, &mut inferred);

    // Declared relationships, with the spec path of each `back_populates`.
    let mut declared: Vec<Option<Vec<(Relationship, SpecPath)>>> = Vec::new();
    for (table_spec, table) in spec.tables.iter().zip(&snapshot) {
        declared.push(table_spec.relationships.as_ref().map(|list| {
            list.iter()
                .filter_map(|r| {
                    let path = SpecPath::relationship(&table.sql_name, &r.name);
                    declare(
                        table,
                        r.name.as_str(),
                        &r.to,
                        &r.link,
                        &snapshot,
                        &path,
                        problems,
                    )
                    .map(|mut rel| {
                        rel.back_populates = r.back_populates.clone();
                        rel.cascade = r.cascade;
                        check_cascade(table, &rel, &path, problems);
                        (rel, path)
                    })
                })
                .collect()
        }));
    }

    // back_populates: check it against a declaring target, or rename the inferred inverse.
    for (source_index, source) in snapshot.iter().enumerate() {
        let Some(list) = &declared[source_index] else {
            continue;
        };
        for (rel, path) in list {
            let Some(wanted) = &rel.back_populates else {
                continue;
            };
            let Some(target_index) = snapshot.iter().position(|t| t.sql_name == rel.target) else {
                continue;
            };
            match &declared[target_index] {
                Some(target_list) => {
                    let back = target_list.iter().find(|(r, _)| &r.name == wanted);
                    let points_back = back
                        .is_some_and(|(r, _)| r.target == source.sql_name && r.link == rel.link);
                    if !points_back {
                        let what = match back {
                            None => format!("`{}` declares no relationship `{wanted}`", rel.target),
                            Some((r, _)) if r.target != source.sql_name => format!(
                                "`{}.{wanted}` points to `{}`, not back to `{}`",
                                rel.target, r.target, source.sql_name
                            ),
                            Some(_) => format!(
                                "`{}.{wanted}` does not point back to `{}` through the same link",
                                rel.target, source.sql_name
                            ),
                        };
                        problems.push(
                            Problem::new(path.join("back_populates"), format!(
                                "`back_populates: {wanted}` of `{}.{}` does not point back: {what}",
                                source.sql_name, rel.name
                            ))
                            .with_hint(format!(
                                "declare `{wanted}: {{ to: {}, … }}` on `{}` over the same foreign key, or remove `back_populates`",
                                source.sql_name, rel.target
                            )),
                        );
                    }
                }
                None => {
                    let inverse = inferred[target_index]
                        .iter_mut()
                        .find(|r| r.target == source.sql_name && r.link == rel.link);
                    match inverse {
                        Some(inverse) => {
                            inverse.name = wanted.clone();
                            inverse.back_populates = Some(rel.name.clone());
                        }
                        None => {
                            inferred[target_index].push(inverse_of(rel, &source.sql_name, wanted))
                        }
                    }
                }
            }
        }
    }

    for (index, table) in tables.iter_mut().enumerate() {
        table.relationships = match declared[index].take() {
            Some(list) => {
                let rels: Vec<Relationship> = list.into_iter().map(|(r, _)| r).collect();
                check_declared_names(table, &rels, problems);
                rels
            }
            None => unique_names(std::mem::take(&mut inferred[index]), table),
        };
        for rel in &mut table.relationships {
            rel.constant = naming::screaming(&rel.name);
        }
    }
    repoint_back_populates(tables);
}

/// Numbering duplicate names (`warehouse_shipment_2`) renames relationships after their
/// Cascades apply from the side a relationship's rows depend on: a one-to-many, or a
/// one-to-one whose target holds the foreign key.
fn check_cascade(table: &Table, rel: &Relationship, path: &SpecPath, problems: &mut Vec<Problem>) {
    if !rel.cascade.any() {
        return;
    }
    let from_parent = match (&rel.kind, &rel.link) {
        (Kind::OneToMany, _) => true,
        (
            Kind::OneToOne,
            Link::ForeignKey {
                table: holder,
                columns,
            },
        ) => !(*holder == table.sql_name && *columns == rel.source_columns),
        _ => false,
    };
    if !from_parent {
        problems.push(
            Problem::new(
                path.join("cascade"),
                format!(
                    "`cascade` of `{}.{}` has no effect: cascades go on a one-to-many (or a \
                     one-to-one seen from the referenced table), whose related rows depend on \
                     this one",
                    table.sql_name, rel.name
                ),
            )
            .with_hint(format!(
                "declare the cascade on `{}`'s relationship back to `{}`",
                rel.target, table.sql_name
            )),
        );
    }
}

/// inverses recorded the old name: point every `back_populates` that no longer names its
/// inverse at the inverse's final name.
fn repoint_back_populates(tables: &mut [Table]) {
    let snapshot = tables.to_vec();
    for (i, table) in tables.iter_mut().enumerate() {
        for (k, rel) in table.relationships.iter_mut().enumerate() {
            let Some(back) = &rel.back_populates else {
                continue;
            };
            let Some(j) = snapshot.iter().position(|t| t.sql_name == rel.target) else {
                continue;
            };
            let mut inverses = snapshot[j]
                .relationships
                .iter()
                .enumerate()
                .filter(|&(m, r)| {
                    (j, m) != (i, k) && r.target == snapshot[i].sql_name && r.link == rel.link
                })
                .map(|(_, r)| &r.name);
            if inverses.clone().any(|name| name == back) {
                continue;
            }
            if let Some(name) = inverses.next() {
                rel.back_populates = Some(name.clone());
            }
        }
    }
}

/// True for a table whose columns all belong to its two foreign keys, to two different
/// tables.
pub fn is_association(table: &Table) -> bool {
    let [a, b] = table.foreign_keys.as_slice() else {
        return false;
    };
    a.references != b.references
        && a.references != table.sql_name
        && b.references != table.sql_name
        && table
            .columns
            .iter()
            .all(|c| a.columns.contains(&c.sql_name) || b.columns.contains(&c.sql_name))
}

fn infer_all(tables: &[Table], out: &mut [Vec<Relationship>]) {
    for (source_index, source) in tables.iter().enumerate() {
        let association = is_association(source);
        for fk in &source.foreign_keys {
            let Some(target_index) = tables.iter().position(|t| t.sql_name == fk.references) else {
                continue;
            };
            let target = &tables[target_index];
            let one_to_one = source.is_unique_set(&fk.columns);
            let forward_name = fk_name(fk, target);
            let link = Link::ForeignKey {
                table: source.sql_name.clone(),
                columns: fk.columns.clone(),
            };
            let shared = source
                .foreign_keys
                .iter()
                .filter(|f| f.references == fk.references)
                .count()
                > 1
                || source.sql_name == target.sql_name;
            let inverse_base = if one_to_one {
                naming::singular(&snake_name(&source.sql_name))
            } else {
                naming::plural(&snake_name(&source.sql_name))
            };
            let inverse_name = if shared {
                format!("{forward_name}_{}", snake_name(&inverse_base))
            } else {
                snake_name(&inverse_base)
            };
            let back_populates = (!association).then(|| inverse_name.clone());
            out[source_index].push(Relationship {
                name: forward_name.clone(),
                constant: String::new(),
                kind: if one_to_one {
                    Kind::OneToOne
                } else {
                    Kind::ManyToOne
                },
                target: target.sql_name.clone(),
                source_columns: fk.columns.clone(),
                target_columns: fk.to_columns.clone(),
                through: None,
                back_populates,
                cascade: Default::default(),
                link: link.clone(),
            });
            if !association {
                out[target_index].push(Relationship {
                    name: inverse_name,
                    constant: String::new(),
                    kind: if one_to_one {
                        Kind::OneToOne
                    } else {
                        Kind::OneToMany
                    },
                    target: source.sql_name.clone(),
                    source_columns: fk.to_columns.clone(),
                    target_columns: fk.columns.clone(),
                    through: None,
                    back_populates: Some(forward_name),
                    cascade: Default::default(),
                    link,
                });
            }
        }
        if association {
            let [a, b] = source.foreign_keys.as_slice() else {
                continue;
            };
            for (from, to) in [(a, b), (b, a)] {
                let Some(from_index) = tables.iter().position(|t| t.sql_name == from.references)
                else {
                    continue;
                };
                out[from_index].push(Relationship {
                    name: naming::plural(&snake_name(&to.references)),
                    constant: String::new(),
                    kind: Kind::ManyToMany,
                    target: to.references.clone(),
                    source_columns: from.to_columns.clone(),
                    target_columns: to.to_columns.clone(),
                    through: Some((
                        source.sql_name.clone(),
                        from.columns.clone(),
                        to.columns.clone(),
                    )),
                    back_populates: Some(naming::plural(&snake_name(&from.references))),
                    cascade: Default::default(),
                    link: Link::Through(source.sql_name.clone()),
                });
            }
        }
    }
}

/// `author_id` → `author`; a composite key is named after the referenced table in the
/// singular, prefixed with what its columns share (`from_region, from_code` →
/// `from_warehouse`), or just that prefix when it already names the table (`region_code,
/// region_num` → `region`); a column named just `id`, or named like the column it
/// references (`emp_no` → `employee.emp_no`), gives the referenced table's singular.
fn fk_name(fk: &ForeignKey, target: &Table) -> String {
    let target_name = snake_name(&naming::singular(&target.sql_name));
    if fk.columns.len() > 1 {
        let snakes: Vec<String> = fk.columns.iter().map(|c| snake_name(c)).collect();
        let first = &snakes[0];
        let shared = first
            .char_indices()
            .filter(|&(_, c)| c == '_')
            .map(|(i, _)| &first[..i])
            .rfind(|prefix| snakes.iter().all(|s| s.starts_with(&format!("{prefix}_"))));
        return match shared {
            // `region_code, region_num` → `regions`: `region`, not `region_region`.
            Some(prefix)
                if prefix == target_name || prefix.ends_with(&format!("_{target_name}")) =>
            {
                prefix.to_owned()
            }
            Some(prefix) => format!("{prefix}_{target_name}"),
            None => target_name,
        };
    }
    if let ([column], [referenced]) = (fk.columns.as_slice(), fk.to_columns.as_slice())
        && column == referenced
    {
        // `dept_emp.emp_no` → `employee.emp_no`: the column says nothing the table does not.
        return target_name;
    }
    if let [column] = fk.columns.as_slice() {
        let snake = snake_name(column);
        for suffix in ["_id", "_fk", "_key"] {
            if let Some(stem) = snake.strip_suffix(suffix)
                && !stem.is_empty()
            {
                return stem.to_owned();
            }
        }
        if snake != "id" {
            return snake;
        }
    }
    target_name
}

/// A relationship name: snake case, without the `r#` of a keyword (the name is only ever
/// used as a string and in SCREAMING form).
fn snake_name(name: &str) -> String {
    naming::unraw(&naming::snake(name))
        .trim_end_matches('_')
        .to_owned()
}

/// A declared relationship, or a problem saying why it links nothing.
fn declare(
    table: &Table,
    name: &str,
    to: &str,
    link: &RelationshipLink,
    tables: &[Table],
    path: &SpecPath,
    problems: &mut Vec<Problem>,
) -> Option<Relationship> {
    let target = tables.iter().find(|t| t.sql_name == to)?; // a missing table is a spec problem already
    let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|c| b.contains(c));
    let relationship =
        |kind, source_columns: &[String], target_columns: &[String], through, link| Relationship {
            name: snake_name(name),
            constant: String::new(),
            kind,
            target: to.to_owned(),
            source_columns: source_columns.to_vec(),
            target_columns: target_columns.to_vec(),
            through,
            back_populates: None,
            cascade: Default::default(),
            link,
        };
    match link {
        RelationshipLink::Via(columns) => {
            if let Some(fk) = table
                .foreign_keys
                .iter()
                .find(|fk| fk.references == to && same(&fk.columns, columns))
            {
                let kind = if table.is_unique_set(&fk.columns) {
                    Kind::OneToOne
                } else {
                    Kind::ManyToOne
                };
                let link = Link::ForeignKey {
                    table: table.sql_name.clone(),
                    columns: fk.columns.clone(),
                };
                return Some(relationship(kind, &fk.columns, &fk.to_columns, None, link));
            }
            if let Some(fk) = target
                .foreign_keys
                .iter()
                .find(|fk| fk.references == table.sql_name && same(&fk.columns, columns))
            {
                let kind = if target.is_unique_set(&fk.columns) {
                    Kind::OneToOne
                } else {
                    Kind::OneToMany
                };
                let link = Link::ForeignKey {
                    table: to.to_owned(),
                    columns: fk.columns.clone(),
                };
                return Some(relationship(kind, &fk.to_columns, &fk.columns, None, link));
            }
            problems.push(
                Problem::new(path.join("via"), format!(
                    "relationship `{name}` links nothing: neither `{}` has a foreign key ({}) to `{to}`, nor `{to}` one to `{}`",
                    table.sql_name, columns.join(", "), table.sql_name
                ))
                .with_hint("`via` names the foreign-key column(s) of the many-to-one side"),
            );
            None
        }
        RelationshipLink::Through(association) => {
            let assoc = tables.iter().find(|t| &t.sql_name == association)?;
            let from = assoc
                .foreign_keys
                .iter()
                .find(|fk| fk.references == table.sql_name);
            let back = assoc
                .foreign_keys
                .iter()
                .find(|fk| fk.references == to && from.is_none_or(|f| !std::ptr::eq(f, *fk)));
            match (from, back) {
                (Some(from), Some(back)) => Some(relationship(
                    Kind::ManyToMany,
                    &from.to_columns,
                    &back.to_columns,
                    Some((
                        association.clone(),
                        from.columns.clone(),
                        back.columns.clone(),
                    )),
                    Link::Through(association.clone()),
                )),
                _ => {
                    problems.push(
                        Problem::new(path.join("through"), format!(
                            "`{association}` cannot link `{}` and `{to}`: it needs a foreign key to each",
                            table.sql_name
                        ))
                        .with_hint("an association table has one foreign key to each side"),
                    );
                    None
                }
            }
        }
    }
}

/// The inverse of a declared relationship, for a target that has none inferred.
fn inverse_of(rel: &Relationship, source: &str, name: &str) -> Relationship {
    let (kind, through) = match (&rel.kind, &rel.through) {
        (Kind::ManyToOne, _) => (Kind::OneToMany, None),
        (Kind::OneToMany, _) => (Kind::ManyToOne, None),
        (Kind::OneToOne, _) => (Kind::OneToOne, None),
        (Kind::ManyToMany, Some((table, a, b))) => (
            Kind::ManyToMany,
            Some((table.clone(), b.clone(), a.clone())),
        ),
        (Kind::ManyToMany, None) => (Kind::ManyToMany, None),
    };
    Relationship {
        name: name.to_owned(),
        constant: String::new(),
        kind,
        target: source.to_owned(),
        source_columns: rel.target_columns.clone(),
        target_columns: rel.source_columns.clone(),
        through,
        back_populates: Some(rel.name.clone()),
        cascade: Default::default(),
        link: rel.link.clone(),
    }
}

/// Declared names must stay distinct as constants.
fn check_declared_names(table: &Table, rels: &[Relationship], problems: &mut Vec<Problem>) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    for rel in rels {
        let constant = naming::screaming(&rel.name);
        if let Some((_, other)) = seen.iter().find(|(c, _)| *c == constant) {
            problems.push(
                Problem::new(
                    SpecPath::relationship(&table.sql_name, &rel.name),
                    format!(
                        "relationships `{}` and `{other}` of `{}` both become `rel::{constant}`",
                        rel.name, table.sql_name
                    ),
                )
                .with_hint("rename one of them"),
            );
        }
        seen.push((constant, &rel.name));
    }
}

/// Inferred names made distinct, in order, by numbering later duplicates.
fn unique_names(rels: Vec<Relationship>, _table: &Table) -> Vec<Relationship> {
    let mut taken = Vec::new();
    rels.into_iter()
        .map(|mut rel| {
            rel.name = naming::unique(rel.name, &mut taken);
            rel
        })
        .collect()
}

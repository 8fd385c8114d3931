//! Junction tables without a key: kept as entities, where the spec's rules would make them
//! association tables.

use std::collections::BTreeSet;

use crate::infer::is_association;
use crate::model::{Link, Model};
use crate::naming;
use crate::spec::{RelationshipLink, RelationshipSpec, Spec, TableSpec};

/// Keeps a junction table whose pairs no key makes unique an entity: the spec's rules take
/// any table made only of two foreign keys as an association table (a many-to-many on each
/// side), but a database table without a primary key or unique constraint over those
/// columns may list a pair twice, which a many-to-many would hide. The two tables it links
/// get their relationships declared as inference names them when the junction is an entity
/// (a one-to-many to it in place of the many-to-many). Returns whether anything changed
/// (`model` is `spec`'s model).
pub fn keep_keyless_junctions(spec: &mut Spec, model: &Model) -> bool {
    let junctions: Vec<&crate::model::Table> = model
        .tables
        .iter()
        .filter(|t| {
            let all: Vec<String> = t.columns.iter().map(|c| c.sql_name.clone()).collect();
            is_association(t) && !t.is_unique_set(&all)
        })
        .collect();
    if junctions.is_empty() {
        return false;
    }
    // The model inference gives when the junctions are entities: each with one more column
    // than its foreign keys.
    let mut as_entities = spec.clone();
    for junction in &junctions {
        if let Some(table) = as_entities
            .tables
            .iter_mut()
            .find(|t| t.name == junction.sql_name)
        {
            let mut extra = table.columns[0].clone();
            extra.name = unused_column_name(table);
            table.columns.push(extra);
        }
    }
    let Ok(entities) = Model::from_spec(&as_entities) else {
        return false;
    };
    let targets: BTreeSet<&str> = junctions
        .iter()
        .flat_map(|j| j.foreign_keys.iter().map(|fk| fk.references.as_str()))
        .collect();
    for table_spec in &mut spec.tables {
        if !targets.contains(table_spec.name.as_str()) || table_spec.relationships.is_some() {
            continue;
        }
        let Some(table) = entities.table(&table_spec.name) else {
            continue;
        };
        table_spec.relationships = Some(
            table
                .relationships
                .iter()
                .map(|r| RelationshipSpec {
                    name: r.name.clone(),
                    to: r.target.clone(),
                    link: match &r.link {
                        Link::Through(through) => RelationshipLink::Through(through.clone()),
                        // Forward or inverse, `via` names the foreign key's columns.
                        Link::ForeignKey { columns, .. } => RelationshipLink::Via(columns.clone()),
                    },
                    back_populates: r.back_populates.clone(),
                    cascade: r.cascade,
                })
                .collect(),
        );
    }
    true
}

/// A column name `table` does not have.
fn unused_column_name(table: &TableSpec) -> String {
    let mut taken: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    naming::unique("retort_entity".to_owned(), &mut taken)
}

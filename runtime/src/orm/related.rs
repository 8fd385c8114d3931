//! Which objects each object's relationships hold, once loaded: what
//! [`Session::load`](crate::Session::load) returns without a statement.

// foldhash rather than SipHash: these are keyed by identities, hashed for every object loaded.
use foldhash::{HashMap, HashSet};

use super::identity::Identity;

/// A loaded relationship of one object.
struct Loaded {
    /// The related objects, in the order loaded.
    targets: Vec<Identity>,
    /// The tables whose rows decide the relationship (source, target, association): a
    /// flush that writes to any of them makes it stale.
    tables: [&'static str; 3],
}

/// The loaded relationships of a session's objects, and those marked `raise`.
#[derive(Default)]
pub(crate) struct RelatedCache {
    loaded: HashMap<(Identity, &'static str), Loaded>,
    raise: HashSet<(Identity, &'static str)>,
}

impl RelatedCache {
    /// The objects relationship `name` of `source` holds, when loaded.
    pub(crate) fn get(&self, source: &Identity, name: &'static str) -> Option<&[Identity]> {
        self.loaded
            .get(&(source.clone(), name))
            .map(|loaded| loaded.targets.as_slice())
    }

    /// Records what relationship `name` of `source` holds.
    pub(crate) fn set(
        &mut self,
        source: Identity,
        name: &'static str,
        targets: Vec<Identity>,
        tables: [&'static str; 3],
    ) {
        self.raise.remove(&(source.clone(), name));
        self.loaded
            .insert((source, name), Loaded { targets, tables });
    }

    /// True when relationship `name` of `source` was loaded.
    pub(crate) fn contains(&self, source: &Identity, name: &'static str) -> bool {
        self.loaded.contains_key(&(source.clone(), name))
    }

    /// Marks relationship `name` of `source` as not to be loaded on access.
    pub(crate) fn mark_raise(&mut self, source: Identity, name: &'static str) {
        if !self.contains(&source, name) {
            self.raise.insert((source, name));
        }
    }

    /// True when relationship `name` of `source` is marked `raise`.
    pub(crate) fn is_raise(&self, source: &Identity, name: &'static str) -> bool {
        self.raise.contains(&(source.clone(), name))
    }

    /// Forgets the relationships that depend on any of `tables`.
    pub(crate) fn invalidate(&mut self, tables: &std::collections::HashSet<&'static str>) {
        if tables.is_empty() {
            return;
        }
        self.loaded
            .retain(|_, loaded| !loaded.tables.iter().any(|table| tables.contains(table)));
    }

    /// Forgets everything (a commit that expires, a rollback, `expunge_all`).
    pub(crate) fn clear(&mut self) {
        self.loaded.clear();
        self.raise.clear();
    }
}

//! Table aliases, for self-joins and for joining one table twice.

//! RETURNING: rows written by INSERT / UPDATE / DELETE, read back in the same statement.

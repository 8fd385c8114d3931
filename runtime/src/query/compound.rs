//! Compound selects: UNION, UNION ALL, INTERSECT, EXCEPT.

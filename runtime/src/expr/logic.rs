//! Boolean connectives: AND, OR, NOT.

use sea_query::{ExprTrait, SimpleExpr};

use super::Expr;

impl Expr<bool> {
    /// `self AND other`
    pub fn and(self, other: Expr<bool>) -> Expr<bool> {
        self.combine(other, |a, b| a.and(b))
    }

    /// `self OR other`
    pub fn or(self, other: Expr<bool>) -> Expr<bool> {
        self.combine(other, |a, b| a.or(b))
    }

    /// `NOT self`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr<bool> {
        not_(self)
    }
}

impl std::ops::Not for Expr<bool> {
    type Output = Expr<bool>;
    fn not(self) -> Expr<bool> {
        not_(self)
    }
}

/// `a AND b AND …`; true when empty.
pub fn and_(predicates: impl IntoIterator<Item = Expr<bool>>) -> Expr<bool> {
    predicates
        .into_iter()
        .reduce(Expr::and)
        .unwrap_or_else(|| Expr::from_sea(SimpleExpr::cust("1 = 1")))
}

/// `a OR b OR …`; false when empty.
pub fn or_(predicates: impl IntoIterator<Item = Expr<bool>>) -> Expr<bool> {
    predicates
        .into_iter()
        .reduce(Expr::or)
        .unwrap_or_else(|| Expr::from_sea(SimpleExpr::cust("1 = 0")))
}

/// `NOT predicate`
pub fn not_(predicate: Expr<bool>) -> Expr<bool> {
    predicate.wrap(|p| p.not())
}

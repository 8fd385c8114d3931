//! `#[dual]`: one module of tests, written against the async API, emitted twice.
//!
//! ```ignore
//! #[retort_dual::dual]
//! mod cases {
//!     use super::*;
//!     async fn inserts(db: &TestDb) {
//!         let mut conn = db.blog().await;
//!         conn.insert(new_user("Ada", None)).await.unwrap();
//!     }
//! }
//! ```
//!
//! becomes `mod cases { pub mod sync { … } pub mod asynch { … } }`: `asynch` holds the items
//! as written, `sync` the same items with `async` removed from functions, closures and
//! blocks and every `.await` removed. Each copy first imports the API it runs on,
//! `crate::common::dual::sync::*` or `crate::common::dual::asynch::*` (the test harness
//! defines both with the same names: `TestDb`, `Connection`, …), so one body names the
//! right types in each. This works because the async API has the sync API's method names.

use proc_macro::TokenStream;
use proc_macro2::{Group, TokenStream as TokenStream2, TokenTree};
use quote::quote;
use syn2::visit_mut::{self, VisitMut};
use syn2::{Expr, ExprClosure, ItemMod, Signature, parse_macro_input};

/// See the crate documentation.
#[proc_macro_attribute]
pub fn dual(_args: TokenStream, input: TokenStream) -> TokenStream {
    let module = parse_macro_input!(input as ItemMod);
    let Some((_, items)) = &module.content else {
        return syn2::Error::new_spanned(
            &module,
            "#[dual] needs an inline module: `mod name { … }`",
        )
        .to_compile_error()
        .into();
    };
    let attrs = &module.attrs;
    let vis = &module.vis;
    let name = &module.ident;
    let mut sync_items = items.clone();
    for item in &mut sync_items {
        StripAsync.visit_item_mut(item);
    }
    quote! {
        #(#attrs)*
        #vis mod #name {
            /// The tests on the sync API.
            pub mod sync {
                #[allow(unused_imports)]
                use crate::common::dual::sync::*;
                // Named, so that they win over a glob import of the sync API in the body.
                #[allow(unused_imports)]
                use crate::common::dual::sync::{Connection, Engine, Session, TestDb, Transaction};
                #(#sync_items)*
            }
            /// The tests on the async API.
            pub mod asynch {
                #[allow(unused_imports)]
                use crate::common::dual::asynch::*;
                #[allow(unused_imports)]
                use crate::common::dual::asynch::{Connection, Engine, Session, TestDb, Transaction};
                #(#items)*
            }
        }
    }
    .into()
}

/// Removes `async` and `.await` everywhere.
struct StripAsync;

/// Removes `.await` from a macro's tokens (`assert_eq!(f().await, …)`), in nested groups
/// too; macro arguments are tokens, not parsed expressions.
fn strip_await_tokens(tokens: TokenStream2) -> TokenStream2 {
    let mut out: Vec<TokenTree> = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if ident == "await" => {
                if matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '.') {
                    out.pop();
                } else {
                    out.push(TokenTree::Ident(ident));
                }
            }
            TokenTree::Ident(ident) if ident == "async" => {}
            TokenTree::Group(group) => {
                let mut stripped =
                    Group::new(group.delimiter(), strip_await_tokens(group.stream()));
                stripped.set_span(group.span());
                out.push(TokenTree::Group(stripped));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

impl VisitMut for StripAsync {
    fn visit_macro_mut(&mut self, mac: &mut syn2::Macro) {
        mac.tokens = strip_await_tokens(std::mem::take(&mut mac.tokens));
    }

    fn visit_signature_mut(&mut self, signature: &mut Signature) {
        signature.asyncness = None;
        visit_mut::visit_signature_mut(self, signature);
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut ExprClosure) {
        closure.asyncness = None;
        visit_mut::visit_expr_closure_mut(self, closure);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        // Children first, so nested awaits are gone before this one is unwrapped.
        visit_mut::visit_expr_mut(self, expr);
        let replacement = match expr {
            Expr::Await(awaited) => Some((*awaited.base).clone()),
            Expr::Async(block) => Some(Expr::Block(syn2::ExprBlock {
                attrs: block.attrs.clone(),
                label: None,
                block: block.block.clone(),
            })),
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
        }
    }
}

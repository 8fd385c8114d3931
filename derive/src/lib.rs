//! # retort-derive
//!
//! The derive macros of Retort. Use them through the `retort` crate, which re-exports them:
//! `#[derive(retort::FromRow)]` decodes query results into your own structs.
//!
//! ```
//! use retort::prelude::*;
//! # use retort::__doc_tables::{self as blog, users, Users};
//!
//! /// One row of `SELECT users.id, users.name`.
//! #[derive(Debug, PartialEq, retort::FromRow)]
//! struct UserName {
//!     id: i64,
//!     name: String,
//! }
//!
//! let engine = Engine::connect("sqlite::memory:")?;
//! blog::metadata().create_all(&engine)?;
//! let mut conn = engine.connection()?;
//! conn.insert(users::NewUser { name: "Ada".into(), email: None })?;
//!
//! // The field types must be exactly the selection's row type, `(i64, String)`.
//! let rows = conn.all(select((users::ID, users::NAME)).from(Users).into_rows::<UserName>())?;
//! assert_eq!(rows, [UserName { id: 1, name: "Ada".into() }]);
//! # Ok::<(), retort::Error>(())
//! ```

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Type, parse_macro_input};
use syn2 as syn;

/// Implements `retort::FromRow` (with `Output = Self`) and `retort::FromFields` for a struct
/// with named fields.
///
/// The struct reads consecutive columns in field order; each field reads as many columns as
/// its type's `FromRow::width()`: one for a column value, a whole row for a generated row
/// struct or another derived struct. `FromFields::Fields` is the tuple of the field types
/// (the field's type alone for a one-field struct), which `Select::into_rows` requires to
/// equal the selection's row type.
///
/// A field attribute `#[retort(with = Decoder)]` reads the field with another decoder whose
/// `FromRow::Output` is the field's type, e.g. `#[retort(with = retort::NullableRow<Posts>)]`
/// for a `post: Option<Post>` read from the outer side of a LEFT JOIN.
///
/// Tuple structs, unit structs, enums, unions and generic structs are refused with a
/// compile error.
#[proc_macro_derive(FromRow, attributes(retort))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// One field: its name, its type, and the type that decodes it.
struct Field<'a> {
    name: &'a syn::Ident,
    ty: &'a Type,
    decoder: Type,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "`#[derive(FromRow)]` does not support generic structs: decode into a struct whose \
             fields have concrete types",
        ));
    }
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            Fields::Unnamed(_) => {
                return Err(syn::Error::new(
                    data.fields.span(),
                    "`#[derive(FromRow)]` needs named fields: decode into a tuple instead of \
                     a tuple struct",
                ));
            }
            Fields::Unit => {
                return Err(syn::Error::new(
                    name.span(),
                    "`#[derive(FromRow)]` needs a struct with named fields, not a unit struct",
                ));
            }
        },
        Data::Enum(data) => {
            return Err(syn::Error::new(
                data.enum_token.span,
                "`#[derive(FromRow)]` supports only structs with named fields, not enums",
            ));
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`#[derive(FromRow)]` supports only structs with named fields, not unions",
            ));
        }
    };
    if fields.is_empty() {
        return Err(syn::Error::new(
            name.span(),
            "`#[derive(FromRow)]` needs at least one field",
        ));
    }
    let fields = fields
        .iter()
        .map(|field| {
            Ok(Field {
                name: field.ident.as_ref().expect("named fields have names"),
                ty: &field.ty,
                decoder: decoder(field)?,
            })
        })
        .collect::<syn::Result<Vec<_>>>()?;

    // Spanned at each field's type, so that a type that cannot be decoded is reported there.
    let widths = fields.iter().map(|f| {
        let decoder = &f.decoder;
        quote_spanned!(f.ty.span()=> <#decoder as ::retort::FromRow>::width())
    });
    let reads = fields.iter().map(|f| {
        let (field, ty, decoder) = (f.name, f.ty, &f.decoder);
        quote_spanned! {f.ty.span()=>
            let #field: #ty = <#decoder as ::retort::FromRow>::from_row(row, at)?;
            at += <#decoder as ::retort::FromRow>::width();
        }
    });
    let names = fields.iter().map(|f| f.name);
    let types: Vec<&Type> = fields.iter().map(|f| f.ty).collect();
    let field_types = match types.as_slice() {
        [only] => quote!(#only),
        many => quote!((#(#many,)*)),
    };

    Ok(quote! {
        impl ::retort::FromRow for #name {
            type Output = Self;
            fn width() -> usize {
                0 #(+ #widths)*
            }
            #[allow(unused_assignments)]
            fn from_row(row: &::retort::Row<'_>, start: usize) -> ::retort::Result<Self> {
                let mut at = start;
                #(#reads)*
                Ok(Self { #(#names),* })
            }
        }

        impl ::retort::FromFields for #name {
            type Fields = #field_types;
        }
    })
}

/// The decoder of `field`: its `#[retort(with = Type)]`, or its own type.
fn decoder(field: &syn::Field) -> syn::Result<Type> {
    let mut decoder = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("retort")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("with") {
                if decoder.is_some() {
                    return Err(meta.error("`with` is given twice"));
                }
                decoder = Some(meta.value()?.parse::<Type>()?);
                Ok(())
            } else {
                Err(meta.error("unknown `retort` attribute: expected `with = DecoderType`"))
            }
        })?;
    }
    Ok(decoder.unwrap_or_else(|| field.ty.clone()))
}

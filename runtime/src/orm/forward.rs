//! `forward_session!` (invoked in `session.rs`): the public session methods, declared once with their
//! documentation and emitted on [`Session`](crate::Session) and, with the `async` feature,
//! on `AsyncSession`, each running the [`SessionCore`](super::SessionCore) method of the
//! same name. `io` methods may run statements (`async` on the async session); `plain`
//! ones never do, and are the same on both.

/// Declares the session methods; generics are `<Name: Bound, …>`; further bounds go in `where […]`.
macro_rules! forward_session {
    (
        io {$(
            $(#[$attr:meta])*
            fn $name:ident $(<$($generic:ident: $bound:path),* $(,)?>)? (&mut self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty
            $(where [$($bounds:tt)*])?;
        )*}
        plain {$(
            $(#[$plain_attr:meta])*
            fn $plain:ident $(<$($plain_generic:ident: $plain_bound:path),* $(,)?>)? (&mut self $(, $plain_arg:ident: $plain_ty:ty)* $(,)?) -> $plain_ret:ty;
        )*}
    ) => {
        impl Session {
            $(
                $(#[$attr])*
                pub fn $name $(<$($generic: $bound),*>)? (&mut self $(, $arg: $ty)*) -> $ret
                $(where $($bounds)*)?
                {
                    $crate::driver::block_ready(self.core.$name($($arg),*))
                }
            )*
            $(
                $(#[$plain_attr])*
                pub fn $plain $(<$($plain_generic: $plain_bound),*>)? (&mut self $(, $plain_arg: $plain_ty)*) -> $plain_ret {
                    self.core.$plain($($plain_arg),*)
                }
            )*
        }

        #[cfg(feature = "async")]
        impl AsyncSession {
            $(
                #[doc = concat!("The async form of [`Session::", stringify!($name), "`](crate::Session::", stringify!($name), ").")]
                pub async fn $name $(<$($generic: $bound),*>)? (&mut self $(, $arg: $ty)*) -> $ret
                $(where $($bounds)*)?
                {
                    self.core.$name($($arg),*).await
                }
            )*
            $(
                #[doc = concat!("As [`Session::", stringify!($plain), "`](crate::Session::", stringify!($plain), "): no statement runs.")]
                pub fn $plain $(<$($plain_generic: $plain_bound),*>)? (&mut self $(, $plain_arg: $plain_ty)*) -> $plain_ret {
                    self.core.$plain($($plain_arg),*)
                }
            )*
        }
    };
}

pub(super) use forward_session;

//! `forward!`: the public connection methods, declared once with their documentation and
//! emitted on [`Connection`](crate::Connection) and, with the `async` feature, as `async`
//! methods on `AsyncConnection`, each running the [`ConnCore`] operation of the same name.
//!
//! [`ConnCore`]: super::core::ConnCore

/// Declares public methods that forward to the `ConnCore` method of the same name and
/// arguments. Generics are `<Name: Bound, …>`; further bounds go in `where […]`, which `macro_rules` can match.
macro_rules! forward {
    ($(
        $(#[$attr:meta])*
        fn $name:ident $(<$($generic:ident: $bound:path),* $(,)?>)? (&mut self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty
        $(where [$($bounds:tt)*])?;
    )*) => {
        impl Connection {
            $(
                $(#[$attr])*
                pub fn $name $(<$($generic: $bound),*>)? (&mut self $(, $arg: $ty)*) -> $ret
                $(where $($bounds)*)?
                {
                    $crate::driver::block_ready(self.core.$name($($arg),*))
                }
            )*
        }

        #[cfg(feature = "async")]
        impl AsyncConnection {
            $(
                #[doc = concat!("The async form of [`Connection::", stringify!($name), "`](crate::Connection::", stringify!($name), ").")]
                pub async fn $name $(<$($generic: $bound),*>)? (&mut self $(, $arg: $ty)*) -> $ret
                $(where $($bounds)*)?
                {
                    self.core().$name($($arg),*).await
                }
            )*
        }
    };
}

pub(super) use forward;

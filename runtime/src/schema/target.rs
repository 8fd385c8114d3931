//! [`SchemaTarget`]: what `create_all` and `drop_all` run on — an engine or a connection,
//! sync or async — with the work itself written once, on the connection core.

use crate::connection::Connection;
use crate::connection::core::ConnCore;
use crate::driver::block_ready;
use crate::engine::Engine;
use crate::error::Result;

use super::{MetaData, catalog, ddl};

/// Where [`MetaData::create_all`] and [`MetaData::drop_all`] run: `&Engine` or
/// `&mut Connection` (the call returns `Result<()>`), and with the `async` feature
/// `&AsyncEngine` or `&mut AsyncConnection` (the call returns a future to await). Sealed.
pub trait SchemaTarget<'a>: sealed::Sealed {
    /// What the call returns.
    type Output;
    #[doc(hidden)]
    fn create_all(self, metadata: &'a MetaData) -> Self::Output;
    #[doc(hidden)]
    fn drop_all(self, metadata: &'a MetaData) -> Self::Output;
}

mod sealed {
    pub trait Sealed {}
}

impl ConnCore {
    async fn create_all(&mut self, metadata: &MetaData) -> Result<()> {
        let existing = catalog::existing(self).await?;
        let statements = ddl::create_missing(metadata, self.dialect, &existing)?;
        self.run_in_transaction(&statements).await
    }

    async fn drop_all(&mut self, metadata: &MetaData) -> Result<()> {
        let existing = catalog::existing(self).await?;
        let statements = ddl::drop_existing(metadata, self.dialect, &existing.tables);
        self.run_in_transaction(&statements).await
    }
}

impl sealed::Sealed for &Engine {}
impl<'a> SchemaTarget<'a> for &Engine {
    type Output = Result<()>;
    fn create_all(self, metadata: &'a MetaData) -> Result<()> {
        self.connection()?.create_all_on_self(metadata)
    }
    fn drop_all(self, metadata: &'a MetaData) -> Result<()> {
        self.connection()?.drop_all_on_self(metadata)
    }
}

impl sealed::Sealed for &mut Connection {}
impl<'a> SchemaTarget<'a> for &mut Connection {
    type Output = Result<()>;
    fn create_all(self, metadata: &'a MetaData) -> Result<()> {
        self.create_all_on_self(metadata)
    }
    fn drop_all(self, metadata: &'a MetaData) -> Result<()> {
        self.drop_all_on_self(metadata)
    }
}

impl Connection {
    fn create_all_on_self(&mut self, metadata: &MetaData) -> Result<()> {
        block_ready(self.core.create_all(metadata))
    }
    fn drop_all_on_self(&mut self, metadata: &MetaData) -> Result<()> {
        block_ready(self.core.drop_all(metadata))
    }
}

#[cfg(feature = "async")]
mod asynch {
    use super::*;
    use crate::driver::BoxFuture;
    use crate::{AsyncConnection, AsyncEngine};

    impl sealed::Sealed for &AsyncEngine {}
    impl<'a> SchemaTarget<'a> for &'a AsyncEngine {
        type Output = BoxFuture<'a, Result<()>>;
        fn create_all(self, metadata: &'a MetaData) -> Self::Output {
            Box::pin(async move { self.connection().await?.core().create_all(metadata).await })
        }
        fn drop_all(self, metadata: &'a MetaData) -> Self::Output {
            Box::pin(async move { self.connection().await?.core().drop_all(metadata).await })
        }
    }

    impl sealed::Sealed for &mut AsyncConnection {}
    impl<'a> SchemaTarget<'a> for &'a mut AsyncConnection {
        type Output = BoxFuture<'a, Result<()>>;
        fn create_all(self, metadata: &'a MetaData) -> Self::Output {
            Box::pin(self.core().create_all(metadata))
        }
        fn drop_all(self, metadata: &'a MetaData) -> Self::Output {
            Box::pin(self.core().drop_all(metadata))
        }
    }
}

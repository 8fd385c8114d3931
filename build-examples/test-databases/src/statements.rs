//! Counting the statements a test sends, through `Engine::on_statement`: how the ORM tests
//! check what a session does. (The runtime's suite has its own copy in
//! `runtime/tests/common/statements.rs`, for the reason given in the crate docs.)

use std::sync::{Arc, Mutex};

use retort::Engine;

/// The statements sent through an engine, as SQL text, from [`Statements::record`] on.
#[derive(Debug, Clone, Default)]
pub struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    /// Starts recording every statement `engine` (and each connection from it) sends.
    pub fn record(engine: &Engine) -> Statements {
        let statements = Statements::default();
        let sink = statements.clone();
        engine.on_statement(move |event| sink.lock().push(event.sql.to_owned()));
        statements
    }

    /// The statements sent since the last call, transaction control included.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.lock())
    }

    /// The statements sent since the last call, without transaction control.
    pub fn sent(&self) -> Vec<String> {
        self.take()
            .into_iter()
            .filter(|sql| !is_transaction_control(sql))
            .collect()
    }

    /// How many statements, transaction control aside, were sent since the last call.
    pub fn count(&self) -> usize {
        self.sent().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        // A test that panicked while recording has failed already: keep what it recorded.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// True for `BEGIN`, `COMMIT`, `ROLLBACK` and the like.
pub fn is_transaction_control(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    [
        "BEGIN",
        "START TRANSACTION",
        "COMMIT",
        "ROLLBACK",
        "SET TRANSACTION",
        "SAVEPOINT",
        "RELEASE",
    ]
    .iter()
    .any(|word| upper.starts_with(word))
}

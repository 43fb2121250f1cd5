//! The integration tests, as one test binary (one link of the crate, as
//! ripgrep's `tests/tests.rs`): each module drives the library or the
//! binary on temporary directories; `common` holds the shared helpers.

mod common;
mod deploy;

mod cli;
mod diff;
mod docs;
mod edit;
mod fixtures;
mod gateways;
mod hardening;
mod readme;
mod robustness;
mod runtimes;
mod schema_check;
mod secrets;
mod yaml_quoting;

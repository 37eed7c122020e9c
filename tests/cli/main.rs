//! End-to-end tests of the `shipmap` binary: one test binary, a fresh directory each.

mod errors;
mod licenses;
mod resolve;
mod spine;
mod util;

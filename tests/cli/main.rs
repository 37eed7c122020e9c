//! End-to-end tests of the `shipmap` binary: one test binary, a fresh directory each.

mod briefing;
mod docs;
mod draft;
mod errors;
mod hostile;
mod html;
mod interrupt;
mod licenses;
mod progress;
mod resolve;
mod spine;
mod util;

//! shipmap: turn a written account of a shipment into maps.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builder;
pub mod date;
pub mod gazetteer;
pub mod model;
pub mod network;
pub mod spec;

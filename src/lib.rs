//! shipmap: turn a written account of a shipment into maps.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod date;
pub mod gazetteer;
pub mod model;
pub mod network;

//! beleidsmijn: mines Dutch municipal policy documents.
#![warn(missing_docs)]

pub mod dict;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod model;

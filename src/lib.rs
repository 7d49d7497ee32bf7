//! beleidsmijn: mines Dutch municipal policy documents — jaarstukken,
//! begrotingen, raadsmededelingen, beleidsplannen — into sections, tables
//! and entities, each traced to file, page and byte offsets.
//!
//! The pipeline: [`ingest`] reads a file into the one [`model::Document`],
//! [`segment`] builds the section tree, [`extract`] reads tables, header
//! fields, facts and entities, [`output`] defines the JSON contract,
//! [`batch`] runs many files in parallel with output in input order.
#![warn(missing_docs)]

pub mod batch;
mod builtin_files;
pub mod cache;
pub mod compare;
pub mod dict;
pub mod eval;
pub mod extract;
pub mod fuzzing;
pub mod ingest;
pub mod lazy_regex;
pub mod literals;
mod meta_regex;
pub mod model;
pub mod output;
mod pending;
pub mod pipeline;
mod prebuilt;
pub mod report;
pub mod segment;
pub mod shape;
pub mod threads;
pub mod timing;

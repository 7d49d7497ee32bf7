//! Extraction stages that read a [`crate::model::Document`] and annotate it.

pub mod entities;

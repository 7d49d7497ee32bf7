//! Extraction: structures and facts read from the segmented document.

pub mod facts;
pub mod metadata;
pub mod tables;

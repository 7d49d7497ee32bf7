//! Extraction: structures, facts and entities read from the segmented document.

mod cards;
pub mod entities;
pub mod facts;
pub mod flat_items;
pub mod grid;
pub mod metadata;
pub mod tables;

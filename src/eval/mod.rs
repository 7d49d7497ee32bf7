//! Scoring extraction output against the hand-written gold.
pub mod score;
pub mod entities;

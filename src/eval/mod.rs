//! Scoring extraction output against the hand-written gold.
pub mod score;

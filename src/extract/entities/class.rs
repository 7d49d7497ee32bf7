//! The status classes of the gold conventions, and what negation does to
//! each. A new class is one variant here (its name follows from the
//! variant in `as_str` and serde) and its rows in `status.tsv`. Entities
//! carry it typed (`model::Entity::class`); only output writes the name.

use std::fmt;
use std::str::FromStr;

/// Where something stands (`../shared/gold/README.md`, "Statuses").
/// Serialised as its name in the conventions (`"in_progress"`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// Done within the period reported on.
    Achieved,
    /// Going on now.
    InProgress,
    /// Announced for later.
    Planned,
    /// Later than planned.
    Delayed,
    /// Did not happen or failed.
    NotAchieved,
    /// Kept going after a decision or evaluation.
    Continued,
    /// An evaluation took place.
    Evaluated,
    /// Ended before completion.
    Stopped,
}

impl StatusClass {
    /// Every class, in the order of the conventions.
    pub const ALL: [StatusClass; 8] = [
        StatusClass::Achieved,
        StatusClass::InProgress,
        StatusClass::Planned,
        StatusClass::Delayed,
        StatusClass::NotAchieved,
        StatusClass::Continued,
        StatusClass::Evaluated,
        StatusClass::Stopped,
    ];

    /// The name used in dictionaries and output.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusClass::Achieved => "achieved",
            StatusClass::InProgress => "in_progress",
            StatusClass::Planned => "planned",
            StatusClass::Delayed => "delayed",
            StatusClass::NotAchieved => "not_achieved",
            StatusClass::Continued => "continued",
            StatusClass::Evaluated => "evaluated",
            StatusClass::Stopped => "stopped",
        }
    }

    /// The class of the clause with a negation in it: what was done, is
    /// going on, was evaluated, continued or announced did not happen
    /// ("is nog niet gelukt", "wordt niet voortgezet"); a denied delay or
    /// stop says nothing certain, so it gives no status.
    pub fn negated(self) -> Option<StatusClass> {
        match self {
            StatusClass::Achieved
            | StatusClass::InProgress
            | StatusClass::Evaluated
            | StatusClass::Continued
            | StatusClass::Planned => Some(StatusClass::NotAchieved),
            StatusClass::NotAchieved => Some(StatusClass::Continued),
            StatusClass::Delayed | StatusClass::Stopped => None,
        }
    }
}

impl fmt::Display for StatusClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StatusClass {
    type Err = String;

    fn from_str(s: &str) -> Result<StatusClass, String> {
        StatusClass::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = StatusClass::ALL.iter().map(|c| c.as_str()).collect();
                format!("'{s}' is not one of {}", names.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_negation() {
        for c in StatusClass::ALL {
            assert_eq!(c.as_str().parse::<StatusClass>(), Ok(c));
        }
        assert!("done".parse::<StatusClass>().is_err());
        assert_eq!(
            StatusClass::Achieved.negated(),
            Some(StatusClass::NotAchieved)
        );
        // "het is niet zo dat het niet lukt": a denied failure goes on.
        assert_eq!(
            StatusClass::NotAchieved.negated(),
            Some(StatusClass::Continued)
        );
        assert_eq!(StatusClass::Delayed.negated(), None);
    }
}

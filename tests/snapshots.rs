//! Snapshots of the JSON output: review their diffs like code
//! (`cargo insta review`, or INSTA_UPDATE=always and `git diff`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use util::*;

/// The record of `path`, its build and dictionary fingerprint replaced:
/// they change with every commit and dictionary edit, not with the output.
fn record(path: &str) -> serde_json::Value {
    let o = run(&["extract", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = records(&o).remove(0);
    r["tool"]["build"] = "[build]".into();
    r["tool"]["dictionaries"] = "[dictionaries]".into();
    r
}

#[test]
fn seed_001_raadsmededeling() {
    insta::assert_json_snapshot!(record("fixtures/seeds/001_471ceefdd68c1809.txt"));
}

#[test]
fn seed_003_goal_status_table() {
    insta::assert_json_snapshot!(record("fixtures/seeds/003_7bdfaeb8bf12b1ff.txt"));
}

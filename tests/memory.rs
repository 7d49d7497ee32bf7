//! Issue 21: no file of `../shared/corpus/wild` above 150 MB peak RSS. The
//! largest is the Woo form whose page 8 draws 128 images with a million
//! operators; its operators were held decoded at once (277 MB). The one
//! test of this binary, so the peak of the children it waited for is that
//! one run's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use util::*;

#[test]
fn the_woo_form_is_read_under_150_mb() {
    let pdf = shared().join(
        "corpus/wild/pzh__a375727955b54d3da75801291e31e099_Geanoni_publiceren_melding_zaaknr._Z2024-00005061.pdf",
    );
    if !pdf.exists() {
        eprintln!("skip: no {}", pdf.display());
        return;
    }
    let out = run(&["text", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).len() > 1000);
    // SAFETY: getrusage writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    // Linux gives ru_maxrss in KiB.
    let peak_mb = usage.ru_maxrss as u64 * 1024 / 1_000_000;
    assert!(peak_mb < 150, "peak RSS {peak_mb} MB");
}

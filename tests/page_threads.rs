//! The pages of one PDF read on several threads (issue 21, item 4): a
//! batch with fewer documents than `-j` threads gives each PDF the idle
//! ones, and the record must be byte for byte the one of `-j1`, also for
//! the files whose check repairs them, finds a page-tree cycle or rejects
//! them (the speculative read is then stopped or redone).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

use pdf_inspector::par_pages::map_in_order;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[test]
fn results_come_in_the_items_order_whatever_the_threads() {
    let items: Vec<u64> = (0..500).collect();
    // Uneven work, so the threads finish their items out of order.
    let uneven_square = |x: &u64, calls: &mut u32| {
        *calls += 1;
        let spin = (0..(x % 7) * 1000).fold(0u64, |a, b| a.wrapping_add(b));
        std::hint::black_box(spin);
        x * x
    };
    let go = AtomicBool::new(false);
    let one = map_in_order(&items, 1, &go, || 0u32, uneven_square);
    let four = map_in_order(&items, 4, &go, || 0u32, uneven_square);
    assert_eq!(one, Some(items.iter().map(|x| x * x).collect::<Vec<_>>()));
    assert_eq!(four, one);
}

#[test]
fn a_stopped_map_takes_no_more_items_and_gives_nothing() {
    let items: Vec<u32> = (0..1000).collect();
    let stop = AtomicBool::new(false);
    let taken = AtomicUsize::new(0);
    let out = map_in_order(
        &items,
        2,
        &stop,
        || (),
        |x, ()| {
            taken.fetch_add(1, Ordering::Relaxed);
            if *x == 10 {
                stop.store(true, Ordering::Relaxed);
            }
        },
    );
    assert_eq!(out, None);
    assert!(taken.into_inner() < 100);
}

#[test]
fn a_panic_on_a_page_thread_reaches_the_caller() {
    let items: Vec<u32> = (0..64).collect();
    let caught = std::panic::catch_unwind(|| {
        let go = AtomicBool::new(false);
        map_in_order(&items, 2, &go, || (), |x, ()| assert!(*x != 40, "page 40"))
    });
    assert!(caught.is_err());
}

fn extract(file: &Path, threads: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(["extract", "-q", "-j", threads])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.stdout.is_empty(), "{}: no record", file.display());
    out.stdout
}

#[test]
fn one_pdf_on_two_threads_gives_the_record_of_one() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !shared.exists() {
        eprintln!("skipped: ../shared/corpus is not here");
        return;
    }
    for name in [
        // 26 pages, tables over page breaks.
        "real/collectie_overijssel_jaarstukken_2023.pdf",
        // Repaired before it is read: the early read is redone.
        "hostile/broken_startxref.pdf",
        "hostile/broken_xref_offsets.pdf",
        // Page-tree cycles: the early read is redone for the pages kept.
        "hostile/page_tree_cycle.pdf",
        "hostile/page_tree_self_loop.pdf",
        // Rejected or damaged: the early read is stopped.
        "hostile/flate_bomb_nested.pdf",
        "hostile/encrypted_user_password.pdf",
        "hostile/truncated_half.pdf",
        "hostile/image_only_scan.pdf",
    ] {
        let file = shared.join(name);
        assert_eq!(
            String::from_utf8_lossy(&extract(&file, "1")),
            String::from_utf8_lossy(&extract(&file, "2")),
            "{name}"
        );
    }
}

//! What the debug examples share: the PDF named by the first argument.

/// The path in the first argument and the file's bytes; exits with status 2
/// and `usage` (or the read error) when there is none.
pub fn pdf_arg(usage: &str) -> (String, Vec<u8>) {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: {usage}");
        std::process::exit(2);
    };
    match std::fs::read(&path) {
        Ok(bytes) => (path, bytes),
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    }
}

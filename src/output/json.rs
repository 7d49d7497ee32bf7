//! JSON writing helpers: re-indenting compact JSON the way
//! `serde_json::to_writer_pretty` would, without parsing it.
//!
//! The batch keeps each record as one compact JSON line (that is what the
//! cache stores and JSONL writes). `--format json` needs it pretty; parsing
//! into a `serde_json::Value` would sort the keys and change the output, so
//! the line is re-indented token by token instead. Strings are copied as
//! they are, so escapes stay byte-identical.

/// Append `compact` re-indented with two spaces, starting at `depth`
/// levels of indentation, exactly as `serde_json::to_string_pretty` writes
/// it (for input that `serde_json::to_string` wrote).
pub fn reindent(compact: &str, depth: usize, out: &mut String) {
    let bytes = compact.as_bytes();
    let mut depth = depth;
    let mut in_string = false;
    let mut escaped = false;
    let mut run_start = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b'}' | b']' | b',' | b':' => {
                out.push_str(&compact[run_start..i]);
                run_start = i + 1;
                match b {
                    b'{' | b'[' => {
                        let close = if b == b'{' { b'}' } else { b']' };
                        if bytes.get(i + 1) == Some(&close) {
                            out.push(b as char);
                            out.push(close as char);
                            i += 2;
                            run_start = i;
                            continue;
                        }
                        out.push(b as char);
                        depth += 1;
                        newline(out, depth);
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        newline(out, depth);
                        out.push(b as char);
                    }
                    b',' => {
                        out.push(',');
                        newline(out, depth);
                    }
                    _ => out.push_str(": "),
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&compact[run_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reindent_matches_serde_pretty() {
        let cases = [
            json!({"a": 1, "b": [1, 2, {"c": null}], "d": {}, "e": [], "f": "x,{}[]:\"\\y"}),
            json!([]),
            json!({"nested": [[[]], [{}], {"k": [true, false, 1.5, -2]}], "unicode": "ë’ \u{1}"}),
            json!("plain"),
        ];
        for v in cases {
            let mut got = String::new();
            reindent(&serde_json::to_string(&v).unwrap(), 0, &mut got);
            assert_eq!(got, serde_json::to_string_pretty(&v).unwrap());
        }
    }
}

//! beleidsmijn patch (fix 9): the byte-level decoder against lopdf's
//! `Content::decode`, token kind by token kind and on generated streams.

use super::decode;
use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream};

/// Equal as lopdf's derive would say, and reals equal bit for bit (so
/// `-0.0` is not `0.0`), dictionaries in the same key order.
fn same_object(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_object(x, y))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Stream(x), Object::Stream(y)) => same_stream(x, y),
        _ => a == b,
    }
}

fn same_dict(x: &lopdf::Dictionary, y: &lopdf::Dictionary) -> bool {
    x.len() == y.len()
        && x.iter()
            .zip(y.iter())
            .all(|((ka, va), (kb, vb))| ka == kb && same_object(va, vb))
}

fn same_stream(x: &Stream, y: &Stream) -> bool {
    same_dict(&x.dict, &y.dict)
        && x.content == y.content
        && x.allows_compression == y.allows_compression
        && x.start_position == y.start_position
}

fn same_operations(a: &[Operation], b: &[Operation]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.operator == y.operator
                && x.operands.len() == y.operands.len()
                && x.operands
                    .iter()
                    .zip(&y.operands)
                    .all(|(p, q)| same_object(p, q))
        })
}

/// lopdf's decode, or `None` where it fails or panics (its inline-image
/// arithmetic overflows in a debug build).
fn lopdf_decode(data: &[u8]) -> Option<Content> {
    std::panic::catch_unwind(|| Content::decode(data).ok())
        .ok()
        .flatten()
}

/// Whenever the fast decoder answers, lopdf gives the same; returns
/// whether it answered.
fn check(data: &[u8]) -> bool {
    let Some(ours) = decode(data) else {
        return false;
    };
    let theirs = lopdf_decode(data).unwrap_or_else(|| {
        panic!(
            "lopdf fails where we decode {:?}: {:?}",
            String::from_utf8_lossy(data),
            ours.operations
        )
    });
    assert!(
        same_operations(&ours.operations, &theirs.operations),
        "differs on {:?}:\n ours   {:?}\n lopdf  {:?}",
        String::from_utf8_lossy(data),
        ours.operations,
        theirs.operations
    );
    true
}

/// As [`check`], and the fast decoder must answer.
fn same(data: &[u8]) {
    assert!(
        check(data),
        "fast decoder gave up on {:?}",
        String::from_utf8_lossy(data)
    );
}

#[test]
fn content_lexer_typical_page() {
    same(b"q 1 0 0 1 0 0 cm BT /F1 12 Tf 72 720 Td (Hello) Tj ET Q");
    same(b"BT /F1 12 Tf 12 TL 1 0 0 1 100 512 Tm (first) Tj (struck) ' 1 2 (x) \" ET");
    same(b"0.2 0.4 0.6 rg 0 0 612 792 re f* W n /GS0 gs /Im0 Do");
    same(b"[ (a) -120.5 (b) 3 <0041> ] TJ T* ");
    same(b"");
    same(b"   \r\n\t ");
    same(b"q\r\nQ\rq\nQ");
}

#[test]
fn content_lexer_numbers() {
    for text in [
        "0",
        "-0",
        "+0",
        "1",
        "+3",
        "-17",
        "007",
        "1.",
        "-1.",
        "+1.",
        ".5",
        "-.5",
        "+.5",
        "0.0",
        "-0.0",
        "-.0",
        "10.",
        "0.12",
        "-.12",
        "612.000",
        "3.14159265358979",
        "123456789.123",
        "16777217.0",
        "16777216.0",
        "0.1",
        "0.3",
        "99999999999999999999.5",
        "1.0000000001",
        "0.00000000001",
        "0.000000000000000000000000000000000000000000001",
        "340282356779733661637539395458142568448.0",
        "9223372036854775807",
        "-9223372036854775808",
        "12345678",
        "4294967296",
    ] {
        same(format!("{text} w").as_bytes());
        same(format!("[{text} {text}] 0 d").as_bytes());
    }
    // In an array the `e5` is no object, and lopdf stops.
    assert!(!check(b"[1.0e5] 0 d"));
    // lopdf reads numbers without looking at what follows them.
    same(b"1.5.5 w");
    same(b"5-3 w");
    same(b"1.0e5 w");
    same(b"1e5 w");
    same(b"3..4 w");
}

#[test]
fn content_lexer_reals_match_from_str() {
    // Pseudo-random digit strings of every shape the grammar reads.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let int_len = (next() % 12) as usize;
        let frac_len = (next() % 14) as usize;
        let mut text = String::new();
        match next() % 3 {
            0 => text.push('-'),
            1 => text.push('+'),
            _ => {}
        }
        for _ in 0..int_len {
            text.push((b'0' + (next() % 10) as u8) as char);
        }
        text.push('.');
        for _ in 0..frac_len {
            text.push((b'0' + (next() % 10) as u8) as char);
        }
        if int_len + frac_len == 0 {
            continue;
        }
        same(format!("{text} Tw").as_bytes());
    }
}

#[test]
fn content_lexer_integer_overflow_goes_to_lopdf() {
    assert!(!check(b"9223372036854775808 w"));
    assert!(!check(b"-9223372036854775809 w"));
}

#[test]
fn content_lexer_names() {
    same(b"/F1 12 Tf");
    same(b"/ABC#5f#20x gs");
    same(b"/#cb#ce#cc#e5 gs");
    same(b"/ Tf");
    same(b"/A/B/C Tf");
    same(b"/A(x)Tj");
    same(b"/A.B-C_D~!@$^&*+=|;:,? gs");
    same(b"/x\xff\x80 gs");
    // A `#` without two hex digits ends the name, and lopdf stops there.
    assert!(!check(b"/A#4 gs"));
    assert!(!check(b"/A#zz gs"));
    // NUL and form feed end a name but are not content white space.
    assert!(!check(b"/x\x00q"));
    same(b"[/x\x00/y\x0c] gs");
}

#[test]
fn content_lexer_literal_strings() {
    same(b"() Tj");
    same(b"(text()) Tj");
    same(b"(text\r\n\\\\(nested\\t\\b\\f)) Tj");
    same(b"(text\\0\\53\\053\\0053\\777\\8) Tj");
    same(b"(text line\\\n()) Tj");
    same(b"(a\\\r\nb\\\rc\\\n\nd\r\ne\rf) Tj");
    same(b"(\\(\\)\\\\\\a\\n\\r) Tj");
    same(b"(((((deep))))) Tj");
    same(b"(\xe9\x00\xff) Tj");
    same(b"(a)(b)(c) Tj");
    assert!(!check(b"(unbalanced Tj"));
    assert!(!check(b"(ends in escape\\"));
    let deep = format!("{}x{} Tj", "(".repeat(60), ")".repeat(60));
    assert!(!check(deep.as_bytes()));
}

#[test]
fn content_lexer_hex_strings() {
    same(b"<> Tj");
    same(b"<0041> Tj");
    same(b"<004> Tj");
    same(b"<00 4\n1\t\x00\x0c> Tj");
    same(b"< aBcDeF > Tj");
    same(b"<41><42>Tj");
    assert!(!check(b"<00zz> Tj"));
    assert!(!check(b"<0041 Tj"));
}

#[test]
fn content_lexer_arrays_and_dictionaries() {
    same(b"[] 0 d");
    same(b"[ ] 0 d");
    same(b"[1 2 3] 0 d");
    same(b"[[1 [2]] <<>>] x");
    same(b"[1 0 R 2 0R 3 %c\n0 R] x");
    same(b"[1 2] x");
    assert!(!check(b"[1 70000 R] x"));
    assert!(!check(b"[4294967296 0 R] x"));
    same(b"[4294967295 65535 R 4294967296 0 65536] x");
    same(b"[true false null] x");
    assert!(!check(b"[nullx] x"));
    same(b"[(a)%comment\n(b)] TJ");
    same(b"[(a)\x00(b)\x0c] TJ");
    same(b"/OC /MC0 BDC EMC /Span <</ActualText (x) /MCID 3>> BDC EMC");
    same(b"/P <</MCID 0 /Dup 1 /Dup 2 /K [1 2]>> BDC");
    same(b"/P <<>> BDC");
    same(b"/P << /A << /B << /C 1 >> >> >> BDC");
    same(b"/P <</A 1 0 R>> BDC");
    same(b"/P <</A %c\n 1 /B\x00<00>>> BDC");
    assert!(!check(b"/P <</A>> BDC"));
    assert!(!check(b"/P <</A 1 /B>> BDC"));
    assert!(!check(b"[1 2 x] TJ"));
    assert!(!check(b"[1 2 TJ"));
    let deep = format!("{}1{} x", "[".repeat(40), "]".repeat(40));
    assert!(!check(deep.as_bytes()));
}

#[test]
fn content_lexer_keywords_and_operators() {
    same(b"true false null x");
    same(b"nullQ truefalse x");
    same(b"nul x");
    same(b"fals x");
    same(b"T* ' \" d0 d1 BX EX sh");
    same(b"q Q q Q");
    same(b"1 0 0 1 0 0 cm\n");
    // Not operators: lopdf stops, and so the fast decoder leaves it.
    assert!(!check(b"q { 1 2 add } cvx"));
    assert!(!check(b"q ] Q"));
    assert!(!check(b"q\x00Q"));
    assert!(!check(b"1 2"));
}

#[test]
fn content_lexer_comments() {
    same(b"% comment\nq Q\n");
    same(b"%a\r\n%b\r%c\n  q %d\nQ %e\n");
    same(b"q Q % trailing\n");
    same(b"q Q % trailing\n   % two\n");
    // Comments between operands and comments without an end of line
    // make lopdf stop early; the fast decoder leaves those to it.
    assert!(!check(b"1 % c\n w"));
    assert!(!check(b"q Q % no end of line"));
}

#[test]
fn content_lexer_inline_images() {
    same(
        b"q BI /W 2 /H 2 /CS /RGB /BPC 8 ID \x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b EI Q",
    );
    same(b"BI /W 1 /H 1 /BPC 1 /IM true ID \xff EI q");
    same(b"BI /Width 3 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 4 ID\n\x12\x34\x56\x78 EI\nq");
    same(b"BI /W 2 /H 2 /CS /CMYK /BPC 8 ID 0123456789abcdef EI");
    same(b"BI /W 2 /H 1 /CS /G /BPC 8 /F /AHx ID 00ff> EI Q");
    same(b"BI /W 2 /H 1 /CS /Indexed /BPC 8 ID \x00\x01 EI Q");
    same(b"BI /W 2 /H 1 /CS /CS0 /BPC 8 ID \x00\x01 EI Q");
    same(b"BI /W 2 /H 1 /CS /RGB /BPC 8 /D [1 0] ID \x00\x01\x02\x03\x04\x05 EI Q");
    same(b"BI /W 20 /H 20 /CS /RGB /BPC 8 ID \x00\x01 EI Q");
    same(b"BI /W 1 /H 1 /CS /Gray /BPC 8 ID x EI");
    // lopdf knows no `/G`: the image is skipped to an `EI` between white
    // space, and there is none at the very end.
    assert!(!check(b"BI /W 1 /H 1 /CS /G /BPC 8 ID x EI"));
    // lopdf fails on these; the stream goes to it (and to the repairs
    // around it).
    assert!(!check(b"BI /W 4 /H ( /BPC 8 ID \xff\xff EI Q"));
    assert!(!check(b"BI ID EI"));
    assert!(!check(b"BI /W 1 /H 1 /CS /Gray /BPC 8 ID xy EI"));
    assert!(!check(b"BI /W -1 /H 1 /CS /Gray /BPC 8 ID x EI"));
    assert!(!check(b"BI /W 2 /H 1 /CS /G /BPC 8 /F /AHx ID 00ff>EI"));
    // `BI` after operands is an ordinary operator.
    same(b"1 BI q");
}

/// Streams built from random tokens, good and bad, and random bytes: the
/// fast decoder either gives lopdf's operations or leaves the stream to
/// lopdf.
#[test]
fn content_lexer_random_streams() {
    const TOKENS: &[&str] = &[
        " ",
        " ",
        "\n",
        "\r\n",
        "\t",
        "\x00",
        "\x0c",
        "q",
        "Q",
        "Tj",
        "TJ",
        "'",
        "\"",
        "T*",
        "cm",
        "1",
        "-2",
        "+3",
        "0.5",
        ".5",
        "-.25",
        "4.",
        "12345678.9",
        "1e3",
        "/F1",
        "/A#20",
        "/",
        "/x#",
        "(a)",
        "(b\\)c)",
        "(()",
        ")",
        "(\\",
        "(\\053\\n)",
        "<41>",
        "<4 1>",
        "<zz>",
        "<",
        ">",
        "<<",
        ">>",
        "<</A 1>>",
        "<</A [1 0 R]>>",
        "[",
        "]",
        "[1 2]",
        "[/A (x) 0 R]",
        "true",
        "false",
        "null",
        "nullx",
        "%c\n",
        "%",
        "BI",
        "ID",
        "EI",
        "BT",
        "ET",
        "BI /W 1 /H 1 /CS /G /BPC 8 ID x EI ",
        "{",
        "}",
        "R",
        "0 R",
        "#",
        "\\",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut answered = 0;
    for round in 0..30_000 {
        let mut data = Vec::new();
        let len = 1 + (next() % 24) as usize;
        for _ in 0..len {
            if round % 5 == 0 && next() % 4 == 0 {
                data.push((next() % 256) as u8);
            } else {
                let token = TOKENS[(next() % TOKENS.len() as u64) as usize];
                data.extend_from_slice(token.as_bytes());
                if next() % 2 == 0 {
                    data.push(b' ');
                }
            }
        }
        if check(&data) {
            answered += 1;
        }
    }
    assert!(answered > 1_000, "only {answered} streams decoded");
}

/// Decimals at and near the half-way points between neighbouring f32s,
/// where reading through f64 could round twice.
#[test]
fn content_lexer_reals_near_f32_ties() {
    let mut state = 0x853c_49e6_748f_ea9bu64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let scale = [1.0f32, 10.0, 612.0, 0.01, 100_000.0][(next() % 5) as usize];
        let v = (next() % 1_000_000) as f32 / 1_000_000.0 * scale;
        let up = f32::from_bits(v.to_bits() + 1);
        let tie = (f64::from(v) + f64::from(up)) / 2.0;
        for decimals in [1, 3, 6, 8, 9, 10, 12, 14] {
            let text = format!("{tie:.decimals$}");
            if text.contains('.') {
                same(format!("{text} Tw").as_bytes());
            }
        }
    }
    same(b"0.5 w 1.5 w 2.5 w 16777217.0 w 16777219.0 w 33554435.0 w");
}

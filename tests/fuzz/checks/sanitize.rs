//! The sanitizer property check shared by the libFuzzer target (`fuzz_targets/sanitize.rs`)
//! and the stable short pass (`tests/tests/fuzz_smoke.rs`): arbitrary bytes → (lossy)
//! UTF-8 → the output sanitizer, as a string and inside JSON. Checks: no panic, nothing
//! forbidden left, cleaning is idempotent and the second pass does not copy, and keys and
//! values in a JSON wrapper come out exactly like the string.

use std::borrow::Cow;

use serde_json::{json, Value};
use unicode_general_category::{get_general_category, GeneralCategory as G};
use zscaler_mcp::sanitize::{Sanitizer, CHAT_TOKENS, ROLE_PREFIXES};

fn is_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0x180B..=0x180D | 0x180F | 0xE0100..=0xE01EF)
}

fn is_tag(c: char) -> bool {
    matches!(c as u32, 0xE0020..=0xE007F)
}

/// Default-ignorable and blank characters that may never appear, stated from the Unicode
/// data files by hand (DerivedCoreProperties.txt), independently of the implementation.
fn always_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0xA0 | 0xAD
            | 0x115F
            | 0x1160
            | 0x17B4
            | 0x17B5
            | 0x180E
            | 0x200B
            | 0x200E
            | 0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0x2800
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xE0000..=0xE001F
            | 0xE0080..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

/// Whether `c` (after `prev`, before `next`) may never leave the server. The context
/// rules are looser than the sanitizer's (which decides from Unicode properties) but close
/// the channels: no format character or selector after ASCII, whitespace or another one.
fn forbidden(prev: Option<char>, c: char, next: Option<char>) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    if always_invisible(c) {
        return true;
    }
    let base = prev.filter(|&p| {
        !p.is_whitespace() && !is_selector(p) && !matches!(p, '\u{200C}' | '\u{200D}' | '\u{34F}')
    });
    if is_selector(c) {
        return match base {
            None => true,
            // A keycap base (0-9 # *) takes VS15/VS16 before U+20E3; a zero takes VS1.
            Some(p) if p.is_ascii() => {
                let keycap = matches!(c, '\u{FE0E}' | '\u{FE0F}') && next == Some('\u{20E3}');
                !(keycap || (p == '0' && c == '\u{FE00}'))
            }
            // Ideographic variation selectors follow ideographs (category Lo).
            Some(p) => c as u32 >= 0xE0100 && get_general_category(p) != G::OtherLetter,
        };
    }
    if matches!(c, '\u{200C}' | '\u{200D}') {
        // After a non-ASCII base, or after VS16 inside an emoji ZWJ sequence (`🏳️‍🌈`).
        let emoji_vs = prev == Some('\u{FE0F}');
        return !emoji_vs && base.is_none_or(|p| p.is_ascii());
    }
    if c == '\u{34F}' {
        let mark = next.is_some_and(|n| {
            matches!(
                get_general_category(n),
                G::NonspacingMark | G::SpacingMark | G::EnclosingMark
            )
        });
        return base.is_none() || !mark;
    }
    if is_tag(c) {
        return false; // checked as a sequence in `check_output`
    }
    matches!(
        get_general_category(c),
        G::Control | G::Format | G::PrivateUse | G::Unassigned
    )
}

/// Tag characters only as a subdivision flag: U+1F3F4, 3–6 tags, CANCEL TAG.
fn check_tags(input: &str, out: &str) {
    let chars: Vec<char> = out.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_tag(chars[i]) {
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| is_tag(c)).count();
        let flag = i > 0 && chars[i - 1] == '\u{1F3F4}';
        let cancel = chars[i + run - 1] == '\u{E007F}';
        assert!(
            flag && cancel && (4..=7).contains(&run),
            "tag characters left in {out:?} (input {input:?})"
        );
        i += run;
    }
}

/// `![alt](url)` in the Python regex's sense: `!\[[^\]]*\]\([^)]+\)`.
fn has_regex_image(out: &str) -> bool {
    let b = out.as_bytes();
    (0..b.len()).any(|i| {
        if !b[i..].starts_with(b"![") {
            return false;
        }
        let Some(close) = b[i + 2..].iter().position(|&x| x == b']') else {
            return false;
        };
        let url = i + 2 + close + 1;
        b.get(url) == Some(&b'(')
            && b[url + 1..]
                .iter()
                .position(|&x| x == b')')
                .is_some_and(|k| k > 0)
    })
}

/// A role prefix at the start of a line (`Human: `).
fn has_role_prefix(out: &str) -> bool {
    out.split(['\n', '\r']).any(|line| {
        let lower = line.trim_start_matches([' ', '\t']).to_ascii_lowercase();
        ROLE_PREFIXES.iter().any(|r| {
            lower.strip_prefix(r).is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '\t']);
                rest.starts_with(':')
                    && rest[1..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ' ' || c == '\t')
            })
        })
    })
}

/// Nothing forbidden is left in `out`, the sanitized form of `input`.
pub fn check_output(input: &str, out: &str) {
    let chars: Vec<char> = out.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|k| chars[k]);
        assert!(
            !forbidden(prev, c, chars.get(i + 1).copied()),
            "U+{:04X} left in {out:?} (input {input:?})",
            c as u32
        );
    }
    check_tags(input, out);
    let lower = out.to_ascii_lowercase();
    for t in CHAT_TOKENS {
        let t = t.to_ascii_lowercase();
        assert!(!lower.contains(&t), "{t} left in {out:?} (input {input:?})");
    }
    // Active tags only: a harmless `<b>` may stay inside text that is no HTML tag
    // (`Vec<Vec<b>>`, the tag `scr<b`), so `<b>`/`</b>` are no longer checked here.
    for t in [
        "<script", "</script", "<style", "<iframe", "<img", "<svg", "<object", "<embed",
    ] {
        let found = lower.match_indices(t).any(|(i, _)| {
            let after = lower.as_bytes().get(i + t.len());
            after.is_none_or(|&x| x.is_ascii_whitespace() || x == b'>' || x == b'/')
        });
        assert!(!found, "{t} left in {out:?} (input {input:?})");
    }
    assert!(
        !lower.contains("<|im_start|>"),
        "<|im_start|> left in {out:?} (input {input:?})"
    );
    assert!(
        !has_regex_image(out),
        "image left in {out:?} (input {input:?})"
    );
    assert!(
        !has_role_prefix(out),
        "role prefix left in {out:?} (input {input:?})"
    );
}

pub fn check(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let s = Sanitizer::new(true);

    let once = s.clean_str(&input);
    check_output(&input, &once);
    let twice = s.clean_str(&once);
    assert_eq!(twice, once, "not idempotent (input {input:?})");
    assert!(matches!(twice, Cow::Borrowed(_)), "second pass copied");

    if input == "n" {
        return; // would collide with the wrapper's own key before cleaning
    }
    let mut v = json!({
        input.as_ref(): [input.as_ref(), {"nested": input.as_ref()}, 7, null],
        "n": 1.5,
    });
    s.clean_value(&mut v);
    let obj = v.as_object().expect("still an object");
    let expected_key: &str = &once;
    // `n` may collide with the cleaned key; then one of them carries a suffix.
    let (key, val) = obj
        .iter()
        .find(|(_, val)| val.is_array())
        .expect("the array value survived");
    assert!(key == expected_key || key.starts_with(expected_key));
    assert_eq!(val[0], Value::String(once.to_string()));
    assert_eq!(val[1]["nested"], Value::String(once.to_string()));
    assert_eq!(val[2], json!(7));
    assert_eq!(obj.len(), 2);

    let before = v.clone();
    s.clean_value(&mut v);
    assert_eq!(v, before, "clean_value not idempotent");
}

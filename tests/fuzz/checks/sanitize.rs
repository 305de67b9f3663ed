//! The sanitizer property check shared by the libFuzzer target (`fuzz_targets/sanitize.rs`)
//! and the stable short pass (`tests/tests/fuzz_smoke.rs`): arbitrary bytes → (lossy)
//! UTF-8 → the output sanitizer, as a string and inside JSON. Checks: no panic, nothing
//! forbidden left, cleaning is idempotent and the second pass does not copy, and keys and
//! values in a JSON wrapper come out exactly like the string.

use std::borrow::Cow;

use serde_json::{json, Value};
use unicode_general_category::{get_general_category, GeneralCategory as G};
use zscaler_mcp::sanitize::{Sanitizer, CHAT_TOKENS};

fn is_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0x180B..=0x180D | 0x180F)
}

/// What may never leave the server, stated independently of the implementation.
fn forbidden(prev: Option<char>, c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    if matches!(
        get_general_category(c),
        G::Control | G::Format | G::PrivateUse | G::Unassigned
    ) {
        return true;
    }
    if matches!(
        c as u32,
        0xA0 | 0xAD | 0x180E | 0xE0000..=0xE007F | 0xE0100..=0xE01EF
    ) {
        return true;
    }
    if is_selector(c) {
        return match prev {
            None => true,
            Some(p) => is_selector(p) || matches!(p, ' ' | '\t' | '\n' | '\r'),
        };
    }
    false
}

/// Nothing forbidden is left in `out`, the sanitized form of `input`.
pub fn check_output(input: &str, out: &str) {
    let mut prev = None;
    for c in out.chars() {
        assert!(
            !forbidden(prev, c),
            "U+{:04X} left in {out:?} (input {input:?})",
            c as u32
        );
        prev = Some(c);
    }
    for t in CHAT_TOKENS {
        assert!(!out.contains(t), "{t} left in {out:?} (input {input:?})");
    }
    let lower = out.to_ascii_lowercase();
    for t in [
        "<script>",
        "</script>",
        "<style>",
        "<b>",
        "</b>",
        "<|im_start|>",
    ] {
        assert!(!lower.contains(t), "{t} left in {out:?} (input {input:?})");
    }
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

//! Stage 5: code fences whose info string names a role.
//!
//! A run of three or more backticks or tildes followed by an info string (up to a line
//! break, a backtick or a tilde, or the end) that contains a role word from
//! [`FENCE_ROLE_WORDS`] gets the label `text`: a one-word info string is replaced
//! (```` ```system ```` → ```` ```text ````), one of several words keeps its words after the
//! label (```` ``` when the user asks ```` → ```` ```text when the user asks ````), so no text
//! is lost. An info string already labelled `text` is left alone. A CR before the line feed
//! is kept.

use memchr::{memchr2, memchr3};

use super::FENCE_ROLE_WORDS;

fn has_role_word(info: &str) -> bool {
    if info.len() < 4 {
        return false;
    }
    let lower = info.to_ascii_lowercase();
    FENCE_ROLE_WORDS.iter().any(|w| lower.contains(w))
}

/// The replacement for a suspicious info string, or `None` when it is already neutral.
fn neutral_info(info: &str) -> Option<String> {
    let trimmed = info.trim();
    let first = trimmed.split_ascii_whitespace().next().unwrap_or("");
    if first.eq_ignore_ascii_case("text") {
        return None;
    }
    let cr = if info.ends_with('\r') { "\r" } else { "" };
    if trimmed.contains(|c: char| c.is_ascii_whitespace()) {
        Some(format!("text {}", info.trim_start()))
    } else {
        Some(format!("text{cr}"))
    }
}

pub(super) fn neutralise_fences(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let n = b.len();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr2(b'`', b'~', &b[i..]) {
        let start = i + off;
        let q = b[start];
        let run_end = start + b[start..].iter().take_while(|&&x| x == q).count();
        if run_end - start < 3 {
            i = run_end;
            continue;
        }
        let info_end = memchr3(b'\n', b'`', b'~', &b[run_end..]).map_or(n, |k| run_end + k);
        if info_end == n || b[info_end] == b'\n' {
            let info = &s[run_end..info_end];
            if let Some(new) = has_role_word(info).then(|| neutral_info(info)).flatten() {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 5));
                o.push_str(&s[copied..run_end]);
                o.push_str(&new);
                copied = info_end;
            }
        }
        i = info_end;
        if i >= n {
            break;
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        assert_eq!(neutral_info("system").as_deref(), Some("text"));
        assert_eq!(neutral_info(" SYSTEM-x \r").as_deref(), Some("text\r"));
        assert_eq!(
            neutral_info(" when the user asks\r").as_deref(),
            Some("text when the user asks\r")
        );
        assert_eq!(neutral_info("text user"), None);
        assert_eq!(neutral_info("TEXT"), None);
    }
}

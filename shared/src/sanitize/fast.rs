//! The fast check: one byte scan that proves a string clean (then no stage runs and nothing
//! is copied) or hands it to the stages.

use super::invisible::{classify, Class};
use super::tokens::{bracket_token_len, chat_token_len, role_prefix_at};

/// Bytes that need a closer look: C0 controls other than tab, DEL, every non-ASCII byte,
/// line breaks (a role prefix may follow) and the ASCII characters that start markup:
/// `<` `[` `]` `` ` `` `~`.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i < 0x20 && i != 0x09)
            || i >= 0x7F
            || i == b'<' as usize
            || i == b'[' as usize
            || i == b']' as usize
            || i == b'`' as usize
            || i == b'~' as usize;
        i += 1;
    }
    t
};

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is zero.
#[inline(always)]
fn has_zero_byte(w: u64) -> bool {
    w.wrapping_sub(ONES) & !w & HIGHS != 0
}

/// Whether any byte of the word might be interesting: below 0x20 (this includes tab, which
/// the byte check then lets through), 0x7E or above (`~`, DEL, non-ASCII), or one of `<`
/// `[` `]` `` ` ``.
#[inline(always)]
fn word_may_be_interesting(w: u64) -> bool {
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    let high = (w | w.wrapping_add(ONES * 0x02)) & HIGHS;
    below_space | high != 0
        || has_zero_byte(w ^ (ONES * u64::from(b'<')))
        || has_zero_byte(w ^ (ONES * u64::from(b'[')))
        || has_zero_byte(w ^ (ONES * u64::from(b']')))
        || has_zero_byte(w ^ (ONES * u64::from(b'`')))
}

/// Index of the next interesting byte at or after `i` (or `b.len()`), eight bytes at a time.
#[inline]
fn next_interesting(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if word_may_be_interesting(w) {
            if let Some(k) = chunk.iter().position(|&x| INTERESTING[x as usize]) {
                return i + k;
            }
        }
        i += 8;
    }
    while i < b.len() && !INTERESTING[b[i] as usize] {
        i += 1;
    }
    i
}

/// True when some stage might change `s` (conservative: it may still turn out unchanged).
/// False guarantees that every stage leaves `s` as it is.
pub fn needs_work(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    if may_open_role(b) && role_prefix_at(b, 0).is_some() {
        return true;
    }
    let mut i = 0;
    loop {
        i = next_interesting(b, i);
        if i >= n {
            return false;
        }
        let step = match b[i] {
            b'\n' | b'\r' => {
                if role_prefix_at(b, i + 1).is_some() {
                    return true;
                }
                1
            }
            b'<' => {
                if angle_needs_work(&b[i..]) {
                    return true;
                }
                1
            }
            b'[' => {
                let image = i > 0 && b[i - 1] == b'!';
                if image || bracket_token_len(&b[i..]).is_some() {
                    return true;
                }
                1
            }
            b']' => {
                if b.get(i + 1) == Some(&b'(') {
                    return true;
                }
                1
            }
            q @ (b'`' | b'~') => {
                let run = b[i..].iter().take_while(|&&x| x == q).count();
                if run >= 3 {
                    return true;
                }
                run
            }
            x if x >= 0x80 => {
                let c = s[i..].chars().next().unwrap_or('\0');
                if classify(c) != Class::Keep {
                    return true;
                }
                c.len_utf8()
            }
            _ => return true, // C0 control or DEL
        };
        i += step;
    }
}

/// Whether a string may start with a role prefix: a cheap look at the first bytes (a role
/// word has four to nine letters, so its colon, or a space before it, is in bytes 4..10),
/// because the fast check of short strings is dominated by what it does once per string.
#[inline(always)]
fn may_open_role(b: &[u8]) -> bool {
    match b.first() {
        Some(b' ' | b'\t') => true,
        Some(&x) if matches!(x | 0x20, b'a' | b'd' | b'h' | b's' | b'u') => {
            let window = &b[b.len().min(4)..b.len().min(10)];
            window.iter().any(|&y| matches!(y, b':' | b' ' | b'\t'))
        }
        _ => false,
    }
}

/// `rest` starts with `<`: whether the HTML or the chat-token stage may act here.
#[inline]
fn angle_needs_work(rest: &[u8]) -> bool {
    match rest.get(1) {
        Some(&x) if x.is_ascii_alphabetic() || matches!(x, b'/' | b'!' | b'?' | b'|') => true,
        // `<<SYS>>`, `<｜…｜>`; `<` before a space or a digit is plain text.
        Some(b'<' | 0xEF) => chat_token_len(rest).is_some(),
        Some(_) => false,
        None => false,
    }
}

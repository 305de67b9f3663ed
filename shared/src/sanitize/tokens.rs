//! Stage 2: chat-template control tokens (removed) and role prefixes at the start of a line
//! (their colon becomes ` -`).

use memchr::memchr2;

use super::{CHAT_TOKENS, ROLE_PREFIXES};

const FULLWIDTH_BAR: &[u8] = "\u{FF5C}".as_bytes();
/// U+2581 LOWER ONE EIGHTH BLOCK: the word separator of SentencePiece-style token names.
const LOWER_BLOCK: &[u8] = "\u{2581}".as_bytes();

fn is_space(x: u8) -> bool {
    matches!(x, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_word_byte(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    i
}

/// Length of the chat-template token at the start of `rest` (which starts with `<` or `[`).
pub(super) fn chat_token_len(rest: &[u8]) -> Option<usize> {
    match rest.get(1) {
        Some(b'|') => chatml_len(rest),
        Some(_) if rest[0] == b'<' && rest[1..].starts_with(FULLWIDTH_BAR) => deepseek_len(rest),
        Some(_) => named_token_len(rest),
        None => None,
    }
}

/// Same as [`chat_token_len`], named for the fast check's `[` branch.
pub(super) fn bracket_token_len(rest: &[u8]) -> Option<usize> {
    chat_token_len(rest)
}

/// `<|name|>` with any case and whitespace around the name (`<| im_start |>`). With
/// whitespace the name must have two or more characters, so that `a <| b |> c` (pipeline
/// operators in F#, Elm, OCaml) stays.
fn chatml_len(rest: &[u8]) -> Option<usize> {
    let start = skip_spaces(rest, 2);
    let w = rest[start..]
        .iter()
        .take_while(|&&x| is_word_byte(x))
        .count();
    let end = skip_spaces(rest, start + w);
    let spaced = start > 2 || end > start + w;
    if w == 0 || (spaced && w < 2) || !rest[end..].starts_with(b"|>") {
        return None;
    }
    Some(end + 2)
}

/// DeepSeek's `<｜begin▁of▁sentence｜>` (fullwidth bars, U+2581 between words).
fn deepseek_len(rest: &[u8]) -> Option<usize> {
    let bar = FULLWIDTH_BAR.len();
    let start = skip_spaces(rest, 1 + bar);
    let mut w = start;
    loop {
        if w < rest.len() && is_word_byte(rest[w]) {
            w += 1;
        } else if rest[w..].starts_with(LOWER_BLOCK) {
            w += LOWER_BLOCK.len();
        } else {
            break;
        }
    }
    let end = skip_spaces(rest, w);
    let closed = rest[end..].starts_with(FULLWIDTH_BAR) && rest.get(end + bar) == Some(&b'>');
    (w > start && closed).then_some(end + bar + 1)
}

/// One of [`CHAT_TOKENS`], ASCII case-insensitive, with whitespace allowed inside the
/// brackets: `[ inst ]`, `<< /SYS >>`, `<start_of_turn >`, `</ think>`. Not right after a
/// single `<`: `a < b` is the commonest `<` in text and no tokenizer sees a tag there.
fn named_token_len(rest: &[u8]) -> Option<usize> {
    let open: &[u8] = match rest {
        [b'<', b'<', ..] => b"<<",
        [b'<', x, ..] if is_space(*x) => return None,
        [b'<', ..] => b"<",
        [b'[', ..] => b"[",
        _ => return None,
    };
    let mut i = skip_spaces(rest, open.len());
    let slash = rest.get(i) == Some(&b'/');
    if slash {
        i = skip_spaces(rest, i + 1);
    }
    let name_start = i;
    let w = rest[i..].iter().take_while(|&&x| is_word_byte(x)).count();
    if w == 0 {
        return None;
    }
    let name = &rest[name_start..name_start + w];
    i = skip_spaces(rest, name_start + w);
    let close: &[u8] = match open {
        b"<<" => b">>",
        b"<" => b">",
        _ => b"]",
    };
    if !rest[i..].starts_with(close) {
        return None;
    }
    let known = CHAT_TOKENS.iter().any(|t| {
        let t = t.as_bytes();
        let body = &t[open.len()..t.len() - close.len()];
        t.starts_with(open)
            && t.ends_with(close)
            && (body.first() == Some(&b'/')) == slash
            && body[usize::from(slash)..].eq_ignore_ascii_case(name)
    });
    known.then_some(i + close.len())
}

pub(super) fn strip_chat_tokens(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr2(b'<', b'[', &b[i..]) {
        let at = i + off;
        match chat_token_len(&b[at..]) {
            Some(len) => {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                o.push_str(&s[copied..at]);
                copied = at + len;
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// If a line starting at byte `start` opens with a role prefix (`  Human :`, then a space,
/// a line break or the end), the span from the end of the role word to after the colon.
pub(super) fn role_prefix_at(b: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut i = start;
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    let w = b[i..]
        .iter()
        .take(10)
        .take_while(|x| x.is_ascii_alphabetic())
        .count();
    let word = &b[i..i + w];
    if !ROLE_PREFIXES
        .iter()
        .any(|r| r.as_bytes().eq_ignore_ascii_case(word))
    {
        return None;
    }
    let from = i + w;
    let mut j = from;
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    if b.get(j) != Some(&b':') {
        return None;
    }
    match b.get(j + 1) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => Some((from, j + 1)),
        Some(_) => None,
    }
}

/// `Human: hi` → `Human - hi` at the start of every line (LF, CR or CRLF line breaks).
/// The word stays readable; what goes is the turn marker a model would read as a new turn.
pub(super) fn neutralise_role_prefixes(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut line = Some(0);
    while let Some(start) = line {
        if let Some((from, to)) = role_prefix_at(b, start) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
            o.push_str(&s[copied..from]);
            o.push_str(" -");
            copied = to;
        }
        line = memchr2(b'\n', b'\r', &b[start..]).map(|k| start + k + 1);
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

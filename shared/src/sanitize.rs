//! Output sanitizer (security layer 5): every string leaving the server — text content,
//! `structuredContent`, error messages — goes through [`Sanitizer::clean_str`] or
//! [`Sanitizer::clean_value`].
//!
//! Stages, per string (see `python-server-compat.md` §1e for the Python server this follows):
//!
//! 1. **Invisible and control characters.** BiDi controls, zero-width characters, the soft
//!    hyphen, Unicode tag characters and every character of general category Cc, Cf, Co or Cn
//!    (except tab, LF and CR) are removed; U+00A0 becomes a space. Variation selectors: the
//!    supplementary ones (U+E0100–E01EF) are always removed; of U+FE00–FE0F (and the Mongolian
//!    free variation selectors U+180B–180D, U+180F) only one selector directly after a base
//!    character is kept, so `❤️` survives but a run of selectors (a byte-smuggling channel)
//!    does not. General categories come from `unicode-general-category`, which implements
//!    Unicode 16.0 ([`UNICODE_VERSION`]); a code point assigned in a later Unicode version is
//!    `Cn` to it and is removed.
//! 2. **Chat-template control tokens** (`<|im_start|>`, `[INST]`, `<<SYS>>`, `<start_of_turn>`,
//!    any `<|word|>` …) are removed. They belong to the third stage in the design, but run
//!    before the HTML stage so that the HTML tokenizer does not first eat `<SYS>` out of
//!    `<<SYS>>` and leave a stray `<>` behind. Removal (rather than escaping or inserting a
//!    zero-width break) is the choice because an escaped token is still a token to a model
//!    that reads text, and invisible breakers are exactly what stage 1 removes.
//! 3. **HTML and Markdown active content.** Tags, comments, doctypes and processing
//!    instructions are removed and their text kept; `<script>`, `<style>`, `<iframe>`,
//!    `<noscript>`, `<xmp>`, `<noembed>`, `<noframes>` (raw-text elements) and `<template>`,
//!    `<object>`, `<applet>` are removed with their content. The HTML is tokenized by
//!    `html5gum` (a WHATWG tokenizer that passes the html5lib tokenizer tests) with an emitter
//!    that only records the byte spans of markup; everything outside those spans is copied
//!    from the input byte for byte, so `&`, `&amp;`, `<` in `a < b` and `\r\n` are never
//!    touched. (html5ever's tokenizer decodes entities and normalizes newlines in what it
//!    emits, and lol_html cannot see stray end tags and costs microseconds per call; html5gum
//!    reports positions and was the fastest of the three on tag-dense text.) An unterminated
//!    tag at the very end of a string (`x<y and z`) is kept as text, as bleach does, unless a
//!    `>` follows it (then it is removed to the end). Markdown images `![alt](url)` become
//!    `alt` (or `[image]`), links `[label](url)` become `label (url)`, with the Python
//!    server's regex semantics.
//! 4. **Code fences** (a run of three or more backticks or tildes) whose info string contains,
//!    case-insensitively, a role word (`system`, `user`, `assistant`, `tool`, `function`,
//!    `developer`, `ignore`, `override`, `instruction`, `prompt`, `role`) get the info string
//!    `text`; the fence and its body stay. Unlike the Python server an info string that ends
//!    the string (no newline) is rewritten too, and a CR before the newline is kept.
//!
//! One pass of the stages can expose new material (`<<b>b>` → `<b>`, a selector meeting
//! another once a tag between them is gone), so the pass is repeated until nothing changes:
//! the result is always a fixed point, `clean(clean(x)) == clean(x)`. Inputs that are still
//! changing after [`MAX_ROUNDS`] passes can only be crafted nesting; they additionally lose
//! every `<`, `>`, `[`, `]`, `` ` `` and `~`, which is a fixed point by construction.
//!
//! Speed: a string is first checked by one byte scan ([`needs_work`], eight bytes at a time);
//! a clean string is returned as `Cow::Borrowed` and never copied, and `clean_value` leaves
//! clean strings where they are. Each stage has its own cheap trigger (the HTML tokenizer
//! runs only when `<` is followed by a letter, `/`, `!` or `?`; the Markdown rewrite only
//! when `](` occurs). No regex anywhere.
//!
//! Where we differ from the Python server on purpose: object keys are sanitized too; `&`,
//! `<`, `>` are not HTML-escaped; newlines are not normalized; `<script>` content is removed
//! (bleach kept it); chat-template tokens are removed; variation-selector runs are closed;
//! there is no depth limit (deep values are sanitized, iteratively).

use std::borrow::Cow;
use std::collections::HashSet;

use html5gum::{Emitter, Error as HtmlError, State, Tokenizer};
use memchr::{memchr, memchr2, memchr3, memmem, memrchr};
use serde_json::{Map, Value};
use unicode_general_category::{get_general_category, GeneralCategory};

/// The Unicode version of the general-category data (and so of what counts as unassigned).
pub const UNICODE_VERSION: (u64, u64, u64) = unicode_general_category::UNICODE_VERSION;

/// Passes of all stages before the last-resort fallback (see the module docs).
pub const MAX_ROUNDS: usize = 16;

/// Words that make a code-fence info string suspicious (substring, ASCII case-insensitive).
pub const FENCE_ROLE_WORDS: [&str; 11] = [
    "system",
    "user",
    "assistant",
    "tool",
    "function",
    "developer",
    "ignore",
    "override",
    "instruction",
    "prompt",
    "role",
];

/// Chat-template tokens removed literally (besides the generic `<|word|>` / `<｜word｜>` form,
/// which covers `<|im_start|>`, `<|eot_id|>`, `<|start_header_id|>` and the like).
pub const CHAT_TOKENS: [&str; 6] = [
    "<<SYS>>",
    "<</SYS>>",
    "<start_of_turn>",
    "<end_of_turn>",
    "[INST]",
    "[/INST]",
];

/// Elements removed together with everything inside them.
const RAW_TEXT_SCRIPT: &[u8] = b"script";
const RAW_TEXT: [&[u8]; 6] = [
    b"style",
    b"iframe",
    b"noscript",
    b"xmp",
    b"noembed",
    b"noframes",
];
const HIDDEN_CONTAINERS: [&[u8]; 3] = [b"template", b"object", b"applet"];

/// The output sanitizer. Built once per process; all methods take `&self`.
#[derive(Clone, Copy, Debug)]
pub struct Sanitizer {
    enabled: bool,
}

impl Default for Sanitizer {
    /// Sanitization is on by default.
    fn default() -> Self {
        Sanitizer::new(true)
    }
}

impl Sanitizer {
    /// `enabled = false` passes everything through unchanged.
    pub fn new(enabled: bool) -> Sanitizer {
        Sanitizer { enabled }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Sanitize one string. Returns `Cow::Borrowed` when nothing needed changing.
    pub fn clean_str<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if !self.enabled || !needs_work(s) {
            return Cow::Borrowed(s);
        }
        let mut cur = Cow::Borrowed(s);
        for _ in 0..MAX_ROUNDS {
            match round(&cur) {
                Some(next) if next != *cur => cur = Cow::Owned(next),
                _ => return cur,
            }
        }
        Cow::Owned(last_resort(&cur))
    }

    /// Sanitize a `String` in place (no allocation when it is clean).
    pub fn clean_string(&self, s: &mut String) {
        let cleaned = self.clean_str(s);
        if let Cow::Owned(t) = cleaned {
            *s = t;
        }
    }

    /// Sanitize every string in a JSON value in place: string values and object keys, at any
    /// depth (iteratively, so depth is not limited by the stack). Non-strings are untouched.
    /// If two keys of one object become equal once cleaned, the key that was already clean
    /// keeps its name and the other gets a ` (2)`, ` (3)`… suffix, so no value is lost.
    pub fn clean_value(&self, v: &mut Value) {
        if !self.enabled {
            return;
        }
        let mut stack: Vec<&mut Value> = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::String(s) => self.clean_string(s),
                Value::Array(items) => {
                    let pushed = stack.len();
                    for item in items.iter_mut() {
                        match item {
                            Value::String(s) => self.clean_string(s),
                            Value::Array(_) | Value::Object(_) => stack.push(item),
                            _ => {}
                        }
                    }
                    // Visit nested containers in document order too: it follows the order
                    // the parser allocated them in, which is markedly kinder to the cache.
                    stack[pushed..].reverse();
                }
                Value::Object(map) => {
                    if map.keys().any(|k| needs_work(k)) {
                        self.clean_keys(map);
                    }
                    let pushed = stack.len();
                    for item in map.values_mut() {
                        match item {
                            Value::String(s) => self.clean_string(s),
                            Value::Array(_) | Value::Object(_) => stack.push(item),
                            _ => {}
                        }
                    }
                    stack[pushed..].reverse();
                }
                _ => {}
            }
        }
    }

    fn clean_keys(&self, map: &mut Map<String, Value>) {
        let cleaned: Vec<Option<String>> = map
            .keys()
            .map(|k| match self.clean_str(k) {
                Cow::Borrowed(_) => None,
                Cow::Owned(c) => Some(c),
            })
            .collect();
        if cleaned.iter().all(Option::is_none) {
            return;
        }
        // Keys that were already clean keep their names.
        let mut taken: HashSet<String> = map
            .keys()
            .zip(&cleaned)
            .filter(|(_, c)| c.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        let old = std::mem::take(map);
        for ((key, value), new_key) in old.into_iter().zip(cleaned) {
            let key = match new_key {
                None => key,
                Some(candidate) => {
                    let mut unique = candidate.clone();
                    let mut n = 2;
                    while taken.contains(&unique) {
                        unique = format!("{candidate} ({n})");
                        n += 1;
                    }
                    taken.insert(unique.clone());
                    unique
                }
            };
            map.insert(key, value);
        }
    }
}

/// One pass of every stage; `None` when no stage changed anything.
fn round(s: &str) -> Option<String> {
    let mut cur = Cow::Borrowed(s);
    for stage in [
        strip_invisible as fn(&str) -> Option<String>,
        strip_chat_tokens,
        strip_html,
        rewrite_markdown,
        neutralise_fences,
    ] {
        if let Some(next) = stage(&cur) {
            cur = Cow::Owned(next);
        }
    }
    match cur {
        Cow::Borrowed(_) => None,
        Cow::Owned(t) => Some(t),
    }
}

/// Only for input still changing after `MAX_ROUNDS` passes (crafted nesting): drop every
/// character any later stage keys on, then the invisible-character stage, which is
/// idempotent and cannot bring any of them back. The result is a fixed point of `round`.
fn last_resort(s: &str) -> String {
    let stripped: String = s
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '[' | ']' | '`' | '~'))
        .collect();
    strip_invisible(&stripped).unwrap_or(stripped)
}

// ---------------------------------------------------------------------------------------
// Fast check
// ---------------------------------------------------------------------------------------

/// Bytes that need a closer look: C0 controls other than tab/LF/CR, DEL, every non-ASCII
/// byte, and the ASCII characters that start markup: `<` `[` `]` `` ` `` `~`.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i < 0x20 && i != 0x09 && i != 0x0A && i != 0x0D)
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

const FULLWIDTH_BAR: &str = "\u{FF5C}";

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is zero.
#[inline(always)]
fn has_zero_byte(w: u64) -> bool {
    w.wrapping_sub(ONES) & !w & HIGHS != 0
}

/// Whether any byte of the word might be interesting: below 0x20 (this includes tab, LF
/// and CR, which the byte check then lets through), 0x7E or above (`~`, DEL, non-ASCII),
/// or one of `<` `[` `]` `` ` ``.
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
    let mut i = 0;
    loop {
        i = next_interesting(b, i);
        if i >= n {
            return false;
        }
        match b[i] {
            b'<' => {
                match b.get(i + 1) {
                    Some(&x)
                        if x.is_ascii_alphabetic() || matches!(x, b'/' | b'!' | b'?' | b'|') =>
                    {
                        return true
                    }
                    Some(b'<')
                        if b[i..].starts_with(b"<<SYS>>") || b[i..].starts_with(b"<</SYS>>") =>
                    {
                        return true
                    }
                    Some(0xEF) if b[i + 1..].starts_with(FULLWIDTH_BAR.as_bytes()) => return true,
                    _ => {}
                }
                i += 1;
            }
            b'[' => {
                if b[i..].starts_with(b"[INST]") || b[i..].starts_with(b"[/INST]") {
                    return true;
                }
                i += 1;
            }
            b']' => {
                if b.get(i + 1) == Some(&b'(') {
                    return true;
                }
                i += 1;
            }
            q @ (b'`' | b'~') => {
                let run = b[i..].iter().take_while(|&&x| x == q).count();
                if run >= 3 {
                    return true;
                }
                i += run;
            }
            x if x >= 0x80 => {
                let c = s[i..].chars().next().unwrap_or('\0');
                match classify(c) {
                    Class::Keep => {}
                    Class::Selector => {
                        if !can_carry_selector(s[..i].chars().next_back()) {
                            return true;
                        }
                    }
                    Class::Drop | Class::Space => return true,
                }
                i += c.len_utf8();
            }
            _ => return true, // C0 control or DEL
        }
    }
}

// ---------------------------------------------------------------------------------------
// Stage 1: invisible and control characters
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Keep,
    Drop,
    /// U+00A0 → U+0020.
    Space,
    /// A variation selector that may stay if it directly follows a base character.
    Selector,
}

fn is_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0x180B..=0x180D | 0x180F)
}

/// Whether a variation selector may follow `prev` (the previous character kept).
fn can_carry_selector(prev: Option<char>) -> bool {
    match prev {
        None => false,
        Some(p) => !is_selector(p) && !matches!(p, ' ' | '\t' | '\n' | '\r'),
    }
}

fn classify(c: char) -> Class {
    match c as u32 {
        0x09 | 0x0A | 0x0D => Class::Keep,
        0x00..=0x1F | 0x7F => Class::Drop,
        0x20..=0x7E => Class::Keep,
        0xA0 => Class::Space,
        0xFE00..=0xFE0F | 0x180B..=0x180D | 0x180F => Class::Selector,
        // Tag characters and supplementary variation selectors (always a smuggling channel).
        0xE0000..=0xE007F | 0xE0100..=0xE01EF => Class::Drop,
        // Listed explicitly (all Cf today, but the list must not depend on the tables).
        0x00AD
        | 0x061C
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x2069
        | 0xFEFF => Class::Drop,
        _ => match get_general_category(c) {
            GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned => Class::Drop,
            _ => Class::Keep,
        },
    }
}

/// Bytes stage 1 always keeps without looking further: printable ASCII, tab, LF, CR.
#[inline(always)]
fn is_plain_ascii(x: u8) -> bool {
    (0x20..0x7F).contains(&x) || x == b'\t' || x == b'\n' || x == b'\r'
}

/// Index of the first byte at or after `i` that is not plain ASCII (or `b.len()`).
#[inline]
fn next_non_plain(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let high = (w | w.wrapping_add(ONES)) & HIGHS; // 0x7F or above
        if below_space | high != 0 {
            if let Some(k) = chunk.iter().position(|&x| !is_plain_ascii(x)) {
                return i + k;
            }
        }
        i += 8;
    }
    while i < b.len() && is_plain_ascii(b[i]) {
        i += 1;
    }
    i
}

fn strip_invisible(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = next_non_plain(b, 0);
    if i >= n {
        return None;
    }
    let mut out: Option<String> = None;
    // s[copied..i] is kept and not yet copied to `out`.
    let mut copied = 0;
    // The last character kept (a variation selector may only follow a base character).
    let mut prev: Option<char> = s[..i].chars().next_back();
    while i < n {
        let c = s[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        let class = match classify(c) {
            Class::Selector if can_carry_selector(prev) => Class::Keep,
            Class::Selector => Class::Drop,
            other => other,
        };
        match class {
            Class::Keep | Class::Selector => prev = Some(c),
            Class::Drop | Class::Space => {
                let o = out.get_or_insert_with(|| String::with_capacity(n));
                o.push_str(&s[copied..i]);
                copied = i + len;
                if class == Class::Space {
                    o.push(' ');
                    prev = Some(' ');
                }
            }
        }
        i += len;
        let next = next_non_plain(b, i);
        if next > i {
            prev = Some(char::from(b[next - 1]));
            i = next;
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

// ---------------------------------------------------------------------------------------
// Stage 2: chat-template control tokens
// ---------------------------------------------------------------------------------------

fn is_token_word_byte(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

/// Length of the chat-template token at the start of `rest`, if there is one.
fn chat_token_len(rest: &[u8]) -> Option<usize> {
    if let Some(t) = CHAT_TOKENS.iter().find(|t| rest.starts_with(t.as_bytes())) {
        return Some(t.len());
    }
    // Generic `<|word|>`.
    if let Some(inner) = rest.strip_prefix(b"<|") {
        let w = inner.iter().take_while(|&&x| is_token_word_byte(x)).count();
        if w > 0 && inner[w..].starts_with(b"|>") {
            return Some(2 + w + 2);
        }
        return None;
    }
    // DeepSeek style `<｜begin▁of▁sentence｜>` (fullwidth bars, U+2581 as separator).
    let bar = FULLWIDTH_BAR.as_bytes();
    if rest.first() == Some(&b'<') && rest[1..].starts_with(bar) {
        let inner = &rest[1 + bar.len()..];
        let sep = "\u{2581}".as_bytes();
        let mut w = 0;
        loop {
            if w < inner.len() && is_token_word_byte(inner[w]) {
                w += 1;
            } else if inner[w..].starts_with(sep) {
                w += sep.len();
            } else {
                break;
            }
        }
        let after = &inner[w..];
        if w > 0 && after.starts_with(bar) && after[bar.len()..].first() == Some(&b'>') {
            return Some(1 + bar.len() + w + bar.len() + 1);
        }
    }
    None
}

fn strip_chat_tokens(s: &str) -> Option<String> {
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

// ---------------------------------------------------------------------------------------
// Stage 3a: HTML
// ---------------------------------------------------------------------------------------

fn has_tag_start(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let at = i + off;
        if let Some(&x) = b.get(at + 1) {
            if x.is_ascii_alphabetic() || matches!(x, b'/' | b'!' | b'?') {
                return true;
            }
        }
        i = at + 1;
    }
    false
}

/// What the emitter records: the byte spans of markup, nothing else.
#[derive(Default)]
struct MarkupSpans {
    /// Bytes the tokenizer has consumed.
    pos: usize,
    /// Where the current `<…` began.
    tag_start: usize,
    is_end_tag: bool,
    /// A tag was started and not yet emitted (at the end: the string ends inside a tag).
    tag_open: bool,
    name: Vec<u8>,
    last_start_tag: Vec<u8>,
    /// `[start, end)` spans to remove; may nest or overlap.
    remove: Vec<(usize, usize)>,
    /// Inside a raw-text element (script, style, …) that started here.
    raw_from: Option<usize>,
    /// Inside a hidden container (template, object, applet) that started here.
    hidden_from: Option<usize>,
    hidden_name: Vec<u8>,
    hidden_depth: usize,
}

impl MarkupSpans {
    /// Tokenizer state to switch to after the start tag just emitted, if it opens a
    /// raw-text element.
    fn raw_text_state(&self) -> Option<State> {
        if self.name == RAW_TEXT_SCRIPT {
            Some(State::ScriptData)
        } else if RAW_TEXT.contains(&self.name.as_slice()) {
            Some(State::RawText)
        } else {
            None
        }
    }

    fn tag_done(&mut self) -> Option<State> {
        self.tag_open = false;
        let span = (self.tag_start, self.pos);
        if !self.is_end_tag {
            self.last_start_tag.clear();
            self.last_start_tag.extend_from_slice(&self.name);
        }
        if let Some(from) = self.raw_from {
            // In a raw-text state the tokenizer only emits the appropriate end tag.
            self.raw_from = None;
            self.remove.push((from, self.pos));
            return None;
        }
        if let Some(from) = self.hidden_from {
            if self.name == self.hidden_name {
                if self.is_end_tag {
                    self.hidden_depth -= 1;
                } else {
                    self.hidden_depth += 1;
                }
                if self.hidden_depth == 0 {
                    self.hidden_from = None;
                    self.remove.push((from, self.pos));
                }
            }
        } else {
            self.remove.push(span);
            if !self.is_end_tag && HIDDEN_CONTAINERS.contains(&self.name.as_slice()) {
                self.hidden_from = Some(span.0);
                self.hidden_name.clear();
                self.hidden_name.extend_from_slice(&self.name);
                self.hidden_depth = 1;
                return None;
            }
        }
        if self.is_end_tag {
            return None;
        }
        let state = self.raw_text_state();
        if state.is_some() {
            self.raw_from = Some(span.0);
        }
        state
    }
}

/// `html5gum` takes its emitter by value; this lets us keep the spans afterwards.
struct SpanEmitter<'a>(&'a mut MarkupSpans);

impl Emitter for SpanEmitter<'_> {
    type Token = std::convert::Infallible;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.0.last_start_tag.clear();
        self.0
            .last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }
    fn emit_eof(&mut self) {}
    fn emit_error(&mut self, _error: HtmlError) {}
    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
    fn pop_token(&mut self) -> Option<Self::Token> {
        None
    }
    fn emit_string(&mut self, _c: &[u8]) {}
    fn init_start_tag(&mut self) {
        self.0.tag_open = true;
        self.0.is_end_tag = false;
        self.0.name.clear();
    }
    fn init_end_tag(&mut self) {
        self.0.tag_open = true;
        self.0.is_end_tag = true;
        self.0.name.clear();
    }
    fn init_comment(&mut self) {}
    fn emit_current_tag(&mut self) -> Option<State> {
        self.0.tag_done()
    }
    fn emit_current_comment(&mut self) {
        if self.0.raw_from.is_none() && self.0.hidden_from.is_none() {
            self.0.remove.push((self.0.tag_start, self.0.pos));
        }
    }
    fn emit_current_doctype(&mut self) {
        if self.0.raw_from.is_none() && self.0.hidden_from.is_none() {
            self.0.remove.push((self.0.tag_start, self.0.pos));
        }
    }
    fn set_self_closing(&mut self) {}
    fn set_force_quirks(&mut self) {}
    fn push_tag_name(&mut self, s: &[u8]) {
        self.0.name.extend_from_slice(s);
    }
    fn push_comment(&mut self, _s: &[u8]) {}
    fn push_doctype_name(&mut self, _s: &[u8]) {}
    fn init_doctype(&mut self) {}
    fn init_attribute(&mut self) {}
    fn push_attribute_name(&mut self, _s: &[u8]) {}
    fn push_attribute_value(&mut self, _s: &[u8]) {}
    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}
    fn start_open_tag(&mut self) {
        self.0.tag_start = self.0.pos.saturating_sub(1);
    }
    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.0.is_end_tag
            && !self.0.last_start_tag.is_empty()
            && self.0.name == self.0.last_start_tag
    }
    #[inline]
    fn move_position(&mut self, offset: isize) {
        self.0.pos = self.0.pos.saturating_add_signed(offset);
    }
}

fn strip_html(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if !has_tag_start(b) {
        return None;
    }
    let mut spans = MarkupSpans::default();
    // Reading a &str cannot fail.
    let _ = Tokenizer::new_with_emitter(s, SpanEmitter(&mut spans)).finish();
    let len = b.len();
    // An element that never closed runs to the end of the string.
    for from in [spans.raw_from, spans.hidden_from].into_iter().flatten() {
        spans.remove.push((from, len));
    }
    // The string ends inside a tag (`x<y and z`): a browser would drop it, but it cannot be
    // active, so it stays as text, as bleach does. Not if a `>` follows, though: then the
    // tag swallowed complete markup (`<b title="</b><script>…`), which must not come out.
    if spans.tag_open
        && spans.raw_from.is_none()
        && spans.hidden_from.is_none()
        && memchr(b'>', &b[spans.tag_start..]).is_some()
    {
        spans.remove.push((spans.tag_start, len));
    }
    if spans.remove.is_empty() {
        return None;
    }
    spans.remove.sort_unstable();
    // Every span must start at `<` and end after `>` (or at the end): anything else would
    // be a tokenizer position bug, and then we fall back to breaking every tag instead.
    let sane = spans
        .remove
        .iter()
        .all(|&(a, e)| a < e && e <= len && b[a] == b'<' && (e == len || b[e - 1] == b'>'));
    if !sane {
        return Some(s.replace(['<', '>'], ""));
    }
    let mut out = String::with_capacity(len);
    let mut cur = 0;
    for (a, e) in spans.remove {
        if a > cur {
            out.push_str(&s[cur..a]);
        }
        cur = cur.max(e);
    }
    if cur < len {
        out.push_str(&s[cur..]);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Stage 3b: Markdown images and links
// ---------------------------------------------------------------------------------------

/// Python: `re.sub(r"!\[([^\]]*)\]\([^)]+\)", alt or "[image]")`, then
/// `re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)")`.
fn rewrite_markdown(s: &str) -> Option<String> {
    memmem::find(s.as_bytes(), b"](")?;
    let images = rewrite_bracketed(s, true);
    let links = rewrite_bracketed(images.as_deref().unwrap_or(s), false);
    links.or(images)
}

/// One regex-equivalent left-to-right pass, for images (`![alt](url)`) or links.
fn rewrite_bracketed(s: &str, image: bool) -> Option<String> {
    let b = s.as_bytes();
    let finder = memmem::Finder::new(b"](");
    let mut out: Option<String> = None;
    let mut copied = 0; // also where the next match may start (end of the previous one)
    let mut search = 0;
    let mut close: Option<usize> = None; // cached position of a `)`
    while let Some(off) = finder.find(&b[search..]) {
        let p = search + off; // the `]` of `](`
        search = p + 1;
        // The label cannot contain `]`: it starts after the last `]` before `p`.
        let floor = match memrchr(b']', &b[copied..p]) {
            Some(k) => copied + k + 1,
            None => copied,
        };
        // The url: one or more characters other than `)`, then `)`.
        let url_start = p + 2;
        let e = match close {
            Some(c) if c >= url_start => c,
            _ => match memchr(b')', &b[url_start..]) {
                Some(k) => url_start + k,
                None => break, // no `)` anywhere after: no later match either
            },
        };
        close = Some(e);
        if e == url_start {
            continue;
        }
        // Leftmost opening bracket in [floor, p).
        let q = if image {
            // `![` with the `[` before p (empty alt allowed).
            let mut at = None;
            let mut from = floor;
            while let Some(k) = memchr(b'!', &b[from..p]) {
                let x = from + k;
                if x + 1 < p && b[x + 1] == b'[' {
                    at = Some(x);
                    break;
                }
                from = x + 1;
            }
            at
        } else {
            // `[` with a non-empty label.
            memchr(b'[', &b[floor..p])
                .map(|k| floor + k)
                .filter(|&x| x + 1 < p)
        };
        let Some(q) = q else { continue };
        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
        o.push_str(&s[copied..q]);
        if image {
            let alt = &s[q + 2..p];
            o.push_str(if alt.is_empty() { "[image]" } else { alt });
        } else {
            o.push_str(&s[q + 1..p]);
            o.push_str(" (");
            o.push_str(&s[url_start..e]);
            o.push(')');
        }
        copied = e + 1;
        search = e + 1;
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

// ---------------------------------------------------------------------------------------
// Stage 4: code fences labelled with role words
// ---------------------------------------------------------------------------------------

fn has_role_word(info: &str) -> bool {
    if info.len() < 4 {
        return false;
    }
    let lower = info.to_ascii_lowercase();
    FENCE_ROLE_WORDS.iter().any(|w| lower.contains(w))
}

/// Python: `(?P<fence>`{3,}|~{3,})(?P<info>[^\n`~]*)\n` → `<fence>text\n` when the info
/// string contains a role word.
fn neutralise_fences(s: &str) -> Option<String> {
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
            if has_role_word(info) {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                o.push_str(&s[copied..run_end]);
                o.push_str("text");
                if info.ends_with('\r') {
                    o.push('\r');
                }
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
    fn markup_spans_keep_text_bytes() {
        let s = "a &amp; b\r\n<b\r\nclass=x>c</b\r> & <i>d</i>";
        assert_eq!(strip_html(s).unwrap(), "a &amp; b\r\nc & d");
    }

    /// The fast check may only say "clean" when no stage would change anything.
    #[test]
    fn fast_check_never_skips_work() {
        let pieces = [
            "a", " ", "\t", "\n", "\r", "<", ">", "/", "!", "?", "|", "[", "]", "(", ")", "`", "~",
            "b", "SYS", "INST", "x_y", "\u{fe0f}", "\u{a0}", "\u{200b}", "\u{1}", "\u{7f}", "é",
            "漢", "😀", "\u{ff5c}", "\u{2581}", "\u{378}", "system",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..50_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            if !needs_work(&s) {
                assert_eq!(round(&s), None, "fast check skipped {s:?}");
            }
        }
        for pos in 0..40 {
            for dirty in [
                "\u{200b}", "<b>", "](", "```", "\u{1}", "\u{a0}", "<|x|>", "[INST]",
            ] {
                let s = format!("{}{dirty}{}", "a".repeat(pos), "b".repeat(pos % 9));
                assert!(needs_work(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn markdown_matches_python_regex_semantics() {
        assert_eq!(rewrite_markdown("[a [b](c)").unwrap(), "a [b (c)");
        assert_eq!(rewrite_markdown("![a![b](c) x").unwrap(), "a![b x");
        assert_eq!(rewrite_markdown("[](x)"), None);
        assert_eq!(rewrite_markdown("[a]()"), None);
        assert_eq!(rewrite_markdown("![](u)").unwrap(), "[image]");
        assert_eq!(rewrite_markdown("![](x)(y)").unwrap(), "image (y)");
    }
}

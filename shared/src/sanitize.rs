//! Output sanitizer (security layer 5): every string leaving the server — text content,
//! `structuredContent`, error messages — goes through [`Sanitizer::clean_str`] or
//! [`Sanitizer::clean_value`].
//!
//! The principle, both ways: what can act on a reader (a model or a renderer) is removed or
//! made inert; everything else — text, code, data, every script's legitimate marks — stays
//! byte for byte. Stages, per string:
//!
//! 1. **Invisible characters** (`invisible`). Removed: C0/C1 controls (except tab, LF, CR),
//!    every character of general category Cf, Co or Cn, and every Default_Ignorable_Code_Point
//!    (BiDi controls, zero-width characters, the soft hyphen, Hangul fillers U+115F, U+1160,
//!    U+3164, U+FFA0, Khmer inherent vowels, tag characters…). U+00A0 and the braille blank
//!    U+2800 become a space; U+2028 and U+2029 become `\n`. A format character stays only
//!    where it belongs to a legitimate sequence, decided from Unicode properties: ZWJ inside
//!    an emoji ZWJ sequence, ZWJ/ZWNJ in a script that shapes with them (cursive joining
//!    scripts, Brahmic scripts), CGJ before a combining mark, tag characters forming a
//!    subdivision flag after U+1F3F4, and one variation selector after a base that has
//!    variation sequences (emoji, unified ideographs, a few standardized variants). Property
//!    data: `icu_properties` (ICU4X) for the binary and enumerated properties,
//!    `unicode-general-category` ([`UNICODE_VERSION`]) for general categories.
//! 2. **Chat-template tokens and role prefixes** (`tokens`). ChatML-style `<|name|>` (any
//!    case; whitespace around the name, then a name of two or more characters, so that the
//!    pipeline operators in `a <| b |> c` stay), DeepSeek `<｜name｜>`, and the named tokens
//!    of [`CHAT_TOKENS`] — Llama `[INST]`/`<<SYS>>`, Mistral `[SYSTEM_PROMPT]`,
//!    `[TOOL_CALLS]`, `[AVAILABLE_TOOLS]`…, Gemma `<start_of_turn>`, Hermes/Qwen
//!    `<tool_call>`, `<think>` — ASCII case-insensitive, with whitespace inside the brackets
//!    (not right after a single `<`: `a < b` is text) — are removed. A role prefix at the
//!    start of a line (`Human:`, `Assistant:`, `System:`, `User:`, `Developer:`;
//!    [`ROLE_PREFIXES`]) keeps its word and loses its colon: `Human - …`; `user:pass` and
//!    `system:authenticated` (no space after the colon) stay. Removal rather than escaping,
//!    because an escaped token is still a token to a model that reads text.
//! 3. **HTML** (`html`). Tokenized by `html5gum` (a WHATWG tokenizer) with an emitter that
//!    records only byte spans, so everything else is copied byte for byte (`&amp;`, `a < b`,
//!    `\r\n`). Something is markup only when a browser would see a tag AND it is HTML: an
//!    element HTML defines (or a custom element), unless its only attributes are valueless
//!    words HTML does not define; or anything active, whatever its name: an element that
//!    loads, runs or submits (`img`, `script`, `iframe`, `svg`, form controls…), an `on…=`
//!    handler, `style=`, a `javascript:`/`vbscript:`/`data:` value, an active tag hidden
//!    inside another `<…>`. So `<b>x</b>` → `x`, but `List<String>`, `a<b and c>d`,
//!    `Vec<Option<T>>` and `<user@example.com>` are text and stay. Comments, doctypes and
//!    processing instructions are removed; `<script>`, `<style>`, `<iframe>`, `<noscript>`,
//!    `<xmp>`, `<noembed>`, `<noframes>`, `<template>`, `<object>`, `<applet>` go with their
//!    content.
//! 4. **Markdown** (`markdown`). Parsed as CommonMark by `pulldown-cmark`: every image —
//!    inline, reference (also with the definition missing: it may come from another string),
//!    inside links, nested, escaped, angle-bracket destinations, titles, over several lines —
//!    becomes its alt text (`[image]` when empty), and so does an image found inside code or
//!    raw HTML (the same text renders as an image in another context). A Python-regex pass
//!    (`![alt](url)`) follows as a net for lenient renderers. Inline links whose destination
//!    is a URL become `label (url)`, as in the Python server; `[a-z](foo|bar)` is no URL and
//!    stays.
//! 5. **Code fences** (`fences`) whose info string contains a role word
//!    ([`FENCE_ROLE_WORDS`]) get the label `text`; an info string of several words keeps
//!    its words after the label (`` ```text when the user asks ``).
//!
//! One pass of the stages can expose new material (`<<b>b>` → `<b>`), so the pass repeats
//! until nothing changes: the result is a fixed point, `clean(clean(x)) == clean(x)`. Input
//! still changing after [`MAX_ROUNDS`] passes can only be crafted nesting; it additionally
//! loses every `<`, `>`, `[`, `]`, `` ` `` and `~`, a fixed point by construction.
//!
//! Speed: one byte scan ([`needs_work`], eight bytes at a time) decides whether a string can
//! change at all; a clean string is returned as `Cow::Borrowed` and never copied. Each stage
//! has its own cheap trigger (the HTML tokenizer only when `<` meets a letter, `/`, `!` or
//! `?`; the Markdown parser only on `![` or `](`). No regex anywhere.
//!
//! Where we differ from the Python server on purpose: object keys are sanitized too; `&`,
//! `<`, `>` are not HTML-escaped; newlines are not normalized; `<script>` content is removed
//! (bleach kept it); chat-template tokens are removed; variation-selector channels are
//! closed; text that is not HTML stays; there is no depth limit (iterative traversal).

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{Map, Value};

#[path = "sanitize/fast.rs"]
mod fast;
#[path = "sanitize/fences.rs"]
mod fences;
#[path = "sanitize/html.rs"]
mod html;
#[path = "sanitize/invisible.rs"]
mod invisible;
#[path = "sanitize/markdown.rs"]
mod markdown;
#[path = "sanitize/tokens.rs"]
mod tokens;

pub use fast::needs_work;

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

/// The chat-template tokens removed besides the generic `<|name|>` / `<｜name｜>` forms, in
/// their canonical spelling. Matching is ASCII case-insensitive and allows whitespace after
/// the opening and before the closing bracket and around the `/`.
pub const CHAT_TOKENS: [&str; 22] = [
    // Llama 2
    "<<SYS>>",
    "<</SYS>>",
    "[INST]",
    "[/INST]",
    // Mistral (tekken / v3+ control tokens)
    "[SYSTEM_PROMPT]",
    "[/SYSTEM_PROMPT]",
    "[AVAILABLE_TOOLS]",
    "[/AVAILABLE_TOOLS]",
    "[TOOL_CALLS]",
    "[TOOL_RESULTS]",
    "[/TOOL_RESULTS]",
    "[TOOL_CONTENT]",
    "[THINK]",
    "[/THINK]",
    // Gemma
    "<start_of_turn>",
    "<end_of_turn>",
    // Hermes / Qwen tool calling, reasoning delimiters (DeepSeek-R1, Qwen3)
    "<tool_call>",
    "</tool_call>",
    "<tool_response>",
    "</tool_response>",
    "<think>",
    "</think>",
];

/// Role words that open a turn when they start a line followed by `:` (case-insensitive):
/// Anthropic's legacy `Human:`/`Assistant:`, and the OpenAI-style roles.
pub const ROLE_PREFIXES: [&str; 5] = ["human", "assistant", "system", "user", "developer"];

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
        invisible::strip_invisible as fn(&str) -> Option<String>,
        tokens::strip_chat_tokens,
        tokens::neutralise_role_prefixes,
        html::strip_html,
        markdown::rewrite_markdown,
        fences::neutralise_fences,
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
/// character the markup stages key on, then apply the two stages that cannot bring any of
/// them back (invisible characters, role prefixes). The result is a fixed point of `round`.
fn last_resort(s: &str) -> String {
    let stripped: String = s
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '[' | ']' | '`' | '~'))
        .collect();
    let visible = invisible::strip_invisible(&stripped).unwrap_or(stripped);
    tokens::neutralise_role_prefixes(&visible).unwrap_or(visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of the generated strings: every byte class the fast check looks at.
    const PIECES: &[&str] = &[
        "a",
        " ",
        "\t",
        "\n",
        "\r",
        "<",
        ">",
        "/",
        "!",
        "?",
        "|",
        "[",
        "]",
        "(",
        ")",
        "`",
        "~",
        ":",
        "b",
        "SYS",
        "INST",
        "inst",
        "x_y",
        "im_start",
        "\u{fe0f}",
        "\u{fe00}",
        "\u{a0}",
        "\u{200b}",
        "\u{200d}",
        "\u{200c}",
        "\u{1}",
        "\u{7f}",
        "é",
        "漢",
        "😀",
        "\u{ff5c}",
        "\u{2581}",
        "\u{378}",
        "system",
        "Human",
        "user",
        "\u{2028}",
        "\u{2800}",
        "\u{3164}",
        "\u{e0067}",
        "\u{e007f}",
        "\u{1f3f4}",
        "\u{e0100}",
        "ی",
        "\u{94d}",
        "think",
    ];

    /// Each of these makes any string dirty, wherever it stands.
    const DIRTY: &[&str] = &[
        "\u{200b}",
        "<b>",
        "](",
        "![",
        "```",
        "\u{1}",
        "\u{a0}",
        "<|x|>",
        "<| im_start |>",
        "[INST]",
        "[inst]",
        "[ TOOL_CALLS ]",
        "\nHuman: x",
        "\u{2028}",
    ];

    /// The fast check may only say "clean" when no stage would change anything.
    #[test]
    fn fast_check_never_skips_work() {
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
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if !needs_work(&s) {
                assert_eq!(round(&s), None, "fast check skipped {s:?}");
            }
        }
        for pos in 0..40 {
            for dirty in DIRTY {
                let s = format!("{}{dirty}{}", "a".repeat(pos), "b".repeat(pos % 9));
                assert!(needs_work(&s), "{s:?}");
            }
        }
    }

    /// `last_resort` output is a fixed point of `round`.
    #[test]
    fn last_resort_is_a_fixed_point() {
        for s in [
            "<<b>b>x\u{200d}y",
            "[[a](b)](c) ![x](y)",
            "```system\nHuman: hi\u{2028}User: x",
            "😀\u{fe0f}\u{fe0f} 葛\u{e0100}",
        ] {
            let out = last_resort(s);
            assert_eq!(round(&out), None, "{s:?} -> {out:?}");
        }
    }
}

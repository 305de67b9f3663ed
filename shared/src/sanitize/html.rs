//! Stage 3: HTML. `html5gum` tokenizes; an emitter records the byte spans of markup and
//! nothing else, so all other bytes are copied from the input as they are.
//!
//! What is markup (removed, the text between tags kept): comments, doctypes, processing
//! instructions, and the tags a browser would see that are HTML: an element HTML defines
//! ([`KNOWN_ELEMENTS`], or a custom element name), unless its only attributes are valueless
//! words HTML does not define (`a<b and c>d` is prose; [`VALUELESS_ATTRIBUTES`], `data-*`,
//! `aria-*` are HTML). Active content is markup whatever its name: an element that loads,
//! runs or submits something ([`ACTIVE_ELEMENTS`]: `img`, `script`, `iframe`, `svg`, …), an
//! `on…=` handler, `style=`, a `javascript:`/`vbscript:`/`data:` value, or an active tag
//! hidden inside another tag (`<x title="<script>">`, `<scr<script>`). Everything else is
//! text: `List<String>`, `Vec<Option<T>>`, `<user@example.com>`, `<https://x>`.

use html5gum::{Emitter, Error as HtmlError, State, Tokenizer};
use memchr::memchr;

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

/// Element names of HTML (the WHATWG element index, its obsolete and non-conforming
/// elements, and the `svg`/`math` roots), sorted for binary search.
pub(super) const KNOWN_ELEMENTS: [&str; 147] = [
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fencedframe",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "selectedcontent",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Elements that load, run, submit or hide something, sorted for binary search: always
/// markup, whatever their attributes, and never left inside another tag's text.
pub(super) const ACTIVE_ELEMENTS: [&str; 36] = [
    "applet",
    "audio",
    "base",
    "basefont",
    "bgsound",
    "button",
    "embed",
    "fencedframe",
    "form",
    "frame",
    "frameset",
    "iframe",
    "image",
    "img",
    "input",
    "isindex",
    "keygen",
    "link",
    "math",
    "meta",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "picture",
    "plaintext",
    "portal",
    "script",
    "select",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "video",
    "xmp",
];

/// HTML attributes written without a value (the boolean attributes and a few enumerated
/// ones with an empty-string state), sorted for binary search.
pub(super) const VALUELESS_ATTRIBUTES: [&str; 44] = [
    "allowfullscreen",
    "async",
    "autofocus",
    "autoplay",
    "checked",
    "compact",
    "contenteditable",
    "controls",
    "declare",
    "default",
    "defer",
    "disabled",
    "download",
    "draggable",
    "formnovalidate",
    "hidden",
    "inert",
    "ismap",
    "itemscope",
    "loop",
    "multiple",
    "muted",
    "nohref",
    "nomodule",
    "noresize",
    "noshade",
    "novalidate",
    "nowrap",
    "open",
    "playsinline",
    "popover",
    "readonly",
    "required",
    "reversed",
    "scoped",
    "seamless",
    "selected",
    "shadowrootclonable",
    "shadowrootdelegatesfocus",
    "shadowrootserializable",
    "spellcheck",
    "translate",
    "truespeed",
    "typemustmatch",
];

/// URL schemes that make an attribute value active (compared after the browser's own
/// clean-up: leading controls and spaces dropped, tabs and line breaks removed).
const ACTIVE_SCHEMES: [&[u8]; 3] = [b"javascript:", b"vbscript:", b"data:"];

fn is_known_element(name: &[u8]) -> bool {
    KNOWN_ELEMENTS
        .binary_search_by(|e| e.as_bytes().cmp(name))
        .is_ok()
}

fn is_active_element(name: &[u8]) -> bool {
    ACTIVE_ELEMENTS
        .binary_search_by(|e| e.as_bytes().cmp(name))
        .is_ok()
}

/// A valid custom element name (`my-widget`): a lowercase letter first, a hyphen inside.
fn is_custom_element(name: &[u8]) -> bool {
    name.first().is_some_and(u8::is_ascii_lowercase)
        && name.contains(&b'-')
        && name.iter().all(|&x| {
            x.is_ascii_lowercase()
                || x.is_ascii_digit()
                || matches!(x, b'-' | b'.' | b'_')
                || x >= 0x80
        })
}

fn is_html_valueless_attribute(name: &[u8]) -> bool {
    name.starts_with(b"data-")
        || name.starts_with(b"aria-")
        || VALUELESS_ATTRIBUTES
            .binary_search_by(|a| a.as_bytes().cmp(name))
            .is_ok()
}

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

/// Whether `span` (the inside of one tag) contains `<name` or `</name` of an active
/// element: text a lenient parser, or a browser reading a fragment, would take for a tag.
fn hides_active_tag(span: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = memchr(b'<', &span[i..]) {
        let mut j = i + k + 1;
        if span.get(j) == Some(&b'/') {
            j += 1;
        }
        let w = span[j..]
            .iter()
            .take_while(|x| x.is_ascii_alphanumeric())
            .count();
        if (1..=16).contains(&w) && span[j].is_ascii_alphabetic() {
            let mut lower = [0u8; 16];
            for (d, s) in lower.iter_mut().zip(&span[j..j + w]) {
                *d = s.to_ascii_lowercase();
            }
            if is_active_element(&lower[..w]) {
                return true;
            }
        }
        i += k + 1;
    }
    false
}

/// The attribute being read.
#[derive(Default)]
struct Attribute {
    open: bool,
    name: Vec<u8>,
    has_value: bool,
    /// The value's first bytes, as a URL parser reads them.
    value: Vec<u8>,
}

/// What the emitter records: the byte spans of markup, nothing else.
struct MarkupSpans<'a> {
    src: &'a [u8],
    /// Bytes the tokenizer has consumed.
    pos: usize,
    /// Where the current `<…` began.
    tag_start: usize,
    is_end_tag: bool,
    /// A tag was started and not yet emitted (at the end: the string ends inside a tag).
    tag_open: bool,
    name: Vec<u8>,
    attr: Attribute,
    /// The current tag carries active content.
    active: bool,
    /// The current tag has a valueless attribute HTML does not define.
    foreign_attribute: bool,
    /// The current tag has an attribute with a value.
    valued_attribute: bool,
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

impl<'a> MarkupSpans<'a> {
    fn new(src: &'a [u8]) -> Self {
        MarkupSpans {
            src,
            pos: 0,
            tag_start: 0,
            is_end_tag: false,
            tag_open: false,
            name: Vec::new(),
            attr: Attribute::default(),
            active: false,
            foreign_attribute: false,
            valued_attribute: false,
            last_start_tag: Vec::new(),
            remove: Vec::new(),
            raw_from: None,
            hidden_from: None,
            hidden_name: Vec::new(),
            hidden_depth: 0,
        }
    }

    fn init_tag(&mut self, end: bool) {
        self.tag_open = true;
        self.is_end_tag = end;
        self.name.clear();
        self.attr.open = false;
        self.active = false;
        self.foreign_attribute = false;
        self.valued_attribute = false;
    }

    fn finish_attribute(&mut self) {
        let a = &mut self.attr;
        if !std::mem::take(&mut a.open) {
            return;
        }
        if a.has_value {
            self.valued_attribute = true;
            let handler = a.name.len() > 2 && a.name.starts_with(b"on");
            let scheme = ACTIVE_SCHEMES
                .iter()
                .any(|s| a.value.len() >= s.len() && a.value[..s.len()].eq_ignore_ascii_case(s));
            self.active |= handler || a.name == b"style" || scheme;
        } else if !is_html_valueless_attribute(&a.name) {
            self.foreign_attribute = true;
        }
    }

    fn push_value(&mut self, s: &[u8]) {
        for &x in s {
            if self.attr.value.len() >= 16 {
                return;
            }
            let skip =
                matches!(x, b'\t' | b'\n' | b'\r') || (self.attr.value.is_empty() && (x <= 0x20));
            if !skip {
                self.attr.value.push(x);
            }
        }
    }

    /// Whether the tag just read is markup (see the module docs). Valueless words that are
    /// no HTML attributes make a tag prose (`a<b and c>d`), unless it also has a value.
    fn is_markup(&self) -> bool {
        let name = self.name.as_slice();
        if self.active || is_active_element(name) {
            return true;
        }
        let element = is_known_element(name) || is_custom_element(name);
        let html = element && (!self.foreign_attribute || self.valued_attribute);
        let inside = self
            .src
            .get(self.tag_start + 1..self.pos)
            .unwrap_or_default();
        html || hides_active_tag(inside)
    }

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
        self.finish_attribute();
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
            self.hidden_tag_done(from);
        } else {
            if !self.is_markup() {
                return None;
            }
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
        // Raw text is raw inside a hidden container too (its content is removed anyway, but
        // the tokenizer must not find the container's end tag inside a script).
        let state = self.raw_text_state();
        if state.is_some() {
            self.raw_from = Some(span.0);
        }
        state
    }

    /// A tag inside a hidden container: only tags of the container's name count.
    fn hidden_tag_done(&mut self, from: usize) {
        if self.name != self.hidden_name {
            return;
        }
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

    fn outside_elements(&self) -> bool {
        self.raw_from.is_none() && self.hidden_from.is_none()
    }
}

/// `html5gum` takes its emitter by value; this lets us keep the spans afterwards.
struct SpanEmitter<'a, 'b>(&'a mut MarkupSpans<'b>);

impl Emitter for SpanEmitter<'_, '_> {
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
        self.0.init_tag(false);
    }
    fn init_end_tag(&mut self) {
        self.0.init_tag(true);
    }
    fn init_comment(&mut self) {}
    fn emit_current_tag(&mut self) -> Option<State> {
        self.0.tag_done()
    }
    fn emit_current_comment(&mut self) {
        if self.0.outside_elements() {
            self.0.remove.push((self.0.tag_start, self.0.pos));
        }
    }
    fn emit_current_doctype(&mut self) {
        if self.0.outside_elements() {
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
    fn init_attribute(&mut self) {
        self.0.finish_attribute();
        let a = &mut self.0.attr;
        a.open = true;
        a.name.clear();
        a.value.clear();
        a.has_value = false;
    }
    fn init_attribute_value(&mut self) {
        self.0.attr.has_value = true;
    }
    fn push_attribute_name(&mut self, s: &[u8]) {
        self.0.attr.name.extend_from_slice(s);
    }
    fn push_attribute_value(&mut self, s: &[u8]) {
        self.0.push_value(s);
    }
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

pub(super) fn strip_html(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if !has_tag_start(b) {
        return None;
    }
    let mut spans = MarkupSpans::new(b);
    // Reading a &str cannot fail.
    let _ = Tokenizer::new_with_emitter(s, SpanEmitter(&mut spans)).finish();
    let len = b.len();
    // An element that never closed runs to the end of the string.
    for from in [spans.raw_from, spans.hidden_from].into_iter().flatten() {
        spans.remove.push((from, len));
    }
    // The string ends inside a tag (`x<y and z`): a browser would drop it, but it cannot be
    // active, so it stays as text, as bleach does. Not if a `>` follows, though: then the
    // tag swallowed complete markup (`<b title="</b><script>…`), which must not come out;
    // nor if it is, or hides, the start of an active tag (`ends <script`, `x<y a='<img `).
    if spans.tag_open && spans.outside_elements() {
        let rest = &b[spans.tag_start.min(len)..];
        if memchr(b'>', rest).is_some()
            || is_active_element(&spans.name)
            || hides_active_tag(rest.get(1..).unwrap_or_default())
        {
            spans.remove.push((spans.tag_start, len));
        }
    }
    if spans.remove.is_empty() {
        return None;
    }
    let mut remove = std::mem::take(&mut spans.remove);
    remove.sort_unstable();
    // Every span must start at `<` and end after `>` (or at the end): anything else would
    // be a tokenizer position bug, and then we fall back to breaking every tag instead.
    let sane = remove
        .iter()
        .all(|&(a, e)| a < e && e <= len && b[a] == b'<' && (e == len || b[e - 1] == b'>'));
    if !sane {
        return Some(s.replace(['<', '>'], ""));
    }
    let mut out = String::with_capacity(len);
    let mut cur = 0;
    for (a, e) in remove {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(KNOWN_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(VALUELESS_ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
        assert!(ACTIVE_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(ACTIVE_ELEMENTS.iter().all(|e| KNOWN_ELEMENTS.contains(e)));
    }

    #[test]
    fn markup_spans_keep_text_bytes() {
        let s = "a &amp; b\r\n<b\r\nclass=x>c</b\r> & <i>d</i>";
        assert_eq!(strip_html(s).unwrap(), "a &amp; b\r\nc & d");
    }
}

//! Stage 4: Markdown images and links, parsed as CommonMark by `pulldown-cmark`.
//!
//! Images: every image becomes its alt text (`[image]` when it has none), whatever its form:
//! inline, reference (a full or collapsed reference is an image even when its definition is
//! missing, since the definition may arrive in another string), nested in a link or in
//! another image, with escapes or brackets in the alt text, angle-bracket destinations,
//! titles, line breaks. Code spans, code blocks and raw HTML are not images where they
//! stand, but the same text becomes one in another context (a table cell, a quote, without
//! its indentation), so their content is parsed again and its images go too. Last, the
//! Python server's regex (`!\[[^\]]*\]\([^)]+\)`) runs as a net for lenient renderers.
//!
//! Links: an inline link whose destination is a URL becomes `label (url)` (the Python
//! server's rule: the reader sees where it goes). A destination with characters no URL has
//! (`[a-z](foo|bar)`, a regex) is not a link to anywhere and stays as written.

use std::ops::Range;

use memchr::{memchr, memchr2, memmem, memrchr};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// How often literal content (code, raw HTML) inside literal content is parsed again.
const MAX_LITERAL_DEPTH: usize = 3;

/// ASCII characters a URL may contain besides letters and digits (RFC 3986).
const URL_PUNCTUATION: &[u8] = b"-._~:/?#[]@!$&'()*+,;=%";

pub(super) fn rewrite_markdown(s: &str) -> Option<String> {
    if !may_have_image_or_link(s.as_bytes()) {
        return None;
    }
    let parsed = commonmark(s, 0);
    let net = rewrite_regex_images(parsed.as_deref().unwrap_or(s));
    net.or(parsed)
}

/// Whether `b` contains `![` or `](`: every image and inline link does.
fn may_have_image_or_link(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = memchr2(b'[', b']', &b[i..]) {
        let at = i + k;
        let image = b[at] == b'[' && at > 0 && b[at - 1] == b'!';
        if image || (b[at] == b']' && b.get(at + 1) == Some(&b'(')) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Replace `s[from..to]` by `text`.
struct Edit {
    from: usize,
    to: usize,
    text: String,
}

fn commonmark(s: &str, depth: usize) -> Option<String> {
    let mut edits = collect_edits(s, depth);
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| (e.from, e.to));
    let mut out = String::with_capacity(s.len());
    let mut cur = 0;
    for e in edits {
        if e.from < cur {
            continue; // overlapping (cannot happen with the parser's nesting): keep the first
        }
        out.push_str(&s[cur..e.from]);
        out.push_str(&e.text);
        cur = e.to;
    }
    out.push_str(&s[cur..]);
    Some(out)
}

/// An image being read: its source range and its alt text so far.
struct Image {
    range: Range<usize>,
    alt: String,
    depth: usize,
}

impl Image {
    /// Takes one event inside the image; true when the image is complete.
    fn absorb(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Image { .. }) => self.depth += 1,
            Event::End(TagEnd::Image) => {
                self.depth -= 1;
                return self.depth == 0;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                self.alt.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => self.alt.push('\n'),
            _ => {}
        }
        false
    }

    fn edit(self) -> Edit {
        let text = if self.alt.is_empty() {
            "[image]".to_owned()
        } else {
            self.alt
        };
        Edit {
            from: self.range.start,
            to: self.range.end,
            text,
        }
    }
}

/// An inline link being read.
struct Link {
    range: Range<usize>,
    url_like: bool,
    /// End of the last event inside the label: where its closing `]` is.
    label_end: usize,
}

impl Link {
    /// `[label](dest "title")` → `label (dest "title")`.
    fn edits(self, s: &str, edits: &mut Vec<Edit>) {
        let b = s.as_bytes();
        let (start, end, j) = (self.range.start, self.range.end, self.label_end);
        let shaped = j > start + 1
            && b.get(j) == Some(&b']')
            && b.get(j + 1) == Some(&b'(')
            && end >= j + 3
            && b[end - 1] == b')';
        if !self.url_like || !shaped {
            return;
        }
        edits.push(Edit {
            from: start,
            to: start + 1,
            text: String::new(),
        });
        edits.push(Edit {
            from: j,
            to: end,
            text: format!(" ({})", &s[j + 2..end - 1]),
        });
    }
}

fn is_url_like(dest: &str) -> bool {
    !dest.is_empty()
        && dest.chars().all(|c| match u8::try_from(c) {
            Ok(x) if x.is_ascii() => x.is_ascii_alphanumeric() || URL_PUNCTUATION.contains(&x),
            _ => !c.is_whitespace() && !c.is_control(),
        })
}

fn collect_edits(s: &str, depth: usize) -> Vec<Edit> {
    let src = s.as_bytes();
    // A full or collapsed reference image with no definition here is still an image.
    let callback = |link: BrokenLink<'_>| {
        let image = src.get(link.span.start) == Some(&b'!');
        let shortcut = matches!(
            link.link_type,
            LinkType::Shortcut | LinkType::ShortcutUnknown
        );
        (image && !shortcut).then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(s, Options::empty(), Some(callback));
    let mut edits = Vec::new();
    let mut image: Option<Image> = None;
    let mut link: Option<Link> = None;
    let mut in_code_block = false;
    for (event, range) in parser.into_offset_iter() {
        if let Some(l) = link.as_mut() {
            if !matches!(event, Event::End(TagEnd::Link)) {
                l.label_end = l.label_end.max(range.end);
            }
        }
        if let Some(img) = image.as_mut() {
            if img.absorb(&event) {
                edits.extend(image.take().map(Image::edit));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image { link_type, .. }) => {
                let mut range = range;
                // The parser's range of a collapsed reference stops before its `[]`.
                let collapsed =
                    matches!(link_type, LinkType::Collapsed | LinkType::CollapsedUnknown);
                if collapsed && src[range.end..].starts_with(b"[]") {
                    range.end += 2;
                }
                image = Some(Image {
                    range,
                    alt: String::new(),
                    depth: 1,
                });
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => {
                let label_end = range.start + 1;
                link = Some(Link {
                    range,
                    url_like: is_url_like(&dest_url),
                    label_end,
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(l) = link.take() {
                    l.edits(s, &mut edits);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => {
                literal(s, range, depth, &mut edits);
            }
            Event::Text(_) if in_code_block => literal(s, range, depth, &mut edits),
            _ => {}
        }
    }
    edits
}

/// Images in literal content (a code span without its backticks, a code line, raw HTML),
/// parsed as a document of its own.
fn literal(s: &str, range: Range<usize>, depth: usize, edits: &mut Vec<Edit>) {
    let raw = &s.as_bytes()[range.clone()];
    if depth >= MAX_LITERAL_DEPTH || memmem::find(raw, b"![").is_none() {
        return;
    }
    let ticks_before = raw.iter().take_while(|&&x| x == b'`').count();
    let ticks_after = raw[ticks_before..]
        .iter()
        .rev()
        .take_while(|&&x| x == b'`')
        .count();
    let inner = range.start + ticks_before..range.end - ticks_after;
    let body = &s[inner.clone()];
    let from = inner.start + (body.len() - body.trim_start().len());
    if let Some(text) = commonmark(&s[from..inner.end], depth + 1) {
        edits.push(Edit {
            from,
            to: inner.end,
            text,
        });
    }
}

/// The Python server's `re.sub(r"!\[([^\]]*)\]\([^)]+\)", alt or "[image]")`, as one
/// left-to-right pass with the regex's semantics.
fn rewrite_regex_images(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let finder = memmem::Finder::new(b"](");
    let mut out: Option<String> = None;
    let mut copied = 0; // also where the next match may start (end of the previous one)
    let mut search = 0;
    let mut close: Option<usize> = None; // cached position of a `)`
    while let Some(off) = finder.find(&b[search..]) {
        let p = search + off; // the `]` of `](`
        search = p + 1;
        // The alt text cannot contain `]`: it starts after the last `]` before `p`.
        let floor = memrchr(b']', &b[copied..p]).map_or(copied, |k| copied + k + 1);
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
        let Some(q) = leftmost_image_open(b, floor, p) else {
            continue;
        };
        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
        o.push_str(&s[copied..q]);
        let alt = &s[q + 2..p];
        o.push_str(if alt.is_empty() { "[image]" } else { alt });
        copied = e + 1;
        search = e + 1;
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// The leftmost `![` in `b[floor..p]` whose `[` is before `p`.
fn leftmost_image_open(b: &[u8], floor: usize, p: usize) -> Option<usize> {
    let mut from = floor;
    while let Some(k) = memchr(b'!', &b[from..p]) {
        let x = from + k;
        if x + 1 < p && b[x + 1] == b'[' {
            return Some(x);
        }
        from = x + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_net_matches_python_semantics() {
        assert_eq!(rewrite_regex_images("![a![b](c) x").unwrap(), "a![b x");
        assert_eq!(rewrite_regex_images("![](u)").unwrap(), "[image]");
        assert_eq!(rewrite_regex_images("![](x)(y)").unwrap(), "[image](y)");
        assert_eq!(rewrite_regex_images("![x](a b)").unwrap(), "x");
        assert_eq!(rewrite_regex_images("![x]()"), None);
    }

    #[test]
    fn commonmark_images_and_links() {
        assert_eq!(rewrite_markdown("[a [b](c)").unwrap(), "[a b (c)");
        assert_eq!(rewrite_markdown("![a![b](c) x").unwrap(), "![ab x");
        assert_eq!(rewrite_markdown("[](x)"), None);
        assert_eq!(rewrite_markdown("[a]()"), None);
        assert_eq!(rewrite_markdown("![](u)").unwrap(), "[image]");
        assert_eq!(rewrite_markdown("![](x)(y)").unwrap(), "[image](y)");
        assert_eq!(rewrite_markdown("[a](x \"t\")").unwrap(), "a (x \"t\")");
    }

    #[test]
    fn url_like_destinations() {
        for ok in [
            "https://x.example/?a=1&b=2#f",
            "x",
            "/p/q",
            "mailto:a@b",
            "https://例え.jp/パス",
        ] {
            assert!(is_url_like(ok), "{ok}");
        }
        for no in [
            "", "foo|bar", "a b", "a\\b", "{x}", "a^b", "`x`", "\"q\"", "<x>",
        ] {
            assert!(!is_url_like(no), "{no}");
        }
    }
}

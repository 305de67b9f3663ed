//! Stage 1: invisible characters. Controls, format characters, private use, unassigned and
//! Default_Ignorable_Code_Point characters go; blanks that look like nothing become a space,
//! line and paragraph separators a line feed. A format character that belongs to a
//! legitimate sequence stays, decided from Unicode properties of its neighbours (the
//! previous character kept, the next visible one): see [`Class`] and `decide`.

use icu_properties::props::{
    DefaultIgnorableCodePoint, Emoji, ExtendedPictographic, GeneralCategory, GeneralCategoryGroup,
    IndicSyllabicCategory, JoiningType, Script, UnifiedIdeograph,
};
use icu_properties::{CodePointMapData, CodePointMapDataBorrowed};
use icu_properties::{CodePointSetData, CodePointSetDataBorrowed};
use unicode_general_category::{get_general_category, GeneralCategory as G};

use super::fast::{HIGHS, ONES};

const DEFAULT_IGNORABLE: CodePointSetDataBorrowed<'static> =
    CodePointSetData::new::<DefaultIgnorableCodePoint>();
const EMOJI: CodePointSetDataBorrowed<'static> = CodePointSetData::new::<Emoji>();
const EXT_PICT: CodePointSetDataBorrowed<'static> = CodePointSetData::new::<ExtendedPictographic>();
const IDEOGRAPH: CodePointSetDataBorrowed<'static> = CodePointSetData::new::<UnifiedIdeograph>();
const SCRIPT: CodePointMapDataBorrowed<'static, Script> = CodePointMapData::<Script>::new();
const JOINING: CodePointMapDataBorrowed<'static, JoiningType> =
    CodePointMapData::<JoiningType>::new();
/// General categories for the context rules (`unicode-general-category` decides what is
/// dropped, with its documented Unicode version; this is a trie, cheaper per lookup).
const CATEGORY: CodePointMapDataBorrowed<'static, GeneralCategory> =
    CodePointMapData::<GeneralCategory>::new();
const INDIC: CodePointMapDataBorrowed<'static, IndicSyllabicCategory> =
    CodePointMapData::<IndicSyllabicCategory>::new();

const ZWJ: char = '\u{200D}';
const KEYCAP: char = '\u{20E3}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    Keep,
    Drop,
    /// Becomes U+0020: U+00A0, and U+2800 (braille blank, a "letter" that shows nothing).
    Space,
    /// Becomes LF: U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
    Newline,
    /// ZWJ, ZWNJ: kept inside emoji ZWJ sequences and scripts that shape with them.
    Joiner,
    /// U+034F COMBINING GRAPHEME JOINER: kept after a letter or mark and before a mark (it
    /// blocks mark reordering in Hebrew, tells umlaut from diaeresis in German).
    GraphemeJoiner,
    /// VS1–VS256 and the Mongolian free variation selectors: one after a base that has
    /// variation sequences.
    Selector,
    /// U+E0020–E007F: kept as a subdivision flag's tag sequence after U+1F3F4.
    Tag,
}

pub(super) fn classify(c: char) -> Class {
    match c as u32 {
        0x09 | 0x0A | 0x0D => Class::Keep,
        0x00..=0x1F | 0x7F => Class::Drop,
        0x20..=0x7E => Class::Keep,
        0xA0 | 0x2800 => Class::Space,
        0x2028 | 0x2029 => Class::Newline,
        0x200C | 0x200D => Class::Joiner,
        0x034F => Class::GraphemeJoiner,
        0xFE00..=0xFE0F | 0x180B..=0x180D | 0x180F | 0xE0100..=0xE01EF => Class::Selector,
        0xE0020..=0xE007F => Class::Tag,
        // Listed explicitly (all default-ignorable today, but must not depend on the data).
        0x00AD
        | 0x061C
        | 0x115F
        | 0x1160
        | 0x180E
        | 0x200B
        | 0x200E
        | 0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x2069
        | 0x3164
        | 0xFEFF
        | 0xFFA0 => Class::Drop,
        cp if may_be_ignorable(cp) && DEFAULT_IGNORABLE.contains(c) => Class::Drop,
        _ => match get_general_category(c) {
            G::Control | G::Format | G::PrivateUse | G::Unassigned => Class::Drop,
            _ => Class::Keep,
        },
    }
}

/// Whether `cp` can be Default_Ignorable at all: a prefilter by 256-code-point page that
/// spares the set lookup for nearly all text (checked against the data by a unit test).
fn may_be_ignorable(cp: u32) -> bool {
    match cp >> 8 {
        0x00 => cp == 0xAD,
        0x03 | 0x06 | 0x11 | 0x17 | 0x18 | 0x20 | 0x31 | 0xFE | 0xFF => true,
        _ => cp >= 0x1_BC00,
    }
}

/// Whether `c` can be Extended_Pictographic at all (same kind of prefilter).
fn may_be_pictographic(c: char) -> bool {
    matches!(c as u32, 0xA9..=0xAE | 0x2000..=0x33FF | 0x1_F000..)
}

fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(CATEGORY.get(c))
}

fn is_letter_or_mark(c: char) -> bool {
    let gc = CATEGORY.get(c);
    GeneralCategoryGroup::Letter.contains(gc) || GeneralCategoryGroup::Mark.contains(gc)
}

/// The script of `c` when it is a letter or mark of a script that shapes with ZWJ/ZWNJ:
/// cursive joining scripts (Arabic, Syriac, N'Ko, Mongolian…: Joining_Type D, L, R or C)
/// and Brahmic scripts (Devanagari, Bengali, Sinhala, Khmer…: an Indic_Syllabic_Category).
fn joining_script(c: char) -> Option<Script> {
    if c.is_ascii() || !is_letter_or_mark(c) {
        return None;
    }
    let script = SCRIPT.get(c);
    if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
        return None;
    }
    let cursive = matches!(
        JOINING.get(c),
        JoiningType::DualJoining
            | JoiningType::LeftJoining
            | JoiningType::RightJoining
            | JoiningType::JoinCausing
    );
    (cursive || INDIC.get(c) != IndicSyllabicCategory::Other).then_some(script)
}

/// What has been kept so far, as far as the context rules need it.
#[derive(Default)]
struct Kept {
    /// The previous character kept.
    prev: Option<char>,
    /// The last character kept that is not a combining mark.
    base: Option<char>,
    /// The kept text ends with an emoji: an Extended_Pictographic character, optionally
    /// followed by modifiers, VS16, a keycap or tag characters.
    emoji_tail: bool,
}

impl Kept {
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.push_ascii(c);
            return;
        }
        let extends_emoji =
            matches!(c as u32, 0x1F3FB..=0x1F3FF | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F);
        let pictographic = may_be_pictographic(c) && EXT_PICT.contains(c);
        self.emoji_tail = pictographic || (extends_emoji && self.emoji_tail);
        if !is_mark(c) {
            self.base = Some(c);
        }
        self.prev = Some(c);
    }

    fn push_ascii(&mut self, c: char) {
        self.prev = Some(c);
        self.base = Some(c);
        self.emoji_tail = false;
    }
}

/// The next character (at or after byte `from`) that stage 1 keeps unconditionally, as it
/// will read: context rules look past other invisible characters, which keeps one pass
/// idempotent. Cached, since a run of droppable characters asks the same question.
struct NextVisible {
    /// `(position, char)` of the last answer: valid for any later `from <= position`.
    cache: Option<(usize, Option<char>)>,
}

impl NextVisible {
    fn get(&mut self, s: &str, from: usize) -> Option<char> {
        if let Some((pos, c)) = self.cache {
            if from <= pos {
                return c;
            }
        }
        let mut pos = from;
        let mut found = None;
        for c in s[from..].chars() {
            match classify(c) {
                Class::Keep => found = Some(c),
                Class::Space => found = Some(' '),
                Class::Newline => found = Some('\n'),
                _ => {
                    pos += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        self.cache = Some((pos, found));
        found
    }
}

/// What to do with the character(s) at the current position.
enum Action {
    Keep(usize),
    Drop(usize),
    Replace(char, usize),
}

/// Whether variation selector `vs` may follow the base `p` (`next`: the next visible
/// character). The bases are those with variation sequences in the Unicode data files:
/// emoji (emoji-variation-sequences.txt; an ASCII keycap base only with U+20E3 after it),
/// unified ideographs (the Ideographic Variation Database and the CJK compatibility
/// standardized variants), Mongolian letters (free variation selectors), and the
/// StandardizedVariants.txt families: a small table, VS1 after a non-ASCII math symbol or
/// a digit zero, VS1–VS3 after Myanmar, Phags-pa, Manichaean and Egyptian hieroglyphs.
fn selector_allowed(vs: char, p: Option<char>, next: Option<char>) -> bool {
    let Some(p) = p else { return false };
    if classify(p) != Class::Keep || p.is_ascii_whitespace() {
        return false;
    }
    match vs as u32 {
        0xFE0E | 0xFE0F => EMOJI.contains(p) && (!p.is_ascii() || next == Some(KEYCAP)),
        0xE0100..=0xE01EF => IDEOGRAPH.contains(p),
        0xFE00..=0xFE0D => {
            IDEOGRAPH.contains(p)
                || (vs == '\u{FE00}'
                    && (p == '0'
                        || (!p.is_ascii() && CATEGORY.get(p) == GeneralCategory::MathSymbol)))
                || (vs <= '\u{FE02}'
                    && matches!(
                        SCRIPT.get(p),
                        Script::Myanmar
                            | Script::PhagsPa
                            | Script::Manichaean
                            | Script::EgyptianHieroglyphs
                    ))
        }
        // Mongolian free variation selectors.
        _ => SCRIPT.get(p) == Script::Mongolian && is_letter_or_mark(p),
    }
}

/// Whether ZWJ/ZWNJ `j` belongs where it stands: inside an emoji ZWJ sequence, or after a
/// letter or mark of a script that shapes with joiners (not before a letter of another one).
fn joiner_allowed(j: char, kept: &Kept, next: Option<char>) -> bool {
    if j == ZWJ && kept.emoji_tail && next.is_some_and(|n| EXT_PICT.contains(n)) {
        return true;
    }
    let Some(p) = kept.prev.filter(|&p| classify(p) == Class::Keep) else {
        return false; // nothing, or another joiner, selector or tag
    };
    let script = joining_script(p).or_else(|| {
        // A vowel sign or harakat of the inherited script: look at the letter it sits on.
        (is_mark(p) && SCRIPT.get(p) == Script::Inherited)
            .then(|| kept.base.and_then(joining_script))
            .flatten()
    });
    let Some(script) = script else { return false };
    match next {
        Some(n) if is_letter_or_mark(n) => {
            let sn = SCRIPT.get(n);
            sn == script || sn == Script::Inherited
        }
        _ => true, // end of text, space, punctuation: a word-final joiner
    }
}

/// Length of the subdivision-flag tag sequence at the start of `rest` (UTS #51: two tag
/// letters for the region, one to four tag letters or digits, then CANCEL TAG).
fn subdivision_tags_len(rest: &str) -> Option<usize> {
    let mut len = 0;
    for (count, c) in rest.chars().enumerate() {
        let cp = c as u32;
        let letter = (0xE0061..=0xE007A).contains(&cp);
        let digit = (0xE0030..=0xE0039).contains(&cp);
        len += c.len_utf8();
        if c == CANCEL_TAG {
            return (3..=6).contains(&count).then_some(len);
        }
        if !(letter || (digit && count >= 2)) || count == 6 {
            return None;
        }
    }
    None
}

/// Length of the run of tag characters at the start of `rest`.
fn tag_run_len(rest: &str) -> usize {
    rest.chars()
        .take_while(|&c| classify(c) == Class::Tag)
        .map(char::len_utf8)
        .sum()
}

fn decide(s: &str, i: usize, c: char, kept: &Kept, next: &mut NextVisible) -> Action {
    let len = c.len_utf8();
    let keep = |ok: bool| {
        if ok {
            Action::Keep(len)
        } else {
            Action::Drop(len)
        }
    };
    match classify(c) {
        Class::Keep => Action::Keep(len),
        Class::Drop => Action::Drop(len),
        Class::Space => Action::Replace(' ', len),
        Class::Newline => Action::Replace('\n', len),
        Class::Joiner => keep(joiner_allowed(c, kept, next.get(s, i + len))),
        Class::GraphemeJoiner => keep(
            kept.prev
                .is_some_and(|p| classify(p) == Class::Keep && is_letter_or_mark(p))
                && next.get(s, i + len).is_some_and(is_mark),
        ),
        Class::Selector => keep(selector_allowed(c, kept.prev, next.get(s, i + len))),
        Class::Tag => match subdivision_tags_len(&s[i..]) {
            Some(run) if kept.prev == Some(BLACK_FLAG) => Action::Keep(run),
            _ => Action::Drop(tag_run_len(&s[i..])),
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

pub(super) fn strip_invisible(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = next_non_plain(b, 0);
    if i >= n {
        return None;
    }
    let mut out: Option<String> = None;
    // s[copied..i] is kept and not yet copied to `out`.
    let mut copied = 0;
    let mut kept = Kept::default();
    if i > 0 {
        kept.push_ascii(char::from(b[i - 1]));
    }
    let mut next = NextVisible { cache: None };
    while i < n {
        let c = s[i..].chars().next().unwrap_or(' ');
        let len = match decide(s, i, c, &kept, &mut next) {
            Action::Keep(len) => {
                s[i..i + len].chars().for_each(|k| kept.push(k));
                len
            }
            Action::Drop(len) => {
                let o = out.get_or_insert_with(|| String::with_capacity(n));
                o.push_str(&s[copied..i]);
                copied = i + len;
                len
            }
            Action::Replace(r, len) => {
                let o = out.get_or_insert_with(|| String::with_capacity(n));
                o.push_str(&s[copied..i]);
                o.push(r);
                copied = i + len;
                kept.push(r);
                len
            }
        };
        i += len;
        let plain_end = next_non_plain(b, i);
        if plain_end > i {
            kept.push_ascii(char::from(b[plain_end - 1]));
            i = plain_end;
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

    /// The prefilters may only answer "no" where the property data says no.
    #[test]
    fn prefilters_agree_with_the_data() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if DEFAULT_IGNORABLE.contains(c) {
                assert!(may_be_ignorable(c as u32), "U+{:04X}", c as u32);
            }
            if EXT_PICT.contains(c) {
                assert!(may_be_pictographic(c), "U+{:04X}", c as u32);
            }
        }
    }
}

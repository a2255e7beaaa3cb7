//! The text a question is matched against: the same question written with full-width letters,
//! half-width kana, a dash for the long-vowel mark, other punctuation or no spaces between
//! scripts reads the same after this.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// NFKC (full-width → ASCII, half-width kana → full-width), "US" in capitals as "usa", lower
/// case, dashes between katakana read as the long-vowel mark, apostrophes dropped, other
/// punctuation as spaces, a space between CJK and Latin letters or digits, runs of spaces as one.
pub fn normalize(text: &str) -> String {
    let chars = folded(&the_united_states(text));
    let mut out = String::with_capacity(text.len() + 8);
    let mut last: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let c = match c {
            c if is_dash(c) => {
                // "エスカレ―ション", "サーバ―": a dash after katakana is the long-vowel mark
                // mistyped, unless a number or Latin word follows ("ケース-42").
                let mark = before.is_some_and(is_katakana)
                    && !after.is_some_and(|a| a.is_ascii_alphanumeric());
                if mark { 'ー' } else { '-' }
            }
            '\'' | '\u{2018}' | '\u{2019}' | '`' => continue,
            // A dot inside a word or number ("u.k.", "status.adobe.com") is part of it.
            '.' if before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after.is_some_and(|a| a.is_ascii_alphanumeric()) =>
            {
                '.'
            }
            '/' | ':' | '#' | '_' | '+' => c,
            c if c.is_whitespace()
                || c.is_ascii_punctuation()
                || is_cjk_punctuation(c)
                || is_general_punctuation(c) =>
            {
                ' '
            }
            c => c,
        };
        if c == ' ' {
            if last.is_some_and(|l| l != ' ') {
                out.push(' ');
                last = Some(' ');
            }
            continue;
        }
        if let Some(l) = last {
            let boundary = (is_cjk(l) && c.is_ascii_alphanumeric())
                || (l.is_ascii_alphanumeric() && is_cjk(c));
            if boundary {
                out.push(' ');
            }
        }
        out.push(c);
        last = Some(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `text` in NFKC and lower case. Most messages are written in characters that are their own
/// NFKC (`is_plain`), with at most full-width ASCII forms (`Ａ`, `，`, `？`, `３`) that stand for
/// one ASCII character each: these are mapped one by one, without the NFKC tables, whose
/// lookups cost more than the rest of `normalize`.
fn folded(text: &str) -> Vec<char> {
    // No more characters than bytes, but for what NFKC spells out ("㈱"): sized once, where
    // collecting through these adapters would grow the vector from nothing.
    let mut chars = Vec::with_capacity(text.len());
    let simple = text
        .chars()
        .try_for_each(|c| plain_or_wide(c).map(|c| chars.push(c)));
    if simple.is_some() {
        return chars;
    }
    chars.clear();
    match unicode_normalization::is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => chars.extend(text.chars().flat_map(char::to_lowercase)),
        IsNormalized::No | IsNormalized::Maybe => {
            chars.extend(text.nfkc().flat_map(char::to_lowercase));
        }
    }
    chars
}

/// `c` in NFKC and lower case, when that is one character found without the NFKC tables: a
/// plain character (`is_plain`) in ASCII lower case, a full-width ASCII form (U+FF01 to
/// U+FF5E) as its ASCII character, the ideographic space as a space. None of them combines
/// with a neighbour, so a text of them is mapped character by character.
fn plain_or_wide(c: char) -> Option<char> {
    const WIDE_OFFSET: u32 = 0xFEE0;
    match c {
        c if is_plain(c) => Some(c.to_ascii_lowercase()),
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(u32::from(c) - WIDE_OFFSET).map(|c| c.to_ascii_lowercase())
        }
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// "US" in capitals, in a message whose Latin letters are not all capitals, as "USA": lower
/// case, "hours for us" is the asker, not the United States. A Chinese or Japanese sentence with
/// no other Latin word (USのサポート) counts as not all capitals, and its characters next to
/// "US" are no part of the word.
fn the_united_states(text: &str) -> std::borrow::Cow<'_, str> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let found = text.match_indices("US").any(|(i, _)| {
        !word(text.get(..i).and_then(|t| t.chars().next_back()))
            && !word(text.get(i + 2..).and_then(|t| t.chars().next()))
    });
    // Shouting is a word of three letters or more in capitals with no lower case anywhere; "P2"
    // or "US" alone beside CJK is not.
    let long_word = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 3);
    let all_capitals = long_word
        && text
            .chars()
            .all(|c| !c.is_ascii_alphabetic() || c.is_ascii_uppercase());
    if !found || all_capitals {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(i) = rest.find("US") {
        let (before, after) = (
            rest.get(..i).unwrap_or_default(),
            rest.get(i + 2..).unwrap_or_default(),
        );
        out.push_str(before);
        let alone = !word(out.chars().next_back()) && !word(after.chars().next());
        out.push_str(if alone { "USA" } else { "US" });
        rest = after;
    }
    out.push_str(rest);
    out.into()
}

/// ASCII, and the kana, ideographs and punctuation of most Chinese and Japanese messages: each
/// is its own NFKC, combines with nothing, and is its own lower case but for ASCII capitals. The
/// ranges leave out what NFKC changes (ゟ, ヿ, the sound marks ゛゜ and their combining forms).
fn is_plain(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{7F}'
            | '\u{3001}'..='\u{3002}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FC}'
            | '\u{4E00}'..='\u{9FFF}'
    )
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{31F0}'..='\u{31FF}')
}

/// Ellipses, quotation marks, bullets, zero-width joiners and the like ("エンタープライズ…").
fn is_general_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}')
}

/// Ideographic punctuation, brackets and the katakana middle dot; `々`, `〆`, `〇` are letters.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{303F}' | '\u{30FB}')
}

/// Han, kana or Hangul.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_kana(c) || matches!(c, '\u{AC00}'..='\u{D7AF}')
}

/// Hiragana: written only in Japanese, unlike katakana, which a Chinese sentence may borrow for
/// a name ("オンライン… 不對，線上支援").
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309F}')
}

pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

pub fn is_han(c: char) -> bool {
    matches!(
        c,
        '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FFFF}'
            | '\u{3005}'..='\u{3007}'
    )
}

#[cfg(test)]
mod tests {
    use super::{folded, is_plain, normalize, plain_or_wide};
    use proptest::prelude::*;
    use unicode_normalization::{IsNormalized, UnicodeNormalization};

    #[test]
    fn wide_forms_are_one_ascii_character_in_nfkc() {
        let wide = (0xFF01..=0xFF5E_u32)
            .chain([0x3000])
            .filter_map(char::from_u32);
        // Each becomes a plain character, which composes with no neighbour (see the test
        // below): so a text of them and of plain characters is NFKC character by character.
        for c in wide {
            let nfkc: String = c.to_string().nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(plain_or_wide(c).map(String::from), Some(nfkc), "{c:?}");
            assert!(plain_or_wide(c).is_some_and(is_plain), "{c:?}");
        }
    }

    proptest! {
        /// A text of plain characters and full-width forms, mapped one by one, folds as NFKC
        /// folds it.
        #[test]
        fn folding_plain_and_full_width_text_by_character_is_nfkc_in_lower_case(
            text in "[\\x00-\\x7F\u{3001}-\u{3002}\u{3041}-\u{3096}\u{30A1}-\u{30FC}\u{4E00}-\u{9FFF}\u{3000}\u{FF01}-\u{FF5E}]{0,24}"
        ) {
            let reference: Vec<char> = text.nfkc().flat_map(char::to_lowercase).collect();
            prop_assert_eq!(folded(&text), reference);
        }

        /// With characters NFKC changes or combines among them (half-width kana and their
        /// sound marks, a combining accent, ligatures, circled digits), a text still folds as
        /// NFKC folds it: the one-by-one mapping is left for the tables.
        #[test]
        fn folding_by_character_is_nfkc_in_lower_case(
            text in "[a-zA-Z0-9 ?,.:/ぁ-ゖァ-ヺー一-龥\u{3000}-\u{3002}\u{FF01}-\u{FF5E}\u{FF61}-\u{FF9F}\u{0301}\u{3099}\u{FB01}\u{2460}]{0,24}"
        ) {
            let reference: Vec<char> = text.nfkc().flat_map(char::to_lowercase).collect();
            prop_assert_eq!(folded(&text), reference);
        }
    }

    #[test]
    fn plain_characters_are_their_own_nfkc_and_lower_case() {
        let plain = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| is_plain(c));
        for c in plain {
            let alone = c.to_string();
            assert_eq!(
                unicode_normalization::is_nfkc_quick(alone.chars()),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(alone.nfkc().collect::<String>(), alone, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
            let lower: String = c.to_lowercase().collect();
            assert_eq!(lower, c.to_ascii_lowercase().to_string(), "{c:?}");
        }
    }

    #[test]
    fn variants_read_the_same() {
        let cases = [
            ("Ｐ３", "p3"),
            ("ＣＡＳＥ－００００４２", "case-000042"),
            ("エスカレ―ション", "エスカレーション"),
            ("エスカレ‐ション", "エスカレーション"),
            ("エスカレ－ション", "エスカレーション"),
            ("ｴｽｶﾚｰｼｮﾝ", "エスカレーション"),
            ("P1の応答時間は？", "p1 の応答時間は"),
            ("業務支援P2在歐洲的期限", "業務支援 p2 在歐洲的期限"),
            ("elite跟business差在哪", "elite 跟 business 差在哪"),
            ("What's  the SLA?!", "whats the sla"),
            ("U.K. hours", "u.k hours"),
            ("ケース-42", "ケース-42"),
            ("マネージャーは", "マネージャーは"),
            ("サーバ―が", "サーバーが"),
            ("2026-12-04 16:00", "2026-12-04 16:00"),
            ("Asia/Tokyo", "asia/tokyo"),
            ("「本番」が、止まった。", "本番 が 止まった"),
            ("online p4 US, opened now", "online p4 usa opened now"),
            ("hours for us in Sydney?", "hours for us in sydney"),
            ("USD or US-based?", "usd or usa-based"),
            ("USのサポート", "usa のサポート"),
            (
                "WHEN DO YOU OPEN FOR US IN 東京",
                "when do you open for us in 東京",
            ),
            ("WHAT ARE YOUR US HOURS", "what are your us hours"),
            ("エンタープライズ…不是", "エンタープライズ 不是"),
            ("“Elite” • P1", "elite p1"),
        ];
        for (text, want) in cases {
            assert_eq!(normalize(text), want, "{text}");
        }
    }
}

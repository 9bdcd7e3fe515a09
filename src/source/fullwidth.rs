//! Full-width figures (`１２３，４５６．７８`, `－５．２％`) folded to ASCII for analysis.
//!
//! The lexer and the table segmenters read ASCII digits. Rather than teach each of them the
//! full-width block, the document gives them an *analysis text* in which every full-width
//! digit — and the full-width comma, point, percent sign and minus that belong to a figure —
//! is replaced by its ASCII form. The folding is one character for one character, so lines
//! and character columns are the same in both texts; only byte offsets differ (3 bytes
//! become 1), and [`Folded`] maps them back. Reports print the original characters.
//!
//! Punctuation folds only inside a figure: a `，` is a thousands separator only between a
//! full-width digit and exactly three more (`１２，３４` stays a list of two), a `．` only
//! between digits, a `％` only after one, a `－` only before one. Blanket NFKC would also turn
//! `①` into `1` and `⑴` into `(1)`: list markers would become amounts.

/// Where the analysis text differs from the original.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The text as decoded, with its full-width characters.
    pub original: String,
    /// Offsets in the analysis text of the folded characters, ascending; each was three
    /// bytes in the original and is one in the analysis text.
    at: Vec<usize>,
}

impl Folded {
    /// The offset in the original text of `offset` in the analysis text.
    pub fn original_offset(&self, offset: usize) -> usize {
        offset + 2 * self.at.partition_point(|&p| p < offset)
    }
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Folds the full-width figures of `text`; `None` when it has no full-width digit (the fast
/// path: no copy at all).
pub fn fold(text: &str) -> Option<(String, Folded)> {
    // Full-width digits are U+FF10 to U+FF19, `EF BC 90` to `EF BC 99` in UTF-8: a byte
    // search, not a walk over the characters, tells the files without one.
    let has_fullwidth_digit = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xEF && w[1] == 0xBC && (0x90..=0x99).contains(&w[2]));
    if !has_fullwidth_digit {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let digit_before = prev.is_some_and(is_fullwidth_digit);
        let digit_after = next.is_some_and(is_fullwidth_digit);
        let folded = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '，' if digit_before && thousands_group_follows(&chars[i + 1..]) => Some(','),
            '．' if digit_before && digit_after => Some('.'),
            '％' if digit_before => Some('%'),
            '－' if digit_after => Some('-'),
            _ => None,
        };
        match folded {
            Some(ascii) => {
                at.push(out.len());
                out.push(ascii);
            }
            None => out.push(c),
        }
    }
    Some((
        out,
        Folded {
            original: text.to_string(),
            at,
        },
    ))
}

/// Exactly three full-width digits, then no fourth.
fn thousands_group_follows(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(|&c| is_fullwidth_digit(c))
        && !rest.get(3).copied().is_some_and(is_fullwidth_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_fold_character_for_character() {
        let text = "合计　１２３，４５６．７８　－５．２％";
        let (folded, map) = fold(text).unwrap();
        assert_eq!(folded, "合计　123,456.78　-5.2%");
        assert_eq!(folded.chars().count(), text.chars().count());
        let at = folded.find("123").unwrap();
        assert_eq!(map.original_offset(at), text.find('１').unwrap());
        let end = folded.find("78").unwrap() + 2;
        assert_eq!(
            &text[map.original_offset(at)..map.original_offset(end)],
            "１２３，４５６．７８"
        );
    }

    #[test]
    fn punctuation_outside_figures_stays() {
        let (folded, _) = fold("分别为１２，３４，合计－，比例％").unwrap();
        assert_eq!(folded, "分别为12，34，合计－，比例％");
        assert!(fold("营业收入，同比增长－").is_none());
    }
}

//! What must hold for any input: no panic on arbitrary bytes; every fact's span lies on
//! character boundaries of the text; every location's `text` is the slice of the stored file
//! its byte offsets point at, whatever the file's encoding and whether its figures are
//! printed in full-width forms.

use std::path::PathBuf;
use std::sync::OnceLock;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use proptest::prelude::*;
use tieout::audit::audit;
use tieout::report::Location;
use tieout::rules::RuleSet;
use tieout::source::{decode, Document};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

/// Pieces of filings: words, figures in both widths, separators, markup, line breaks.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("合计".to_string()),
        Just("营业收入".to_string()),
        Just("占比".to_string()),
        Just("单位：万元".to_string()),
        Just("2024年度".to_string()),
        Just("同比增长".to_string()),
        Just("个百分点".to_string()),
        Just("万元".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("。".to_string()),
        Just("，".to_string()),
        Just("<u>".to_string()),
        Just("</u>".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("－".to_string()),
        Just("％".to_string()),
        Just("⁽¹⁾".to_string()),
        "[0-9]{1,3}(,[0-9]{3}){0,2}(\\.[0-9]{1,2})?%?",
        "[０-９]{1,3}(，[０-９]{3}){0,2}(．[０-９]{1,2})?％?",
        "\\PC{1,3}",
    ]
}

fn filing_like() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|p| p.concat())
}

/// A table that foots or misses by a digit, in ASCII or full-width figures.
fn table() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((0u32..10_000_000, 0u32..10_000_000), 2..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(rows, wrong, full_width)| {
            let money = |cents: u64| format!("{}.{:02}", group(cents / 100), cents % 100);
            let mut text = String::from("单位：万元\n项目\t2024年度\t2023年度\n");
            let (mut a, mut b) = (0u64, 0u64);
            for (i, (x, y)) in rows.iter().enumerate() {
                a += u64::from(*x);
                b += u64::from(*y);
                text.push_str(&format!(
                    "项目{i}\t{}\t{}\n",
                    money(u64::from(*x)),
                    money(u64::from(*y))
                ));
            }
            let a = if wrong { a + 1000 } else { a };
            text.push_str(&format!("合计\t{}\t{}\n", money(a), money(b)));
            if full_width {
                text.chars().map(widen).collect()
            } else {
                text
            }
        })
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn widen(c: char) -> char {
    match c {
        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
        ',' => '，',
        '.' => '．',
        '%' => '％',
        _ => c,
    }
}

/// `text` stored in `encoding` (UTF-16 with its byte-order mark); `None` when the encoding
/// cannot hold it.
fn store(text: &str, encoding: &'static Encoding) -> Option<Vec<u8>> {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let mut out = if encoding == UTF_16LE {
            vec![0xff, 0xfe]
        } else {
            vec![0xfe, 0xff]
        };
        for unit in text.encode_utf16() {
            out.extend(if encoding == UTF_16LE {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return Some(out);
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// Reads `stored` as `load` would, in `encoding`, and checks every fact and every location.
fn check_document(stored: &[u8], encoding: &'static Encoding) -> Result<usize, TestCaseError> {
    let Ok(decoded) = decode::decode(stored.to_vec(), Some(encoding)) else {
        return Ok(0);
    };
    let doc = Document::from_decoded(0, PathBuf::from("p.txt"), decoded);
    let (_, extraction) = tieout::audit::read_document(&doc);
    for fact in &extraction.facts {
        prop_assert!(doc.text.is_char_boundary(fact.span.start));
        prop_assert!(doc.text.is_char_boundary(fact.span.end));
        let printed = doc.printed_span(fact.span.clone());
        prop_assert!(doc.printed_text().is_char_boundary(printed.start));
        prop_assert!(doc.printed_text().is_char_boundary(printed.end));
    }
    let documents = [doc];
    let outcome = audit(&documents, rules());
    let mut located = 0;
    for check in &outcome.checks {
        for figure in &check.figures {
            let Some(location) = Location::of(figure, &documents) else {
                return Err(TestCaseError::fail("a figure without a location"));
            };
            let slice = stored
                .get(location.byte_start..location.byte_end)
                .ok_or_else(|| TestCaseError::fail("offsets past the end of the file"))?;
            let (text, malformed) = encoding.decode_without_bom_handling(slice);
            prop_assert!(!malformed, "offsets off character boundaries: {location:?}");
            prop_assert_eq!(text.as_ref(), location.text.as_str());
            prop_assert!(location.line >= 1 && location.column >= 1);
            located += 1;
        }
    }
    Ok(located)
}

const ENCODINGS: [&Encoding; 5] = [UTF_8, GB18030, BIG5, UTF_16LE, UTF_16BE];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        tieout::fuzzing::pipeline(&bytes);
    }

    #[test]
    fn filing_like_text_never_panics_and_spans_stay_on_boundaries(text in filing_like()) {
        tieout::fuzzing::pipeline(text.as_bytes());
        for kind in [
            tieout::layout::TableLayout::Tabbed,
            tieout::layout::TableLayout::Aligned,
            tieout::layout::TableLayout::Glued,
        ] {
            tieout::fuzzing::segmenter(text.as_bytes(), kind);
        }
        check_document(text.as_bytes(), UTF_8)?;
    }

    #[test]
    fn every_location_text_is_the_stored_slice_it_points_at(
        text in table(),
        prose in filing_like(),
        which in 0usize..ENCODINGS.len(),
    ) {
        let text = format!("{prose}\n{text}");
        let encoding = ENCODINGS[which];
        if let Some(stored) = store(&text, encoding) {
            check_document(&stored, encoding)?;
        }
    }

    #[test]
    fn a_table_is_checked_and_located_alike_in_every_encoding(
        text in table(),
        which in 0usize..ENCODINGS.len(),
    ) {
        let encoding = ENCODINGS[which];
        // Big5 holds Traditional characters only.
        let text: String = if encoding == BIG5 {
            text.chars()
                .map(|c| match c {
                    '单' => '單',
                    '万' => '萬',
                    '项' => '項',
                    '计' => '計',
                    _ => c,
                })
                .collect()
        } else {
            text
        };
        let stored = store(&text, encoding).ok_or_else(|| TestCaseError::fail("encodable"))?;
        prop_assert!(check_document(&stored, encoding)? > 0, "the table's footing is checked");
    }

    #[test]
    fn every_cell_the_lexer_reads_spans_the_figure_it_printed(raw in "\\PC{0,12}|[-(（]?[0-9０-９,，.．]{1,12}[%％)）]?") {
        if let tieout::extract::number::CellValue::Figure(f) = tieout::extract::number::read_cell(&raw) {
            prop_assert!(raw.get(f.span.clone()).is_some(), "{raw:?} {:?}", f.span);
        }
    }
}

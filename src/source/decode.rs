//! Decoding: the bytes of a file as stored → UTF-8 text, and the way back for byte offsets.
//!
//! Filings are published in the encoding of their time and place: UTF-8 (with or without a
//! byte-order mark), UTF-16 with a byte-order mark, GB18030 / GBK on the mainland, Big5 in
//! Hong Kong and Taiwan. A byte-order mark decides; otherwise valid UTF-8 is UTF-8, and
//! anything else is guessed by `chardetng` among the Chinese encodings. A file that does not
//! decode without a single malformed sequence is not read at all: a replacement character
//! in a figure would be a misread figure, and a wrong guess of encoding would be garbage.
//!
//! Every span downstream indexes the decoded text. [`Stored`] turns a decoded byte offset
//! back into the offset in the file as stored: identity (or a shift past the byte-order
//! mark) for UTF-8; for other encodings it keeps the stored bytes and the stored offset of
//! every line start, and decodes the line prefix again when a location is rendered.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
};

/// A file's text as decoded, with what is needed to find stored byte offsets again.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub stored: Stored,
}

/// Why a file's bytes are not read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecodable {
    /// NUL bytes or control characters: an image, a PDF, an archive.
    Binary,
    /// Text in some encoding, but not one read without `--encoding` (the guess is named).
    UnsupportedGuess { guess: &'static str },
    /// A malformed sequence under the encoding chosen, at this stored byte offset.
    Malformed {
        encoding: &'static str,
        offset: usize,
    },
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undecodable::Binary => write!(f, "binary file (NUL bytes or control characters)"),
            Undecodable::UnsupportedGuess { guess } => write!(
                f,
                "not UTF-8, UTF-16, GB18030 or Big5 text (it looks most like {guess}); \
                 give --encoding to read it as another encoding"
            ),
            Undecodable::Malformed { encoding, offset } => write!(
                f,
                "not valid {encoding} (malformed bytes at offset {offset}); give --encoding \
                 if it is in another encoding"
            ),
        }
    }
}

/// How decoded offsets map back to the file as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    encoding: &'static Encoding,
    /// Length of the byte-order mark in the file (0 without one); it is not in the text.
    bom: usize,
    /// For encodings other than UTF-8: the stored bytes after the byte-order mark and the
    /// offset (in those bytes) of the start of every line.
    other: Option<OtherEncoding>,
}

#[derive(Debug, Clone)]
struct OtherEncoding {
    bytes: Vec<u8>,
    line_starts: Vec<usize>,
}

impl Stored {
    /// A UTF-8 text as stored, after a byte-order mark of `bom` bytes.
    pub fn utf8(bom: usize) -> Self {
        Self {
            encoding: UTF_8,
            bom,
            other: None,
        }
    }

    /// The same without the stored bytes it keeps to map offsets in other encodings: for a
    /// parked document, whose places were all mapped before its text went.
    pub fn without_text(&self) -> Self {
        Self {
            encoding: self.encoding,
            bom: self.bom,
            other: None,
        }
    }

    /// How a file read in `encoding` maps offsets, once they are all mapped: for a document
    /// read back from exported facts.
    pub fn of_encoding(encoding: &'static Encoding) -> Self {
        Self {
            encoding,
            bom: 0,
            other: None,
        }
    }

    /// The name of the encoding the file was read in (`UTF-8`, `GBK`, `Big5`, `UTF-16LE`…).
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// The stored byte offset of decoded `offset`, which lies in 0-based `line` starting at
    /// decoded offset `line_start` of `text`.
    pub fn offset(&self, text: &str, line: usize, line_start: usize, offset: usize) -> usize {
        let Some(other) = &self.other else {
            return self.bom + offset;
        };
        let Some(&stored_line) = other.line_starts.get(line) else {
            return self.bom + other.bytes.len();
        };
        let prefix = text.get(line_start..offset).map_or(0, str::len);
        let line_end = other
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(other.bytes.len());
        let line_bytes = other.bytes.get(stored_line..line_end).unwrap_or(&[]);
        self.bom + stored_line + stored_prefix_len(self.encoding, line_bytes, prefix)
    }
}

/// How many stored bytes of `line` decode to the first `utf8_len` bytes of its text: the
/// line is decoded again a byte at a time until that much text has come out. Exact for any
/// encoding, linear in the line; run only when a location is rendered.
fn stored_prefix_len(encoding: &'static Encoding, line: &[u8], utf8_len: usize) -> usize {
    if utf8_len == 0 {
        return 0;
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = [0u8; 32];
    let mut written_total = 0;
    for (i, byte) in line.iter().enumerate() {
        let (_, _, written) =
            decoder.decode_to_utf8_without_replacement(std::slice::from_ref(byte), &mut out, false);
        written_total += written;
        if written_total >= utf8_len {
            return i + 1;
        }
    }
    line.len()
}

/// The encodings read without `--encoding` when no byte-order mark says otherwise.
fn is_chinese_guess(encoding: &'static Encoding) -> bool {
    encoding == GBK || encoding == GB18030 || encoding == BIG5
}

/// Looks up an encoding by one of its WHATWG labels (`utf-8`, `gb18030`, `gbk`, `big5`,
/// `utf-16le`, `utf-16be`, …), for `--encoding`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label(label.trim().as_bytes()) {
        // The `replacement` encoding decodes everything to one U+FFFD: never what is meant.
        Some(encoding) if encoding != encoding_rs::REPLACEMENT => Ok(encoding),
        _ => Err(format!(
            "unknown encoding `{label}`; use a label such as utf-8, gb18030, gbk, big5, \
             utf-16le or utf-16be"
        )),
    }
}

/// Decodes a file. `forced` is the encoding given with `--encoding`; a byte-order mark of
/// that encoding is skipped.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, Undecodable> {
    let (encoding, bom) = match forced {
        Some(encoding) => {
            let bom = match Encoding::for_bom(&bytes) {
                Some((e, len)) if e == encoding => len,
                _ => 0,
            };
            (encoding, bom)
        }
        None => match Encoding::for_bom(&bytes) {
            Some((encoding, len)) => (encoding, len),
            None => (sniff(&bytes)?, 0),
        },
    };
    let decoded = if encoding == UTF_8 {
        // One validation pass: CJK text costs about ten instructions a byte to validate, and
        // a filing is megabytes of it.
        let mut bytes = bytes;
        bytes.drain(..bom.min(bytes.len()));
        let text = String::from_utf8(bytes).map_err(|e| Undecodable::Malformed {
            encoding: UTF_8.name(),
            offset: bom + e.utf8_error().valid_up_to(),
        })?;
        Decoded {
            text,
            stored: Stored::utf8(bom),
        }
    } else {
        decode_other(bytes, bom, encoding)?
    };
    if looks_binary(decoded.text.as_bytes()) {
        return Err(Undecodable::Binary);
    }
    Ok(decoded)
}

/// Whether `bytes` read as UTF-8, judged on the first 64 KiB when they hold multibyte text
/// (GBK or Big5 Chinese does not pass for UTF-8 over that length); a prefix of plain ASCII
/// decides nothing, and then the whole file is validated.
fn utf8_prefix_is_valid(bytes: &[u8]) -> bool {
    const PREFIX: usize = 64 * 1024;
    let prefix = &bytes[..bytes.len().min(PREFIX)];
    if prefix.is_ascii() {
        return std::str::from_utf8(bytes).is_ok();
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        // Cut inside a character at the end of the prefix: still UTF-8 so far.
        Err(e) => e.error_len().is_none() && bytes.len() > PREFIX,
    }
}

/// Chooses the encoding of a file without a byte-order mark.
fn sniff(bytes: &[u8]) -> Result<&'static Encoding, Undecodable> {
    // UTF-16 without a byte-order mark is full of NUL bytes and is taken for binary: UTF-16
    // filings carry a byte-order mark, and guessing would misread real binary files.
    if looks_binary(bytes) {
        return Err(Undecodable::Binary);
    }
    // Valid UTF-8 is UTF-8; `decode` validates it (once) when it takes the text, so a
    // malformed byte past the prefix judged here is reported at its offset.
    if utf8_prefix_is_valid(bytes) {
        return Ok(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // No top-level-domain hint: with one, chardetng confuses GBK and Big5.
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GBK {
        // encoding_rs decodes GBK as GB18030 (its superset); name it for what it reads.
        Ok(GB18030)
    } else if is_chinese_guess(guess) {
        Ok(guess)
    } else if [EUC_KR, SHIFT_JIS, EUC_JP].contains(&guess) {
        // A few lines of Chinese can look Korean or Japanese to the detector; this tool reads
        // Chinese filings, so a two-byte text that decodes cleanly as Chinese is Chinese.
        [GB18030, BIG5]
            .into_iter()
            .find(|e| {
                e.decode_without_bom_handling_and_without_replacement(bytes)
                    .is_some()
            })
            .ok_or(Undecodable::UnsupportedGuess {
                guess: guess.name(),
            })
    } else {
        Err(Undecodable::UnsupportedGuess {
            guess: guess.name(),
        })
    }
}

/// NUL bytes, or more than one control character in a hundred (TAB, LF, CR, FF and ESC
/// aside), in the first 64 KiB: not a text filing.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) || bytes.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 100 > head.len()
}

fn decode_other(
    mut bytes: Vec<u8>,
    bom: usize,
    encoding: &'static Encoding,
) -> Result<Decoded, Undecodable> {
    bytes.drain(..bom.min(bytes.len()));
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(Undecodable::Malformed {
            encoding: encoding.name(),
            offset: bom,
        })?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(&bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => {}
        encoding_rs::DecoderResult::Malformed(bad, extra) => {
            let offset = read.saturating_sub(bad as usize + extra as usize);
            return Err(Undecodable::Malformed {
                encoding: encoding.name(),
                offset: bom + offset,
            });
        }
        encoding_rs::DecoderResult::OutputFull => {
            return Err(Undecodable::Malformed {
                encoding: encoding.name(),
                offset: bom + read,
            })
        }
    }
    text.shrink_to_fit();
    let line_starts = stored_line_starts(encoding, &bytes);
    Ok(Decoded {
        text,
        stored: Stored {
            encoding,
            bom,
            other: Some(OtherEncoding { bytes, line_starts }),
        },
    })
}

/// Stored offsets of line starts: after every LF code unit. In ASCII-compatible encodings
/// (GB18030, Big5, …) the byte 0x0A is never part of a multi-byte character, so each one
/// is a line break in the decoded text too; in UTF-16 the LF unit sits at an even offset.
fn stored_line_starts(encoding: &'static Encoding, bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let lf: [u8; 2] = if encoding == UTF_16LE {
            [0x0a, 0]
        } else {
            [0, 0x0a]
        };
        starts.extend(
            bytes
                .chunks_exact(2)
                .enumerate()
                .filter(|(_, unit)| *unit == lf)
                .map(|(i, _)| 2 * i + 2),
        );
    } else {
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut out = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            out.extend(unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("合计 1,234".as_bytes().to_vec(), None).unwrap();
        assert_eq!(d.text, "合计 1,234");
        assert_eq!(d.stored.encoding_name(), "UTF-8");
        let d = decode("\u{feff}合计".as_bytes().to_vec(), None).unwrap();
        assert_eq!(d.text, "合计");
        assert_eq!(d.stored.offset(&d.text, 0, 0, 3), 6);
    }

    #[test]
    fn utf16_with_bom_maps_offsets_back() {
        let text = "单位：万元\n合计\t1,234\n";
        let d = decode(utf16le_with_bom(text), None).unwrap();
        assert_eq!(d.text, text);
        let at = text.find("1,234").unwrap();
        let line_start = text.find("合计").unwrap();
        // BOM 2 + "单位：万元\n" 6 units + "合计\t" 3 units.
        assert_eq!(d.stored.offset(&d.text, 1, line_start, at), 2 + 12 + 6);
    }

    #[test]
    fn gb18030_and_big5_are_guessed() {
        let simplified = "营业收入合计为一万二千三百四十五元，同比增长百分之十二。".repeat(4);
        let (bytes, _, bad) = GB18030.encode(&simplified);
        assert!(!bad);
        let d = decode(bytes.into_owned(), None).unwrap();
        assert_eq!(d.text, simplified);
        let traditional =
            "營業收入合計為人民幣一萬二千三百四十五元，較上年增長百分之十二。".repeat(4);
        let (bytes, _, bad) = BIG5.encode(&traditional);
        assert!(!bad);
        let d = decode(bytes.into_owned(), None).unwrap();
        assert_eq!(d.stored.encoding_name(), "Big5");
        assert_eq!(d.text, traditional);
        let at = d.text.find("元").unwrap();
        assert_eq!(
            d.stored.offset(&d.text, 0, 0, at),
            d.text[..at].chars().count() * 2
        );
    }

    #[test]
    fn a_short_chinese_text_the_detector_takes_for_korean_is_read_as_chinese() {
        let (bytes, _, _) = GB18030.encode("合计\t1,234\n");
        let d = decode(bytes.into_owned(), None).unwrap();
        assert_eq!(d.text, "合计\t1,234\n");
    }

    #[test]
    fn binary_and_malformed_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\0\0".to_vec(), None).unwrap_err(),
            Undecodable::Binary
        );
        let err = decode(vec![b'a', 0xff, b'b'], Some(UTF_8)).unwrap_err();
        assert_eq!(
            err,
            Undecodable::Malformed {
                encoding: "UTF-8",
                offset: 1
            }
        );
    }

    #[test]
    fn forced_encoding_and_unknown_labels() {
        let (bytes, _, _) = GB18030.encode("合计");
        let d = decode(bytes.into_owned(), Some(encoding_for_label("gbk").unwrap())).unwrap();
        assert_eq!(d.text, "合计");
        assert!(encoding_for_label("klingon").is_err());
    }
}

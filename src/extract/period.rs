//! Periods named in headers and captions: `2022年`, `2021年度`, `2022年1-6月`,
//! `2022/6/30`, `2022年6月30日`, `2022年末`.

use std::sync::OnceLock;

use regex::Regex;

fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<y1>(?:19|20)\d{2})\s*/\s*(?P<m1>\d{1,2})\s*/\s*(?P<d1>\d{1,2})
          | (?P<y2>(?:19|20)\d{2})\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日
          | (?P<y3>(?:19|20)\d{2})\s*年\s*(?P<from>\d{1,2})\s*[-－—–~至]\s*(?P<to>\d{1,2})\s*月
          | (?P<y4>(?:19|20)\d{2})\s*年\s*(?P<end>末|底)
          | (?P<y5>(?:19|20)\d{2})\s*(?:年度|年|E|e)?",
        )
        .expect("valid regex")
    })
}

/// The period a header names, normalised: `2022` (a year), `2022-01~06` (months of a year),
/// `2022-06-30` (an instant), `2022-12-31` for a year end. `None` when it names none.
pub fn period_in(text: &str) -> Option<String> {
    let caps = period_re().captures(text)?;
    let get = |name: &str| caps.name(name).map(|m| m.as_str());
    if let (Some(y), Some(m), Some(d)) = (get("y1"), get("m1"), get("d1")) {
        return Some(format!("{y}-{:0>2}-{:0>2}", m, d));
    }
    if let (Some(y), Some(m), Some(d)) = (get("y2"), get("m2"), get("d2")) {
        return Some(format!("{y}-{:0>2}-{:0>2}", m, d));
    }
    if let (Some(y), Some(from), Some(to)) = (get("y3"), get("from"), get("to")) {
        return Some(format!("{y}-{:0>2}~{:0>2}", from, to));
    }
    if let Some(y) = get("y4") {
        return Some(format!("{y}-12-31"));
    }
    get("y5").map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_header_forms() {
        assert_eq!(period_in("2022年").as_deref(), Some("2022"));
        assert_eq!(period_in("2021年度").as_deref(), Some("2021"));
        assert_eq!(period_in("2022 年").as_deref(), Some("2022"));
        assert_eq!(period_in("2022年1-6月").as_deref(), Some("2022-01~06"));
        assert_eq!(period_in("2022/6/30").as_deref(), Some("2022-06-30"));
        assert_eq!(period_in("2022年6月30日").as_deref(), Some("2022-06-30"));
        assert_eq!(period_in("2022年末").as_deref(), Some("2022-12-31"));
        assert_eq!(period_in("人民幣千元"), None);
    }
}

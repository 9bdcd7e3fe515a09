//! Periods named in headers, captions and prose: `2022年`, `2021年度`, `2022年1-6月`,
//! `2022/6/30`, `2022年6月30日`, `2022年末`; in prose also `截至2024年6月30日止六個月`,
//! `2024年初`, `上年` / `上年同期` (relative to the sentence's period) and `报告期各期`.

use std::sync::OnceLock;

use regex::Regex;

// Digits are ASCII (`[0-9]`, not `\d`): the analysis text has folded full-width digits, and
// Unicode's digit class, counted, makes regexes slow to compile.
fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<y1>(?:19|20)[0-9]{2})\s*/\s*(?P<m1>[0-9]{1,2})\s*/\s*(?P<d1>[0-9]{1,2})
          | (?P<y2>(?:19|20)[0-9]{2})\s*年\s*(?P<m2>[0-9]{1,2})\s*月\s*(?P<d2>[0-9]{1,2})\s*日
          | (?P<y3>(?:19|20)[0-9]{2})\s*年\s*(?P<from>[0-9]{1,2})\s*[-－—–~至]\s*(?P<to>[0-9]{1,2})\s*月
          | (?P<y4>(?:19|20)[0-9]{2})\s*年\s*(?P<end>末|底)
          | (?P<y5>(?:19|20)[0-9]{2})\s*(?:年度|年|E|e)?",
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

/// What a period expression in prose names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// A period in the normalised form of [`period_in`].
    Period(String),
    /// `上年` / `上年度` / `去年` / `上年同期`: the period before the one the sentence is about.
    Prior,
    /// `YYYY年同期`: the same months as the sentence's period, in year YYYY.
    SameMonthsOf(i32),
    /// `报告期各期` / `报告期内` / `往績記錄期`: the document's reporting periods.
    Reporting,
    /// `报告期各期末`: the ends of the document's reporting periods.
    ReportingEnds,
    /// `年初` with no year: the start (the end of the year before) of the sentence's year.
    YearStart,
    /// `年末` / `年底` with no year: the end of the sentence's year.
    YearEnd,
    /// `上年末`: the end of the year before the sentence's.
    PriorEnd,
}

/// A period expression found in a sentence: its byte range and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: std::ops::Range<usize>,
    pub named: Named,
    /// A bare year (`2022年`, not `2022年度`): in a list it takes the form of the list's last
    /// element (`2022年及2023年6月30日止六個月`).
    pub bare_year: bool,
}

fn mention_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<repend>报告期各期末|報告期各期末|报告期末|報告期末)
          | (?P<rep>报告期各期|報告期各期|报告期内|報告期內|往績記錄期|往绩记录期)
          | (?P<prend>上年末|上年年末|去年末|上年度末)
          | (?P<rel>上年同期|去年同期|上年度|上一年度|上年|去年)
          | (?P<ystart>年初)
          | (?P<yend>年末|年底)
          | (?P<y>(?:19|20)[0-9]{2})(?:
                /(?P<sm>[0-9]{1,2})/(?P<sd>[0-9]{1,2})
              | 年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日(?:止(?P<stop>年度|十二個月|十二个月|六個月|六个月|三個月|三个月|九個月|九个月))?
              | 年(?P<from>[0-9]{1,2})[-－—–~至](?P<to>[0-9]{1,2})月
              | 年第?(?P<q>[一二三四1-4])季度
              | 年(?P<half>上半年|半年度)
              | 年(?P<mon>[0-9]{1,2})月(?P<mend>末|底)?
              | 年?(?P<ye>年末|年底|末|底)
              | 年(?P<yb>年初|初)
              | 年(?P<same>同期)
              | (?P<yd>年度)
              | (?P<yy>年)
            )",
        )
        .expect("valid regex")
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The period expressions of a sentence, in order. `text` is prose with white space removed
/// (see `layout::paragraph::Joined`). Years glued to digits (`12022年`) are not periods.
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for caps in mention_re().captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        // `12022年`, `1.2022年`, `1,2022年`: digits of something else. A comma after a word is
        // the clause mark of pdftotext output (`可知,2024年度`).
        let mut back = text[..whole.start()].chars().rev();
        let (b1, b2) = (back.next(), back.next());
        if b1.is_some_and(|c| c.is_ascii_digit())
            || (matches!(b1, Some('.' | ',')) && b2.is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let get = |name: &str| caps.name(name).map(|m| m.as_str());
        let num = |name: &str| get(name).and_then(|v| v.parse::<u32>().ok());
        let mut bare_year = false;
        let named = if get("repend").is_some() {
            Named::ReportingEnds
        } else if get("rep").is_some() {
            Named::Reporting
        } else if get("rel").is_some() {
            Named::Prior
        } else if get("prend").is_some() {
            Named::PriorEnd
        } else if get("ystart").is_some() {
            Named::YearStart
        } else if get("yend").is_some() {
            Named::YearEnd
        } else {
            let Some(y) = get("y").and_then(|y| y.parse::<i32>().ok()) else {
                continue;
            };
            let date = |m: Option<u32>, d: Option<u32>| match (m, d) {
                (Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    Some(format!("{y}-{m:02}-{d:02}"))
                }
                _ => None,
            };
            if get("sm").is_some() {
                let Some(p) = date(num("sm"), num("sd")) else {
                    continue;
                };
                Named::Period(p)
            } else if get("m").is_some() {
                let (m, d) = (num("m"), num("d"));
                match get("stop") {
                    // `截至2024年6月30日止六個月`: the months up to that day.
                    Some(stop) if !stop.contains('年') && !stop.starts_with('十') => {
                        let months = if stop.starts_with('六') {
                            6
                        } else if stop.starts_with('三') {
                            3
                        } else {
                            9
                        };
                        let Some(end) = m.filter(|m| (months..=12).contains(m)) else {
                            continue;
                        };
                        Named::Period(format!("{y}-{:02}~{end:02}", end + 1 - months))
                    }
                    // `截至2024年12月31日止年度`: the year.
                    Some(_) => Named::Period(y.to_string()),
                    None => {
                        let Some(p) = date(m, d) else { continue };
                        Named::Period(p)
                    }
                }
            } else if let (Some(from), Some(to)) = (num("from"), num("to")) {
                if !(1..=12).contains(&from) || !(from..=12).contains(&to) {
                    continue;
                }
                Named::Period(format!("{y}-{from:02}~{to:02}"))
            } else if let Some(q) = get("q") {
                let q = match q {
                    "一" | "1" => 1,
                    "二" | "2" => 2,
                    "三" | "3" => 3,
                    _ => 4,
                };
                Named::Period(format!("{y}-{:02}~{:02}", q * 3 - 2, q * 3))
            } else if get("half").is_some() {
                Named::Period(format!("{y}-01~06"))
            } else if let Some(m) = num("mon") {
                if !(1..=12).contains(&m) {
                    continue;
                }
                if get("mend").is_some() {
                    Named::Period(format!("{y}-{m:02}-{:02}", days_in_month(y, m)))
                } else {
                    Named::Period(format!("{y}-{m:02}~{m:02}"))
                }
            } else if get("ye").is_some() {
                Named::Period(format!("{y}-12-31"))
            } else if get("yb").is_some() {
                // A balance at the start of a year is the one at the end of the year before.
                Named::Period(format!("{}-12-31", y - 1))
            } else if get("same").is_some() {
                Named::SameMonthsOf(y)
            } else if get("yd").is_some() {
                Named::Period(y.to_string())
            } else if get("yy").is_some() {
                bare_year = true;
                Named::Period(y.to_string())
            } else {
                continue;
            }
        };
        out.push(Mention {
            range: whole.range(),
            named,
            bare_year,
        });
    }
    out
}

/// The period just before `period`: the year before for a year, the same months or day of
/// the year before otherwise.
pub fn prior(period: &str) -> Option<String> {
    let year: i32 = period.get(..4)?.parse().ok()?;
    let rest = &period[4..];
    if rest == "-02-29" {
        return Some(format!("{}-02-28", year - 1));
    }
    Some(format!("{}{rest}", year - 1))
}

/// The period `period` takes in year `year` (`2024-01~06` in 2025 is `2025-01~06`).
pub fn in_year(period: &str, year: i32) -> Option<String> {
    period.get(..4)?.parse::<i32>().ok()?;
    Some(format!("{year}{}", &period[4..]))
}

/// The instant a period ends on: `2023` → `2023-12-31`, `2024-01~06` → `2024-06-30`.
pub fn end_of(period: &str) -> Option<String> {
    let year: i32 = period.get(..4)?.parse().ok()?;
    match period.len() {
        4 => Some(format!("{year}-12-31")),
        10 if period.as_bytes()[7] == b'~' => {
            let m: u32 = period.get(8..10)?.parse().ok()?;
            Some(format!("{year}-{m:02}-{:02}", days_in_month(year, m)))
        }
        _ => Some(period.to_string()),
    }
}

/// Orders periods by when they end; a year sorts after the half-year that ends inside it.
pub fn sort_key(period: &str) -> String {
    end_of(period).unwrap_or_else(|| period.to_string())
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

    fn named(text: &str) -> Vec<Named> {
        mentions(text).into_iter().map(|m| m.named).collect()
    }

    fn p(s: &str) -> Named {
        Named::Period(s.to_string())
    }

    #[test]
    fn prose_forms() {
        assert_eq!(named("2022年"), [p("2022")]);
        assert_eq!(named("2022年度"), [p("2022")]);
        assert_eq!(named("2022年1-6月"), [p("2022-01~06")]);
        assert_eq!(named("2022年1-3月"), [p("2022-01~03")]);
        assert_eq!(named("2022/6/30"), [p("2022-06-30")]);
        assert_eq!(named("2022年6月30日"), [p("2022-06-30")]);
        assert_eq!(named("2022年末"), [p("2022-12-31")]);
        assert_eq!(named("2024年年末"), [p("2024-12-31")]);
        assert_eq!(named("2024年初"), [p("2023-12-31")]);
        assert_eq!(named("2022年6月末"), [p("2022-06-30")]);
        assert_eq!(named("截至2024年6月30日止六個月"), [p("2024-01~06")]);
        assert_eq!(named("截至2024年12月31日止年度"), [p("2024")]);
        assert_eq!(named("比上年减少"), [Named::Prior]);
        assert_eq!(named("上年同期"), [Named::Prior]);
        assert_eq!(named("2025年同期"), [Named::SameMonthsOf(2025)]);
        assert_eq!(named("2025年一季度"), [p("2025-01~03")]);
        assert_eq!(named("2025年上半年"), [p("2025-01~06")]);
        assert_eq!(named("可知,2024年度"), [p("2024")]);
        assert_eq!(named("报告期各期"), [Named::Reporting]);
        assert_eq!(named("报告期各期末"), [Named::ReportingEnds]);
        assert_eq!(named("从年初的"), [Named::YearStart]);
        assert_eq!(named("增至年末的"), [Named::YearEnd]);
        assert_eq!(named("较上年末"), [Named::PriorEnd]);
        assert!(mentions("2022年")[0].bare_year);
        assert!(!mentions("2022年度")[0].bare_year);
        // Not periods: a year glued to other digits, impossible months.
        assert_eq!(named("12022年"), []);
        assert_eq!(named("2022年13月"), []);
    }

    #[test]
    fn prior_and_ends() {
        assert_eq!(prior("2024").as_deref(), Some("2023"));
        assert_eq!(prior("2024-01~06").as_deref(), Some("2023-01~06"));
        assert_eq!(prior("2024-02-29").as_deref(), Some("2023-02-28"));
        assert_eq!(prior("x"), None);
        assert_eq!(end_of("2024-01~06").as_deref(), Some("2024-06-30"));
        assert_eq!(end_of("2023").as_deref(), Some("2023-12-31"));
        assert!(sort_key("2024-01~06") < sort_key("2024"));
        assert_eq!(in_year("2024-01~06", 2025).as_deref(), Some("2025-01~06"));
    }
}

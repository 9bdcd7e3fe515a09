//! Tables read as figures: each cell typed, each column given its header path, unit and
//! period, each row its label.

use crate::extract::number::{read_cell, CellValue, Figure};
use crate::extract::period::period_in;
use crate::extract::unit::{unit_in_header, Unit};
use crate::facts::{Fact, Measure, Origin, Stance};
use crate::layout::markup::clean;
use crate::layout::{Row, Table};
use crate::source::Document;

/// A body row as first read: its line, its cells as values, and their spans.
type RawRow = (usize, Vec<CellValue>, Vec<std::ops::Range<usize>>);

/// A column of a table.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Column {
    /// Header cells above the column, top to bottom, cleaned; a heading that spans several
    /// columns (printed once, followed by empty cells) is repeated into each of them.
    pub header: Vec<String>,
    /// The unit its figures are in, from the header, the cells or the table's caption.
    pub unit: Unit,
    /// The period named in its header, normalised (see [`period_in`]).
    pub period: Option<String>,
    /// The measure its headings name (`毛利率`), which qualifies its figures' concept.
    pub measure: Option<String>,
}

/// A body row with its cells read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TypedRow {
    /// 0-based line in the document.
    pub line: usize,
    /// The cleaned text of the label columns (before the first column of figures).
    pub label_cells: Vec<String>,
    /// The label of the row's group: the first label cell, carried down over rows that leave
    /// it empty (a merged cell in the source).
    pub group: String,
    /// Every cell read as a figure, nil, empty or text; label columns included.
    pub values: Vec<CellValue>,
    /// Byte spans of the raw cells, for locations.
    pub spans: Vec<std::ops::Range<usize>>,
    /// Depth in a breakdown: 0 for `晶圆代工` or `2`, 1 for `-MEMS` or `2.1`, 2 for `--滤波器`.
    pub depth: usize,
}

impl TypedRow {
    /// The row's label: its label cells joined with ` / `, empty ones left out.
    pub fn label(&self) -> String {
        self.label_cells
            .iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The last non-empty label cell: `合计` in `中芯国际上海 / 合计`.
    pub fn last_label(&self) -> &str {
        self.label_cells
            .iter()
            .rev()
            .find(|c| !c.is_empty())
            .map_or("", String::as_str)
    }

    pub fn first_label(&self) -> &str {
        self.label_cells.first().map_or("", String::as_str)
    }

    pub fn has_figures(&self) -> bool {
        self.values
            .iter()
            .any(|v| matches!(v, CellValue::Figure(_)))
    }
}

/// A table with every cell read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TypedTable {
    /// Index of the table within its document.
    pub index: usize,
    /// The table as laid out. Only reading the table needs it: the rules read the typed
    /// cells, so a table exported with its facts leaves it out (and reads back without one).
    #[serde(skip)]
    pub table: Table,
    pub columns: Vec<Column>,
    /// How many leading columns hold labels rather than figures.
    pub label_columns: usize,
    pub rows: Vec<TypedRow>,
    /// The cleaned title above the table, if any.
    pub title: String,
}

/// Whether the document's tables print years newest first (`2024年度 2023年度`): most of
/// the tables whose columns name two or more different years do. `None` without evidence.
pub fn years_newest_first(tables: &[TypedTable]) -> Option<bool> {
    let (mut newest_first, mut oldest_first) = (0, 0);
    for table in tables {
        let years: Vec<&str> = table
            .columns
            .iter()
            .filter_map(|c| c.period.as_deref().and_then(|p| p.get(..4)))
            .collect();
        let (Some(first), Some(last)) = (years.first(), years.last()) else {
            continue;
        };
        match first.cmp(last) {
            std::cmp::Ordering::Greater => newest_first += 1,
            std::cmp::Ordering::Less => oldest_first += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    match newest_first.cmp(&oldest_first) {
        std::cmp::Ordering::Greater => Some(true),
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal => None,
    }
}

fn is_total_label(label: &str) -> bool {
    matches!(
        label,
        "合计" | "合計" | "总计" | "總計" | "总额" | "總額" | "Total" | "total"
    )
}

/// The company a table's title says its figures are of, when it is not the filer:
/// `众享科技最近一年一期的财务数据及同比变动情况如下` (a subsidiary acquired) → 众享科技, where
/// the filer's own would read `公司最近三年主要财务数据` or name no one.
fn title_party(title: &str) -> Option<&str> {
    const OWN: &[&str] = &[
        "公司",
        "本公司",
        "发行人",
        "發行人",
        "我们",
        "我們",
        "本集团",
        "本集團",
        "集团",
        "集團",
    ];
    let at = [
        "最近一年",
        "最近三年",
        "最近两年",
        "最近一期",
        "的财务数据",
        "主要财务数据",
        "财务数据",
        "財務數據",
    ]
    .iter()
    .filter_map(|w| title.find(w))
    .min()?;
    let subject = title[..at]
        .trim_start_matches(|c: char| !crate::extract::unit::is_cjk(c))
        .trim_start_matches("下表")
        .trim_start_matches("报告期内")
        .trim_start_matches("報告期內");
    let chars = subject.chars().count();
    ((2..=12).contains(&chars)
        && subject.chars().all(crate::extract::unit::is_cjk)
        && !OWN.iter().any(|w| subject.ends_with(w))
        && !subject.contains(|c: char| "年月期度内內的及和与與为為".contains(c)))
    .then_some(subject)
}

/// Whether a table's title says it is a forecast, a valuation or a scenario
/// (`计算出税后净利润的预测`, `盈利测算`): its figures are not the document's actuals.
fn title_is_a_scenario(title: &str) -> bool {
    [
        "预测", "預測", "测算", "測算", "评估", "評估", "假设", "假設", "预计", "預計", "模拟",
        "模擬",
    ]
    .iter()
    .any(|w| title.contains(w))
}

/// A span of years named in a title: `2023-2024 年度`, `2022年至2024年`; (first, last).
fn title_years(title: &str) -> Option<(u32, u32)> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"((?:19|20)\d{2})\s*年?\s*(?:-|－|—|–|~|～|至|到)\s*((?:19|20)\d{2})\s*年",
        )
        .expect("valid regex")
    });
    let caps = re.captures(title)?;
    let first: u32 = caps[1].parse().ok()?;
    let last: u32 = caps[2].parse().ok()?;
    (first < last && last - first <= 4).then_some((first, last))
}

impl TypedTable {
    /// The whole caption paragraph above the table: the title line with the lines of the
    /// same sentence above it (`…2023-2024 年度公司按产品类别的主营业务毛利` / `额及占比、毛利率
    /// 如下:`), at most three lines, each taken while the line above does not end a sentence.
    fn caption_text(&self, doc: &Document) -> String {
        let Some(title) = &self.table.title else {
            return self.title.clone();
        };
        let text = doc.text.as_str();
        let mut start = title.start;
        let mut taken = 0;
        while taken < 3 {
            let before = text[..start].trim_end();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let line = before[line_start..].trim();
            if line.is_empty() || line.ends_with(['。', '：', ':', '；', ';']) || before.is_empty()
            {
                break;
            }
            start = line_start;
            taken += 1;
        }
        text[start..title.end].split_whitespace().collect()
    }

    /// Gives the figure columns periods from the title when no heading names one and the
    /// columns repeat one group of headings once per year of the title's span
    /// (`2023-2024 年度…毛利额及占比、毛利率如下` over `毛利额 占比 毛利率 毛利额 占比 毛利率`):
    /// the PDF lost the year line of the header. The years go in the document's order
    /// (`newest_first`); with no evidence nothing is assigned rather than guessed.
    pub fn periods_from_title(&mut self, doc: &Document, newest_first: Option<bool>) {
        let Some(newest_first) = newest_first else {
            return;
        };
        if self.columns.iter().any(|c| c.period.is_some()) {
            return;
        }
        let Some((first, last)) = title_years(&self.caption_text(doc)) else {
            return;
        };
        let years = (last - first + 1) as usize;
        let figures = self.columns.len().saturating_sub(self.label_columns);
        if figures < years || figures % years != 0 {
            return;
        }
        let size = figures / years;
        // The most specific heading: spanning headings above a lost year line are cut
        // unevenly across the groups.
        let heading = |c: &Column| c.header.last().cloned().unwrap_or_default();
        let group = |k: usize| {
            self.columns[self.label_columns + k * size..self.label_columns + (k + 1) * size]
                .iter()
                .map(heading)
                .collect::<Vec<_>>()
        };
        let model = group(0);
        if model.iter().any(String::is_empty) || (1..years).any(|k| group(k) != model) {
            return;
        }
        for k in 0..years {
            let year = if newest_first {
                last - k as u32
            } else {
                first + k as u32
            };
            for column in &mut self.columns[self.label_columns + k * size..][..size] {
                column.period = Some(year.to_string());
            }
        }
    }

    pub fn read(doc: &Document, index: usize, table: &Table) -> Self {
        let text = doc.text.as_str();
        let raw_rows: Vec<RawRow> = table
            .body
            .iter()
            .map(|row| {
                let values = row
                    .cells
                    .iter()
                    .map(|c| read_cell(&text[c.span.clone()]))
                    .collect();
                let spans = row.cells.iter().map(|c| c.span.clone()).collect();
                (row.line, values, spans)
            })
            .collect();

        let mut raw_rows = raw_rows;
        let numbered = numbering_column(text, &table.body, &raw_rows);
        let skip = usize::from(numbered);
        let first_figure = |values: &[CellValue]| {
            values
                .iter()
                .enumerate()
                .skip(skip)
                .find(|(_, v)| matches!(v, CellValue::Figure(_) | CellValue::Nil { .. }))
                .map(|(i, _)| i)
        };
        // Labels end where the rows that print every cell start their figures: a row with an
        // empty first figure column starts later, and a row that lost a cell (shorter than the
        // others) may start earlier. Without any full row, most rows decide.
        let full_width = raw_rows.iter().map(|(_, v, _)| v.len()).max().unwrap_or(0);
        let full_rows_start = raw_rows
            .iter()
            .filter(|(_, v, _)| v.len() == full_width)
            .filter_map(|(_, v, _)| first_figure(v))
            .min();
        let mut starts: Vec<usize> = raw_rows
            .iter()
            .filter_map(|(_, v, _)| first_figure(v))
            .collect();
        starts.sort_unstable();
        let label_columns = full_rows_start
            .or_else(|| mode(&starts))
            .unwrap_or(0)
            .max(1);
        // A row shifted left (a PDF lost an empty label cell) gets its figures moved back under
        // their headers.
        for (_, values, spans) in &mut raw_rows {
            // A row shifted right: text stands where its first figure should, and its first
            // label cell is empty. Drop empty label cells until the figures are in place.
            if let Some(first) = first_figure(values) {
                if first > label_columns
                    && matches!(values.get(label_columns), Some(CellValue::Text))
                {
                    let mut extra = first - label_columns;
                    let mut at = skip;
                    while extra > 0 && at < label_columns {
                        if values[at] == CellValue::Empty {
                            values.remove(at);
                            spans.remove(at);
                            extra -= 1;
                        } else {
                            at += 1;
                        }
                    }
                }
            }
            if let Some(first) = first_figure(values) {
                if values.len() < full_width && first < label_columns && first >= skip.max(1) {
                    let at = spans[first - 1].end;
                    for _ in first..label_columns {
                        values.insert(first, CellValue::Empty);
                        spans.insert(first, at..at);
                    }
                }
            }
        }

        let width = table
            .header
            .iter()
            .chain(&table.body)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0);
        let caption_unit = table
            .unit_caption
            .as_ref()
            .and_then(|s| unit_in_header(&text[s.clone()]));
        let header_paths = header_paths(text, &table.header, width, label_columns);
        let columns = header_paths
            .into_iter()
            .enumerate()
            .map(|(i, header)| {
                let unit = column_unit(&header, &raw_rows, i, caption_unit);
                let period = column_period(&header);
                let measure = measure_heading(&header);
                Column {
                    header,
                    unit,
                    period,
                    measure,
                }
            })
            .collect();

        let mut group = String::new();
        let rows = raw_rows
            .into_iter()
            .map(|(line, values, spans)| {
                let label_cells: Vec<String> = spans
                    .iter()
                    .take(label_columns)
                    .map(|s| clean(&text[s.clone()]).text)
                    .collect();
                let first = label_cells.first().cloned().unwrap_or_default();
                if !first.is_empty() {
                    group = first;
                }
                let depth = if numbered {
                    label_cells
                        .first()
                        .map_or(0, |n| n.trim_end_matches('.').matches('.').count())
                } else {
                    dash_depth(
                        label_cells
                            .iter()
                            .rev()
                            .find(|c| !c.is_empty())
                            .map_or("", String::as_str),
                    )
                };
                TypedRow {
                    line,
                    depth,
                    label_cells,
                    group: group.clone(),
                    values,
                    spans,
                }
            })
            .collect();

        let title = table
            .title
            .as_ref()
            .map(|s| clean(&text[s.clone()]).text)
            .unwrap_or_default();
        Self {
            index,
            table: table.clone(),
            columns,
            label_columns,
            rows,
            title,
        }
    }

    /// The unit of the figure in `row`, `column`: its own printed unit, else its column's.
    pub fn unit_of(&self, row: usize, column: usize) -> Unit {
        match self.rows.get(row).and_then(|r| r.values.get(column)) {
            Some(CellValue::Figure(f)) => f
                .unit
                .filter(|u| !matches!(u, Unit::Count))
                .unwrap_or_else(|| self.column_unit(column)),
            _ => self.column_unit(column),
        }
    }

    pub fn column_unit(&self, column: usize) -> Unit {
        self.columns.get(column).map_or(Unit::Plain, |c| c.unit)
    }

    /// Cells of figure columns that hold digits but were not read as a figure (`约 110`,
    /// `40 μm - 55 μm`, a glued run nothing decided): `(row, column, span)`. `tieout facts`
    /// lists them, so that a rule author sees what no rule checks.
    pub fn untyped(&self, text: &str) -> Vec<(usize, usize, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (c, value) in row.values.iter().enumerate().skip(self.label_columns) {
                let Some(span) = row.spans.get(c).filter(|s| !s.is_empty()) else {
                    continue;
                };
                // A date (`2099年12月31日`) or a year is a period, not a figure left unread.
                let cleaned = clean(&text[span.clone()]).text;
                let is_date = cleaned.contains('年') && period_in(&cleaned).is_some();
                if *value == CellValue::Text && !is_date && has_numeric_token(&cleaned) {
                    out.push((r, c, span.clone()));
                }
            }
        }
        out
    }

    /// The concept of the figure in `row`, `column`. A column headed by a measure (`毛利率`,
    /// `毛利额`) qualifies it: `功率器件` under `毛利率` is 功率器件毛利率, and a total row
    /// under `毛利率` is the 毛利率 of the whole. Headings that only say how a figure is
    /// printed (金额, 占比, a period, a unit) add nothing.
    pub fn concept_of(&self, row: &TypedRow, column: usize) -> String {
        let label = row.label();
        let is_total = is_total_label(row.last_label());
        let Some(measure) = self.columns.get(column).and_then(|c| c.measure.clone()) else {
            if is_total
                && matches!(
                    self.columns.get(column).map(|c| c.unit),
                    Some(Unit::Money { .. })
                )
                && self.is_region_breakdown()
            {
                return "收入".to_string();
            }
            return label;
        };
        if is_total || label.is_empty() {
            measure
        } else if label.ends_with(&measure) {
            label
        } else {
            format!("{label}{measure}")
        }
    }

    /// Whether the table breaks a whole down by region (`中國 / 海外 / 總計`, `境内 / 境外 /
    /// 合计`) with nothing in its title naming another measure: filings break revenue down
    /// by region (分地区), so its total is the revenue — the figure a caption cut off by the
    /// PDF (`下表詳述我們往績記錄…`) would have named.
    fn is_region_breakdown(&self) -> bool {
        const REGIONS: &[&str] = &[
            "中国",
            "中國",
            "境内",
            "境內",
            "境外",
            "海外",
            "国内",
            "國內",
            "国外",
            "國外",
            "中国大陆",
            "中國大陸",
            "中国境内",
            "中國境內",
            "港澳台",
            "华东",
            "華東",
            "华南",
            "華南",
            "华北",
            "華北",
            "华中",
            "華中",
            "西南",
            "西北",
            "东北",
            "東北",
            "亚洲",
            "亞洲",
            "欧洲",
            "歐洲",
            "北美",
            "北美洲",
            "美国",
            "美國",
            "日本",
            "韩国",
            "韓國",
            "台湾",
            "台灣",
            "东南亚",
            "東南亞",
        ];
        if [
            "毛利", "成本", "采购", "採購", "费用", "費用", "利润", "利潤",
        ]
        .iter()
        .any(|w| self.title.contains(w))
        {
            return false;
        }
        let mut regions = 0;
        for row in &self.rows {
            let label = row.last_label();
            if is_total_label(label) {
                continue;
            }
            let name: String = label
                .chars()
                .take_while(|c| crate::extract::unit::is_cjk(*c))
                .collect();
            if REGIONS.contains(&name.as_str()) {
                regions += 1;
            } else if !name.starts_with("其他") && !name.starts_with("其它") {
                return false;
            }
        }
        regions >= 2
    }

    /// The facts of the table: one per figure in a figure column.
    pub fn facts(&self, doc: &Document) -> Vec<Fact> {
        let mut facts = Vec::new();
        // What the title says of every figure: a forecast's are hypothetical; another
        // company's keep its name, as a sentence about it does (`众享科技 / 营业总收入`).
        let stance = if title_is_a_scenario(&self.title) {
            Stance::Hypothetical
        } else {
            Stance::Stated
        };
        let party = title_party(&self.title);
        for (r, row) in self.rows.iter().enumerate() {
            for (c, value) in row.values.iter().enumerate().skip(self.label_columns) {
                // A range's ends are facts of their own, told apart by the end they are.
                let figures: Vec<(&Figure, Option<&str>)> = match value {
                    CellValue::Figure(figure) => vec![(figure, None)],
                    CellValue::Range { low, high } => low
                        .iter()
                        .map(|f| (f, Some("下限")))
                        .chain(high.iter().map(|f| (f, Some("上限"))))
                        .collect(),
                    _ => continue,
                };
                let column = self.columns.get(c);
                for (figure, end) in figures {
                    let mut header = column.map(|c| c.header.clone()).unwrap_or_default();
                    header.extend(end.map(str::to_string));
                    facts.push(Fact {
                        doc: doc.id,
                        span: figure.span.start + row.spans[c].start
                            ..figure.span.end + row.spans[c].start,
                        value: figure.value,
                        decimals: figure.decimals,
                        // A range's end carries its own unit (`40 μm - 55 μm`).
                        unit: match end {
                            Some(_) => figure.unit.unwrap_or_else(|| self.unit_of(r, c)),
                            None => self.unit_of(r, c),
                        },
                        concept: match party {
                            Some(p) => format!("{p} / {}", self.concept_of(row, c)),
                            None => self.concept_of(row, c),
                        },
                        column: header,
                        period: column.and_then(|c| c.period.clone()),
                        measure: Measure::Level,
                        origin: Origin::Table {
                            table: self.index,
                            row: r,
                            column: c,
                        },
                        stance,
                    });
                }
            }
        }
        facts
    }
}

/// The measure a column's headings name, if any: the last heading that is neither a period,
/// nor a unit, nor a word that only says how the figure is printed.
fn measure_heading(header: &[String]) -> Option<String> {
    const PRINTING_WORDS: &[&str] = &[
        "金额",
        "金額",
        "占比",
        "佔比",
        "比例",
        "比重",
        "百分比",
        "数量",
        "數量",
        "数额",
        "数額",
        "项目",
        "項目",
        "%",
        "合计",
        "合計",
        "总计",
        "總計",
        "小计",
        "小計",
        "变动额",
        "变动",
        "变动比例",
        "增减",
        "同比",
        "单价",
        "单位",
        "期末余额",
        "期初余额",
        "余额",
        "占营业收入比例",
    ];
    header.iter().rev().find_map(|h| {
        // A unit in brackets after the heading (`研发费用率(%)`) is no part of the measure.
        let h = match h.as_str().trim_end().strip_suffix([')', '）']) {
            Some(inner) => inner
                .rfind(['(', '（'])
                .map_or(h.as_str(), |open| &inner[..open])
                .trim_end(),
            None => h.as_str(),
        };
        let h = h.trim_matches(|c: char| c == '(' || c == ')' || c == '（' || c == '）');
        let is_period = period_in(h).is_some() || h.contains("止") || h.contains("年度");
        let is_unit = unit_in_header(h).is_some_and(|u| !matches!(u, Unit::Percent))
            || h.starts_with("人民币")
            || h.starts_with("人民幣");
        let bracketed = h
            .strip_suffix(')')
            .and_then(|inner| inner.rsplit_once('('))
            .map(|(_, word)| word);
        let printing = PRINTING_WORDS
            .iter()
            .any(|w| h == *w || bracketed == Some(*w));
        let cjk = h.chars().any(crate::extract::unit::is_cjk);
        (!h.is_empty() && !is_period && !is_unit && !printing && cjk && h.chars().count() <= 8)
            .then(|| h.to_string())
    })
}

/// Whether the first column numbers the rows (`1.`, `2`, `2.1` …) rather than holding
/// figures: every such cell is a small outline number, the first is 1, and a label follows.
fn numbering_column(text: &str, body: &[Row], rows: &[RawRow]) -> bool {
    let mut seen = 0;
    let last = body.len().saturating_sub(1);
    for (index, (row, (_, values, _))) in body.iter().zip(rows).enumerate() {
        let Some(cell) = row.cells.first() else {
            continue;
        };
        let number = clean(&text[cell.span.clone()]).text;
        if number.is_empty() {
            continue;
        }
        let outline = number.trim_end_matches('.').split('.').all(|part| {
            !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit())
        });
        let label_follows = matches!(values.get(1), Some(CellValue::Text));
        if index == last && !outline {
            // The total row writes its label where the numbers stand: `合计 | | 5.13`.
            continue;
        }
        if !outline || !label_follows || (seen == 0 && number.trim_end_matches('.') != "1") {
            return false;
        }
        seen += 1;
    }
    seen >= 2
}

/// Leading dashes that mark a row as a part of the row above: `-MEMS`, `--滤波器`.
pub fn dash_depth(label: &str) -> usize {
    label
        .chars()
        .take_while(|c| matches!(c, '-' | '－' | '—' | '–'))
        .count()
}

/// The most common value of a sorted slice (the smallest on a tie).
fn mode(sorted: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|v| **v == sorted[i]).count();
        if best.is_none_or(|(_, n)| j > n) {
            best = Some((sorted[i], j));
        }
        i += j;
    }
    best.map(|(v, _)| v)
}

/// Whether text holds a number, not only digits inside a name (`H100`, `MI300`, `5G`, `3D`,
/// `2.5D`): a digit run counts unless a Latin letter touches it.
fn has_numeric_token(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | ',')) {
            i += 1;
        }
        let letter_before = start > 0 && chars[start - 1].is_ascii_alphabetic();
        let letter_after = chars.get(i).is_some_and(|c| c.is_ascii_alphabetic());
        if !letter_before && !letter_after {
            return true;
        }
    }
    false
}

/// Header path of every column: spanning headings carried right over the empty cells that
/// follow them, in every header row but the last.
fn header_paths(
    text: &str,
    header: &[Row],
    width: usize,
    label_columns: usize,
) -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new(); width];
    for (r, row) in header.iter().enumerate() {
        let is_last = r + 1 == header.len();
        let mut cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| clean(&text[cell.span.clone()]).text)
            .collect();
        // A header row one cell short of the body (one heading over two label columns):
        // when it names exactly one heading per figure column, those headings belong over the
        // figure columns.
        let headings = cells.iter().skip(1).filter(|c| !c.is_empty()).count();
        if is_last
            && cells.len() < width
            && label_columns > 1
            && headings == width - label_columns
            && cells.iter().skip(1).all(|c| !c.is_empty())
        {
            for _ in cells.len()..width {
                cells.insert(1, String::new());
            }
        }
        let mut carried: Option<String> = None;
        for (c, path) in paths.iter_mut().enumerate() {
            let cell = cells.get(c).cloned().unwrap_or_default();
            if !cell.is_empty() {
                // A heading over the label columns (`产品类别`) names the labels, not the
                // figures to its right: it is not carried into them.
                carried = (c >= label_columns).then(|| cell.clone());
                path.push(cell);
            } else if !is_last && c >= label_columns {
                if let Some(heading) = &carried {
                    path.push(heading.clone());
                }
            }
        }
    }
    paths
}

fn column_unit(header: &[String], rows: &[RawRow], column: usize, caption: Option<Unit>) -> Unit {
    // The most specific heading names the unit: `%` under `2022年` under a caption in 万元.
    // A heading that names an amount and a share at once (`金额/比例`) names neither: the
    // cells say, each with its own `%` or none.
    let names_both = |h: &str| {
        [
            "金额/比例",
            "金额/占比",
            "金额或比例",
            "金額/比例",
            "金額/佔比",
        ]
        .iter()
        .any(|w| h.contains(w))
    };
    if let Some(unit) = header
        .iter()
        .rev()
        .filter(|h| !names_both(h))
        .find_map(|h| unit_in_header(h))
    {
        return unit;
    }
    let (mut percent, mut figures) = (0, 0);
    for (_, values, _) in rows {
        if let Some(CellValue::Figure(f)) = values.get(column) {
            figures += 1;
            if f.unit == Some(Unit::Percent) {
                percent += 1;
            }
        }
    }
    if figures > 0 && percent * 2 >= figures {
        return Unit::Percent;
    }
    caption.unwrap_or(Unit::Plain)
}

fn column_period(header: &[String]) -> Option<String> {
    let joined = header.join(" ");
    let period = period_in(&joined)?;
    let half_year = ["六個月", "六个月", "1-6月", "1－6月"]
        .iter()
        .any(|w| joined.contains(w));
    if half_year && period.len() == 4 {
        return Some(format!("{period}-01~06"));
    }
    Some(period)
}

//! The expression language of `assert:` — a small decimal language with a span on every
//! node, so that a mistake is reported at its column inside the expression.
//!
//! ```text
//! assertion  := sum (('==' | '~=' | '<' | '<=' | '>' | '>=') sum)?
//! sum        := product (('+' | '-') product)*
//! product    := unary (('*' | '/') unary)*
//! unary      := '-' unary | primary
//! primary    := NUMBER | NAME | NAME '(' (assertion (',' assertion)*)? ')' | '(' assertion ')'
//! ```
//!
//! Numbers are exact decimals (`0.5`, `100`, `1,000` is not a number: write `1000`). Names are
//! bindings of the rule. Functions: `sum`, `abs`, `min`, `max`, `round(x, n)`, `change(a, b)`
//! (b ÷ a − 1), `cagr(first, last, years)`.
//!
//! Evaluation is over intervals (see `eval::interval`): a bound figure stands for every value
//! its printed rounding allows, and `==` holds when the two sides' intervals meet.

use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::eval::interval::Interval;

/// Nesting deeper than this is refused: expressions come from rule files, which are untrusted.
pub const MAX_DEPTH: usize = 64;

/// Expressions longer than this many tokens are refused. A chain `a + a + … + a` nests no
/// parenthesis but builds a tree as deep as it is long, and evaluating or dropping that tree
/// recurses once a level: without this bound a long enough chain overflows the stack.
pub const MAX_TOKENS: usize = 1000;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Rounding-aware equality: the intervals meet.
    Eq,
    /// Equality within the rule's explicit `tolerance:`.
    Approx,
    Lt,
    Le,
    Gt,
    Ge,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Comparison::Eq => "==",
            Comparison::Approx => "~=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// The built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Sum,
    Abs,
    Min,
    Max,
    Round,
    Change,
    Cagr,
}

impl Function {
    fn by_name(name: &str) -> Option<Self> {
        Some(match name {
            "sum" => Function::Sum,
            "abs" => Function::Abs,
            "min" => Function::Min,
            "max" => Function::Max,
            "round" => Function::Round,
            "change" => Function::Change,
            "cagr" => Function::Cagr,
            _ => return None,
        })
    }

    /// How many arguments the function takes: (least, most).
    fn arity(self) -> (usize, usize) {
        match self {
            Function::Sum | Function::Min | Function::Max => (1, usize::MAX),
            Function::Abs => (1, 1),
            Function::Round | Function::Change => (2, 2),
            Function::Cagr => (3, 3),
        }
    }
}

/// An expression node with the byte span it was written at (relative to the expression).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Number(Decimal),
    Name(String),
    Negate(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
    Compare(Comparison, Box<Expr>, Box<Expr>),
}

/// A syntax error at a byte span of the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal),
    Name(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<(Token, Range<usize>)>, SyntaxError> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < text.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let literal = &text[start..i];
            let value = Decimal::from_str_exact(literal).map_err(|_| SyntaxError {
                message: format!("`{literal}` is not a number"),
                span: start..i,
            })?;
            tokens.push((Token::Number(value), start..i));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            while i < text.len() {
                let d = text[i..].chars().next().unwrap_or(' ');
                if d.is_alphanumeric() || d == '_' {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            tokens.push((Token::Name(text[start..i].to_string()), start..i));
            continue;
        }
        let two = text.get(i..i + 2).unwrap_or("");
        let op: Option<&'static str> = match two {
            "==" => Some("=="),
            "~=" => Some("~="),
            "<=" => Some("<="),
            ">=" => Some(">="),
            _ => None,
        };
        if let Some(op) = op {
            tokens.push((Token::Op(op), i..i + 2));
            i += 2;
            continue;
        }
        let token = match c {
            '+' => Token::Op("+"),
            '-' => Token::Op("-"),
            '*' => Token::Op("*"),
            '/' => Token::Op("/"),
            '<' => Token::Op("<"),
            '>' => Token::Op(">"),
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            _ => {
                return Err(SyntaxError {
                    message: format!("unexpected character `{c}`"),
                    span: i..i + c.len_utf8(),
                })
            }
        };
        tokens.push((token, i..i + c.len_utf8()));
        i += c.len_utf8();
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: &'a [(Token, Range<usize>)],
    at: usize,
    end: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn span_here(&self) -> Range<usize> {
        self.tokens
            .get(self.at)
            .map_or(self.end..self.end, |(_, s)| s.clone())
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: self.span_here(),
        }
    }

    fn descend(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("expression nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn assertion(&mut self) -> Result<Expr, SyntaxError> {
        self.descend()?;
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Token::Op("==")) => Some(Comparison::Eq),
            Some(Token::Op("~=")) => Some(Comparison::Approx),
            Some(Token::Op("<")) => Some(Comparison::Lt),
            Some(Token::Op("<=")) => Some(Comparison::Le),
            Some(Token::Op(">")) => Some(Comparison::Gt),
            Some(Token::Op(">=")) => Some(Comparison::Ge),
            _ => None,
        };
        let result = match op {
            Some(op) => {
                self.at += 1;
                let right = self.sum()?;
                let span = left.span.start..right.span.end;
                Expr {
                    kind: ExprKind::Compare(op, Box::new(left), Box::new(right)),
                    span,
                }
            }
            None => left,
        };
        self.depth -= 1;
        Ok(result)
    }

    fn sum(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Token::Op("+")) => BinaryOp::Add,
                Some(Token::Op("-")) => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.product()?;
            let span = left.span.start..right.span.end;
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
        }
    }

    fn product(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Token::Op("*")) => BinaryOp::Mul,
                Some(Token::Op("/")) => BinaryOp::Div,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.unary()?;
            let span = left.span.start..right.span.end;
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
        }
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if let Some(Token::Op("-")) = self.peek() {
            let start = self.span_here().start;
            self.at += 1;
            self.descend()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let span = start..inner.span.end;
            return Ok(Expr {
                kind: ExprKind::Negate(Box::new(inner)),
                span,
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let Some((token, span)) = self.tokens.get(self.at).cloned() else {
            return Err(self.error("the expression ends where a value is expected"));
        };
        self.at += 1;
        match token {
            Token::Number(value) => Ok(Expr {
                kind: ExprKind::Number(value),
                span,
            }),
            Token::Name(name) => {
                if self.peek() != Some(&Token::Open) {
                    return Ok(Expr {
                        kind: ExprKind::Name(name),
                        span,
                    });
                }
                let Some(function) = Function::by_name(&name) else {
                    return Err(SyntaxError {
                        message: format!(
                            "unknown function `{name}`: the functions are sum, abs, min, max, round, change, cagr"
                        ),
                        span,
                    });
                };
                self.at += 1;
                let mut args = Vec::new();
                if self.peek() != Some(&Token::Close) {
                    loop {
                        args.push(self.assertion()?);
                        match self.peek() {
                            Some(Token::Comma) => self.at += 1,
                            Some(Token::Close) => break,
                            _ => return Err(self.error("expected `,` or `)`")),
                        }
                    }
                }
                let close = self.span_here();
                self.at += 1;
                let (least, most) = function.arity();
                if args.len() < least || args.len() > most {
                    return Err(SyntaxError {
                        message: format!(
                            "`{name}` takes {}, not {}",
                            if least == most {
                                format!("{least} argument{}", if least == 1 { "" } else { "s" })
                            } else {
                                format!("at least {least} argument")
                            },
                            args.len()
                        ),
                        span: span.start..close.end,
                    });
                }
                Ok(Expr {
                    kind: ExprKind::Call(function, args),
                    span: span.start..close.end,
                })
            }
            Token::Open => {
                let inner = self.assertion()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("expected `)`"));
                }
                let close = self.span_here();
                self.at += 1;
                Ok(Expr {
                    kind: inner.kind,
                    span: span.start..close.end,
                })
            }
            Token::Op(op) => Err(SyntaxError {
                message: format!("`{op}` where a value is expected"),
                span,
            }),
            Token::Close => Err(SyntaxError {
                message: "`)` where a value is expected".into(),
                span,
            }),
            Token::Comma => Err(SyntaxError {
                message: "`,` where a value is expected".into(),
                span,
            }),
        }
    }
}

/// Parses an expression.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(text)?;
    if let Some((_, span)) = tokens.get(MAX_TOKENS) {
        return Err(SyntaxError {
            message: format!(
                "expression longer than {MAX_TOKENS} tokens; split it into several rules"
            ),
            span: span.clone(),
        });
    }
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        end: text.len(),
        depth: 0,
    };
    let expr = parser.assertion()?;
    if parser.at < tokens.len() {
        return Err(parser.error("unexpected text after the expression"));
    }
    Ok(expr)
}

impl Expr {
    /// Every name the expression uses, with its span, in order.
    pub fn names(&self) -> Vec<(&str, Range<usize>)> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'a>(&'a self, out: &mut Vec<(&'a str, Range<usize>)>) {
        match &self.kind {
            ExprKind::Name(n) => out.push((n, self.span.clone())),
            ExprKind::Number(_) => {}
            ExprKind::Negate(e) => e.collect_names(out),
            ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) => {
                a.collect_names(out);
                b.collect_names(out);
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| a.collect_names(out)),
        }
    }
}

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A name with no value bound (the compiler rejects these; kept for safety).
    Unbound(String),
    /// A division whose divisor may be zero, or an overflow: the relation cannot be decided.
    Undecidable(String),
    /// A comparison used as a value, or a value where a comparison is needed.
    NotAValue,
}

/// What an assertion found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub holds: bool,
    /// The left side's value (printed figures at their printed value).
    pub actual: Decimal,
    /// The right side's value.
    pub expected: Decimal,
    /// `actual − expected`.
    pub difference: Decimal,
    /// The half-widths the roundings allow (or the rule's tolerance for `~=`).
    pub tolerance: Decimal,
}

/// A value during evaluation: the point computed from printed values, and the interval of
/// every value the roundings allow.
#[derive(Debug, Clone, Copy)]
pub struct Value {
    pub point: Decimal,
    pub range: Interval,
}

fn undecidable(what: &str) -> EvalError {
    EvalError::Undecidable(what.to_string())
}

impl Value {
    pub fn exact(v: Decimal) -> Self {
        Self {
            point: v,
            range: Interval::exact(v),
        }
    }
}

/// Evaluates a value expression with `lookup` giving each bound name's value.
pub fn value(expr: &Expr, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<Value, EvalError> {
    match &expr.kind {
        ExprKind::Number(v) => Ok(Value::exact(*v)),
        ExprKind::Name(n) => lookup(n).ok_or_else(|| EvalError::Unbound(n.clone())),
        ExprKind::Negate(e) => {
            let v = value(e, lookup)?;
            Ok(Value {
                point: -v.point,
                range: Interval {
                    lo: -v.range.hi,
                    hi: -v.range.lo,
                },
            })
        }
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (value(a, lookup)?, value(b, lookup)?);
            binary(*op, a, b)
        }
        ExprKind::Call(f, args) => {
            let args = args
                .iter()
                .map(|a| value(a, lookup))
                .collect::<Result<Vec<_>, _>>()?;
            call(*f, &args)
        }
        ExprKind::Compare(..) => Err(EvalError::NotAValue),
    }
}

fn binary(op: BinaryOp, a: Value, b: Value) -> Result<Value, EvalError> {
    let overflow = || undecidable("the arithmetic overflows");
    Ok(match op {
        BinaryOp::Add => Value {
            point: a.point.checked_add(b.point).ok_or_else(overflow)?,
            range: a.range.checked_add(b.range).ok_or_else(overflow)?,
        },
        BinaryOp::Sub => Value {
            point: a.point.checked_sub(b.point).ok_or_else(overflow)?,
            range: a.range.checked_sub(b.range).ok_or_else(overflow)?,
        },
        BinaryOp::Mul => Value {
            point: a.point.checked_mul(b.point).ok_or_else(overflow)?,
            range: a.range.checked_mul(b.range).ok_or_else(overflow)?,
        },
        BinaryOp::Div => Value {
            point: a
                .point
                .checked_div(b.point)
                .ok_or_else(|| undecidable("a divisor is zero"))?,
            range: a
                .range
                .checked_div(b.range)
                .ok_or_else(|| undecidable("a divisor may be zero within its rounding"))?,
        },
    })
}

fn call(f: Function, args: &[Value]) -> Result<Value, EvalError> {
    match f {
        Function::Sum => args.iter().try_fold(Value::exact(Decimal::ZERO), |acc, v| {
            binary(BinaryOp::Add, acc, *v)
        }),
        Function::Abs => {
            let v = args[0];
            let (lo, hi) = (v.range.lo, v.range.hi);
            let range = if lo >= Decimal::ZERO {
                v.range
            } else if hi <= Decimal::ZERO {
                Interval { lo: -hi, hi: -lo }
            } else {
                Interval {
                    lo: Decimal::ZERO,
                    hi: hi.max(-lo),
                }
            };
            Ok(Value {
                point: v.point.abs(),
                range,
            })
        }
        Function::Min | Function::Max => {
            let pick = |x: Decimal, y: Decimal| {
                if f == Function::Min {
                    x.min(y)
                } else {
                    x.max(y)
                }
            };
            let mut out = args[0];
            for v in &args[1..] {
                out = Value {
                    point: pick(out.point, v.point),
                    range: Interval {
                        lo: pick(out.range.lo, v.range.lo),
                        hi: pick(out.range.hi, v.range.hi),
                    },
                };
            }
            Ok(out)
        }
        Function::Round => {
            let digits = args[1].point;
            if !digits.fract().is_zero() || digits < Decimal::ZERO || digits > Decimal::from(20) {
                return Err(undecidable(
                    "round() takes a whole number of digits from 0 to 20",
                ));
            }
            let n = u32::try_from(digits.mantissa()).unwrap_or(0) / 10u32.pow(digits.scale());
            let v = args[0];
            Ok(Value {
                point: v.point.round_dp(n),
                range: Interval {
                    lo: v.range.lo.round_dp(n),
                    hi: v.range.hi.round_dp(n),
                },
            })
        }
        Function::Change => {
            // b ÷ a − 1 is monotonic in each input for positive a: endpoints suffice.
            let (a, b) = (args[0], args[1]);
            let ratio = binary(BinaryOp::Div, b, a)?;
            binary(BinaryOp::Sub, ratio, Value::exact(Decimal::ONE))
        }
        Function::Cagr => {
            let (first, last, years) = (args[0], args[1], args[2]);
            let ratio = binary(BinaryOp::Div, last, first)?;
            let n = years.point;
            if n <= Decimal::ZERO || !n.fract().is_zero() || n > Decimal::from(100) {
                return Err(undecidable(
                    "cagr() takes a whole number of years from 1 to 100",
                ));
            }
            let n = u32::try_from(n.mantissa()).unwrap_or(1) / 10u32.pow(n.scale());
            let root = |x: Decimal| {
                nth_root(x, n).ok_or_else(|| undecidable("cagr() of a negative ratio"))
            };
            Ok(Value {
                point: root(ratio.point)? - Decimal::ONE,
                range: Interval {
                    lo: root(ratio.range.lo)? - Decimal::ONE,
                    hi: root(ratio.range.hi)? - Decimal::ONE,
                },
            })
        }
    }
}

/// The `n`-th root of a positive decimal by Newton's method, in exact decimal arithmetic
/// (to 20 decimals; far finer than any printed rate).
pub fn nth_root(x: Decimal, n: u32) -> Option<Decimal> {
    if x < Decimal::ZERO {
        return None;
    }
    if x.is_zero() || n == 1 {
        return Some(x);
    }
    let n_dec = Decimal::from(n);
    let mut guess = if x > Decimal::ONE {
        x / n_dec + Decimal::ONE
    } else {
        Decimal::ONE
    };
    for _ in 0..200 {
        let power = (1..n).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(guess))?;
        if power.is_zero() {
            return None;
        }
        let next = ((n_dec - Decimal::ONE) * guess + x.checked_div(power)?) / n_dec;
        if (next - guess).abs() < Decimal::new(1, 20) {
            return Some(next.round_dp(20));
        }
        guess = next;
    }
    Some(guess.round_dp(20))
}

/// Evaluates an assertion. `tolerance` is the rule's explicit tolerance, used by `~=`.
pub fn assertion(
    expr: &Expr,
    lookup: &dyn Fn(&str) -> Option<Value>,
    tolerance: Option<Decimal>,
) -> Result<Outcome, EvalError> {
    let ExprKind::Compare(op, left, right) = &expr.kind else {
        return Err(EvalError::NotAValue);
    };
    let (a, b) = (value(left, lookup)?, value(right, lookup)?);
    let difference = a.point - b.point;
    let (holds, allowed) = match op {
        Comparison::Eq => (
            a.range.intersects(&b.range),
            a.range.half_width() + b.range.half_width(),
        ),
        Comparison::Approx => {
            let t = tolerance.unwrap_or(Decimal::ZERO);
            (a.range.distance(&b.range) <= t, t)
        }
        // An inequality holds when some values within the roundings satisfy it.
        Comparison::Lt => (a.range.lo < b.range.hi, Decimal::ZERO),
        Comparison::Le => (a.range.lo <= b.range.hi, Decimal::ZERO),
        Comparison::Gt => (a.range.hi > b.range.lo, Decimal::ZERO),
        Comparison::Ge => (a.range.hi >= b.range.lo, Decimal::ZERO),
    };
    Ok(Outcome {
        holds,
        actual: a.point,
        expected: b.point,
        difference,
        tolerance: allowed.normalize(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn printed(v: &str, decimals: u32) -> Value {
        Value {
            point: d(v),
            range: Interval::printed(d(v), decimals),
        }
    }

    #[test]
    fn precedence_and_spans() {
        let e = parse("pct == cash / rev * 100").unwrap();
        let ExprKind::Compare(Comparison::Eq, left, right) = &e.kind else {
            panic!()
        };
        assert_eq!(left.span, 0..3);
        assert_eq!(right.span, 7..23);
        assert!(matches!(right.kind, ExprKind::Binary(BinaryOp::Mul, _, _)));
        assert_eq!(
            e.names().iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ["pct", "cash", "rev"]
        );
    }

    #[test]
    fn syntax_errors_point_at_their_column() {
        let err = parse("a == (b + c").unwrap_err();
        assert_eq!(err.span, 11..11);
        let err = parse("a == b $ c").unwrap_err();
        assert_eq!(err.span, 7..8);
        let err = parse("a == frobnicate(b)").unwrap_err();
        assert_eq!(err.span, 5..15);
        let err = parse("a == round(b)").unwrap_err();
        assert!(err.message.contains("takes 2 arguments"), "{}", err.message);
    }

    /// Regression: `a + a + … + a` with 200,000 terms overflowed the stack when evaluated.
    #[test]
    fn a_long_flat_chain_is_refused_not_a_stack_overflow() {
        let chain = vec!["a"; 200_000].join(" + ") + " == a";
        let err = parse(&chain).unwrap_err();
        assert!(
            err.message.contains("longer than 1000 tokens"),
            "{}",
            err.message
        );
        let fits = vec!["a"; 400].join(" * ") + " == a";
        assert!(parse(&fits).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).unwrap_err().message.contains("nested deeper"));
        let deeper = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse(&deeper).is_err());
        let negations = format!("{}1", "-".repeat(10_000));
        assert!(parse(&negations).is_err());
    }

    #[test]
    fn equality_is_rounding_aware() {
        // 研发费用 5,866.02 / 营业收入 13,012.17 = 45.0812…%, printed 45.08%.
        let lookup = |n: &str| match n {
            "rd" => Some(printed("5866.02", 2)),
            "rev" => Some(printed("13012.17", 2)),
            "pct" => Some(printed("45.08", 2)),
            _ => None,
        };
        let e = parse("pct == rd / rev * 100").unwrap();
        assert!(assertion(&e, &lookup, None).unwrap().holds);
        let lookup_wrong = |n: &str| {
            if n == "pct" {
                Some(printed("45.18", 2))
            } else {
                lookup(n)
            }
        };
        assert!(!assertion(&e, &lookup_wrong, None).unwrap().holds);
    }

    #[test]
    fn growth_and_cagr() {
        // 16,757.75 → 39,398.33 over two years: CAGR 53.33%.
        let lookup = |n: &str| match n {
            "first" => Some(printed("16757.75", 2)),
            "last" => Some(printed("39398.33", 2)),
            "rate" => Some(printed("53.33", 2)),
            _ => None,
        };
        let e = parse("rate == cagr(first, last, 2) * 100").unwrap();
        let outcome = assertion(&e, &lookup, None).unwrap();
        assert!(outcome.holds, "{outcome:?}");
        let e = parse("change(100, 150) == 0.5").unwrap();
        assert!(assertion(&e, &lookup, None).unwrap().holds);
    }

    #[test]
    fn division_by_a_rounded_zero_is_undecidable() {
        let lookup = |n: &str| (n == "z").then(|| printed("0.00", 2));
        let e = parse("1 == 1 / z").unwrap();
        assert!(matches!(
            assertion(&e, &lookup, None),
            Err(EvalError::Undecidable(_))
        ));
    }

    #[test]
    fn approx_uses_the_explicit_tolerance() {
        let lookup = |_: &str| None;
        let e = parse("100 ~= 100.4").unwrap();
        assert!(assertion(&e, &lookup, Some(d("0.5"))).unwrap().holds);
        assert!(!assertion(&e, &lookup, Some(d("0.1"))).unwrap().holds);
    }
}

//! Where a value is written in a YAML file, by its path of keys and indexes.
//!
//! serde_yaml keeps no spans on values, but it does put the place of every error on the
//! error. So to find a node we deserialise the file once more with a seed that walks down the
//! path and fails on arriving: the error's location is the node's place, in block and flow
//! style alike.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of a mapping key.
    Key(&'a str),
    /// A mapping key itself (the last step of a path).
    KeyName(&'a str),
    Index(usize),
}

/// The byte offset and length of the node at `path` in `text`, if it is there.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let err = match (Probe { path }).deserialize(deserializer) {
        Ok(()) => return None,
        Err(err) => err,
    };
    if !err.to_string().contains(ARRIVED) {
        return None;
    }
    let offset = err.location()?.index();
    let len = match path.last() {
        Some(Step::KeyName(k)) => k.len(),
        _ => value_len(text, offset),
    };
    Some((offset, len))
}

const ARRIVED: &str = "\u{0}arrived";

struct Probe<'p> {
    path: &'p [Step<'p>],
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(ARRIVED));
        };
        while let Some(key) = map.next_key_seed(KeyProbe { step: *first })? {
            let here = match (first, &key) {
                (Step::Key(k), serde_yaml::Value::String(s)) => s == k,
                _ => false,
            };
            if here {
                return map.next_value_seed(Probe { path: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(ARRIVED));
        };
        let Step::Index(wanted) = *first else {
            return Ok(());
        };
        let mut i = 0;
        loop {
            if i == wanted {
                return seq.next_element_seed(Probe { path: rest }).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
}

/// Reads a mapping key, failing on the key a [`Step::KeyName`] names.
struct KeyProbe<'p> {
    step: Step<'p>,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = serde_yaml::Value;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let key = <serde_yaml::Value as serde::Deserialize>::deserialize(deserializer)?;
        match (self.step, &key) {
            (Step::KeyName(k), serde_yaml::Value::String(s)) if s == k => {
                Err(de::Error::custom(ARRIVED))
            }
            _ => Ok(key),
        }
    }
}

impl Probe<'_> {
    fn scalar<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(ARRIVED))
        } else {
            Ok(())
        }
    }
}

/// Length of the value written at `offset`: a quoted string with its quotes, else up to the
/// end of the line, a comment, or the next item of a flow collection.
fn value_len(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    let len = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => rest[1..].find(q).map_or(rest.len(), |e| e + 2),
        _ => rest.find([',', '}', ']', '\n', '#']).unwrap_or(rest.len()),
    };
    rest[..len].trim_end().len().max(1).min(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Index, Key, KeyName};

    fn found<'t>(text: &'t str, path: &[Step<'_>]) -> &'t str {
        let (offset, len) = locate(text, path).expect("the node is there");
        &text[offset..offset + len]
    }

    const CONFIG: &str = "\
fail_on: warning
disable: [table.footing, 'table.percent-total']
waivers:
  - rule: table.share-of-total
    text: '25.77%'
    expires: 2027-13-01
  - { rule: table.footing, path: 'a/*.txt', expires: 2026-02-30 }
";

    #[test]
    fn finds_a_top_level_scalar() {
        assert_eq!(found(CONFIG, &[Key("fail_on")]), "warning");
    }

    #[test]
    fn finds_items_of_a_flow_sequence() {
        assert_eq!(found(CONFIG, &[Key("disable"), Index(0)]), "table.footing");
        assert_eq!(
            found(CONFIG, &[Key("disable"), Index(1)]),
            "'table.percent-total'"
        );
    }

    #[test]
    fn finds_a_key_of_a_block_item_and_of_a_flow_item() {
        assert_eq!(
            found(CONFIG, &[Key("waivers"), Index(0), Key("expires")]),
            "2027-13-01"
        );
        assert_eq!(
            found(CONFIG, &[Key("waivers"), Index(1), Key("expires")]),
            "2026-02-30"
        );
        assert_eq!(
            found(CONFIG, &[Key("waivers"), Index(1), Key("path")]),
            "'a/*.txt'"
        );
    }

    #[test]
    fn finds_a_sequence_item_itself() {
        let (offset, _) = locate(CONFIG, &[Key("waivers"), Index(1)]).unwrap();
        assert!(CONFIG[offset..].starts_with("{ rule"));
    }

    #[test]
    fn counts_bytes_so_that_cjk_text_before_the_node_is_no_trouble() {
        let text = "waivers:\n  - reason: 四舍五入所致\n    by: 张三\n";
        assert_eq!(found(text, &[Key("waivers"), Index(0), Key("by")]), "张三");
    }

    #[test]
    fn finds_a_key_itself() {
        let text = "severity:\n  table.footing: info\n";
        let (offset, _) = locate(text, &[Key("severity"), KeyName("table.footing")]).unwrap();
        assert!(text[offset..].starts_with("table.footing: info"));
    }

    #[test]
    fn a_path_that_is_not_there_is_none() {
        assert_eq!(locate(CONFIG, &[Key("groups")]), None);
        assert_eq!(locate(CONFIG, &[Key("waivers"), Index(5)]), None);
    }
}

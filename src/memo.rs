//! What a check derives from one part of a pipeline, kept for the other
//! places that hold the same part: the jobs that extend one GitLab template
//! all run its commands, and deriving the same thing again for each job
//! was most of what such a pipeline cost.

use std::collections::hash_map::Entry;
use std::hash::Hash;

use crate::FastMap;

/// Values derived from items, kept by a key the caller reads off the item
/// (its spans), with the item itself: a kept value is used only for an
/// equal item, since a key may be shared by items that differ (every
/// command of a script the file cannot map line by line has the script's
/// span). The first item under a key is kept; another under it is derived
/// each time it comes.
pub struct Memo<K, I, V> {
    kept: FastMap<K, (I, V)>,
}

impl<K, I, V> Default for Memo<K, I, V> {
    fn default() -> Self {
        Memo {
            kept: FastMap::default(),
        }
    }
}

impl<K: Hash + Eq, I: PartialEq, V> Memo<K, I, V> {
    /// `read` applied to the value of `item`, derived with `derive` unless
    /// it is kept.
    pub fn with<R>(
        &mut self,
        key: K,
        item: I,
        derive: impl FnOnce() -> V,
        read: impl FnOnce(&V) -> R,
    ) -> R {
        match self.kept.entry(key) {
            Entry::Occupied(kept) if kept.get().0 == item => read(&kept.get().1),
            Entry::Occupied(_) => read(&derive()),
            Entry::Vacant(vacant) => read(&vacant.insert((item, derive())).1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_derived_once_per_item_and_never_lent_to_another_item_under_its_key() {
        let mut memo: Memo<u32, &str, String> = Memo::default();
        let mut derived = Vec::new();
        let mut value = |memo: &mut Memo<u32, &str, String>, key, item: &'static str| {
            memo.with(
                key,
                item,
                || {
                    derived.push(item);
                    item.to_uppercase()
                },
                String::clone,
            )
        };
        assert_eq!(value(&mut memo, 1, "a"), "A");
        assert_eq!(value(&mut memo, 1, "a"), "A");
        // Same key, another item: its own value, derived each time.
        assert_eq!(value(&mut memo, 1, "b"), "B");
        assert_eq!(value(&mut memo, 1, "b"), "B");
        assert_eq!(value(&mut memo, 2, "b"), "B");
        assert_eq!(value(&mut memo, 2, "b"), "B");
        assert_eq!(derived, ["a", "b", "b", "b"]);
    }
}

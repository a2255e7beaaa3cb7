//! The second opinion learned from labelled questions (`data/questions/*.tsv`): a naive Bayes
//! classifier over the character n-grams of the normalized text. Hand-written patterns place
//! the questions their authors foresaw; each new writer brings wordings none foresaw ("what all
//! can you do", 後天亞太區有正常開嗎), and those share letters with labelled questions more
//! often than words with a pattern. `Intents::read` asks it when no pattern places a message
//! that asks, and whether the answer a pattern chose (unless it rests on a case or feature the
//! message names, or takes two options or more from it) should give way to what it learned, by
//! a wide margin.

use std::hash::Hasher;
use std::sync::{Mutex, OnceLock};

use rustc_hash::{FxHashMap, FxHasher};

/// Character n-grams of these lengths are the features: two and three characters carry most
/// of a Chinese or Japanese word, four the stem of an English one.
const GRAM_LENGTHS: [usize; 3] = [2, 3, 4];

/// Additive smoothing of the counts: a feature a class never showed costs it `ln(ALPHA)` less
/// than one it showed once, so one odd word does not overrule the rest of a message.
const ALPHA: f64 = 0.1;

/// What the classifier learned: per class (an index the caller maps to an intent, or to no
/// intent), its prior, and per feature the classes that showed it.
pub struct Learned {
    classes: usize,
    /// `ln` of each class's share of the examples.
    prior: Vec<f64>,
    /// What each feature present in a message costs a class that never showed it.
    unseen: Vec<f64>,
    /// Per feature, its classes (`Row`): one probe of a compact table per n-gram of a message,
    /// which holds the classes of most features itself.
    shown: FxHashMap<u64, Row>,
    /// For each feature whose row does not hold its classes (`Row::inline`), what showing it
    /// adds over `unseen` to every class in turn, 0 for a class that never showed it; `f32`, as
    /// the margins that decide are tens of units apart. Such a feature is mostly a common one
    /// (" th", 時間), shown by many of the classes (or one a class showed 2^14 times or more):
    /// adding a whole row takes fewer instructions than reading which classes it names, and
    /// adding 0 changes no score.
    spilled: Vec<f32>,
    /// What a feature shown in `count` examples of a class adds over `unseen`, by `count`, for
    /// the counts a `Row` holds itself.
    gain_of_count: Vec<f32>,
}

/// What a feature shown in `count` examples of a class adds to the class's score over `unseen`.
fn gain(count: u32) -> f32 {
    ((f64::from(count) + ALPHA).ln() - ALPHA.ln()) as f32
}

/// The classes that showed a feature, with how many examples of each did. Up to `INLINE` of
/// them are packed in the row itself (a class under 2^6, a count under 2^14, 20 bits each, the
/// number of them in the lowest 2 bits); more, or a class or count too large for its bits, are
/// in `Learned::spilled`, whose row the row names. Most n-grams of a message are rare ones,
/// shown by one class or two: their probe of the table is then the only read of memory the
/// caches may not hold.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row(u64);

impl Row {
    const INLINE: usize = 3;
    const SPILLED: u64 = 1 << 63;
    const CLASS_BITS: u32 = 6;
    const COUNT_BITS: u32 = 14;
    const ENTRY_BITS: u32 = Row::CLASS_BITS + Row::COUNT_BITS;
    const LEN_BITS: u32 = 2;

    /// `by_class` (class, count) packed in the row, or `None` when there are too many of them
    /// or one does not fit its bits.
    fn inline(by_class: impl ExactSizeIterator<Item = (u32, u32)>) -> Option<Row> {
        if by_class.len() > Row::INLINE {
            return None;
        }
        let mut packed = by_class.len() as u64;
        for (i, (class, count)) in (0u32..).zip(by_class) {
            if class >= 1 << Row::CLASS_BITS || count >= 1 << Row::COUNT_BITS {
                return None;
            }
            let entry = u64::from(class) | u64::from(count) << Row::CLASS_BITS;
            packed |= entry << (Row::LEN_BITS + i * Row::ENTRY_BITS);
        }
        Some(Row(packed))
    }

    /// A row whose classes are the `index`th row of `Learned::spilled`.
    fn spilled(index: u32) -> Row {
        Row(Row::SPILLED | u64::from(index))
    }

    /// Which row of `Learned::spilled` holds its classes, when the row does not.
    fn spilled_row(self) -> Option<usize> {
        (self.0 & Row::SPILLED != 0).then_some((self.0 & u64::from(u32::MAX)) as usize)
    }

    /// The (class, count) packed in the row: none for a spilled one.
    fn inline_entries(self) -> impl Iterator<Item = (usize, usize)> {
        let len = match self.0 & Row::SPILLED {
            0 => (self.0 & ((1 << Row::LEN_BITS) - 1)) as u32,
            _ => 0,
        };
        (0..len).map(move |i| {
            let entry = self.0 >> (Row::LEN_BITS + i * Row::ENTRY_BITS);
            let class = entry & ((1 << Row::CLASS_BITS) - 1);
            let count = (entry >> Row::CLASS_BITS) & ((1 << Row::COUNT_BITS) - 1);
            (class as usize, count as usize)
        })
    }
}

/// What trains the model: the examples, and how to read them.
type Trainer = Box<dyn FnOnce() -> Option<Learned> + Send>;

/// The second opinion's model, trained the first time a message needs it or when
/// `Intents::learn_now` asks: some tenths of a second, seconds in a debug build, that start-up
/// need not wait for.
pub struct Training {
    train: Mutex<Option<Trainer>>,
    learned: OnceLock<Option<Learned>>,
}

impl Training {
    /// A model that learned nothing, until `Intents::learn` gives it its examples.
    pub fn untrained() -> Training {
        Training::new(|| None)
    }

    /// A model `train` will train, when first needed.
    pub fn new(train: impl FnOnce() -> Option<Learned> + Send + 'static) -> Training {
        Training {
            train: Mutex::new(Some(Box::new(train))),
            learned: OnceLock::new(),
        }
    }

    /// The model, trained by the first caller; the others wait for it. Training that panicked
    /// leaves no model (the patterns alone answer), never a half-trained one.
    pub fn learned(&self) -> Option<&Learned> {
        self.learned
            .get_or_init(|| {
                let train = self.train.lock().ok().and_then(|mut train| train.take());
                train.and_then(|train| train())
            })
            .as_ref()
    }

    /// Whether the model is trained: asking for it no longer waits.
    pub fn is_trained(&self) -> bool {
        self.learned.get().is_some()
    }
}

/// How much each class is the likelier reading of a message: `ln` of its likelihood, up to a
/// constant the same for every class.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    scores: Vec<f64>,
}

impl Guess {
    /// The likeliest class.
    pub fn class(&self) -> Option<usize> {
        let (class, _) = self
            .scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        Some(class)
    }

    /// By how much the likeliest class beats `class` (a difference of log-likelihoods: 0 when
    /// `class` is the likeliest; 20 when it is e^20 times less likely); the lead over the next
    /// class when `class` is `None`.
    pub fn lead_over(&self, class: Option<usize>) -> f64 {
        let Some(best) = self.class() else {
            return 0.0;
        };
        let top = self.scores.get(best).copied().unwrap_or_default();
        let other = match class {
            Some(class) => self.scores.get(class).copied(),
            None => self
                .scores
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != best)
                .map(|(_, &s)| s)
                .max_by(f64::total_cmp),
        };
        other.map_or(0.0, |other| top - other)
    }
}

impl Learned {
    /// Learns from `(class, text)` examples, `text` already normalized as messages are; classes
    /// are `0..classes`. `None` without examples.
    pub fn train<'a>(
        classes: usize,
        examples: impl IntoIterator<Item = (usize, &'a str)>,
    ) -> Option<Learned> {
        let mut per_class = vec![0usize; classes];
        let mut counts: FxHashMap<(u64, u32), u32> = FxHashMap::default();
        for (class, text) in examples {
            let (Some(seen), Ok(class)) = (per_class.get_mut(class), u32::try_from(class)) else {
                continue;
            };
            *seen += 1;
            for feature in features(text) {
                *counts.entry((feature, class)).or_default() += 1;
            }
        }
        let total: usize = per_class.iter().sum();
        if total == 0 {
            return None;
        }
        let mut counts: Vec<(u64, u32, u32)> = counts
            .into_iter()
            .map(|((feature, class), count)| (feature, class, count))
            .collect();
        counts.sort_unstable();
        let mut features_per_class = vec![0usize; classes];
        for &(_, class, count) in &counts {
            if let Some(sum) = features_per_class.get_mut(class as usize) {
                *sum += count as usize;
            }
        }
        let vocabulary = counts.chunk_by(|a, b| a.0 == b.0).count() as f64;
        let prior = per_class
            .iter()
            .map(|&n| ((n as f64 + ALPHA) / (total as f64 + ALPHA * classes as f64)).ln())
            .collect();
        let unseen = features_per_class
            .iter()
            .map(|&n| ALPHA.ln() - (n as f64 + ALPHA * vocabulary).ln())
            .collect();
        // An n-gram seen once tells almost nothing and makes the table, read some 150 times a
        // message, several times larger than the processor's caches.
        let mut shown = FxHashMap::default();
        let mut spilled = Vec::new();
        let mut most_inline = 0;
        for by_class in counts.chunk_by(|a, b| a.0 == b.0) {
            if by_class.iter().map(|&(_, _, count)| count).sum::<u32>() < 2 {
                continue;
            }
            let Some(&(feature, _, _)) = by_class.first() else {
                continue;
            };
            let row = match Row::inline(by_class.iter().map(|&(_, class, count)| (class, count))) {
                Some(row) => {
                    let most = by_class.iter().map(|&(_, _, count)| count).max();
                    most_inline = most_inline.max(most.unwrap_or_default());
                    row
                }
                None => {
                    let Ok(index) = u32::try_from(spilled.len() / classes) else {
                        continue;
                    };
                    let start = spilled.len();
                    spilled.resize(start + classes, 0.0);
                    for &(_, class, count) in by_class {
                        if let Some(gain_of_class) = spilled.get_mut(start + class as usize) {
                            *gain_of_class = gain(count);
                        }
                    }
                    Row::spilled(index)
                }
            };
            shown.insert(feature, row);
        }
        Some(Learned {
            classes,
            prior,
            unseen,
            shown,
            spilled,
            gain_of_count: (0..=most_inline).map(gain).collect(),
        })
    }

    /// The likeliest class for `text` (normalized as the examples were). `None` when no
    /// feature of it was ever seen or there is a single class.
    pub fn guess(&self, text: &str) -> Option<Guess> {
        let mut scores = self.prior.clone();
        let mut known = 0usize;
        // Every row is found before any is added up: the probes of a table larger than the
        // processor's caches then wait for memory together, not one after another.
        // Sized for every feature: collected through the filter, the vector would grow from
        // nothing, copying itself at each doubling.
        let grams = features(text);
        let mut rows: Vec<Row> = Vec::with_capacity(grams.len());
        rows.extend(
            grams
                .iter()
                .filter_map(|feature| self.shown.get(feature).copied()),
        );
        for row in rows {
            known += 1;
            match self.spilled_gains(row) {
                Some(gains) => {
                    for (score, gain) in scores.iter_mut().zip(gains) {
                        *score += f64::from(*gain);
                    }
                }
                None => {
                    for (class, count) in row.inline_entries() {
                        if let (Some(score), Some(gain)) =
                            (scores.get_mut(class), self.gain_of_count.get(count))
                        {
                            *score += f64::from(*gain);
                        }
                    }
                }
            }
        }
        if known == 0 || self.classes < 2 {
            return None;
        }
        for (score, unseen) in scores.iter_mut().zip(&self.unseen) {
            *score += known as f64 * unseen;
        }
        Some(Guess { scores })
    }

    /// What a spilled row's feature adds to every class over `unseen`; `None` for a row that
    /// holds its classes itself.
    fn spilled_gains(&self, row: Row) -> Option<&[f32]> {
        let start = row.spilled_row()?.checked_mul(self.classes)?;
        self.spilled.get(start..start.checked_add(self.classes)?)
    }
}

/// The distinct n-grams of `text` with a space added at each end (so a word's first and last
/// letters count), by hash; n-grams of spaces alone are left out.
fn features(text: &str) -> Vec<u64> {
    let mut padded: Vec<char> = Vec::with_capacity(text.len() + 2);
    padded.push(' ');
    padded.extend(text.chars());
    padded.push(' ');
    let mut out = Vec::with_capacity(padded.len() * GRAM_LENGTHS.len());
    for n in GRAM_LENGTHS {
        for gram in padded.windows(n) {
            if gram.iter().all(|&c| c == ' ') {
                continue;
            }
            let mut hasher = FxHasher::default();
            hasher.write_usize(n);
            for &c in gram {
                hasher.write_u32(u32::from(c));
            }
            out.push(hasher.finish());
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned() -> Learned {
        Learned::train(
            2,
            [
                (0, "what are your support hours"),
                (0, "when do you open"),
                (0, "opening hours in japan"),
                (1, "everything is down"),
                (1, "the site is down help"),
                (1, "production is down urgent"),
            ],
        )
        .unwrap_or_else(|| panic!("examples were given"))
    }

    #[test]
    fn a_message_goes_to_the_class_whose_examples_share_its_letters() {
        let learned = learned();
        let hours = learned.guess("hours of support?");
        assert_eq!(hours.and_then(|g| g.class()), Some(0));
        let down = learned
            .guess("our shop is down")
            .unwrap_or_else(|| panic!("no guess"));
        assert_eq!(down.class(), Some(1));
        assert!(down.lead_over(None) > 0.0);
        assert_eq!(down.lead_over(Some(1)), 0.0);
        assert_eq!(down.lead_over(Some(0)), down.lead_over(None));
    }

    #[test]
    fn the_model_trains_once_for_whoever_asks_first_and_the_others_wait_for_it() {
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = runs.clone();
        let training = Training::new(move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(50));
            Some(learned())
        });
        assert!(!training.is_trained());
        std::thread::scope(|scope| {
            let readers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| training.learned().map(|l| l.classes)))
                .collect();
            for reader in readers {
                assert_eq!(reader.join().ok(), Some(Some(2)));
            }
        });
        assert!(training.is_trained());
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(Training::untrained().learned().is_none());
    }

    #[test]
    fn a_row_holds_up_to_three_classes_and_spills_the_rest() {
        let row = Row::inline([(0, 1), (5, 16_383), (63, 2)].into_iter());
        let entries: Vec<_> = row.iter().flat_map(|r| r.inline_entries()).collect();
        assert_eq!(entries, [(0, 1), (5, 16_383), (63, 2)]);
        assert_eq!(row.and_then(Row::spilled_row), None);
        for entries in [&[(7, 1)][..], &[(7, 1), (9, 300)]] {
            let row = Row::inline(entries.iter().copied());
            let back: Vec<(u32, u32)> = row
                .iter()
                .flat_map(|r| r.inline_entries())
                .map(|(c, n)| (c as u32, n as u32))
                .collect();
            assert_eq!(back, entries);
        }
        assert_eq!(Row::inline([(1, 1); 4].into_iter()), None);
        assert_eq!(Row::inline([(64, 1)].into_iter()), None);
        assert_eq!(Row::inline([(1, 16_384)].into_iter()), None);
        for index in [0, u32::MAX] {
            let spilled = Row::spilled(index);
            assert_eq!(spilled.spilled_row(), Some(index as usize));
            assert_eq!(spilled.inline_entries().count(), 0);
        }
    }

    /// Every score as the sum of what each feature of the message adds to each class that showed
    /// it, added in the features' order: packing rows changes no bit of it.
    #[test]
    fn packed_rows_score_as_every_count_summed_in_turn() {
        let examples: Vec<(usize, String)> = (0..6)
            .flat_map(|class| {
                (0..3).map(move |i| (class, format!("support hours {class} {}", "x".repeat(i))))
            })
            .chain((0..30).map(|i| (0, format!("support hours {i}"))))
            // Shown by four classes of the six: a spilled row that adds 0 to the other two.
            .chain((0..4).map(|class| (class, "zzz".to_owned())))
            .collect();
        let learned = Learned::train(6, examples.iter().map(|(c, t)| (*c, t.as_str())))
            .unwrap_or_else(|| panic!("examples were given"));
        assert!(
            !learned.spilled.is_empty(),
            "some feature is shown by all six classes"
        );
        let inline: Vec<(usize, usize)> = learned
            .shown
            .values()
            .flat_map(|row| row.inline_entries())
            .collect();
        assert!(inline.iter().any(|&(_, count)| count > 3));
        assert!(inline.iter().all(|&(class, _)| class < 6));
        assert!(
            inline
                .iter()
                .all(|&(_, count)| count < learned.gain_of_count.len())
        );
        assert!(
            learned
                .shown
                .values()
                .any(|row| row.spilled_row().is_none())
        );
        let message = "support hours 3 xx? or 12 zzz";
        // The message reads spilled rows (one of them with classes that never showed its
        // feature) and rows holding several classes and large counts.
        let rows: Vec<Row> = features(message)
            .iter()
            .filter_map(|f| learned.shown.get(f).copied())
            .collect();
        assert!(rows.iter().any(|row| row.spilled_row().is_some()));
        assert!(
            rows.iter()
                .filter_map(|row| learned.spilled_gains(*row))
                .any(|gains| gains.contains(&0.0))
        );
        assert!(rows.iter().any(|row| row.inline_entries().count() >= 2));
        assert!(
            rows.iter()
                .flat_map(|row| row.inline_entries())
                .any(|(_, count)| count > 3)
        );
        let mut counts: FxHashMap<(u64, usize), u32> = FxHashMap::default();
        for (class, text) in &examples {
            for feature in features(text) {
                *counts.entry((feature, *class)).or_default() += 1;
            }
        }
        let mut want = learned.prior.clone();
        let mut known = 0.0;
        for feature in features(message) {
            let by_class: Vec<(usize, u32)> = (0..6)
                .filter_map(|class| Some((class, *counts.get(&(feature, class))?)))
                .collect();
            if by_class.iter().map(|(_, count)| count).sum::<u32>() < 2 {
                continue;
            }
            known += 1.0;
            for (class, count) in by_class {
                want[class] += f64::from(gain(count));
            }
        }
        for (score, unseen) in want.iter_mut().zip(&learned.unseen) {
            *score += known * unseen;
        }
        let got = learned.guess(message).unwrap_or_else(|| panic!("no guess"));
        assert_eq!(got.scores, want);
        assert_eq!(got.class(), Some(3));
    }

    #[test]
    fn a_message_sharing_nothing_with_the_examples_gets_no_guess() {
        assert_eq!(learned().guess("ξψ"), None);
    }

    #[test]
    fn nothing_is_learned_from_no_examples_or_from_classes_out_of_range() {
        assert!(Learned::train(2, []).is_none());
        assert!(Learned::train(2, [(5, "hours")]).is_none());
    }
}

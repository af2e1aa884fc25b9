//! Fitting the labels of the tab bar to the window width.

use unicode_width::UnicodeWidthStr;

/// The labels of a tab bar and the text drawn between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabLabels {
    /// One label per tab, in order. The current tab is bracketed.
    pub labels: Vec<String>,
    pub separator: &'static str,
}

impl TabLabels {
    /// Returns the width of the labels with their separators.
    pub fn width(&self) -> usize {
        let labels: usize = self.labels.iter().map(|label| label.width()).sum();
        labels + self.separator.width() * self.labels.len().saturating_sub(1)
    }
}

/// Fits the tabs `names`, numbered from 1, into `width` columns; the tab
/// at index `current` is bracketed so it shows without color.
///
/// Every name shows with wide spacing when it fits, else with one space
/// between tabs. When even that is too wide, the current tab keeps its
/// name and the nearest other tabs get theirs while they fit. The rest
/// show only their digit, which is also the key that selects them.
pub fn fit_tabs(names: &[String], current: usize, width: usize) -> TabLabels {
    let label = |index: usize, name: Option<&str>, padded: bool| {
        let number = index + 1;
        let text = match name {
            Some(name) => format!("{number} {name}"),
            None => number.to_string(),
        };
        if index == current {
            format!("[{text}]")
        } else if padded {
            format!(" {text} ")
        } else {
            text
        }
    };

    let spacious = TabLabels {
        labels: (0..names.len())
            .map(|index| label(index, names.get(index).map(String::as_str), true))
            .collect(),
        separator: "",
    };
    if spacious.width() <= width {
        return spacious;
    }

    let mut named = vec![false; names.len()];
    if let Some(flag) = named.get_mut(current) {
        *flag = true;
    }
    let build = |named: &[bool]| TabLabels {
        labels: names
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let with_name = named.get(index).copied().unwrap_or(false);
                label(index, with_name.then_some(name.as_str()), false)
            })
            .collect(),
        separator: " ",
    };

    // The nearest neighbours first, the following one before the
    // preceding one at equal distance.
    let mut others: Vec<usize> = (0..names.len()).filter(|&index| index != current).collect();
    others.sort_by_key(|&index| (index.abs_diff(current), index < current));
    for index in others {
        let mut wider = named.clone();
        if let Some(flag) = wider.get_mut(index) {
            *flag = true;
        }
        if build(&wider).width() <= width {
            named = wider;
        }
    }
    build(&named)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn wide_window_pads_every_name() {
        let tabs = fit_tabs(&names(&["One", "Two", "Three"]), 1, 40);
        assert_eq!(tabs.labels, [" 1 One ", "[2 Two]", " 3 Three "]);
        assert_eq!(tabs.separator, "");
    }

    #[test]
    fn tighter_window_drops_padding() {
        let tabs = fit_tabs(&names(&["One", "Two", "Three"]), 1, 21);
        assert_eq!(tabs.labels, ["1 One", "[2 Two]", "3 Three"]);
        assert_eq!(tabs.separator, " ");
        assert_eq!(tabs.width(), 21);
    }

    #[test]
    fn narrow_window_names_nearest_tabs() {
        let tabs = fit_tabs(&names(&["Alpha", "Bravo", "Charlie", "Delta"]), 1, 24);
        assert_eq!(tabs.labels, ["1", "[2 Bravo]", "3 Charlie", "4"]);
        assert!(tabs.width() <= 24);
    }

    #[test]
    fn tiny_window_keeps_current_name() {
        let tabs = fit_tabs(&names(&["Alpha", "Bravo", "Charlie"]), 2, 5);
        assert_eq!(tabs.labels, ["1", "2", "[3 Charlie]"]);
    }
}

//! Paging of plain views taller than the window. The heading lines stay on
//! top, and one notice under them counts the hidden lines and names the
//! keys that read them. The rows below are cut into pages of whole lines,
//! counted from the end, so the last page ends with the focused item. Only
//! a line taller than a page is cut between rows. Without paging the window
//! shows the last page, and the paging keys move one page at a time.

use std::ops::Range;

/// The page of a plain view that the window shows, with the page count of
/// the last drawing and the key names the notice gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainPager {
    /// The number of pages between the shown page and the last one, where 0
    /// follows the focus.
    pages_back: usize,
    /// The number of pages at the last drawing.
    page_count: usize,
    /// The names of the keys that page back and forward.
    keys: (&'static str, &'static str),
}

impl Default for PlainPager {
    fn default() -> PlainPager {
        PlainPager {
            pages_back: 0,
            page_count: 1,
            keys: ("[", "]"),
        }
    }
}

/// The rows of a plain view cut to the window: the rows that stay on top,
/// the notice's rows when lines are hidden, and the rows of the shown page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagedRows {
    pub pinned: Vec<String>,
    pub notice: Vec<String>,
    pub page: Vec<String>,
}

/// Wrapped lines as one list of rows, with the rows of each line.
struct Rows {
    rows: Vec<String>,
    lines: Vec<Range<usize>>,
}

impl Rows {
    fn new(lines: Vec<Vec<String>>) -> Rows {
        let mut rows = Vec::new();
        let mut ranges = Vec::new();
        for line in lines {
            let start = rows.len();
            rows.extend(line);
            ranges.push(start..rows.len());
        }
        Rows {
            rows,
            lines: ranges,
        }
    }

    /// Returns the index of the line that contains `row`.
    fn line_of(&self, row: usize) -> usize {
        self.lines
            .iter()
            .position(|range| range.contains(&row))
            .unwrap_or(self.lines.len())
    }

    /// Cuts the rows into pages of at most `height` rows, from the end: a
    /// page contains whole lines, and a line taller than a page fills pages of
    /// its own from its end. The first page returned is the last one.
    fn pages(&self, height: usize) -> Vec<Range<usize>> {
        let height = height.max(1);
        let mut pages = Vec::new();
        let mut end = self.rows.len();
        let mut line = self.lines.len();
        while end > 0 {
            let mut start = end;
            while let Some(range) = line.checked_sub(1).and_then(|index| self.lines.get(index)) {
                if end - range.start > height {
                    break;
                }
                start = range.start;
                line -= 1;
            }
            if start == end {
                // The line before `end` is taller than a page.
                start = end - height;
            }
            pages.push(start..end);
            end = start;
        }
        pages
    }
}

impl PlainPager {
    /// Sets the names of the keys that page back and forward, which the
    /// notice gives from the next drawing on.
    pub fn name_keys(&mut self, back: &'static str, forward: &'static str) {
        self.keys = (back, forward);
    }

    /// Tells whether the user pages, so the focus is not in view.
    pub fn is_paging(&self) -> bool {
        self.pages_back > 0
    }

    /// Moves one page towards the start of the view, up to its first page.
    pub fn back(&mut self) {
        let last = self.page_count.saturating_sub(1);
        self.pages_back = (self.pages_back + 1).min(last);
    }

    /// Moves one page towards the end. Reaching the last page follows the
    /// focus again.
    pub fn forward(&mut self) {
        self.pages_back = self.pages_back.saturating_sub(1);
    }

    /// Stops paging, so the window shows the focus again. Returns whether
    /// the user was paging.
    pub fn follow(&mut self) -> bool {
        std::mem::take(&mut self.pages_back) > 0
    }

    /// Cuts `pinned` and `paged` lines, each given as its wrapped rows, to
    /// `height` rows, and records the page count for the paging keys.
    /// Pinned lines stay on top while they fill at most half the window,
    /// and the lines past that half are paged like the others. `wrap` breaks
    /// the notice into rows at the window's width.
    pub fn cut(
        &mut self,
        height: usize,
        pinned: Vec<Vec<String>>,
        mut paged: Vec<Vec<String>>,
        wrap: impl Fn(&str) -> Vec<String>,
    ) -> PagedRows {
        let mut pinned_rows = Vec::new();
        let mut overflow = Vec::new();
        for line in pinned {
            if overflow.is_empty() && pinned_rows.len() + line.len() <= height / 2 {
                pinned_rows.extend(line);
            } else {
                overflow.push(line);
            }
        }
        paged.splice(0..0, overflow);
        let paged = Rows::new(paged);

        let room = height.saturating_sub(pinned_rows.len());
        if paged.rows.len() <= room {
            self.pages_back = 0;
            self.page_count = 1;
            return PagedRows {
                pinned: pinned_rows,
                notice: Vec::new(),
                page: paged.rows,
            };
        }

        // The notice's text depends on the pages and the pages on the
        // notice's rows, so pages shrink until the notice fits above them.
        let mut notice_rows = 1;
        loop {
            let pages = paged.pages(room.saturating_sub(notice_rows));
            // A taller notice makes more pages, so the position is kept
            // until the last pass and only clamped there.
            let pages_back = self.pages_back.min(pages.len().saturating_sub(1));
            let page = pages.get(pages_back).cloned().unwrap_or_default();
            let notice = wrap(&self.notice_text(&paged, &page, pages_back, pages.len()));
            if notice.len() <= notice_rows || notice_rows >= room {
                self.page_count = pages.len();
                self.pages_back = pages_back;
                return PagedRows {
                    pinned: pinned_rows,
                    notice,
                    page: paged
                        .rows
                        .get(page)
                        .map(<[String]>::to_vec)
                        .unwrap_or_default(),
                };
            }
            notice_rows = notice.len();
        }
    }

    /// Words the notice: how many lines come before the shown page while
    /// following the focus (`pages_back` 0), else which of `page_count`
    /// pages it is. Pages are counted, not lines, because the focused item
    /// is written last, so line numbers would disagree with the item
    /// numbers a listener hears.
    fn notice_text(
        &self,
        paged: &Rows,
        page: &Range<usize>,
        pages_back: usize,
        page_count: usize,
    ) -> String {
        let (back, forward) = self.keys;
        if pages_back == 0 {
            let first = paged.line_of(page.start);
            let starts_inside = paged
                .lines
                .get(first)
                .is_some_and(|range| range.start < page.start);
            return tr!(
                "app-plain-hidden",
                count = first + usize::from(starts_inside),
                back = back,
                forward = forward
            );
        }
        tr!(
            "app-plain-page",
            page = page_count.saturating_sub(pages_back),
            pages = page_count,
            back = back,
            forward = forward
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::wrap_text;

    /// Returns `count` one-row lines named "`prefix` 1" and so on.
    fn lines(prefix: &str, count: usize) -> Vec<Vec<String>> {
        (1..=count).map(|n| vec![format!("{prefix} {n}")]).collect()
    }

    fn rows(prefix: &str, range: std::ops::RangeInclusive<usize>) -> Vec<String> {
        range.map(|n| format!("{prefix} {n}")).collect()
    }

    fn cut(pager: &mut PlainPager, height: usize, paged: Vec<Vec<String>>) -> PagedRows {
        pager.cut(height, lines("heading", 2), paged, |text| {
            wrap_text(text, 60)
        })
    }

    #[test]
    fn short_view_shows_every_row() {
        let mut pager = PlainPager::default();
        let cut_rows = cut(&mut pager, 10, lines("row", 8));
        assert_eq!(cut_rows.pinned, rows("heading", 1..=2));
        assert!(cut_rows.notice.is_empty());
        assert_eq!(cut_rows.page, rows("row", 1..=8));
    }

    #[test]
    fn following_shows_last_rows_and_count() {
        let mut pager = PlainPager::default();
        let cut_rows = cut(&mut pager, 10, lines("row", 30));
        assert_eq!(cut_rows.pinned, rows("heading", 1..=2));
        assert_eq!(
            cut_rows.notice,
            vec!["23 earlier lines hidden. Press [ and ] to read them."]
        );
        assert_eq!(cut_rows.page, rows("row", 24..=30));
    }

    #[test]
    fn pages_reach_start_then_follow_again() {
        let mut pager = PlainPager::default();
        cut(&mut pager, 10, lines("row", 30));

        pager.back();
        let cut_rows = cut(&mut pager, 10, lines("row", 30));
        assert_eq!(cut_rows.page, rows("row", 17..=23));
        assert_eq!(
            cut_rows.notice,
            vec!["Page 4 of 5. [ earlier, ] later, Esc to the focus."]
        );

        for _ in 0..5 {
            pager.back();
        }
        let cut_rows = cut(&mut pager, 10, lines("row", 30));
        assert_eq!(cut_rows.page, rows("row", 1..=2));
        assert_eq!(
            cut_rows.notice,
            vec!["Page 1 of 5. [ earlier, ] later, Esc to the focus."]
        );
        assert!(pager.is_paging());

        for _ in 0..3 {
            pager.forward();
        }
        assert!(pager.is_paging());
        pager.forward();
        assert!(!pager.is_paging());
        let cut_rows = cut(&mut pager, 10, lines("row", 30));
        assert_eq!(cut_rows.page, rows("row", 24..=30));
    }

    #[test]
    fn pages_hold_whole_lines() {
        let mut paged = lines("row", 6);
        paged.insert(3, vec!["long, part 1".to_string(), "part 2".to_string()]);
        let mut pager = PlainPager::default();
        let cut_rows = cut(&mut pager, 7, paged.clone());
        assert_eq!(cut_rows.page, rows("row", 4..=6));
        assert_eq!(
            cut_rows.notice,
            vec!["4 earlier lines hidden. Press [ and ] to read them."]
        );

        pager.back();
        let cut_rows = cut(&mut pager, 7, paged);
        assert_eq!(
            cut_rows.page,
            vec!["row 2", "row 3", "long, part 1", "part 2"]
        );
    }

    #[test]
    fn tall_line_ends_page() {
        let tall: Vec<String> = rows("part", 1..=10);
        let paged = vec![vec!["row 1".to_string()], tall];
        let mut pager = PlainPager::default();
        let cut_rows = cut(&mut pager, 8, paged.clone());
        assert_eq!(cut_rows.page, rows("part", 6..=10));
        assert_eq!(
            cut_rows.notice,
            vec!["2 earlier lines hidden. Press [ and ] to read them."]
        );

        pager.back();
        let cut_rows = cut(&mut pager, 8, paged.clone());
        assert_eq!(cut_rows.page, rows("part", 1..=5));
        pager.back();
        let cut_rows = cut(&mut pager, 8, paged);
        assert_eq!(cut_rows.page, vec!["row 1"]);
    }

    #[test]
    fn wrapped_notice_still_reaches_start() {
        let mut pager = PlainPager::default();
        let narrow = |text: &str| wrap_text(text, 40);
        let paged = || lines("row", 30);
        pager.cut(10, lines("heading", 2), paged(), narrow);
        let mut seen = Vec::new();
        for _ in 0..10 {
            pager.back();
            let cut_rows = pager.cut(10, lines("heading", 2), paged(), narrow);
            assert_eq!(cut_rows.notice.len(), 2, "{:?}", cut_rows.notice);
            seen.extend(cut_rows.page);
        }
        assert_eq!(seen.first().map(String::as_str), Some("row 19"));
        assert!(seen.contains(&"row 1".to_string()), "{seen:?}");
    }

    #[test]
    fn follow_leaves_paging() {
        let mut pager = PlainPager::default();
        cut(&mut pager, 10, lines("row", 30));
        assert!(!pager.follow());
        pager.back();
        assert!(pager.follow());
        assert!(!pager.is_paging());
    }

    #[test]
    fn tall_headings_give_way_past_half() {
        let mut pager = PlainPager::default();
        let cut_rows = pager.cut(10, lines("heading", 8), lines("row", 4), |text| {
            wrap_text(text, 60)
        });
        assert_eq!(cut_rows.pinned, rows("heading", 1..=5));
        assert_eq!(cut_rows.notice.len(), 1);
        assert_eq!(cut_rows.page, rows("row", 1..=4));
        pager.back();
        let cut_rows = pager.cut(10, lines("heading", 8), lines("row", 4), |text| {
            wrap_text(text, 60)
        });
        assert_eq!(cut_rows.page, rows("heading", 6..=8));
    }

    #[test]
    fn shrinking_view_stops_paging() {
        let mut pager = PlainPager::default();
        cut(&mut pager, 10, lines("row", 30));
        pager.back();
        cut(&mut pager, 10, lines("row", 30));
        let cut_rows = cut(&mut pager, 10, lines("row", 8));
        assert!(!pager.is_paging());
        assert_eq!(cut_rows.page, rows("row", 1..=8));
    }

    #[test]
    fn tiny_window_never_panics() {
        for height in 0..4 {
            let mut pager = PlainPager::default();
            cut(&mut pager, height, lines("row", 10));
            pager.back();
            cut(&mut pager, height, lines("row", 10));
            pager.forward();
            cut(&mut pager, height, lines("row", 10));
        }
    }
}

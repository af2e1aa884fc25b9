//! Color depth of the client and contrast of theme colors.
//!
//! Themes may name any `#rrggbb` color. A client that announces truecolor
//! (`COLORTERM=truecolor` or `24bit`) gets them as they are; others get the
//! nearest color of the xterm 256-color palette. Contrast follows the WCAG
//! 2.x definition of relative luminance and contrast ratio.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// The colors a client can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorDepth {
    /// The xterm 256-color palette, which nearly every terminal supports.
    #[default]
    Palette256,
    /// 24-bit colors, announced with `COLORTERM=truecolor` or `24bit`.
    TrueColor,
}

impl ColorDepth {
    /// Reads the value of the client's `COLORTERM` variable.
    pub fn from_colorterm(value: Option<&str>) -> ColorDepth {
        match value.map(str::trim) {
            Some(value)
                if value.eq_ignore_ascii_case("truecolor")
                    || value.eq_ignore_ascii_case("24bit") =>
            {
                ColorDepth::TrueColor
            }
            _ => ColorDepth::Palette256,
        }
    }
}

/// The levels of the 6x6x6 color cube of the xterm palette (indices 16-231).
const CUBE_LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// Rewrites every 24-bit color of `buffer` to the nearest 256-palette color
/// unless the client shows truecolor.
pub fn adapt_buffer(buffer: &mut Buffer, depth: ColorDepth) {
    if depth == ColorDepth::TrueColor {
        return;
    }
    for cell in &mut buffer.content {
        cell.fg = to_palette(cell.fg);
        cell.bg = to_palette(cell.bg);
    }
}

/// Returns the nearest xterm 256-palette color for a 24-bit color, and
/// other colors unchanged.
pub fn to_palette(color: Color) -> Color {
    let Color::Rgb(r, g, b) = color else {
        return color;
    };
    let cube_index = |value: u8| {
        CUBE_LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, level)| level.abs_diff(value))
            .map_or(0, |(index, _)| index)
    };
    let (ri, gi, bi) = (cube_index(r), cube_index(g), cube_index(b));
    let level = |index: usize| CUBE_LEVELS.get(index).copied().unwrap_or(0);
    let cube = (level(ri), level(gi), level(bi));
    let cube_color = 16 + 36 * ri + 6 * gi + bi;

    // The 24 grays run from 8 to 238 in steps of 10.
    let average = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let gray_step = (average.saturating_sub(3) / 10).min(23);
    let gray = u8::try_from(8 + 10 * gray_step).unwrap_or(238);
    let gray_color = 232 + usize::from(gray_step);

    let distance = |(cr, cg, cb): (u8, u8, u8)| {
        let square = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
        square(r, cr) + square(g, cg) + square(b, cb)
    };
    let index = if distance((gray, gray, gray)) < distance(cube) {
        gray_color
    } else {
        cube_color
    };
    Color::Indexed(u8::try_from(index).unwrap_or(15))
}

/// Returns the red, green and blue of a color as xterm shows it by default,
/// or `None` for the terminal's own default color.
pub fn rgb(color: Color) -> Option<(u8, u8, u8)> {
    let indexed = match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => return Some((r, g, b)),
        Color::Indexed(index) => index,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    Some(palette_rgb(indexed))
}

/// Returns the xterm default red, green and blue of a 256-palette index.
fn palette_rgb(index: u8) -> (u8, u8, u8) {
    const SYSTEM: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    match index {
        0..=15 => SYSTEM.get(usize::from(index)).copied().unwrap_or((0, 0, 0)),
        16..=231 => {
            let offset = usize::from(index - 16);
            let level = |i: usize| CUBE_LEVELS.get(i).copied().unwrap_or(0);
            (level(offset / 36), level(offset / 6 % 6), level(offset % 6))
        }
        _ => {
            let gray = 8 + 10 * (index - 232);
            (gray, gray, gray)
        }
    }
}

/// Returns the WCAG 2.x relative luminance of an sRGB color, from 0 to 1.
pub fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |channel: u8| {
        let value = f64::from(channel) / 255.0;
        if value <= 0.04045 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Returns the WCAG 2.x contrast ratio of two colors, from 1 to 21.
pub fn contrast_ratio(first: (u8, u8, u8), second: (u8, u8, u8)) -> f64 {
    let (a, b) = (relative_luminance(first), relative_luminance(second));
    let (lighter, darker) = if a > b { (a, b) } else { (b, a) };
    (lighter + 0.05) / (darker + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::{BUILTIN_THEMES, STYLE_NAMES, Theme};

    /// Returns every text/background pair of a theme that names both
    /// colors, as (style name, ratio). A style without a background is
    /// drawn on the base background, and `assumed_background` replaces the
    /// base background when the theme leaves it to the terminal.
    fn pairs(theme: &Theme, assumed_background: Color) -> Vec<(&'static str, f64)> {
        let base_bg = theme.base.bg.unwrap_or(assumed_background);
        let base_fg = theme.base.fg;
        STYLE_NAMES
            .iter()
            .filter_map(|&name| {
                let style = theme.style(name)?;
                let fg = style.fg.or(base_fg)?;
                let bg = style.bg.unwrap_or(base_bg);
                Some((name, contrast_ratio(rgb(fg)?, rgb(bg)?)))
            })
            .collect()
    }

    fn builtin(name: &str) -> Theme {
        Theme::builtin(name).unwrap_or_else(|| panic!("built-in theme {name}"))
    }

    #[test]
    fn contrast_ratio_matches_wcag_examples() {
        let black_on_white = contrast_ratio((0, 0, 0), (255, 255, 255));
        assert!((black_on_white - 21.0).abs() < 0.01, "{black_on_white}");
        let gray = contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255));
        assert!((gray - 4.54).abs() < 0.01, "{gray}");
        assert!((contrast_ratio((10, 20, 30), (10, 20, 30)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn high_contrast_theme_reaches_aaa() {
        let theme = builtin("high-contrast");
        let pairs = pairs(&theme, Color::Black);
        assert_eq!(
            pairs.len(),
            STYLE_NAMES.len(),
            "every style has a text color"
        );
        for (name, ratio) in pairs {
            assert!(
                ratio >= 7.0,
                "high-contrast {name}: {ratio:.2} is below 7:1"
            );
        }
    }

    #[test]
    fn high_contrast_keeps_aaa_in_256_colors() {
        let theme = builtin("high-contrast");
        let mut mapped = theme.clone();
        for name in STYLE_NAMES {
            let style = theme.style(name).expect("known name");
            assert_eq!(
                style.fg.map(to_palette).and_then(rgb),
                style.fg.and_then(rgb),
                "{name} text is on the 256-color cube"
            );
            assert_eq!(
                style.bg.map(to_palette).and_then(rgb),
                style.bg.and_then(rgb),
                "{name} background is on the 256-color cube"
            );
        }
        mapped.base.bg = theme.base.bg.map(to_palette);
        for (name, ratio) in pairs(&mapped, Color::Black) {
            assert!(ratio >= 7.0, "{name}: {ratio:.2}");
        }
    }

    #[test]
    fn light_theme_reaches_aa() {
        for (name, ratio) in pairs(&builtin("light"), Color::White) {
            assert!(ratio >= 4.5, "light {name}: {ratio:.2} is below 4.5:1");
        }
    }

    #[test]
    fn default_theme_reaches_aa_on_black() {
        let pairs = pairs(&builtin("default"), Color::Black);
        assert!(!pairs.is_empty());
        for (name, ratio) in pairs {
            assert!(ratio >= 4.5, "default {name}: {ratio:.2} is below 4.5:1");
        }
    }

    #[test]
    fn monochrome_theme_has_no_pairs() {
        let theme = builtin("monochrome");
        assert!(pairs(&theme, Color::Black).is_empty());
        for name in STYLE_NAMES {
            let style = theme.style(name).expect("known name");
            assert_eq!((style.fg, style.bg), (None, None), "{name}");
        }
    }

    #[test]
    fn every_builtin_theme_parses() {
        for (name, _) in BUILTIN_THEMES {
            assert!(Theme::builtin(name).is_some(), "{name}");
        }
    }

    #[test]
    fn palette_mapping_picks_nearest() {
        assert_eq!(to_palette(Color::Rgb(255, 255, 0)), Color::Indexed(226));
        assert_eq!(to_palette(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(
            to_palette(Color::Rgb(0x58, 0x58, 0x58)),
            Color::Indexed(240)
        );
        assert_eq!(to_palette(Color::Rgb(1, 2, 250)), Color::Indexed(21));
        assert_eq!(to_palette(Color::Cyan), Color::Cyan);
    }

    #[test]
    fn colorterm_selects_depth() {
        assert_eq!(
            ColorDepth::from_colorterm(Some("truecolor")),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::from_colorterm(Some("24bit")),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::from_colorterm(Some("yes")),
            ColorDepth::Palette256
        );
        assert_eq!(ColorDepth::from_colorterm(None), ColorDepth::Palette256);
    }

    #[test]
    fn adapt_buffer_maps_only_without_truecolor() {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 2, 1));
        for cell in &mut buffer.content {
            cell.fg = Color::Rgb(255, 255, 0);
        }
        let mut truecolor = buffer.clone();
        adapt_buffer(&mut truecolor, ColorDepth::TrueColor);
        assert_eq!(truecolor, buffer);
        adapt_buffer(&mut buffer, ColorDepth::Palette256);
        assert!(
            buffer
                .content
                .iter()
                .all(|cell| cell.fg == Color::Indexed(226))
        );
    }
}

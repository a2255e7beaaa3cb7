//! `/stats` as a picture and as a table: attainment per week and priority with the target line,
//! labelled in the reader's language, as PNG; the same counts as CSV for spreadsheets.
//!
//! Text is drawn with fonts built into the binary (`data/fonts`, subsets of Noto Sans CJK made by
//! `tools/gen-chart-font.py`), so no system font is needed at run time.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use plotters_backend::text_anchor::{HPos, VPos};
// Named by path: in scope, its `stroke_width` would clash with plotters' `Color`'s.
use plotters_backend::{
    self as backend, BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind,
};

use crate::domain::ids::Priority;
use crate::engine::Chart;
use crate::i18n::Language;

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;

/// Japanese glyph forms, also the Latin text of every language.
const FONT_JP: &[u8] = include_bytes!("../../data/fonts/chart-jp.otf");
/// Traditional Chinese glyph forms, for zh-TW.
const FONT_TC: &[u8] = include_bytes!("../../data/fonts/chart-tc.otf");
const FAMILY_JP: &str = "supportbot-chart-jp";
const FAMILY_TC: &str = "supportbot-chart-tc";

const TARGET_COLOUR: RGBColor = RGBColor(90, 90, 90);
/// Told apart by hue and by lightness, so they read in greyscale too.
fn colour(priority: Priority) -> RGBColor {
    match priority {
        Priority::P1 => RGBColor(200, 30, 45),
        Priority::P2 => RGBColor(230, 130, 20),
        Priority::P3 => RGBColor(30, 110, 190),
        Priority::P4 => RGBColor(40, 150, 70),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("the built-in chart font {0} cannot be read")]
    Font(&'static str),
    #[error("the chart cannot be drawn: {0}")]
    Draw(String),
    #[error("the chart cannot be encoded as PNG: {0}")]
    Encode(String),
}

/// The font of `language`'s labels, as the name it is registered under.
fn family(language: Language) -> &'static str {
    match language {
        Language::ZhTw => FAMILY_TC,
        Language::En | Language::Ja => FAMILY_JP,
    }
}

/// The bytes of the font `language`'s labels are drawn with.
pub fn font(language: Language) -> &'static [u8] {
    match language {
        Language::ZhTw => FONT_TC,
        Language::En | Language::Ja => FONT_JP,
    }
}

/// Registers the built-in fonts with plotters too, once per process: text plotters measures
/// through the font rather than the backend (multi-line text) then uses the same fonts.
fn fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), ChartError>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FAMILY_JP, FontStyle::Normal, FONT_JP)
                .map_err(|_| ChartError::Font("chart-jp.otf"))?;
            register_font(FAMILY_TC, FontStyle::Normal, FONT_TC)
                .map_err(|_| ChartError::Font("chart-tc.otf"))
        })
        .clone()
}

/// A bitmap whose text is laid out glyph by glyph from the built-in fonts, each glyph at its
/// own side bearing and the pair's kerning.
struct Bitmap<'a> {
    inner: BitMapBackend<'a>,
    jp: FontRef<'static>,
    tc: FontRef<'static>,
}

/// Glyphs placed on a baseline `ascent` below the top of the text's box.
struct Laid {
    glyphs: Vec<ab_glyph::Glyph>,
    width: i32,
    height: i32,
}

impl Bitmap<'_> {
    fn font(&self, family: &str) -> &FontRef<'static> {
        if family == FAMILY_TC {
            &self.tc
        } else {
            &self.jp
        }
    }

    fn lay_out<S: BackendTextStyle>(&self, text: &str, style: &S) -> Laid {
        let family = style.family();
        let font = self.font(family.as_str());
        let scale = PxScale::from(style.size() as f32);
        let scaled = font.as_scaled(scale);
        let mut caret = 0f32;
        let mut previous = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(previous) = previous {
                caret += scaled.kern(previous, id);
            }
            glyphs.push(id.with_scale_and_position(scale, point(caret, scaled.ascent())));
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
        Laid {
            glyphs,
            width: caret.ceil() as i32,
            height: (scaled.ascent() - scaled.descent()).ceil() as i32,
        }
    }
}

impl DrawingBackend for Bitmap<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: backend::BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: backend::BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: backend::BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let laid = self.lay_out(text, style);
        Ok((laid.width.unsigned_abs(), laid.height.unsigned_abs()))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        let laid = self.lay_out(text, style);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -laid.width,
            HPos::Center => -laid.width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -laid.height / 2,
            VPos::Bottom => -laid.height,
        };
        let transform = style.transform();
        let family = style.family();
        let font = self.font(family.as_str()).clone();
        let mut covered = Vec::new();
        for glyph in laid.glyphs {
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                let (left, top) = (bounds.min.x as i32 + dx, bounds.min.y as i32 + dy);
                outline.draw(|x, y, coverage| {
                    covered.push((left + x as i32, top + y as i32, coverage));
                });
            }
        }
        for (x, y, coverage) in covered {
            let (x, y) = transform.transform(x, y);
            let ink = BackendColor {
                alpha: color.alpha * f64::from(coverage),
                rgb: color.rgb,
            };
            self.inner.draw_pixel((pos.0 + x, pos.1 + y), ink)?;
        }
        Ok(())
    }
}

/// The chart as a `WIDTH` × `HEIGHT` RGB PNG.
pub fn png(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    fonts()?;
    let jp = FontRef::try_from_slice(FONT_JP).map_err(|_| ChartError::Font("chart-jp.otf"))?;
    let tc = FontRef::try_from_slice(FONT_TC).map_err(|_| ChartError::Font("chart-tc.otf"))?;
    let mut pixels = vec![255u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let inner = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT));
        let root = Bitmap { inner, jp, tc }.into_drawing_area();
        draw(&root, chart).map_err(|e| ChartError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}

/// One segment per week, its tick and label at the segment's centre. plotters' integer ranges
/// include their end (`0..n` has n + 1 values), so the weeks `0..n` are `0..n - 1`: one more
/// would draw an empty segment with an unlabelled tick after the last week.
fn week_axis(weeks: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..weeks.saturating_sub(1)).into_segmented()
}

type Area<'a> = DrawingArea<Bitmap<'a>, plotters::coord::Shift>;
type DrawResult<'a> = Result<(), DrawingAreaErrorKind<<Bitmap<'a> as DrawingBackend>::ErrorType>>;

fn draw<'a>(root: &Area<'a>, chart: &Chart) -> DrawResult<'a> {
    let family = family(chart.language);
    let header = 52 + 22 * u32::try_from(chart.subtitle.len()).unwrap_or(0);
    let (top, body) = root.split_vertically(header);
    top.draw(&Text::new(
        chart.title.as_str(),
        (20, 14),
        (family, 24).into_font().color(&BLACK),
    ))?;
    for (line, y) in chart.subtitle.iter().zip((44..).step_by(22)) {
        top.draw(&Text::new(
            line.as_str(),
            (20, y),
            (family, 16).into_font().color(&BLACK.mix(0.75)),
        ))?;
    }

    let weeks = &chart.weeks;
    let mut plot = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_bottom(12)
        .x_label_area_size(56)
        .y_label_area_size(64)
        .build_cartesian_2d(week_axis(weeks.len()), 0f64..100f64)?;
    let day = |value: &SegmentValue<usize>| match value {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => weeks
            .get(*i)
            .map(|w| w.week.first.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    };
    plot.configure_mesh()
        .x_labels(weeks.len().clamp(1, 8))
        .x_label_formatter(&day)
        .y_labels(11)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .label_style((family, 14))
        .axis_desc_style((family, 16))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;

    let target = f64::from(chart.target_percent);
    plot.draw_series(DashedLineSeries::new(
        [
            (SegmentValue::Exact(0), target),
            (SegmentValue::Last, target),
        ],
        8,
        6,
        TARGET_COLOUR.stroke_width(2),
    ))?
    .label(chart.target_label.as_str())
    .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], TARGET_COLOUR.stroke_width(2)));

    for &priority in Priority::ALL {
        let style = colour(priority).stroke_width(3);
        let points: Vec<(usize, f64)> = weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((i, w.count(priority).attainment()?)))
            .collect();
        // A week without an answered case is a gap, not a zero: the line breaks there.
        let runs = points.chunk_by(|a, b| b.0 == a.0 + 1);
        let mut labelled = false;
        for run in runs {
            let line = run.iter().map(|&(i, v)| (SegmentValue::CenterOf(i), v));
            let series = plot.draw_series(LineSeries::new(line, style))?;
            if !labelled {
                series
                    .label(priority.label())
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], style));
                labelled = true;
            }
            plot.draw_series(
                run.iter()
                    .map(|&(i, v)| Circle::new((SegmentValue::CenterOf(i), v), 4, style.filled())),
            )?;
        }
    }
    plot.configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font((family, 14))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}

/// The chart's counts for spreadsheets: one row per week and priority, weeks in order. Days are
/// ISO dates; `attainment_percent` is empty where no case was met or missed.
pub fn csv(chart: &Chart) -> String {
    let mut out = String::from(
        "week_first_day,week_last_day,priority,met,total,attainment_percent,closed_unanswered\n",
    );
    for week in &chart.weeks {
        for &priority in Priority::ALL {
            let count = week.count(priority);
            let attainment = count
                .attainment()
                .map(|a| format!("{a:.1}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{},{},{attainment},{}\n",
                week.week.first.format("%Y-%m-%d"),
                week.week.last.format("%Y-%m-%d"),
                priority.label(),
                count.met,
                count.total,
                count.closed_unanswered,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use ab_glyph::{Font, FontRef};
    use chrono::NaiveDate;

    use plotters::coord::ranged1d::{DiscreteRanged, Ranged};

    use super::*;
    use crate::domain::catalog::{Catalog, CatalogFiles};
    use crate::domain::stats::{Attainment, Counted, DayRange};
    use crate::i18n::Msg;

    fn catalog() -> Catalog {
        Catalog::load_from(&CatalogFiles::BuiltIn).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every text a chart may show in `language`: each `chart-*` message with every value its
    /// arguments can take (dates and per cent are digits, organisation ids ASCII, regions the
    /// catalog's names), and the priorities' labels.
    fn labels(catalog: &Catalog, language: Language) -> Vec<String> {
        let ascii: String = (' '..='~').collect();
        let mut labels = vec![ascii];
        labels.extend(Priority::ALL.iter().map(|p| p.label().to_owned()));
        let messages = catalog.messages();
        for &msg in Msg::ALL.iter().filter(|m| m.key().starts_with("chart-")) {
            for region in catalog.regions() {
                let name = region.name.get(language);
                let args: Vec<(&str, &str)> = msg
                    .args()
                    .iter()
                    .map(|arg| match arg.name {
                        "region" => (arg.name, name),
                        "org" => (arg.name, "acme-corp"),
                        "percent" => (arg.name, "95"),
                        _ => (arg.name, "2026-11-30"),
                    })
                    .collect();
                labels.push(messages.format(msg, language, &args));
            }
        }
        labels
    }

    #[test]
    fn every_character_of_every_label_has_a_glyph_in_the_built_in_font() {
        let catalog = catalog();
        for &language in Language::ALL {
            let font = FontRef::try_from_slice(font(language)).unwrap();
            let labels = labels(&catalog, language);
            assert!(labels.len() > Priority::ALL.len() + 7);
            for label in labels {
                let missing: String = label.chars().filter(|&c| font.glyph_id(c).0 == 0).collect();
                assert!(
                    missing.is_empty(),
                    "{language:?}: {label:?} needs {missing:?}; run tools/gen-chart-font.py"
                );
            }
        }
    }

    fn sample(language: Language) -> Chart {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let range = DayRange::new(day("2026-10-01"), day("2026-11-30")).unwrap();
        let mut attainment = Attainment::new(range);
        let region = catalog().region_ids()[0];
        let late = Counted::Missed {
            own: chrono::TimeDelta::hours(1),
            wall: chrono::TimeDelta::hours(1),
        };
        for (i, week) in range.weeks().iter().enumerate() {
            for (n, &priority) in Priority::ALL.iter().enumerate() {
                let met = (i + n) % 4;
                for k in 0..4 {
                    let counted = if k < met { Counted::Met } else { late };
                    attainment.add(week.first, priority, region, counted);
                }
            }
        }
        Chart {
            language,
            title: "Initial responses on target, per week".into(),
            subtitle: vec!["Cases submitted 2026-10-01 – 2026-11-30 (UTC days)".into()],
            x_label: "Week starting".into(),
            y_label: "Met (%)".into(),
            target_label: "Target 95%".into(),
            target_percent: 95,
            weeks: attainment.weeks().to_vec(),
        }
    }

    #[test]
    fn the_png_decodes_at_its_size_with_lines_in_several_colours() {
        let bytes = png(&sample(Language::Ja)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let pixels = &pixels[..info.buffer_size()];
        let has = |c: RGBColor| pixels.chunks(3).any(|p| p == [c.0, c.1, c.2]);
        for &priority in Priority::ALL {
            assert!(has(colour(priority)), "no {priority:?} line");
        }
        assert!(has(TARGET_COLOUR), "no target line");
        assert!(has(WHITE), "no background");
        // The title is drawn: its band above the plot holds ink.
        let title_band = &pixels[..WIDTH as usize * 40 * 3];
        let ink = title_band.chunks(3).filter(|p| p[0] < 128).count();
        assert!(ink > 300, "{ink} dark pixels in the title's band");
    }

    #[test]
    fn the_csv_has_a_row_per_week_and_priority() {
        let chart = sample(Language::En);
        let csv = csv(&chart);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + chart.weeks.len() * 4);
        assert_eq!(
            lines[0],
            "week_first_day,week_last_day,priority,met,total,attainment_percent,closed_unanswered"
        );
        // 2026-10-01 is a Thursday: the first week is cut to the range.
        assert_eq!(lines[1], "2026-10-01,2026-10-04,P1,0,4,0.0,0");
        assert_eq!(lines[2], "2026-10-01,2026-10-04,P2,1,4,25.0,0");
        assert_eq!(lines[8], "2026-10-05,2026-10-11,P4,0,4,0.0,0");
    }

    /// The tester's finding 10g: every tick of the x axis is a week's, and there is one segment
    /// per week (and the end), never an empty one after the last week.
    #[test]
    fn every_x_tick_is_a_week() {
        for weeks in 1..=12 {
            let axis = week_axis(weeks);
            assert_eq!(axis.size(), weeks + 1, "{weeks} weeks");
            let ticks = axis.key_points(weeks.clamp(1, 8));
            assert!(!ticks.is_empty());
            for tick in ticks {
                assert!(
                    matches!(tick, SegmentValue::CenterOf(i) if i < weeks),
                    "{weeks} weeks: {tick:?}"
                );
            }
        }
    }
}

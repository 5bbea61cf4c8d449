//! Charts drawn on the server as SVG with plotters, so that a page shows them without
//! JavaScript. Every chart carries a `<title>` and a `<desc>` that name what it shows, and the
//! page that shows it lists the same figures in a table, for a screen reader and for print.
//!
//! Colours come from the Okabe–Ito palette, which people with the common colour-vision
//! deficiencies can tell apart; a chart never relies on colour alone, because its table says
//! the same in words.

use chrono::{Days, NaiveDate};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// A chart ready to be placed in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The SVG document, with its title and description.
    svg: String,
}

impl Chart {
    /// The SVG to place in the page as it is: every text in it was escaped when it was drawn.
    pub fn svg(&self) -> &str {
        &self.svg
    }
}

/// Why a chart could not be drawn; a page shows its table without the chart then.
#[derive(Debug, thiserror::Error)]
#[error("a chart could not be drawn: {0}")]
pub struct ChartError(String);

fn drawing_failed(error: impl std::fmt::Display) -> ChartError {
    ChartError(error.to_string())
}

/// What becomes of a contract, as the timeline colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractFate {
    ContinuesJointly,
    MovesToParty,
    EndsAtExpiry,
    ProcuredAgain,
    /// No disposition is decided yet: a blocker.
    Undecided,
}

impl ContractFate {
    /// The colour of the contract's run.
    fn run_colour(self) -> RGBColor {
        match self {
            ContractFate::ContinuesJointly => RGBColor(0x00, 0x72, 0xB2),
            ContractFate::MovesToParty => RGBColor(0xE6, 0x9F, 0x00),
            ContractFate::EndsAtExpiry => RGBColor(0x6E, 0x6E, 0x6E),
            ContractFate::ProcuredAgain => RGBColor(0x00, 0x9E, 0x73),
            ContractFate::Undecided => RGBColor(0xD5, 0x5E, 0x00),
        }
    }

    /// The colour of the contract's options: the run's colour, lighter, as a flat colour so that
    /// the chart draws no transparency a printer could lose.
    fn option_colour(self) -> RGBColor {
        let RGBColor(red, green, blue) = self.run_colour();
        let lighter = |channel: u8| channel + (255 - channel) / 10 * 6;
        RGBColor(lighter(red), lighter(green), lighter(blue))
    }

    /// The run's colour as the SVG writes it, such as `#0072B2`, for the page's legend.
    pub fn colour_code(self) -> String {
        let RGBColor(red, green, blue) = self.run_colour();
        format!("#{red:02X}{green:02X}{blue:02X}")
    }

    /// The options' colour as the SVG writes it.
    pub fn option_colour_code(self) -> String {
        let RGBColor(red, green, blue) = self.option_colour();
        format!("#{red:02X}{green:02X}{blue:02X}")
    }
}

/// The colour of the frame around a contract that expires close to the effective date.
pub const EXPIRING_FRAME: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// The width of that frame, which no other mark of the timeline has.
pub const EXPIRING_FRAME_WIDTH: u32 = 3;

/// One contract on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRun {
    pub title: String,
    pub starts_on: NaiveDate,
    /// The last day before any further extension.
    pub ends_on: NaiveDate,
    /// The last day if every remaining option is taken.
    pub latest_possible_end: NaiveDate,
    pub fate: ContractFate,
    /// Whether it ends within the watch window around the effective date.
    pub expiring: bool,
}

/// The size of the charts' labels, in pixels: as large as the page's small print.
const LABEL_SIZE: u32 = 15;

/// Height of one contract's row, in pixels.
const ROW_HEIGHT: u32 = 22;
const TIMELINE_WIDTH: u32 = 960;
const TIMELINE_LABELS_WIDTH: u32 = 260;

/// Every contract's run (solid) and options (lighter) on a line of time around the effective
/// date, coloured by what becomes of it; contracts expiring near the effective date are framed.
pub fn contract_timeline(
    id: &str,
    title: &str,
    description: &str,
    runs: &[ContractRun],
    effective_on: NaiveDate,
) -> Result<Chart, ChartError> {
    let rows = u32::try_from(runs.len()).map_err(drawing_failed)?;
    let height = 80 + ROW_HEIGHT * rows.max(1);
    // The axis spans every contract and the effective date, with a month's margin either side.
    let first = runs
        .iter()
        .map(|run| run.starts_on)
        .chain([effective_on])
        .min()
        .unwrap_or(effective_on);
    let last = runs
        .iter()
        .map(|run| run.latest_possible_end.max(run.ends_on))
        .chain([effective_on])
        .max()
        .unwrap_or(effective_on);
    let from = first.checked_sub_days(Days::new(31)).unwrap_or(first);
    let to = last.checked_add_days(Days::new(31)).unwrap_or(last);
    let count = i32::try_from(runs.len()).map_err(drawing_failed)?;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (TIMELINE_WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(40)
            .x_label_area_size(36)
            .y_label_area_size(TIMELINE_LABELS_WIDTH)
            .build_cartesian_2d(from..to, rows_axis(count))
            .map_err(drawing_failed)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .label_style(("sans-serif", LABEL_SIZE))
            .axis_desc_style(("sans-serif", LABEL_SIZE))
            .y_labels(runs.len().max(1))
            .y_label_formatter(&|value| match value {
                SegmentValue::CenterOf(segment) => usize::try_from(from_top(count, *segment))
                    .ok()
                    .and_then(|index| runs.get(index))
                    .map(|run| shortened(&run.title, 34))
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_labels(8)
            .x_label_formatter(&|day| day.format("%Y-%m").to_string())
            .x_desc("Tid")
            .draw()
            .map_err(drawing_failed)?;
        for (index, run) in (0..count).zip(runs) {
            let segment = from_top(count, index);
            let (top, bottom) = (
                SegmentValue::Exact(segment),
                SegmentValue::Exact(segment + 1),
            );
            if run.latest_possible_end > run.ends_on {
                chart
                    .draw_series([Rectangle::new(
                        [
                            (run.ends_on, top.clone()),
                            (run.latest_possible_end, bottom.clone()),
                        ],
                        run.fate.option_colour().filled(),
                    )])
                    .map_err(drawing_failed)?;
            }
            chart
                .draw_series([Rectangle::new(
                    [(run.starts_on, top.clone()), (run.ends_on, bottom.clone())],
                    run.fate.run_colour().filled(),
                )])
                .map_err(drawing_failed)?;
            if run.expiring {
                // A closed path rather than a rectangle, because the SVG backend draws a
                // rectangle's outline one pixel wide whatever its style says.
                chart
                    .draw_series([PathElement::new(
                        [
                            (run.starts_on, top.clone()),
                            (run.ends_on, top.clone()),
                            (run.ends_on, bottom.clone()),
                            (run.starts_on, bottom),
                            (run.starts_on, top),
                        ],
                        EXPIRING_FRAME.stroke_width(EXPIRING_FRAME_WIDTH),
                    )])
                    .map_err(drawing_failed)?;
            }
        }
        chart
            .draw_series([PathElement::new(
                [
                    (effective_on, SegmentValue::Exact(0)),
                    (effective_on, SegmentValue::Exact(count.max(1))),
                ],
                RGBColor(0xCC, 0x00, 0x00).stroke_width(2),
            )])
            .map_err(drawing_failed)?;
        root.present().map_err(drawing_failed)?;
    }
    Ok(Chart {
        svg: accessible(svg, id, title, description),
    })
}

/// One party's share of one budget year.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareBar {
    /// Such as "2025 Region Sörmland".
    pub label: String,
    /// The share the allocation key agrees, in per cent.
    pub agreed_percent: f64,
    /// The share the budget actually charges, in per cent, once the exceptions are counted.
    pub actual_percent: f64,
}

/// The colour of the agreed share.
const AGREED: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// The colour of the actual share.
const ACTUAL: RGBColor = RGBColor(0x00, 0x5A, 0x8C);

/// The agreed colour as the SVG writes it, for the page's legend.
pub fn agreed_colour_code() -> String {
    let RGBColor(red, green, blue) = AGREED;
    format!("#{red:02X}{green:02X}{blue:02X}")
}

/// The actual colour as the SVG writes it, for the page's legend.
pub fn actual_colour_code() -> String {
    let RGBColor(red, green, blue) = ACTUAL;
    format!("#{red:02X}{green:02X}{blue:02X}")
}

const SHARES_ROW_HEIGHT: u32 = 26;

/// Each party's agreed share (lighter bar) above its actual share (darker bar), for every budget
/// year and party, on a scale of 0–100 %.
pub fn cost_shares(
    id: &str,
    title: &str,
    description: &str,
    bars: &[ShareBar],
) -> Result<Chart, ChartError> {
    let rows = u32::try_from(bars.len() * 2).map_err(drawing_failed)?;
    let height = 80 + SHARES_ROW_HEIGHT * rows.max(1);
    // Two rows per party and year: the agreed share, then the actual one.
    let count = i32::try_from(bars.len() * 2).map_err(drawing_failed)?;
    let label_of = |row: i32| {
        let bar = usize::try_from(row)
            .ok()
            .and_then(|row| bars.get(row / 2))?;
        Some(if row % 2 == 0 {
            format!("{}, avtalad", shortened(&bar.label, 28))
        } else {
            "faktisk".to_owned()
        })
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (TIMELINE_WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(40)
            .x_label_area_size(36)
            .y_label_area_size(TIMELINE_LABELS_WIDTH)
            .build_cartesian_2d(0.0..100.0, rows_axis(count))
            .map_err(drawing_failed)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .label_style(("sans-serif", LABEL_SIZE))
            .axis_desc_style(("sans-serif", LABEL_SIZE))
            .y_labels(bars.len() * 2)
            .y_label_formatter(&|value| match value {
                SegmentValue::CenterOf(segment) => {
                    label_of(from_top(count, *segment)).unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_labels(11)
            .x_label_formatter(&|percent| format!("{percent:.0} %"))
            .x_desc("Andel av kostnaderna")
            .draw()
            .map_err(drawing_failed)?;
        for (row, bar) in (0..count).step_by(2).zip(bars) {
            for (row, percent, colour) in [
                (row, bar.agreed_percent, AGREED),
                (row + 1, bar.actual_percent, ACTUAL),
            ] {
                chart
                    .draw_series([Rectangle::new(
                        [
                            (0.0, SegmentValue::Exact(from_top(count, row))),
                            (percent, SegmentValue::Exact(from_top(count, row) + 1)),
                        ],
                        colour.filled(),
                    )])
                    .map_err(drawing_failed)?;
            }
        }
        root.present().map_err(drawing_failed)?;
    }
    Ok(Chart {
        svg: accessible(svg, id, title, description),
    })
}

/// An axis of `rows` rows, one segment each. Plotters' segmented range includes its end, so the
/// range ends at the last row rather than after it.
fn rows_axis(
    rows: i32,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32> {
    (0..(rows - 1).max(0)).into_segmented()
}

/// The segment of the row `row` counted from the top, on an axis of `rows` segments counted
/// from the bottom: a chart lists its rows in the order of its table.
fn from_top(rows: i32, row: i32) -> i32 {
    rows - 1 - row
}

/// `text`, cut to `characters` with an ellipsis, so that a long title does not run into the
/// chart; the table beside it has the whole title.
fn shortened(text: &str, characters: usize) -> String {
    if text.chars().count() <= characters {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(characters.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The SVG with a title and a description a screen reader announces, named as the image's label.
fn accessible(svg: String, id: &str, title: &str, description: &str) -> String {
    let Some(end_of_open_tag) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|offset| start + offset))
    else {
        return svg;
    };
    let (open_tag, rest) = svg.split_at(end_of_open_tag);
    format!(
        "{open_tag} role=\"img\" aria-labelledby=\"{id}-titel {id}-beskrivning\" id=\"{id}\">\
         <title id=\"{id}-titel\">{}</title><desc id=\"{id}-beskrivning\">{}</desc>{}",
        escaped(title),
        escaped(description),
        &rest[1..]
    )
}

/// Text escaped for an SVG element's content.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_chart_names_itself_for_a_screen_reader() {
        let chart = cost_shares(
            "andelar",
            "Kostnadsandelar <2025>",
            "Avtalad mot faktisk andel",
            &[ShareBar {
                label: "2025 Region Sörmland".into(),
                agreed_percent: 50.0,
                actual_percent: 52.0,
            }],
        )
        .unwrap();
        let svg = chart.svg();
        assert!(svg.contains(
            "role=\"img\" aria-labelledby=\"andelar-titel andelar-beskrivning\" id=\"andelar\">\
             <title id=\"andelar-titel\">Kostnadsandelar &lt;2025&gt;</title>\
             <desc id=\"andelar-beskrivning\">Avtalad mot faktisk andel</desc>"
        ));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn a_timeline_draws_one_run_per_contract_and_frames_the_expiring_ones() {
        let run = |title: &str, ends_on: &str, fate, expiring| ContractRun {
            title: title.into(),
            starts_on: day("2023-04-01"),
            ends_on: day(ends_on),
            latest_possible_end: day(ends_on),
            fate,
            expiring,
        };
        let chart = contract_timeline(
            "avtal",
            "Avtal",
            "Avtalens löptid",
            &[
                run(
                    "Läkemedel",
                    "2028-12-31",
                    ContractFate::ContinuesJointly,
                    false,
                ),
                run(
                    "Sjukvårdsmaterial",
                    "2027-03-31",
                    ContractFate::Undecided,
                    true,
                ),
            ],
            day("2027-01-01"),
        )
        .unwrap();
        let svg = chart.svg();
        let fill = |fate: ContractFate| format!("fill=\"{}\"", fate.colour_code());
        assert_eq!(
            svg.matches(&fill(ContractFate::ContinuesJointly)).count(),
            1
        );
        assert_eq!(svg.matches(&fill(ContractFate::Undecided)).count(), 1);
        assert_eq!(
            svg.matches(&format!("stroke-width=\"{EXPIRING_FRAME_WIDTH}\""))
                .count(),
            1
        );
    }
}

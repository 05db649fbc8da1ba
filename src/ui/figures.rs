//! Target, actual and rate of the item screen: in large block digits
//! (readable from the back of the room) when the terminal is big enough,
//! as plain bold text when it is not.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use crate::domain::achievement::Status;
use crate::domain::ledger::Cell;
use crate::domain::plan::Kpi;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;

use super::theme::theme;
use crate::text::fit;

/// Rows the figures take: big digits need a label, four rows and a caption.
#[must_use]
pub fn height(area: Rect) -> u16 {
    if big_enough(area) { 6 } else { 3 }
}

fn big_enough(area: Rect) -> bool {
    area.width >= 90 && area.height >= 30
}

/// One figure: a caption, the number in block digits with what follows it
/// (unit, status), and the same as one line for small terminals.
struct Figure {
    caption: String,
    /// The number, or what is said where there is none (目標なし, 実績なし):
    /// in words, never in block digits (a block `-` read as a bar, or a
    /// minus, with the unit under it).
    number: Result<String, &'static str>,
    after: String,
    plain: Plain,
    style: Style,
}

/// The one-line form of a figure.
enum Plain {
    /// A target or an actual, fitted without a cut.
    Figure(Option<Quantity>),
    /// The rate and the status.
    Text(String),
}

/// `目標 (平成31年3月末 時点)`, `Target (as of 2019-03-31)`.
fn target_caption(lang: Lang, cell: &Cell) -> String {
    let t = lang.texts();
    let date = lang.target_date(cell.fiscal_year);
    match lang {
        Lang::Ja => format!("{} ({date} {})", t.target, t.as_of),
        Lang::En => format!("{} ({} {date})", t.target, t.as_of),
    }
}

fn number(q: Option<Quantity>, none: &'static str) -> Result<String, &'static str> {
    q.map(|q| q.to_string()).ok_or(none)
}

/// The largest block size the number fits in, if any: 8 or 4 columns a digit.
fn pixel_size(text: &str, width: u16) -> Option<PixelSize> {
    let chars = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    if chars.saturating_mul(8) <= width {
        Some(PixelSize::HalfHeight)
    } else if chars.saturating_mul(4) <= width {
        Some(PixelSize::Quadrant)
    } else {
        None
    }
}

pub fn render(frame: &mut Frame, area: Rect, screen: Rect, lang: Lang, kpi: &Kpi, cell: &Cell) {
    let t = lang.texts();
    let status = lang.status(cell.achievement.status);
    let rate = cell.achievement.rate;
    let figures = [
        Figure {
            caption: target_caption(lang, cell),
            number: number(cell.target, lang.status(Status::NoTarget)),
            after: if cell.target.is_some() { kpi.unit.clone() } else { String::new() },
            plain: Plain::Figure(cell.target),
            style: theme().title,
        },
        Figure {
            caption: t.actual.to_string(),
            number: number(cell.actual, lang.status(Status::NoActual)),
            after: if cell.actual.is_some() { kpi.unit.clone() } else { String::new() },
            plain: Plain::Figure(cell.actual),
            style: theme().title,
        },
        Figure {
            caption: t.rate.to_string(),
            number: rate.map(crate::domain::achievement::Rate::plain).ok_or(status),
            after: if rate.is_some() { format!("% {status}") } else { String::new() },
            plain: Plain::Text(format!("{}  {status}", lang.rate(rate))),
            style: theme().status(cell.achievement.status),
        },
    ];
    let big = big_enough(screen);
    let cols = Layout::horizontal([Constraint::Ratio(1, 3); 3]).split(area);
    for (col, f) in cols.iter().zip(figures) {
        let w = usize::from(col.width.saturating_sub(1));
        let size = match &f.number {
            Ok(number) if big => pixel_size(number, col.width.saturating_sub(2)),
            _ => None,
        };
        match (size, &f.number) {
            (_, Err(words)) if big => {
                // In words on the digits' second row, as bold as the digits.
                let lines = vec![
                    Line::styled(fit(&f.caption, w), theme().muted),
                    Line::default(),
                    Line::styled(fit(words, w), f.style.add_modifier(Modifier::BOLD)),
                ];
                frame.render_widget(Paragraph::new(lines), *col);
            }
            (Some(size), Ok(number)) => {
                let [caption, digits, after] = Layout::vertical([
                    Constraint::Length(1),
                    Constraint::Length(4),
                    Constraint::Length(1),
                ])
                .areas(*col);
                frame.render_widget(
                    Paragraph::new(Line::styled(fit(&f.caption, w), theme().muted)),
                    caption,
                );
                let big_text = BigText::builder()
                    .pixel_size(size)
                    .style(f.style)
                    .lines(vec![number.clone().into()])
                    .build();
                frame.render_widget(big_text, digits);
                frame.render_widget(Paragraph::new(Line::styled(fit(&f.after, w), f.style)), after);
            }
            _ => {
                // A figure too wide shows as … rather than cut (the rate
                // line, with its status, is cut after the rate at worst).
                let plain = match &f.plain {
                    Plain::Figure(q) => lang.figure_within(*q, &kpi.unit, w),
                    Plain::Text(text) => fit(text, w),
                };
                let lines = vec![
                    Line::styled(fit(&f.caption, w), theme().muted),
                    Line::styled(plain, f.style),
                ];
                frame.render_widget(Paragraph::new(lines), *col);
            }
        }
    }
}

//! The minutes preview: what `e` will write, scrolled. Only the lines on
//! screen are wrapped, so a long meeting scrolls at once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::state::{App, MinutesView};

use super::breadcrumb;
use super::theme::theme;
use crate::text::{fit, wrap};

pub fn render(app: &App, view: &MinutesView, frame: &mut Frame, area: Rect) {
    let block = breadcrumb::block(app, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let t = app.lang.texts();
    let [body, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let w = usize::from(body.width);
    let h = usize::from(body.height);
    let mut lines: Vec<Line> = Vec::with_capacity(h);
    if !view.ready {
        lines.push(Line::styled(fit(t.minutes_building, w), theme().muted));
    }
    for text in view.lines.iter().skip(view.offset) {
        let style = if text.starts_with('#') { theme().header } else { theme().base };
        for part in wrap(&plain(text), w) {
            lines.push(Line::styled(part, style));
        }
        if lines.len() >= h {
            break;
        }
    }
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines), body);
    frame.render_widget(Paragraph::new(Line::styled(fit(t.minutes_hint, w), theme().muted)), hint);
}

/// A Markdown line as a reader sees it: no heading marks, no `**`, no
/// backslash escapes.
fn plain(line: &str) -> String {
    // A heading's marks and the space after them go; a nested list item
    // keeps its indent.
    let line = match line.strip_prefix('#') {
        Some(rest) => rest.trim_start_matches('#').trim_start(),
        None => line,
    };
    let line = line.replace("**", "");
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_marks_are_not_shown() {
        assert_eq!(super::plain("### 3. 新規"), "3. 新規");
        assert_eq!(super::plain("**発言**"), "発言");
        assert_eq!(super::plain("a \\| b \\\\ c"), "a | b \\ c");
    }

    /// The attendees are a list inside 出席者: the preview showed
    /// `- 会長：…` flush with `- 出席者`, as if each were an item of the
    /// 開催概要 of its own.
    #[test]
    fn a_nested_item_keeps_its_indent() {
        assert_eq!(super::plain("  - 会長：山田 一郎"), "  - 会長：山田 一郎");
        assert_eq!(super::plain("- **出席者**"), "- 出席者");
        assert_eq!(super::plain("## 開催概要"), "開催概要");
    }
}

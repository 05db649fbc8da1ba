//! One set of styles for the whole interface. Status is always written in
//! words too, never shown by colour alone (projectors wash colours out).

use ratatui::style::{Color, Modifier, Style};

use crate::domain::achievement::Status;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub muted: Style,
    pub border: Style,
    pub selected: Style,
    pub header: Style,
    pub sample: Style,
    pub status_line: Style,
    pub notice: Style,
    pub error: Style,
    pub target_bar: Style,
    pub achieved: Style,
    pub mostly: Style,
    pub not_achieved: Style,
    pub no_target: Style,
}

pub const DARK: Theme = Theme {
    base: Style::new(),
    title: Style::new().add_modifier(Modifier::BOLD),
    muted: Style::new().fg(Color::Gray),
    border: Style::new().fg(Color::DarkGray),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    sample: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
    status_line: Style::new().fg(Color::White).bg(Color::DarkGray),
    notice: Style::new().fg(Color::Black).bg(Color::Cyan),
    error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
    target_bar: Style::new().fg(Color::Gray),
    achieved: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
    mostly: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    not_achieved: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    no_target: Style::new().fg(Color::Gray),
};

impl Theme {
    #[must_use]
    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Achieved => self.achieved,
            Status::MostlyAchieved => self.mostly,
            Status::NotAchieved => self.not_achieved,
            Status::NoTarget | Status::NoActual => self.no_target,
        }
    }
}

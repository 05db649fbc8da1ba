//! The styles of the interface, in four themes: dark, light, high contrast
//! (for washed-out projectors) and no colour at all (`NO_COLOR`). Status is
//! always written in words too, never shown by colour alone.

use std::cell::Cell;

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

pub use crate::config::ThemeKind;

/// The styles of a theme.
#[must_use]
pub fn styles(kind: ThemeKind) -> &'static Theme {
    match kind {
        ThemeKind::Dark => &DARK,
        ThemeKind::Light => &LIGHT,
        ThemeKind::HighContrast => &HIGH_CONTRAST,
        ThemeKind::Mono => &MONO,
    }
}

thread_local! {
    /// The theme of the frame being drawn, set by `ui::render`.
    static CURRENT: Cell<ThemeKind> = const { Cell::new(ThemeKind::Dark) };
}

/// Sets the theme for what is drawn next on this thread.
pub fn use_theme(kind: ThemeKind) {
    CURRENT.with(|c| c.set(kind));
}

/// The styles of the frame being drawn.
#[must_use]
pub fn theme() -> &'static Theme {
    styles(CURRENT.with(Cell::get))
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

pub const LIGHT: Theme = Theme {
    base: Style::new().fg(Color::Black).bg(Color::White),
    title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
    muted: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::DarkGray),
    selected: Style::new().fg(Color::White).bg(Color::Blue),
    header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    sample: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
    status_line: Style::new().fg(Color::Black).bg(Color::Gray),
    notice: Style::new().fg(Color::White).bg(Color::Blue),
    error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
    target_bar: Style::new().fg(Color::DarkGray),
    achieved: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
    mostly: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
    not_achieved: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    no_target: Style::new().fg(Color::DarkGray),
};

/// For a washed-out projector: white on black, bright colours, everything bold.
pub const HIGH_CONTRAST: Theme = Theme {
    base: Style::new().fg(Color::White).bg(Color::Black).add_modifier(Modifier::BOLD),
    title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
    muted: Style::new().fg(Color::White),
    border: Style::new().fg(Color::White),
    selected: Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
    header: Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
    sample: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD),
    status_line: Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
    notice: Style::new().fg(Color::Black).bg(Color::LightCyan).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
    target_bar: Style::new().fg(Color::White),
    achieved: Style::new().fg(Color::LightGreen).add_modifier(Modifier::BOLD),
    mostly: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
    not_achieved: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
    no_target: Style::new().fg(Color::White),
};

/// No colour at all: emphasis by bold, underline and reverse only.
pub const MONO: Theme = Theme {
    base: Style::new(),
    title: Style::new().add_modifier(Modifier::BOLD),
    muted: Style::new(),
    border: Style::new(),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    header: Style::new().add_modifier(Modifier::BOLD),
    sample: Style::new().add_modifier(Modifier::REVERSED),
    status_line: Style::new().add_modifier(Modifier::REVERSED),
    notice: Style::new().add_modifier(Modifier::REVERSED),
    error: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    target_bar: Style::new(),
    achieved: Style::new().add_modifier(Modifier::BOLD),
    mostly: Style::new().add_modifier(Modifier::UNDERLINED),
    not_achieved: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    no_target: Style::new(),
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

//! The council's judgment (評価) on an item or the plan as a whole: the
//! effect category, the policy (今後の方針) and the reason.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::domain::plan::JudgmentCategories;
use crate::domain::session::{Judgment, JudgmentTarget, Stamp};
use crate::text::is_unsafe;

use super::editor::{Outcome, clean_input};
use super::form_keys::{FormKey, form_key};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Target,
    Effect,
    Policy,
    Visibility,
    Reason,
}

impl Field {
    const ORDER: [Field; 5] =
        [Field::Effect, Field::Policy, Field::Reason, Field::Visibility, Field::Target];

    fn step(self, forward: bool) -> Field {
        let i = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Field::ORDER.len();
        Field::ORDER[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

pub struct JudgmentForm {
    pub targets: Vec<JudgmentTarget>,
    pub target: usize,
    pub effect: usize,
    pub policy: usize,
    pub internal: bool,
    pub reason: TextArea<'static>,
    pub focus: Field,
    pub confirm_discard: bool,
}

fn reason_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(String::from).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

impl JudgmentForm {
    /// A form for `targets[target]`, filled from the judgment already
    /// recorded there, if any.
    #[must_use]
    pub fn new(
        targets: Vec<JudgmentTarget>,
        target: usize,
        existing: Option<&Judgment>,
        categories: &JudgmentCategories,
    ) -> Self {
        let pick = |list: &[String], v: &str| list.iter().position(|x| x == v).unwrap_or(0);
        let live = existing.filter(|j| j.withdrawn.is_none());
        JudgmentForm {
            target: target.min(targets.len().saturating_sub(1)),
            targets,
            effect: live.map_or(0, |j| pick(&categories.effects, &j.effect)),
            policy: live.map_or(0, |j| pick(&categories.policies, &j.policy)),
            internal: live.is_some_and(|j| j.internal),
            reason: reason_area(live.map_or("", |j| j.reason.as_str())),
            focus: Field::Effect,
            confirm_discard: false,
        }
    }

    #[must_use]
    pub fn current_target(&self) -> JudgmentTarget {
        self.targets.get(self.target).cloned().unwrap_or(JudgmentTarget::Plan)
    }

    #[must_use]
    pub fn judgment(&self, categories: &JudgmentCategories, at: Stamp) -> Judgment {
        Judgment {
            target: self.current_target(),
            effect: categories.effects.get(self.effect).cloned().unwrap_or_default(),
            policy: categories.policies.get(self.policy).cloned().unwrap_or_default(),
            reason: self.reason.lines().join("\n").trim().to_string(),
            at,
            internal: self.internal,
            withdrawn: None,
            history: Vec::new(),
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.focus = Field::Reason;
        self.reason.insert_str(clean_input(text));
    }

    pub fn key(&mut self, key: KeyEvent, categories: &JudgmentCategories) -> Outcome {
        if key.code != KeyCode::Esc {
            self.confirm_discard = false;
        }
        match form_key(&key) {
            Some(FormKey::Newline) => {
                self.focus = Field::Reason;
                self.reason.insert_newline();
            }
            Some(FormKey::Save) => return Outcome::Save,
            Some(FormKey::Cancel) => {
                let typed = !self.reason.lines().join("").trim().is_empty();
                if typed && !self.confirm_discard {
                    self.confirm_discard = true;
                    return Outcome::ConfirmCancel;
                }
                return Outcome::Cancel;
            }
            Some(FormKey::Next) => self.focus = self.focus.step(true),
            Some(FormKey::Previous) => self.focus = self.focus.step(false),
            Some(FormKey::Choose) | None => self.field_key(key, categories),
        }
        Outcome::Continue
    }

    fn field_key(&mut self, key: KeyEvent, categories: &JudgmentCategories) {
        let step = match key.code {
            KeyCode::Left | KeyCode::Up => Some(false),
            KeyCode::Right | KeyCode::Down => Some(true),
            _ => None,
        };
        let digit = match key.code {
            KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
            _ => None,
        };
        let cycle = |i: usize, n: usize, forward: bool| {
            let n = n.max(1);
            if forward { (i + 1) % n } else { (i + n - 1) % n }
        };
        match self.focus {
            Field::Effect | Field::Policy => {
                let n = if self.focus == Field::Effect {
                    categories.effects.len()
                } else {
                    categories.policies.len()
                };
                let slot =
                    if self.focus == Field::Effect { &mut self.effect } else { &mut self.policy };
                if let Some(forward) = step {
                    *slot = cycle(*slot, n, forward);
                } else if let Some(d) = digit.filter(|d| (1..=n).contains(d)) {
                    *slot = d - 1;
                    self.focus = self.focus.step(true);
                } else if matches!(key.code, KeyCode::Char(_)) {
                    self.focus = Field::Reason;
                    self.type_key(key);
                }
            }
            Field::Target => {
                if let Some(forward) = step {
                    self.target = cycle(self.target, self.targets.len(), forward);
                }
            }
            Field::Visibility => {
                if step.is_some() || key.code == KeyCode::Char(' ') {
                    self.internal = !self.internal;
                }
            }
            Field::Reason => self.type_key(key),
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        if let KeyCode::Char(c) = key.code
            && is_unsafe(c)
        {
            return;
        }
        self.reason.input(key);
    }
}

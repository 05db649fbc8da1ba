//! clap's messages about a mistyped command line, in Japanese (the
//! program's default language; `--lang en` keeps clap's English).
//!
//! clap builds them from the error's kind and context (the argument, the
//! value, the values it takes, the usage); this formatter says the same
//! in Japanese, as clap's own `RichFormatter` lays them out. What the
//! context does not hold (a value parser's own reason, such as `700 is not
//! in 1..=600`) is quoted as clap gives it.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::builder::styling::Styles;
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};

/// The Japanese formatter: `error.apply::<Japanese>()`.
#[derive(Debug)]
pub struct Japanese;

const TAB: &str = "  ";

impl ErrorFormatter for Japanese {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let styles = Styles::styled();
        let (bad, good) = (styles.get_error(), styles.get_valid());
        let mut out = format!("{bad}エラー:{bad:#} ");
        out.push_str(&message(error, &styles));
        let mut suggested = false;
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "コマンド"),
            (ContextKind::SuggestedArg, "引数"),
            (ContextKind::SuggestedValue, "値"),
        ] {
            if let Some(names) = error.get(kind) {
                out.push_str(if suggested { "\n" } else { "\n\n" });
                suggested = true;
                let names = match names {
                    ContextValue::String(name) => vec![name.clone()],
                    ContextValue::Strings(names) => names.clone(),
                    _ => Vec::new(),
                };
                let names: Vec<String> =
                    names.iter().map(|n| format!("'{good}{n}{good:#}'")).collect();
                let _ = write!(
                    out,
                    "{TAB}{good}ヒント:{good:#} 似た{what}があります: {}",
                    names.join(", ")
                );
            }
        }
        if let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) {
            if !suggested {
                out.push('\n');
            }
            for tip in tips {
                let _ = write!(
                    out,
                    "\n{TAB}{good}ヒント:{good:#} {}",
                    tip_in_japanese(&tip.to_string())
                );
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.ansi().to_string().replacen("Usage:", "使い方:", 1);
            let _ = write!(out, "\n\n{usage}");
        }
        let literal = styles.get_literal();
        let _ = writeln!(out, "\n\n詳しくは '{literal}--help{literal:#}' を見てください。");
        StyledStr::from(out)
    }
}

/// The first line: what is wrong.
fn message(error: &Error<Japanese>, styles: &Styles) -> String {
    let (bad, good, literal) = (styles.get_invalid(), styles.get_valid(), styles.get_literal());
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let said = match error.kind() {
        ErrorKind::ArgumentConflict => Some(conflict(error, styles)),
        ErrorKind::NoEquals => {
            arg.map(|a| format!("'{bad}{a}{bad:#}' に値を指定するときは = が必要です"))
        }
        ErrorKind::InvalidValue => arg.zip(value).map(|(a, v)| {
            let mut s = if v.is_empty() {
                format!("'{bad}{a}{bad:#}' に値がありません")
            } else {
                format!("'{literal}{a}{literal:#}' に '{bad}{v}{bad:#}' は指定できません")
            };
            s.push_str(&list(error.get(ContextKind::ValidValue), "指定できる値", styles));
            s
        }),
        ErrorKind::InvalidSubcommand => string(ContextKind::InvalidSubcommand)
            .map(|s| format!("'{bad}{s}{bad:#}' というコマンドはありません")),
        ErrorKind::MissingRequiredArgument => match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(args)) => {
                let mut s = "次の引数が必要です:".to_string();
                for a in args {
                    let _ = write!(s, "\n{TAB}{good}{a}{good:#}");
                }
                Some(s)
            }
            _ => None,
        },
        ErrorKind::MissingSubcommand => string(ContextKind::InvalidSubcommand).map(|s| {
            format!("'{bad}{s}{bad:#}' にはコマンドの指定が必要です")
                + &list(error.get(ContextKind::ValidSubcommand), "コマンド", styles)
        }),
        ErrorKind::TooManyValues => arg
            .zip(value)
            .map(|(a, v)| format!("'{literal}{a}{literal:#}' の値 '{bad}{v}{bad:#}' は余分です")),
        ErrorKind::TooFewValues => {
            match (arg, number(ContextKind::ActualNumValues), number(ContextKind::MinValues)) {
                (Some(a), Some(n), Some(min)) => Some(format!(
                    "'{literal}{a}{literal:#}' には値が {good}{min}{good:#} 個以上必要です（{bad}{n}{bad:#} 個です）"
                )),
                _ => None,
            }
        }
        ErrorKind::WrongNumberOfValues => {
            match (
                arg,
                number(ContextKind::ActualNumValues),
                number(ContextKind::ExpectedNumValues),
            ) {
                (Some(a), Some(n), Some(want)) => Some(format!(
                    "'{literal}{a}{literal:#}' には値が {good}{want}{good:#} 個必要です（{bad}{n}{bad:#} 個です）"
                )),
                _ => None,
            }
        }
        ErrorKind::ValueValidation => arg.zip(value).map(|(a, v)| {
            let mut s = format!("'{literal}{a}{literal:#}' に '{bad}{v}{bad:#}' は指定できません");
            if let Some(reason) =
                std::error::Error::source(error).and_then(|r| reason_in_japanese(&r.to_string()))
            {
                let _ = write!(s, ": {reason}");
            }
            s
        }),
        ErrorKind::UnknownArgument => {
            arg.map(|a| format!("予期しない引数 '{bad}{a}{bad:#}' があります"))
        }
        _ => None,
    };
    said.unwrap_or_else(|| in_general(error.kind()).to_string())
}

/// The message of a kind whose context says nothing more.
fn in_general(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidValue => "値を指定できません",
        ErrorKind::UnknownArgument => "予期しない引数があります",
        ErrorKind::InvalidSubcommand => "そのコマンドはありません",
        ErrorKind::NoEquals => "値を指定するときは = が必要です",
        ErrorKind::ValueValidation => "値が正しくありません",
        ErrorKind::TooManyValues => "値が多すぎます",
        ErrorKind::TooFewValues => "値が足りません",
        ErrorKind::WrongNumberOfValues => "値の数が違います",
        ErrorKind::ArgumentConflict => "一緒に使えない引数があります",
        ErrorKind::MissingRequiredArgument => "必要な引数がありません",
        ErrorKind::MissingSubcommand => "コマンドの指定が必要です",
        ErrorKind::InvalidUtf8 => "引数が正しい UTF-8 ではありません",
        _ => "コマンドラインを読めません",
    }
}

fn conflict(error: &Error<Japanese>, styles: &Styles) -> String {
    let bad = styles.get_invalid();
    let mut prior = error.get(ContextKind::PriorArg);
    let mut s =
        match (error.get(ContextKind::InvalidArg), error.get(ContextKind::InvalidSubcommand)) {
            (Some(ContextValue::String(a)), _) if prior == error.get(ContextKind::InvalidArg) => {
                prior = None;
                format!("引数 '{bad}{a}{bad:#}' は一度しか指定できません")
            }
            (Some(ContextValue::String(a)), _) => format!("引数 '{bad}{a}{bad:#}' は"),
            (_, Some(ContextValue::String(c))) => format!("コマンド '{bad}{c}{bad:#}' は"),
            _ => return in_general(ErrorKind::ArgumentConflict).to_string(),
        };
    match prior {
        Some(ContextValue::Strings(others)) => {
            s.push_str("次の引数と一緒には使えません:");
            for o in others {
                let _ = write!(s, "\n{TAB}{bad}{o}{bad:#}");
            }
        }
        Some(ContextValue::String(other)) => {
            let _ = write!(s, " '{bad}{other}{bad:#}' と一緒には使えません");
        }
        Some(_) => s.push_str("ほかに指定した引数と一緒には使えません"),
        None => {}
    }
    s
}

/// `\n  [指定できる値: a, b]`, or nothing.
fn list(values: Option<&ContextValue>, label: &str, styles: &Styles) -> String {
    let good = styles.get_valid();
    match values {
        Some(ContextValue::Strings(values)) if !values.is_empty() => {
            let values: Vec<String> = values.iter().map(|v| format!("{good}{v}{good:#}")).collect();
            format!("\n{TAB}[{label}: {}]", values.join(", "))
        }
        _ => String::new(),
    }
}

/// A value parser's reason: a number's range (`0 is not in 1..=600`) and
/// the standard library's reasons a number cannot be read. Another is not
/// said: its English would follow the Japanese, and the line already says
/// which value of which argument was refused (and `--help` what it takes).
fn reason_in_japanese(reason: &str) -> Option<String> {
    if let Some((_, range)) = reason.split_once(" is not in ") {
        return Some(match range.split_once("..=") {
            Some((low, high)) => format!("{low} から {high} までの数を指定してください"),
            None => match range.split_once("..") {
                Some((low, "")) => format!("{low} 以上の数を指定してください"),
                Some((low, high)) => format!("{low} 以上 {high} 未満の数を指定してください"),
                None => return None,
            },
        });
    }
    let said = match reason {
        "invalid digit found in string" => "数字ではありません（半角の数字で書いてください）",
        "cannot parse integer from empty string" => "値が空です",
        "number too large to fit in target type" => "数が大きすぎます",
        "number too small to fit in target type" => "数が小さすぎます",
        _ => return None,
    };
    Some(said.to_string())
}

/// clap's tips, which it gives as finished English sentences.
fn tip_in_japanese(tip: &str) -> String {
    if let Some(rest) = tip.strip_prefix("to pass '")
        && let Some((arg, rest)) = rest.split_once("' as a value, use '")
    {
        let written = rest.strip_suffix('\'').unwrap_or(rest);
        return format!("'{arg}' を値として渡すには '{written}' と書きます");
    }
    if let Some(rest) = tip.strip_prefix("subcommand '")
        && let Some((name, _)) = rest.split_once("' exists")
    {
        return format!("コマンド '{name}' があります。使うには前の '--' を取ります");
    }
    if let Some(exists) = tip.strip_suffix(" exists") {
        return format!("{exists} があります");
    }
    tip.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    use crate::cli::Cli;

    /// What clap says of `line`, in Japanese and in English.
    fn said(line: &str) -> (String, String) {
        let mut command = crate::i18n::help::japanese(Cli::command());
        let error =
            command.try_get_matches_from_mut(line.split(' ')).expect_err("a mistyped command line");
        let english = Cli::command()
            .try_get_matches_from(line.split(' '))
            .expect_err("a mistyped command line");
        (error.apply::<Japanese>().to_string(), english.to_string())
    }

    /// A reason the program does not know is left out rather than said
    /// in English after the Japanese; a range is said whatever its form.
    #[test]
    fn an_unknown_reason_is_not_said_in_english() {
        assert_eq!(reason_in_japanese("the value must be a color"), None);
        assert_eq!(
            reason_in_japanese("0 is not in 1.."),
            Some("1 以上の数を指定してください".into())
        );
        assert_eq!(
            reason_in_japanese("9 is not in 1..9"),
            Some("1 以上 9 未満の数を指定してください".into())
        );
    }

    /// Each mistake a secretary may make, in Japanese, with clap's usage
    /// and no English left.
    #[test]
    fn mistyped_command_lines_are_said_in_japanese() {
        for (line, first) in [
            ("kpi-council --bogus", "エラー: 予期しない引数 '--bogus' があります"),
            ("kpi-council bogus", "エラー: 'bogus' というコマンドはありません"),
            (
                "kpi-council summary --format bogus",
                "エラー: '--format <FORMAT>' に 'bogus' は指定できません\n  [指定できる値: table, csv, json, xlsx]",
            ),
            ("kpi-council summary --format", "エラー: '--format <FORMAT>' に値がありません"),
            ("kpi-council import actuals x.csv", "エラー: 次の引数が必要です:\n  --output <OUT>"),
            (
                "kpi-council --session a.ron --follow",
                "エラー: 引数 '--session <SESSION>' は '--follow [<SESSION>]' と一緒には使えません",
            ),
            (
                "kpi-council --lang en --lang ja",
                "エラー: 引数 '--lang <LANG>' は一度しか指定できません",
            ),
            (
                "kpi-council merge a.ron -o b.ron",
                "エラー: '<SESSION> <SESSION>...' には値が 2 個以上必要です（1 個です）",
            ),
            (
                "kpi-council --minutes-per-item 0",
                "エラー: '--minutes-per-item <N>' に '0' は指定できません: 1 から 600 までの数を指定してください",
            ),
            (
                "kpi-council sample -o x --kpis ten",
                "エラー: '--kpis <KPIS>' に 'ten' は指定できません: 数字ではありません",
            ),
            (
                "kpi-council sample -o x --years ６",
                "エラー: '--years <YEARS>' に '６' は指定できません: 数字ではありません（半角の数字で書いてください）",
            ),
            ("kpi-council summary --forse", "ヒント: 似た引数があります: '--force'"),
            ("kpi-council check -x", "ヒント: '-x' を値として渡すには '-- -x' と書きます"),
        ] {
            let (text, english) = said(line);
            assert!(text.contains(first), "{line}: {first:?} not in:\n{text}");
            // The usage where clap gives it, and the same number of lines.
            assert_eq!(
                text.contains("\n\n使い方: kpi-council"),
                english.contains("\n\nUsage: kpi-council"),
                "{line}:\n{text}\n{english}"
            );
            assert_eq!(text.lines().count(), english.lines().count(), "{text}\n{english}");
            assert!(text.ends_with("\n\n詳しくは '--help' を見てください。\n"), "{line}:\n{text}");
            for english in [
                "error:", "Usage:", "tip:", "found", "required", "exist", "try", "is not",
                "invalid",
            ] {
                assert!(!text.contains(english), "{line}: {english:?} in:\n{text}");
            }
        }
    }
}

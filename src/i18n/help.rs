//! The command line's help in Japanese, the program's default language
//! (`--lang en` keeps the English of the doc comments in `cli.rs`).
//!
//! Every command and argument has one entry here, found by the command's
//! path (`"import actuals"`, `""` for the program) and the argument's id; a
//! test fails when a command, an argument or a value with its own help has
//! none, so no option ships in English only. clap's own words are set here
//! too: the headings (使い方, コマンド, 引数, オプション), `-h`/`--help`,
//! `-V`/`--version`, the `help` command, and the default and possible values
//! (clap's `[default: …]` is hidden and said here as `[既定値: …]`). clap's
//! messages about a mistyped command line are in `clap_errors`.

use clap::builder::StyledStr;
use clap::{Arg, Command};

/// A command's Japanese: its about, and the help of each argument by id.
struct Entry {
    path: &'static str,
    about: &'static str,
    args: &'static [(&'static str, &'static str)],
}

const FORCE: &str = "既にある出力ファイルを置き換えます";

static COMMANDS: &[Entry] = &[
    Entry {
        path: "",
        about: "地域再生計画の KPI 評価会議: 数値を映し、発言を記録し、議事録を書き出します",
        args: &[
            ("plan", "計画ファイル（RON）。省略時は組込みの北見市の計画"),
            ("actuals", "実績ファイル（RON）。省略時は組込みのサンプル実績"),
            (
                "session",
                "作成または再開する会議の記録ファイル。省略時は sessions/<date>-<plan>.ron",
            ),
            (
                "follow",
                "プロジェクター用の表示: 別の kpi-council が記録している会議を、読み取り専用で映します（SESSION を省略すると sessions フォルダで記録中の会議。始まるまで待ちます）",
            ),
            ("minutes_per_item", "議題ごとの持ち時間（分）。過ぎると知らせます"),
            ("debug", "詳しいログを書きます（ログの場所は `kpi-council config` で表示）"),
            (
                "lang",
                "画面とコマンドのメッセージの言語（省略時は設定ファイルの言語、なければ ja）。議事録は公文書のため、常に日本語です",
            ),
        ],
    },
    Entry {
        path: "summary",
        about: "KPI × 年度の表（目標・実績・達成率・評価）を表示します",
        args: &[
            ("fy", "この年度だけ（2018、2018年度、平成30年度、H30、R1 など）"),
            ("kpi", "この KPI だけ（計画での id。計画に指定がなければ KPI の名前: 新規移動人数）"),
            ("companies", "KPI の表の代わりに、各数値の元になった企業を表示します"),
            ("format", "出力の形式"),
            (
                "excel",
                "--format csv と一緒に指定すると、Excel でそのまま開ける CSV にします（BOM 付きの UTF-8、改行は CRLF）",
            ),
            ("output", "端末ではなく、このファイルに書き出します（--format xlsx では必須）"),
            ("force", FORCE),
        ],
    },
    Entry {
        path: "check",
        about: "計画・実績・会議の記録のファイルを検査し、それぞれの種類を示します",
        args: &[("files", "検査するファイル")],
    },
    Entry {
        path: "export",
        about: "会議の記録から議事録を書き出します（Markdown、HTML、Word（docx）、または xlsx の評価シート）",
        args: &[
            ("session", "会議の記録ファイル"),
            ("format", "出力の形式"),
            ("output", "出力ファイル。省略時は記録ファイルの隣に、同じ名前で書き出します"),
            (
                "public",
                "公開用の議事録: 非公開の発言と評価を除き、除いた件数を示します。html の既定",
            ),
            ("internal", "内部用の記録: すべてを載せます。md と xlsx の既定"),
            ("anonymize", "公開用の議事録で、事務局とオブザーバーを氏名ではなく役割で示します"),
            (
                "force",
                "既にある出力ファイルを置き換えます。データが記録時と違うときや、競合が解決されていない発言があるときも書き出します",
            ),
        ],
    },
    Entry {
        path: "import",
        about: "実績を Excel・LibreOffice・CSV から、計画をその本文のテキストから取り込みます",
        args: &[],
    },
    Entry {
        path: "import actuals",
        about: "実績を .xlsx、.xls、.ods、.csv から取り込み、計画（--plan、または組込みの計画）と照らし合わせます",
        args: &[
            ("file", "表計算のファイル、または CSV"),
            ("output", "書き出す実績ファイル"),
            (
                "sheet",
                "読むシート。`all` なら表の見出しのあるすべてのシート（省略時は、見出しのある表示中のシート一つ）",
            ),
            (
                "hidden",
                "データのある非表示の行・列の扱い: 止めて一覧を示す（既定）、読まない、または読む",
            ),
            (
                "reconciliation",
                "照合表（何をどう読んだか、行ごとの内容と合計）も Markdown で書き出します",
            ),
            (
                "preview",
                "書き出す前に、読んだシートを画面で確認します: Enter で書き出し、Esc で何も書き出しません",
            ),
            (
                "map",
                "見出しの別名: \"実績人数=value,会社=company\"（項目: fiscal_year, kpi, company, value, date, note, head_office, kind, industry, source, reading, figure_status。列を読まないときは ignore）",
            ),
            ("report", "最初の一行だけでなく、誤りのある行をすべて示します"),
            ("force", FORCE),
        ],
    },
    Entry {
        path: "import plan",
        about: "地域再生計画の本文のテキストから計画を取り込みます。各 KPI の種類とその理由を表示します",
        args: &[
            ("file", "計画の本文のテキスト（UTF-8、Shift_JIS、UTF-16）"),
            ("output", "書き出す計画ファイル"),
            (
                "kinds",
                "判定された KPI の種類が違うときに指定します: \"移住者数=累計\"（単年度, 累計, 水準, 率）。繰り返し指定できます",
            ),
            (
                "top_aligned",
                "KPI の表のセルが上揃え（Word の既定）のとき: 行の数値より下の行は、その KPI 名の続きとして読みます",
            ),
            (
                "lower_is_better",
                "少ないほど良い KPI（空き店舗数、待機児童数など）: 達成率は 目標 ÷ 実績、実績が目標以下で達成。繰り返し指定できます",
            ),
            (
                "higher_is_better",
                "目標が下がっていても多いほど良い KPI（減少を抑える人口など）。繰り返し指定できます",
            ),
            ("force", FORCE),
        ],
    },
    Entry {
        path: "review",
        about: "委員の事前確認: 会議の記録の写しを開き、自分の名前で質問を加えます（変更できるのは自分の発言だけです）",
        args: &[
            ("session", "確認する記録の写し"),
            ("name", "自分の名前（会議の情報の出席者と同じ書き方で）"),
        ],
    },
    Entry {
        path: "merge",
        about: "委員の確認用の写しを会議の記録にまとめます（会議の記録を最初に指定）",
        args: &[
            ("sessions", "会議の記録、続けてまとめる写し"),
            ("output", "まとめた記録を書くファイル（最初のファイルと同じでもかまいません）"),
            ("force", "別の計画で記録された写しもまとめます。既にある OUT を置き換えます"),
        ],
    },
    Entry {
        path: "new",
        about: "新しい会議を作ります。議題は「前回の指摘事項への対応」（前回の記録の要対応と決定）から始まります",
        args: &[
            ("from", "前回の会議の記録"),
            ("date", "新しい会議の日付（省略時は今日）"),
            ("output", "新しい記録を書くファイル（省略時は sessions/<date>-<plan>.ron）"),
        ],
    },
    Entry {
        path: "merge-driver",
        about: "会議の記録ファイルのための git のマージドライバ: merge-driver %O %A %B %P",
        args: &[
            ("base", "共通の元の版（%O）"),
            ("ours", "こちらの版（%A）。まとめた結果をここに書きます"),
            ("theirs", "相手の版（%B）"),
            (
                "path",
                "作業ツリーでの記録の場所（%P）。そこで開かれている会議（記録中、または異常終了したもの）のジャーナルもまとめます",
            ),
        ],
    },
    Entry {
        path: "git-setup",
        about: "このフォルダのある git リポジトリで、会議の記録ファイルを kpi-council でマージするように設定します",
        args: &[],
    },
    Entry {
        path: "config",
        about: "設定ファイルとログファイルの場所を表示します",
        args: &[("path", "設定ファイルのパスを表示します")],
    },
    Entry {
        path: "sample",
        about: "ベンチマーク用に、任意の大きさの架空の計画・実績・記録を書き出します（毎回同じ内容）",
        args: &[
            ("kpis", "KPI の数"),
            ("years", "年度の数"),
            ("companies", "企業の数"),
            ("records", "実績の件数（contributions の数）"),
            ("remarks", "記録の発言の数"),
            ("output", "plan.ron、actuals.ron、session.ron を書き出すフォルダ"),
            ("force", "既にあるファイルを置き換えます"),
        ],
    },
    Entry {
        path: "completions",
        about: "シェルの補完スクリプトを出力します: kpi-council completions bash > /etc/bash_completion.d/kpi-council",
        args: &[("shell", "シェルの種類")],
    },
];

/// The help of the values that have their own: (command, argument, value).
static VALUES: &[(&str, &str, &str, &str)] = &[
    ("summary", "format", "xlsx", "CSV と同じ表を Excel のブックで（-o FILE と一緒に）"),
    ("export", "format", "docx", "Word の議事録（事務局で編集して保存するためのもの）"),
    ("import actuals", "hidden", "stop", "止めて一覧を示します"),
    ("import actuals", "hidden", "skip", "読みません（照合表に載せます）"),
    ("import actuals", "hidden", "include", "表示されている行・列として読みます（警告に載せます）"),
];

/// clap's own `help` command.
const HELP_COMMAND: &str = "このメッセージ、または指定したコマンドのヘルプを表示します";
const HELP_COMMAND_ARG: &str = "このコマンドのヘルプを表示します";

/// clap's `-h`/`--help`, by its English (which says whether `--help` has
/// more than `-h`).
const HELP_FLAG: &[(&str, &str)] = &[
    ("Print help", "ヘルプを表示します"),
    ("Print help (see more with '--help')", "ヘルプを表示します（詳しくは --help）"),
    ("Print help (see a summary with '-h')", "ヘルプを表示します（要約は -h）"),
];
const VERSION_FLAG: &str = "バージョンを表示します";

const USAGE_HEADING: &str = "使い方:";
const COMMANDS_HEADING: &str = "コマンド";
const ARGUMENTS_HEADING: &str = "引数";
const OPTIONS_HEADING: &str = "オプション";
const DEFAULT_LABEL: &str = "既定値";
const VALUES_LABEL: &str = "指定できる値";

/// The program's command with its help in Japanese. It comes back built
/// (`Command::build`): its subcommands carry the global arguments, and
/// clap's own help and version arguments and `help` command are there to
/// be given their words.
#[must_use]
pub fn japanese(mut command: Command) -> Command {
    command.build();
    localize(command, "")
}

fn localize(command: Command, path: &str) -> Command {
    let usage = command.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{USAGE_HEADING}{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage.render(),
        usage.render_reset()
    );
    let about = about(path);
    let mut command = command
        .help_template(StyledStr::from(template))
        .subcommand_help_heading(COMMANDS_HEADING)
        .mut_args(|arg| localize_arg(arg, path));
    if let Some(about) = about {
        command = command.about(about);
    }
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let sub_path = if path.is_empty() { name } else { format!("{path} {name}") };
        localize(sub, &sub_path)
    })
}

/// The about of a command; under clap's `help` command, the copies of the
/// commands (for completions) have the commands' own.
fn about(path: &str) -> Option<&'static str> {
    let mut words: Vec<&str> = path.split(' ').collect();
    if words.last() == Some(&"help") {
        return Some(HELP_COMMAND);
    }
    words.retain(|w| *w != "help");
    let path = words.join(" ");
    COMMANDS.iter().find(|e| e.path == path).map(|e| e.about)
}

/// The Japanese help of an argument of the command at `path`; a global
/// argument (`--lang`, `--plan` …) has the program's.
fn arg_help(path: &str, arg: &Arg) -> Option<&'static str> {
    let id = arg.get_id().as_str();
    let find = |path: &str| {
        COMMANDS
            .iter()
            .find(|e| e.path == path)
            .and_then(|e| e.args.iter().find(|(a, _)| *a == id))
            .map(|(_, text)| *text)
    };
    find(path).or_else(|| if arg.is_global_set() { find("") } else { None })
}

fn localize_arg(arg: Arg, path: &str) -> Arg {
    let arg = match arg.get_index() {
        // Under a heading of its own clap orders the arguments by their
        // display order, then by name: the positionals keep theirs so
        // (merge-driver's %O %A %B %P).
        Some(index) if arg.is_positional() => {
            arg.help_heading(ARGUMENTS_HEADING).display_order(index)
        }
        _ => arg.help_heading(OPTIONS_HEADING),
    };
    match arg.get_action() {
        clap::ArgAction::Help | clap::ArgAction::HelpShort | clap::ArgAction::HelpLong => {
            let said = |text: Option<&StyledStr>| {
                let english = text.map(ToString::to_string).unwrap_or_default();
                HELP_FLAG.iter().find(|(en, _)| *en == english).map(|(_, ja)| *ja)
            };
            let (short, long) = (said(arg.get_help()), said(arg.get_long_help()));
            let arg = match short {
                Some(ja) => arg.help(ja),
                None => arg,
            };
            return match long {
                Some(ja) => arg.long_help(ja),
                None => arg,
            };
        }
        clap::ArgAction::Version => return arg.help(VERSION_FLAG),
        _ => {}
    }
    let text = if path.split(' ').next_back() == Some("help") && arg.get_id() == "subcommand" {
        Some(HELP_COMMAND_ARG)
    } else {
        arg_help(path, &arg)
    };
    let Some(text) = text else { return arg };
    let (short, long) = with_values(&arg, path, text);
    arg.help(short).long_help(long).hide_default_value(true).hide_possible_values(true)
}

/// An argument's help with its default and possible values, as clap would
/// add them in English: on the line for `-h`, listed below for `--help`.
fn with_values(arg: &Arg, path: &str, text: &str) -> (String, String) {
    let takes_value = arg.get_action().takes_values();
    let default = (takes_value && !arg.is_hide_default_value_set())
        .then(|| {
            let values: Vec<String> =
                arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            (!values.is_empty()).then(|| format!("[{DEFAULT_LABEL}: {}]", values.join(" ")))
        })
        .flatten();
    let values: Vec<clap::builder::PossibleValue> =
        if takes_value && !arg.is_hide_possible_values_set() {
            arg.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect()
        } else {
            Vec::new()
        };
    let names = (!values.is_empty()).then(|| {
        let names: Vec<&str> = values.iter().map(clap::builder::PossibleValue::get_name).collect();
        format!("[{VALUES_LABEL}: {}]", names.join(", "))
    });
    let short: Vec<&str> =
        [Some(text), default.as_deref(), names.as_deref()].into_iter().flatten().collect();
    let short = short.join(" ");

    let id = arg.get_id().as_str();
    let explained = values.iter().any(|v| v.get_help().is_some());
    let mut long = text.to_string();
    if explained {
        let width = values.iter().map(|v| v.get_name().len()).max().unwrap_or(0);
        long.push_str(&format!("\n\n{VALUES_LABEL}:"));
        for value in &values {
            let name = value.get_name();
            match value_help(path, id, name) {
                Some(help) => long.push_str(&format!(
                    "\n- {name}: {:pad$}{help}",
                    "",
                    pad = width - name.len()
                )),
                None => long.push_str(&format!("\n- {name}")),
            }
        }
    }
    let specs: Vec<&str> = [default.as_deref(), if explained { None } else { names.as_deref() }]
        .into_iter()
        .flatten()
        .collect();
    if !specs.is_empty() {
        long.push_str("\n\n");
        long.push_str(&specs.join("\n"));
    }
    (short, long)
}

fn value_help(path: &str, arg: &str, value: &str) -> Option<&'static str> {
    VALUES
        .iter()
        .find(|(p, a, v, _)| *p == path && *a == arg && *v == value)
        .map(|(.., help)| *help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    use crate::cli::Cli;

    /// Every command, argument and value with its own help, by path, in
    /// the English command.
    fn walk(command: &Command, path: &str, out: &mut Vec<String>) {
        if command.get_name() == "help" {
            return;
        }
        out.push(format!("command {path:?}"));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") || (arg.is_global_set() && !path.is_empty()) {
                continue;
            }
            out.push(format!("arg {path:?} {id}"));
            for value in arg.get_possible_values() {
                if value.get_help().is_some() {
                    out.push(format!("value {path:?} {id} {}", value.get_name()));
                }
            }
        }
        for sub in command.get_subcommands() {
            let name = sub.get_name();
            let sub_path =
                if path.is_empty() { name.to_string() } else { format!("{path} {name}") };
            walk(sub, &sub_path, out);
        }
    }

    fn english_items() -> Vec<String> {
        let mut command = Cli::command();
        command.build();
        let mut items = Vec::new();
        walk(&command, "", &mut items);
        items
    }

    fn japanese_items() -> Vec<String> {
        let mut items = Vec::new();
        for e in COMMANDS {
            items.push(format!("command {:?}", e.path));
            for (id, _) in e.args {
                items.push(format!("arg {:?} {id}", e.path));
            }
        }
        for (path, id, value, _) in VALUES {
            items.push(format!("value {path:?} {id} {value}"));
        }
        items
    }

    /// A new command, option or value cannot ship with English help only,
    /// and no Japanese is left for one that is gone.
    #[test]
    fn every_command_argument_and_value_has_japanese_help() {
        let english = english_items();
        let japanese = japanese_items();
        let missing: Vec<&String> = english.iter().filter(|i| !japanese.contains(i)).collect();
        assert!(missing.is_empty(), "no Japanese help in src/i18n/help.rs for:\n{missing:#?}");
        let stale: Vec<&String> = japanese.iter().filter(|i| !english.contains(i)).collect();
        assert!(stale.is_empty(), "Japanese help for what the command line lacks:\n{stale:#?}");
    }

    /// Every help page, short and long: no word of clap's English, and
    /// no English help text of the doc comments.
    #[test]
    fn no_help_page_is_left_in_english() {
        let mut english = Cli::command();
        english.build();
        let mut texts = Vec::new();
        collect_english(&english, &mut texts);
        let mut japanese = japanese(Cli::command().term_width(0));
        let mut problems = Vec::new();
        for names in command_paths(&english) {
            let mut command = &mut japanese;
            for name in &names {
                command = command.find_subcommand_mut(name).expect("the subcommand");
            }
            for page in [command.render_help().to_string(), command.render_long_help().to_string()]
            {
                for word in [
                    "Usage:",
                    "Commands:",
                    "Arguments:",
                    "Options:",
                    "Print help",
                    "Print version",
                    "Print this message",
                    "[default:",
                    "[possible values:",
                    "Possible values:",
                ]
                .iter()
                .chain(texts.iter().map(String::as_str).collect::<Vec<_>>().iter())
                {
                    if page.contains(word) {
                        problems.push(format!("{names:?}: {word:?}"));
                    }
                }
            }
        }
        problems.dedup();
        assert!(problems.is_empty(), "English left in the Japanese help:\n{problems:#?}");
    }

    fn command_paths(command: &Command) -> Vec<Vec<String>> {
        let mut out = vec![Vec::new()];
        for sub in command.get_subcommands() {
            for mut rest in command_paths(sub) {
                rest.insert(0, sub.get_name().to_string());
                out.push(rest);
            }
        }
        out
    }

    fn collect_english(command: &Command, out: &mut Vec<String>) {
        out.extend(command.get_about().map(ToString::to_string));
        for arg in command.get_arguments() {
            out.extend(arg.get_help().map(ToString::to_string));
            for value in arg.get_possible_values() {
                out.extend(value.get_help().map(ToString::to_string));
            }
        }
        for sub in command.get_subcommands() {
            collect_english(sub, out);
        }
    }

    /// The arguments on a help page, in their order: what each line
    /// begins with.
    fn listed(page: &str) -> Vec<String> {
        page.lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with(['-', '<', '[']))
            .map(|l| l.split("  ").next().unwrap_or_default().to_string())
            .collect()
    }

    /// Every page lists the arguments the English one does, in its order.
    #[test]
    fn every_page_lists_the_arguments_in_the_english_order() {
        let mut english = Cli::command().term_width(0);
        english.build();
        let mut japanese = japanese(Cli::command().term_width(0));
        for names in command_paths(&english) {
            let (mut en, mut ja) = (&mut english, &mut japanese);
            for name in &names {
                en = en.find_subcommand_mut(name).expect("the subcommand");
                ja = ja.find_subcommand_mut(name).expect("the subcommand");
            }
            let english = listed(&en.render_help().to_string());
            assert!(!english.is_empty() || names.iter().any(|n| n == "help"), "{names:?}");
            assert_eq!(english, listed(&ja.render_help().to_string()), "{names:?}");
        }
    }

    /// The arguments are listed in the order they are given in:
    /// merge-driver's %O %A %B %P, as git passes them.
    #[test]
    fn arguments_keep_their_order() {
        let mut command = japanese(Cli::command().term_width(0));
        let driver = command.find_subcommand_mut("merge-driver").expect("merge-driver");
        let page = driver.render_help().to_string();
        let at = |name: &str| page.find(&format!("  {name}  ")).expect(name);
        assert!(at("<BASE>") < at("<OURS>"), "{page}");
        assert!(at("<OURS>") < at("<THEIRS>"), "{page}");
        assert!(at("<THEIRS>") < at("[PATH]"), "{page}");
    }

    /// The lines a secretary reads, in full: the headings, a default and
    /// the values with their help, as `--help` lays them out.
    #[test]
    fn import_actuals_reads_in_japanese() {
        // No wrapping: the test build of clap wraps at the terminal's width.
        let mut command = japanese(Cli::command().term_width(0));
        let actuals = command
            .find_subcommand_mut("import")
            .and_then(|c| c.find_subcommand_mut("actuals"))
            .expect("import actuals");
        let long = actuals.render_long_help().to_string();
        for line in [
            "使い方: kpi-council import actuals [OPTIONS] --output <OUT> <FILE>",
            "引数:\n  <FILE>\n          表計算のファイル、または CSV",
            "          指定できる値:\n          - stop:    止めて一覧を示します\n          - skip:    読みません（照合表に載せます）",
            "          [既定値: stop]",
            "  -h, --help\n          ヘルプを表示します（要約は -h）",
        ] {
            assert!(long.contains(line), "{line:?} not in:\n{long}");
        }
        let short = actuals.render_help().to_string();
        assert!(
            short.contains("止めて一覧を示す（既定）、読まない、または読む [既定値: stop] [指定できる値: stop, skip, include]"),
            "{short}"
        );
        assert!(short.contains("ヘルプを表示します（詳しくは --help）"), "{short}");
    }

    /// The plan's text is read in UTF-16 too (the text a Windows program
    /// saves as "Unicode"), as the manual says: the help named UTF-8 and
    /// Shift_JIS only.
    #[test]
    fn import_plan_names_every_encoding_it_reads() {
        for (mut command, said) in [
            (
                japanese(Cli::command().term_width(0)),
                "計画の本文のテキスト（UTF-8、Shift_JIS、UTF-16）",
            ),
            (Cli::command().term_width(0), "The plan's text (UTF-8, Shift_JIS or UTF-16)"),
        ] {
            let plan = command
                .find_subcommand_mut("import")
                .and_then(|c| c.find_subcommand_mut("plan"))
                .expect("import plan");
            let help = plan.render_help().to_string();
            assert!(help.contains(said), "{said:?} not in:\n{help}");
        }
    }
}

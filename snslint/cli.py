"""Command line: parse arguments, call the engine, pick a format, set the exit status.

Exit status: 0 no finding at the fail-on level, 1 findings, 2 usage or input error.
"""

from __future__ import annotations

import sys

import click

from snslint import __version__
from snslint.errors import SnslintError
from snslint.formats import FORMATS, get_writer
from snslint.packs import SEVERITIES, SEVERITY_RANK

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _fail(message: str) -> None:
    click.echo(f"snslint: {message}", err=True)


def _settings(config: str | None, isolated: bool, paths=()):
    """The configuration in force: --config, else the nearest one found, else defaults."""
    from pathlib import Path

    from snslint.config import Settings, find_config, load_config

    if isolated:
        return Settings()
    if config:
        return load_config(Path(config))
    first = next((p for p in paths if p != "-"), None)
    found = find_config(Path(first) if first else Path.cwd())
    return load_config(found) if found else Settings()


def _linter(select=(), ignore=(), min_severity=None, policy=(), config=None, isolated=False, paths=()):
    from snslint.engine import Linter, Options

    settings = _settings(config, isolated, paths)
    options = Options.from_settings(
        settings, select=_split(select), ignore=_split(ignore), min_severity=min_severity,
        policies=_split(policy) or None,
    )
    import gc

    # The command keeps its linter until the process ends: once built, its ~10^5 objects
    # are moved out of the cycle collector's sight instead of being walked again and again.
    gc.disable()
    try:
        linter = Linter.build(options)
        gc.freeze()
    finally:
        gc.enable()
    return linter


config_option = click.option("--config", type=click.Path(dir_okay=False), help="設定ファイル(既定: 上位フォルダの .snslint.yaml を探す)")
isolated_option = click.option("--isolated", is_flag=True, help="設定ファイルを読まない")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="snslint")
def cli() -> None:
    """SNS 投稿の下書きを、組織のソーシャルメディアポリシーに照らして確認します。"""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="出力形式(auto: GitHub Actions では github、それ以外は text)")
@click.option("--select", multiple=True, help="使うルール・パック・カテゴリ(カンマ区切り可)")
@click.option("--ignore", multiple=True, help="使わないルール・パック・カテゴリ(カンマ区切り可)")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default=None,
              help="この重大度以上の指摘だけを出す [既定: info]")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default=None,
              help="この重大度以上の指摘があれば終了コード 1 [既定: warning]")
@click.option("--policy", multiple=True, help="引用するポリシー文書の id(カンマ区切り可)")
@click.option("--stdin-filename", help="標準入力の下書きを出力で呼ぶ名前")
@click.option("--encoding", default="utf-8", show_default=True, help="入力の文字コード(cp932, shift_jis など)")
@click.option("--color/--no-color", default=None, help="text 形式で色を付けるか(既定: 端末なら付ける)")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="並列に確認するプロセス数(出力の順序は変わりません)")
@config_option
@isolated_option
def check(paths, fmt, select, ignore, min_severity, fail_on, policy, stdin_filename, encoding, color,
          jobs, config, isolated) -> None:
    """下書き(.txt/.md)や投稿キュー(.jsonl/.json/.yaml/.csv)を確認します。- で標準入力。"""
    import os

    from snslint.formats import resolve_format
    from snslint.runner import run
    from snslint.sources import read_sources

    try:
        linter = _linter(select, ignore, min_severity, policy, config, isolated, paths)
    except SnslintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    fail_on = fail_on or linter.options.settings.fail_on or "warning"
    fmt = resolve_format(fmt, os.environ)
    # Machine formats are UTF-8 whatever the locale; a lone surrogate (possible in JSON
    # input) is written as a \udXXX escape, which is also a valid JSON string escape.
    if hasattr(sys.stdout, "reconfigure"):
        if fmt != "text":
            sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
        else:
            sys.stdout.reconfigure(errors="backslashreplace")
    writer = get_writer(fmt, sys.stdout, color=color, linter=linter)
    items = read_sources(list(paths), encoding, stdin_filename)
    try:
        with _progress(fmt) as tick:
            outcome = run(linter, items, writer, jobs=jobs, on_error=_fail, progress=tick)
    except BrokenPipeError:
        _quiet_broken_pipe()
    if outcome.had_error:
        sys.exit(EXIT_ERROR)
    if fail_on != "never" and outcome.worst >= SEVERITY_RANK[fail_on]:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


class _progress:
    """A progress line on stderr for long runs, only for the text format on a terminal."""

    SHOW_AFTER = 200  # posts

    def __init__(self, fmt: str) -> None:
        self.enabled = fmt == "text" and sys.stderr.isatty() and sys.stdout.isatty()
        self.count = 0
        self.bar = None

    def __enter__(self):
        return self.tick if self.enabled else None

    def tick(self) -> None:
        self.count += 1
        if self.count == self.SHOW_AFTER and self.bar is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.completed} 件確認"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=None)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@cli.group(invoke_without_command=True)
@click.pass_context
def rules(ctx) -> None:
    """ルールの一覧(id、カテゴリ、重大度、メッセージ)。"""
    if ctx.invoked_subcommand is not None:
        return
    linter = _load_or_exit()
    for rule in linter.all_rules:
        click.echo(f"{rule.id}\t{rule.spec.category}\t{rule.severity}\t{rule.spec.message}")


@rules.command("test")
@click.option("--select", multiple=True, help="試すルール・パック・カテゴリ")
def rules_test(select) -> None:
    """各ルールの examples(bad は指摘される、good は指摘されない)を確かめます。"""
    from snslint.examples import run_examples

    linter = _load_or_exit(select=select)
    failures, checked = run_examples(linter)
    for failure in failures:
        click.echo(failure)
    click.echo(f"{checked} 件の例を確認: 失敗 {len(failures)} 件", err=bool(failures))
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


@cli.command()
@click.argument("rule_id")
def explain(rule_id) -> None:
    """ルールの説明、対処、例、引用する条項を表示します。"""
    linter = _load_or_exit()
    rule = linter.rule(rule_id)
    if rule is None:
        _fail(f"ルール {rule_id} はありません(`snslint rules` で一覧)")
        sys.exit(EXIT_ERROR)
    spec = rule.spec
    click.echo(f"{spec.id}  ({spec.category}, {rule.severity})")
    click.echo(f"\n{spec.message}\n\n対処: {spec.advice}")
    if spec.escalate:
        from snslint.config import ACCOUNT_LABELS

        raised = "、".join(f"{ACCOUNT_LABELS.get(k, k)}では {v}" for k, v in spec.escalate.items())
        click.echo(f"\n重大度の引き上げ: {raised}")
    if rule.citations:
        click.echo("\n根拠となる条項:")
        for c in rule.citations:
            click.echo(f"  {c.policy} {c.clause}「{c.title}」({c.policy_title})")
    if spec.examples_bad:
        click.echo("\n指摘される例:")
        for ex in spec.examples_bad:
            click.echo(f"  ✗ {ex}")
    if spec.examples_good:
        click.echo("\n指摘されない例:")
        for ex in spec.examples_good:
            click.echo(f"  ✓ {ex}")


@cli.group(invoke_without_command=True)
@click.pass_context
def policies(ctx) -> None:
    """ポリシー文書の一覧。`policies show ID` で条項を表示。"""
    if ctx.invoked_subcommand is not None:
        return
    linter = _load_or_exit()
    for p in linter.ruleset.policies.values():
        year = f" ({p.year})" if p.year else ""
        click.echo(f"{p.id}\t{p.publisher}「{p.title}」{year}\t{len(p.clauses)} 条項")


@policies.command("show")
@click.argument("policy_id")
def policies_show(policy_id) -> None:
    """一つの文書の条項(id、見出し、要約、対応するルール)を表示します。"""
    linter = _load_or_exit()
    p = linter.ruleset.policies.get(policy_id)
    if p is None:
        _fail(f"ポリシー文書 {policy_id} はありません(使えるのは {', '.join(linter.ruleset.policies)})")
        sys.exit(EXIT_ERROR)
    click.echo(f"{p.publisher}「{p.title}」 [{p.id}]")
    for c in p.clauses:
        covers = ", ".join(c.covers) if c.covers else "(自動では確認しません)"
        click.echo(f"\n{c.id}  {c.title}\n    {c.summary}\n    対象: {covers}")


PROFILES = ("company", "union", "municipality", "national")


@cli.command()
@click.option("--profile", type=click.Choice(PROFILES), required=True, help="組織の種類")
@click.option("--path", "target", type=click.Path(dir_okay=False), default=".snslint.yaml", show_default=True,
              help="書き出す先")
@click.option("--force", is_flag=True, help="既存のファイルを上書きする")
def init(profile, target, force) -> None:
    """組織の種類に合わせた、説明付きの設定ファイルのひな形を書きます。"""
    from importlib import resources
    from pathlib import Path

    path = Path(target)
    if path.exists() and not force:
        _fail(f"{target}: すでにあります(上書きするには --force)")
        sys.exit(EXIT_ERROR)
    text = resources.files("snslint.templates").joinpath(f"{profile}.yaml").read_text(encoding="utf-8")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{target}: 書けません: {exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    click.echo(f"{target} を書きました({profile} 向け)。accounts と organisation を組織に合わせて直してください。")


@cli.command()
@click.argument("text")
def tokens(text) -> None:
    """文を Sudachi で解析し、ルールが照合する形(表層・辞書形・正規化形・読み・品詞)を表示します。"""
    from snslint.text import normalize
    from snslint.tokens import tokenize

    for t in tokenize(normalize(text).text, full=True):
        click.echo(f"{t.surface}\t{t.lemma}\t{t.norm}\t{t.reading}\t{'-'.join(p for p in t.pos if p != '*')}\t{t.key}")


def _load_or_exit(select=()):
    try:
        return _linter(select=select)
    except SnslintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)


def main() -> None:
    """The console script. Once the command is done, the process leaves without freeing
    its heap object by object: the compiled packs are ~10^5 objects, and tearing them
    down took longer than checking a draft. Output is flushed first; nothing else is
    pending (no atexit work, worker pools and files are closed by then)."""
    try:
        _main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):  # SystemExit("message"), as Python reports it
        print(code, file=sys.stderr)
        code = 1
    _exit_now(code or 0)


def _exit_now(status: int) -> None:
    import os

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        status = EXIT_BROKEN_PIPE
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(status)


def _main() -> None:
    import signal

    def _terminated(signum, frame):  # SIGTERM: stop like Ctrl-C, with the conventional status
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli.main(prog_name="snslint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _fail("中断しました")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_broken_pipe()


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a process killed by it


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (``| head``): stop at once, without noise."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    sys.exit(EXIT_BROKEN_PIPE)

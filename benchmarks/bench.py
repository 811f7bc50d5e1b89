"""snslint benchmark: whole-process timings and peak memory against a bare-Sudachi floor.

    python benchmarks/bench.py [--sizes 1000,100000] [--runs 7] [--snslint .venv/bin/snslint]

On a fixed seed it generates realistic post queues (clean posts mixed with posts that
trigger every pack, 20-280 characters), then prints one table:

* cold start: ``snslint check`` on one 140-character draft, median of several runs, as
  the checkout runs it and with its bytecode compiled, as an installed package has it;
* each queue through ``snslint check --format json`` to /dev/null, posts per second,
  with ``--jobs 1`` and ``--jobs 2``, and through ``--format jsonl`` for memory;
* the floor: a bare script that loads Sudachi, tokenises the same texts once and
  reads every morpheme's surface;
* snslint / floor, and the peak resident memory of every run;
* the in-process cost of loading and compiling the rule packs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLEAN = [
    "今日も一日おつかれさまでした。明日は金曜日！",
    "ラーメンの写真撮ろうとしたら湯気でレンズが曇った🍜",
    "資格試験に合格した！半年間の勉強が報われた🎉",
    "週末は京都でお寺巡り。苔がきれいで心が洗われた気分🍃",
    "ごぼうはささがきにしたらすぐ水に晒してアク抜き。",
    "噂のメロンパン、ついに食べられた！外はカリカリ中はふわふわ。",
    "競合との差別化をどう図るか、今日の勉強会はひたすらそのテーマ。",
    "上司の愚痴を言いたい夜もある。でもSNSには書かない。",
    "【ひなた市からのお知らせ】年末年始はごみの収集日が変わります。",
    "期日前投票に行ってきた。思ったより空いてて5分で終わった",
    "子どもの運動会、親子障害物競走で盛大に転んだ。",
    "夕焼けがきれいだったので帰り道に一枚📷 #空 #夕焼け",
]
RISKY = [
    "うちの課長ほんと無能。責任は全部部下に押し付けて手柄だけ持ってく",
    "今日のクソ客、30分怒鳴り続けて頭おかしい。名前も住所もわかってるし晒そうかな",
    "来月発表の新型タブレット、社内で先に触らせてもらった。まだ言えないけどすごい",
    "共有PCのパスワード、みんな忘れるからここにメモっとく→ Eigyo#2024",
    "今日対応したお客様、佐藤さん(080-4471-2293)、すごく丁寧な方だった",
    "外国人の客、マナー悪いのばっかりで本当に嫌。日本に来るならルール守れ",
    "書類に全部めくら判押しといた。どうせ誰も見てないし",
    "明日地震来るらしい拡散して",
    "ワクチン打つと不妊になるって友達から聞いた。本当らしい。拡散希望",
    "隣の席の先輩、爆睡中😴 こっそり撮っちゃった",
    "駅で俳優を見かけた！隠し撮り成功📸 今、駅前のカフェにいるよ",
    "次の選挙は絶対に未来創生党！みんなも比例は未来創生党って書いてね",
    "光明の会の教えに出会って人生が変わりました。皆さんも集会に来てみませんか？",
]
FILLER = "今日は朝から雨で、電車も少し遅れていた。帰りにスーパーで野菜を買って、夕飯は鍋にした。"


def make_post(rng: random.Random) -> str:
    base = rng.choice(RISKY if rng.random() < 0.4 else CLEAN)
    target = rng.randint(20, 280)
    text = base
    while len(text) < target:
        text = text + rng.choice(["", "\n"]) + FILLER[: rng.randint(10, len(FILLER))]
    return text[:280] if len(text) > 280 else text


def write_queue(path: Path, n: int, seed: int = 20261124) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(json.dumps({"id": f"p{k:06d}", "text": make_post(rng)}, ensure_ascii=False) + "\n")


# The least any Sudachi user does: load the dictionary, tokenise each text once and read
# each morpheme's surface (iterating without reading anything would not be a real use).
FLOOR = """
import json, sys
from sudachipy import Dictionary, SplitMode
tok = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        for m in tok.tokenize(json.loads(line)["text"]):
            n += len(m.surface())
print(n)
"""


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process, output to /dev/null."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err}")
    return wall, usage.ru_maxrss / 1024


def compile_cost(python: str) -> tuple[float, float]:
    code = (
        "import time;t=time.perf_counter();from snslint.engine import Linter,load_ruleset;"
        "rs=load_ruleset();t1=time.perf_counter();l=Linter(rs);t2=time.perf_counter();"
        "print(t1-t,t2-t1,len(l.rules),len(l.index.terms))"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), int(out[3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--snslint", default=str(ROOT / ".venv" / "bin" / "snslint"))
    args = ap.parse_args()
    snslint = args.snslint
    python = str(Path(snslint).with_name("python"))
    rows: list[tuple[str, str, str, str, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        draft = tmpdir / "draft.txt"
        text = RISKY[0]
        while len(text) < 140:
            text += FILLER
        draft.write_text(text[:140], encoding="utf-8")
        floor_script = tmpdir / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")

        cold_cmd = [snslint, "check", "--isolated", str(draft)]
        timed(cold_cmd)  # the compile cache, if the packs changed
        colds = [timed(cold_cmd) for _ in range(args.runs)]
        cold = statistics.median(w for w, _ in colds)
        rows.append(("cold start, 1 draft (140 chars)", f"{cold:.3f} s", "", "", f"{max(m for _, m in colds):.0f}"))
        # As installed: pip compiles an installed package's bytecode, an editable checkout
        # under PYTHONDONTWRITEBYTECODE recompiles snslint's sources on every start.
        installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        installed["PYTHONPYCACHEPREFIX"] = str(tmpdir / "pycache")
        timed(cold_cmd, installed)  # writes the bytecode
        colds = [timed(cold_cmd, installed) for _ in range(args.runs)]
        rows.append((
            "cold start, bytecode compiled (as installed)", f"{statistics.median(w for w, _ in colds):.3f} s",
            "", "", f"{max(m for _, m in colds):.0f}",
        ))
        floor_cold = statistics.median(timed([python, str(floor_script), os.devnull])[0] for _ in range(3))
        rows.append(("floor: load Sudachi only", f"{floor_cold:.3f} s", "", "", ""))

        for n in (int(s) for s in args.sizes.split(",")):
            queue = tmpdir / f"q{n}.jsonl"
            write_queue(queue, n)
            fw, fm = timed([python, str(floor_script), str(queue)])
            rows.append((f"floor: tokenise {n:,} posts", f"{fw:.2f} s", f"{n / fw:,.0f}", "1.00", f"{fm:.0f}"))
            base = None
            for jobs, fmt in ((1, "json"), (2, "json"), (1, "jsonl")):
                w, m = timed([snslint, "check", "--isolated", "--format", fmt, "--jobs", str(jobs), str(queue)])
                base = base or w
                label = f"snslint {n:,} posts --format {fmt} --jobs {jobs}"
                extra = f" ({base / w:.2f}x vs jobs 1)" if jobs == 2 else ""
                rows.append((label, f"{w:.2f} s{extra}", f"{n / w:,.0f}", f"{w / fw:.2f}", f"{m:.0f}"))

    load, comp, nrules, nterms = compile_cost(python)
    rows.append((f"load packs (YAML) / compile ({nrules} rules, {nterms} terms)", f"{load:.3f} s / {comp:.3f} s", "", "", ""))

    head = ("measurement", "wall", "posts/s", "÷ floor", "peak MB")
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(5)]
    for r in [head, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"\nmachine: {os.cpu_count()} cpus, Python {sys.version.split()[0]}, {os.uname().sysname} {os.uname().machine}")


if __name__ == "__main__":
    main()

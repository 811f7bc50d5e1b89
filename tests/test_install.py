"""The wheel carries the rule packs: install into a fresh venv and run from elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_runs_from_another_directory(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    draft = elsewhere / "draft.txt"
    draft.write_text("ｸｿ上司ほんと無能", encoding="utf-8")
    proc = subprocess.run(
        [str(env_dir / "bin" / "snslint"), "check", "--format", "json", "draft.txt"],
        cwd=elsewhere, capture_output=True, text=True,
    )
    assert proc.returncode == 1, proc.stderr
    finding = json.loads(proc.stdout)["posts"][0]["findings"][0]
    assert finding["citations"]
    listed = subprocess.run([str(env_dir / "bin" / "snslint"), "policies"], cwd=elsewhere, capture_output=True, text=True)
    assert listed.returncode == 0 and "crest" in listed.stdout
    # the packs came from the installed package, not from this source tree
    where = subprocess.run(
        [str(py), "-c", "from snslint.packs import builtin_rules_dir; print(builtin_rules_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert str(env_dir) in where
    assert sys.executable  # the test itself ran under the project's interpreter


@pytest.mark.slow
def test_pre_commit_hook_blocks_a_risky_draft(tmp_path):
    """Run the repository's own pre-commit hook against a fixture repository."""
    import shutil

    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    repo = tmp_path / "posts"
    repo.mkdir()
    env = {**__import__("os").environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "risky.txt").write_text("ｸｿ上司ほんと無能", encoding="utf-8")
    (repo / "fine.txt").write_text("今日の空、雲ひとつない。", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    def hook(*files):
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "snslint", "--files", *files],
            cwd=repo, capture_output=True, text=True, env=env,
        )

    risky = hook("risky.txt")
    assert risky.returncode == 1, risky.stdout + risky.stderr
    assert "risky.txt:1:" in risky.stdout
    fine = hook("fine.txt")
    assert fine.returncode == 0, fine.stdout + fine.stderr

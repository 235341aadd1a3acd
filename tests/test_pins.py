"""What the files `init` writes install: inquiry from its pinned git source, never a bare name.

Also the source detection behind it (PEP 610 records, git checkouts, `--source URL@REF`) and
this repository's own workflow.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from inquiry import about
from inquiry.scaffold import ScaffoldError, init

ROOT = Path(__file__).resolve().parent.parent
# The current major versions of the official actions (all on node24): checkout v7.0.1 and
# setup-python v7.0.0 (July 2026), upload-artifact v7.0.0 (February 2026).
ACTIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/upload-artifact": "v7",
}
SOURCE = "https://github.com/example-coalition/inquiry@v1.2.3"
REQUIREMENT = "inquiry-bundle @ git+https://github.com/example-coalition/inquiry@v1.2.3"


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _steps(workflow: Any) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _installs(workflow: Any) -> list[list[str]]:
    """The arguments of every package installation the workflow runs, one list per command."""
    found = []
    for step in _steps(workflow):
        for command in re.split(r"&&|\n|;", step.get("run", "")):
            words = shlex.split(command, comments=True)
            for tool in ("pip", "pipx", "uv", "poetry", "conda", "easy_install"):
                if tool in words and "install" in words[words.index(tool) :]:
                    after = words[words.index("install", words.index(tool)) + 1 :]
                    found.append([w for w in after if not w.startswith("-")])
    return found


def _uses(workflow: Any) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for step in _steps(workflow):
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            out.setdefault(action, set()).add(ref)
    return out


@pytest.fixture(scope="module")
def coalition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coalition") / "repo"
    init(root, source=SOURCE)
    return root


def test_the_workflow_installs_only_the_pinned_source(coalition: Path) -> None:
    workflow = _yaml(coalition / ".github/workflows/evidence.yml")
    assert _installs(workflow) == [[REQUIREMENT], [REQUIREMENT]]  # validate job, build job
    assert "pypi.org" not in (coalition / ".github/workflows/evidence.yml").read_text()


def test_the_workflow_uses_current_majors_of_official_actions(coalition: Path) -> None:
    workflow = _yaml(coalition / ".github/workflows/evidence.yml")
    assert _uses(workflow) == {action: {major} for action, major in ACTIONS.items()}
    assert workflow["permissions"] == {"contents": "read"}


def test_the_workflow_annotates_builds_uploads_and_diffs(coalition: Path) -> None:
    workflow = _yaml(coalition / ".github/workflows/evidence.yml")
    runs = {
        job: "\n".join(s.get("run", "") for s in j["steps"]) for job, j in workflow["jobs"].items()
    }
    assert "inquiry validate --format github" in runs["validate"]
    assert "--strict" not in runs["validate"]  # drafts are warnings, not failures
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" inquiry build' in runs["build"]
    upload = next(
        s for s in workflow["jobs"]["build"]["steps"] if "upload-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "build/"
    diff = next(s for s in workflow["jobs"]["build"]["steps"] if "inquiry diff" in s.get("run", ""))
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert diff["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # not spliced into the script
    assert '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]


def test_the_pull_request_diff_step_tolerates_differences(tmp_path: Path, coalition: Path) -> None:
    """Run the step's script with a stand-in `inquiry diff` exiting 0, 1 (differences), 2."""
    workflow = _yaml(coalition / ".github/workflows/evidence.yml")
    script = next(s["run"] for s in _steps(workflow) if "inquiry diff" in s.get("run", ""))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for code in (0, 1, 2):
        fake = bin_dir / "inquiry"
        fake.write_text(f'#!/bin/sh\necho "$*"\nexit {code}\n', encoding="utf-8")
        fake.chmod(0o755)
        summary = tmp_path / f"summary-{code}.md"
        done = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=tmp_path,
            env={
                "PATH": f"{bin_dir}:/usr/bin:/bin",
                "BASE_REF": "main",
                "GITHUB_STEP_SUMMARY": str(summary),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert summary.read_text() == (
            "diff git:origin/main build/manifest.json --format markdown\n"
        )
        assert ("::warning" in done.stdout) == (code == 2)
    (tmp_path / "served").mkdir()
    (tmp_path / "served/public.json").write_text("{}", encoding="utf-8")
    subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "BASE_REF": "main",
            "GITHUB_STEP_SUMMARY": str(tmp_path / "served.md"),
        },
    )
    assert (tmp_path / "served.md").read_text().startswith("diff served/public.json ")


def test_the_pre_commit_configuration_points_at_the_pinned_hooks(coalition: Path) -> None:
    config = _yaml(coalition / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for hook in _yaml(ROOT / ".pre-commit-hooks.yaml")}
    assert [(r["repo"], r["rev"]) for r in config["repos"]] == [
        ("https://github.com/example-coalition/inquiry", "v1.2.3")
    ]
    used = [hook["id"] for hook in config["repos"][0]["hooks"]]
    assert used == ["inquiry-validate", "inquiry-schema"]
    for hook_id in used:
        assert hooks[hook_id]["language"] == "python"  # pre-commit installs it from `rev`
        assert "--strict" not in hooks[hook_id]["entry"]  # a draft never blocks a commit
        assert set(config["repos"][0]["hooks"][used.index(hook_id)]) <= {"id", "files"}
    # Every commit is validated: one deleting an item, or changing served/ or templates/ only,
    # stages no evidence file a filter would match (stop 38, h147).
    assert hooks["inquiry-validate"].get("always_run") is True
    assert "files" not in hooks["inquiry-validate"]


def test_the_readme_installs_the_pinned_source_and_not_pypi(coalition: Path) -> None:
    readme = (coalition / "README.md").read_text(encoding="utf-8")
    assert "pypi.org" not in readme
    assert f'.venv/bin/pip install "{REQUIREMENT}"' in readme
    assert ".venv/bin/inquiry validate && .venv/bin/inquiry build" in readme
    assert "https://github.com/example-coalition/inquiry/blob/v1.2.3/docs/format.md" in readme
    assert "REPLACE" not in readme


def test_nothing_is_left_unfilled(coalition: Path) -> None:
    for rel in ("README.md", ".pre-commit-config.yaml", ".github/workflows/evidence.yml"):
        assert "@@" not in (coalition / rel).read_text(encoding="utf-8"), rel


def test_without_a_source_the_files_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(about, "installed_source", lambda: None)
    done = init(tmp_path / "repo")
    assert done.source == about.PLACEHOLDER
    assert any("placeholders" in warning for warning in done.warnings)
    workflow = _yaml(tmp_path / "repo/.github/workflows/evidence.yml")
    placeholder = f"{about.DISTRIBUTION} @ git+{about.PLACEHOLDER.url}@{about.PLACEHOLDER.ref}"
    assert _installs(workflow) == [[placeholder], [placeholder]]
    for rel in ("README.md", ".pre-commit-config.yaml", ".github/workflows/evidence.yml"):
        text = (tmp_path / "repo" / rel).read_text(encoding="utf-8")
        assert "TO DO" in text.upper().replace("**", ""), rel
        assert "example.invalid" in text  # a reserved name: nothing can ever be fetched from it


def test_by_default_the_running_checkout_is_pinned(tmp_path: Path) -> None:
    expected = about.installed_source()
    if expected is None:
        pytest.skip("this copy of inquiry was not installed from a git checkout or URL")
    done = init(tmp_path / "repo")
    assert done.source == expected
    config = _yaml(tmp_path / "repo/.pre-commit-config.yaml")
    assert (config["repos"][0]["repo"], config["repos"][0]["rev"]) == (expected.url, expected.ref)
    assert re.fullmatch(r"[0-9a-f]{40}", expected.ref)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("https://github.com/o/inquiry", "is not URL@REF"),
        ("https://github.com/o/inquiry@", "is not URL@REF"),
        ("@v1", "is not URL@REF"),
        ("https://h/x@v1;rm", "is not URL@REF"),
        ("/nonexistent/repo@v1", "is not a git repository with a commit v1"),
        ('https://h/x"$(id)"@v1', "cannot be written into a workflow safely"),
    ],
)
def test_a_bad_source_is_refused_before_anything_is_written(
    tmp_path: Path, given: str, message: str
) -> None:
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        init(tmp_path / "repo", source=given)
    assert not (tmp_path / "repo").exists()


# How the source is found


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    repo = tmp_path / "tool"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "f").write_text("x", encoding="utf-8")
    _git(repo, "add", "f")
    _git(repo, "commit", "-q", "-m", "one")
    return repo


def test_a_checkout_without_a_remote_pins_its_path_and_says_ci_cannot_reach_it(
    checkout: Path,
) -> None:
    found = about.checkout_source(checkout)
    assert found is not None
    assert (found.url, found.ref) == (str(checkout.resolve()), _git(checkout, "rev-parse", "HEAD"))
    assert [n for n in found.notes if "only this machine can reach" in n]
    uri = f"file://localhost{checkout.resolve()}"  # pip before 23.1 needs a host
    assert found.requirement == f"inquiry-bundle @ git+{uri}@{found.ref}"


def test_a_checkout_with_a_token_in_its_remote_never_publishes_it(checkout: Path) -> None:
    _git(
        checkout,
        "remote",
        "add",
        "origin",
        "https://x-access-token:ghp_SECRET@github.com/o/tool.git",
    )
    found = about.checkout_source(checkout)
    assert found is not None
    assert found.url == "https://github.com/o/tool.git"
    assert "SECRET" not in repr(found) + found.requirement
    assert [n for n in found.notes if "credentials" in n]
    assert [n for n in found.notes if "on no branch of origin" in n]  # never pushed


def test_an_ssh_remote_becomes_https_for_runners_without_keys(checkout: Path) -> None:
    _git(checkout, "remote", "add", "origin", "git@github.com:o/tool.git")
    (checkout / "f").write_text("changed", encoding="utf-8")
    found = about.checkout_source(checkout)
    assert found is not None
    assert found.url == "https://github.com/o/tool.git"
    assert found.file_url("docs/format.md") == (
        f"https://github.com/o/tool/blob/{found.ref}/docs/format.md"
    )
    assert [n for n in found.notes if "uncommitted changes" in n]


def test_pep_610_records() -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    vcs = about.from_direct_url(
        {"url": "ssh://git@github.com/o/tool.git", "vcs_info": {"vcs": "git", "commit_id": commit}}
    )
    assert vcs is not None
    assert (vcs.url, vcs.ref) == ("https://github.com/o/tool.git", commit)
    assert about.from_direct_url({"url": "https://files.example/x.whl", "archive_info": {}}) is None
    assert (
        about.from_direct_url({"url": "https://h/r", "vcs_info": {"vcs": "hg", "commit_id": "1"}})
        is None
    )


def test_pep_610_editable_checkout(checkout: Path) -> None:
    found = about.from_direct_url({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    assert found is not None
    assert (found.url, found.ref) == (str(checkout.resolve()), _git(checkout, "rev-parse", "HEAD"))


def test_a_local_source_pins_the_commit_its_ref_names(checkout: Path) -> None:
    found = about.parse_source(f"{checkout}@HEAD")
    assert found.ref == _git(checkout, "rev-parse", "HEAD")


def test_version_and_distribution() -> None:
    import tomllib

    assert about.DISTRIBUTION == "inquiry-bundle"
    # pip refuses `inquiry-bundle @ git+…` if the package built there has another name.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == about.DISTRIBUTION
    assert "pre-commit" in " ".join(project["optional-dependencies"]["dev"])
    assert re.match(r"[0-9]+(\.[0-9]+)*", about.version())


def test_python_dash_m_inquiry() -> None:
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "inquiry", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: inquiry ")


# This repository's own workflow


def test_both_workflows_are_valid_github_workflows_with_time_limits(coalition: Path) -> None:
    import sys

    files = [coalition / ".github/workflows/evidence.yml", ROOT / ".github/workflows/evidence.yml"]
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--builtin-schema",
                schema,
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_this_repositorys_workflow() -> None:
    workflow = _yaml(ROOT / ".github/workflows/evidence.yml")
    assert _uses(workflow) == {action: {major} for action, major in ACTIONS.items()}
    assert _installs(workflow) == [["."], ["."]]  # this checkout, in the validate and build jobs
    runs = {
        job: "\n".join(s.get("run", "") for s in j["steps"]) for job, j in workflow["jobs"].items()
    }
    assert "inquiry validate --format github" in runs["validate"]
    assert "inquiry diff " in runs["build"]
    assert runs["tests"].strip() == ".ci/run"  # the apt list and the README's commands live there


def test_ci_runs_the_readmes_two_commands_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Set up.*?^```sh\n(.*?)^```", readme, re.S | re.M)
    assert block, "README.md has a `## Set up` section with a ```sh block"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    commands = [line for line in lines if line]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-len(commands) :] == commands

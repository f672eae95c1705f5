"""docs/hooks.md documents every hook in framing/hookspecs.py, with its exact signature.

:func:`check_hook_docs` is the checker; the tests below run it on the real page and prove it
fails when a hook's section is removed, a signature drifts, a hook is added without docs,
or a section outlives its hook.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

from framing import hookspecs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "hooks.md"
REQUIRED_PARTS = ("**When it is called:**", "**How results combine:**", "**Example:**")


def hook_specs(module: ModuleType) -> dict[str, object]:
    """The hook specification functions of ``module`` (marked with ``@hookspec``)."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {
        name: fn
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and getattr(fn, marker, None) is not None
    }


def expected_signature(fn: object) -> list[str]:
    """The two lines the docs must show: the decorator and ``def name(args) -> result``."""
    opts = getattr(fn, f"{hookspecs.PROJECT}_spec")
    flags = [f"{key}=True" for key in ("firstresult", "historic") if opts.get(key)]
    decorator = f"@hookspec({', '.join(flags)})" if flags else "@hookspec"
    signature = inspect.signature(fn)

    def show(annotation: object) -> str:
        return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)

    params = ", ".join(f"{p.name}: {show(p.annotation)}" for p in signature.parameters.values())
    return [decorator, f"def {fn.__name__}({params}) -> {show(signature.return_annotation)}"]


def split_sections(markdown: str) -> dict[str, str]:
    """``## `hook_name` `` headings -> the text under them."""
    sections: dict[str, str] = {}
    parts = re.split(r"^## +`([A-Za-z_][A-Za-z0-9_]*)` *$", markdown, flags=re.MULTILINE)
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        sections[name] = body
    return sections


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def check_hook_docs(markdown: str, module: ModuleType = hookspecs) -> list[str]:
    """Problems with ``markdown`` as the documentation of the hooks in ``module`` (empty: all good)."""
    problems: list[str] = []
    specs = hook_specs(module)
    sections = split_sections(markdown)
    for name, fn in specs.items():
        body = sections.get(name)
        if body is None:
            problems.append(f"{name}: not documented (add a '## `{name}`' section)")
            continue
        blocks = code_blocks(body)
        want = expected_signature(fn)
        if not blocks or [line.strip() for line in blocks[0].strip().splitlines()] != want:
            problems.append(f"{name}: the first code block must be exactly {' / '.join(want)}")
        for part in REQUIRED_PARTS:
            if part not in body:
                problems.append(f"{name}: missing {part}")
        examples = [block for block in blocks[1:] if f"def {name}(" in block and "@hookimpl" in block]
        if not examples:
            problems.append(f"{name}: no example implementing it (a python block with @hookimpl def {name}(...))")
        for example in examples:
            try:
                ast.parse(example)
            except SyntaxError as exc:
                problems.append(f"{name}: example does not parse: {exc.msg} (line {exc.lineno})")
        opts = getattr(fn, f"{hookspecs.PROJECT}_spec")
        if opts.get("firstresult") and "first non-`None` result" not in body:
            problems.append(f"{name}: a firstresult hook must say it stops at the first non-`None` result")
    for name in sections:
        if name not in specs:
            problems.append(f"{name}: documented but not a hook in {module.__name__} (renamed or removed?)")
    return problems


# ------------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def docs() -> str:
    return DOCS.read_text(encoding="utf-8")


def test_every_hook_is_documented_with_its_exact_signature(docs):
    assert hook_specs(hookspecs), "no hooks found: is the marker attribute still framing_spec?"
    assert check_hook_docs(docs) == []


@pytest.mark.parametrize("hook", sorted(hook_specs(hookspecs)))
def test_removing_a_hook_section_fails(docs, hook):
    sections = re.split(r"(?=^## )", docs, flags=re.MULTILINE)
    without = "".join(s for s in sections if not s.startswith(f"## `{hook}`"))
    assert without != docs
    assert check_hook_docs(without) == [f"{hook}: not documented (add a '## `{hook}`' section)"]


def test_a_signature_change_fails(docs):
    changed = docs.replace(
        "def framing_register_commands(cli: click.Group) -> None",
        "def framing_register_commands(group: click.Group) -> None",
    )
    assert changed != docs
    [problem] = check_hook_docs(changed)
    assert problem.startswith("framing_register_commands: the first code block must be exactly")
    dropped_flag = docs.replace("@hookspec(firstresult=True)", "@hookspec")
    assert [p.split(":")[0] for p in check_hook_docs(dropped_flag)] == ["framing_resolve_model"]


def test_a_new_undocumented_hook_fails(docs):
    namespace: dict[str, object] = {}
    exec(  # a hookspecs module with one more hook than the docs know
        "from __future__ import annotations\n"
        "from framing.hookspecs import hookspec\n"
        "@hookspec\n"
        "def framing_register_exporters(register: Callable[[ExporterSpec], None]) -> None:\n"
        "    '''New hook.'''\n",
        namespace,
    )
    module = ModuleType("fake_hookspecs")
    module.__dict__.update({k: v for k, v in vars(hookspecs).items() if not k.startswith("__")}, **namespace)
    assert check_hook_docs(docs, module) == [
        "framing_register_exporters: not documented (add a '## `framing_register_exporters`' section)"
    ]


def test_a_stale_section_and_a_missing_example_fail(docs):
    stale = docs + "\n## `framing_register_widgets`\n\nGone.\n"
    assert check_hook_docs(stale) == [
        "framing_register_widgets: documented but not a hook in framing.hookspecs (renamed or removed?)"
    ]
    start = docs.index("**Example:**", docs.index("## `framing_register_charts`"))
    no_example = docs[:start] + docs[docs.index("## `framing_register_report_formats`") :]
    problems = check_hook_docs(no_example)
    assert "framing_register_charts: missing **Example:**" in problems
    assert any(p.startswith("framing_register_charts: no example") for p in problems)


def test_the_examples_work_as_one_plugin(docs, tmp_path, framing_run):
    """Every example, pasted into one plugin file, loads cleanly and does what the page says."""
    from framing.testing import BUILTIN_ANALYSIS

    sections = split_sections(docs)
    examples = [block for name in hook_specs(hookspecs) for block in code_blocks(sections[name])[1:]]
    plugin = tmp_path / "hook_examples.py"
    plugin.write_text("\n\n".join(examples), encoding="utf-8")
    texts = {"a.txt": "Stop! Officials met in Paris.\n", "b.srt": "1\n00:00:01 --> 00:00:02\nHello there!\n"}
    run = framing_run(texts, plugins=[plugin], disable=BUILTIN_ANALYSIS, report=True)
    assert run.exit_code == 0, run.stderr
    assert run.plugin("hook_examples")["error"] is None
    assert sorted(run.plugin("hook_examples")["hooks"]) == sorted(hook_specs(hookspecs))
    assert {(f["article"], f["text"]) for f in run.of("exclamations")} == {("a", "!"), ("b", "!")}
    assert (run.out_dir / "counts.json").is_file()
    assert "Longest articles" in (run.out_dir / "report.md").read_text(encoding="utf-8")
    assert list((run.out_dir / "charts").glob("words.*"))

"""``kktrace status``, ``kktrace impact`` and ``kktrace diff``: governance over time."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from kktrace.cli.app import Lang, LangOpt, PathsArg, app
from kktrace.cli.streams import printable
from kktrace.errors import UsageError


class StatusFormat(str, Enum):
    html = "html"
    md = "md"
    json = "json"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


class DiffFailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def status(
    paths: PathsArg = None,
    year: Annotated[int, typer.Option("--year", help="The year to report on, e.g. 2012.")] = ...,  # type: ignore[assignment]
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder to write status-YEAR.LANG.FORMAT into."),
    ] = None,
    lang: LangOpt = Lang.da,
    fmt: Annotated[
        StatusFormat | None,
        typer.Option("--format", help="html, md or json (default: html with -o, else md)."),
    ] = None,
) -> None:
    """Annual implementation status for the IT chiefs' forum and the Finance Committee.

    Per common plan and per administration: initiatives and budget by status, completion
    rate, status gone backwards, active initiatives without a status entry; and the
    portfolio (budget by plan, focus area, administration, status; catalogue references).
    """
    from kktrace.model.store import load
    from kktrace.output import write_atomic
    from kktrace.status.annual import render, status_report

    chosen = fmt or (StatusFormat.html if out else StatusFormat.md)
    report = status_report(load(paths), year, lang=lang.value)
    text = render(report, chosen.value)
    if out is None:
        typer.echo(text, nl=False)
        return
    target = write_atomic(out / f"status-{year}.{lang.value}.{chosen.value}", text)
    typer.echo(("Skrev {target}" if lang is Lang.da else "Wrote {target}").format(target=target))


@app.command()
def impact(
    args: Annotated[
        list[str],
        typer.Argument(
            help="[PATH...] NODE: RDF files/folders (default: bundled data), then the node's "
            "IRI or skos:notation (e.g. FHP-2011-07).",
            show_default=False,
        ),
    ],
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Also show what cancelling the node would break.")
    ] = False,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    lang: LangOpt = Lang.da,
) -> None:
    """What depends on a node, what it serves, and (--cancel) what its cancellation breaks."""
    from kktrace.governance.impact import impact as analyse
    from kktrace.model.store import load

    *paths, ref = args
    result = analyse(load([Path(p) for p in paths] or None), ref, cancel=cancel, lang=lang.value)
    if fmt is TextOrJson.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(printable(_impact_text(result, lang.value)))


_IMPACT_TEXT = {
    "da": {
        "depends_on_it": "Afhænger af den",
        "serves": "Den bidrager til",
        "loses_last_support": "Mister sit sidste understøttende initiativ ved annullering",
        "hollow_plans": "Lokale planer, der bliver hule ved annullering",
        "stranded": "Mister sin eneste vej til strategien ved annullering",
        "none": "(ingen)",
    },
    "en": {
        "depends_on_it": "Depends on it",
        "serves": "It serves",
        "loses_last_support": "Loses its last supporting initiative if cancelled",
        "hollow_plans": "Local plans that become hollow if cancelled",
        "stranded": "Loses its only route to the strategy if cancelled",
        "none": "(none)",
    },
}


def _line(e: dict[str, Any]) -> str:
    code = f"{e['notation']} " if e.get("notation") else ""
    extra = f" → {e['common_plan']['label']}" if "common_plan" in e else ""
    return f"  {e.get('kind') or '-':<18} {code}{e['label']}{extra}  <{e['iri']}>"


def _impact_text(result: dict[str, Any], lang: str) -> str:
    t = _IMPACT_TEXT[lang]
    lines = [_line(result["node"]).strip()]
    keys = ["depends_on_it", "serves"]
    if result["cancel"]:
        keys += ["loses_last_support", "hollow_plans", "stranded"]
    for key in keys:
        items = result[key]
        lines.append(f"\n{t[key]} ({len(items)}):")
        lines.extend(_line(e) for e in items) if items else lines.append(f"  {t['none']}")
    return "\n".join(lines)


@app.command()
def diff(
    args: Annotated[
        list[str],
        typer.Argument(
            help="OLD NEW (folders or files), or with --git: REV1 REV2 [PATH] (PATH default: data).",
            show_default=False,
        ),
    ],
    git: Annotated[
        bool, typer.Option("--git", help="Read both versions from git revisions.")
    ] = False,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    fail_on: Annotated[
        DiffFailOn,
        typer.Option(
            "--fail-on",
            help="Exit 1 at or above this level; suspect links are warnings "
            "(default error: diff reports, --fail-on warning makes suspects fail).",
        ),
    ] = DiffFailOn.error,
    lang: LangOpt = Lang.da,
) -> None:
    """Compare two versions of the plans: added, removed, changed, and suspect links."""
    from kktrace.governance.diff import diff_models, load_git
    from kktrace.model.store import load

    if git:
        if len(args) not in (2, 3):
            raise UsageError(
                "diff --git takes REV1 REV2 [PATH] — e.g. kktrace diff --git HEAD~1 HEAD data"
            )
        path = args[2] if len(args) == 3 else "data"
        old, new = load_git(args[0], path), load_git(args[1], path)
    else:
        if len(args) != 2:
            raise UsageError(
                "diff takes OLD NEW (two folders or files) — or use --git REV1 REV2 [PATH]"
            )
        old, new = load([Path(args[0])]), load([Path(args[1])])
    result = diff_models(old, new, lang=lang.value)
    if fmt is TextOrJson.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(printable(_diff_text(result, lang.value)))
    if result["suspect"] and fail_on in (DiffFailOn.warning, DiffFailOn.info):
        raise typer.Exit(1)


_DIFF_TEXT = {
    "da": {
        "added": "tilføjet",
        "removed": "fjernet",
        "changed": "ændret",
        "other": "(uden for planer)",
        "suspect": "Mistænkelige links",
        "supports-changed": "understøtter {x}, som er ændret",
        "supports-removed": "understøtter {x}, som er fjernet",
        "supporter-changed": "understøttes af {x}, som er ændret",
        "supporter-added": "understøttes af {x}, som er tilføjet",
        "supporter-removed": "blev understøttet af {x}, som er fjernet",
        "nothing": "Ingen forskelle.",
    },
    "en": {
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "other": "(outside plans)",
        "suspect": "Suspect links",
        "supports-changed": "supports {x}, which changed",
        "supports-removed": "supports {x}, which was removed",
        "supporter-changed": "is supported by {x}, which changed",
        "supporter-added": "is supported by {x}, which was added",
        "supporter-removed": "was supported by {x}, which was removed",
        "nothing": "No differences.",
    },
}


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(v.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for v in value) + "]"
    return "–" if value is None else str(value)


def _diff_text(result: dict[str, Any], lang: str) -> str:
    t = _DIFF_TEXT[lang]
    by_plan: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for what in ("added", "removed", "changed"):
        for e in result[what]:
            plan = e["plan"] or ""
            labels[plan] = e["plan_label"] or t["other"]
            code = f"{e['notation']} " if e["notation"] else ""
            lines = by_plan.setdefault(plan, [])
            lines.append(f"  {marks[what]} {t[what]:<9} {e['kind']:<18} {code}{e['label']}")
            for c in e.get("changes", []):
                lines.append(f"      {c['field']}: {_short(c['old'])} → {_short(c['new'])}")
    out = []
    for plan in sorted(by_plan):
        out.append(f"{labels[plan]}  <{plan}>" if plan else labels[plan])
        out.extend(by_plan[plan])
        out.append("")
    if result["suspect"]:
        out.append(f"{t['suspect']} ({len(result['suspect'])}):")
        for s in result["suspect"]:
            code = f"{s['notation']} " if s["notation"] else ""
            reason = t[s["because"]].format(x=f"«{s['changed_label']}»")
            out.append(f"  ! {code}{s['label']}: {reason}  <{s['node']}>")
    if not out:
        out.append(t["nothing"])
    return "\n".join(out).rstrip()

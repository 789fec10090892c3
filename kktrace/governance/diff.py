"""Plan versions: what changed between two versions of the model, and which links are suspect.

A *version* is a folder or files (``diff_models(load(old), load(new))``) or a git revision
(:func:`load_git`). Elements are compared by IRI; for each one kktrace compares its label,
dates, status, priority, budget, investment catalogue reference and its links
(``supports``, ``partOf``, ``owner``, ``responsible``, ``continues``, ``successorOf``).
A link added or removed is a change of its subject's link field.

**Suspect links**, both directions (only direct links, in the old or the new version):

- ``supports-changed`` / ``supports-removed``: a node that supports something that changed
  or disappeared — the supporter must be reviewed;
- ``supporter-changed`` / ``supporter-added`` / ``supporter-removed``: a node one of whose
  supporters changed, appeared or disappeared — its coverage must be reviewed.

Status entries and status reports are not compared (they are the yearly follow-up, not the
plan). See ``docs/governance.md``.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from kktrace.errors import InputFileError, KKTraceError, UsageError
from kktrace.model.namespaces import KKT
from kktrace.model.store import Model, load

LITERAL_FIELDS = ("startDate", "endDate", "priority", "budget", "investmentCatalogueRef")
LINK_FIELDS = ("status", "supports", "partOf", "owner", "responsible", "continues", "successorOf")
_SKIP_KINDS = {"StatusEntry", "StatusReport"}

_VALUES = " ".join(f"kkt:{f}" for f in (*LITERAL_FIELDS, "status"))
_LITERALS = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_VALUES} }} ?s ?p ?o }}"
_LABELS = "SELECT ?s ?l WHERE { ?s rdfs:label ?l . FILTER(isLiteral(?l)) }"

Snapshot = dict[str, dict[str, Any]]


def snapshot(model: Model) -> Snapshot:
    """IRI → comparable fields of every typed element (status entries/reports left out)."""
    g = model.graph
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in model.select(_LITERALS):
        o = row["o"].value
        field = row["p"].value[len(KKT) :]
        values[row["s"].value][field].add(o[len(KKT) :] if o.startswith(KKT) else o)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in sorted(model.select(_LABELS), key=lambda r: (r["s"].value, r["l"].value)):
        labels[row["s"].value].setdefault(row["l"].language or "", row["l"].value)
    for u, v, key in g.edges(keys=True):
        if key in LINK_FIELDS:
            values[u][key].add(v)
    out: Snapshot = {}
    for iri, data in g.nodes(data=True):
        if data["kind"] is None or data["kind"] in _SKIP_KINDS:
            continue
        mine = labels.get(iri, {})
        fields: dict[str, Any] = {
            "kind": data["kind"],
            "label": {lang: mine.get(lang, "") for lang in ("da", "en")},
        }
        for name in LITERAL_FIELDS:
            vals = sorted(values[iri].get(name, ()))
            fields[name] = vals[0] if len(vals) == 1 else (vals or None)
        for name in LINK_FIELDS:
            fields[name] = sorted(values[iri].get(name, ()))
        fields["notation"] = data["notation"]
        out[iri] = fields
    return out


def _plan(fields: dict[str, Any], iri: str) -> str | None:
    if fields["kind"] and fields["kind"].endswith("ActionPlan"):
        return iri
    return fields["partOf"][0] if fields["partOf"] else None


def _label(fields: dict[str, Any], iri: str, lang: str) -> str:
    labels = fields["label"]
    return labels.get(lang) or labels.get("da") or labels.get("en") or iri.rsplit("/", 1)[-1]


def _changes(old: dict[str, Any], new: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    for other in (lang, "en" if lang == "da" else "da"):
        if old["label"].get(other, "") != new["label"].get(other, ""):
            changes.append(
                {
                    "field": "label",
                    "lang": other,
                    "old": old["label"].get(other, ""),
                    "new": new["label"].get(other, ""),
                }
            )
            break
    for name in LITERAL_FIELDS:
        if old[name] != new[name]:
            changes.append({"field": name, "old": old[name], "new": new[name]})
    for name in LINK_FIELDS:
        if old[name] != new[name]:
            changes.append(
                {
                    "field": name,
                    "old": old[name],
                    "new": new[name],
                    "added": sorted(set(new[name]) - set(old[name])),
                    "removed": sorted(set(old[name]) - set(new[name])),
                }
            )
    return changes


def diff_models(old_model: Model, new_model: Model, lang: str = "da") -> dict[str, Any]:
    """Compare two versions; JSON-ready ``added``, ``removed``, ``changed``, ``suspect``.

    Each element entry has ``iri``, ``label``, ``notation``, ``kind``, ``plan`` (its plan
    IRI; a plan is its own), ``plan_label``; ``changed`` entries add ``changes`` (``field``,
    ``old``, ``new``, for link fields ``added``/``removed``). Each suspect has ``node``,
    ``label``, ``because``, ``changed_node``, ``changed_label``, ``fields`` (what changed
    on the changed node) and ``plan``. Everything is sorted by (plan, IRI).
    """
    old, new = snapshot(old_model), snapshot(new_model)

    def element(iri: str, fields: dict[str, Any], other: Snapshot) -> dict[str, Any]:
        plan = _plan(fields, iri)
        plan_fields = new.get(plan or "") or old.get(plan or "")
        return {
            "iri": iri,
            "label": _label(fields, iri, lang),
            "notation": fields["notation"],
            "kind": fields["kind"],
            "plan": plan,
            "plan_label": _label(plan_fields, plan, lang) if plan and plan_fields else "",
        }

    added = [element(i, new[i], old) for i in sorted(set(new) - set(old))]
    removed = [element(i, old[i], new) for i in sorted(set(old) - set(new))]
    changed = []
    for iri in sorted(set(old) & set(new)):
        changes = _changes(old[iri], new[iri], lang)
        if changes:
            changed.append({**element(iri, new[iri], old), "changes": changes})
    suspects = _suspects(old, new, added, removed, changed, lang)
    key = _plan_order

    return {
        "old": old_model.source,
        "new": new_model.source,
        "added": sorted(added, key=key),
        "removed": sorted(removed, key=key),
        "changed": sorted(changed, key=key),
        "suspect": suspects,
        "summary": {
            "added": len(added),
            "removed": len(removed),
            "changed": len(changed),
            "suspect": len(suspects),
        },
    }


def _plan_order(e: dict[str, Any]) -> tuple[str, str]:
    return (e["plan"] or "", e["iri"])


def _suspects(
    old: Snapshot,
    new: Snapshot,
    added: list[dict[str, Any]],
    removed: list[dict[str, Any]],
    changed: list[dict[str, Any]],
    lang: str,
) -> list[dict[str, Any]]:
    what: dict[str, tuple[str, list[str]]] = {e["iri"]: ("added", []) for e in added}
    what.update({e["iri"]: ("removed", []) for e in removed})
    what.update({e["iri"]: ("changed", [c["field"] for c in e["changes"]]) for e in changed})
    links = {(s, t) for snap in (old, new) for s, f in snap.items() for t in f["supports"]}
    found: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(node: str, because: str, source: str) -> None:
        fields = new[node]
        src = new.get(source) or old[source]
        found[(node, source, because)] = {
            "node": node,
            "label": _label(fields, node, lang),
            "notation": fields["notation"],
            "because": because,
            "changed_node": source,
            "changed_label": _label(src, source, lang),
            "fields": what[source][1],
            "plan": _plan(fields, node),
        }

    for s, t in sorted(links):
        if s == t:
            continue
        # downward: s supports t, which changed or disappeared
        if t in what and what[t][0] != "added" and s in new:
            add(s, f"supports-{what[t][0]}", t)
        # upward: t's supporter s changed, appeared or disappeared
        if s in what and t in new:
            add(t, f"supporter-{what[s][0]}", s)
    return sorted(found.values(), key=lambda e: (e["plan"] or "", e["node"], e["changed_node"]))


# -- reading versions from git --------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed — install git or give two folders") from None


def load_git(rev: str, path: Path | str = "data", cwd: Path | str = ".") -> Model:
    """Load ``path`` as it was at git revision ``rev`` (``git archive`` into a temp folder).

    ``path`` is relative to ``cwd``, which must be inside a git work tree. An unknown
    revision or a path missing at that revision raises :class:`UsageError`.
    """
    here = Path(cwd).resolve()
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top.returncode:
        raise UsageError(f"{here}: not inside a git repository — run diff --git from one")
    root = Path(top.stdout.decode().strip())
    target = (here / path).resolve()
    try:
        rel = target.relative_to(root).as_posix() or "."
    except ValueError:
        raise UsageError(f"{path}: outside the git repository {root}") from None
    if (
        rev.startswith("-")
        or _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode
    ):
        raise UsageError(f"'{rev}': unknown git revision — give a commit, branch or tag")
    archive = _git(["archive", "--format=tar", rev, "--", rel], root)
    if archive.returncode:
        detail = archive.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(
            f"{rel}: not in revision {rev} ({detail[-1] if detail else 'git archive failed'})"
            " — check the path"
        )
    with tempfile.TemporaryDirectory(prefix="kktrace-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(tmp, filter="data")
            except tarfile.FilterError as exc:  # a link out of the folder, a device …
                name = exc.tarinfo.name if exc.tarinfo else rel
                raise InputFileError(
                    f"{rev}:{name}: {exc} — kktrace reads no link that leaves the "
                    "repository; commit the file itself instead of a link"
                ) from None
        try:
            model = load([Path(tmp) / rel])
        except KKTraceError as exc:  # name the file as the user knows it: REV:path
            exc.message = exc.message.replace(f"{Path(tmp)}{os.sep}", f"{rev}:")
            raise
        model.graph  # noqa: B018  build the projection while the files exist
    model.source = f"{rev}:{rel}"
    return model

"""``kktrace check --cache DIR``: re-check only the part of the data that changed.

The data files are split into *components*: files that mention a common IRI (as subject,
object or graph name; the ontology's own terms do not count) belong together, transitively.
Every built-in rule looks at one node and what it is linked to, so a finding depends only on
the files of its focus's component (the few rules that look further are listed below). The
cache keeps, in ``DIR``:

* ``files/`` — per data file, keyed by a hash of its content (plus its base IRI, its format
  and kktrace's own code and ontology), what decides the components: the IRIs it mentions,
  the content-derived labels of its blank nodes, and whether it says anything about the
  ontology's own terms (then it touches every component);
* ``components/`` — per component (keyed by the keys of its files and the check's options),
  the findings :func:`~kktrace.findings.run.check` gives on that component;
* ``full/`` — the whole report, when a check could not be split (below);
* ``scope/`` — per component, what ``--administration`` / ``--plan`` need (names, and each
  finding's administration and plans), made on first use;
* ``described/`` — what the project's data describes (for the note on references outside
  the checked files);
* ``runs/`` — per run (the paths given, with the options), the keys of the entries it needs
  now (see pruning below);
* ``stat.json`` — path → size, modification time, inode, change time and content hash, so
  an unchanged file is not read again (an entry is trusted only for files that were at least
  two seconds old when hashed, the way ``git`` guards against changes within one tick).

A re-check hashes the files, recomputes the components, reuses the findings of unchanged
components and loads and checks only the changed ones (all together, in one model, with the
ordinary :func:`~kktrace.model.store.load` and :func:`~kktrace.findings.run.check`); each new
finding is filed under the component of its focus. The findings are merged and sorted as
``check`` sorts them, so the output is byte for byte that of a check without the cache.

A file's facts come from the load's own pass over its quads
(:data:`kktrace.model.parse.FILE_TERMS`). When most files are new (the first run, another
data set, a new kktrace), every file is loaded once, its facts noted on the way, and every
component is checked in that one model — the cost of a check without the cache, plus
writing the entries. Otherwise only the new files are parsed for their facts (the same
loop, without a store) before their components are loaded.

Pruning: each run records in ``runs/`` which entries it needs; that record replaces the
run's previous one. After a run that wrote something, entries that none of the
:data:`KEEP_RUNS` most recently used runs needs, and that are older than
:data:`PRUNE_GRACE_S` (another run may have just written them), are deleted, as are
temporary files that a crash left behind and ``stat.json`` lines of files that are gone.
So editing the same file again and again does not make the folder grow.

Rules that look beyond one component, and how each is kept exact:

* ``empty-model`` (no plan and no initiative anywhere) — left out of the components; when
  no component has a plan or an initiative the whole data set is checked at once.
* ``missing-status`` counts the years of *every* status report. Each component records its
  own years; a component is checked with the years of all the others added (three triples
  per year, added only while that rule's query runs), and its cached findings are used only
  while the set of years is the same.
* ``missing-local-plan`` pairs administrations with common plans of their municipality, which
  stays within a component; but an administration without ``org:unitOf`` or a common plan
  whose owner has none counts against every plan or administration. When a component has
  one, the whole data set is checked at once.
* A file that says something *about* an ontology term (``kkt:Initiative rdfs:label …``)
  changes every component: it joins all files into one component.
* Blank nodes are labelled from their own statements (:mod:`kktrace.model.bnodes`); exact
  copies in several files are numbered across files, so files with the same blank-node label
  are joined.
* User rules (``--rules-dir``) can look anywhere: the check is then not split, and the cache
  only answers a re-run on exactly the same files.

Every write is a temporary file renamed into place (:func:`kktrace.output.write_atomic`,
not flushed to the disk first: 200 ``fsync`` calls cost seconds on a slow disk, and an entry
a crash damaged is caught by its checksum); entries are named by the hash of what they
depend on and carry a checksum, so two runs at once write the same bytes under the same
name, and a damaged entry is recomputed, never used. A deleted entry is only ever a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kktrace.errors import OutputError, UsageError
from kktrace.findings.finding import Finding, Report
from kktrace.model.namespaces import KKT, RDF
from kktrace.model.parse import FileTerms
from kktrace.model.resources import data_dir, ontology_file, shapes_file
from kktrace.model.store import BUNDLED_SOURCE, Model, load

FORMAT = "kktrace-check-cache"
VERSION = 1
MARKER = "kktrace-cache.json"
STAT = "stat.json"
#: Where each run records the entries it needs (:meth:`CacheDir.keep`).
RUNS = "runs"
#: The kinds of entries, each a folder of ``KEY.json`` files.
KINDS = ("files", "components", "full", "scope", "described")
#: How many runs' entries are kept: those of the most recently used runs, each a data set
#: (the paths given) checked with its options.
KEEP_RUNS = 16
#: Entries younger than this many seconds are never pruned.
PRUNE_GRACE_S = 300.0
#: The rules whose findings are not filed under a component (see the module's docstring).
EMPTY_MODEL = "empty-model"
MISSING_STATUS = "missing-status"

_TYPE = RDF + "type"
_YEAR_GRAPH = "urn:kktrace:cache:years"
_YEAR_NODE = "urn:kktrace:cache:year:"

_YEARS = """
SELECT DISTINCT ?report ?y WHERE {
  ?report kkt:year ?ry .
  { ?report a kkt:StatusReport } UNION { ?report a kkt:StatusEntry }
  BIND(xsd:integer(SUBSTR(STR(?ry), 1, 4)) AS ?y)
}"""
#: What makes a component count for empty-model: a plan, or else an initiative (plans are
#: fewer: the initiatives are asked for only when some component has no plan).
_CONTENT = (
    "SELECT DISTINCT ?x WHERE { ?x a kkt:ActionPlan }",
    "SELECT DISTINCT ?x WHERE { ?x a kkt:Initiative }",
)
#: The nodes that make missing-local-plan look at the whole data set.
_UNSCOPED = """
SELECT DISTINCT ?x WHERE {
  { ?x a kkt:Administration . FILTER NOT EXISTS { ?x org:unitOf ?m } }
  UNION
  { ?x a kkt:CommonActionPlan .
    FILTER NOT EXISTS { ?x kkt:owner ?o . ?o org:unitOf ?pm } }
}"""


@dataclass
class CacheStats:
    """What a cached check did: how many files were hashed and parsed (their facts read
    from their quads, in the load when most were new), how many components there are, how
    many came from the cache and how many were checked, the mode ("components", or "full"
    when the check could not be split) and how many stale cache files were deleted."""

    files: int = 0
    hashed: int = 0
    parsed: int = 0
    components: int = 0
    reused: int = 0
    checked: int = 0
    mode: str = "components"
    pruned: int = 0


@dataclass
class CachedCheck:
    """The report of a cached check, the data files it covered and what it did."""

    report: Report
    files: list[Path]
    stats: CacheStats = field(default_factory=CacheStats)
    #: How the check was split (None when it was not): for :func:`cached_scope`.
    parts: _Parts | None = None


@dataclass
class _Parts:
    cache_dir: Path
    groups: list[list[int]]
    comp_keys: list[str]
    facts: list[dict[str, Any]]
    focuses: list[list[str]]


# -- hashing ----------------------------------------------------------------------------


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogateescape") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


@cache
def code_hash() -> str:
    """Hash of kktrace's version, code, rules, ontology and shapes: a new kktrace (or an
    edited rule) never reuses what an older one cached."""
    import kktrace

    package = Path(kktrace.__file__).resolve().parent
    h = hashlib.sha256(f"{FORMAT}/{VERSION}/{kktrace.__version__}".encode())
    sources = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".rq", ".ttl"))
    for path in [*sources, ontology_file(), shapes_file()]:
        h.update(
            str(path.relative_to(package) if path.is_relative_to(package) else path.name).encode()
        )
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@cache
def vocabulary_iris() -> frozenset[str]:
    """Every IRI the ontology mentions: it is in every model, so it joins no files."""
    with ontology_file().open("rb") as handle:
        quads = ox.parse(handle, format=ox.RdfFormat.TURTLE)
        return frozenset(
            t.value for q in quads for t in (q.subject, q.object) if type(t) is ox.NamedNode
        )


# -- one file -----------------------------------------------------------------------------


def file_facts(path: Path) -> dict[str, Any]:
    """What decides a file's component, from its parsed quads.

    ``iris``: the IRIs it mentions as subject, object (other than of ``rdf:type``) or graph
    name; ``types``: IRIs it mentions only as a type (they join files only where some file
    says more about them); ``blanks``: its blank nodes' content-derived labels without the
    copy number; ``vocabulary``: True when it states something about an ontology term.

    The terms are noted by the load's own pass over the quads (:class:`FileTerms`), here
    run on this one file without a store; :func:`_load_noting` notes them while loading.
    """
    from kktrace.model.parse import FILE_TERMS, _Load

    noted: dict[Path, FileTerms] = {}
    token = FILE_TERMS.set(noted)
    try:
        for _q in _Load(None).quads([path]):
            pass
    finally:
        FILE_TERMS.reset(token)
    return _facts(noted[path])


def _facts(terms: FileTerms) -> dict[str, Any]:
    """:func:`file_facts` from the terms a file mentions."""
    from kktrace.model.bnodes import canonical_labels

    vocab = vocabulary_iris()
    named = ox.NamedNode
    said = {t.value for t in terms.subjects if type(t) is named}  # type: ignore[attr-defined]
    iris = (
        said
        | {t.value for t in terms.objects}
        | {t.value for t in terms.graphs if type(t) is named}  # type: ignore[attr-defined]
    ) - vocab
    types = {t.value for t in terms.types} - vocab - iris
    blanks = {
        _blank_base(t.value)
        for q in canonical_labels(terms.blank)
        for t in (q.subject, q.object, q.graph_name)
        if type(t) is ox.BlankNode
    }
    return {
        "iris": sorted(iris),
        "types": sorted(types),
        "blanks": sorted(blanks),
        "vocabulary": not said.isdisjoint(vocab),
    }


def _load_noting(files: list[Path], facts: list[dict[str, Any] | None]) -> Model:
    """``load(files)``, filling the ``None`` entries of ``facts`` with those files'
    :func:`file_facts`, from the terms the load notes in its one pass over each file."""
    from kktrace.model.parse import FILE_TERMS

    noted: dict[Path, FileTerms] = {}
    token = FILE_TERMS.set(noted)
    try:
        model = load(files)
    finally:
        FILE_TERMS.reset(token)
    for i, path in enumerate(files):
        if facts[i] is None:
            facts[i] = _facts(noted[path])
    return model


def _blank_base(label: str) -> str:
    """``_:`` + a blank node label without its copy number (``b…-2`` → ``_:b…``)."""
    return "_:" + label.removeprefix("_:").split("-", 1)[0]


def _node(key: str) -> str:
    """The component key of a finding's focus (an IRI, or a blank node's base label)."""
    return _blank_base(key) if key.startswith("_:") else key


# -- the cache folder ---------------------------------------------------------------------


class CacheDir:
    """The cache folder: validated on open, written only through atomic renames."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.warned = False
        self._open()
        self._stat: dict[str, list[Any]] = self._read(self.root / STAT, "stat") or {}
        self._stat_dirty = False
        #: True once this process wrote an entry (then :meth:`keep` prunes).
        self.wrote = False

    def _open(self) -> None:
        root = self.root
        marker = root / MARKER
        expected = {"format": FORMAT, "version": VERSION}
        if root.exists() and not root.is_dir():
            raise UsageError(f"{root}: --cache needs a folder, this is a file — give a folder")
        if root.is_dir():
            try:
                names = [p.name for p in root.iterdir()]
            except OSError as exc:
                raise UsageError(
                    f"{root}: the cache folder cannot be read ({exc.strerror or exc}) — "
                    "give a folder you can read and write"
                ) from None
            if MARKER in names:
                try:
                    found = json.loads(marker.read_text("utf-8"))
                except (OSError, ValueError):
                    found = None
                if found == expected:
                    return
                if isinstance(found, dict) and found.get("format") == FORMAT:
                    raise UsageError(
                        f"{root}: a cache of another kktrace cache format "
                        f"({found.get('version')!r}, this kktrace writes {VERSION}) — delete "
                        "the folder or give another one to --cache"
                    )
                raise UsageError(
                    f"{marker}: damaged cache marker — delete the folder {root} (it holds "
                    "only cached results) or give another one to --cache"
                )
            if [n for n in names if not n.startswith(".kktrace-")]:
                raise UsageError(
                    f"{root}: not a kktrace cache (the folder holds other files) — give an "
                    "empty or new folder to --cache"
                )
        from kktrace.output import write_atomic

        try:
            write_atomic(marker, json.dumps(expected) + "\n")
        except OutputError as exc:
            raise UsageError(f"{exc} (the --cache folder)") from None

    # An entry is two lines: the key it was stored under with the SHA-256 of the second
    # line, and the JSON body.
    def read(self, kind: str, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None when absent or damaged."""
        return self._read(self.root / kind / f"{key}.json", key)

    def write(self, kind: str, key: str, body: dict[str, Any]) -> None:
        self._write(self.root / kind / f"{key}.json", key, body)

    @staticmethod
    def _read(path: Path, key: str) -> dict[str, Any] | None:
        try:
            head, _, body = path.read_bytes().partition(b"\n")
            if head.decode("ascii") != f"{key} {hashlib.sha256(body).hexdigest()}":
                return None
            found = json.loads(body)
            return found if isinstance(found, dict) else None
        except (OSError, ValueError):
            return None

    def _write(self, path: Path, key: str, body: dict[str, Any], entry: bool = True) -> None:
        from kktrace.output import write_atomic

        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        head = f"{key} {hashlib.sha256(data).hexdigest()}\n".encode("ascii")
        try:
            # Not flushed to the disk first: a crash can leave a damaged entry, which its
            # checksum gives away (then it is recomputed); the rename is still atomic.
            write_atomic(path, head + data, sync=False)
        except OutputError as exc:
            if not self.warned:  # the result is still right; only the cache is not filled
                print(f"kktrace: warning: {exc} — the result is not cached", file=sys.stderr)
                self.warned = True
        else:
            self.wrote = self.wrote or entry

    # file content hashes, with a stat shortcut
    def content_hash(self, path: Path) -> tuple[str, bool]:
        """The SHA-256 of ``path``'s bytes, and whether the file had to be read."""
        from kktrace.errors import InputFileError

        name = str(path.resolve())
        try:
            st = path.stat()
            sig = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
            known = self._stat.get(name)
            if isinstance(known, list) and len(known) == 5 and known[:4] == sig:
                return str(known[4]), False
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise InputFileError(
                f"{path}: cannot be read ({exc.strerror or exc}) — check the file"
            ) from None
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > 2_000_000_000:
            self._stat[name] = [*sig, digest]
            self._stat_dirty = True
        return digest, True

    def save_stat(self) -> None:
        if self._stat_dirty:
            self._write(self.root / STAT, "stat", dict(sorted(self._stat.items())), entry=False)
            self._stat_dirty = False

    # pruning
    def keep(self, run: str, live: Mapping[str, Iterable[str]]) -> int:
        """Record the entries a run (a data set with its options, named ``run``) needs now,
        then, if this process wrote anything, prune; returns how many files were deleted.

        A run's record replaces its previous one, so the entries of a file's earlier
        contents, kept for that run only, go at the next prune.
        """
        body = {kind: sorted(set(keys)) for kind, keys in sorted(live.items())}
        if self.read(RUNS, run) != body:
            self.write(RUNS, run, body)
        else:
            with contextlib.suppress(OSError):  # the most recently used run is kept longest
                os.utime(self.root / RUNS / f"{run}.json")
        return self.prune() if self.wrote else 0

    def prune(self) -> int:
        """Delete the entries no kept run needs, and what crashed writes left.

        The records of the :data:`KEEP_RUNS` most recently used runs are kept; an entry is
        deleted when none of them lists it and it is older than :data:`PRUNE_GRACE_S`
        (another run may have just written it and not yet recorded that it needs it).
        Deleting is one ``unlink`` per file: a run reading an entry that goes meanwhile
        finds it absent and computes it again. ``stat.json`` forgets files that are gone.
        """
        cutoff = time.time() - PRUNE_GRACE_S
        deleted = 0

        def listing(folder: Path) -> list[tuple[float, Path]]:
            found = []
            with contextlib.suppress(OSError):
                for path in folder.iterdir():
                    with contextlib.suppress(OSError):
                        found.append((path.stat().st_mtime, path))
            return found

        def delete(path: Path) -> None:
            nonlocal deleted
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                deleted += 1

        runs = sorted(
            (e for e in listing(self.root / RUNS) if e[1].suffix == ".json"), reverse=True
        )
        live: dict[str, set[str]] = {kind: set() for kind in KINDS}
        for at, (mtime, path) in enumerate(runs):
            body = self._read(path, path.stem) if at < KEEP_RUNS else None
            if body is None:
                if mtime < cutoff:
                    delete(path)
                continue
            for kind in KINDS:
                keys = body.get(kind, [])
                live[kind].update(k for k in keys if isinstance(k, str))
        folders: list[tuple[str | None, Path]] = [(RUNS, self.root / RUNS), (None, self.root)]
        folders += [(kind, self.root / kind) for kind in KINDS]
        for held, folder in folders:
            for mtime, path in listing(folder):
                if mtime >= cutoff or not path.is_file():
                    continue
                temporary = path.name.startswith(".kktrace-")  # a crashed write's
                stale = (
                    held is not None
                    and held in live
                    and path.suffix == ".json"
                    and path.stem not in live[held]
                )
                if temporary or stale:
                    delete(path)
        gone = [name for name in self._stat if not os.path.exists(name)]
        for name in gone:
            del self._stat[name]
            self._stat_dirty = True
        self.save_stat()
        return deleted


def _to_json(findings: Iterable[Finding]) -> list[list[Any]]:
    return [[f.rule, f.focus, f.severity, f.label, f.message, list(f.related)] for f in findings]


def _from_json(rows: Iterable[list[Any]]) -> list[Finding]:
    return [Finding(r, fo, s, lab, m, tuple(rel)) for r, fo, s, lab, m, rel in rows]


# -- components -----------------------------------------------------------------------------


def components(facts: Sequence[dict[str, Any]]) -> list[list[int]]:
    """Group file indexes into components (union-find over the IRIs and blank labels).

    A file that states something about an ontology term joins every file. An IRI a file
    mentions only as a type joins files only when some file mentions it otherwise too.
    Components come in the order of their first file; files keep their order inside.
    """
    n = len(facts)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    owner: dict[str, int] = {}
    for i, f in enumerate(facts):
        for key in (*f["iris"], *f["blanks"]):
            if key in owner:
                union(i, owner[key])
            else:
                owner[key] = i
    for i, f in enumerate(facts):
        for key in f["types"]:
            if key in owner:
                union(i, owner[key])
    global_files = [i for i, f in enumerate(facts) if f["vocabulary"]]
    if global_files:
        for i in range(n):
            union(i, global_files[0])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


# -- the check ------------------------------------------------------------------------------


@dataclass
class _Options:
    rules: list[str] | None
    skip: list[str]
    rule_dirs: list[Path]
    shapes: bool
    lang: str
    on_rule: Callable[[Any], object] | None

    def check(self, model: Model, select: Any = None) -> list[Finding]:
        """The findings of :func:`~kktrace.findings.run.check` of ``model`` with these
        options (``select`` as there)."""
        from kktrace.findings.run import check

        return check(
            model,
            rules=self.rules,
            skip=self.skip,
            rule_dirs=self.rule_dirs,
            shapes=self.shapes,
            lang=self.lang,
            select=select,
            on_rule=self.on_rule,
        ).findings

    def context(self, chosen: Sequence[str]) -> str:
        user = [
            _sha(str(p), p.read_bytes())
            for d in self.rule_dirs
            for p in sorted(Path(d).glob("*.rq"))
        ]
        engine = os.environ.get("KKTRACE_SHACL_ENGINE", "").strip().lower()
        return _sha(code_hash(), self.lang, "|".join(chosen), str(self.shapes), engine, *user)


def cached_check(
    paths: Sequence[Path | str] | None,
    cache_dir: Path | str,
    *,
    rules: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    rule_dirs: Sequence[Path | str] = (),
    shapes: bool = True,
    lang: str = "da",
    fail_on: str = "error",
    on_rule: Callable[[Any], object] | None = None,
) -> CachedCheck:
    """:func:`~kktrace.findings.run.check` of ``load(paths)``, reusing ``cache_dir``.

    The report is the one a check without the cache gives (same findings, same order); see
    the module's docstring for how. Raises what ``load`` and ``check`` raise, and
    :class:`~kktrace.errors.UsageError` for a cache folder that is not one.
    """
    from kktrace.findings.run import chosen_rules
    from kktrace.model.parse import find_files

    opts = _Options(
        list(rules) if rules is not None else None,
        list(skip),
        [Path(d) for d in rule_dirs],
        shapes,
        lang,
        on_rule,
    )
    picked = chosen_rules(opts.rules, opts.skip, opts.rule_dirs, shapes, lang, fail_on)
    chosen = [r.id for r in picked]
    files = find_files(paths if paths else [data_dir()])
    source = ", ".join(str(p) for p in paths) if paths else BUNDLED_SOURCE
    store = CacheDir(cache_dir)
    stats = CacheStats(files=len(files))
    context = opts.context(chosen)

    keys = []
    for path in files:
        digest, read = store.content_hash(path)
        stats.hashed += read
        keys.append(_sha(context, path.suffix.lower(), path.resolve().as_uri(), digest))
    store.save_stat()

    full_key = _sha("full", *keys)
    # What this data set, checked with these options, needs from the cache now.
    run = _sha("run", context, *sorted(str(Path(p).resolve()) for p in paths or [data_dir()]))
    live: dict[str, list[str]] = {"files": keys, "full": [full_key]}

    def report(findings: Iterable[Finding]) -> CachedCheck:
        stats.pruned = store.keep(run, live)
        return CachedCheck(
            Report(list(findings), rules=chosen, source=source, fail_on=fail_on), files, stats
        )

    done = store.read("full", full_key)
    if done is not None:
        stats.mode, stats.reused = "full", 1
        return report(_from_json(done["findings"]))
    if opts.rule_dirs:
        return report(_full(files, opts, store, full_key, stats))

    facts: list[dict[str, Any] | None] = [store.read("files", key) for key in keys]
    unknown = [i for i, f in enumerate(facts) if f is None]
    # Most files new (an empty cache, another data set, a new kktrace): their components
    # are all checked anyway, so every file is loaded now, once, noting each file's facts
    # on the way; otherwise only the new files are parsed here, for their facts.
    whole: Model | None = None
    if unknown and 2 * len(unknown) > len(files):
        whole = _load_noting(files, facts)
    else:
        for i in unknown:
            facts[i] = file_facts(files[i])
    for i in unknown:
        store.write("files", keys[i], facts[i])  # type: ignore[arg-type]
    stats.parsed += len(unknown)
    known_facts: list[dict[str, Any]] = facts  # type: ignore[assignment]
    groups = components(known_facts)
    stats.components = len(groups)
    comp_keys = [_sha("component", *(keys[i] for i in g)) for g in groups]
    live["components"] = live["scope"] = comp_keys
    entries: list[dict[str, Any] | None] = [store.read("components", k) for k in comp_keys]
    if any(e is not None and e["unscoped"] for e in entries):
        return report(_full(files, opts, store, full_key, stats, whole))

    checked: set[int] = set()
    # With the whole set loaded, every component is checked in it.
    todo = list(range(len(groups))) if whole is not None else []
    todo = todo or [c for c, e in enumerate(entries) if e is None]
    for attempt in range(3):
        if attempt:  # then the components checked with other years than all there are
            years = sorted({y for e in entries if e is not None for y in e["years"]})
            todo = [c for c, e in enumerate(entries) if e is None or e["years_used"] != years]
        if not todo:
            break
        if attempt == 2:
            return report(_full(files, opts, store, full_key, stats, whole))
        known = sorted({y for e in entries if e is not None for y in e["years"]})
        try:
            batch = _check_components(
                files,
                [groups[c] for c in todo],
                known_facts,
                [None if entries[c] is None else entries[c]["years"] for c in todo],  # type: ignore[index]
                known,
                opts,
                whole if len(todo) == len(groups) else None,
            )
        except _Unscoped as exc:
            # Remembered, so that the next run checks the whole set at once directly.
            for at in exc.components:
                store.write("components", comp_keys[todo[at]], _UNSCOPED_ENTRY)
            return report(_full(files, opts, store, full_key, stats, whole))
        if batch is None:
            return report(_full(files, opts, store, full_key, stats, whole))
        whole = None  # its memory is not needed any more
        checked.update(todo)
        for c, body in zip(todo, batch, strict=True):
            entries[c] = body
            store.write("components", comp_keys[c], body)

    final = [e for e in entries if e is not None]
    if len(final) != len(entries) or not any(e["content"] for e in final):
        return report(_full(files, opts, store, full_key, stats))
    stats.checked = len(checked)
    stats.reused = len(groups) - len(checked)
    result = report(f for e in final for f in _from_json(e["findings"]))
    result.parts = _Parts(
        Path(cache_dir),
        groups,
        comp_keys,
        known_facts,
        [[f[1] for f in e["findings"]] for e in final],
    )
    return result


def cached_scope(
    done: CachedCheck, administration: str | None, plan: str | None, lang: str = "en"
) -> Report:
    """:func:`kktrace.findings.scope.scope` of a cached check's report.

    What scoping needs — the administrations and plans with their codes and names, and for
    each finding's focus its administration (:meth:`kktrace.facts.Facts.administration_of`)
    and the plans it is in (:func:`~kktrace.findings.scope.plans_containing`) — is local to
    a component like the findings, so it is cached per component too, computed on first
    use from the components' files. A check that was not split loads the whole model.
    """
    from dataclasses import replace

    from kktrace.findings.scope import scope

    parts = done.parts
    if parts is None:
        return scope(done.report, load(done.files), administration, plan, lang)
    store = CacheDir(parts.cache_dir)
    entries = [store.read("scope", k) for k in parts.comp_keys]
    todo = [c for c, e in enumerate(entries) if e is None]
    if todo:
        made = _scope_entries(done.files, parts, todo)
        if made is None:
            return scope(done.report, load(done.files), administration, plan, lang)
        for c, body in zip(todo, made, strict=True):
            entries[c] = body
            store.write("scope", parts.comp_keys[c], body)
    from kktrace.findings.scope import pick_named

    final = [e for e in entries if e is not None]
    keep = done.report.findings
    if administration is not None:
        admins = [tuple(n) for e in final for n in e["admins"]]
        admin = pick_named(admins, administration, "--administration", lang)  # type: ignore[arg-type]
        admin_of = {k: v for e in final for k, v in e["admin_of"].items()}
        keep = [f for f in keep if admin_of.get(f.focus, "") == admin]
    if plan is not None:
        plans = [tuple(n) for e in final for n in e["plans"]]
        chosen = pick_named(plans, plan, "--plan", lang)  # type: ignore[arg-type]
        plans_of = {k: v for e in final for k, v in e["plans_of"].items()}
        keep = [f for f in keep if chosen in plans_of.get(f.focus, ())]
    return replace(done.report, findings=list(keep))


def _scope_entries(
    all_files: list[Path], parts: _Parts, todo: list[int]
) -> list[dict[str, Any]] | None:
    """The scoping facts of the components ``todo``, from one model of their files."""
    from kktrace.facts import Facts
    from kktrace.findings.scope import named, plans_containing

    groups = [parts.groups[c] for c in todo]
    model = load([all_files[i] for i in sorted(i for g in groups for i in g)])
    where: dict[str, int] = {}
    for c, group in enumerate(groups):
        for i in group:
            f = parts.facts[i]
            for key in (*f["iris"], *f["blanks"], *f["types"]):
                where.setdefault(key, c)
    out: list[dict[str, Any]] = [
        {"admins": [], "plans": [], "admin_of": {}, "plans_of": {}} for _ in groups
    ]
    for kind, field_name in (("Administration", "admins"), ("ActionPlan", "plans")):
        for record in named(model, kind):
            at = where.get(_node(record[0]))
            if at is None:
                return None
            out[at][field_name].append(list(record))
    facts = Facts(model)
    focuses = [parts.focuses[c] for c in todo]
    inside = plans_containing(model, {f for fs in focuses for f in fs})
    for at, fs in enumerate(focuses):
        for focus in fs:
            out[at]["admin_of"][focus] = facts.administration_of(focus)
            out[at]["plans_of"][focus] = inside[focus]
    return out


class _Unscoped(Exception):
    """Components (indexes into the batch) where missing-local-plan looks at everything."""

    def __init__(self, components: list[int]) -> None:
        super().__init__(components)
        self.components = components


_UNSCOPED_ENTRY: dict[str, Any] = {
    "findings": [],
    "years": [],
    "years_used": [],
    "content": False,
    "unscoped": True,
}


def _full(
    files: list[Path],
    opts: _Options,
    store: CacheDir,
    key: str,
    stats: CacheStats,
    model: Model | None = None,
) -> list[Finding]:
    """A check of every file at once (loaded unless ``model`` holds them), cached whole."""
    findings = opts.check(model if model is not None else load(files))
    store.write("full", key, {"findings": _to_json(findings)})
    stats.mode, stats.checked, stats.reused = "full", 1, 0
    return findings


def cached_checker(
    paths: Sequence[Path | str] | None, cache_dir: Path | str
) -> Callable[[Model], Report]:
    """A ``check(model)`` for the workbench's live mode that answers from ``cache_dir``.

    The served model is still the whole store; its check is :func:`cached_check` of the
    same files, so a reload re-checks only the components that changed. (The files are
    read again to hash them: a file changed between the reload and its check is caught by
    the next poll, which reloads both.)
    """
    given = list(paths) if paths else None

    def run(model: Model) -> Report:
        return cached_check(given, cache_dir).report

    return run


_DESCRIBED = f"""
SELECT DISTINCT ?s WHERE {{ ?s a ?c . FILTER(STRSTARTS(STR(?c), "{KKT}")) }}"""


def described_nodes(
    paths: Sequence[Path | str] | None, cache_dir: Path | str | None = None
) -> set[str]:
    """The nodes ``load(paths)`` gives a ``kkt:`` type (subclass-aware): the nodes with
    classes in the projection. With ``cache_dir``, kept there under the files' hashes."""
    from kktrace.model.parse import find_files
    from kktrace.model.store import node_key

    def compute() -> set[str]:
        model = load(paths)
        return {node_key(s) for (s,) in model.query(_DESCRIBED)}  # type: ignore[misc,union-attr]

    if cache_dir is None:
        return compute()
    store = CacheDir(cache_dir)
    files = find_files(paths if paths else [data_dir()])
    key = _sha(
        "described",
        code_hash(),
        *(f"{p.suffix.lower()} {p.resolve().as_uri()} {store.content_hash(p)[0]}" for p in files),
    )
    store.save_stat()
    run = _sha("described-run", *sorted(str(Path(p).resolve()) for p in paths or [data_dir()]))
    found = store.read("described", key)
    if found is not None:
        store.keep(run, {"described": [key]})
        return set(found["nodes"])
    nodes = compute()
    store.write("described", key, {"nodes": sorted(nodes)})
    store.keep(run, {"described": [key]})
    return nodes


def _check_components(
    all_files: list[Path],
    groups: list[list[int]],
    facts: list[dict[str, Any]],
    known_years: list[list[int] | None],
    other_years: list[int],
    opts: _Options,
    model: Model | None = None,
) -> list[dict[str, Any]] | None:
    """Check these components in one model (``model``, when it holds exactly their files)
    and file each finding under its component.

    Returns one cache entry per component, or None when the data set must be checked whole
    (a rule would look beyond a component, or a finding's focus belongs to none).
    """
    from kktrace.model.store import node_key

    if model is None:
        # Files in the order of the whole set (only copies of blank nodes could tell).
        model = load([all_files[i] for i in sorted(i for g in groups for i in g)])
    where: dict[str, int] = {}
    for c, group in enumerate(groups):
        for i in group:
            for key in (*facts[i]["iris"], *facts[i]["blanks"], *facts[i]["types"]):
                where.setdefault(key, c)

    def comp_of(term: Any) -> int | None:
        return where.get(_node(node_key(term)))

    unscoped = {comp_of(node) for (node,) in model.query(_UNSCOPED)}  # type: ignore[misc,union-attr]
    if unscoped:
        raise _Unscoped(sorted(c for c in unscoped if c is not None))
    years: list[set[int]] = [set() for _ in groups]
    for report_node, year in model.query(_YEARS):  # type: ignore[misc,union-attr]
        if year is None:
            continue
        at = comp_of(report_node)
        if at is None:
            return None
        years[at].add(int(year.value))
    for c, known in enumerate(known_years):
        if known is not None and sorted(years[c]) != known:
            return None  # cannot happen for unchanged files; be safe rather than wrong
    content = [False] * len(groups)
    for query in _CONTENT:
        if all(content):
            break
        for (node,) in model.query(query):  # type: ignore[misc,union-attr]
            at = comp_of(node)
            if at is None:
                return None
            content[at] = True
    everything = sorted(set(other_years).union(*years))
    missing = sorted(set(everything) - set().union(*years))
    # (a --rules-dir check never comes here: such rules are never split)
    findings = opts.check(model, select=_with_years(model, missing) if missing else None)
    out: list[list[Finding]] = [[] for _ in groups]
    for f in findings:
        if f.rule == EMPTY_MODEL:
            continue
        at = where.get(_node(f.focus))
        if at is None:
            return None
        out[at].append(f)
    return [
        {
            "findings": _to_json(out[c]),
            "years": sorted(years[c]),
            "years_used": everything,
            "content": content[c],
            "unscoped": False,
        }
        for c in range(len(groups))
    ]


def _with_years(model: Model, years: list[int]) -> Callable[[str], list[dict[str, Any]]]:
    """``model.select``, with status reports for ``years`` present while the
    missing-status rule's query runs (the years of the components not loaded)."""
    from kktrace.rules import builtin_rules

    text = next((r.query for r in builtin_rules() if r.id == MISSING_STATUS), None)
    if not years or text is None:
        return model.select
    graph = ox.NamedNode(_YEAR_GRAPH)
    quads = []
    for y in years:
        node = ox.NamedNode(f"{_YEAR_NODE}{y}")
        quads.append(ox.Quad(node, ox.NamedNode(_TYPE), ox.NamedNode(KKT + "StatusReport"), graph))
        quads.append(ox.Quad(node, ox.NamedNode(KKT + "year"), ox.Literal(str(y)), graph))

    def select(query: str) -> list[dict[str, Any]]:
        if query != text:
            return model.select(query)
        model.store.extend(quads)
        try:
            return model.select(query)
        finally:
            for q in quads:
                model.store.remove(q)

    return select


__all__ = [
    "CacheDir",
    "CacheStats",
    "CachedCheck",
    "cached_check",
    "cached_checker",
    "cached_scope",
    "components",
    "described_nodes",
    "file_facts",
]

"""Every user-facing text of the gap report, in Danish and English.

Templates and code ask :class:`Catalogue` for a key; nothing the reader sees is written
anywhere else (rule titles, descriptions and fixes come from the rule registry). Texts with
``{name}`` placeholders are filled with :meth:`Catalogue.fmt`. Both languages must have the
same keys (a test checks it).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

MESSAGES: dict[str, dict[str, str]] = {
    "da": {
        "title": "Sporbarhedsrapport: huller mellem it-strategi og handlingsplaner",
        "title_admin": "Sporbarhedsrapport for {admin}",
        "subtitle": "Til it-chefforum og Økonomiudvalget · {date}",
        "lang_name": "Dansk",
        "toc": "Indhold",
        "sec_summary": "Sammenfatning",
        "sec_checked": "Hvad er kontrolleret",
        "sec_changes": "Ændringer siden sidste rapport",
        "sec_matrix": "Sporbarhedsmatrix",
        "sec_coverage": "Dækning",
        "sec_readiness": "Klar til politisk beslutning",
        "sec_findings": "Fund pr. forvaltning og regel",
        "sec_rules": "Anvendte regler",
        # what was checked
        "fact_source": "Datasæt",
        "fact_files": "Filer",
        "fact_triples": "Tripler",
        "fact_strategy": "Strategi",
        "fact_plans": "Handlingsplaner (fælles / lokale)",
        "fact_goals": "Mål (fælles / lokale)",
        "fact_initiatives": "Initiativer (fælles / lokale)",
        "fact_administrations": "Forvaltninger",
        "fact_rules": "Regler",
        "fact_date": "Dato",
        "fact_scope": "Afgrænsning",
        "scope_all": "Hele kommunen",
        "scope_admin": "Kun {admin}",
        "bundled_source": "Det medfølgende datasæt for Københavns Kommune",
        "bundled_source_inline": "det medfølgende datasæt for Københavns Kommune",
        # summary paragraph
        "sum_intro": "Kontrollen af {source} den {date} gav {errors} og {warnings}.",
        "sum_intro_admin": "Kontrollen af {admin} i {source} den {date} gav {errors} og {warnings}.",
        "sum_clean": "Kontrollen af {source} den {date} fandt ingen huller.",
        "sum_coverage": "{pct} af forvaltningernes {total} lokale initiativer kan spores helt op til it-strategien.",
        "sum_coverage_admin": "{pct} af forvaltningens {total} lokale initiativer kan spores helt op til it-strategien.",
        "sum_coverage_none": "Der er ingen lokale initiativer at spore.",
        "sum_unsupported": "{n} fælles mål har ingen bidrag fra nogen forvaltning.",
        "sum_unsupported_admin": "Forvaltningen bidrager ikke til {n} af de fælles mål.",
        "sum_all_supported": "Alle fælles mål har bidrag fra mindst én forvaltning.",
        "sum_readiness": "{ready} af {total} fælles initiativer har ansvar, business case, finansiering og prioritet på plads; de øvrige kan ikke forelægges til beslutning endnu.",
        "sum_readiness_none": "Der er ingen fælles initiativer, som kræver beslutningsgrundlag.",
        "sum_top": "Flest fund: {items}.",
        "sum_changes": "Siden sidste rapport er {resolved} løst, og {new} er kommet til.",
        "n_errors": "{n} fejl",
        "n_errors_1": "1 fejl",
        "n_warnings": "{n} advarsler",
        "n_warnings_1": "1 advarsel",
        "n_findings": "{n} fund",
        "n_goals": "{n} fælles mål",
        "pct_fmt": "{n}\u00a0%",
        # summary tables
        "by_severity": "Fund efter alvor",
        "by_rule": "Fund efter regel",
        "by_admin": "Fund efter forvaltning",
        "severity_col": "Alvor",
        "sev_error": "Fejl",
        "sev_warning": "Advarsel",
        "sev_info": "Info",
        "sev_error_pl": "Fejl",
        "sev_warning_pl": "Advarsler",
        "sev_info_pl": "Info",
        "count_col": "Antal",
        "total": "I alt",
        "rule": "Regel",
        "rule_id": "Regel-id",
        "administration": "Forvaltning",
        "code": "Kode",
        "common": "Fælles (uden for forvaltningernes planer)",
        "common_short": "Fælles",
        "none": "Ingen",
        # changes
        "changes_intro": "Sammenlignet med {baseline}: løst: {resolved}, nye: {new}, uændrede: {same}.",
        "resolved": "Løste fund",
        "new": "Nye fund",
        "no_resolved": "Ingen fund er løst.",
        "no_new": "Ingen nye fund.",
        # matrix
        "matrix_intro": "Hver celle er antallet af lokale mål og initiativer fra forvaltningen, som bidrager til det fælles mål – direkte eller gennem en kæde af kkt:supports. Nuller er fremhævet: her bidrager forvaltningen ikke.",
        "matrix_plan": "{plan}",
        "matrix_no_goals": "Planen har ingen fælles mål.",
        "matrix_no_admins": "Datasættet har ingen forvaltninger.",
        "matrix_others": "Andre (anden kommune eller ingen forvaltning)",
        "goal": "Fælles mål",
        "goals_legend": "Mål i kolonnerne",
        "unsupported_title": "Fælles mål, som ingen forvaltning bidrager til",
        "unsupported_title_admin": "Fælles mål, som {admin} ikke bidrager til",
        "unsupported_none": "Ingen: alle fælles mål har bidrag.",
        "plan": "Plan",
        "iri": "IRI",
        # coverage
        "coverage_intro": "Andelen af hver forvaltnings lokale initiativer, hvis kæde af kkt:supports når op til it-strategien (et strategisk indsatsområde, mål eller selve strategien).",
        "heatmap_title": "Varmekort: bidrag pr. forvaltning og fælles mål",
        "heatmap_desc": "Mørkere felt = flere lokale bidrag; rødt felt = intet bidrag.",
        "coverage_chart_title": "Lokale initiativer, der kan spores til strategien",
        "local_initiatives": "Lokale initiativer",
        "traced": "Sporet til strategien",
        "share": "Andel",
        "no_initiatives": "ingen initiativer",
        # readiness
        "readiness_intro": "Et fælles initiativ skal have ansvarsplacering, business case, finansiering og prioritet, før planen forelægges til politisk beslutning.",
        "readiness_transition": "Overgangsplanen er ikke omfattet af kravet og står derfor ikke her: {plans}.",
        "matrix_transition": "Overgangsplanen indgår ikke, fordi forvaltningernes lokale planer bidrager til de to-årige fælles planer: {plans}.",
        "readiness_decided": "Planen er vedtaget ({date}).",
        "readiness_decided_nodate": "Planen er vedtaget.",
        "readiness_count": "{ready} af {total} initiativer er klar.",
        "readiness_admin_intro": "Fælles initiativer, som {admin} har ansvaret for.",
        "readiness_none": "Ingen fælles initiativer.",
        "initiative": "Initiativ",
        "responsible": "Ansvar",
        "business_case": "Business case",
        "funding": "Finansiering",
        "priority": "Prioritet",
        "ready": "Klar",
        "yes": "✓",
        "no": "✗",
        "yes_word": "ja",
        "no_word": "nej",
        # continuity between plan periods
        "sec_continuity": "Videreførelse mellem planperioder",
        "continuity_intro": "For hver plan, der afløser en tidligere (kkt:successorOf): den tidligere plans initiativer, og hvad der blev af dem. Et initiativ er videreført, når et initiativ i den nye plan viderefører det (kkt:continues); ellers skal det være gennemført eller annulleret. Initiativer, der hverken er videreført eller afsluttet, er droppet uden beslutning og fremhævet.",
        "continuity_admin_intro": "Her vises {admin}s lokale planer; de fælles planers videreførelse står i rapporten for hele kommunen.",
        "continuity_status_note": "Status er den seneste statuspost (med år), ellers initiativets kkt:status.",
        "continuity_title": "{plan} afløser {earlier}",
        "continuity_counts": "{continued} videreført, {completed} gennemført, {cancelled} annulleret, {dropped} droppet uden beslutning.",
        "continuity_empty": "Den tidligere plan har ingen initiativer.",
        "outcome": "Hvad blev der af det",
        "outcome_continued": "Videreført som",
        "outcome_completed": "Gennemført",
        "outcome_cancelled": "Annulleret",
        "outcome_dropped": "Droppet uden beslutning",
        "see_finding": "se fundet",
        "successor_plan": "Efterfølgende plan",
        "status_col": "Status",
        "status_year": "{status} ({year})",
        "status_Proposed": "Foreslået",
        "status_Approved": "Godkendt",
        "status_InProgress": "I gang",
        "status_Completed": "Gennemført",
        "status_Cancelled": "Annulleret",
        "status_Postponed": "Udskudt",
        # findings
        "findings_intro": "Hvert fund med elementets navn, dets sporingskæde op mod strategien og hvordan det rettes. Fund om elementer uden for forvaltningernes lokale planer står under «Fælles».",
        "findings_none": "Ingen fund.",
        "how_to_fix": "Sådan rettes det",
        "element": "Element",
        "message": "Fund",
        "chain": "Sporingskæde",
        "chain_complete": "når strategien",
        "chain_na": "–",
        "chain_dangling": "brudt: linket peger på noget, der ikke findes i data",
        "chain_cycle": "brudt: kæden løber i ring",
        "chain_stops": "brudt: ingen kkt:supports videre op mod strategien",
        # rules appendix
        "rules_intro": "Reglerne, som fundene kommer fra. «Fejl» skal rettes før forelæggelse; «advarsel» bør vurderes.",
        "description": "Beskrivelse",
        "md_svg_note": "Billederne (varmekort og dækningsdiagram) findes i HTML-udgaven.",
        "footer": "Lavet med kktrace. Samme data giver samme rapport, byte for byte.",
        # dates
        "months": "januar februar marts april maj juni juli august september oktober november december",
        "date_fmt": "{day}. {month} {year}",
    },
    "en": {
        "title": "Traceability gap report: IT strategy and action plans",
        "title_admin": "Traceability gap report for {admin}",
        "subtitle": "For the IT chiefs' forum and the Finance Committee · {date}",
        "lang_name": "English",
        "toc": "Contents",
        "sec_summary": "Summary",
        "sec_checked": "What was checked",
        "sec_changes": "Changes since the previous report",
        "sec_matrix": "Traceability matrix",
        "sec_coverage": "Coverage",
        "sec_readiness": "Ready for political decision",
        "sec_findings": "Findings by administration and rule",
        "sec_rules": "Rules applied",
        "fact_source": "Data set",
        "fact_files": "Files",
        "fact_triples": "Triples",
        "fact_strategy": "Strategy",
        "fact_plans": "Action plans (common / local)",
        "fact_goals": "Goals (common / local)",
        "fact_initiatives": "Initiatives (common / local)",
        "fact_administrations": "Administrations",
        "fact_rules": "Rules",
        "fact_date": "Date",
        "fact_scope": "Scope",
        "scope_all": "The whole municipality",
        "scope_admin": "{admin} only",
        "bundled_source": "The bundled Copenhagen Municipality data set",
        "bundled_source_inline": "the bundled Copenhagen Municipality data set",
        "sum_intro": "Checking {source} on {date} gave {errors} and {warnings}.",
        "sum_intro_admin": "Checking {admin} in {source} on {date} gave {errors} and {warnings}.",
        "sum_clean": "Checking {source} on {date} found no gaps.",
        "sum_coverage": "{pct} of the administrations' {total} local initiatives can be traced all the way up to the IT strategy.",
        "sum_coverage_admin": "{pct} of the administration's {total} local initiatives can be traced all the way up to the IT strategy.",
        "sum_coverage_none": "There are no local initiatives to trace.",
        "sum_unsupported": "{n} common goals get no contribution from any administration.",
        "sum_unsupported_admin": "The administration does not contribute to {n} of the common goals.",
        "sum_all_supported": "Every common goal gets a contribution from at least one administration.",
        "sum_readiness": "{ready} of {total} common initiatives have a responsible unit, business case, funding and priority in place; the others cannot go to political decision yet.",
        "sum_readiness_none": "No common initiative needs a decision basis.",
        "sum_top": "Most findings: {items}.",
        "sum_changes": "Since the previous report {resolved} have been resolved and {new} are new.",
        "n_errors": "{n} errors",
        "n_errors_1": "1 error",
        "n_warnings": "{n} warnings",
        "n_warnings_1": "1 warning",
        "n_findings": "{n} findings",
        "n_goals": "{n} common goals",
        "pct_fmt": "{n}%",
        "by_severity": "Findings by severity",
        "by_rule": "Findings by rule",
        "by_admin": "Findings by administration",
        "severity_col": "Severity",
        "sev_error": "Error",
        "sev_warning": "Warning",
        "sev_info": "Info",
        "sev_error_pl": "Errors",
        "sev_warning_pl": "Warnings",
        "sev_info_pl": "Info",
        "count_col": "Count",
        "total": "Total",
        "rule": "Rule",
        "rule_id": "Rule id",
        "administration": "Administration",
        "code": "Code",
        "common": "Common (outside the administrations' plans)",
        "common_short": "Common",
        "none": "None",
        "changes_intro": "Compared with {baseline}: resolved: {resolved}, new: {new}, unchanged: {same}.",
        "resolved": "Resolved findings",
        "new": "New findings",
        "no_resolved": "No finding has been resolved.",
        "no_new": "No new findings.",
        "matrix_intro": "Each cell is the number of the administration's local goals and initiatives that contribute to the common goal – directly or through a chain of kkt:supports. Zeros are highlighted: there the administration does not contribute.",
        "matrix_plan": "{plan}",
        "matrix_no_goals": "The plan has no common goals.",
        "matrix_no_admins": "The data set has no administrations.",
        "matrix_others": "Others (another municipality or no administration)",
        "goal": "Common goal",
        "goals_legend": "Goals in the columns",
        "unsupported_title": "Common goals no administration contributes to",
        "unsupported_title_admin": "Common goals {admin} does not contribute to",
        "unsupported_none": "None: every common goal has contributions.",
        "plan": "Plan",
        "iri": "IRI",
        "coverage_intro": "The share of each administration's local initiatives whose chain of kkt:supports reaches the IT strategy (a strategic focus area, goal or the strategy itself).",
        "heatmap_title": "Heatmap: contributions per administration and common goal",
        "heatmap_desc": "Darker cell = more local contributions; red cell = no contribution.",
        "coverage_chart_title": "Local initiatives traced to the strategy",
        "local_initiatives": "Local initiatives",
        "traced": "Traced to the strategy",
        "share": "Share",
        "no_initiatives": "no initiatives",
        "readiness_intro": "A common initiative needs a responsible unit, a business case, funding and a priority before the plan goes to political decision.",
        "readiness_transition": "The transition plan is exempt from this requirement and is not listed: {plans}.",
        "matrix_transition": "The transition plan is left out, because the administrations' local plans contribute to the two-year common plans: {plans}.",
        "readiness_decided": "The plan has been adopted ({date}).",
        "readiness_decided_nodate": "The plan has been adopted.",
        "readiness_count": "{ready} of {total} initiatives are ready.",
        "readiness_admin_intro": "Common initiatives {admin} is responsible for.",
        "readiness_none": "No common initiatives.",
        "initiative": "Initiative",
        "responsible": "Responsible",
        "business_case": "Business case",
        "funding": "Funding",
        "priority": "Priority",
        "ready": "Ready",
        "yes": "✓",
        "no": "✗",
        "yes_word": "yes",
        "no_word": "no",
        "sec_continuity": "Continuity between plan periods",
        "continuity_intro": "For every plan that follows an earlier one (kkt:successorOf): the earlier plan's initiatives and what became of them. An initiative is continued when an initiative of the new plan carries it on (kkt:continues); otherwise it must be completed or cancelled. Initiatives neither continued nor closed were dropped without decision and are highlighted.",
        "continuity_admin_intro": "This shows {admin}'s local plans; the common plans' continuity is in the report for the whole municipality.",
        "continuity_status_note": "The status is the latest status entry (with its year), else the initiative's kkt:status.",
        "continuity_title": "{plan} follows {earlier}",
        "continuity_counts": "{continued} continued, {completed} completed, {cancelled} cancelled, {dropped} dropped without decision.",
        "continuity_empty": "The earlier plan has no initiatives.",
        "outcome": "What became of it",
        "outcome_continued": "Continued as",
        "outcome_completed": "Completed",
        "outcome_cancelled": "Cancelled",
        "outcome_dropped": "Dropped without decision",
        "see_finding": "see the finding",
        "successor_plan": "Successor plan",
        "status_col": "Status",
        "status_year": "{status} ({year})",
        "status_Proposed": "Proposed",
        "status_Approved": "Approved",
        "status_InProgress": "In progress",
        "status_Completed": "Completed",
        "status_Cancelled": "Cancelled",
        "status_Postponed": "Postponed",
        "findings_intro": "Every finding with the element's name, its trace chain towards the strategy and how to fix it. Findings about elements outside the administrations' local plans are listed under “Common”.",
        "findings_none": "No findings.",
        "how_to_fix": "How to fix",
        "element": "Element",
        "message": "Finding",
        "chain": "Trace chain",
        "chain_complete": "reaches the strategy",
        "chain_na": "–",
        "chain_dangling": "broken: the link points to something not in the data",
        "chain_cycle": "broken: the chain runs in a circle",
        "chain_stops": "broken: no kkt:supports further up towards the strategy",
        "rules_intro": "The rules the findings come from. Errors must be fixed before the plan is tabled; warnings should be assessed.",
        "description": "Description",
        "md_svg_note": "The pictures (heatmap and coverage chart) are in the HTML version.",
        "footer": "Made with kktrace. The same data gives the same report, byte for byte.",
        "months": "January February March April May June July August September October November December",
        "date_fmt": "{day} {month} {year}",
    },
}

LANGS: tuple[str, ...] = tuple(MESSAGES)


class Catalogue(Mapping[str, str]):
    """The texts of one language: ``cat["title"]``, ``cat.pct(0.8)``."""

    def __init__(self, lang: str) -> None:
        if lang not in MESSAGES:
            raise KeyError(f"no messages for language {lang!r}; known: {', '.join(LANGS)}")
        self.lang = lang
        self._texts = MESSAGES[lang]

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def fmt(self, key: str, **values: object) -> str:
        """The text of ``key`` with its ``{placeholders}`` filled."""
        return self._texts[key].format(**values)

    def count(self, key: str, n: int) -> str:
        """``n_errors`` → "1 fejl" / "3 fejl", using the ``_1`` form for one."""
        if n == 1 and f"{key}_1" in self._texts:
            return self._texts[f"{key}_1"]
        return self.fmt(key, n=n)

    def pct(self, share: float) -> str:
        """A share 0–1 as a whole percentage in this language's style."""
        return self.fmt("pct_fmt", n=round(share * 100))

    def date(self, day: _dt.date) -> str:
        """A day written out, e.g. "26. november 2026" / "26 November 2026"."""
        month = self._texts["months"].split()[day.month - 1]
        return self.fmt("date_fmt", day=day.day, month=month, year=day.year)

    def status(self, status: str | None, year: str | None = None) -> str:
        """A kkt:status local name as text ("InProgress" → "I gang"), with its year if given."""
        if not status:
            return self._texts["chain_na"]
        text = self._texts.get(f"status_{status}", status)
        return self.fmt("status_year", status=text, year=year) if year else text

    def severity(self, severity: str, plural: bool = False) -> str:
        return self._texts.get(f"sev_{severity}{'_pl' if plural else ''}", severity)

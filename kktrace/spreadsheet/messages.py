"""The catalogue of import error texts, in Danish and English.

Each text reads "what is wrong — what is allowed"; the importer puts "Sheet!Cell: " in
front. The language is the workbook's (Danish sheet names → Danish; English → English).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "summary": ("{file}: {n} fejl", "{file}: {n} error(s)"),
    "unreadable": (
        "{file}: kan ikke læses som {kind} ({detail}) — gem filen igen som {kind} og prøv igen",
        "{file}: cannot be read as {kind} ({detail}) — save the file again as {kind} and retry",
    ),
    "not_utf8": (
        "{file}: filen er ikke UTF-8 (byte {pos}) — gem den i Excel som 'CSV UTF-8 (kommasepareret)'",
        "{file}: the file is not UTF-8 (byte {pos}) — save it in Excel as 'CSV UTF-8 (comma delimited)'",
    ),
    "csv_empty": (
        "{file}: filen er tom — første linje skal være kolonneoverskrifterne",
        "{file}: the file is empty — the first line must hold the column headers",
    ),
    "csv_syntax": (
        "{file}:{line}: CSV-fejl ({detail}) — ret linjen",
        "{file}:{line}: CSV error ({detail}) — fix the line",
    ),
    "no_sheets": (
        "{file}: ingen kendte ark — forventede et eller flere af: {allowed}",
        "{file}: no known sheets — expected one or more of: {allowed}",
    ),
    "unknown_sheet": (
        "ukendt ark '{value}' — tilladte ark: {allowed} (ark, hvis navn begynder med '_', springes over)",
        "unknown sheet '{value}' — allowed sheets: {allowed} (sheets whose name starts with '_' are skipped)",
    ),
    "missing_column": (
        "kolonnen '{value}' mangler i første række — den er påkrævet på dette ark",
        "column '{value}' is missing from the first row — it is required on this sheet",
    ),
    "unknown_column": (
        "ukendt kolonneoverskrift '{value}' — tilladte overskrifter: {allowed}",
        "unknown column header '{value}' — allowed headers: {allowed}",
    ),
    "duplicate_column": (
        "kolonnen '{value}' findes allerede i {other} — brug hver kolonne én gang",
        "column '{value}' already appears in {other} — use each column once",
    ),
    "headerless_data": (
        "kolonnen har ingen overskrift, men indeholder '{value}' — skriv en overskrift i række 1 eller slet dataene",
        "the column has no header but holds '{value}' — write a header in row 1 or delete the data",
    ),
    "merged": (
        "cellerne {value} er flettet — ophæv fletningen og udfyld hver celle for sig",
        "cells {value} are merged — unmerge them and fill in each cell",
    ),
    "formula_no_value": (
        "formlen '{value}' har ingen gemt værdi — åbn og gem projektmappen i Excel, eller skriv værdien",
        "formula '{value}' has no stored value — open and save the workbook in Excel, or type the value",
    ),
    "cell_error": (
        "cellen indeholder fejlværdien {value} — ret formlen eller skriv værdien",
        "the cell holds the error value {value} — fix the formula or type the value",
    ),
    "required": (
        "{column} er tom — feltet er påkrævet",
        "{column} is empty — the field is required",
    ),
    "duplicate_id": (
        "id '{value}' er allerede brugt i {other} — hvert id må kun bruges én gang i projektmappen",
        "id '{value}' is already used in {other} — each id may be used only once in the workbook",
    ),
    "same_iri": (
        "id '{value}' giver samme IRI som '{other_value}' i {other} — vælg et id, der adskiller sig på mere end æ/ø/å",
        "id '{value}' gives the same IRI as '{other_value}' in {other} — choose an id that differs in more than æ/ø/å",
    ),
    "bad_id": (
        "'{value}' er ikke et gyldigt id eller IRI — brug bogstaver, tal og '-', eller et fuldt IRI uden mellemrum",
        "'{value}' is not a valid id or IRI — use letters, digits and '-', or a full IRI without spaces",
    ),
    "unknown_ref": (
        "id '{value}' findes ikke i projektmappen — brug et id fra Id-kolonnen på et af arkene, eller et fuldt IRI (https://…) for noget uden for projektmappen",
        "id '{value}' does not exist in the workbook — use an id from the Id column of one of the sheets, or a full IRI (https://…) for something outside the workbook",
    ),
    "unknown_class": (
        "klassen '{value}' er ikke en af: {allowed} — vælg i listen, eller skriv et IRI",
        "class '{value}' is not one of: {allowed} — pick from the list, or write an IRI",
    ),
    "class_wrong_sheet": (
        "klassen '{value}' hører ikke til på dette ark — flyt rækken til arket '{other}'",
        "class '{value}' does not belong on this sheet — move the row to sheet '{other}'",
    ),
    "unknown_status": (
        "status '{value}' er ikke en af: {allowed} — vælg i listen",
        "status '{value}' is not one of: {allowed} — pick from the list",
    ),
    "bad_date": (
        "'{value}' er ikke en gyldig dato — skriv ÅÅÅÅ-MM-DD (fx 2011-01-31), DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller brug en Excel-dato",
        "'{value}' is not a valid date — write YYYY-MM-DD (e.g. 2011-01-31), DD-MM-YYYY, DD.MM.YYYY or use an Excel date",
    ),
    "ambiguous_date": (
        "datoen '{value}' er tvetydig (dag/måned eller måned/dag?) — skriv ÅÅÅÅ-MM-DD, fx 2011-01-31",
        "date '{value}' is ambiguous (day/month or month/day?) — write YYYY-MM-DD, e.g. 2011-01-31",
    ),
    "bad_decimal": (
        "'{value}' er ikke et beløb — skriv et tal uden 'kr.', fx 1500000, 12,5 eller 1.234.567,50",
        "'{value}' is not an amount — write a number without 'DKK', e.g. 1500000, 12.5 or 1.234.567,50",
    ),
    "ambiguous_decimal": (
        "'{value}' er tvetydigt (tusindtalspunktum eller decimaltegn?) — skriv {plain} eller {comma}",
        "'{value}' is ambiguous (thousands separator or decimal point?) — write {plain} or {comma}",
    ),
    "bad_posint": (
        "'{value}' er ikke et helt tal større end 0 — skriv prioriteten som 1, 2, 3 …",
        "'{value}' is not a whole number above 0 — write the priority as 1, 2, 3 …",
    ),
    "bad_year": (
        "'{value}' er ikke et årstal — skriv fire cifre, fx 2011",
        "'{value}' is not a year — write four digits, e.g. 2011",
    ),
    "bad_predicate": (
        "'{value}' er ikke et præfiksnavn eller IRI — skriv fx dcterms:source eller https://…; kendte præfikser: {allowed}",
        "'{value}' is not a prefixed name or IRI — write e.g. dcterms:source or https://…; known prefixes: {allowed}",
    ),
    "bad_objtype": (
        "typen '{value}' er ukendt — skriv 'id', et sprog som '@da', en datatype som xsd:date, eller lad feltet stå tomt",
        "type '{value}' is unknown — write 'id', a language such as '@da', a datatype such as xsd:date, or leave it empty",
    ),
}


def message(code: str, lang: str, **params: object) -> str:
    """The text of ``code`` in ``lang`` (``da`` or ``en``) with ``params`` filled in."""
    da, en = MESSAGES[code]
    return (da if lang == "da" else en).format(**params)

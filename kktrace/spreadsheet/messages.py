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
        "'{value}' findes ikke i {searched} — brug et id eller en kode fra Id- eller Kode-kolonnen, eller en fuld webadresse (https://…) for noget andet",
        "'{value}' is not in {searched} — use an id or a code from the Id or Code column, or a full web address (https://…) for anything else",
    ),
    "unknown_ref_close": (
        "'{value}' findes ikke i {searched} — mente du {close}?",
        "'{value}' is not in {searched} — did you mean {close}?",
    ),
    "ambiguous_ref": (
        "'{value}' kan betyde flere ting: {candidates} — skriv det fulde id",
        "'{value}' could mean several things: {candidates} — write the full id",
    ),
    "comma_ref": (
        "'{value}' indeholder ',' — flere id'er adskilles med ';', fx '{fixed}'",
        "'{value}' holds ',' — separate several ids with ';', e.g. '{fixed}'",
    ),
    "date_converted": (
        "cellen er en dato ({value}): Excel har lavet det, der blev skrevet (fx '{typed}'), om til en dato — formatér kolonnen som Tekst (Formatér celler > Tekst) og skriv værdien igen",
        "the cell is a date ({value}): Excel turned what was typed (e.g. '{typed}') into a date — format the column as Text (Format Cells > Text) and type the value again",
    ),
    "searched_workbook": ("projektmappen", "the workbook"),
    "searched_bundled": (
        "projektmappen eller de medfølgende københavnske data (ingen data/-mappe her; angiv andre med --known)",
        "the workbook or the bundled Copenhagen data (no data/ folder here; give others with --known)",
    ),
    "searched_data": ("projektmappen eller {name}", "the workbook or {name}"),
    "sheet_renamed": (
        "arket '{value}' er læst som arket '{sheet}' ud fra kolonneoverskrifterne — omdøb det til '{sheet}' for at undgå denne advarsel",
        "sheet '{value}' was read as sheet '{sheet}' from its column headers — rename it '{sheet}' to avoid this warning",
    ),
    "title_row": (
        "kolonneoverskrifterne står i række {row}; rækkerne over dem springes over",
        "the column headers are in row {row}; the rows above them are skipped",
    ),
    "unknown_column_skipped": (
        "kolonnen '{value}' kendes ikke og springes over (noter o.l. er i orden) — kendte overskrifter: {allowed}",
        "column '{value}' is not known and is skipped (notes etc. are fine) — known headers: {allowed}",
    ),
    "unknown_column_close": (
        "ukendt kolonneoverskrift '{value}' — mente du '{close}'?",
        "unknown column header '{value}' — did you mean '{close}'?",
    ),
    "example_row": (
        "rækken springes over, fordi id'et begynder med '#' (eksempelrækker) — fjern '#', hvis rækken skal med",
        "the row is skipped because its id starts with '#' (example rows) — remove the '#' if the row should be read",
    ),
    "warning": ("advarsel", "warning"),
    "two_digit_year": (
        "'{value}' har et tocifret årstal — skriv hele årstallet, fx {fixed}",
        "'{value}' has a two-digit year — write the whole year, e.g. {fixed}",
    ),
    "other_format": (
        "{file}: filtypen '{kind}' kan ikke læses — åbn filen i LibreOffice eller Excel og gem den som Excel-projektmappe (.xlsx): Filer > Gem som > Excel 2007-365 (.xlsx)",
        "{file}: the file type '{kind}' cannot be read — open it in LibreOffice or Excel and save it as an Excel workbook (.xlsx): File > Save As > Excel 2007-365 (.xlsx)",
    ),
    "unknown_suffix": (
        "{file}: ukendt filtype '{kind}' — angiv en .xlsx- eller .csv-fil",
        "{file}: unknown file type '{kind}' — give a .xlsx or .csv file",
    ),
    "no_file": (
        "{file}: filen findes ikke — kontrollér stien",
        "{file}: no such file — check the path",
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
        "datoen '{value}' er tvetydig (dag/måned eller måned/dag?) — skriv ÅÅÅÅ-MM-DD, fx {example}",
        "date '{value}' is ambiguous (day/month or month/day?) — write YYYY-MM-DD, e.g. {example}",
    ),
    "bad_decimal": (
        "'{value}' er ikke et beløb — skriv et tal i kroner, fx 1500000, 12,5, 1.234.567,50 eller 3,2 mio.",
        "'{value}' is not an amount — write a number of kroner, e.g. 1500000, 12.5, 1,234,567.50 or 3.2 mio.",
    ),
    "ambiguous_decimal": (
        "'{value}' er tvetydigt (tusindtalsseparator eller decimaltegn?) — skriv {plain} for {plain} kroner eller {comma} for {comma} kroner",
        "'{value}' is ambiguous (thousands separator or decimal point?) — write {plain} for {plain} kroner or {point} for {point} kroner",
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
    # -- hostile workbooks (kktrace/spreadsheet/guard.py) --
    "part_too_large": (
        "{file}: delen {part} fylder {size} MB udpakket, over grænsen på {limit} MB — gem projektmappen igen uden de tomme områder, eller del den op",
        "{file}: part {part} unpacks to {size} MB, over the limit of {limit} MB — save the workbook again without the empty ranges, or split it",
    ),
    "xml_dtd": (
        "{file}: delen {part} erklærer en DTD (<!DOCTYPE …>), som Excel aldrig skriver — afvist; gem filen igen i Excel",
        "{file}: part {part} declares a DTD (<!DOCTYPE …>), which Excel never writes — refused; save the file again in Excel",
    ),
    "hidden_sheet": (
        "arket '{value}' er skjult — dets indhold importeres; vis arket, hvis det ikke er meningen",
        "sheet '{value}' is hidden — its content is imported; unhide it if that is not intended",
    ),
    "hidden_rows": (
        "skjulte rækker med data ({rows}) — de importeres; vis dem, hvis det ikke er meningen",
        "hidden rows with data ({rows}) — they are imported; unhide them if that is not intended",
    ),
    "hidden_cols": (
        "skjulte kolonner ({cols}) — deres indhold importeres; vis dem, hvis det ikke er meningen",
        "hidden columns ({cols}) — their content is imported; unhide them if that is not intended",
    ),
    "id_case_clash": (
        "id '{value}' adskiller sig kun ved store/små bogstaver eller Unicode-normalisering fra '{other_value}' i {other} — brug ét id for én ting, eller gør dem tydeligt forskellige",
        "id '{value}' differs only by case or Unicode normalisation from '{other_value}' in {other} — use one id for one thing, or make them clearly different",
    ),
}


def message(code: str, lang: str, **params: object) -> str:
    """The text of ``code`` in ``lang`` (``da`` or ``en``) with ``params`` filled in."""
    da, en = MESSAGES[code]
    return (da if lang == "da" else en).format(**params)

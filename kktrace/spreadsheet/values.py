"""Reading typed cell values: dates, amounts, whole numbers, years, text.

Each ``parse_*`` takes a cell value as openpyxl or the CSV reader gives it (``str``,
``int``, ``float``, ``datetime``, ``date``, ``bool``) and returns the lexical form of the
RDF literal, or raises :class:`CellValueError` with the message code and parameters.

Decisions (documented in docs/spreadsheets.md):

* Dates: ISO ``2011-01-31``; Excel date cells; Danish ``31-01-2011`` and ``31.01.2011``
  (day first, four-digit year) are accepted. ``31/01/2011`` is rejected as ambiguous
  (Excel in an English locale writes month first). A plain number between 18264
  (1950-01-01) and 73050 (2099-12-31) is read as an Excel serial date (how Excel stores
  dates when the cell lost its date format); any other number is an error.
* Amounts: ``1500000``, ``12.5``, Danish ``12,5`` and ``1.234.567,50``; spaces as thousands
  separators are allowed. ``1.234`` and ``1,234`` (one separator followed by exactly three
  digits) are rejected as ambiguous. The lexical form keeps the digits as typed
  (``1.234.567,50`` → ``1234567.50``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation


class CellValueError(ValueError):
    """A cell value that cannot be read; ``code`` + ``params`` select the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


SERIAL_MIN, SERIAL_MAX = 18264, 73050
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def text_of(value: object) -> str:
    """A cell value as text: numbers without a needless ``.0``, dates as ISO."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_lexical(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def float_lexical(value: float) -> str:
    """A float as a decimal lexical form (``12.5``, ``1e+20`` → ``100000000000000000000``)."""
    text = repr(value)
    if "e" in text or "E" in text or text in ("inf", "-inf", "nan"):
        try:
            return format(Decimal(text), "f")
        except InvalidOperation:
            return text
    return text


# -- dates ------------------------------------------------------------------------------
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DANISH = re.compile(r"^(\d{1,2})([-.])(\d{1,2})\2(\d{4})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SHORT_YEAR = re.compile(r"^(\d{1,2})([-./])(\d{1,2})\2(\d{2})$")


def parse_date(value: object) -> str:
    """The xsd:date lexical form of a date cell."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIAL_MIN <= value <= SERIAL_MAX:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        raise CellValueError("bad_date", value=text_of(value))
    text = text_of(value).strip()
    if re.match(r"^\d+$", text) and SERIAL_MIN <= int(text) <= SERIAL_MAX:
        return parse_date(int(text))
    match = _ISO.match(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    elif (match := _DANISH.match(text)) is not None:
        d, m, y = int(match.group(1)), int(match.group(3)), int(match.group(4))
    elif (match := _SLASH.match(text)) is not None:
        a, b, y = (int(g) for g in match.groups())
        if a <= 12 and b <= 12 and a != b:  # 03/04/2011: Excel in English reads month first
            raise CellValueError("ambiguous_date", value=text, example=f"{y}-{b:02d}-{a:02d}")
        d, m = (a, b) if a > 12 or a == b else (b, a)  # 31/12/2016, 12/31/2016, 05/05/2016
    elif (match := _SHORT_YEAR.match(text)) is not None:
        day, sep, month, yy = match.groups()
        century = "19" if int(yy) >= 50 else "20"
        raise CellValueError(
            "two_digit_year", value=text, fixed=f"{day}{sep}{month}{sep}{century}{yy}"
        )
    else:
        raise CellValueError("bad_date", value=text)
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise CellValueError("bad_date", value=text) from None


# -- amounts ----------------------------------------------------------------------------
_PLAIN = re.compile(r"^-?\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_DANISH_GROUPS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_ENGLISH_GROUPS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_AMBIGUOUS = re.compile(r"^-?\d{1,3}[.,]\d{3}$")


def parse_decimal(value: object) -> str:
    """The xsd:decimal lexical form of an amount cell."""
    if isinstance(value, bool):
        raise CellValueError("bad_decimal", value=text_of(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellValueError("bad_decimal", value=text_of(value))
        return float_lexical(value)
    raw = text_of(value).strip()
    text = re.sub(r"[\s\u00a0\u202f]", "", raw)
    text, factor = _unit(text)
    if factor != 1:
        return _scaled(_number(text, raw), factor, raw)
    return _number(text, raw)


#: Suffixes of an amount: "kr." is dropped; "mio." and "mia." multiply.
_UNITS = (
    ("mia.kr.", 10**9),
    ("mio.kr.", 10**6),
    ("mia.", 10**9),
    ("mio.", 10**6),
    ("mia", 10**9),
    ("mio", 10**6),
    ("kr.", 1),
    ("kr", 1),
    ("dkk", 1),
)


def _unit(text: str) -> tuple[str, int]:
    lower = text.casefold()
    for suffix, factor in _UNITS:
        if lower.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], factor
    return text, 1


def _scaled(lexical: str, factor: int, raw: str) -> str:
    try:
        number = Decimal(lexical) * factor
    except InvalidOperation:
        raise CellValueError("bad_decimal", value=raw) from None
    out = format(number.normalize(), "f")
    return out


def _number(text: str, raw: str) -> str:
    if _AMBIGUOUS.match(text) and not _PLAIN.match(text):
        digits = text.replace(".", "").replace(",", "")
        head, tail = re.split(r"[.,]", text)
        tail = tail.rstrip("0")
        raise CellValueError(
            "ambiguous_decimal",
            value=raw,
            plain=digits,
            comma=f"{head},{tail}" if tail else head,
            point=f"{head}.{tail}" if tail else head,
        )
    if _PLAIN.match(text) or _DOT_DECIMAL.match(text):
        return text
    if _COMMA_DECIMAL.match(text):
        return text.replace(",", ".")
    if _DANISH_GROUPS.match(text):
        return text.replace(".", "").replace(",", ".")
    if _ENGLISH_GROUPS.match(text):
        return text.replace(",", "")
    raise CellValueError("bad_decimal", value=raw)


# -- whole numbers and years -------------------------------------------------------------
def parse_posint(value: object) -> str:
    """The xsd:positiveInteger lexical form of a priority cell (``1``, ``2`` …)."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.match(r"^\s*\d+\s*$", value)
    ):
        number = int(value)
    if number is None or number < 1:
        raise CellValueError("bad_posint", value=text_of(value))
    return str(number)


def parse_year(value: object) -> str:
    """The xsd:gYear lexical form of a year cell (``2011``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = text_of(value).strip()
    if isinstance(value, bool) or not re.match(r"^\d{4}$", text):
        raise CellValueError("bad_year", value=text)
    return text


# -- formula injection (CSV) --------------------------------------------------------------
#: A cell beginning with one of these is read as a formula by spreadsheet programs (OWASP).
FORMULA_STARTS = "=+-@\t\r"
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def neutralise_formula(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet program runs as a formula (OWASP: a leading ``'``).

    A text that already begins with ``'`` before such a character gets one more ``'``, so
    :func:`restore_formula` gives back exactly the original. Plain numbers (``-5``,
    ``-12,5``) stay as they are.

    >>> neutralise_formula("=HYPERLINK(\\"x\\")"), neutralise_formula("'=a"), neutralise_formula("-5")
    ('\\'=HYPERLINK("x")', "''=a", '-5')
    """
    if not text or _PLAIN_NUMBER.match(text):
        return text
    if text[0] in FORMULA_STARTS or (
        text[0] == "'" and len(text) > 1 and text[1] in FORMULA_STARTS + "'"
    ):
        return "'" + text
    return text


def restore_formula(text: str) -> str:
    """The original text of a CSV cell written by :func:`neutralise_formula`.

    >>> restore_formula("'=a"), restore_formula("''=a"), restore_formula("'tis")
    ('=a', "'=a", "'tis")
    """
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS + "'":
        return text[1:]
    return text


# -- what an XLSX cell can hold ----------------------------------------------------------
#: Excel's limit on the characters of one cell; longer text is cut when Excel opens it.
XLSX_CELL_MAX = 32_767


def xlsx_text_problem(text: str) -> str | None:
    """Why ``text`` cannot go into an XLSX cell without loss, or None if it can.

    A carriage return is turned into a line feed by every XML reader (openpyxl, Excel), and
    Excel cuts a cell after 32,767 characters: both would change the data silently.
    """
    if len(text) > XLSX_CELL_MAX:
        return (
            f"the text has {len(text):,} characters, more than the {XLSX_CELL_MAX:,} an XLSX "
            "cell holds"
        )
    if "\r" in text:
        return "the text holds a carriage return (\\r), which XLSX turns into a line break"
    return None

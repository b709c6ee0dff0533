"""Importing residents from a spreadsheet (DESIGN "Interfaces"): .xlsx, or .csv in UTF-8, UTF-8 with BOM and
GBK/GB18030 as Excel in China saves it.

The header row is in Chinese and its columns may come in any order (COLUMNS). Every row is checked and every
problem reported as (row number as in the spreadsheet, column, what is wrong) before anything is saved; then
one transaction saves all rows, or nothing if any row is bad. Residents are matched by identity number within
the community: re-importing the same file changes nothing, an updated file updates the residents it changed
and says what changed, field by field.

    report = residents_import(community=c, data=bytes_, filename="居民.xlsx", actor=user, dry_run=True)
"""
import datetime
import io
import json
import re
import secrets
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from elections import clock, jobs, names, storage
from elections.audit import audit_log
from elections.models import AuditLog, Community

from . import idcard, reading
from .models import Education, Household, PoliticalStatus, Resident, ResidentGroup
from .services.residents import current_election, group_default_name, undrawable

MAX_ROWS = 100_000  # residents in one file
MAX_ROWS_READ = 120_000  # rows of the sheet read, blank ones included (a sheet may be formatted down to 1,048,576)
BLANK_RUN = 1000  # this many blank rows in a row end the list
HEADER_SEARCH_ROWS = 10  # a title line or two above the header row is common
# The template's example row; left in by mistake, it is refused rather than imported as a person.
TEMPLATE_EXAMPLE_ID = "110108199003071238"


class CellError(ValueError):
    pass


# --- cell parsers: raw spreadsheet value → clean value, or CellError saying what is wrong -------------------

_SPACE_CHARS = names.SPACES


def _text(value):
    if type(value) is str:  # the common case first: this runs for every cell of every row
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell: 101.0 → "101"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _limited(max_length, required):
    def parse(value):
        text = _text(value)
        if required and not text:
            raise CellError(_("This cell is empty."))
        if len(text) > max_length:
            raise CellError(_("At most %(n)s characters; this has %(len)s.") % {"n": max_length, "len": len(text)})
        return text
    return parse


def parse_name(value):
    """The same rule as every form that takes a person's name (elections.names)."""
    try:
        text = names.clean_name(_text(value))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None
    if not text:
        raise CellError(_("This cell is empty."))
    return text


def parse_id(value):
    try:
        return idcard.parse(value)
    except idcard.InvalidIdNumber as exc:
        raise CellError(str(exc)) from None


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_GROUP = re.compile(r"^第?([0-9]+|[零〇一二两三四五六七八九十百]+)(?:居民)?小?组?$")


def chinese_number(text):
    """"十二" → 12, "一百零三" → 103 (enough for group numbers)."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
    return total + (digit or 0)


def parse_group(value):
    """"第3居民小组", "3", "三组", "第十二居民小组" → the group number."""
    text = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", _text(value)))
    if not text:
        raise CellError(_("This cell is empty."))
    match = _GROUP.match(text)
    number = None
    if match:
        digits = match.group(1)
        number = int(digits) if digits.isdigit() else chinese_number(digits)
    if not number or number > 999:
        raise CellError(_("“%(value)s” is not a resident group: write its number, e.g. 第3居民小组 or 3.")
                        % {"value": text})
    return number


def parse_household(value):
    text = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", _text(value)))
    if not text:
        raise CellError(_("This cell is empty."))
    if len(text) > 40:
        raise CellError(_("At most %(n)s characters; this has %(len)s.") % {"n": 40, "len": len(text)})
    return text


_PHONE_SPLIT = re.compile(r"[/、,，;；]")
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$")


def parse_phone(value):
    text = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", _text(value)))
    if not text:
        return ""
    if len(text) > 30:
        raise CellError(_("At most %(n)s characters; this has %(len)s.") % {"n": 30, "len": len(text)})
    for number in _PHONE_SPLIT.split(text):
        if not (_MOBILE.match(number) or _LANDLINE.match(number)):
            raise CellError(_("“%(value)s” is not a phone number (11-digit mobile or landline such as "
                              "010-62345678).") % {"value": number})
    return text


SEXES = {"男": "M", "男性": "M", "M": "M", "女": "F", "女性": "F", "F": "F"}


def parse_sex(value):
    text = _text(value).upper()
    if not text:
        return None
    if text not in SEXES:
        raise CellError(_("Write 男 or 女, not “%(value)s”.") % {"value": text})
    return SEXES[text]


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return None
    match = _DATE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
    try:
        if not match:
            raise ValueError
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise CellError(_("“%(value)s” is not a date; write it as 1990-03-07.") % {"value": text}) from None


def _choice(mapping, prefixes=(), choices_label=""):
    def parse(value):
        text = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", _text(value)))
        if not text:
            return ""
        if text in mapping:
            return mapping[text]
        for prefix, code in prefixes:
            if text.startswith(prefix):
                return code
        raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": choices_label})
    return parse


EDUCATION = {
    **dict.fromkeys(["文盲", "半文盲", "未上过学", "不识字", "无", "学龄前"], Education.NONE),
    **dict.fromkeys(["小学"], Education.PRIMARY),
    **dict.fromkeys(["初中", "初级中学"], Education.JUNIOR),
    **dict.fromkeys(["高中", "中专", "职高", "技校", "中技", "高中/中专", "高级中学", "中等专科", "中等专业学校"],
                    Education.SENIOR),
    **dict.fromkeys(["大专", "专科", "大学专科", "高职"], Education.COLLEGE),
    **dict.fromkeys(["本科", "大学本科", "大学", "学士"], Education.BACHELOR),
    **dict.fromkeys(["研究生", "硕士", "博士", "硕士研究生", "博士研究生"], Education.POSTGRADUATE),
}
POLITICAL = {
    **dict.fromkeys(["中共党员", "党员", "中国共产党党员"], PoliticalStatus.CPC),
    **dict.fromkeys(["中共预备党员", "预备党员"], PoliticalStatus.PROBATIONARY),
    **dict.fromkeys(["共青团员", "团员"], PoliticalStatus.LEAGUE),
    **dict.fromkeys(["民主党派", "民主党派成员"], PoliticalStatus.DEMOCRATIC),
    **dict.fromkeys(["群众", "无党派人士", "无党派"], PoliticalStatus.MASSES),
}
DEMOCRATIC_PARTIES = tuple((p, PoliticalStatus.DEMOCRATIC) for p in
                           ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"))
YES_NO = {"是": True, "否": False, "Y": True, "N": False, "1": True, "0": False, "TRUE": True, "FALSE": False}


def _yes_no(default):
    def parse(value):
        text = _text(value).upper()
        if not text:
            return default
        if text not in YES_NO:
            raise CellError(_("Write 是 or 否, not “%(value)s”.") % {"value": text})
        return YES_NO[text]
    return parse


# --- the columns ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: callable
    required: bool = False
    aliases: tuple = ()
    help: str = ""  # the instructions sheet of the template (Chinese: the template is a Chinese document)
    example: object = ""


COLUMNS = [
    Column("姓名", "name", parse_name, True, (), "必填。与身份证一致；生僻字请照录，系统会提示打印字体缺字。", "张伟"),
    Column("公民身份号码", "id_card", parse_id, True, ("身份证号", "身份证号码", "身份证", "证件号码"),
           "必填。18位，末位可为X。请将此列设为“文本”格式，否则Excel会把号码变成科学计数法并丢失末几位。",
           TEMPLATE_EXAMPLE_ID),
    Column("居民小组", "group_number", parse_group, True, ("小组", "所属居民小组", "所属小组"),
           "必填。写小组编号，如“第3居民小组”或“3”；新编号会自动建立小组。", "第1居民小组"),
    Column("户号", "household_number", parse_household, True, ("户编号", "门牌户号"),
           "必填。同一户的成员户号相同；新户号会自动建立家庭户。", "1-1-101"),
    Column("与户主关系", "relation_to_head", _limited(20, True), True, ("与户主的关系", "关系"),
           "必填。户主本人填“户主”，其他成员填“配偶”“子”“女”“父亲”等。每户只能有一位户主。", "户主"),
    Column("户籍地址", "hukou_address", _limited(200, True), True, ("户口所在地", "户籍所在地"),
           "必填。户口簿上的地址。", "北京市海淀区怡丽北园1号楼1单元101"),
    Column("居住地址", "residence_address", _limited(200, True), True, ("现住址", "现居住地址", "居住地"),
           "必填。现在实际居住的地址。", "北京市海淀区怡丽北园1号楼1单元101"),
    Column("联系电话", "phone", parse_phone, True, ("电话", "手机", "手机号", "手机号码", "联系方式"),
           "本列必须有；没有电话可留空。11位手机号或座机号（如010-62345678）。", "13800138000"),
    Column("性别", "sex", parse_sex, False, (), "选填。男/女；留空则按身份证号码第17位判断，填写则须与号码一致。", "男"),
    Column("出生日期", "birth_date", parse_date, False, ("出生年月日",),
           "选填。如1990-03-07；留空则取身份证号码中的日期，填写则须与号码一致。", datetime.date(1990, 3, 7)),
    Column("文化程度", "education", _choice(EDUCATION, choices_label="文盲、小学、初中、高中、中专、大专、本科、研究生"),
           False, ("学历",), "选填。文盲、小学、初中、高中（中专）、大专、本科、研究生。", "本科"),
    Column("政治面貌", "political_status",
           _choice(POLITICAL, DEMOCRATIC_PARTIES, "中共党员、中共预备党员、共青团员、民主党派、群众"), False, (),
           "选填。中共党员、中共预备党员、共青团员、民主党派（民革、民盟……）、群众。", "群众"),
    Column("备注", "note", _limited(200, False), False, ("说明",), "选填。", ""),
    Column("户籍是否在本社区", "hukou_here", _yes_no(True), False, ("户籍在本社区",),
           "选填。是/否，留空为“是”。", "是"),
    Column("是否在本社区居住", "lives_here", _yes_no(True), False, ("在本社区居住",),
           "选填。是/否，留空为“是”。", "是"),
    Column("是否在本社区有住房", "owns_home_here", _yes_no(False), False, ("在本社区有住房",),
           "选填。是/否，留空为“否”。", "否"),
    Column("居住起始日期", "living_since", parse_date, False, ("来本社区居住日期", "本社区居住起始日期"),
           "户籍不在本社区但在本社区居住的，填来本社区居住的日期（选民登记按居住期限审核）。", ""),
]
COLUMN_BY_HEADER = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        COLUMN_BY_HEADER[_name] = _column
HEADERS = {c.key: c.header for c in COLUMNS}

# Resident fields the import sets, and the column they come from (sex and birth date always follow the ID).
FIELD_COLUMN = {
    "name": "name", "sex": "id_card", "birth_date": "id_card", "group": "group_number",
    "household": "household_number", "relation_to_head": "relation_to_head",
    "is_household_head": "relation_to_head", "hukou_address": "hukou_address",
    "residence_address": "residence_address", "phone": "phone", "education": "education",
    "political_status": "political_status", "note": "note", "hukou_here": "hukou_here", "lives_here": "lives_here",
    "owns_home_here": "owns_home_here", "living_since": "living_since",
}
FIELD_LABELS = {"sex": "性别", "birth_date": "出生日期", "group": "居民小组", "household": "户号",
                "is_household_head": "户主"}
HEAD_RELATIONS = {"户主", "本人"}


def normalise_header(value):
    text = _SPACE_CHARS.sub("", unicodedata.normalize("NFKC", _text(value)))
    return re.sub(r"^\*|\*$|\((必填|选填)\)$", "", text)


# --- the report ----------------------------------------------------------------------------------------------

@dataclass
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"row {self.row}: " if self.row else ""
        return f"{where}{self.column or _('file')}: {self.message}"


@dataclass
class Change:
    row: int
    resident_id: int
    name: str
    masked_id: str
    fields: list  # [(label, before, after)] as shown to people
    old_name: str = ""  # set when the row gives an existing resident another name

    @property
    def key(self):
        """What the web preview's checkbox sends to confirm this row's change of name."""
        return f"{self.row}-{self.resident_id}"


# What to do with a row whose identity number is an existing resident's but whose name differs: never a silent
# update (issue 9, finding 6). REFUSE: the row is a problem (import_residents without --accept-name-changes);
# ACCEPT: every such change is applied (--accept-name-changes); CONFIRM: only the rows the clerk ticked on the
# preview (`confirmed`, by Change.key) are applied and the others are left out, their residents kept as they are.
REFUSE, ACCEPT, CONFIRM = "refuse", "accept", "confirm"


@dataclass
class ImportReport:
    filename: str
    dry_run: bool = True
    rows: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)
    new: int = 0
    changed: list = field(default_factory=list)
    unchanged: int = 0
    name_changes: list = field(default_factory=list)  # every row naming an existing resident differently
    left_out: list = field(default_factory=list)  # those of them not confirmed, hence not applied
    not_in_file: int = 0
    groups_created: int = 0
    households_created: int = 0
    saved: bool = False
    seconds: float = 0.0
    # A report read back from a background job keeps only the first problems and changes (KEPT); these are the
    # full counts then.
    error_total: int | None = None
    error_row_total: int | None = None
    change_total: int | None = None

    KEPT = {"errors": 1000, "warnings": 1000, "changed": 500, "name_changes": 2000}

    @property
    def ok(self):
        return not self.errors

    @property
    def error_count(self):
        return len(self.errors) if self.error_total is None else self.error_total

    @property
    def change_count(self):
        return len(self.changed) if self.change_total is None else self.change_total

    @property
    def error_rows(self):
        if self.error_row_total is not None:
            return self.error_row_total
        return len({p.row for p in self.errors if p.row})

    def to_json(self):
        """The report as a background job keeps it (Job.result), its long lists cut to KEPT."""
        data = {name: getattr(self, name) for name in (
            "filename", "dry_run", "rows", "unknown_columns", "new", "unchanged", "not_in_file", "groups_created",
            "households_created", "saved", "seconds")}
        data.update({"error_total": self.error_count, "error_row_total": self.error_rows,
                     "change_total": self.change_count, "left_out": [asdict(c) for c in self.left_out]})
        for name, kept in self.KEPT.items():
            data[name] = [asdict(item) for item in getattr(self, name)[:kept]]
        return data

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        for name in ("errors", "warnings"):
            data[name] = [Problem(**p) for p in data[name]]
        for name in ("changed", "name_changes", "left_out"):
            data[name] = [Change(**c) for c in data[name]]
        return cls(**data)

    def summary(self):
        return {"rows": self.rows, "new": self.new, "changed": len(self.changed), "unchanged": self.unchanged,
                "not_in_file": self.not_in_file, "groups_created": self.groups_created,
                "households_created": self.households_created,
                "name_changes": [c.row for c in self.name_changes if c not in self.left_out],
                "left_out": [c.row for c in self.left_out]}


# --- parsing and checking ------------------------------------------------------------------------------------

@dataclass
class Layout:
    header_row: int
    columns: list  # [(index, Column)]
    present: set  # keys of the columns in the file
    blank_header_indexes: list


def _layout(header_row, cells, report):
    columns, seen, blank = [], {}, []
    for index, cell in enumerate(cells):
        header = normalise_header(cell)
        if not header:
            blank.append(index)
            continue
        column = COLUMN_BY_HEADER.get(header)
        if column is None:
            report.unknown_columns.append(header)
            report.warnings.append(Problem(header_row, header, _("Unknown column: its values are not imported.")))
        elif column.key in seen:
            report.errors.append(Problem(header_row, header, _("The column %(column)s appears twice.")
                                         % {"column": column.header}))
        else:
            seen[column.key] = index
            columns.append((index, column))
    for column in COLUMNS:
        if column.required and column.key not in seen:
            report.errors.append(Problem(header_row, column.header, _("This required column is missing.")))
    return Layout(header_row, columns, set(seen), blank)


def _find_header(rows, report):
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        headers = {normalise_header(c) for c in cells}
        if "姓名" in headers:
            return number, cells
    report.errors.append(Problem(1, "姓名", _("No header row found: the first rows must hold the column names "
                                             "(姓名, 公民身份号码, …) as in the template.")))
    return None, None


def _parse_row(number, cells, layout, report, first_row):
    """The row's values, or None when it has a problem (each one recorded in the report).

    A repeated identity number is checked on every row whose number parses, whatever else is wrong with the row,
    and reported first: the clerk is sent to the cell that is really at fault (issue 9, finding 6)."""
    values, problems = {}, []
    width = len(cells)
    for index, column in layout.columns:
        try:
            values[column.key] = column.parse(cells[index] if index < width else None)
        except CellError as exc:
            problems.append(Problem(number, column.header, str(exc)))
    card = values.get("id_card")
    if card is not None:
        earlier = first_row.setdefault(card.number, number)
        if earlier != number:
            problems.insert(0, Problem(number, "公民身份号码", _("The same identity number is already on row %(row)s.")
                                       % {"row": earlier}))
        problems += _identity_problems(number, values, card)
    report.errors += problems
    return None if problems else values


def _identity_problems(number, values, card):
    """What the row says that disagrees with its identity number."""
    if card.number == TEMPLATE_EXAMPLE_ID:
        return [Problem(number, "公民身份号码", _("This is the template's example row: delete it."))]
    problems = []
    if values.get("sex") and values["sex"] != card.sex:
        problems.append(Problem(number, "性别", _("The identity number is a %(sex)s's.")
                                % {"sex": "男性" if card.sex == "M" else "女性"}))
    if values.get("birth_date") and values["birth_date"] != card.birth_date:
        problems.append(Problem(number, "出生日期", _("The identity number gives the date of birth %(date)s.")
                                % {"date": card.birth_date.isoformat()}))
    since = values.get("living_since")
    if since and not card.birth_date <= since <= clock.today():
        problems.append(Problem(number, "居住起始日期", _("The date must lie between birth and today.")))
    return problems


def _is_blank(cells):
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def parse_file(data, filename="", progress=None):
    """(report, layout, [(row number, values)]) with every problem of the file recorded in the report.

    progress(rows read, rows expected), if given, is called as the rows are read (a background job's)."""
    report = ImportReport(filename=filename)
    try:
        spreadsheet = reading.open_spreadsheet(data)
        rows = spreadsheet.rows()
        header_row, header_cells = _find_header(rows, report)
        if header_row is None:
            return report, None, []
        layout = _layout(header_row, header_cells, report)
        if report.errors:
            return report, layout, []
        parsed, blank_with_data, first_row = [], False, {}
        for number, cells in _filled_rows(rows, header_row, report, progress, spreadsheet.estimated_rows):
            blank_with_data = blank_with_data or any(
                i < len(cells) and _text(cells[i]) for i in layout.blank_header_indexes)
            values = _parse_row(number, cells, layout, report, first_row)
            if values is not None:
                parsed.append((number, values))
        if progress is not None:
            progress(report.rows, report.rows)  # every row read: the bar is full while the rows are compared
    except reading.FileProblem as exc:
        report.errors.append(Problem(exc.row, exc.column, str(exc)))
        return report, None, []
    if blank_with_data:
        report.unknown_columns.append("?")
        report.warnings.append(Problem(layout.header_row, "", _("A column without a header holds values: they are "
                                                               "not imported.")))
    _check_across_rows(parsed, report)
    _flag_undrawable(parsed, report)
    return report, layout, parsed


def _filled_rows(rows, header_row, report, progress, expected):
    """The rows below the header that hold something, read within the caps: at most MAX_ROWS_READ rows of the
    sheet (blank ones included) and MAX_ROWS residents, and no further than BLANK_RUN blank rows in a row — so a
    sheet formatted down to its last row, or a file of millions of blank rows, is read in seconds."""
    last = header_row
    for number, cells in rows:
        if progress is not None and number % 500 == 0:
            progress(number, max(expected, number))
        if number > MAX_ROWS_READ:
            report.errors.append(Problem(number, "", _("The sheet has more than %(n)s rows, blank ones included: at "
                                                      "most %(max)s residents per file.")
                                         % {"n": MAX_ROWS_READ, "max": MAX_ROWS}))
            return
        blank = _is_blank(cells)
        if number - last > BLANK_RUN:
            _end_of_list(report, last, number, blank)
            return
        if blank:
            continue
        last = number
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(Problem(number, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
            return
        yield number, cells


def _end_of_list(report, last, number, blank):
    if blank:
        report.warnings.append(Problem(last + 1, "", _(
            "Rows %(first)s to %(last)s are blank: reading stopped there. If residents follow further down, "
            "remove the blank rows and upload the file again.") % {"first": last + 1, "last": number}))
    else:
        report.errors.append(Problem(number, "", _(
            "More than %(n)s blank rows lie above this row: remove them and upload the file again.")
            % {"n": BLANK_RUN}))


def _check_across_rows(parsed, report):
    """Households split across groups, two heads in one household (repeated identity numbers: _parse_row)."""
    household_group, household_head = {}, {}
    for number, values in parsed:
        household = values["household_number"]
        group_row = household_group.setdefault(household, (values["group_number"], number))
        if group_row[0] != values["group_number"]:
            report.errors.append(Problem(number, "居民小组", _(
                "Household %(household)s is in group %(group)s on row %(row)s; a household is in one group.")
                % {"household": household, "group": group_row[0], "row": group_row[1]}))
        if values["relation_to_head"] in HEAD_RELATIONS:
            head_row = household_head.setdefault(household, number)
            if head_row != number:
                report.errors.append(Problem(number, "与户主关系", _(
                    "Household %(household)s already has its head on row %(row)s.")
                    % {"household": household, "row": head_row}))


def _flag_undrawable(parsed, report):
    """生僻字: names with a character the print font lacks are imported, flagged, and reported."""
    missing = undrawable("".join({c for _n, values in parsed for c in values["name"]}))
    for number, values in parsed:
        chars = "".join(sorted(c for c in values["name"] if c in missing)) if missing else ""
        values["undrawable_chars"] = chars[:20]  # the field's length; the warning names them all
        if chars:
            report.warnings.append(Problem(number, "姓名", _(
                "The print font cannot draw %(chars)s: this name would print as an empty box. Check the character, "
                "or arrange for it to be written by hand.") % {"chars": " ".join(
                    f"{c} (U+{ord(c):04X})" for c in chars)}))


# --- comparing with the database -------------------------------------------------------------------------------

def _resident_values(values, layout):
    """The Resident fields the row sets (only those whose column is in the file; sex/birth from the ID)."""
    card = values["id_card"]
    row = {"name": values["name"], "sex": card.sex, "birth_date": card.birth_date,
           "undrawable_chars": values["undrawable_chars"]}
    for field_name, key in FIELD_COLUMN.items():
        if key in layout.present and key != "id_card":
            row[field_name] = values[key]
    row["group"] = values["group_number"]
    row["household"] = values["household_number"]
    row["is_household_head"] = values["relation_to_head"] in HEAD_RELATIONS
    return row


COMPARED = ["name", "sex", "birth_date", "group", "household", "relation_to_head", "is_household_head",
            "hukou_address", "residence_address", "phone", "education", "political_status", "note", "hukou_here",
            "lives_here", "owns_home_here", "living_since"]


def _existing(community):
    rows = Resident.objects.filter(community=community).values(
        "id", "id_number", "undrawable_chars", "group__number", "household__number", *[
            f for f in COMPARED if f not in ("group", "household")])
    out = {}
    for r in rows:
        r["group"], r["household"] = r.pop("group__number"), r.pop("household__number")
        out[r.pop("id_number")] = r
    return out


def _display(field_name, value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "":
        return "—"
    if field_name == "education":
        return str(Education(value).label)
    if field_name == "political_status":
        return str(PoliticalStatus(value).label)
    if field_name == "sex":
        return "男" if value == "M" else "女"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _label(field_name):
    return FIELD_LABELS.get(field_name) or HEADERS[FIELD_COLUMN[field_name]]


def _diff(parsed, layout, existing, report, names=REFUSE, confirmed=()):
    """[(number, values, row fields, existing or None, changed fields)] and the report's counts."""
    plan = []
    for number, values in parsed:
        card = values["id_card"]
        row = _resident_values(values, layout)
        current = existing.get(card.number)
        if current is None:
            report.new += 1
            plan.append((number, card, row, None, []))
            continue
        changed = [f for f in COMPARED if f in row and row[f] != current[f]]
        change = Change(number, current["id"], row["name"], card.masked,
                        [(_label(f), _display(f, current[f]), _display(f, row[f])) for f in changed])
        if "name" in changed and not _name_change_applies(change, current, report, names, confirmed):
            continue
        if changed:
            report.changed.append(change)
        else:
            report.unchanged += 1
        if changed or row["undrawable_chars"] != current["undrawable_chars"]:
            plan.append((number, card, row, current, changed))
    report.not_in_file = len(existing.keys() - {values["id_card"].number for _n, values in parsed})
    return plan


def _name_change_applies(change, current, report, names, confirmed):
    """Whether a row that gives an existing resident another name goes ahead (see REFUSE, ACCEPT, CONFIRM)."""
    change.old_name = current["name"]
    report.name_changes.append(change)
    if names == ACCEPT or (names == CONFIRM and change.key in confirmed):
        return True
    if names == CONFIRM:
        report.left_out.append(change)
    else:
        report.errors.append(Problem(change.row, "公民身份号码", _(
            "This identity number is already registered to %(old)s, but this row names %(new)s. If it is the same "
            "person under a corrected name, confirm the change of name (--accept-name-changes); otherwise "
            "correct the row.") % {"old": change.old_name, "new": change.name}))
    return False


# --- saving ----------------------------------------------------------------------------------------------------

def _groups(community, numbers):
    existing = dict(ResidentGroup.objects.filter(community=community).values_list("number", "id"))
    new = [ResidentGroup(community=community, number=n, name=group_default_name(n))
           for n in sorted(set(numbers) - set(existing))]
    ResidentGroup.objects.bulk_create(new)
    existing.update({g.number: g.pk for g in new})
    return existing, len(new)


def _households(community, plan, group_ids):
    existing = {h.number: h for h in Household.objects.filter(community=community)}
    wanted = {}
    for _number, _card, row, _current, _changed in plan:
        entry = wanted.setdefault(row["household"], {"group": row["group"], "address": ""})
        if row["is_household_head"] or not entry["address"]:
            entry["address"] = row.get("residence_address", "")
    new, moved = [], []
    for number, entry in wanted.items():
        group_id = group_ids[entry["group"]]
        household = existing.get(number)
        if household is None:
            new.append(Household(community=community, number=number, group_id=group_id, address=entry["address"]))
        elif household.group_id != group_id:
            household.group_id = group_id
            moved.append(household)
    Household.objects.bulk_create(new, batch_size=1000)
    Household.objects.bulk_update(moved, ["group"], batch_size=500)
    ids = {number: h.pk for number, h in existing.items()}
    ids.update({h.number: h.pk for h in new})
    return ids, len(new)


def _write_residents(rows, now, *, insert):
    """INSERT new residents, or UPDATE changed ones by id, from dicts of attribute → value, with one
    executemany each.

    Why not bulk_create/bulk_update: on SQLite Django sends at most 999 parameters per statement, so 20,000
    residents of ~27 columns become ~570 statements, each compiled value by value, after building a model
    instance per row; that was most of an import's saving time. The database still checks every constraint.
    """
    if not rows:
        return
    names = [name for name in rows[0] if name != "id"]
    fields = [Resident._meta.get_field(name) for name in names]
    if insert:
        # Columns the file does not set take their model defaults (created_at: now).
        missing = [f for f in Resident._meta.concrete_fields if not f.primary_key and f.attname not in rows[0]]
        fields += missing
        names += [f.attname for f in missing]
    defaults = [now if getattr(f, "auto_now_add", False) else f.get_default() for f in fields]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    table = quote(Resident._meta.db_table)
    if insert:
        sql = (f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))})")
    else:
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {table} SET {assignments} WHERE {quote(Resident._meta.pk.column)} = %s"
    params = [[adapt(row.get(name, default)) for name, default, adapt in zip(names, defaults, adapters,
                                                                             strict=True)]
              + ([] if insert else [row["id"]]) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _adapter(field):
    """The value as the database driver takes it (dates as text on SQLite)."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return _same


def _same(value):
    return value


def _model_values(row, group_ids, household_ids):
    data = {k: v for k, v in row.items() if k not in ("group", "household")}
    data["group_id"] = group_ids[row["group"]]
    data["household_id"] = household_ids[row["household"]]
    return data


def _save(community, plan, report, actor, election):
    group_ids, report.groups_created = _groups(community, {row["group"] for _n, _c, row, _e, _ch in plan})
    household_ids, report.households_created = _households(community, plan, group_ids)
    now = clock.now()
    new, updated, audits = [], [], []
    for number, card, row, current, changed in plan:
        data = {"id_number": card.number, "updated_at": now, **_model_values(row, group_ids, household_ids)}
        if current is None:
            new.append({"community_id": community.pk, **data})
            continue
        updated.append({"id": current["id"], **data})
        if changed:
            audits.append(_change_audit(community, election, actor, current, row, changed, number, report.filename))
    _write_residents(new, now, insert=True)
    _write_residents(updated, now, insert=False)
    AuditLog.objects.bulk_create(audits, batch_size=1000)


def _change_audit(community, election, actor, current, row, changed, number, filename):
    return AuditLog(
        actor=actor if actor is not None and actor.is_authenticated else None, action="voters.resident.updated",
        community=community, election=election, object_type="voters.Resident", object_id=str(current["id"]),
        object_repr=row["name"][:200],
        before={f: _jsonable(current[f]) for f in changed}, after={f: _jsonable(row[f]) for f in changed},
        data={"import": filename, "row": number, **({"name_change_confirmed": True} if "name" in changed else {})})


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def residents_import(*, community, data, filename, actor, dry_run=False, names=REFUSE, confirmed=(), progress=None):
    """Check the file and, unless dry_run or any row is bad, save every row in one transaction.

    Returns an ImportReport: errors and warnings as (row, column, message), the counts of new, changed and
    unchanged residents and what changed, field by field. `names` and `confirmed` decide the rows that give an
    existing resident another name (REFUSE, ACCEPT, CONFIRM). `progress`: see parse_file.
    """
    started = time.perf_counter()
    report, layout, parsed = parse_file(data, filename, progress)
    report.dry_run = dry_run
    if report.errors or dry_run:
        if layout is not None:
            # The counts of the good rows, so the preview shows what the corrected file would do.
            _diff(parsed, layout, _existing(community), report, names, confirmed)
    else:
        with transaction.atomic():
            # Two clerks importing into the same community at once: the second waits, then compares with what
            # the first saved, so neither overwrites the other blindly.
            Community.objects.select_for_update().get(pk=community.pk)
            plan = _diff(parsed, layout, _existing(community), report, names, confirmed)
            if report.ok and (plan or report.left_out):
                election = current_election(community)
                if plan:
                    _save(community, plan, report, actor, election)
                audit_log(actor=actor, action="voters.residents.imported", community=community, election=election,
                          data={"file": filename, **report.summary()})
            report.saved = report.ok
    report.seconds = time.perf_counter() - started
    return report


# --- big files: checked and saved by a background job ---------------------------------------------------------

BACKGROUND_ROWS = 3000  # more rows than this are checked and saved in the background, with a progress bar
IMPORT_JOB = "voters.import"


def runs_in_background(data):
    """Whether a file is large enough to be checked and saved by a background job rather than in the request."""
    try:
        return reading.open_spreadsheet(data).estimated_rows > BACKGROUND_ROWS
    except reading.FileProblem:
        return False  # refused at once, in the request


def import_job_start(*, community, token, filename, actor, dry_run, confirmed=()):
    """Check (dry_run) or save the upload kept under `token` in the background; the job's result is the report."""
    with transaction.atomic():
        return jobs.job_create(kind=IMPORT_JOB, community=community, actor=actor, params={
            "token": token, "filename": filename, "dry_run": dry_run, "confirmed": sorted(confirmed)})


def _import_in_background(job, progress):
    params = job.params
    kept = upload_load(params["token"], user=job.requested_by, community=job.community)
    if kept is None:
        raise reading.FileProblem(_("The uploaded file is no longer available: upload it again."))
    data, filename = kept
    report = residents_import(community=job.community, data=data, filename=filename, actor=job.requested_by,
                              dry_run=params["dry_run"], names=CONFIRM, confirmed=set(params["confirmed"]),
                              progress=progress)
    if report.saved:
        upload_discard(params["token"])
    return {"report": report.to_json()}


jobs.register(IMPORT_JOB, run=_import_in_background)


# --- the downloadable template ------------------------------------------------------------------------------------

def template_workbook():
    """The residents template (.xlsx bytes): the header row, one example row, and a sheet of instructions."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "居民信息"
    sheet.append([c.header for c in COLUMNS])
    sheet.append([c.example for c in COLUMNS])
    required_fill = PatternFill("solid", fgColor="FDE2E1")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        if column.required:
            cell.fill = required_fill
        sheet.column_dimensions[letter].width = max(10, min(40, max(2.2 * len(str(column.example)),
                                                                    2.5 * len(column.header)) + 4))
        if column.key in ("id_card", "phone", "household_number"):
            # Text format for the whole column, so Excel keeps all 18 digits (and leading zeros) of what is
            # typed or pasted instead of turning it into 1.10108E+17.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if column.key in ("birth_date", "living_since"):
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    _validations(sheet, DataValidation, get_column_letter)
    _instructions(workbook.create_sheet("填写说明"), Font)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _validations(sheet, DataValidation, get_column_letter):
    lists = {"sex": "男,女", "education": "文盲,小学,初中,高中,中专,大专,本科,研究生",
             "political_status": "中共党员,中共预备党员,共青团员,民主党派,群众",
             "hukou_here": "是,否", "lives_here": "是,否", "owns_home_here": "是,否"}
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in lists:
            validation = DataValidation(type="list", formula1=f'"{lists[column.key]}"', allow_blank=True)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}20000")
            sheet.add_data_validation(validation)


def _instructions(sheet, Font):
    sheet.append(["居民信息导入模板 · 填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["1. 在“居民信息”表中每行填写一位居民，第一行是列名，请勿修改列名；列的先后顺序可以调整。"])
    sheet.append(["2. 示例行（第2行）请删除或改为真实数据后再导入。"])
    sheet.append(["3. 导入前系统会逐行检查并列出每一处问题（行号、列名、问题），有任何一行有误则全部不导入，改正后重新上传即可。"])
    sheet.append(["4. 按公民身份号码匹配本社区已有居民：再次导入同一文件不会有任何改变；修改后的文件只更新有变化的居民，并列出变化。"])
    sheet.append(["5. 可保存为 Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK 编码均可）。"])
    sheet.append([])
    sheet.append(["列名", "是否必填", "说明", "示例"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        example = column.example.isoformat() if isinstance(column.example, datetime.date) else column.example
        sheet.append([column.header, "必填" if column.required else "选填", column.help, example])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    sheet.column_dimensions["D"].width = 36


# --- keeping an upload between preview and confirmation ---------------------------------------------------------

UPLOAD_MAX_AGE = 2 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _upload_name(token, suffix):
    return f"imports/{token}{suffix}"


def upload_store(*, data, filename, user, community):
    """Keep an uploaded file for its confirmation, in the private storage (elections.storage: never served; the
    same for every app server and worker); returns the random token naming it."""
    store = storage.private_storage()
    _sweep(store)
    token = secrets.token_urlsafe(24)
    meta = {"filename": filename, "user": user.pk, "community": community.pk, "at": time.time()}
    store.save(_upload_name(token, ".bin"), ContentFile(data))
    store.save(_upload_name(token, ".json"), ContentFile(json.dumps(meta).encode()))
    return token


def upload_load(token, *, user, community):
    """(bytes, filename) of an upload kept by `upload_store` for this user and community, or None."""
    if not token or not _TOKEN.match(token):
        return None
    store = storage.private_storage()
    try:
        with store.open(_upload_name(token, ".json"), "rb") as handle:
            meta = json.loads(handle.read())
        if meta.get("user") != user.pk or meta.get("community") != community.pk:
            return None
        if time.time() - meta.get("at", 0) > UPLOAD_MAX_AGE:
            return None
        with store.open(_upload_name(token, ".bin"), "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):  # FileNotFoundError on the disk; S3 raises it too for a missing key
        return None
    return data, meta.get("filename", "")


def upload_discard(token):
    if token and _TOKEN.match(token):
        store = storage.private_storage()
        for suffix in (".bin", ".json"):
            store.delete(_upload_name(token, suffix))


def _sweep(store):
    """Forget uploads older than UPLOAD_MAX_AGE (never confirmed)."""
    limit = time.time() - UPLOAD_MAX_AGE
    try:
        names = store.listdir("imports")[1]
    except (OSError, ValueError):  # no such directory yet
        return
    for name in names:
        try:
            if store.get_modified_time(f"imports/{name}").timestamp() < limit:
                store.delete(f"imports/{name}")
        except (OSError, ValueError):
            pass


def error_counts(report):
    """{column: number of problems} for the preview's summary."""
    return Counter(p.column for p in report.errors)

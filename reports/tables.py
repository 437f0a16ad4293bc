"""The data tables beside each chart, the same rows in the page, its CSV download, the national
report and its spreadsheet annex. Cells hold raw values (ints, Decimals, text); pages format them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.charts import number
from reports.selectors import DashboardFigures, Figures, Item, ProvinceFigures

# The columns the page shows of each table (the CSV download has them all).
COMPACT = {
    "provinces": (0, 2, 3, 4, 5, 11),
    "sectors": (0, 2, 3, 4, 5, 7),
    "goals": (0, 2, 3, 4, 6),
    "outcomes": (0, 2, 3, 4, 6),
    "trends": (0, 2, 3, 4, 6, 7),
    "districts": (0, 2, 3, 4, 5, 11),
}
TABLES = ("summary", "provinces", "sectors", "matrix", "goals", "outcomes", "people", "ethnic", "trends")


@dataclass
class Table:
    name: str
    caption: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # a link for each row's first cell, or ""

    def __post_init__(self):
        if not self.numeric:
            self.numeric = [False] + [True] * (len(self.header) - 1)

    def pick(self, *columns: int) -> Table:
        """The same table with only these columns (pages show fewer columns than the downloads)."""
        return Table(
            self.name,
            self.caption,
            [self.header[index] for index in columns],
            [[row[index] for index in columns] for row in self.rows],
            [self.numeric[index] for index in columns],
            list(self.links),
        )

    @property
    def columns(self) -> list[tuple[str, bool]]:
        return list(zip(self.header, self.numeric, strict=True))

    @property
    def body(self) -> list[tuple[str, list[tuple[object, bool]]]]:
        """Rows for a template: (link of the first cell, [(value, is numeric)])."""
        links = self.links or [""] * len(self.rows)
        return [
            (link, list(zip(row, self.numeric, strict=True)))
            for link, row in zip(links, self.rows, strict=True)
        ]


def table_html(table: Table, csv_url: str = "") -> SafeString:
    """The table as the page shows it (a scrolling region with a caption), and its CSV link. Written
    with f-strings: the dashboard has a dozen tables, and the template engine took most of its time."""
    head = "".join(
        ('<th scope="col" class="num">' if numeric else '<th scope="col">') + escape(str(title)) + "</th>"
        for title, numeric in table.columns
    )
    rows = []
    for link, cells in table.body:
        parts = []
        for index, (value, numeric) in enumerate(cells):
            if index == 0:
                text = escape(str(value))
                inner = f'<a href="{escape(link)}">{text}</a>' if link else text
                parts.append(f'<th scope="row">{inner}</th>')
            elif numeric:
                parts.append(f'<td class="num">{number(value)}</td>')
            else:
                parts.append(f"<td>{escape(str(value))}</td>")
        rows.append("<tr>" + "".join(parts) + "</tr>")
    if not rows:
        empty = escape(_("No figures yet."))
        rows.append(f'<tr><td colspan="{len(table.header)}">{empty}</td></tr>')
    html = (
        f'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="table-{table.name}">'
        f'<table class="data-table"><caption id="table-{table.name}">{escape(str(table.caption))}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    if csv_url:
        label = escape(_("Download this table (CSV)"))
        html += f'<p class="result-meta"><a href="{escape(csv_url)}" rel="nofollow">{label}</a></p>'
    return mark_safe(html)  # noqa: S308 - every value above is escaped


def usd(figures: Figures) -> Decimal | None:
    return figures.spending_usd


def place_table(
    name: str,
    caption: str,
    first: str,
    items: list[Item],
    extra: list[tuple[str, Figures]],
    links: Callable[[Item], str] | None = None,
) -> Table:
    table = Table(
        name,
        caption,
        [
            first,
            _("Code"),
            _("Member organizations (today)"),
            _("Reporting organizations"),
            _("Projects"),
            _("People reached"),
            _("Women"),
            _("Men"),
            _("Girls"),
            _("Boys"),
            _("Persons with disabilities"),
            _("Spending (kip)"),
            _("Spending (US dollars)"),
        ],
        numeric=[False, False] + [True] * 11,
    )
    for item in items:
        f = item.figures
        table.rows.append(
            [
                item.name,
                item.code,
                item.members,
                f.organizations,
                f.projects,
                f.people,
                f.women,
                f.men,
                f.girls,
                f.boys,
                f.disabled,
                f.spending_lak,
                usd(f),
            ]
        )
        table.links.append(links(item) if links else "")
    for label, f in extra:
        if f.projects:
            table.rows.append(
                [
                    label,
                    "",
                    None,
                    f.organizations,
                    f.projects,
                    f.people,
                    f.women,
                    f.men,
                    f.girls,
                    f.boys,
                    f.disabled,
                    f.spending_lak,
                    usd(f),
                ]
            )
            table.links.append("")
    return table


def contribution_table(
    name: str, caption: str, first: str, items: list[Item], *, members: bool = False
) -> Table:
    header = [first, _("Code")]
    if members:
        header.append(_("Member organizations (today)"))
    header += [
        _("Reporting organizations"),
        _("Projects"),
        _("People reached"),
        _("Persons with disabilities"),
        _("Spending (kip)"),
        _("Spending (US dollars)"),
    ]
    table = Table(name, caption, header, numeric=[False, False] + [True] * (len(header) - 2))
    for item in items:
        f = item.figures
        row = [item.name, item.code]
        if members:
            row.append(item.members)
        row += [f.organizations, f.projects, f.people, f.disabled, f.spending_lak, usd(f)]
        table.rows.append(row)
    return table


def summary_table(figures: DashboardFigures) -> Table:
    t, o = figures.totals, figures.organization_totals
    rows = [
        [_("Member organizations (today)"), figures.members],
        [_("Reporting organizations (accepted reports)"), o.organizations],
        [_("Projects"), t.projects],
        [_("People reached"), t.people],
        [_("Women"), t.women],
        [_("Men"), t.men],
        [_("Girls"), t.girls],
        [_("Boys"), t.boys],
        [_("Persons with disabilities reached"), t.disabled],
        [_("Spending (kip)"), t.spending_lak],
        [_("Spending (US dollars)"), t.spending_usd],
        [_("Provinces with projects"), figures.provinces_covered],
        [_("SDG goals with projects (of 17)"), figures.goals_covered],
        [_("Plan outcomes with projects"), figures.outcomes_covered],
        [_("Ethnic groups reached"), len(figures.by_ethnic)],
    ]
    if not figures.filters.sector:
        rows += [
            [_("Staff: women"), o.staff_women],
            [_("Staff: men"), o.staff_men],
            [_("Volunteers: women"), o.volunteers_women],
            [_("Volunteers: men"), o.volunteers_men],
        ]
    return Table("summary", _("Summary"), [_("Figure"), _("Value")], rows)


def provinces_table(figures: DashboardFigures, links: Callable[[Item], str] | None = None) -> Table:
    return place_table(
        "provinces",
        _("Contributions by province"),
        _("Province"),
        figures.by_province,
        [(_("Place not given"), figures.unplaced)],
        links,
    )


def districts_table(province: ProvinceFigures) -> Table:
    return place_table(
        "districts",
        _("Contributions by district"),
        _("District"),
        province.by_district,
        [(_("District not given"), province.undistricted)],
    )


def matrix_table(figures: DashboardFigures) -> Table:
    table = Table(
        "matrix",
        _("Projects by sector group and province"),
        [_("Sector group"), *[column.name for column in figures.matrix_columns], _("Total")],
    )
    for row in figures.matrix:
        table.rows.append(
            [row.sector.name, *[cell.projects for cell in row.cells], row.sector.figures.projects]
        )
    return table


def people_table(figures: DashboardFigures) -> Table:
    t = figures.totals
    table = Table(
        "people",
        _("People reached by sex, age group and disability"),
        [_("Group"), _("People reached"), _("Of them, persons with disabilities")],
    )
    table.rows = [
        [_("Women"), t.women, t.disabled_women],
        [_("Men"), t.men, t.disabled_men],
        [_("Girls"), t.girls, t.disabled_girls],
        [_("Boys"), t.boys, t.disabled_boys],
        [_("Total"), t.people, t.disabled],
    ]
    return table


def ethnic_table(figures: DashboardFigures) -> Table:
    table = Table(
        "ethnic", _("Ethnic groups reached"), [_("Ethnic group"), _("Projects"), _("Reporting organizations")]
    )
    table.rows = [
        [item.name, item.figures.projects, item.figures.organizations] for item in figures.by_ethnic
    ]
    return table


def trends_table(figures: DashboardFigures) -> Table:
    table = Table(
        "trends",
        _("Trends by year"),
        [
            _("Year"),
            _("Reporting rounds"),
            _("Reporting organizations"),
            _("Projects"),
            _("People reached"),
            _("Persons with disabilities"),
            _("Spending (kip)"),
            _("Spending (US dollars)"),
        ],
        numeric=[False, False, True, True, True, True, True, True],
    )
    for year in figures.trends:
        f = year.figures
        table.rows.append(
            [
                str(year.year),
                "; ".join(year.rounds),
                f.organizations,
                f.projects,
                f.people,
                f.disabled,
                f.spending_lak,
                f.spending_usd,
            ]
        )
    return table


def compact(table: Table) -> Table:
    columns = COMPACT.get(table.name)
    return table.pick(*columns) if columns else table


def dashboard_table(
    name: str, figures: DashboardFigures, links: Callable[[Item], str] | None = None
) -> Table:
    """The table of one chart of the dashboard, by name (see TABLES)."""
    if name == "summary":
        return summary_table(figures)
    if name == "provinces":
        return provinces_table(figures, links)
    if name == "sectors":
        return contribution_table(
            "sectors", _("Contributions by sector group"), _("Sector group"), figures.by_sector, members=True
        )
    if name == "matrix":
        return matrix_table(figures)
    if name == "goals":
        return contribution_table("goals", _("Contributions by SDG goal"), _("SDG goal"), figures.by_goal)
    if name == "outcomes":
        return contribution_table(
            "outcomes", _("Contributions by plan outcome (NSEDP)"), _("Plan outcome"), figures.by_outcome
        )
    if name == "people":
        return people_table(figures)
    if name == "ethnic":
        return ethnic_table(figures)
    if name == "trends":
        return trends_table(figures)
    raise KeyError(name)

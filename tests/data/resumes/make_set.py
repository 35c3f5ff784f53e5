"""Make the labelled resume set in tests/data/resumes/set/ (PDF and DOCX files plus a truth JSON each).

    python tests/data/resumes/make_set.py

Needs the dev requirements (reportlab, python-docx) and, for the WenQuanYi
font, Debian's fonts-wqy-microhei. The generated files are committed, so the
tests do not need any of this.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from render import (  # noqa: E402
    PdfDoc,
    add_text_box,
    bullet,
    cell_lines,
    new_docx,
    save_docx,
    tab_line,
    wrap_in_content_control,
)
from set_specs import SPECS  # noqa: E402

OUT = HERE / "set"
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTH = "January February March April May June July August September October November December".split()


# ---------------------------------------------------------------- dates


def show(d: str, style: str, zh: bool) -> str:
    if d == "present":
        return "至今" if zh else "Present"
    year, _, month = d.partition("-")
    if style == "years" or not month:
        return year
    m = int(month)
    return {
        "mon": f"{MON[m - 1]} {year}",
        "month": f"{MONTH[m - 1]} {year}",
        "dot": f"{year}.{month}",
        "slash": f"{month}/{year}",
        "zh": f"{year}年{m}月",
        "dot_short": f"{year}.{m}",
    }[style]


def span(spec: dict, item: dict) -> str:
    zh = spec.get("zh", False)
    return show(item["start"], spec["dates"], zh) + spec["sep"] + show(item["end"], spec["dates"], zh)


def truth_date(d: str, style: str) -> str:
    return d if d == "present" or style != "years" else d[:4]


# ---------------------------------------------------------------- content as drawing operations


def contact_ops(spec: dict, *, stacked: bool, centered: bool = False) -> list[tuple]:
    zh = spec.get("zh", False)
    name = spec.get("display_name", spec["name"])
    items = [spec["email"], spec["phone"], spec.get("location"), *spec.get("links", [])]
    items = [i for i in items if i]
    if zh and spec["layout"] == "docx_zh_labelled":
        return []  # contact details go into a labelled table there
    ops = [("name", name, centered)]
    if stacked:
        ops += [("line", i, False) for i in items]
    else:
        ops.append(("center" if centered else "line", "  |  ".join(items), False))
    return ops


def experience_ops(spec: dict) -> list[tuple]:
    ops: list[tuple] = []
    style = spec["exp_style"]
    for x in spec["experience"]:
        dates = span(spec, x)
        if style == "line":
            ops.append(("line", f"{x['title']}, {x['company']}, {dates}", True))
        elif style == "company_right":
            ops += [("row", x["company"], dates), ("line", x["title"], False)]
        elif style == "title_pipe":
            bits = [x["title"], x["company"]] + ([x["location"]] if x.get("location") else [])
            ops += [("line", " | ".join(bits), True), ("line", dates, False)]
        elif style == "at":
            ops += [("line", f"{x['title']} at {x['company']}", True), ("line", dates, False)]
        elif style == "company_dash":
            ops.append(("line", f"{x['company']} — {x['title']} ({dates})", True))
        elif style == "zh_line":
            ops.append(("line", f"{dates}　{x['company']}　{x['title']}", True))
        elif style == "zh_two":
            ops += [("row", f"{x['company']}　{x['title']}", dates)]
        elif style == "title_right":
            where = f", {x['location']}" if x.get("location") else ""
            ops += [("row", x["title"], dates), ("line", x["company"] + where, False)]
        elif style == "title_dash":
            ops += [("line", f"{x['title']} — {x['company']}", True), ("line", dates, False)]
        elif style == "at_symbol":
            ops.append(("line", f"{x['title']} @ {x['company']}, {dates}", True))
        elif style == "pipe_all":
            ops.append(("line", f"{x['company']} | {x['title']} | {dates}", True))
        elif style == "line_loc":
            ops.append(("line", f"{x['title']}, {x['company']}, {x['location']} — {dates}", True))
        elif style == "table":
            ops.append(("cells", [x["company"], x["title"], dates]))
        ops += [("bullet", b) for b in x["bullets"]]
        ops.append(("space",))
        if spec.get("pages", 1) > 1 and x is spec["experience"][1]:
            ops.append(("pagebreak",))  # the section goes on over the page
    return ops


def education_ops(spec: dict) -> list[tuple]:
    ops: list[tuple] = []
    for e in spec["education"]:
        dates = span(spec, e)
        style = spec["edu_style"]
        if style == "line":
            ops.append(("line", f"{e['degree']} {e['field']}, {e['school']}, {dates}", False))
        elif style == "school_right":
            joiner = " in " if e["degree"][0].isupper() else " "
            ops += [("row", e["school"], dates), ("line", f"{e['degree']}{joiner}{e['field']}", False)]
        elif style == "zh_line":
            ops.append(("line", f"{dates}　{e['school']}　{e['field']}　{e['degree']}", False))
        elif style == "degree_dash":
            ops.append(("line", f"{e['degree']} in {e['field']} — {e['school']} ({dates})", False))
    return ops


def project_ops(spec: dict) -> list[tuple]:
    ops: list[tuple] = []
    for p in spec.get("projects", []):
        ops.append(
            (
                "line",
                f"{show(p['start'], spec['dates'], True)} - {show(p['end'], spec['dates'], True)}　{p['name']}",
                True,
            )
        )
        ops += [("bullet", b) for b in p["bullets"]]
    return ops


def section_ops(spec: dict, kind: str) -> list[tuple]:
    if kind in spec.get("no_sections", []):
        return []
    heading = spec["headings"][kind]
    inline = spec["layout"] == "inline"
    if kind == "summary":
        body = [("line", spec["summary"], False)] if spec.get("summary") else []
    elif kind == "experience":
        body = experience_ops(spec)
    elif kind == "education":
        body = education_ops(spec)
    elif kind == "projects":
        body = project_ops(spec)
    elif kind == "skills":
        if spec["layout"] == "grid_skills":
            return [("heading", heading), ("grid", spec["skills_lines"])]
        if inline:
            return [("line", f"{heading}: {', '.join(spec['skills_lines'])}", False)] if spec["skills_lines"] else []
        body = [("line", s, False) for s in spec["skills_lines"]]
    elif kind == "certifications":
        body = [("bullet", c) for c in spec["certifications"]]
    elif kind == "languages":
        if inline:
            return [("line", f"{heading}: {', '.join(spec['languages'])}", False)] if spec["languages"] else []
        sep = "、" if spec.get("zh") else ", "
        body = [("line", sep.join(spec["languages"]), False)] if spec["languages"] else []
    else:
        raise ValueError(kind)
    return [("heading", heading), *body] if body else []


MAIN = ("summary", "experience", "projects", "education")
SIDE = ("skills", "certifications", "languages")


def all_sections(spec: dict, kinds=MAIN + SIDE) -> list[tuple]:
    return [op for kind in kinds for op in section_ops(spec, kind)]


# ---------------------------------------------------------------- PDF


def draw(col, ops: list[tuple], spec: dict, small: bool = False) -> None:
    size = 9 if small else 10
    for op in ops:
        kind = op[0]
        if kind == "name" and spec.get("letter_spaced"):
            col.spaced(op[1], size=20, char_space=10)
        elif kind == "name":
            col.text(op[1], size=20, bold=True, align="center" if op[2] else "left")
            col.space(4)
        elif kind == "center":
            col.text(op[1], size=size, align="center")
        elif kind == "line":
            text = op[1]
            col.text(text, size=size, bold=op[2])
        elif kind == "row":
            col.row(op[1], op[2], size=size)
        elif kind == "bullet":
            col.bullet(op[1], size=size, marker=spec.get("bullet", "·" if spec.get("zh") else "•"))
        elif kind == "heading":
            text = op[1].upper() if spec.get("caps") else op[1]
            col.heading(text, size=12 if small else 13, rule=not small, char_space=5 if spec.get("letter_spaced") else 0)
        elif kind == "space":
            col.space(4)
        elif kind == "grid":
            for i in range(0, len(op[1]), 3):
                col.cells(op[1][i : i + 3], size=size)
        elif kind == "pagebreak":
            col.doc.new_page()
            col.y = col.top


def make_pdf(spec: dict, path: Path) -> None:
    doc = PdfDoc(path, fonts=spec.get("fonts", "helvetica"), pages_total=spec.get("pages", 1))
    layout = spec["layout"]
    if layout in ("classic", "right_dates", "inline", "grid_skills", "education_first"):
        col = doc.column(60, doc.width - 120)
        draw(col, contact_ops(spec, stacked=False), spec)
        order = (
            ("education", "experience", "summary", "projects") + SIDE if layout == "education_first" else MAIN + SIDE
        )
        draw(col, all_sections(spec, order), spec)
    elif layout in ("two_col_left", "two_col_right"):
        side_x, main_x = (40, 210) if layout == "two_col_left" else (doc.width - 190, 40)
        side, main = doc.column(side_x, 150), doc.column(main_x, doc.width - 250)
        draw(side, contact_ops(spec, stacked=True), spec, small=True)
        draw(side, all_sections(spec, SIDE), spec, small=True)
        draw(main, all_sections(spec, MAIN), spec)
    elif layout == "header_band":
        band = doc.column(40, doc.width - 80)
        draw(band, contact_ops(spec, stacked=False, centered=True), spec)
        top = band.y - 20
        side, main = doc.column(40, 150, top=top), doc.column(210, doc.width - 250, top=top)
        draw(side, all_sections(spec, SIDE), spec, small=True)
        draw(main, all_sections(spec, MAIN), spec)
    else:
        raise ValueError(layout)
    doc.save()


# ---------------------------------------------------------------- DOCX


def write_ops(doc, ops: list[tuple], spec: dict) -> list:
    written = []
    for op in ops:
        kind = op[0]
        if kind == "name":
            written.append(doc.add_heading(op[1], level=0))
        elif kind in ("line", "center"):
            p = doc.add_paragraph()
            p.add_run(op[1]).bold = kind == "line" and op[2]
            written.append(p)
        elif kind == "row":
            tab_line(doc, op[1], op[2])
            written.append(doc.paragraphs[-1])
        elif kind == "bullet":
            bullet(doc, op[1])
            written.append(doc.paragraphs[-1])
        elif kind == "heading":
            written.append(doc.add_heading(op[1], level=1))
        elif kind == "cells":
            table = doc.add_table(rows=1, cols=len(op[1]))
            for cell, text in zip(table.rows[0].cells, op[1]):
                cell_lines(cell, [(text, True)])
    return written


def make_docx(spec: dict, path: Path) -> None:
    doc = new_docx()
    layout = spec["layout"]
    if layout in ("docx_plain", "docx_exp_table"):
        write_ops(doc, contact_ops(spec, stacked=False), spec)
        write_ops(doc, all_sections(spec), spec)
    elif layout == "docx_sdt":
        write_ops(doc, contact_ops(spec, stacked=False), spec)
        for kind in MAIN + SIDE:
            written = write_ops(doc, section_ops(spec, kind), spec)
            if written:
                wrap_in_content_control(written, kind)
    elif layout == "docx_header_footer":
        header = doc.sections[0].header.paragraphs[0]
        header.text = f"{spec['name']}  |  {spec['email']}"
        footer = doc.sections[0].footer.paragraphs[0]
        footer.text = "  |  ".join([spec["phone"], spec["location"], *spec["links"]])
        write_ops(doc, all_sections(spec), spec)
    elif layout == "docx_textbox":
        title = doc.add_heading(spec["name"], level=0)
        add_text_box(title, [spec["email"], spec["phone"], spec["location"], *spec["links"]])
        write_ops(doc, all_sections(spec), spec)
    elif layout == "docx_table_layout":
        doc.add_heading(spec["name"], level=0)
        table = doc.add_table(rows=1, cols=2)
        side, main = table.rows[0].cells
        side_lines = [(i, False) for i in [spec["email"], spec["phone"], spec.get("location")] if i]
        side_lines += _cell_ops(all_sections(spec, SIDE))
        cell_lines(side, side_lines)
        cell_lines(main, _cell_ops(all_sections(spec, MAIN)))
    elif layout == "docx_heading_cells":
        doc.add_heading(spec["name"], level=0)
        doc.add_paragraph("  |  ".join([spec["phone"], spec["email"], spec["location"]]))
        table = doc.add_table(rows=0, cols=2)
        for kind in MAIN + SIDE:
            ops = section_ops(spec, kind)
            if ops:
                heading_cell, content_cell = table.add_row().cells
                cell_lines(heading_cell, [(ops[0][1], True)])
                cell_lines(content_cell, _cell_ops(ops[1:]))
    elif layout == "docx_bold_caps":
        p = doc.add_paragraph()
        p.add_run(spec["name"]).bold = True
        doc.add_paragraph(" · ".join([spec["email"], spec["phone"], spec["location"], *spec["links"]]))
        for op in all_sections(spec):
            if op[0] == "heading":
                doc.add_paragraph().add_run(op[1]).bold = True
            else:
                write_ops(doc, [op], spec)
    elif layout == "docx_zh_labelled":
        doc.add_heading("个人简历", level=0)
        table = doc.add_table(rows=2, cols=2)
        cells = [
            f"姓名：{spec['name']}",
            f"电话：{spec['phone']}",
            f"邮箱：{spec['email']}",
            f"现居：{spec['location']}",
        ]
        for cell, text in zip([c for row in table.rows for c in row.cells], cells):
            cell_lines(cell, [(text, False)])
        write_ops(doc, all_sections(spec), spec)
    else:
        raise ValueError(layout)
    save_docx(doc, path)


def _cell_ops(ops: list[tuple]) -> list[tuple[str, bool]]:
    out = []
    for op in ops:
        if op[0] == "heading":
            out.append((op[1], True))
        elif op[0] in ("line",):
            out.append((op[1], op[2]))
        elif op[0] == "bullet":
            out.append(("• " + op[1], False))
        elif op[0] == "row":
            out.append((f"{op[1]}\t{op[2]}", True))
    return out


# ---------------------------------------------------------------- truth


def truth(spec: dict, filename: str) -> dict:
    style = spec["dates"]
    no = spec.get("no_sections", [])
    return {
        "file": filename,
        "layout": spec["layout"],
        "name": spec["name"].title() if spec["name"].isupper() else spec["name"],
        "email": spec["email"],
        "phone": spec["phone"],
        "location": spec.get("location"),
        "links": spec.get("links", []),
        "skills": sorted(spec["skills"]),
        "experience": [
            {
                "title": x["title"],
                "company": x["company"],
                "start": truth_date(x["start"], style),
                "end": truth_date(x["end"], style),
            }  # fmt: skip
            for x in spec["experience"]
        ],
        "education": [
            {
                "school": e["school"],
                "level": e["level"],
                "field": e["field"],
                "start": truth_date(e["start"], style),
                "end": truth_date(e["end"], style),
            }  # fmt: skip
            for e in spec["education"]
        ],
        "certifications": [] if "certifications" in no else spec["certifications"],
        "languages": [] if "languages" in no else spec["truth_languages"],
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for spec in SPECS:
        filename = f"{spec['id']}.{spec['fmt']}"
        path = OUT / filename
        (make_pdf if spec["fmt"] == "pdf" else make_docx)(spec, path)
        (OUT / f"{spec['id']}.json").write_text(
            json.dumps(truth(spec, filename), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print("wrote", path.relative_to(HERE))


if __name__ == "__main__":
    main()

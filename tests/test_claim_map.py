"""Notebook 00's claim map: verdicts from the last build where it has them, else the catalog."""

import json

from helpers.claims import CATALOG, VERDICT_COLOUR, claim_map_html


def test_without_a_build_the_map_shows_the_catalog_and_says_so(tmp_path):
    page = claim_map_html(tmp_path / "claims.json")
    assert "No build of the collection was found" in page
    assert "catalog (expected)" not in page  # one source: the line above the table says it
    c = CATALOG["C22"]
    assert f'<a href="{c.notebook}.ipynb">' in page
    assert f'color:{VERDICT_COLOUR[c.expected]};font-weight:bold;text-align:left">{c.expected}<' \
        in page


def test_a_built_verdict_wins_and_names_its_torch(tmp_path):
    path = tmp_path / "claims.json"
    entry = {"id": "C22", "verdict": "holds", "today": "holds", "notebook": "x",
             "evidence": "e", "expected": "false", "torch": "9.9.9", "python": "3.11"}
    path.write_text(json.dumps([entry]), encoding="utf-8")
    page = claim_map_html(path)
    assert "1 of 27 verdicts were computed by the collection" in page and "torch 9.9.9" in page
    row = page[page.index(">C22</td>"):].split("</tr>")[0]
    assert ">holds<" in row and "last build, torch 9.9.9" in row
    assert page.count("catalog (expected)") == len(CATALOG) - 1


def test_an_unreadable_build_file_is_named_not_a_traceback(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text("{not json", encoding="utf-8")
    assert "claims.json could not be read" in claim_map_html(path)

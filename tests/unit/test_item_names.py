"""Places in a file named as people name them, not as pydantic locates them."""

from __future__ import annotations

import pytest

from iho_ready.words import item_name

IDS = {("evidence", 0): "MTP", ("criteria", "CG2", "actions", 6): "A7", ("partners", 1): "icb",
       ("domains", 0): "D1", ("domains", 0, "criteria", 2): "SV3"}


@pytest.mark.parametrize(("loc", "named"), [
    (("evidence", 0, "review_by"), "evidence MTP, review_by"),
    (("evidence", 0, "approved", "date"), "evidence MTP, approved date"),
    (("evidence", 3), "evidence item 4"),
    (("evidence", 0, "supports", 1), "evidence MTP, item 2 of supports"),
    (("criteria", "CG2", "actions", 6, "status"), "action A7 of CG2, status"),
    (("criteria", "CG2", "actions", 1), "action 2 of CG2"),
    (("criteria", "SV1", "rating"), "criterion SV1, rating"),
    (("organisation", "population", "size"), "organisation population size"),
    (("rubrics", 2), "item 3 of rubrics"),
    (("partners", 1), "partner statement icb"),
    (("views", "SV4", "agrees"), "view of SV4, agrees"),
    (("domains", 0, "criteria", 2, "statement"), "criterion SV3 of D1, statement"),
    (("evidence", 0, "function-after[_one_location(), Evidence]", "path"), "evidence MTP, path"),
    ((), ""),
])
def test_places_are_named_as_people_name_them(loc, named):
    assert item_name(loc, IDS.get) == named

"""HCL's "Did you mean" name suggestions, shared by the parser, evaluator and decoder."""

from __future__ import annotations

from nomadqemu.namesuggest import closest_suggestion, first_suggestion, levenshtein


def test_levenshtein_counts_code_point_edits() -> None:
    assert levenshtein("", "abc") == 3
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("ä", "a") == levenshtein("a", "ä") == 1


def test_first_suggestion_keeps_list_order() -> None:
    assert first_suggestion("imge_path", ["image_paths", "image_path"]) == "image_paths"
    assert first_suggestion("accelerator", ["args", "port_map"]) == ""


def test_closest_suggestion_prefers_nearest_then_alphabetical() -> None:
    assert closest_suggestion("imge_path", ["image_paths", "image_path"]) == "image_path"
    assert closest_suggestion("ab", ["ac", "aa"]) == "aa"
    assert closest_suggestion("zzzz", ["a"]) == ""

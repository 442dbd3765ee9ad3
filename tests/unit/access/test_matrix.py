"""The ``matrix`` provider: CSV and Parquet files, validation with line numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from proxisante.access._errors import UnreadableTravelFileError, UnsupportedTravelFileError
from proxisante.access.travel.matrix import read_matrix_file, times_from_table
from proxisante.errors import InputFileError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "access"
CODES = ["03310", "03095", "03185"]


def test_csv_keeps_leading_zeros_minimum_of_duplicates_and_counts_unknown_rows():
    table = read_matrix_file(FIXTURES / "matrix_valid.csv")
    tt, covered = times_from_table(table, CODES, 20.0)
    m = tt.minutes.toarray()
    assert m[0, 0] == 2.0 and m[0, 1] == 11.0 and m[1, 0] == 13.0
    assert tt.minutes[1, 1] == 0.0 and tt.n_pairs == 4  # the 0-minute diagonal is kept
    assert covered.tolist() == [True, True, False]
    assert tt.notes == ("1 trajet(s) du fichier hors territoire ignoré(s).",)


def test_parquet_reads_like_csv(tmp_path):
    table = read_matrix_file(FIXTURES / "matrix_valid.csv")
    path = tmp_path / "m.parquet"
    table.to_parquet(path)
    again = read_matrix_file(path)
    pd.testing.assert_frame_equal(again, table)


def test_every_bad_line_is_reported_with_its_number():
    with pytest.raises(InputFileError) as info:
        read_matrix_file(FIXTURES / "matrix_bad_values.csv")
    text = str(info.value)
    assert "3 problème(s)" in text
    assert "ligne 3 : minutes '-3'" in text
    assert "ligne 4 : code commune vide" in text
    assert "ligne 5 : minutes 'abc'" in text


def test_missing_column_names_what_was_read():
    with pytest.raises(
        InputFileError, match="colonne\\(s\\) manquante\\(s\\) : origin, destination"
    ):
        read_matrix_file(FIXTURES / "matrix_missing_column.csv")


def test_codes_without_leading_zero_are_explained():
    table = read_matrix_file(FIXTURES / "matrix_unknown_codes.csv")
    with pytest.raises(UnreadableTravelFileError, match="03310, pas 3310"):
        times_from_table(table, CODES, 20.0)


def test_unsupported_and_unreadable_files(tmp_path):
    with pytest.raises(UnsupportedTravelFileError, match="CSV ou Parquet"):
        read_matrix_file(FIXTURES / "roads.geojson")
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"not parquet")
    with pytest.raises(UnreadableTravelFileError, match="illisible"):
        read_matrix_file(bad)

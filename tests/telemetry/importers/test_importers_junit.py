"""JUnit XML reports (pytest, Surefire, jest-junit) -> executions and errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from collections import Counter

import pytest

from engine.telemetry.importers.junit import read_junit
from engine.telemetry.ingest import ingest_records
from tests.support import factories


def _executions(events):
    return {e["operation"]: e for e in events if e["type"] == "execution"}


def test_pytest_report_maps_statuses_durations_and_failures(data_dir, read_all):
    events, errors = read_all(data_dir / "junit_pytest.xml", "junit")
    assert errors == []
    runs = _executions(events)
    assert {op: (e["status"], e["duration_ms"]) for op, e in runs.items()} == {
        "tests.test_api.test_login": ("success", 120),
        "tests.test_api.test_logout": ("failure", 15),
        "tests.test_db.test_migrate[sqlite]": ("failure", 2250),
        "tests.test_db.test_migrate[postgres]": ("skipped", 0),
        "tests.test_cli.test_help": ("success", 1132),
    }
    login = runs["tests.test_api.test_login"]
    assert (login["classname"], login["test_name"], login["hostname"], login["suite"]) == \
        ("tests.test_api", "test_login", "runner-12", "pytest")
    # A case ends at the suite's start plus the cases before it and its own time.
    assert login["ts"] == "2024-05-02T10:11:12.465678Z"
    assert runs["tests.test_api.test_logout"]["ts"] == "2024-05-02T10:11:12.480678Z"
    assert login["ts_source"] == "timestamp"
    assert runs["tests.test_db.test_migrate[postgres]"]["skip_message"] == "postgres not available"

    problems = {e["execution_id"]: e for e in events if e["type"] == "error"}
    logout = problems[runs["tests.test_api.test_logout"]["id"]]
    assert logout["message"] == ("AssertionError: assert 401 == 200\n"
                                 " +  where 401 = <Response [401]>.status_code")
    assert logout["kind"] == "failure" and "error_type" not in logout
    assert "tests/test_api.py:42: AssertionError" in logout["details"]
    setup = problems[runs["tests.test_db.test_migrate[sqlite]"]["id"]]
    assert (setup["kind"], setup["message"]) == \
        ("error", 'failed on setup with "sqlite3.OperationalError: database is locked"')


def test_surefire_report_naive_timestamp_separators_and_reruns(data_dir, read_all):
    events, errors = read_all(data_dir / "junit_surefire.xml", "junit")
    assert errors == []
    runs = _executions(events)
    prefix = "com.example.orders.OrderServiceTest."
    empty_cart = runs[prefix + "rejectsEmptyCart"]
    assert empty_cart["duration_ms"] == 1_200_500  # time="1,200.5"
    assert empty_cart["ts_source"] == "timestamp (naive, read as UTC)"
    assert runs[prefix + "createsOrder"]["ts"] == "2024-05-03T08:00:00.042000Z"
    assert runs[prefix + "retriesPayment"]["status"] == "success"
    assert runs[prefix + "retriesPayment"]["reruns"] == 1
    assert runs[prefix + "appliesDiscount"]["status"] == "skipped"
    (error,) = [e for e in events if e["type"] == "error"]
    assert (error["error_type"], error["message"]) == \
        ("java.net.ConnectException", "Connection refused (Connection refused)")


def test_jest_report_keeps_one_copy_of_the_repeated_classname(data_dir, read_all):
    events, errors = read_all(data_dir / "junit_jest.xml", "junit")
    assert errors == []
    runs = _executions(events)
    assert sorted(runs) == ["Cart adds an item", "Cart computes the total with tax",
                            "Checkout redirects to payment"]
    (error,) = [e for e in events if e["type"] == "error"]
    # No message attribute: the first line of the text is the message.
    assert error["message"] == "Error: expect(received).toBe(expected) // Object.is equality"
    assert runs["Checkout redirects to payment"]["ts"] == "2024-05-04T14:30:02.201000Z"


def test_nested_suites_inherit_timestamps_and_repeated_cases_get_distinct_ids(data_dir, read_all):
    warnings = []
    events, errors = read_all(data_dir / "junit_nested.xml", "junit",
                              warn=lambda where, message: warnings.append((where, message)))
    health = [e for e in events if e["operation"] == "api.health"]
    assert len({e["id"] for e in health}) == 2
    assert [e["ts"] for e in health] == ["2024-05-05T09:00:00.500000Z", "2024-05-05T09:00:00.750000Z"]
    home = next(e for e in events if e["operation"] == "renders home page")
    assert home["ts"] == "2024-05-05T09:00:02.000000Z"  # 11:00+02:00, plus its 2 s
    # A case without a name is kept and said so; one whose time is no number is rejected.
    assert [(r.location, r.error) for r in errors] == [
        ("junit_nested.xml:11 testsuite[1]/testsuite[2]/testcase[3] ui::bad time",
         "testcase time 'fast' is not a number of seconds")]
    assert warnings == [
        ("junit_nested.xml:10 testsuite[1]/testsuite[2]/testcase[2] ui",
         "testcase has no name attribute; stored as 'junit_nested.xml/testsuite[1]/testsuite[2]/testcase[2]'"),
    ]
    unnamed = next(e for e in events if e.get("name_missing"))
    assert unnamed["operation"] == "ui.junit_nested.xml/testsuite[1]/testsuite[2]/testcase[2]"


def test_malformed_xml_is_one_error_naming_line_and_column(data_dir, read_all):
    events, errors = read_all(data_dir / "junit_malformed.xml", "junit")
    assert events == []
    assert [(r.location, r.error, r.line) for r in errors] == \
        [("junit_malformed.xml:6:5", "malformed XML: mismatched tag", 6)]


def test_entity_expansion_is_refused_before_any_expansion(data_dir, read_all):
    events, errors = read_all(data_dir / "junit_bomb.xml", "junit")
    assert events == []
    assert errors[0].location == "junit_bomb.xml:2"
    assert "declares a DTD (<!DOCTYPE lolz>)" in errors[0].error


def test_external_entity_is_refused(tmp_path, read_all):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                    '<testsuite><testcase name="&x;"/></testsuite>\n')
    events, errors = read_all(path, "junit")
    assert events == [] and "DTD" in errors[0].error


def test_other_xml_is_not_a_report(tmp_path, read_all):
    path = tmp_path / "page.xml"
    path.write_text("<html>\n<body/></html>")
    events, errors = read_all(path, "junit")
    assert events == []
    assert errors[0].location == "page.xml:1"
    assert "root element is <html>" in errors[0].error


def test_missing_timestamp_falls_back_to_the_file_time_and_says_so(tmp_path, read_all):
    path = tmp_path / "report.xml"
    path.write_text('<testsuite name="s"><testcase classname="c" name="t" time="0.25"/></testsuite>')
    os.utime(path, (1714644000, 1714644000))  # 2024-05-02T10:00:00Z
    events, _ = read_all(path, "junit")
    assert events[0]["ts"] == "2024-05-02T10:00:00.250000Z"
    assert events[0]["ts_source"] == "file mtime"


def test_ids_follow_the_report_content_not_its_name(data_dir, tmp_path, read_all):
    copy = tmp_path / "renamed.xml"
    shutil.copyfile(data_dir / "junit_pytest.xml", copy)
    original, _ = read_all(data_dir / "junit_pytest.xml", "junit")
    renamed, _ = read_all(copy, "junit")
    assert [e["id"] for e in original] == [e["id"] for e in renamed]
    copy.write_text(copy.read_text().replace('time="0.120"', 'time="0.121"'))
    changed, _ = read_all(copy, "junit")
    assert not {e["id"] for e in changed} & {e["id"] for e in original}


def test_ingest_twice_stores_nothing_new(data_dir, memory_store):
    path = data_dir / "junit_surefire.xml"
    first = ingest_records(memory_store, read_junit(path), source="junit")
    again = ingest_records(memory_store, read_junit(path), source="junit")
    assert (first.stored, first.rejected) == (5, 0)
    assert (again.stored, again.duplicates) == (0, 5)
    statuses = dict(memory_store.execute("SELECT status, COUNT(*) FROM execution_logs GROUP BY status").fetchall())
    assert statuses == {"success": 2, "failure": 1, "skipped": 1}


def test_twenty_ci_runs_with_a_flaky_test_ingest_as_a_forty_percent_failure(tmp_path, memory_store):
    reports = factories.write_ci_junit_reports(tmp_path / "ci", runs=20, flaky_failures=8)
    totals = Counter()
    for path in reports.paths:
        summary = ingest_records(memory_store, read_junit(path), source="junit")
        totals.update(summary.stored_by_type)
        assert summary.rejected == 0
    assert totals["execution"] == 20 * reports.tests_per_run
    assert totals["error"] == reports.flaky_failures
    rows = memory_store.execute(
        "SELECT operation, COUNT(*), ROUND(AVG(status = 'failure'), 2) FROM execution_logs "
        "GROUP BY operation ORDER BY operation").fetchall()
    rates = {operation: (count, rate) for operation, count, rate in rows}
    assert rates.pop(reports.flaky_operation) == (20, 0.4)
    assert set(rates) == set(reports.stable_operations)
    assert all(rate == (20, 0.0) for rate in rates.values())
    linked = memory_store.execute("SELECT COUNT(DISTINCT e.execution_id) FROM error_events e "
                        "JOIN execution_logs x ON x.id = e.execution_id "
                        "WHERE x.operation = ?", [reports.flaky_operation]).fetchone()[0]
    assert linked == reports.flaky_failures


@pytest.mark.parametrize("time_attribute, expected", [('time="0.0004"', 0), ('time="0.0005"', 1),
                                                      ('time="2"', 2000), ("", 0)])
def test_time_attribute_to_milliseconds(tmp_path, read_all, time_attribute, expected):
    path = tmp_path / "t.xml"
    path.write_text(f'<testsuite timestamp="2024-01-01T00:00:00Z"><testcase name="t" {time_attribute}/></testsuite>')
    events, _ = read_all(path, "junit")
    assert events[0]["duration_ms"] == expected
    assert events[0].get("duration_unknown", False) is (time_attribute == "")


def test_locations_name_the_file_as_given_so_equal_names_stay_apart(tmp_path, monkeypatch):
    for run in ("run-1", "run-2"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "junit.xml").write_text("<testsuite><testcase/></testsuite>")
    monkeypatch.chdir(tmp_path)
    locations = [record.location for run in ("run-1", "run-2")
                 for record in read_junit(Path(run) / "junit.xml")]
    assert locations == ["run-1/junit.xml:1 testsuite[1]/testcase[1]",
                         "run-2/junit.xml:1 testsuite[1]/testcase[1]"]


@pytest.mark.parametrize("stamp, expected", [
    ("2021-03-07T10:36:56 UTC", "2021-03-07T10:36:57.000000Z"),                 # TestNG
    ("Sat, 03 Dec 2022 23:10:07 GMT", "2022-12-03T23:10:08.000000Z"),           # mocha
    ("2022-12-03T23:10:07.1234567+01:00", "2022-12-03T22:10:08.123456Z"),       # .NET, 7 digits
    ("2022-12-03T23:10:07+0100", "2022-12-03T22:10:08.000000Z"),                # compact offset
    ("Sun Mar 07 10:36:56 UTC 2021", "2021-03-07T10:36:57.000000Z"),            # Java Date
    ("2021/03/07 10:36:56", "2021-03-07T10:36:57.000000Z"),
    ("1670108407", "2022-12-03T23:00:08.000000Z"),                              # epoch seconds
    ("1670108407123", "2022-12-03T23:00:08.123000Z"),                           # epoch ms
])
def test_common_timestamp_formats_are_read(tmp_path, read_all, stamp, expected):
    path = tmp_path / "r.xml"
    path.write_text(f'<testsuite timestamp="{stamp}"><testcase classname="a" name="b" time="1"/></testsuite>')
    warnings = []
    events, errors = read_all(path, "junit", warn=lambda *w: warnings.append(w))
    assert errors == [] and warnings == []
    assert events[0]["ts"] == expected


@pytest.mark.parametrize("stamp, why", [
    ("Sun Mar 07 10:36:56 CET 2021", "names its zone only as 'CET', which is ambiguous"),
    ("soon", "is not a time format autopattern reads"),
])
def test_an_unreadable_timestamp_falls_back_with_a_warning(tmp_path, read_all, stamp, why):
    path = tmp_path / "r.xml"
    path.write_text(f'<testsuite timestamp="{stamp}"><testcase classname="a" name="b" time="1"/></testsuite>')
    warnings = []
    events, errors = read_all(path, "junit", warn=lambda *w: warnings.append(w))
    assert errors == [] and len(events) == 1
    ((where, message),) = warnings
    assert where == "r.xml:1 testsuite[1]" and why in message and "stored at the file mtime" in message
    assert events[0]["ts_source"] == f"file mtime (timestamp {stamp!r} unreadable)"


def test_a_timestamp_in_the_future_is_stored_as_written_with_a_warning(tmp_path, read_all):
    path = tmp_path / "r.xml"
    path.write_text('<testsuite timestamp="2058-01-01T00:00:00Z"><testcase classname="a" name="b" time="1"/></testsuite>')
    warnings = []
    events, _ = read_all(path, "junit", warn=lambda *w: warnings.append(w))
    assert events[0]["ts"] == "2058-01-01T00:00:01.000000Z"
    assert warnings == [("r.xml:1 testsuite[1]", "testsuite timestamp '2058-01-01T00:00:00Z' is in the future; "
                                                 "stored as written (rules see it only once their now passes it)")]


def test_the_commit_is_read_from_the_suite_properties(tmp_path, read_all):
    path = tmp_path / "r.xml"
    path.write_text('<testsuites><testsuite name="s"><properties><property name="GITHUB_SHA" value="abc123"/>'
                    '</properties><testsuite name="inner"><testcase classname="a" name="b"/></testsuite>'
                    '</testsuite></testsuites>')
    events, _ = read_all(path, "junit")
    assert events[0]["commit"] == "abc123"        # inherited by the nested suite's cases


@pytest.mark.parametrize("written, ms", [("0,123", 123), ("12,5", 12500), ("1,234.5", 1234500), ("0.25", 250)])
def test_decimal_commas_and_thousands_separators(tmp_path, read_all, written, ms):
    """A decimal-comma locale writes 0,123; Surefire groups thousands as 1,234.5."""
    path = tmp_path / "r.xml"
    path.write_text(f'<testsuite timestamp="2024-01-01T00:00:00Z"><testcase classname="a" name="b" time="{written}"/>'
                    '</testsuite>')
    events, errors = read_all(path, "junit")
    assert errors == [] and events[0]["duration_ms"] == ms

"""How run_all.py recognises a benchmark script."""

from bench.run_all import benchmarks, defines_entry_point

BENCHMARK = """
def main():
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
"""


def test_benchmarks_are_scripts_running_main(tmp_path):
    (tmp_path / "directory_search.py").write_text(BENCHMARK)
    (tmp_path / "notes.py").write_text("print('pas un benchmark')\n")
    (tmp_path / "main_only.py").write_text("def main():\n    return 0\n")
    (tmp_path / "_lib.py").write_text(BENCHMARK)
    (tmp_path / "soak.py").write_text(BENCHMARK)
    (tmp_path / "run_all.py").write_text(BENCHMARK)
    (tmp_path / "broken.py").write_text("def main(:\n")

    found, skipped = benchmarks(tmp_path)
    assert [name for name, _path in found] == ["directory_search"]
    assert sorted(name for name, _reason in skipped) == ["broken", "main_only", "notes"]


def test_the_project_benchmarks_follow_the_convention():
    found, skipped = benchmarks()
    assert "http_load" in [name for name, _path in found]
    assert skipped == []


def test_defines_entry_point(tmp_path):
    script = tmp_path / "x.py"
    script.write_text(BENCHMARK)
    assert defines_entry_point(script)
